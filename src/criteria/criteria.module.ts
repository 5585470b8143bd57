import { Module } from '@nestjs/common';
import { CriteriaController } from './criteria.controller.js';

/** Read-only endpoints on the criteria: indicator tree, fact dictionary, classification. */
@Module({ controllers: [CriteriaController] })
export class CriteriaModule {}
