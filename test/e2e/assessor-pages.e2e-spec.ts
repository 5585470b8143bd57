import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { ARTIFACTS, launchChromium, underStrictCsp } from './browser.js';
import { readExample } from '../support/standard.js';
import { as, CLASS_PATHS, creditCodeFor, KEYS, pageSession, startApi, type RunningApi } from './support.js';

const FACTS = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'criteria', 'facts.json'), 'utf8')).facts as Record<string, { type: string; items?: { type: string; fields?: Record<string, { type: string }> } }>;

/** Fills the facts form the way a person would: numbers typed, yes/no and enums clicked, list rows filled. */
async function fillFacts(page: Page, facts: Record<string, unknown>): Promise<void> {
  for (const [id, value] of Object.entries(facts)) {
    const def = FACTS[id];
    const name = `f.${id}`;
    if (def.type === 'list' && def.items?.type === 'object') {
      const rows = value as Record<string, unknown>[];
      while ((await page.locator(`table[data-rows="${id}"] tbody tr`).count()) < rows.length) await page.click(`[data-add-row="${id}"]`);
      for (const [i, row] of rows.entries()) {
        for (const [field, v] of Object.entries(row)) {
          const at = `[name="${name}.${i}.${field}"]`;
          if (def.items.fields?.[field].type === 'enum') await page.check(`${at}[value="${v}"]`);
          else await page.fill(at, String(v));
        }
      }
    } else if (def.type === 'list') {
      for (const v of value as string[]) await page.check(`[name="${name}"][value="${v}"]`);
    } else if (def.type === 'boolean' || def.type === 'enum') {
      await page.check(`[name="${name}"][value="${String(value)}"]`);
    } else {
      await page.fill(`[name="${name}"]`, String(value));
    }
  }
}

describe('assessor pages in headless Chromium, under a CSP without inline scripts', () => {
  let api: RunningApi;
  let browser: Browser;
  let context: BrowserContext;
  let problems: string[];

  beforeAll(async () => {
    api = await startApi('sqlite');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    problems = await underStrictCsp(context);
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  test('no page carries an inline script or handler; / sends a stranger to the login and a viewer to fewer links', async () => {
    const home = await request(api.url).get('/').expect(303);
    expect(home.headers.location).toBe('/login?next=%2F');
    const viewer = await request(api.url).get('/').set('cookie', await pageSession(api.url, 'viewer')).expect(200);
    expect(viewer.text).toContain('data-link="registry"');
    expect(viewer.text).not.toContain('data-link="register"');
    const admin = await pageSession(api.url, 'admin');
    for (const path of ['/', '/registry', '/registry/new']) {
      const html = (await request(api.url).get(path).set('cookie', admin).expect(200)).text;
      expect(html).not.toMatch(/<script(?![^>]*\b(src|type="application\/json")=)[^>]*>/);
      expect(html).not.toMatch(/\son[a-z]+="/);
    }
  });

  test('register → facts form → submit and evaluate → report; then the agency page and its trend', async () => {
    const page = await context.newPage();
    await page.goto(`${api.url}/login?next=/`);
    await page.fill('#key', KEYS.assessor);
    await Promise.all([page.waitForURL(`${api.url}/`), page.click('form.login button')]);
    expect(await page.getAttribute('nav.tiles', 'data-role')).toBe('assessor');
    await Promise.all([page.waitForURL(/\/registry\/new/), page.click('[data-link=register]')]);

    // A wrong check character is refused at its field; what was typed stays.
    const ex = readExample('guarantee-company');
    const good = creditCodeFor(424242);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    await page.fill('[name=name]', '某市融资担保有限公司');
    await page.fill('[name=creditCode]', bad);
    await page.fill('[name=region]', '江苏省苏州市');
    await page.check(`[name=class][value="${[ex.agency.category, ...ex.agency.classPath].join('/')}"]`);
    await page.click('form.entry button[type=submit]');
    await page.waitForSelector('[data-error=creditCode]');
    expect(await page.locator('.field.invalid').count()).toBe(1);
    expect(await page.inputValue('[name=name]')).toBe('某市融资担保有限公司');
    await page.screenshot({ path: join(ARTIFACTS, 'register-error.png'), fullPage: true });
    await page.fill('[name=creditCode]', good);
    await page.check(`[name=class][value="${[ex.agency.category, ...ex.agency.classPath].join('/')}"]`);
    await Promise.all([page.waitForURL(/\/registry\/[0-9a-f-]{36}/), page.click('form.entry button[type=submit]')]);
    expect(await page.textContent('[data-field=agencyName]')).toBe('某市融资担保有限公司');
    const agencyUrl = page.url();

    // The facts form: one input per fact the category's rules read; a value out of range is refused at its field.
    await Promise.all([page.waitForURL(/\/facts/), page.click('[data-field=newFacts]')]);
    expect(await page.locator('[data-fact=staffTotal] abbr.req').count()).toBe(1);
    expect(await page.locator('[data-fact=staffTotal] .unit').innerText()).toBe('人');
    expect(await page.getAttribute('[name="f.staffTotal"]', 'min')).toBe('0');
    await page.fill('[name=period]', '2026');
    await fillFacts(page, ex.facts);
    await page.fill('[name="e.staffTotal"]', '社保缴纳证明 2024-12, 劳动合同名册');
    await page.fill('[name="f.ratingConflictManagement"]', '7');
    await page.$eval('form.facts', (f) => f.setAttribute('novalidate', ''));
    await page.click('[data-field=submit]');
    await page.waitForSelector('[data-error=ratingConflictManagement]');
    expect(await page.locator('.field.invalid').count()).toBe(1);
    expect(await page.textContent('[data-error=ratingConflictManagement] [lang=en]')).toBe('should be within 0–5, not 7');
    expect(await page.inputValue('[name="f.staffTotal"]')).toBe('58');
    await page.screenshot({ path: join(ARTIFACTS, 'facts-error.png'), fullPage: false });

    await page.fill('[name="f.ratingConflictManagement"]', '3.5');
    await Promise.all([page.waitForURL(/\/evaluations\/[0-9a-f-]{36}\/report/), page.click('[data-field=submit]')]);
    // test/examples/WORKED.md: guarantee-company 82.40, four stars.
    expect(await page.textContent('[data-field=total]')).toBe('82.40');
    expect(await page.getAttribute('[data-field=grade]', 'data-grade')).toBe('fourStar');
    const evaluationId = /evaluations\/([0-9a-f-]{36})/.exec(page.url())![1];
    const stored = (await as(api.url, 'viewer').get(`/evaluations/${evaluationId}`).expect(200)).body;
    const submission = (await as(api.url, 'viewer').get(`/submissions/${stored.submissionId}`).expect(200)).body;
    // The same facts (checkboxes give a list's items in the dictionary's order).
    const sorted = (f: Record<string, unknown>) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, Array.isArray(v) && typeof v[0] === 'string' ? [...v].sort() : v]));
    expect(sorted(submission.facts)).toEqual(sorted(ex.facts));
    expect(submission.evidence).toEqual({ staffTotal: ['社保缴纳证明 2024-12', '劳动合同名册'] });
    await page.screenshot({ path: join(ARTIFACTS, 'report-from-form.png'), fullPage: true });

    // A second period through the API: the agency page shows both, the trend in period order.
    const agencyId = /registry\/([0-9a-f-]{36})/.exec(agencyUrl)![1];
    const sub = await as(api.url, 'assessor').post(`/agencies/${agencyId}/submissions`, { period: '2027', facts: { ...ex.facts, staffTotal: 120 } }).expect(201);
    const second = (await as(api.url, 'assessor').post('/evaluations', { submissionId: sub.body.id }).expect(201)).body;
    await page.goto(agencyUrl);
    await page.waitForSelector('#trend svg path', { state: 'attached' });
    expect(await page.locator('[data-field=periods] tr[data-submission]').count()).toBe(2);
    const trend = await page.evaluate(() => {
      const o = (globalThis as unknown as { __charts: { trend: { getOption(): { xAxis: { data: string[] }[]; series: { data: number[] }[] } } } }).__charts.trend.getOption();
      return { periods: o.xAxis[0].data, total: o.series[0].data, series: o.series.length };
    });
    expect(trend.periods).toEqual(['2026', '2027']);
    expect(trend.total).toEqual([82.4, second.total]);
    expect(trend.series).toBe(1 + 6);
    await page.screenshot({ path: join(ARTIFACTS, 'agency-page.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  }, 120000);

  test('the agency index: search, filters by category, class, region and grade, and paging', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) {
      const category = ['professional', 'platform', 'other'][i % 3];
      const res = await as(api.url, 'assessor')
        .post('/agencies', { name: `名录测试机构 ${String(i).padStart(2, '0')}`, creditCode: creditCodeFor(5000 + i), region: i % 2 ? '浙江省杭州市' : '江苏省南京市', category, classPath: CLASS_PATHS[category] })
        .expect(201);
      ids.push(res.body.id);
    }
    const facts = readExample('hr-service-firm').facts;
    const sub = await as(api.url, 'assessor').post(`/agencies/${ids[0]}/submissions`, { period: '2026', facts }).expect(201);
    await as(api.url, 'assessor').post('/evaluations', { submissionId: sub.body.id }).expect(201);

    const page = await context.newPage();
    await page.setExtraHTTPHeaders({ 'x-api-key': KEYS.viewer });
    await page.goto(`${api.url}/registry`);
    // 24 agencies (23 here, one from the flow above): 20 a page, newest first.
    expect(await page.locator('[data-field=agencies] tr[data-agency]').count()).toBe(20);
    await page.click('[data-field=paging] a[rel=next]');
    await page.waitForURL(/page=2/);
    expect(await page.locator('[data-field=agencies] tr[data-agency]').count()).toBe(4);

    await page.goto(`${api.url}/registry`);
    await page.fill('.filters [name=q]', '名录测试');
    await page.selectOption('.filters [name=category]', 'platform');
    await page.fill('.filters [name=region]', '浙江');
    await Promise.all([page.waitForURL(/category=platform/), page.click('.filters button')]);
    // platform: i = 1, 4, …, 22 (8); in 浙江 (odd i): 1, 7, 13, 19
    expect(await page.locator('tr[data-agency]').count()).toBe(4);
    await page.selectOption('.filters [name=classPath]', CLASS_PATHS.platform.join('/'));
    await Promise.all([page.waitForURL(/classPath=onlineTrading/), page.click('.filters button')]);
    expect(await page.locator('tr[data-agency]').count()).toBe(4);
    await page.selectOption('.filters [name=classPath]', CLASS_PATHS.other.slice(0, 1).join('/'));
    await Promise.all([page.waitForURL(/classPath=otherConsulting/), page.click('.filters button')]);
    expect(await page.locator('tr[data-agency]').count()).toBe(0);

    // hr-service-firm is three stars (70.55, test/examples/WORKED.md).
    await page.goto(`${api.url}/registry?grade=threeStar`);
    expect(await page.locator('tr[data-agency]').count()).toBe(1);
    expect(await page.getAttribute('tr[data-agency]', 'data-agency')).toBe(ids[0]);
    expect(await page.textContent('tr[data-agency] [data-field=total]')).toBe('70.55');
    await page.goto(`${api.url}/registry?grade=threeStar&period=2027`);
    expect(await page.locator('tr[data-agency]').count()).toBe(0);
    await page.goto(`${api.url}/registry?lang=en`);
    expect(await page.locator('.filters [name=category] option').first().innerText()).toBe('All');
    await page.screenshot({ path: join(ARTIFACTS, 'agency-index-en.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });
});
