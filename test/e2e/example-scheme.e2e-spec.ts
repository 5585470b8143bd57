/**
 * The example scheme in examples/schemes/provincial: another shape of standard (four first-level indicators, three
 * levels, two categories of its own, weights as shares of the total, a bonus cap of 110) run with no code of its own,
 * through the CLI, the API and a page. The expected numbers are worked out in its rule tests' descriptions.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, launchChromium } from './browser.js';
import { as, creditCodeFor, KEYS, startApi, type RunningApi } from './support.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SCHEME = join(ROOT, 'examples', 'schemes', 'provincial');
const DIRS = ['--rules', join(SCHEME, 'rules'), '--criteria', join(SCHEME, 'criteria')];
const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), ...args], { encoding: 'utf8' });
const testCase = (category: string, name: string) => JSON.parse(readFileSync(join(SCHEME, 'rules', 'tests', category, `${name}.json`), 'utf8'));

describe('an example scheme of another shape, with no code of its own', () => {
  test('the CLI validates it, runs its rule tests with full coverage and evaluates to the hand-worked total', () => {
    const valid = cli('validate', ...DIRS);
    expect(valid.status).toBe(0);
    expect(valid.stdout).toMatch(/│ publicService +│ publicService +│ 1\.0\.0 +│/);
    const tests = cli('test', join(SCHEME, 'rules', 'tests'), ...DIRS, '--min-coverage', '100');
    expect(tests.stdout).toContain('9 passed, 0 failed');
    expect(tests.stdout).toContain('rule coverage: 19/19 rules fired by some case (100%)');
    expect(tests.status).toBe(0);
    const file = join(mkdtempSync(join(tmpdir(), 'sme-scheme-')), 'facts.json');
    writeFileSync(file, JSON.stringify(testCase('marketService', 'same-facts-more-weight-on-volume').facts));
    const run = cli('evaluate', '--category', 'marketService', '--json', ...DIRS, file);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    // 3 + 1.5 + 5 + 21 + 8 + 10 + 0 + 14 = 62.5 (weights as shares of the total)
    expect(result).toMatchObject({ total: 62.5, grade: 'a', category: 'marketService' });
    expect(result.nodes.map((n: { id: string; level: number }) => `${n.level}:${n.id}`)).toEqual([
      '1:capacity', '2:staffing', '2:facilities', '1:performance', '2:volume', '2:quality', '1:management', '2:systems', '1:influence', '2:recognition',
    ]);
    expect(result.indicators.find((i: { id: string }) => i.id === 'clientsServed')).toMatchObject({ parent: 'volume', level: 3, weight: 1, effectiveWeight: 0.3, contribution: 21 });
  });

  describe('through the API and a page', () => {
    let api: RunningApi;
    let browser: Browser;

    beforeAll(async () => {
      api = await startApi('sqlite', { RULES_DIR: join(SCHEME, 'rules'), CRITERIA_DIR: join(SCHEME, 'criteria') });
      browser = await launchChromium();
    }, 120000);
    afterAll(async () => {
      await browser?.close();
      await api?.close();
    });

    test('registers under its own categories, evaluates to the hand-worked total and refuses the shipped categories', async () => {
      const tree = (await as(api.url, 'viewer').get('/criteria/indicators').expect(200)).body;
      expect(tree.nodes.map((n: { id: string }) => n.id)).toEqual(['capacity', 'performance', 'management', 'influence']);
      const doc = (await as(api.url, 'viewer').get('/docs-json').expect(200)).body;
      expect(doc.components.schemas.CreateAgencyDto.properties.category).toMatchObject({ type: 'string', enum: ['publicService', 'marketService'] });
      const refused = await as(api.url, 'assessor')
        .post('/agencies', { name: '苏州某咨询公司', creditCode: creditCodeFor(70001), region: '江苏省苏州市', category: 'professional', classPath: ['a', 'b'] })
        .expect(400);
      expect(refused.body.details).toEqual([expect.objectContaining({ field: 'category', code: 'unknownCategory' })]);

      const agency = await as(api.url, 'assessor')
        .post('/agencies', { name: '某市中小企业服务中心', creditCode: creditCodeFor(70002), region: '江苏省南京市', category: 'publicService', classPath: ['comprehensivePlatform', 'municipalHub'] })
        .expect(201);
      const sub = await as(api.url, 'assessor')
        .post(`/agencies/${agency.body.id}/submissions`, { period: '2026', facts: testCase('publicService', 'total-exactly-sixty').facts })
        .expect(201);
      const ev = await as(api.url, 'assessor').post('/evaluations?full=true', { submissionId: sub.body.id }).expect(201);
      // 6 + 3 + 5 + 14 + 8 + 10 + 0 + 14 = 60: exactly the A line
      expect(ev.body).toMatchObject({ total: 60, grade: 'a' });
      expect(ev.body.result.nodes.find((n: { id: string }) => n.id === 'capacity')).toMatchObject({ score: 46.67, effectiveWeight: 0.3 });

      const page = await browser.newPage();
      await page.goto(`${api.url}/login?next=/evaluations/${ev.body.id}/report`);
      await page.fill('#key', KEYS.viewer);
      await Promise.all([page.waitForURL(/\/report$/), page.click('form.login button')]);
      expect(await page.textContent('[data-field=total]')).toBe('60.00');
      for (const [id, score] of [['capacity', '46.67'], ['performance', '73.33'], ['management', '50.00'], ['influence', '70.00']]) {
        expect(await page.locator(`tr[data-node="${id}"] [data-field=score]`).textContent()).toBe(score);
      }
      expect(await page.locator('tr[data-indicator]').count()).toBe(8);
      await page.screenshot({ path: join(ARTIFACTS, 'example-scheme-report.png'), fullPage: true });
      await page.close();
    });
  });
});
