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
      const route = req.routeOptions.url ?? 'unmatched';
      this.logger.log(`${req.id} ${req.method} ${route} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`);
    });
  }
}
