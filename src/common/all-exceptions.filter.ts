import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorBody } from './error-body.js';

/** The one exception filter: every error becomes `{statusCode, code, message: {zh, en}, details}`. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(err: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const reqId = ctx.getRequest<FastifyRequest>()?.id;
    const body = toErrorBody(err);
    // Server faults are logged whole (stack included); the answer never carries them.
    if (body.statusCode >= 500) this.logger.error({ reqId, code: body.code }, err instanceof Error ? err.stack : String(err));
    else this.logger.debug({ reqId, code: body.code, status: body.statusCode });
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
