import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { AppConfig, LogLevelName } from '../config/app-config.js';

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** Request ids: the caller's `x-request-id` when it is sane, else a new UUID; echoed in the answer. */
export function requestId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Where log lines go: pino writes one JSON line per `write`. */
export interface LogDestination {
  write(line: string): void;
}

/** Request headers that carry secrets: censored in every request log line. */
const SECRET_HEADERS = ['x-api-key', 'authorization', 'cookie'];

const PINO_LEVELS: Record<LogLevelName, string> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };
const NEST_LEVELS: Record<string, string> = { fatal: 'fatal', error: 'error', warn: 'warn', info: 'log', debug: 'debug', trace: 'verbose' };

/**
 * The request logs, through fastify's own logger (pino): one line per request, with its id (`reqId`: the caller's
 * `x-request-id` or a new UUID), method, route pattern (never the URL: a `?key=` stays out), headers with the
 * secret ones censored, status and latency. JSON lines under `LOG_FORMAT=json`; under `text`, one readable line like
 * NestJS's. The rest of the service logs through NestJS's Logger.
 */
export function requestLoggerOptions(config: AppConfig, destination?: LogDestination): FastifyServerOptions['logger'] {
  return {
    level: PINO_LEVELS[config.logLevel],
    // The same JSON keys as NestJS's JSON logger, so that one log holds one shape of line.
    base: { pid: process.pid, context: 'Request' },
    messageKey: 'message',
    timestamp: () => `,"timestamp":${Date.now()}`,
    formatters: { level: (label: string) => ({ level: NEST_LEVELS[label] ?? label }) },
    redact: { paths: SECRET_HEADERS.map((h) => `req.headers["${h}"]`), censor: '[redacted]' },
    serializers: {
      req: (req: FastifyRequest) => ({ method: req.method, route: req.routeOptions?.url ?? 'unmatched', headers: req.headers }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
    },
    stream: destination ?? (config.logFormat === 'json' ? process.stdout : textLines(process.stdout)),
  };
}

/**
 * Fastify's request log lines, one per request: none when it comes in, one when its answer has gone (level error
 * when the answer failed to go out). NestJS answers unknown routes itself, so fastify's "not found" line is dropped.
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {}

  override routeNotFound(): void {}

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    const line = { req, res: reply, responseTime: Math.round(reply.elapsedTime * 10) / 10 };
    if (error) reply.log.error({ ...line, err: error }, 'request');
    else reply.log.info(line, 'request');
  }
}

/** Echoes the request id in every answer (`x-request-id`). */
export function registerRequestIds(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });
}

/** Pino's JSON lines as text lines in NestJS's layout, for reading in a terminal (`LOG_FORMAT=text`). */
function textLines(out: NodeJS.WritableStream): LogDestination {
  return {
    write(line: string) {
      const o = JSON.parse(line) as { level: string; timestamp: number; pid: number; message: string; reqId?: string; req?: { method: string; route: string }; res?: { statusCode: number }; responseTime?: number };
      const what = o.req && o.res ? `${o.reqId} ${o.req.method} ${o.req.route} ${o.res.statusCode} ${o.responseTime}ms` : `${o.reqId ? `${o.reqId} ` : ''}${o.message}`;
      out.write(`[Nest] ${o.pid}  - ${new Date(o.timestamp).toLocaleString()} ${o.level.toUpperCase().padStart(7)} [Request] ${what}\n`);
    },
  };
}
