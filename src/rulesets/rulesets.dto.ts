import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class CategoryParam {
  @ApiProperty({ pattern: '^[a-z][A-Za-z0-9]{0,63}$', description: '机构类别（取自 criteria/classification.json）/ Agency category (from criteria/classification.json)' })
  @Matches(/^[a-z][A-Za-z0-9]{0,63}$/, { message: 'category must be a category id from criteria/classification.json' })
  category: string;
}

export class HashParam {
  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: '规则集内容哈希（sha256 十六进制）/ Ruleset content hash (sha256 hex)' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'hash must be 64 lowercase hex characters' })
  hash: string;
}
