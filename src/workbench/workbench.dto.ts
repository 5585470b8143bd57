import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length } from 'class-validator';

export class DraftFilesDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      '草案的规则文件（文件名 → 文本；文件名如 base.json：字母、数字、_、-，至多 64 个字符加 .json），只需与生效规则不同的文件 / The draft\'s rule files (name → text; names like base.json: letters, digits, _ and -, at most 64, then .json); only those that differ from the rules in force are needed',
  })
  @IsObject()
  files: Record<string, string>;
}

export class SaveDraftDto extends DraftFilesDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: '2027 修订草案', description: '草案名称 / A name for the draft' })
  @IsOptional() @IsString() @Length(1, 200)
  name?: string;
}
