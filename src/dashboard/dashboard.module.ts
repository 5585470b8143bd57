import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module.js';
import { CalibrationController } from './calibration.controller.js';
import { DashboardController } from './dashboard.controller.js';
import { DashboardService } from './dashboard.service.js';

/** The committee dashboard page and its data, and the calibration under the rules in force. */
@Module({ imports: [CandidatesModule], controllers: [DashboardController, CalibrationController], providers: [DashboardService] })
export class DashboardModule {}
