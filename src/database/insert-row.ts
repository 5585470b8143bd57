import type { EntityManager, EntityTarget, InsertResult, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';

/**
 * Inserts whole rows. TypeORM's deep-partial type rejects JSON columns typed as records; a full row is always a
 * valid insert, hence the cast in this one place.
 */
export function insertRows<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, rows: T | T[]): Promise<InsertResult> {
  return m.insert(target, rows as QueryDeepPartialEntity<T>);
}
