import 'reflect-metadata';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { registerRequestIds, RequestLogController, requestId, requestLoggerOptions, type LogDestination } from './common/request-logging.js';
import { registerInputLimits } from './common/input-limits.js';
import { registerSecurity } from './common/security.js';
import { createValidationPipe } from './common/validation.js';
import { setupDocs } from './docs/docs.js';
import { setupFonts } from './pages/fonts.js';
import type { AppConfig } from './config/app-config.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** The logger for the configured level and format (JSON in production), with keys redacted if one slips in. */
export function createLogger(config: AppConfig): ConsoleLogger {
  return new ConsoleLogger({
    json: config.logFormat === 'json',
    colors: false,
    logLevels: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
    redact: ['x-api-key', 'authorization', 'apiKey', 'facts'],
  });
}

/**
 * Builds the whole service on fastify: body limit, request ids and logs (fastify's pino; `requestLog` replaces
 * their destination, for tests), the validation pipe and the OpenAPI document at /docs and /docs-json. Fastify's own errors (body too large, bad JSON) reach the one exception filter
 * through Nest's exception layer.
 * Used by `main.ts`, the tests and the HTTP benchmark alike.
 */
export async function createApp(config: AppConfig, options: { requestLog?: LogDestination } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    genReqId: requestId,
    // fastify takes a hop count too, which the adapter's type leaves out
    trustProxy: config.trustProxy as boolean | string[],
    logger: requestLoggerOptions(config, options.requestLog),
    logController: new RequestLogController(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forConfig(config), adapter, {
    logger: createLogger(config),
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  await registerSecurity(app, config);
  registerRequestIds(fastify);
  registerInputLimits(app, config.limits, config.bodyLimitBytes);
  // JSON only: a text/plain body is refused with 415 instead of reaching the validation as a string.
  fastify.removeContentTypeParser(['text/plain']);
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  setupDocs(app, config);
  setupFonts(app);
  return app;
}
