import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { ENGINES, type EngineName, type EvaluationResult } from '../core/index.js';
import type { ErrorBody } from '../common/api-error.js';
import { KeysetPageQuery } from '../common/pagination.js';
import { PERIOD } from '../submissions/submissions.dto.js';
import { ref } from '../docs/schemas.js';
import type { Evaluation } from './evaluation.entity.js';

const SHA256 = '^[0-9a-f]{64}$';

export class EvaluateSubmissionDto {
  @ApiProperty({ format: 'uuid', description: '要评价的事实提交 / The submission to evaluate' })
  @IsUUID()
  submissionId: string;
}

export class EvaluateQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: '为 true 时在答复中附完整结果（默认只答摘要，完整结果见 GET /evaluations/{id}）/ true: answer with the full result too (by default a summary; the full result is at GET /evaluations/{id})' })
  @IsOptional() @IsIn(['true', 'false'])
  full?: 'true' | 'false';
}

export class PreviewDto {
  @ApiProperty({ minLength: 1, maxLength: 64, description: '机构类别（取自 criteria/classification.json）/ Agency category (from criteria/classification.json)' })
  @IsString() @Length(1, 64)
  category: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: '事实，键为事实字典 id / Facts keyed by fact-dictionary id' })
  @IsObject()
  facts: Record<string, unknown>;
}

export class PreviewEditionsDto extends PreviewDto {
  @ApiProperty({ pattern: PERIOD.source, example: '2027-H1', description: '评价期：取该期开始时生效的各版次 / Period: every edition in force when it began' })
  @Matches(PERIOD, { message: 'period must look like 2024, 2024-H1, 2024-Q3 or 2024-06' })
  period: string;
}

export class BatchDto {
  @ApiProperty({ type: [EvaluateSubmissionDto], minItems: 1, maxItems: 5000, description: '每项一个提交；数量上限见 BATCH_MAX_ITEMS（默认 500，超出为 400 batchTooLarge）/ One submission per item; at most BATCH_MAX_ITEMS (default 500; more is 400 batchTooLarge)' })
  // IsObject each: an item that is itself an array would otherwise be validated element by element and pass.
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5000) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => EvaluateSubmissionDto)
  items: EvaluateSubmissionDto[];
}

export class EvaluationIdParam {
  @ApiProperty({ format: 'uuid', description: '评价 id / Evaluation id' })
  @IsUUID()
  evaluationId: string;
}

export class ReproduceQuery {
  @ApiPropertyOptional({ enum: ENGINES, description: '复现所用引擎（默认：评价时所用的引擎）/ The engine to re-run on (default: the one the evaluation was stored with)' })
  @IsOptional() @IsIn(ENGINES)
  engine?: EngineName;
}

class ScoreAndGrade {
  @ApiProperty() total: number;
  @ApiProperty() grade: string;
}

/** The answer of GET /evaluations/{id}/reproduce. */
export class ReproduceView {
  @ApiProperty({ format: 'uuid' }) evaluationId: string;
  @ApiProperty({ description: '存储的规则集快照哈希 / The stored ruleset snapshot hash' }) rulesetHash: string;
  @ApiProperty({ description: '复现时快照的哈希（与存储的相同，除非快照被改动）/ The snapshot hash recomputed (equal unless the snapshot changed)' }) reproducedHash: string;
  @ApiProperty() factsHash: string;
  @ApiProperty({ enum: ENGINES, description: '评价时所用的引擎 / The engine the evaluation was stored with' }) storedEngine: EngineName;
  @ApiProperty({ enum: ENGINES, description: '本次复现所用的引擎 / The engine this re-run used' }) engine: EngineName;
  @ApiProperty({ description: '输出是否逐项完全一致 / Whether the output is identical, field by field' }) identical: boolean;
  @ApiProperty({ type: [String], description: '不一致的结果字段 / The result fields that differ' }) differences: string[];
  @ApiProperty({ type: ScoreAndGrade }) stored: ScoreAndGrade;
  @ApiProperty({ type: ScoreAndGrade }) reproduced: ScoreAndGrade;
}

export class ReevaluationJobIdParam {
  @ApiProperty({ format: 'uuid', description: '重新评价任务 id / Re-evaluation job id' })
  @IsUUID()
  jobId: string;
}

class ReevaluationFailure {
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  @ApiProperty({ format: 'uuid' }) submissionId: string;
  @ApiProperty({ description: '错误代码 / Error code' }) code: string;
  @ApiProperty() message: string;
}

class ReevaluationReportDto {
  @ApiProperty({ description: '有提交的机构数（各按最新提交重新评价）/ Agencies with a submission (each re-evaluated on its latest)' }) agencies: number;
  @ApiProperty({ description: '新保存的评价 / New evaluations stored' }) stored: number;
  @ApiProperty({ description: '已按该规则集评价过、未保存 / Already evaluated under that ruleset: nothing stored' }) unchanged: number;
  @ApiProperty({ type: [ReevaluationFailure], description: '无法评价的机构（前 100 个）/ Agencies that could not be evaluated (first 100)' }) failed: ReevaluationFailure[];
  @ApiProperty() failedTotal: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: '各类别现行规则集哈希 / Each category\'s ruleset hash in force' }) hashes: Record<string, string>;
  @ApiProperty() ms: number;
}

class JobProgress {
  @ApiProperty() done: number;
  @ApiProperty() total: number;
  @ApiProperty() percent: number;
}

/** A re-evaluation job: its progress, and its report once done. */
export class ReevaluationJobDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) status: string;
  @ApiProperty({ type: JobProgress }) progress: JobProgress;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt: string | null;
  @ApiProperty({ type: ReevaluationReportDto, nullable: true }) report: ReevaluationReportDto | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: '失败原因（与错误正文同形）/ Why it failed (same shape as error bodies)' }) error: unknown;
}

export class ListEvaluationsQuery extends KeysetPageQuery {
  @ApiPropertyOptional({ pattern: PERIOD.source, description: '评价期 / Period' })
  @IsOptional() @Matches(PERIOD)
  period?: string;
}

export class RulesetRef {
  @ApiProperty() id: string;
  @ApiProperty() version: string;
  @ApiProperty({ pattern: SHA256, description: '规则集内容哈希，可在 GET /rulesets/snapshots/{hash} 取回 / Content hash; fetch it at GET /rulesets/snapshots/{hash}' }) hash: string;
}

/** An evaluation without its full result (lists, batch). */
export class EvaluationSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) submissionId: string;
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  @ApiProperty({ pattern: PERIOD.source }) period: string;
  @ApiProperty() category: string;
  @ApiProperty({ description: '总分 / Total' }) total: number;
  @ApiProperty({ description: '等级 id / Grade id' }) grade: string;
  @ApiProperty() passing: boolean;
  @ApiProperty({ description: '是否满足参评条件 / Meets the prerequisites' }) eligible: boolean;
  @ApiProperty({ description: '是否被一票否决 / Vetoed' }) vetoed: boolean;
  @ApiProperty({ type: RulesetRef }) ruleset: RulesetRef;
  @ApiProperty({ pattern: SHA256, description: '所评事实的 sha256 / sha256 of the facts evaluated' }) factsHash: string;
  @ApiProperty() evaluatedBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ enum: ENGINES, description: '判定规则的引擎：compiled（编译规则）或 jre（json-rules-engine）/ The engine that decided the rules: compiled, or jre (json-rules-engine)' })
  engine: EngineName;

  static of(e: Omit<Evaluation, 'result'>): EvaluationSummary {
    return {
      id: e.id,
      submissionId: e.submissionId,
      agencyId: e.agencyId,
      period: e.period,
      category: e.category,
      total: e.total,
      grade: e.grade,
      passing: e.passing,
      eligible: e.eligible,
      vetoed: e.vetoed,
      ruleset: { id: e.rulesetId, version: e.rulesetVersion, hash: e.rulesetHash },
      factsHash: e.factsHash,
      evaluatedBy: e.evaluatedBy,
      createdAt: e.createdAt,
      engine: e.engine as EngineName,
    };
  }
}

/** A stored evaluation with the full result a report needs. */
export class EvaluationView extends EvaluationSummary {
  @ApiProperty({ allOf: [ref('EvaluationResult')], description: '核心给出的完整结果（维度、指标、依据、缺失材料）/ The core\'s full result: dimensions, indicators, reasons, missing evidence' })
  result: EvaluationResult;

  /** The view of a row with its full result (the row stores the compact one: see StoredResults). */
  static full(e: Evaluation, result: EvaluationResult): EvaluationView {
    return { ...EvaluationSummary.of(e), result };
  }
}

/** POST /evaluations: the summary, with the full result when asked for (?full=true). */
export class EvaluationAnswer extends EvaluationSummary {
  @ApiPropertyOptional({ allOf: [ref('EvaluationResult')], description: '仅 ?full=true 时 / Only with ?full=true' })
  result?: EvaluationResult;
}

export class EvaluationPage {
  @ApiProperty({ type: [EvaluationSummary] }) items: EvaluationSummary[];
  @ApiProperty({ type: 'integer', minimum: 1 }) page: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) pageSize: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) total: number;
  @ApiProperty({ type: 'string', nullable: true, description: '下一页的游标（传给 after），没有下一页时为 null / The next page\'s cursor (pass it as after); null after the last page' })
  next: string | null;
}

export class BatchItemResult {
  @ApiProperty({ type: 'integer', minimum: 0 }) index: number;
  @ApiProperty({ format: 'uuid' }) submissionId: string;
  @ApiProperty({ type: 'integer', description: '该项的 HTTP 状态 / The item\'s HTTP status' }) status: number;
  @ApiPropertyOptional({ type: EvaluationSummary }) evaluation?: EvaluationSummary;
  @ApiPropertyOptional({ allOf: [ref('ErrorBody')], description: '该项的错误（与错误正文同形）/ The item\'s error (same shape as error bodies)' }) error?: ErrorBody;
}

export class BatchResult {
  @ApiProperty({ type: 'integer', minimum: 0 }) succeeded: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) failed: number;
  @ApiProperty({ type: [BatchItemResult] }) items: BatchItemResult[];
}
