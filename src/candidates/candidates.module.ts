import { Module } from '@nestjs/common';
import { CandidatesController } from './candidates.controller.js';
import { CandidatesService } from './candidates.service.js';
import { ImpactJobsService } from './impact-jobs.service.js';
import { ImpactOutcomesStore } from './impact-outcomes.store.js';

/** The committee's drafts: upload, diff against the rules in force, impact runs. */
@Module({
  controllers: [CandidatesController],
  providers: [CandidatesService, ImpactJobsService, ImpactOutcomesStore],
  exports: [CandidatesService, ImpactJobsService],
})
export class CandidatesModule {}
