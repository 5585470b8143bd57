import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.decorators.js';
import { ApiError } from '../common/api-error.js';
import { PageRole } from '../pages/page-auth.guard.js';
import { dashboardPage } from './dashboard.page.js';
import { DashboardService } from './dashboard.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @PageRole('viewer')
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiOperation({
    summary: '标准委员会看板（HTML）/ The committee dashboard (HTML)',
    description: '?lang=en 为英文；?candidate={草案 id} 与规则草案并排（取其最近一次影响分析）。/ ?lang=en for English; ?candidate={draft id} side by side with a draft (its latest impact run).',
  })
  async page(@Query('lang') lang?: string, @Query('candidate') candidate?: string) {
    if (candidate !== undefined && !UUID.test(candidate)) {
      throw ApiError.badRequest('validationFailed', { zh: '参数无效', en: 'Invalid parameter' }, [{ field: 'candidate', message: { zh: '应为草案 id（UUID）', en: 'should be a draft id (UUID)' } }]);
    }
    return dashboardPage(await this.dashboard.data(candidate), lang === 'en' ? 'en' : 'zh');
  }

  @Get('calibration')
  @RequireRole('viewer')
  @ApiOperation({ summary: '看板数据：现行规则集下各类别的等级分布与维度平均分 / Dashboard data: grade distribution and mean dimension scores per category under the active rulesets' })
  @ApiOkResponse({ description: 'active 与 calibrate() 的返回形状相同 / `active` has the shape calibrate() returns' })
  calibration() {
    return this.dashboard.data();
  }
}
