import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller.js';
import { DashboardService } from './dashboard.service.js';

/** The committee dashboard page and its data. */
@Module({ controllers: [DashboardController], providers: [DashboardService] })
export class DashboardModule {}
