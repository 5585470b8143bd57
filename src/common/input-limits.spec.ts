import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { capDetails, jsonProblems, queryProblems, scanJson, type InputLimits } from './input-limits.js';

const limits: InputLimits = { jsonMaxDepth: 4, maxFacts: 3, maxListItems: 2, maxPage: 50, maxPageSize: 10, maxErrorDetails: 5 };
const codes = (found: { field?: string; code?: string }[]) => found.map((d) => `${d.field}:${d.code}`);

describe('input limits', () => {
  it('counts the body as the first level of nesting', () => {
    expect(jsonProblems({ a: [[[1]]] }, limits)).toEqual([]);
    expect(codes(jsonProblems({ a: [[[[1]]]] }, limits))).toEqual(['a.0.0.0:maxDepth']);
  });

  it('walks a million levels without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(codes(jsonProblems(deep, limits))).toEqual(['0.0.0.0:maxDepth']);
  });

  it('bounds members and items, and finds NUL and lone surrogates in values and keys', () => {
    expect(codes(jsonProblems({ a: 1, b: 2, c: 3, d: 4 }, limits))).toEqual(['(body):maxProperties']);
    expect(codes(jsonProblems({ list: [1, 2, 3] }, limits))).toEqual(['list:maxItems']);
    expect(codes(jsonProblems({ a: 'x\u0000', b: ['\udc00'], 'k\ud800': 1 }, limits))).toEqual(['k\ufffd:loneSurrogate', 'a:nulCharacter', 'b.0:loneSurrogate']);
    expect(jsonProblems({ a: '𠮷 ok \ufffd' }, limits)).toEqual([]);
  });

  it('stops after the configured number of problems', () => {
    expect(jsonProblems(['\u0000', '\u0000'], { ...limits, maxErrorDetails: 1 })).toHaveLength(1);
  });

  it('takes page and pageSize as integers within their range only', () => {
    expect(queryProblems({ page: '50', pageSize: '10' }, limits)).toEqual([]);
    for (const page of ['0', '51', '1e20', '1.5', '-1', '01', ' 1']) expect(codes(queryProblems({ page }, limits))).toEqual(['query.page:range']);
    expect(codes(queryProblems({ pageSize: ['1', '2'] }, limits))).toEqual(['query.pageSize:range']);
  });

  it('scans JSON text for depth and size before parsing, naming the same field as the walk over parsed values', () => {
    expect(scanJson('{"a":[[[1]]]}', limits)).toBeUndefined();
    expect(scanJson('{"a":[[[[1]]]]}', limits)).toMatchObject({ field: 'a.0.0.0', code: 'maxDepth' });
    expect(scanJson('{"x":{"a":1,"b":2,"c":3,"d":4}}', limits)).toMatchObject({ field: 'x', code: 'maxProperties' });
    expect(scanJson('{"l":[0,[1,2,3]]}', limits)).toMatchObject({ field: 'l.1', code: 'maxItems' });
    // brackets, commas and quotes inside strings are text
    expect(scanJson('{"a":"[[[[[,,,,\\"{{{{"}', limits)).toBeUndefined();
    const sizeOrDepth = (d: { code?: string }) => ['maxDepth', 'maxItems', 'maxProperties'].includes(d.code ?? '');
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const walked = jsonProblems(value, limits).filter(sizeOrDepth);
        const scanned = scanJson(JSON.stringify(value), limits);
        expect(scanned === undefined).toBe(walked.length === 0);
      }),
      { numRuns: 500 },
    );
  });

  it('cuts details to the maximum and counts them', () => {
    const body = { details: Array.from({ length: 7 }, (_, i) => ({ message: { zh: `${i}`, en: `${i}` } })) };
    expect(capDetails(body, 5)).toMatchObject({ detailsTotal: 7, details: body.details.slice(0, 5) });
    expect(capDetails(body, 7)).toBe(body);
  });
});
