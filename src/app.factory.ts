import 'reflect-metadata';
import { ConsoleLogger, Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { handleError } from './common/all-exceptions.filter.js';
import { requestId, RequestLogger } from './common/request-logging.js';
import { createValidationPipe } from './common/validation.js';
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
 * Builds the whole service on fastify: body limit, request ids and logs, the validation pipe, the exception
 * handling for errors raised before Nest sees the request, and the OpenAPI document at /docs and /docs-json.
 * Used by `main.ts`, the tests and the HTTP benchmark alike.
 */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    genReqId: requestId,
    trustProxy: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forConfig(config), adapter, {
    logger: createLogger(config),
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  new RequestLogger().register(fastify);
  const logger = new Logger('HttpErrors');
  fastify.setErrorHandler((err, req, reply) => {
    const body = handleError(err, req, logger);
    void reply.status(body.statusCode).send(body);
  });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, openApiConfig()), {
    jsonDocumentUrl: 'docs-json',
  });
  return app;
}

function openApiConfig() {
  return new DocumentBuilder()
    .setTitle('中小企业服务机构通用能力评价 API / SME service agency evaluation API')
    .setDescription(
      '按《中小企业服务机构通用能力建设 第1部分：评价体系》评价服务机构：登记机构、按期提交事实、评价并保存结果。' +
        '所有错误均返回 {statusCode, code, message: {zh, en}, details}。\n\n' +
        'Evaluates SME service agencies against the capability-evaluation standard: register agencies, submit facts ' +
        'per period, evaluate and store results. Every error answers {statusCode, code, message: {zh, en}, details}.',
    )
    .setVersion('1')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key', description: 'API 密钥 / API key' }, 'apiKey')
    .build();
}
