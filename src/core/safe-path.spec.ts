import { describe, expect, it } from '@jest/globals';
import { findForbiddenKeys, isSafePath, resolvePath } from './safe-path.js';

describe('safe paths', () => {
  it('accepts plain dot paths and indexes', () => {
    expect(isSafePath('$.level')).toBe(true);
    expect(isSafePath('$.honours[0].level')).toBe(true);
    expect(isSafePath('$')).toBe(true);
  });

  it('rejects scripts, filters, wildcards and forbidden keys', () => {
    for (const path of ['$..level', '$[?(@.level)]', '$.a[(@.length-1)]', '$.*', '$.constructor', '$.__proto__.x', 'level', '$.a.prototype']) {
      expect(isSafePath(path)).toBe(false);
    }
  });

  it('resolves own properties only, and nothing for an unsafe path', () => {
    const value = { a: { b: [10, { c: 'x' }] } };
    expect(resolvePath(value, '$.a.b[1].c')).toBe('x');
    expect(resolvePath(value, '$.a.missing')).toBeUndefined();
    expect(resolvePath(value, '$.a.toString')).toBeUndefined();
    expect(resolvePath(value, '$[?(@.a)]')).toBeUndefined();
  });

  it('finds forbidden keys at any depth, with their JSON pointers', () => {
    const parsed = JSON.parse('{"a":{"__proto__":{"x":1}},"b":[{"constructor":1}],"c":{"prototype":2}}');
    expect(findForbiddenKeys(parsed).sort()).toEqual(['/a/__proto__', '/b/0/constructor', '/c/prototype']);
  });
});
