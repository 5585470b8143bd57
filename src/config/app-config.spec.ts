import { describe, expect, it } from '@jest/globals';
import { ConfigError, LOCAL_DEFAULT_API_KEYS, loadConfig } from './app-config.js';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    return (e as ConfigError).problems;
  }
  return [];
};

describe('configuration', () => {
  it('defaults to SQLite under data/, port 3000 and the local keys outside production', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database).toEqual({ type: 'sqlite', path: expect.stringMatching(/\/data\/evaluator\.sqlite$/) });
    expect(c.usingLocalDefaultKeys).toBe(true);
    expect(c.apiKeys.map((k) => k.role)).toEqual(['admin', 'assessor', 'viewer']);
    expect(c.batchMaxItems).toBe(500);
  });

  it('ENGINE picks the engine: compiled by default, jre on request, anything else refused by name', () => {
    expect(loadConfig({}).engine).toBe('compiled');
    expect(loadConfig({ ENGINE: 'jre' }).engine).toBe('jre');
    expect(problems({ ENGINE: 'fast' }).map((p) => p.split(':')[0])).toEqual(['ENGINE']);
  });

  it('uses PostgreSQL when DATABASE_URL is a postgres URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).database).toEqual({ type: 'postgres', url: 'postgres://u@h:5432/db' });
  });

  it('stops on bad values, naming each variable', () => {
    const found = problems({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', API_KEYS: 'root:abcdefgh12' });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual(['API_KEYS', 'DATABASE_URL', 'LOG_LEVEL', 'PORT']);
  });

  it('refuses the local default keys in production, and short keys there', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^API_KEYS: production refuses/)]);
    expect(problems({ NODE_ENV: 'production', API_KEYS: LOCAL_DEFAULT_API_KEYS })).toHaveLength(1);
    expect(problems({ NODE_ENV: 'production', API_KEYS: 'admin:short-key-1' })).toEqual([expect.stringMatching(/at least 16/)]);
    expect(loadConfig({ NODE_ENV: 'production', API_KEYS: 'admin:a-long-production-key-123' }).apiKeys).toHaveLength(1);
  });

  it('parses role:key lists and refuses duplicates and unknown roles', () => {
    const c = loadConfig({ API_KEYS: 'assessor:key-one-1234, assessor:key-two-1234 ,viewer:key-three-123' });
    expect(c.apiKeys.map((k) => k.principal)).toEqual(['assessor#1', 'assessor#2', 'viewer#1']);
    expect(problems({ API_KEYS: 'viewer:same-key-123,admin:same-key-123' })[0]).toMatch(/twice/);
  });
});
