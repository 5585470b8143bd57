import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { InputLimits } from '../common/input-limits.js';
import type { AppConfig } from '../config/app-config.js';
import { StandardService } from '../rulesets/standard.service.js';
import { withLiveExamples } from './examples.js';
import { ERROR_MEANING } from './api-errors.js';
import { ref, SCHEMAS } from './schemas.js';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** Starts the UI: a file, not an inline script, so the page runs under the CSP that forbids inline scripts. */
const INIT = `window.ui = SwaggerUIBundle({ url: '/docs-json', dom_id: '#swagger-ui', persistAuthorization: true });\n`;

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>SME agency evaluation API / 中小企业服务机构评价 API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"><link rel="icon" href="/docs/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body></html>`;

/**
 * The OpenAPI document at /docs-json (its examples taken from the standard in force: see examples.ts) and the Swagger
 * UI at /docs. The UI's files come from swagger-ui-dist through
 * three plain routes rather than @fastify/static (whose ESM-only dependency the jest runtime cannot load), so the
 * same app runs under the tests.
 */
export function setupDocs(app: NestFastifyApplication, config: AppConfig): void {
  const document = withErrorsAndLimits(withLimits(SwaggerModule.createDocument(app, openApiConfig()), config.limits), { rateLimited: config.rateLimit.perKeyPerMinute > 0 });
  const standard = app.get(StandardService);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    ui: false,
    // The categories in force (they are data and may change on a reload) as the enum of every category field, and
    // examples from the standard in force that can be sent as they are.
    patchDocumentOnRequest: (_req, _res, doc) =>
      standard.loaded ? withLiveExamples(withCategoryEnum(structuredClone(doc), standard.current.evaluator.categories()), standard.current.standard) : doc,
  });
  const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const files = Object.fromEntries(Object.keys(ASSETS).map((f) => [f, readFileSync(join(dist, f))]));
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/docs', (_req, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
  fastify.get('/docs/init.js', (_req, reply) => reply.type('application/javascript; charset=utf-8').send(INIT));
  fastify.get<{ Params: { file: string } }>('/docs/:file', (req, reply) => {
    const body = files[req.params.file];
    if (!body) return reply.status(404).send({ statusCode: 404, code: 'notFound', message: { zh: '资源不存在', en: 'Not found' }, details: [] });
    return reply.type(ASSETS[req.params.file]).header('cache-control', 'public, max-age=86400').send(body);
  });
}

type Operation = {
  parameters?: unknown[];
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
  responses: Record<string, { description?: string; content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
};

/**
 * What holds for every operation, added once to the document Nest builds from the decorators:
 * - the schemas of schemas.ts join the components (the DTO classes' own schemas stay as they are);
 * - an operation that takes parameters or a body can answer 400 (validation), one with a body also 413 (the body
 *   limit) and 415 (a body of another media type);
 * - every error answer has the shared error body;
 * - a JSON request body's schemas, and those they refer to, refuse properties they do not list, as the validation
 *   pipe does (`forbidNonWhitelisted`);
 * - with the per-key rate limit on (RATE_LIMIT_PER_MINUTE > 0), every operation but the health checks can answer 429,
 *   with Retry-After.
 */
export function withErrorsAndLimits(doc: OpenAPIObject, options: { rateLimited: boolean }): OpenAPIObject {
  const schemas = (doc.components ??= {}).schemas ??= {};
  for (const [name, schema] of Object.entries(SCHEMAS)) schemas[name] ??= schema as (typeof schemas)[string];
  const closed = new Set<string>();
  const close = (name: string) => {
    const schema = schemas[name] as { properties?: Record<string, { $ref?: string; items?: { $ref?: string } }>; additionalProperties?: unknown } | undefined;
    if (!schema || closed.has(name)) return;
    closed.add(name);
    schema.additionalProperties ??= false;
    for (const p of Object.values(schema.properties ?? {})) {
      const target = p.$ref ?? p.items?.$ref;
      if (target) close(target.split('/').at(-1)!);
    }
  };
  for (const [route, path] of Object.entries(doc.paths)) {
    for (const op of Object.values(path) as Operation[]) {
      const json = op.requestBody?.content?.['application/json'];
      const added = [
        ...((op.parameters?.length ?? 0) > 0 || op.requestBody ? [400] : []),
        ...(op.requestBody ? [413, 415] : []),
      ];
      for (const status of added) op.responses[status] ??= { description: ERROR_MEANING[status] };
      if (options.rateLimited && !route.startsWith('/health/')) {
        op.responses[429] ??= {
          description: ERROR_MEANING[429],
          headers: { 'Retry-After': { description: '可重试前的秒数 / Seconds before a retry', schema: { type: 'integer' } } },
        };
      }
      for (const [status, response] of Object.entries(op.responses)) {
        // (an operation that produces a file still answers its errors in JSON)
        if (Number(status) >= 400 && !response.content?.['application/json']) response.content = { 'application/json': { schema: ref('ErrorBody') } };
      }
      if (json?.schema?.$ref) close(json.schema.$ref.split('/').at(-1)!);
    }
  }
  return doc;
}

/**
 * The categories are data (criteria/classification.json), so the DTOs check only their form; the document lists the
 * loaded ones as the enum of every `category` field and parameter.
 */
function withCategoryEnum<T>(node: T, categories: string[]): T {
  if (Array.isArray(node)) node.forEach((n) => withCategoryEnum(n, categories));
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const o = node as Record<string, unknown>;
  const props = o.properties as Record<string, Record<string, unknown>> | undefined;
  // Replaced, not changed in place: schemas share their plain parts (one `string` schema for many fields).
  if (props?.category && props.category.type !== 'array') props.category = { ...props.category, type: 'string', enum: categories, example: categories[0] };
  if (o.in !== undefined && o.name === 'category' && o.schema) o.schema = { ...(o.schema as object), enum: categories };
  for (const v of Object.values(o)) withCategoryEnum(v, categories);
  return node;
}

/**
 * The configured input limits written into the document, as the server enforces them: `maxProperties` on every
 * free-form object (facts, evidence), `maxItems` on every array, and the `page`/`pageSize` ranges.
 */
export function withLimits<T>(node: T, limits: InputLimits): T {
  if (Array.isArray(node)) node.forEach((n) => withLimits(n, limits));
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const o = node as Record<string, unknown>;
  for (const v of Object.values(o)) withLimits(v, limits);
  if (o.type === 'object' && o.additionalProperties !== undefined && o.additionalProperties !== false) {
    o.maxProperties = Math.min(Number(o.maxProperties ?? Infinity), limits.maxFacts);
  }
  if (o.type === 'array') o.maxItems = Math.min(Number(o.maxItems ?? Infinity), limits.maxListItems);
  if (o.in === 'query' && (o.name === 'page' || o.name === 'pageSize') && o.schema) {
    o.schema = { ...(o.schema as object), type: 'integer', minimum: 1, maximum: o.name === 'page' ? limits.maxPage : limits.maxPageSize };
  }
  return node;
}

function openApiConfig() {
  return new DocumentBuilder()
    .setTitle('中小企业服务机构通用能力评价 API / SME service agency evaluation API')
    .setDescription(
      '按《中小企业服务机构通用能力建设 第1部分：评价体系》评价服务机构：登记机构、按期提交事实、评价并保存结果。' +
        '所有错误均返回 {statusCode, code, message: {zh, en}, details}（details 至多 MAX_ERROR_DETAILS 条，超出时 detailsTotal 给出总数）。' +
        '请求体的嵌套深度、对象成员数与数组项数受配置限制；文本不得含 NUL 或不成对的代理项（400 inputLimit）。\n\n' +
        'Evaluates SME service agencies against the capability-evaluation standard: register agencies, submit facts ' +
        'per period, evaluate and store results. Every error answers {statusCode, code, message: {zh, en}, details} ' +
        '(at most MAX_ERROR_DETAILS details; when more were found, detailsTotal counts them). Bodies are bounded in ' +
        'nesting depth, object members and array items, and text may hold no NUL or lone surrogate (400 inputLimit).',
    )
    .setVersion('1')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key', description: 'API 密钥 / API key' }, 'apiKey')
    .build();
}
