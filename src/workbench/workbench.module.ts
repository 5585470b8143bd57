import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module.js';
import { WorkbenchController } from './workbench.controller.js';
import { WorkbenchService } from './workbench.service.js';

/** The committee's workbench: a draft edited in the browser with its validation, diff and live impact. */
@Module({ imports: [CandidatesModule], controllers: [WorkbenchController], providers: [WorkbenchService] })
export class WorkbenchModule {}
