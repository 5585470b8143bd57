import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ref } from '../docs/schemas.js';
import { TransferProgress } from '../imports/imports.dto.js';
import { PERIOD } from '../submissions/submissions.dto.js';
import type { ExportFilter } from '../spreadsheets/evaluation-exports.service.js';

const CATEGORY = /^[a-z][A-Za-z0-9]{0,63}$/;

/** POST /exports: the format and the same filters as GET /spreadsheets/evaluations.csv|.xlsx. */
export class CreateExportDto {
  @ApiProperty({ enum: ['csv', 'xlsx'], description: 'csv：每行一次评价；xlsx：另含指标明细与可再导入的事实表 / csv: a row per evaluation; xlsx: also the indicator breakdown and re-importable fact sheets' })
  @IsIn(['csv', 'xlsx'])
  format: 'csv' | 'xlsx';

  @ApiPropertyOptional({ pattern: CATEGORY.source, description: '类别 / Category' })
  @IsOptional() @Matches(CATEGORY)
  category?: string;

  @ApiPropertyOptional({ pattern: PERIOD.source, description: '评价期 / Period' })
  @IsOptional() @Matches(PERIOD)
  period?: string;
}

class ExportFilters {
  @ApiPropertyOptional() category?: string;
  @ApiPropertyOptional() period?: string;
}

class ExportResultDto {
  @ApiProperty({ enum: ['csv', 'xlsx'] }) format: string;
  @ApiProperty({ example: 'evaluations.xlsx' }) filename: string;
  @ApiProperty() contentType: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) bytes: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: '导出的评价数 / Evaluations exported' }) evaluations: number;
  @ApiProperty({ format: 'date-time', description: '文件删除时间（JOB_FILE_TTL）/ When the file is deleted (JOB_FILE_TTL)' }) expiresAt: string;
}

/** An export job: its progress, and once done where its file is. */
export class ExportJobDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) status: string;
  @ApiProperty({ type: TransferProgress, description: '已写出的评价（xlsx 每次评价写三遍）/ Evaluations written (the xlsx writes each three times)' }) progress: TransferProgress;
  @ApiProperty({ enum: ['csv', 'xlsx'] }) format: string;
  @ApiProperty({ type: ExportFilters }) filters: ExportFilter;
  @ApiProperty() createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
  @ApiProperty({ type: ExportResultDto, nullable: true, description: '完成后：文件在 GET /export-jobs/{id}/file / Once done: the file is at GET /export-jobs/{id}/file' })
  result: ExportResultDto | null;
  @ApiProperty({ allOf: [ref('ErrorBody')], nullable: true, description: '失败原因（与错误正文同形）/ Why it failed (an error body)' }) error: unknown;
}
