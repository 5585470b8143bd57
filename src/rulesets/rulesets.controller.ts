import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.decorators.js';
import { CategoryParam, HashParam } from './rulesets.dto.js';
import { RulesetsService } from './rulesets.service.js';

@ApiTags('rulesets')
@Controller('rulesets')
export class RulesetsController {
  constructor(private readonly rulesets: RulesetsService) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: '生效的规则集（版本与哈希）/ Rulesets in force, with version and hash' })
  list() {
    return this.rulesets.list();
  }

  @Get('snapshots/:hash')
  @RequireRole('viewer')
  @ApiOperation({ summary: '按哈希取已存储的规则集快照 / A stored ruleset snapshot by hash', description: '快照包含规则、事实字典和指标树，可据此精确复现评价。/ The snapshot holds the rules, the fact dictionary and the indicator tree: enough to reproduce an evaluation exactly.' })
  @ApiNotFoundResponse({ description: '无此快照 / No such snapshot' })
  snapshot(@Param() p: HashParam) {
    return this.rulesets.snapshot(p.hash);
  }

  @Get(':category')
  @RequireRole('viewer')
  @ApiOperation({ summary: '某类别的完整规则集 / One category\'s ruleset in full' })
  one(@Param() p: CategoryParam) {
    return this.rulesets.one(p.category);
  }

  @Post('reload')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({ summary: '重新读取规则与准则文件 / Re-read the rules and criteria files', description: '文件无效时返回 500 rulesetInvalid，原规则继续生效（问题写入服务日志）。只影响收到请求的实例。/ When the files are invalid: 500 rulesetInvalid and the rules in force stay (the issues go to the server log). Affects the instance that receives it only.' })
  @ApiOkResponse({ description: '新的生效规则集 / The rulesets now in force' })
  reload() {
    return this.rulesets.reload();
  }
}
