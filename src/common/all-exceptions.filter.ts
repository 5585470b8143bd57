import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RulesetInvalidError } from '../core/index.js';
import { toErrorBody } from './error-body.js';

/** The one exception filter: every error becomes `{statusCode, code, message: {zh, en}, details}`. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(err: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const body = handleError(err, ctx.getRequest<FastifyRequest>(), this.logger);
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}

/** Maps and logs an error; shared by the filter and fastify's own error handler (body parsing, limits). */
export function handleError(err: unknown, req: FastifyRequest | undefined, logger: Logger) {
  const body = toErrorBody(err);
  const reqId = req?.id;
  if (body.statusCode >= 500) {
    const issues = err instanceof RulesetInvalidError ? err.issues : undefined;
    logger.error({ reqId, code: body.code, issues }, err instanceof Error ? err.stack : String(err));
  } else {
    logger.debug({ reqId, code: body.code, status: body.statusCode });
  }
  return body;
}
