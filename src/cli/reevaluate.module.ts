import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { ReevaluationService } from '../evaluations/reevaluation.service.js';
import { RulesetSnapshotsService } from '../rulesets/ruleset-snapshots.service.js';
import { StandardService } from '../rulesets/standard.service.js';

/**
 * What `sme-eval reevaluate` starts: the database, the standard in force and the re-evaluation, nothing else (no
 * HTTP, no job system: a CLI process must not take part in the server's jobs, and on SQLite it must not requeue
 * them as if it owned the file).
 */
@Module({})
export class ReevaluateCliModule {
  static forConfig(config: AppConfig): DynamicModule {
    return { module: ReevaluateCliModule, imports: [ConfigModule.forRoot(config), DatabaseModule], providers: [StandardService, RulesetSnapshotsService, ReevaluationService] };
  }
}
