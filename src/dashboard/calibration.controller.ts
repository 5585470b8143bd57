import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.decorators.js';
import { ApiSuccess } from '../docs/api-errors.js';
import { DashboardService } from './dashboard.service.js';

@ApiTags('committee')
@Controller()
export class CalibrationController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('calibration')
  @RequireRole('viewer')
  @ApiOperation({
    summary: '校准数据：生效规则下各类别的等级分布与维度平均分 / Calibration data under the rules in force',
    description: '以每个机构在现行规则集下的最新评价（其摘要，SQL 汇总）计算。/ Computed in SQL from the summary of each agency\'s latest evaluation under the rules in force.',
  })
  @ApiSuccess(200, 'CalibrationView')
  async activeCalibration() {
    return { active: await this.dashboard.activeCalibration() };
  }
}
