import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiSuccess } from '../docs/api-errors.js';
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
  @ApiSuccess(200, 'RulesetList')
  list() {
    return this.rulesets.list();
  }

  @Get('status')
  @RequireRole('viewer')
  @ApiOperation({
    summary: '各版次生效的规则集与最近一次加载的结果 / Rulesets in force in every edition, and the last load attempt',
    description: '最近一次加载（启动、管理员重新加载或文件变更）失败时，lastAttempt 给出原因与每处错误；生效的规则集不变。/ When the last load (start-up, admin reload or file change) failed, lastAttempt gives the reason and every issue; the rulesets in force are unchanged.',
  })
  @ApiSuccess(200, 'RulesetStatus')
  status() {
    return this.rulesets.status();
  }

  @Get('snapshots/:hash')
  @RequireRole('viewer')
  @ApiOperation({ summary: '按哈希取已存储的规则集快照 / A stored ruleset snapshot by hash', description: '快照包含规则、事实字典和指标树，可据此精确复现评价。/ The snapshot holds the rules, the fact dictionary and the indicator tree: enough to reproduce an evaluation exactly.' })
  @ApiSuccess(200, 'RulesetSnapshotView')
  @ApiErrors(400, [404, '无此快照 / No such snapshot'])
  snapshot(@Param() p: HashParam) {
    return this.rulesets.snapshot(p.hash);
  }

  @Get(':category')
  @RequireRole('viewer')
  @ApiOperation({
    summary: '某类别的完整规则集 / One category\'s ruleset in full',
    description: '每条规则、参评条件、否决项、加分项与等级都注明依据 basis：standard（标准条文，clause 为条款）或 committee（委员会设定，rationale 为理由）；provenance 汇总两者，列出委员会设定的各项及理由。/ Every rule, prerequisite, veto, bonus item and grade band states its basis: standard (the standard says it; clause is where) or committee (the committee set it; rationale says why). provenance counts the standard\'s and lists the committee\'s, with their reasons.',
  })
  @ApiSuccess(200, 'RulesetInFull')
  @ApiErrors([400, '未知类别 / Unknown category'])
  one(@Param() p: CategoryParam) {
    return this.rulesets.one(p.category);
  }

  @Post('reload')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({ summary: '重新读取规则与准则文件 / Re-read the rules and criteria files', description: '新规则先校验、编译并运行委员会的规则测试，全部通过才生效；否则返回 422（rulesetInvalid 或 ruleTestsFailed，附每处错误），原规则继续生效。文件变更时也会自动重新加载。其他实例在 2 秒内各自重新加载（GET /rulesets/status 列出每个实例所用的哈希）。/ The new rules are validated, compiled and their rule tests run first, and put in force only when all pass; otherwise 422 (rulesetInvalid or ruleTestsFailed, with every issue) and the rules in force stay. A file change reloads too. Every other instance reloads its own copy of the files within 2 s (GET /rulesets/status lists the hash each serves).' })
  @ApiSuccess(200, 'RulesetStatus', '新的生效规则集 / The rulesets now in force')
  @ApiErrors([422, '规则无效或规则测试未通过，原规则继续生效 / The rules are invalid or their tests fail; the rules in force stay'])
  reload() {
    return this.rulesets.reload();
  }
}
