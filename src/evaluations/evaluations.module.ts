import { Module } from '@nestjs/common';
import { EvaluationRunner } from './evaluation-runner.js';
import { EvaluationsController } from './evaluations.controller.js';
import { EvaluationsService } from './evaluations.service.js';

@Module({ controllers: [EvaluationsController], providers: [EvaluationsService, EvaluationRunner], exports: [EvaluationsService] })
export class EvaluationsModule {}
