import { Global, Module } from '@nestjs/common';
import { JobsService } from './jobs.service.js';

/** The one job system (see {@link JobsService}), available to every module. */
@Global()
@Module({ providers: [JobsService], exports: [JobsService] })
export class JobsModule {}
