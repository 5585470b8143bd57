import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import secureSession from '@fastify/secure-session';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { ApiError } from './api-error.js';

/** The page session's cookie: encrypted and authenticated (@fastify/secure-session), holding a key's name only. */
export const SESSION_COOKIE = 'sme_session';

/**
 * Pages run bundled scripts only (no inline script, no eval) and may not be framed. Styles may be inline: CodeMirror
 * and echarts inject theirs at run time, and a style cannot run code.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const isLogin = (req: FastifyRequest) => req.method === 'POST' && req.url.split('?')[0] === '/login';

/** The rate-limit bucket of a request: the login form by address, anything else by the key it presents (or address). */
function bucket(req: FastifyRequest): string {
  if (isLogin(req)) return `login:${req.ip}`;
  const header = req.headers['x-api-key'] ?? /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  return typeof header === 'string' && header !== '' ? `key:${createHash('sha256').update(header).digest('hex')}` : `ip:${req.ip}`;
}

/**
 * Security headers (helmet with the CSP above), rate limits (per key on the API, per address on POST /login,
 * answered 429 in the error body shape with Retry-After) and the encrypted page session. Registered before any
 * route, so that every route has them.
 */
export async function registerSecurity(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  await app.register(helmet, { contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY }, frameguard: { action: 'deny' } });
  const { perKeyPerMinute, loginPerMinute } = config.rateLimit;
  await app.register(rateLimit, {
    global: true,
    timeWindow: 60_000,
    max: (req) => (isLogin(req) ? loginPerMinute : perKeyPerMinute || 1e9),
    keyGenerator: bucket,
    allowList: (req) => req.url.startsWith('/health/') || (!isLogin(req) && perKeyPerMinute === 0),
    errorResponseBuilder: (_req, ctx) =>
      new ApiError(429, 'tooManyRequests', {
        zh: `请求过多：每分钟至多 ${ctx.max} 次，请于 ${Math.ceil(ctx.ttl / 1000)} 秒后重试`,
        en: `Too many requests: at most ${ctx.max} a minute; retry in ${Math.ceil(ctx.ttl / 1000)} s`,
      }),
  });
  await app.register(secureSession, {
    key: config.session.key,
    cookieName: SESSION_COOKIE,
    expiry: config.session.maxAgeSeconds,
    // Secure when the request came over HTTPS (as seen through TRUST_PROXY when it is set)
    cookie: { path: '/', httpOnly: true, sameSite: 'strict', secure: 'auto', maxAge: config.session.maxAgeSeconds },
  });
}
