import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller.js';
import { PeersService } from './peers.service.js';
import { ReportService } from './report.service.js';

/** The evaluation report page and the improvement advice. */
@Module({ controllers: [ReportsController], providers: [ReportService, PeersService] })
export class ReportsModule {}
