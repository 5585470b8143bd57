import { describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { Engine } from 'json-rules-engine';

describe('toolchain', () => {
  it('loads NestJS 12 (ESM) and json-rules-engine under jest', async () => {
    const moduleRef = await Test.createTestingModule({}).compile();
    expect(moduleRef).toBeDefined();
    const engine = new Engine([{ conditions: { all: [{ fact: 'x', operator: 'equal', value: 1 }] }, event: { type: 'ok' } }]);
    const { events } = await engine.run({ x: 1 });
    expect(events.map((e) => e.type)).toEqual(['ok']);
  });
});
