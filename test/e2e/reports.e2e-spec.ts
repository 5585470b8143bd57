import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readExample } from '../support/standard.js';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { ARTIFACTS, launchChromium } from './browser.js';
import { as, creditCodeFor, KEYS, startApi, type RunningApi } from './support.js';

/** The page count of a PDF Chromium wrote (its page tree's /Count). */
function pdfPages(file: string): number {
  return Number(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)/.exec(readFileSync(file, 'latin1'))!.slice(1).find((x) => x !== undefined));
}

const EXAMPLES = ['guarantee-company', 'vetoed-factoring', 'not-eligible-it-startup', 'training-institute', 'hr-service-firm', 'b2b-platform'];

/** Registers an example agency (test/examples/), submits its facts and evaluates them; returns the evaluation. */
async function evaluateExample(url: string, name: string, n: number) {
  const ex = readExample(name);
  const agency = await as(url, 'assessor').post('/agencies', { ...ex.agency, creditCode: creditCodeFor(900 + n) }).expect(201);
  const sub = await as(url, 'assessor').post(`/agencies/${agency.body.id}/submissions`, ex.submission).expect(201);
  const ev = await as(url, 'assessor').post('/evaluations', { submissionId: sub.body.id }).expect(201);
  return ev.body as { id: string; result: Record<string, never> & { total: number; grade: string; dimensions: { id: string; score: number }[]; indicators: { id: string; points: number; contribution: number; effectiveWeight: number }[] } };
}

/**
 * The fonts Chromium really drew an element's text with (DevTools protocol): family name, and whether it is a web
 * font (downloaded from the page) rather than one installed on the machine.
 */
async function platformFonts(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return [...new Set(fonts.map((f) => `${f.familyName}${f.isCustomFont ? ' (web font)' : ''}`))];
}

describe('report and dashboard pages in headless Chromium', () => {
  let api: RunningApi;
  let browser: Browser;
  const evaluations: Awaited<ReturnType<typeof evaluateExample>>[] = [];

  beforeAll(async () => {
    api = await startApi('sqlite');
    for (const [i, name] of EXAMPLES.entries()) evaluations.push(await evaluateExample(api.url, name, i));
    browser = await launchChromium();
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  test('pages take a key header or the login session, with the API roles; never ?key=; the JSON API keeps to headers', async () => {
    const id = evaluations[0].id;
    await request(api.url).get(`/evaluations/${id}/report`).expect(401);
    await request(api.url).get(`/evaluations/${id}/report?key=${KEYS.viewer}`).expect(401);
    const ok = await request(api.url).get(`/evaluations/${id}/report`).set('x-api-key', KEYS.viewer).expect(200);
    expect(ok.headers['content-type']).toMatch(/text\/html/);
    await request(api.url).get('/assets/echarts.min.js').expect(200).expect('content-type', /javascript/);
    const bad = await request(api.url).post('/login').type('form').send({ key: 'nope-nope-nope', next: '/dashboard' }).expect(303);
    expect(bad.headers.location).toMatch(/^\/login\?failed=1/);
    const good = await request(api.url).post('/login').type('form').send({ key: KEYS.viewer, next: '//evil.example/' }).expect(303);
    expect(good.headers.location).toBe('/dashboard');
    // the session cookie is encrypted and holds neither the key nor its name in clear
    const cookie = ([] as string[]).concat(good.headers['set-cookie'] ?? [])[0];
    expect(cookie).toMatch(/^sme_session=[^;]+; Max-Age=28800; Path=\/; HttpOnly; SameSite=Strict$/);
    const value = decodeURIComponent(cookie.split(';')[0].slice('sme_session='.length));
    for (const secret of [KEYS.viewer, 'test-viewer']) {
      expect(value).not.toContain(secret);
      expect(Buffer.from(value.split(';')[0], 'base64').toString('latin1')).not.toContain(secret);
    }
    await request(api.url).get(`/evaluations/${id}/report`).set('cookie', cookie.split(';')[0]).expect(200);
    // the JSON API does not take the session; the old cookie holding a key is nothing
    await request(api.url).get(`/evaluations/${id}`).set('cookie', cookie.split(';')[0]).expect(401);
    await request(api.url).get(`/evaluations/${id}/report`).set('cookie', `sme_api_key=${KEYS.viewer}`).expect(401);
    // a session cookie altered by one character is refused
    const tampered = cookie.split(';')[0].replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    await request(api.url).get(`/evaluations/${id}/report`).set('cookie', tampered).expect(401);
    // logging out ends it
    const out = await request(api.url).get('/logout').set('cookie', cookie.split(';')[0]).expect(303);
    expect(([] as string[]).concat(out.headers['set-cookie'] ?? [])[0]).toMatch(/^sme_session=;/);
  });

  test('the pages\' font is served from node_modules without a key: a stylesheet and the woff2 files it names', async () => {
    const css = await request(api.url).get('/assets/fonts/noto-sans-sc.css').expect(200).expect('content-type', /text\/css/);
    const files = [...css.text.matchAll(/url\(\/assets\/fonts\/([^)]+)\)/g)].map((m) => m[1]);
    expect(files.length).toBeGreaterThan(100); // about 100 unicode-range subsets per weight, two weights
    expect(files.every((f) => f.endsWith('.woff2'))).toBe(true);
    const font = await request(api.url).get(`/assets/fonts/${files[0]}`).expect(200).expect('content-type', 'font/woff2');
    expect(font.body.subarray(0, 4).toString('latin1')).toBe('wOF2');
    await request(api.url).get('/assets/fonts/..%2Fpackage.json').expect(404);
  });

  test('the report shows the API\'s numbers, draws the radar and switches to English', async () => {
    const ev = evaluations[0];
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, extraHTTPHeaders: { 'x-api-key': KEYS.viewer } });
    await page.goto(`${api.url}/evaluations/${ev.id}/report`);
    await page.waitForSelector('#radar svg path', { state: 'attached' });
    const api2 = (await as(api.url, 'viewer').get(`/evaluations/${ev.id}`).expect(200)).body;
    expect(await page.textContent('[data-field=total]')).toBe(api2.result.total.toFixed(2));
    expect(await page.getAttribute('[data-field=grade]', 'data-grade')).toBe(api2.result.grade);
    for (const ind of api2.result.indicators) {
      const row = page.locator(`tr[data-indicator="${ind.id}"]`);
      expect(await row.locator('[data-field=points]').textContent()).toBe(ind.points.toFixed(2));
      expect(await row.locator('[data-field=contribution]').textContent()).toBe(ind.contribution.toFixed(2));
      expect(Number(await row.locator('[data-field=effectiveWeight]').textContent())).toBe(ind.effectiveWeight);
    }
    expect(await page.locator('tr[data-indicator]').count()).toBe(21);
    for (const d of api2.result.nodes) {
      expect(await page.locator(`tr[data-node="${d.id}"] [data-field=score]`).textContent()).toBe(d.score.toFixed(2));
    }
    expect(await page.textContent('[data-field=rulesetHash]')).toBe(api2.result.ruleset.hash);
    // Sign-off: who evaluated, when, under which ruleset and edition.
    expect(await page.textContent('[data-field=assessor]')).toBe('test-assessor');
    expect(await page.textContent('[data-field=date]')).toContain(api2.createdAt.slice(0, 10));
    expect(await page.textContent('[data-field=rulesetId]')).toBe(api2.result.ruleset.id);
    expect(await page.textContent('[data-field=edition]')).toBe(api2.result.ruleset.edition);
    // Among the other professional agencies (eligible, not vetoed): hr-service-firm 70.55 and training-institute
    // 52.13 are below guarantee-company's 82.40, so rank 1 of 3, above 100%.
    expect(await page.getAttribute('[data-field=standing]', 'data-rank')).toBe('1');
    expect(await page.getAttribute('[data-field=standing]', 'data-of')).toBe('3');
    expect(await page.getAttribute('[data-field=standing]', 'data-percent')).toBe('100');
    // Reasons in words: the rule's reason and the agency's value; the rules not met, with what it has.
    expect(await page.locator('tr[data-indicator=staffSize] [data-rule="staffSize.staff50"] [lang=zh]').first().textContent()).toBe('人员总数不少于50人');
    expect(await page.locator('tr[data-indicator=staffSize] [data-unmet="staffSize.staff100"]').innerText()).toMatch(/人员总数不少于100人.*\(70\)[\s\S]*人员总数.*58/);
    expect(await page.locator('tr[data-indicator=staffSize] [data-unmet="staffSize.staff20"]').count()).toBe(0);
    const words = await page.locator('main').innerText();
    expect(words).not.toMatch(/[✓✗≥≤]/);
    // A number never sits on its bar: the score and its bar are apart.
    for (const row of await page.locator('table.nodes tbody tr').all()) {
      const n = (await row.locator('[data-field=score]').boundingBox())!;
      const bar = (await row.locator('svg.meter').boundingBox())!;
      expect(n.x + n.width <= bar.x || bar.x + bar.width <= n.x).toBe(true);
    }
    // The radar: echarts holds the API's dimension scores and the category mean (six professional agencies).
    const option = await page.evaluate(() => {
      const o = (globalThis as unknown as { __charts: { radar: { getOption(): { series: { data: { value: number[] }[] }[]; radar: { indicator: { name: string }[] }[] } } } }).__charts.radar.getOption();
      return { values: o.series[0].data.map((d) => d.value), names: o.radar[0].indicator.map((i) => i.name) };
    });
    expect(option.values[0]).toEqual(api2.result.nodes.map((d: { score: number }) => d.score));
    expect(option.values).toHaveLength(2);
    expect(option.names[0]).toBe('机构基础能力');
    // In the table's order, clockwise from the top, the scale written on the first axis.
    const radar = await page.evaluate(() => {
      const o = (globalThis as unknown as { __charts: { radar: { getOption(): { radar: { clockwise: boolean; startAngle: number; indicator: { axisLabel?: { show: boolean } }[] }[] } } } }).__charts.radar.getOption().radar[0];
      return { clockwise: o.clockwise, startAngle: o.startAngle, scale: o.indicator.map((i) => i.axisLabel?.show === true) };
    });
    expect(radar).toEqual({ clockwise: true, startAngle: 90, scale: [true, false, false, false, false, false] });
    expect(await page.locator('#radar svg text', { hasText: /^75$/ }).count()).toBe(1);
    expect(await page.locator('#radar svg path').count()).toBeGreaterThan(10);
    // Advice: the bonus for a national designation first (+3, worked out in test/advice.spec.ts).
    expect(await page.getAttribute('[data-field=adviceSteps] tr[data-advice]', 'data-advice')).toBe('bonus.nationalDemonstrationPlatform');
    // The text is drawn in the bundled Noto Sans SC (served from node_modules), not in a font of the machine.
    await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
    // (The family name is the one inside the font file: Noto Sans SC Thin is fontsource's variable font.)
    expect(await platformFonts(page, 'h1')).toEqual([expect.stringMatching(/^Noto Sans SC.* \(web font\)$/)]);
    expect(await platformFonts(page, '#radar svg text')).toEqual([expect.stringMatching(/^Noto Sans SC.* \(web font\)$/)]);
    await page.screenshot({ path: join(ARTIFACTS, 'report-zh.png'), fullPage: true });

    await page.click('#lang-switch');
    expect(await page.getAttribute('html', 'data-lang')).toBe('en');
    expect(await page.locator('h2').first().innerText()).toBe('Dimension scores');
    const names = await page.evaluate(() => (globalThis as unknown as { __charts: { radar: { getOption(): { radar: { indicator: { name: string }[] }[] } } } }).__charts.radar.getOption().radar[0].indicator.map((i) => i.name));
    expect(names[0]).toBe('Basic institutional capability');
    expect(page.url()).toMatch(/lang=en/);
    await page.screenshot({ path: join(ARTIFACTS, 'report-en.png'), fullPage: true });
    await page.close();
  });

  test('on A4 the radar\'s names stay inside the chart, and a typical agency\'s report prints on three pages at most, in English and in Chinese', async () => {
    const ev = evaluations[0];
    const page = await browser.newPage({ viewport: { width: 703, height: 1000 }, extraHTTPHeaders: { 'x-api-key': KEYS.viewer } });
    await page.goto(`${api.url}/evaluations/${ev.id}/report?lang=en`);
    await page.waitForSelector('#radar svg path', { state: 'attached' });
    // 703 px: the 186 mm between the A4 margins.
    await page.setViewportSize({ width: 703, height: 1000 });
    await page.emulateMedia({ media: 'print' });
    for (let i = 0; i < 50 && (await page.locator('#radar svg').boundingBox())!.width > 500; i++) await page.waitForTimeout(50);
    const box = (await page.locator('#radar').boundingBox())!;
    const outside: string[] = [];
    for (const t of await page.locator('#radar svg text').all()) {
      const r = await t.boundingBox();
      if (r && r.width > 0 && (r.x < box.x - 0.5 || r.x + r.width > box.x + box.width + 0.5 || r.y < box.y - 0.5 || r.y + r.height > box.y + box.height + 0.5)) outside.push((await t.textContent()) ?? '');
    }
    expect(outside).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'report-en-print.png'), fullPage: true });
    await page.emulateMedia({ media: null });
    await page.setViewportSize({ width: 1200, height: 900 });
    // A typical agency's report stays within three A4 pages, in English and in Chinese.
    for (const lang of ['en', 'zh']) {
      await page.goto(`${api.url}/evaluations/${ev.id}/report?lang=${lang}`);
      await page.waitForSelector('#radar svg path', { state: 'attached' });
      const file = join(ARTIFACTS, `report-${lang}.pdf`);
      await page.pdf({ path: file, format: 'A4', printBackground: true, preferCSSPageSize: true });
      expect(statSync(file).size).toBeGreaterThan(20000);
      expect(pdfPages(file)).toBeLessThanOrEqual(3);
      expect(pdfPages(file)).toBeGreaterThanOrEqual(2);
    }
    await page.close();
  });

  test('a vetoed agency\'s report names the veto and what to fix first', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, extraHTTPHeaders: { 'x-api-key': KEYS.viewer } });
    await page.goto(`${api.url}/evaluations/${evaluations[1].id}/report?lang=en`);
    await page.waitForSelector('#radar svg path', { state: 'attached' });
    expect(await page.getAttribute('[data-field=grade]', 'data-grade')).toBe('vetoed');
    expect(await page.locator('[data-gate=seriousDishonestyRecord]').count()).toBe(1);
    expect(await page.getAttribute('[data-field=blockers] li', 'data-blocker')).toBe('seriousDishonestyRecord');
    await page.screenshot({ path: join(ARTIFACTS, 'report-vetoed-en.png'), fullPage: true });
    await page.close();
  });

  test('a condition the standard does not set shows as the committee\'s, with its rationale; the footer says which clients count', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, extraHTTPHeaders: { 'x-api-key': KEYS.viewer } });
    // not-eligible-it-startup has operated 1.5 years: the 2-year prerequisite fails
    await page.goto(`${api.url}/evaluations/${evaluations[2].id}/report`);
    await page.waitForSelector('#radar svg path', { state: 'attached' });
    expect(await page.getAttribute('[data-field=grade]', 'data-grade')).toBe('notEligible');
    const gate = page.locator('.alert [data-gate=minimumOperatingYears]');
    expect(await gate.locator('[data-basis=committee]').innerText()).toBe('委员会设定');
    expect(await gate.locator('[data-field=rationale]').innerText()).toContain('5.1.6 把服务年限作为评分指标');
    expect(await gate.locator('b[data-basis=standard]').count()).toBe(0); // no clause claims it
    // a scoring rule the standard names stands under its indicator's clause; one the committee added carries the tag
    const staff = page.locator('tr[data-indicator=staffSize]');
    expect(await staff.locator('td').first().innerText()).toBe('5.1.4');
    expect(await staff.locator('[data-rule="staffSize.staff20"] [data-basis]').count()).toBe(0);
    expect(await staff.locator('[data-rule="staffSize.fullTime20"] [data-basis=committee]').getAttribute('title')).toContain('5.1.4 counts all staff');
    expect(await page.locator('.foot [data-term=sme]').innerText()).toContain('服务客户只计入符合上述划型标准');
    await page.click('#lang-switch');
    expect(await gate.locator('[data-basis=committee]').innerText()).toBe('committee default');
    expect(await gate.locator('[data-field=rationale]').innerText()).toContain('sets no minimum');
    expect(await page.locator('.foot [data-term=sme]').innerText()).toContain('Only clients that meet this size criterion');
    await page.screenshot({ path: join(ARTIFACTS, 'report-not-eligible-en.png'), fullPage: true });
    await page.close();
  });

  test('the dashboard after logging in: grade counts and means equal the API\'s; a candidate side by side', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${api.url}/login?next=/dashboard`);
    await page.fill('#key', KEYS.viewer);
    await Promise.all([page.waitForURL(/\/dashboard$/), page.click('form.login button')]);
    await page.waitForSelector('section[data-category=professional] svg path', { state: 'attached' });
    const data = (await as(api.url, 'viewer').get('/dashboard/calibration').expect(200)).body;
    const professional = data.active.professional;
    expect(professional.agencies).toBe(5);
    const cat = page.locator('section[data-category=professional]');
    for (const g of data.grades) {
      expect(Number(await cat.locator(`tr[data-grade="${g.id}"] [data-field=active]`).textContent())).toBe(professional.grades[g.id] ?? 0);
    }
    for (const [id, mean] of Object.entries<number>(professional.meanNodes)) {
      expect(await cat.locator(`tr[data-node="${id}"] [data-field=active]`).textContent()).toBe(mean.toFixed(2));
    }
    expect(await cat.locator('[data-field=meanTotal]').textContent()).toBe(professional.meanTotal.toFixed(2));
    expect(await page.locator('section[data-category=platform] svg path').count()).toBeGreaterThan(0);
    // A candidate's calibration (the shape calibrate() returns): one more four-star agency, lower impact scores.
    const candidate = structuredClone(data.active);
    candidate.professional.grades.fourStar = (candidate.professional.grades.fourStar ?? 0) + 1;
    candidate.professional.meanNodes.impact = 12.5;
    const file = join(ARTIFACTS, 'candidate-calibration.json');
    writeFileSync(file, JSON.stringify({ calibration: { active: data.active, candidate } }));
    await page.setInputFiles('#candidate-file', file);
    await page.waitForSelector('section[data-category=professional] [data-field=candidate]');
    expect(await cat.locator('tr[data-grade=fourStar] [data-field=candidate]').textContent()).toBe(String(candidate.professional.grades.fourStar));
    expect(await cat.locator('tr[data-node=impact] [data-field=candidate]').textContent()).toBe('12.50');
    const series = await page.evaluate(() => (globalThis as unknown as { __charts: Record<string, { getOption(): { series: unknown[] } }> }).__charts['grades-professional'].getOption().series.length);
    expect(series).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-zh.png'), fullPage: true });
    await page.click('#lang-switch');
    expect(await page.locator('h1').innerText()).toBe('Committee dashboard');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-en.png'), fullPage: true });
    await context.close();
  });

  test('the dashboard beside an uploaded draft: four stars from 85 moves guarantee-company (82.40) to three stars', async () => {
    const base = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'rules', 'base.json'), 'utf8'));
    base.grades = base.grades.map((g: { id: string }) => (g.id === 'fourStar' ? { ...g, min: 85 } : g.id === 'threeStar' ? { ...g, max: 85 } : g));
    const draft = await as(api.url, 'admin').post('/rulesets/candidates', { name: '四星 85 分起 / four stars from 85', files: { 'base.json': base } }).expect(201);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, extraHTTPHeaders: { 'x-api-key': KEYS.viewer } });
    await page.goto(`${api.url}/dashboard?candidate=${draft.body.id}`);
    const cat = page.locator('section[data-category=professional]');
    await page.waitForSelector('section[data-category=professional] [data-field=candidate]');
    // professional examples here: guarantee-company four stars, hr-service-firm three stars (70.55), the others below
    expect(await cat.locator('tr[data-grade=fourStar] [data-field=active]').textContent()).toBe('1');
    expect(await cat.locator('tr[data-grade=fourStar] [data-field=candidate]').textContent()).toBe('0');
    expect(await cat.locator('tr[data-grade=threeStar] [data-field=active]').textContent()).toBe('1');
    expect(await cat.locator('tr[data-grade=threeStar] [data-field=candidate]').textContent()).toBe('2');
    expect(await page.locator('#candidate-name').textContent()).toBe('四星 85 分起 / four stars from 85');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-candidate.png'), fullPage: true });
    await page.close();
  });

  test('the dashboard counts vetoed and not-eligible agencies apart, shows each indicator\'s spread and the agencies near a boundary, filters by period and region, and leads from a bar to its agencies', async () => {
    // One more agency, in another region and period: other-consulting, 61.36 (two stars from 60).
    const ex = readExample('other-consulting');
    const agency = await as(api.url, 'assessor').post('/agencies', { ...ex.agency, creditCode: creditCodeFor(990), region: '浙江省杭州市' }).expect(201);
    const sub = await as(api.url, 'assessor').post(`/agencies/${agency.body.id}/submissions`, { period: '2027', facts: ex.facts }).expect(201);
    await as(api.url, 'assessor').post('/evaluations', { submissionId: sub.body.id }).expect(201);

    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${api.url}/login?next=${encodeURIComponent('/dashboard?lang=en')}`);
    await page.fill('#key', KEYS.viewer);
    await Promise.all([page.waitForURL(/\/dashboard\?lang=en$/), page.click('form.login button')]);
    const cat = page.locator('section[data-category=professional]');
    // professional: guarantee-company 82.40, hr-service-firm 70.55, training-institute 52.13 in the means; one
    // vetoed and one not eligible apart. Mean (82.40 + 70.55 + 52.13) / 3 = 68.36.
    expect(await cat.locator('[data-field=scored]').textContent()).toBe('3');
    expect(await cat.locator('[data-field=vetoed]').textContent()).toBe('1');
    expect(await cat.locator('[data-field=notEligible]').textContent()).toBe('1');
    expect(await cat.locator('[data-field=meanTotal]').textContent()).toBe('68.36');
    // Staff size (test/examples/WORKED.md): 85, 85 and 30 of 100 → min 30, Q1 57.5, median 85, Q3 85, max 85.
    expect(await cat.locator('[data-field=spread] tr[data-indicator=staffSize] td.n').allTextContents()).toEqual(['30.00', '57.50', '85.00', '85.00', '85.00']);
    await cat.locator('details.spread summary').click();
    expect(await page.locator('section[data-category=professional] #s-professional svg path').count()).toBeGreaterThan(20);
    // Within 2 points of a boundary: hr-service-firm, 0.55 above three stars (70); guarantee-company is 2.40 above 80.
    expect(await cat.locator('[data-field=nearBoundary] tr[data-agency] [data-field=distance]').allTextContents()).toEqual(['+0.55']);
    expect(await page.locator('section[data-category=other] [data-field=nearBoundary] [data-field=distance]').allTextContents()).toEqual(['+1.36']);
    // The file picker speaks the page's language.
    expect(await page.locator('label[for=candidate-file]').innerText()).toBe('Choose a file…');
    expect(await page.locator('#candidate-name').innerText()).toBe('No file chosen');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-boundaries-en.png'), fullPage: true });

    // A bar leads to its agencies: the three-star bar of professional is hr-service-firm.
    const at = await page.evaluate(() => {
      const chart = (globalThis as unknown as { __charts: Record<string, { convertToPixel(f: object, v: number[]): number[]; getOption(): { xAxis: { data: string[] }[] } }> }).__charts['grades-professional'];
      return chart.convertToPixel({ seriesIndex: 0 }, [chart.getOption().xAxis[0].data.indexOf('Three stars'), 0.5]);
    });
    await page.locator('#g-professional').scrollIntoViewIfNeeded();
    const box = (await page.locator('#g-professional').boundingBox())!;
    await Promise.all([page.waitForURL(/\/registry\?/), page.mouse.click(box.x + at[0], box.y + at[1])]);
    expect(new URL(page.url()).searchParams.get('grade')).toBe('threeStar');
    expect(await page.locator('tr[data-agency] [data-field=name]').allTextContents()).toEqual([readExample('hr-service-firm').agency.name]);

    // Filters: period 2027 holds only the new agency; so does the region 浙江.
    for (const q of ['period=2027', 'region=%E6%B5%99%E6%B1%9F']) {
      await page.goto(`${api.url}/dashboard?${q}`);
      expect(await page.locator('section[data-category=professional] [data-field=scored]').count()).toBe(0);
      expect(await page.locator('section[data-category=other] [data-field=scored]').textContent()).toBe('1');
    }
    await page.goto(`${api.url}/dashboard`);
    await page.selectOption('.filters [name=period]', '2026');
    await Promise.all([page.waitForURL(/period=2026/), page.click('.filters button')]);
    expect(await page.locator('section[data-category=professional] [data-field=scored]').textContent()).toBe('3');
    expect(await page.locator('section[data-category=other] [data-field=scored]').count()).toBe(0);
    await context.close();
  });
});
