import { Global, Module } from '@nestjs/common';
import { InstancesService } from '../instances/instances.service.js';
import { RulesetSnapshotsService } from './ruleset-snapshots.service.js';
import { RulesetsController } from './rulesets.controller.js';
import { RulesWatcher } from './rules-watcher.js';
import { RulesetsService } from './rulesets.service.js';
import { StandardService } from './standard.service.js';

/** The standard in force (loaded through the core), its snapshots, the rulesets endpoints, and reloads across instances. */
@Global()
@Module({
  controllers: [RulesetsController],
  providers: [StandardService, RulesetSnapshotsService, RulesetsService, RulesWatcher, InstancesService],
  exports: [StandardService, RulesetSnapshotsService],
})
export class RulesetsModule {}
