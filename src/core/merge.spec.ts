import { describe, expect, it } from '@jest/globals';
import { atPointer, mergeRules } from './merge.js';

describe('extends: merging a category file onto its base', () => {
  it('merges objects key by key, replaces arrays whole, and deletes keys set to null', () => {
    const base = { weights: { a: 0.5, b: 0.5 }, grades: [{ id: 'x' }, { id: 'y' }], vetoes: { v1: { c: 1 }, v2: { c: 2 } } };
    const override = { weights: { a: 0.4, b: 0.6 }, grades: [{ id: 'z' }], vetoes: { v1: null, v3: { c: 3, d: null } } };
    expect(mergeRules(base, override)).toEqual({
      weights: { a: 0.4, b: 0.6 },
      grades: [{ id: 'z' }],
      vetoes: { v2: { c: 2 }, v3: { c: 3 } },
    });
    expect(base.vetoes.v1).toEqual({ c: 1 });
  });

  it('replaces a rule\'s provenance whole when the override gives a basis', () => {
    const base = { r: { basis: 'standard', clause: '5.1.3', reason: 'x', points: 10 } };
    const committee = { r: { basis: 'committee', rationale: { zh: '理由', en: 'why' }, points: 20 } };
    expect(mergeRules(base, committee)).toEqual({ r: { basis: 'committee', rationale: { zh: '理由', en: 'why' }, reason: 'x', points: 20 } });
    expect(mergeRules(base, { r: { points: 5 } })).toEqual({ r: { basis: 'standard', clause: '5.1.3', reason: 'x', points: 5 } });
  });

  it('reads JSON pointers with escaped keys', () => {
    expect(atPointer({ 'a/b': { 'c~d': 5 } }, '/a~1b/c~0d')).toBe(5);
    expect(atPointer({ a: 1 }, '/b')).toBeUndefined();
  });
});
