import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { launchChromium } from './browser.js';
import { KEYS, startApi, type RunningApi } from './support.js';

const cookieOf = (res: request.Response) => ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0] ?? '';

describe('sessions and headers', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi('sqlite', { LOGIN_RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('sends a CSP without inline scripts and with frame-ancestors none, on pages, the API and the docs', async () => {
    for (const path of ['/login', '/health/live', '/docs']) {
      const res = await request(api.url).get(path).expect(200);
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
    const docs = (await request(api.url).get('/docs').expect(200)).text;
    expect(docs).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect((await request(api.url).get('/docs/init.js').expect(200)).text).toContain('SwaggerUIBundle');
  });

  it('rate-limits POST /login per address with 429 in the error body shape and Retry-After, whatever X-Forwarded-For says', async () => {
    const login = (forwarded: string) => request(api.url).post('/login').set('x-forwarded-for', forwarded).type('form').send({ key: 'wrong-key-0000', next: '/' });
    for (let i = 1; i <= 3; i++) await login(`10.0.0.${i}`).expect(303);
    const refused = await login('10.0.0.4').expect(429);
    expect(refused.body).toEqual({ statusCode: 429, code: 'tooManyRequests', message: { zh: expect.stringContaining('3'), en: expect.stringMatching(/^Too many requests: at most 3 a minute/) }, details: [] });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('rate-limits the API per key: one key over its limit does not stop another', async () => {
    for (let i = 0; i < 5; i++) await request(api.url).get('/rulesets').set('x-api-key', KEYS.viewer).expect(200);
    const refused = await request(api.url).get('/rulesets').set('x-api-key', KEYS.viewer).expect(429);
    expect(refused.body.code).toBe('tooManyRequests');
    expect(refused.headers['retry-after']).toBeDefined();
    await request(api.url).get('/rulesets').set('authorization', `Bearer ${KEYS.admin}`).expect(200);
    await request(api.url).get('/health/live').expect(200);
  });

});

describe('the session cookie', () => {
  it('holds no key, is Secure only over HTTPS as TRUST_PROXY reports it, and needs TRUST_PROXY to believe X-Forwarded-*', async () => {
    const plain = await startApi('sqlite');
    const proxied = await startApi('sqlite', { TRUST_PROXY: 'true' });
    try {
      const login = (url: string) => request(url).post('/login').set('x-forwarded-proto', 'https').type('form').send({ key: KEYS.assessor, next: '/' }).expect(303);
      const direct = cookieOf(await login(plain.url));
      expect(direct).toMatch(/^sme_session=/);
      expect(direct).not.toMatch(/; Secure/);
      expect(decodeURIComponent(direct)).not.toContain(KEYS.assessor);
      const behindProxy = cookieOf(await login(proxied.url));
      expect(behindProxy).toMatch(/; Secure/);
      // the session opens pages; a key removed from API_KEYS would end it (the session holds the name only)
      await request(plain.url).get('/registry').set('cookie', direct.split(';')[0]).expect(200);
      expect(plain.config.trustProxy).toBe(false);
    } finally {
      await plain.close();
      await proxied.close();
    }
  });
});

describe('the docs UI under the CSP the server sends', () => {
  it('renders its operations with no script or style refused', async () => {
    const api = await startApi('sqlite');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const refused: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
      });
      page.on('pageerror', (e) => refused.push(e.message));
      await page.goto(`${api.url}/docs`);
      await page.waitForSelector('.opblock', { timeout: 30000 });
      expect(await page.locator('.opblock').count()).toBeGreaterThan(30);
      expect(refused).toEqual([]);
    } finally {
      await browser.close();
      await api.close();
    }
  }, 120000);
});
