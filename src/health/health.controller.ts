import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiSuccess } from '../docs/api-errors.js';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @ApiOperation({ summary: '存活检查（无需密钥）/ Liveness (no key needed)' })
  @ApiSuccess(200, 'Liveness')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: '就绪检查：数据库与已加载的规则集（无需密钥）/ Readiness: database and loaded rulesets (no key needed)' })
  @ApiSuccess(200, 'Readiness', '就绪 / Ready')
  @ApiSuccess(503, 'Readiness', '未就绪，正文说明原因 / Not ready; the body says why')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.health.readiness();
    void reply.status(report.ready ? 200 : 503);
    return report;
  }
}
