import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class CreateCandidateDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: '2027 修订草案：四星门槛 85', description: '草案名称 / A name for the draft' })
  @IsOptional() @IsString() @Length(1, 200)
  name?: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    minProperties: 1,
    description:
      '与生效规则不同的规则文件（文件名 → 内容，至少一个；文件名如 base.json，字母、数字、_、-，至多 64 个字符加 .json），叠加在生效的 rules/ 之上，并与磁盘上的文件经过同样的安全校验。/ The rule files that differ from the rules in force (file name → content, at least one; names like base.json: letters, digits, _ and -, at most 64, then .json), laid over rules/ and validated exactly like files on disk.',
  })
  @IsObject()
  files: Record<string, unknown>;
}

export class CandidateIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  candidateId: string;
}

export class ImpactJobIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  jobId: string;
}

export class DiffQuery {
  @ApiPropertyOptional({ enum: ['zh', 'en'], description: '只要一种语言的文字 / Only one language in `text`' })
  @IsOptional() @IsIn(['zh', 'en'])
  lang?: 'zh' | 'en';
}
