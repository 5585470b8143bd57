import { Module } from '@nestjs/common';
import { EvaluationRunner } from './evaluation-runner.js';
import { EvaluationsController } from './evaluations.controller.js';
import { EvaluationsService } from './evaluations.service.js';
import { ReevaluationService } from './reevaluation.service.js';

@Module({ controllers: [EvaluationsController], providers: [EvaluationsService, EvaluationRunner, ReevaluationService], exports: [EvaluationsService, ReevaluationService] })
export class EvaluationsModule {}
