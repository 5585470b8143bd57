import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { CATEGORY_IDS } from '../core/index.js';

export class CategoryParam {
  @ApiProperty({ enum: CATEGORY_IDS, description: '机构类别 / Agency category' })
  @IsIn([...CATEGORY_IDS], { message: 'category must be one of comprehensive, professional, platform, other' })
  category: string;
}

export class HashParam {
  @ApiProperty({ description: '规则集内容哈希（sha256 十六进制）/ Ruleset content hash (sha256 hex)' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'hash must be 64 lowercase hex characters' })
  hash: string;
}
