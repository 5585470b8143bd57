import { describe, expect, it } from '@jest/globals';
import { keyDigest } from './api-keys.js';
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
    const found = problems({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', API_KEYS: 'ops:root:abcdefgh12' });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual(['API_KEYS', 'DATABASE_URL', 'LOG_LEVEL', 'PORT']);
  });

  it('refuses the local default keys in production, short keys there, and a production without SESSION_KEY', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^API_KEYS: production refuses/), expect.stringMatching(/^SESSION_KEY: production needs a fixed key/)]);
    const SESSION_KEY = 'ab'.repeat(32);
    expect(problems({ NODE_ENV: 'production', SESSION_KEY, API_KEYS: LOCAL_DEFAULT_API_KEYS })).toHaveLength(1);
    expect(problems({ NODE_ENV: 'production', SESSION_KEY, API_KEYS: 'ops:admin:short-key-1' })).toEqual([expect.stringMatching(/at least 16/)]);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_KEY, API_KEYS: 'ops:admin:a-long-production-key-123' }).apiKeys).toHaveLength(1);
    expect(problems({ NODE_ENV: 'production', API_KEYS: 'ops:admin:a-long-production-key-123' })).toEqual([expect.stringMatching(/^SESSION_KEY:/)]);
    // a local default key given as its hash is still the local default key
    expect(problems({ NODE_ENV: 'production', SESSION_KEY, API_KEYS: `ops:admin:sha256:${keyDigest('local-admin-key-change-me')}` })).toHaveLength(1);
  });

  it('parses name:role:key and name:role:sha256:HEX lists, names the principals by name, refuses duplicates', () => {
    const hex = keyDigest('key-three-123');
    const c = loadConfig({ API_KEYS: `north:assessor:key-one-1234, south:assessor:key:two:1234 ,audit:viewer:sha256:${hex.toUpperCase()}` });
    expect(c.apiKeys.map((k) => [k.principal, k.role])).toEqual([['north', 'assessor'], ['south', 'assessor'], ['audit', 'viewer']]);
    expect(c.apiKeys[1].sha256).toBe(keyDigest('key:two:1234'));
    expect(c.apiKeys[2]).toEqual({ principal: 'audit', role: 'viewer', sha256: hex, plainLength: undefined });
    expect(problems({ API_KEYS: 'a:viewer:same-key-123,b:admin:same-key-123' })[0]).toMatch(/same key is listed twice/);
    expect(problems({ API_KEYS: 'a:viewer:key-one-1234,a:admin:key-two-1234' })[0]).toMatch(/name a is listed twice/);
    // the old role:key form is refused with the new form named
    expect(problems({ API_KEYS: 'admin:key-one-1234' })[0]).toMatch(/name:role:key/);
    expect(problems({ API_KEYS: 'bad name:admin:key-one-1234' })[0]).toMatch(/a name is/);
    expect(problems({ API_KEYS: 'n:admin:sha256:abc' })[0]).toMatch(/64 hex digits/);
  });

  it('takes TRUST_PROXY off by default, as true, a hop count or addresses, and SESSION_KEY as 64 hex digits', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(problems({ TRUST_PROXY: 'everyone' })).toEqual([expect.stringMatching(/^TRUST_PROXY:/)]);
    expect(loadConfig({}).session.generated).toBe(true);
    const key = 'ab'.repeat(32);
    expect(loadConfig({ SESSION_KEY: key }).session).toMatchObject({ generated: false, key: Buffer.from(key, 'hex') });
    expect(problems({ SESSION_KEY: 'short' })).toEqual([expect.stringMatching(/^SESSION_KEY:/)]);
  });
});
