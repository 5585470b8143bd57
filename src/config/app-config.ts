import { Transform, plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { randomBytes } from 'node:crypto';
import { availableParallelism, hostname } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { repoRoot } from '../core/index.js';
import type { InputLimits } from '../common/input-limits.js';
import type { SpreadsheetLimits } from '../spreadsheets/stream-facts.js';
import { parseApiKeys, type ApiKeyEntry } from './api-keys.js';
import type { EngineName } from '../core/index.js';

/** Keys a newcomer can use locally; documented in the README and refused when NODE_ENV=production. */
export const LOCAL_DEFAULT_API_KEYS =
  'local-admin:admin:local-admin-key-change-me,local-assessor:assessor:local-assessor-key-change-me,local-viewer:viewer:local-viewer-key-change-me';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);

/** The environment variables the service reads, validated once at start-up. Names are the variables' names. */
export class EnvVars {
  @IsOptional() @IsIn(['development', 'test', 'production'])
  NODE_ENV?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT?: number;

  @IsOptional() @IsString() @MinLength(1)
  HOST?: string;

  @IsOptional() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional() @IsString() @MinLength(1)
  SQLITE_PATH?: string;

  @IsOptional() @IsString() @MinLength(1)
  RULES_DIR?: string;

  @IsOptional() @IsString() @MinLength(1)
  CRITERIA_DIR?: string;

  @IsOptional() @IsIn(['true', 'false'])
  RULES_WATCH?: string;

  @IsOptional() @IsString()
  API_KEYS?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1024) @Max(104857600)
  BODY_LIMIT_BYTES?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(5000)
  BATCH_MAX_ITEMS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(4) @Max(256)
  JSON_MAX_DEPTH?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(10) @Max(100000)
  MAX_FACTS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(10) @Max(100000)
  MAX_LIST_ITEMS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000000000)
  MAX_PAGE?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10000)
  MAX_PAGE_SIZE?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10000)
  MAX_ERROR_DETAILS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(10) @Max(1000000)
  XLSX_MAX_ROWS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(100) @Max(100000000)
  XLSX_MAX_CELLS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(65536) @Max(1073741824)
  XLSX_MAX_UNCOMPRESSED_BYTES?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(16)
  XLSX_THREADS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(1000000)
  RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10000)
  LOGIN_RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional() @Matches(/^[0-9a-fA-F]{64}$/, { message: 'SESSION_KEY must be 64 hex digits (32 bytes; `openssl rand -hex 32`)' })
  SESSION_KEY?: string;

  @IsOptional() @Matches(/^(true|false|\d{1,2}|[0-9a-fA-F.:/]+(,\s*[0-9a-fA-F.:/]+)*)$/, { message: 'TRUST_PROXY must be true, false, a hop count or a comma-separated list of addresses/CIDRs' })
  TRUST_PROXY?: string;

  @IsOptional() @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL?: string;

  @IsOptional() @IsIn(['json', 'text'])
  LOG_FORMAT?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(64)
  WEB_CONCURRENCY?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(16)
  EVAL_THREADS?: number;

  @IsOptional() @IsIn(['compiled', 'jre'])
  ENGINE?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(32)
  JOB_CONCURRENCY?: number;

  @IsOptional() @Matches(/^[1-9]\d{0,8}[smhd]?$/, { message: 'IDEMPOTENCY_TTL must be a duration: seconds, or a number followed by s, m, h or d (24h)' })
  IDEMPOTENCY_TTL?: string;

  @IsOptional() @Matches(/^[1-9]\d{0,8}[smhd]?$/, { message: 'JOB_FILE_TTL must be a duration: seconds, or a number followed by s, m, h or d (24h)' })
  JOB_FILE_TTL?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(2) @Max(3600)
  JOB_STALE_SECONDS?: number;

  @IsOptional() @Matches(/^[A-Za-z0-9._:-]{1,64}$/, { message: 'INSTANCE_NAME must be 1–64 letters, digits or . _ : -' })
  INSTANCE_NAME?: string;
}

export type LogLevelName = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

export type DatabaseConfig =
  | { type: 'sqlite'; path: string }
  | { type: 'postgres'; url: string };

/** The typed configuration every other part of the service receives (never `process.env`). */
export interface AppConfig {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  database: DatabaseConfig;
  rulesDir: string;
  criteriaDir: string;
  /** Reload the rules when a file under rulesDir changes (default on, off under NODE_ENV=test). */
  rulesWatch: boolean;
  apiKeys: ApiKeyEntry[];
  /** True when API_KEYS was not set and the documented local keys are in use. */
  usingLocalDefaultKeys: boolean;
  bodyLimitBytes: number;
  batchMaxItems: number;
  /** Bounds on every request, enforced before validation (see src/common/input-limits.ts). */
  limits: InputLimits;
  /** How much of an uploaded workbook is read, on how many threads at once, each with how much heap. */
  spreadsheet: SpreadsheetLimits & { threads: number; heapMiB: number };
  /** Requests a minute per API key (0: no limit) and login attempts a minute per address. */
  rateLimit: { perKeyPerMinute: number; loginPerMinute: number };
  /** The page session's 32-byte key; `generated` when SESSION_KEY was unset and a random one is in use. */
  session: { key: Buffer; generated: boolean; maxAgeSeconds: number };
  /** Fastify's trustProxy: false (default), true, a hop count or addresses/CIDRs of the proxies. */
  trustProxy: boolean | number | string[];
  logLevel: LogLevelName;
  logFormat: 'json' | 'text';
  /** HTTP server processes on this machine (node:cluster); 1 serves from the main process. */
  webConcurrency: number;
  /** Worker threads that run evaluations; 0 runs them on the event loop. */
  evalThreads: number;
  /** The engine that decides the rules: "compiled" (default) or "jre", json-rules-engine, its reference. */
  engine: EngineName;
  /** How long an Idempotency-Key's answer is kept and replayed (IDEMPOTENCY_TTL, default 24 h). */
  idempotencyTtlSeconds: number;
  /** How long an export job's file (and an import's upload whose job never ran) is kept (JOB_FILE_TTL, default 24 h). */
  jobFileTtlSeconds: number;
  /** Background jobs (impact runs…) this instance runs at once. */
  jobConcurrency: number;
  /** A running job whose instance has not written a heartbeat for this long is taken over by another instance. */
  jobStaleSeconds: number;
  /** This instance's name in job ownership and GET /rulesets/status (default: host name and process id). */
  instanceName: string;
}

/** Start-up refused: the message names every variable at fault. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super('Invalid configuration:\n  ' + problems.join('\n  '));
    this.name = 'ConfigError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
}

/**
 * Validates an environment (by default `process.env`, read here and nowhere else) into an {@link AppConfig}.
 * Throws {@link ConfigError} naming each bad variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.fromEntries(
    Object.keys(new EnvVarsKeys()).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const vars = plainToInstance(EnvVars, known);
  const problems = describe(validateSync(vars, { forbidUnknownValues: false }));
  const root = repoRoot();
  const nodeEnv = (vars.NODE_ENV ?? 'development') as AppConfig['env'];
  const usingLocalDefaultKeys = vars.API_KEYS === undefined;
  let apiKeys: ApiKeyEntry[] = [];
  try {
    apiKeys = parseApiKeys(vars.API_KEYS ?? LOCAL_DEFAULT_API_KEYS);
  } catch (e) {
    problems.push(`API_KEYS: ${(e as Error).message}`);
  }
  if (nodeEnv === 'production') {
    const defaults = new Set(parseApiKeys(LOCAL_DEFAULT_API_KEYS).map((k) => k.sha256));
    if (usingLocalDefaultKeys || apiKeys.some((k) => defaults.has(k.sha256))) {
      problems.push('API_KEYS: production refuses the local default keys; set your own');
    }
    if (apiKeys.some((k) => (k.plainLength ?? 16) < 16)) problems.push('API_KEYS: production keys need at least 16 characters');
    if (!vars.SESSION_KEY) problems.push('SESSION_KEY: production needs a fixed key, the same on every instance (`openssl rand -hex 32`), so sessions survive restarts and reach any instance');
  }
  if ((vars.MAX_LIST_ITEMS ?? 1000) < (vars.BATCH_MAX_ITEMS ?? 500)) problems.push('MAX_LIST_ITEMS: must be at least BATCH_MAX_ITEMS');
  if (problems.length > 0) throw new ConfigError(problems);
  const fromRoot = (p: string | undefined, fallback: string) => (p ? resolve(p) : join(root, fallback));
  return {
    env: nodeEnv,
    port: vars.PORT ?? 3000,
    host: vars.HOST ?? '127.0.0.1',
    database: vars.DATABASE_URL
      ? { type: 'postgres', url: vars.DATABASE_URL }
      : { type: 'sqlite', path: vars.SQLITE_PATH && isAbsolute(vars.SQLITE_PATH) ? vars.SQLITE_PATH : fromRoot(vars.SQLITE_PATH, 'data/evaluator.sqlite') },
    rulesDir: fromRoot(vars.RULES_DIR, 'rules'),
    criteriaDir: fromRoot(vars.CRITERIA_DIR, 'criteria'),
    rulesWatch: vars.RULES_WATCH === undefined ? nodeEnv !== 'test' : vars.RULES_WATCH === 'true',
    apiKeys,
    usingLocalDefaultKeys,
    bodyLimitBytes: vars.BODY_LIMIT_BYTES ?? 1048576,
    batchMaxItems: vars.BATCH_MAX_ITEMS ?? 500,
    limits: {
      jsonMaxDepth: vars.JSON_MAX_DEPTH ?? 32,
      maxFacts: vars.MAX_FACTS ?? 1000,
      maxListItems: vars.MAX_LIST_ITEMS ?? 1000,
      maxPage: vars.MAX_PAGE ?? 100000,
      maxPageSize: vars.MAX_PAGE_SIZE ?? 100,
      maxErrorDetails: vars.MAX_ERROR_DETAILS ?? 100,
    },
    spreadsheet: {
      maxRows: vars.XLSX_MAX_ROWS ?? 10000,
      maxCells: vars.XLSX_MAX_CELLS ?? 1000000,
      maxUncompressedBytes: vars.XLSX_MAX_UNCOMPRESSED_BYTES ?? 67108864,
      threads: vars.XLSX_THREADS ?? 2,
      heapMiB: 128,
    },
    rateLimit: { perKeyPerMinute: vars.RATE_LIMIT_PER_MINUTE ?? 6000, loginPerMinute: vars.LOGIN_RATE_LIMIT_PER_MINUTE ?? 10 },
    session: { key: vars.SESSION_KEY ? Buffer.from(vars.SESSION_KEY, 'hex') : randomBytes(32), generated: !vars.SESSION_KEY, maxAgeSeconds: 8 * 3600 },
    trustProxy: trustProxy(vars.TRUST_PROXY),
    logLevel: (vars.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'log')) as LogLevelName,
    logFormat: (vars.LOG_FORMAT ?? (nodeEnv === 'production' ? 'json' : 'text')) as AppConfig['logFormat'],
    webConcurrency: vars.WEB_CONCURRENCY ?? 1,
    // One evaluation thread beside the event loop when there is a second core (measured: persisted evaluate 1,066/s
    // against 704/s on the event loop alone on 2 vCPUs); none under test, where the threads e2e asks for them.
    evalThreads: vars.EVAL_THREADS ?? (nodeEnv === 'test' || availableParallelism() < 2 ? 0 : 1),
    engine: (vars.ENGINE ?? 'compiled') as EngineName,
    idempotencyTtlSeconds: durationSeconds(vars.IDEMPOTENCY_TTL ?? '24h'),
    jobFileTtlSeconds: durationSeconds(vars.JOB_FILE_TTL ?? '24h'),
    jobConcurrency: vars.JOB_CONCURRENCY ?? 1,
    jobStaleSeconds: vars.JOB_STALE_SECONDS ?? 15,
    instanceName: vars.INSTANCE_NAME ?? `${hostname()}-${process.pid}`,
  };
}

/** `90`, `90s`, `30m`, `24h`, `7d` in seconds. */
function durationSeconds(text: string): number {
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[text.slice(-1)];
  return unit ? Number(text.slice(0, -1)) * unit : Number(text);
}

function trustProxy(value: string | undefined): AppConfig['trustProxy'] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((s) => s.trim());
}

/** The variable names, taken from {@link EnvVars} so the list cannot drift from the validated class. */
class EnvVarsKeys implements Required<Record<keyof EnvVars, undefined>> {
  NODE_ENV = undefined;
  PORT = undefined;
  HOST = undefined;
  DATABASE_URL = undefined;
  SQLITE_PATH = undefined;
  RULES_DIR = undefined;
  CRITERIA_DIR = undefined;
  RULES_WATCH = undefined;
  API_KEYS = undefined;
  BODY_LIMIT_BYTES = undefined;
  BATCH_MAX_ITEMS = undefined;
  JSON_MAX_DEPTH = undefined;
  MAX_FACTS = undefined;
  MAX_LIST_ITEMS = undefined;
  MAX_PAGE = undefined;
  MAX_PAGE_SIZE = undefined;
  MAX_ERROR_DETAILS = undefined;
  XLSX_MAX_ROWS = undefined;
  XLSX_MAX_CELLS = undefined;
  XLSX_MAX_UNCOMPRESSED_BYTES = undefined;
  XLSX_THREADS = undefined;
  RATE_LIMIT_PER_MINUTE = undefined;
  LOGIN_RATE_LIMIT_PER_MINUTE = undefined;
  SESSION_KEY = undefined;
  TRUST_PROXY = undefined;
  LOG_LEVEL = undefined;
  LOG_FORMAT = undefined;
  WEB_CONCURRENCY = undefined;
  EVAL_THREADS = undefined;
  ENGINE = undefined;
  JOB_CONCURRENCY = undefined;
  IDEMPOTENCY_TTL = undefined;
  JOB_FILE_TTL = undefined;
  JOB_STALE_SECONDS = undefined;
  INSTANCE_NAME = undefined;
}
