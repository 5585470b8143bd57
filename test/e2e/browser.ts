import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Where page tests leave screenshots and PDFs (ignored by git). */
export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');

/**
 * The browser the page tests drive, in this order: `CHROMIUM_PATH`, a `chromium` (or `chromium-browser`) on PATH,
 * else the headless build that `@sparticuz/chromium` ships inside its npm package (unpacked to the temp folder on
 * first use, no download).
 */
export async function chromiumExecutable(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const system = dirs.flatMap((d) => [join(d, 'chromium'), join(d, 'chromium-browser')]).find((p) => existsSync(p));
  if (system) return system;
  const { default: bundled } = await import('@sparticuz/chromium');
  return bundled.executablePath();
}

/** Headless chromium; playwright gives each launch a fresh empty profile. The page bundles are built first. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  execFileSync(process.execPath, [join(import.meta.dirname, '..', '..', 'scripts', 'bundle-pages.mjs')], { stdio: 'inherit' });
  return chromium.launch({
    executablePath: await chromiumExecutable(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The policy the hardening work sends: no inline script, no eval, nothing from elsewhere. */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * Serves every page of a context under STRICT_CSP (added to each answer) and collects what the browser refuses,
 * so a test can assert that the pages need no inline script.
 */
export async function underStrictCsp(context: BrowserContext): Promise<string[]> {
  const refused: string[] = [];
  await context.route('**/*', async (route) => {
    const response = await route.fetch({ maxRedirects: 0 });
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': STRICT_CSP } });
  });
  context.on('page', (page: Page) => watchCsp(page, refused));
  return refused;
}

function watchCsp(page: Page, refused: string[]): void {
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
  });
  page.on('pageerror', (e) => refused.push(`page error: ${e.message}`));
}
