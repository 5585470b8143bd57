import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bi2, esc, layout } from './html.js';
import { PageKeyGuard, SESSION_PRINCIPAL } from './page-auth.guard.js';

/** The login form for pages, its cookie, and the bundled charting library (served from node_modules, no CDN). */
@Injectable()
export class PagesService {
  private readonly logger = new Logger(PagesService.name);
  private chartsLibrary?: Buffer;

  constructor(private readonly guard: PageKeyGuard) {}

  /** The login form: an API key in, a cookie out, back to the page asked for. */
  loginPage(next: string | undefined, lang: string | undefined, failed: boolean): string {
    const body = `<h1>${bi2('登录', 'Log in')}</h1>
<p class="sub">${bi2('使用 API 密钥查看报告与看板（角色与 API 相同）。', 'Use an API key to open reports and the dashboard (same roles as the API).')}</p>
${failed ? `<div class="alert">${bi2('密钥无效。', 'Unknown key.')}</div>` : ''}
<form class="login" method="post" action="/login">
  <label for="key">${bi2('API 密钥', 'API key')}</label>
  <input id="key" name="key" type="password" autocomplete="current-password" required>
  <input type="hidden" name="next" value="${esc(safeNext(next))}">
  <button type="submit">${bi2('登录', 'Log in')}</button>
</form>`;
    return layout({ title: { zh: '登录', en: 'Log in' }, lang: lang === 'en' ? 'en' : 'zh', body });
  }

  /**
   * Starts the page session for a known key and redirects; an unknown key goes back to the form. The session cookie
   * (encrypted, HttpOnly, SameSite=Strict, Secure over HTTPS, 8 h) holds the key's name, never the key.
   */
  login(body: { key?: string; next?: string }, req: FastifyRequest, reply: FastifyReply): void {
    const next = safeNext(body.next);
    const entry = typeof body.key === 'string' ? this.guard.find(body.key) : undefined;
    if (!entry) {
      void reply.header('location', `/login?failed=1&next=${encodeURIComponent(next)}`);
      return;
    }
    this.logger.log(`page login: ${entry.principal}`);
    session(req).set(SESSION_PRINCIPAL, entry.principal);
    void reply.header('location', next);
  }

  logout(req: FastifyRequest, reply: FastifyReply): void {
    session(req).delete();
    void reply.header('location', '/login');
  }

  /** echarts' minified build, read once from the installed package. */
  echarts(): Buffer {
    if (!this.chartsLibrary) {
      const main = createRequire(import.meta.url).resolve('echarts');
      this.chartsLibrary = readFileSync(join(dirname(main), 'echarts.min.js'));
    }
    return this.chartsLibrary;
  }
}

const session = (req: FastifyRequest) => (req as FastifyRequest & { session: { set(k: string, v: unknown): void; delete(): void } }).session;

/** Only a path on this site (no scheme, no `//host`): an open redirect is refused. */
function safeNext(next: string | undefined): string {
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : '/dashboard';
}
