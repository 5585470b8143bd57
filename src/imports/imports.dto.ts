import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { ref } from '../docs/schemas.js';
import type { ImportReport } from '../spreadsheets/spreadsheets.service.js';

export class TransferJobIdParam {
  @ApiProperty({ format: 'uuid', description: '任务 id / Job id' })
  @IsUUID()
  jobId: string;
}

/** How far a job is. */
export class TransferProgress {
  @ApiProperty({ type: 'integer', minimum: 0 }) done: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) total: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 }) percent: number;
}

/** An import job: its progress, and once done the report the synchronous import gives. */
export class ImportJobDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) status: string;
  @ApiProperty({ type: TransferProgress, description: '已保存的行 / Rows stored so far, of the rows without errors' }) progress: TransferProgress;
  @ApiProperty({ description: '是否保存无错的行并报告其余 / Whether rows without errors are stored and the rest reported' }) acceptValid: boolean;
  @ApiProperty() createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
  @ApiProperty({ allOf: [ref('ImportReport')], nullable: true, description: '完成后：已保存的提交与错误（工作表、行、列）/ Once done: stored submissions and errors by sheet, row and column' })
  report: ImportReport | null;
  @ApiProperty({ allOf: [ref('ErrorBody')], nullable: true, description: '失败原因（与错误正文同形；文件有错误且未 acceptValid 时为 422 spreadsheetInvalid，details 给出工作表、行、列）/ Why it failed (an error body; a file with errors without acceptValid gives 422 spreadsheetInvalid with sheet, row and column in details)' })
  error: unknown;
}
