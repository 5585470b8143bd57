import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { EvaluationsModule } from '../evaluations/evaluations.module.js';
import { SubmissionsModule } from '../submissions/submissions.module.js';
import { RegistryController } from './registry.controller.js';
import { RegistryService } from './registry.service.js';

/** The assessors' pages: home, agency index, registration, agency page and facts form, on the API's services. */
@Module({ imports: [AgenciesModule, SubmissionsModule, EvaluationsModule], controllers: [RegistryController], providers: [RegistryService] })
export class RegistryModule {}
