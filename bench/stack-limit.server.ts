/**
 * The stack's limit for `npm run bench:http`: a bare fastify route that does only what a persisted evaluation
 * cannot avoid: check the API key, parse the same JSON body, and insert the same row (a real compact result, as evaluations store it) into
 * better-sqlite3 with the same columns. No NestJS, no validation, no evaluation. Started as a child process, like
 * the real server; reads PORT, SQLITE_PATH and KEY from the environment and prints "ready" when listening.
 */
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { defaultDirs, Evaluator, loadStandard } from '../src/core/index.js';
import { FactsGenerator, seededRandom } from '../src/sample/facts-generator.js';

const standard = loadStandard(defaultDirs());
const category = Object.keys(standard.rulesets)[0];
const facts = new FactsGenerator(standard.criteria.facts, seededRandom(2024)).next();
const evaluator = new Evaluator(standard);
const compact = await evaluator.evaluateCompact(category, facts);
const result = evaluator.expand(compact);
const resultJson = JSON.stringify(compact);

/** better-sqlite3 (the driver TypeORM uses here) ships no types: the three calls this needs. */
interface Sqlite {
  pragma(text: string): unknown;
  exec(sql: string): void;
  prepare(sql: string): { run(...params: unknown[]): unknown };
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (path: string) => Sqlite;
const db = new Database(process.env.SQLITE_PATH!);
db.pragma('journal_mode = WAL');
db.exec(
  'CREATE TABLE "evaluations" ("id" varchar(36) PRIMARY KEY NOT NULL, "submission_id" varchar(36) NOT NULL, "agency_id" varchar(36) NOT NULL, ' +
    '"period" varchar(16) NOT NULL, "category" varchar(32) NOT NULL, "total" double precision NOT NULL, "grade" varchar(32) NOT NULL, ' +
    '"passing" boolean NOT NULL, "eligible" boolean NOT NULL, "vetoed" boolean NOT NULL, "ruleset_id" varchar(100) NOT NULL, ' +
    '"ruleset_version" varchar(32) NOT NULL, "ruleset_hash" varchar(64) NOT NULL, "facts_hash" varchar(64) NOT NULL, "result" text NOT NULL, ' +
    '"evaluated_by" varchar(64) NOT NULL, "created_at" varchar(24) NOT NULL, "engine" varchar(16) NOT NULL DEFAULT (\'jre\'))',
);
const insert = db.prepare('INSERT INTO "evaluations" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');

const app = Fastify({ logger: false, bodyLimit: 1048576 });
app.post('/evaluations', (req, reply) => {
  if (req.headers['x-api-key'] !== process.env.KEY) return reply.code(401).send({ statusCode: 401 });
  const { submissionId } = req.body as { submissionId: string };
  const id = randomUUID();
  const createdAt = new Date().toISOString();
  const r = result.ruleset;
  insert.run(id, submissionId, 'agency', '2026', result.category, result.total, result.grade, Number(result.passing), Number(result.eligible), Number(result.vetoed), r.id, r.version, r.hash, 'facts-hash', resultJson, 'bench', createdAt, 'compiled');
  return reply.code(201).send({ id, submissionId, total: result.total, grade: result.grade, createdAt });
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log('ready');
