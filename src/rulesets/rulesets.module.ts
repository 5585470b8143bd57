import { Global, Module } from '@nestjs/common';
import { RulesetSnapshotsService } from './ruleset-snapshots.service.js';
import { RulesetsController } from './rulesets.controller.js';
import { RulesWatcher } from './rules-watcher.js';
import { RulesetsService } from './rulesets.service.js';
import { StandardService } from './standard.service.js';

/** The standard in force (loaded through the core), its snapshots, and the rulesets endpoints. */
@Global()
@Module({
  controllers: [RulesetsController],
  providers: [StandardService, RulesetSnapshotsService, RulesetsService, RulesWatcher],
  exports: [StandardService, RulesetSnapshotsService],
})
export class RulesetsModule {}
