import { Injectable } from '@nestjs/common';
import type { EvaluationResult } from '../core/index.js';
import { StandardService } from '../rulesets/standard.service.js';

/**
 * Runs the core's evaluator on the standard in force. The result carries the hash of the ruleset that produced it
 * (stored as a snapshot before the standard was put in force), which is the hash an evaluation row records.
 */
@Injectable()
export class EvaluationRunner {
  constructor(private readonly standard: StandardService) {}

  evaluate(category: string, facts: unknown): Promise<EvaluationResult> {
    return this.standard.current.evaluator.evaluate(category, facts);
  }
}
