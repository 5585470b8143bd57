import { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** Request ids: the caller's `x-request-id` when it is sane, else a new UUID; echoed in the answer. */
export function requestId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * One log line per request with its id, method, route, status and latency. Never bodies (facts stay out of logs)
 * and never headers (keys stay out of logs).
 */
export class RequestLogger {
  private readonly logger = new Logger(RequestLogger.name);

  register(fastify: FastifyInstance): void {
    fastify.addHook('onSend', async (req, reply) => {
      void reply.header('x-request-id', req.id);
    });
    fastify.addHook('onResponse', async (req, reply) => {
      this.logger.log({
        reqId: req.id,
        method: req.method,
        route: req.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      });
    });
  }
}
