import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module.js';
import { DashboardController } from './dashboard.controller.js';
import { DashboardService } from './dashboard.service.js';

/** The committee dashboard page and its data. */
@Module({ imports: [CandidatesModule], controllers: [DashboardController], providers: [DashboardService] })
export class DashboardModule {}
