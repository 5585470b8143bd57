import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiSuccess } from '../docs/api-errors.js';
import { RequireRole } from '../auth/auth.decorators.js';
import { ApiError } from '../common/api-error.js';
import { PageRole } from '../pages/page-auth.guard.js';
import { PERIOD } from '../submissions/submissions.dto.js';
import { dashboardPage } from './dashboard.page.js';
import { DashboardService, type DashboardFilters } from './dashboard.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const invalid = (field: string, zh: string, en: string) =>
  ApiError.badRequest('validationFailed', { zh: '参数无效', en: 'Invalid parameter' }, [{ field, message: { zh, en } }]);

/** The page's query: a draft id, a period and a region prefix (empty inputs are absent). */
function filtersOf(period: string | undefined, region: string | undefined): DashboardFilters {
  const p = period?.trim() || undefined;
  const r = region?.trim() || undefined;
  if (p !== undefined && !PERIOD.test(p)) throw invalid('period', '评价期应如 2024、2024-H1、2024-Q3 或 2024-06', 'period should look like 2024, 2024-H1, 2024-Q3 or 2024-06');
  if (r !== undefined && r.length > 100) throw invalid('region', '地区至多 100 个字符', 'region is at most 100 characters');
  return { period: p, region: r };
}

@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @PageRole('viewer')
  @Header('content-type', 'text/html; charset=utf-8')
  // The committee dashboard (HTML): ?lang=en for English; ?candidate={draft id} side by side with a draft (its
  // latest impact run). A page for browsers, not part of the API document; its data is GET /dashboard/calibration.
  @ApiExcludeEndpoint()
  async page(@Query('lang') lang?: string, @Query('candidate') candidate?: string, @Query('period') period?: string, @Query('region') region?: string) {
    if (candidate !== undefined && !UUID.test(candidate)) throw invalid('candidate', '应为草案 id（UUID）', 'should be a draft id (UUID)');
    return dashboardPage(await this.dashboard.data(candidate, filtersOf(period, region)), lang === 'en' ? 'en' : 'zh');
  }

  @Get('calibration')
  @RequireRole('viewer')
  @ApiQuery({ name: 'period', required: false, schema: { type: 'string', pattern: PERIOD.source }, description: '评价期（如 2024）/ Period (e.g. 2024)' })
  @ApiQuery({ name: 'region', required: false, schema: { type: 'string', maxLength: 100 }, description: '地区前缀 / Region prefix' })
  @ApiOperation({ summary: '看板数据：现行规则集下各类别的等级分布、维度平均分、指标分布与临界机构 / Dashboard data: grade distribution, mean top-level scores, indicator spread and agencies near a boundary per category under the active rulesets' })
  @ApiSuccess(200, 'DashboardData')
  @ApiErrors(400)
  calibration(@Query('period') period?: string, @Query('region') region?: string) {
    return this.dashboard.data(undefined, filtersOf(period, region));
  }
}
