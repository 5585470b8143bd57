import { Catch, Inject, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { toErrorBody } from './error-body.js';
import { capDetails } from './input-limits.js';

/**
 * The one exception filter: every error becomes `{statusCode, code, message: {zh, en}, details}`, with at most
 * MAX_ERROR_DETAILS details (then `detailsTotal` counts them all), so no error body grows with its input.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const reqId = ctx.getRequest<FastifyRequest>()?.id;
    const body = capDetails(toErrorBody(err), this.config.limits.maxErrorDetails);
    // Server faults are logged whole (stack included); the answer never carries them.
    if (body.statusCode >= 500) this.logger.error({ reqId, code: body.code }, err instanceof Error ? err.stack : String(err));
    else this.logger.debug({ reqId, code: body.code, status: body.statusCode });
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
