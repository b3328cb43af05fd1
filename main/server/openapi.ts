import { z } from 'zod';
import { HTTP_STATUS, TOPIC_NAMES, methods, type ErrorCode, type MethodSpec } from '../contract/index.js';
import type { SliceRoutes } from './route-kit/index.js';

/**
 * The OpenAPI 3.1 document, generated from the contract rather than from Fastify route schemas:
 * every method shares the one `/api/rpc/:method` route, so only the contract knows each method's
 * schemas, role and scope. (@fastify/swagger would describe a single opaque route.)
 */
export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, unknown> };

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const ERROR_DESCRIPTIONS: Record<ErrorCode, string> = {
  invalid_input: 'The input failed validation; `issues` names every failing field.',
  unauthenticated: 'No valid session token. Sign in with `auth.login` and send `Authorization: Bearer <token>`.',
  forbidden: 'The session is valid but its role is too low for this method.',
  unknown_method: 'No method by that name.',
  not_found: 'The thing asked for does not exist in your tenant.',
  request_timeout: 'The request took too long to arrive; the connection is closed.',
  uri_too_long: 'A part of the URL is too long.',
  headers_too_large: 'The request headers are too large; the connection is closed.',
  conflict: 'The change clashes with existing data (for example a slug already in use).',
  payload_too_large: 'The body is larger than the server accepts (server.bodyLimitBytes).',
  unsupported_media_type: 'The body is not `application/json`.',
  unprocessable:
    'The file is of an accepted type but cannot be read (a corrupt or truncated clip, a tampered archive object).',
  rate_limited: 'Too many requests; retry after the `Retry-After` header (seconds).',
  internal: 'Something failed inside Outpost; the details are in the server log, never in the answer.',
  unavailable: 'Outpost is starting or shutting down.',
  insufficient_storage:
    'The disk is at its low-space floor and only protected media are left to remove; free space or release a keep.',
};

const errorRef = { $ref: '#/components/schemas/Error' };

function errorResponses(codes: ErrorCode[]): Record<string, unknown> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(HTTP_STATUS[code], [...(byStatus.get(HTTP_STATUS[code]) ?? []), code]);
  const responses: Record<string, unknown> = {};
  for (const [status, group] of byStatus) {
    const response: Record<string, unknown> = {
      description: group.map((c) => `\`${c}\`: ${ERROR_DESCRIPTIONS[c]}`).join(' '),
      content: { 'application/json': { schema: errorRef } },
    };
    if (status === 429) response.headers = { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds.' } };
    responses[String(status)] = response;
  }
  return responses;
}

function describe(spec: MethodSpec): string {
  const access =
    spec.access === 'public'
      ? 'Public: no session needed.'
      : spec.access === 'installation'
        ? 'Installation admins only (the installation-admin flag, whatever the role).'
        : `Required role: \`${spec.access}\` or higher.`;
  const scope = spec.tenantScoped ? "Tenant-scoped: sees and changes only the caller's tenant." : 'Not tenant-scoped.';
  const audit = spec.mutates ? ' Written to the audit log.' : '';
  return `${spec.summary}\n\n${access} ${scope}${audit}`;
}

function rpcOperation(spec: MethodSpec): Record<string, unknown> {
  const codes: ErrorCode[] = ['invalid_input', 'unknown_method', 'payload_too_large', 'unsupported_media_type'];
  if (spec.access !== 'public') codes.push('unauthenticated', 'forbidden');
  if (spec.mutates) codes.push('not_found', 'conflict');
  codes.push('rate_limited', 'internal');
  const operation: Record<string, unknown> = {
    operationId: spec.name,
    summary: spec.summary,
    description: describe(spec),
    tags: [spec.name.split('.')[0]],
    'x-outpost-access': spec.access,
    'x-outpost-tenant-scoped': spec.tenantScoped,
    requestBody: {
      required: false,
      description: 'The method input as JSON. An empty body counts as `{}`.',
      content: { 'application/json': { schema: jsonSchema(spec.input, 'input') } },
    },
    responses: {
      '200': {
        description: 'The method output.',
        content: { 'application/json': { schema: jsonSchema(spec.output, 'output') } },
      },
      ...errorResponses(codes),
    },
  };
  if (spec.access === 'public') operation.security = [];
  return operation;
}

const json = (schema: JsonSchema, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/**
 * `specs` are the methods the Core serves (its method table, which the dispatcher runs calls from),
 * and `routes` the slices' own HTTP routes, which describe themselves.
 */
export function buildOpenApiDocument(
  version: string,
  specs: readonly MethodSpec[],
  routes: readonly Pick<SliceRoutes, 'openApiPaths'>[] = [],
): OpenApiDocument {
  const paths: Record<string, unknown> = {};
  for (const spec of specs) {
    paths[`/api/rpc/${spec.name}`] = { post: rpcOperation(spec) };
  }

  paths['/api/events'] = {
    get: {
      operationId: 'events',
      summary: 'Live updates as Server-Sent Events.',
      description:
        'Each message is `event: <topic>` with a JSON `data:` line; a `: heartbeat` comment comes every 15 s. ' +
        "Only the caller's tenant is delivered. Read it with fetch and send the token in the Authorization header.",
      tags: ['events'],
      parameters: [
        {
          name: 'topics',
          in: 'query',
          required: false,
          description: `Comma-separated topics; all when absent. One of: ${TOPIC_NAMES.join(', ')}.`,
          schema: { type: 'string' },
        },
      ],
      responses: {
        '200': { description: 'The event stream.', content: { 'text/event-stream': { schema: { type: 'string' } } } },
        ...errorResponses(['invalid_input', 'unauthenticated', 'rate_limited']),
      },
    },
  };
  for (const slice of routes) Object.assign(paths, slice.openApiPaths?.(errorResponses));
  paths['/healthz'] = {
    get: {
      operationId: 'healthz',
      summary: 'Whether this Outpost is up, with component versions.',
      tags: ['operations'],
      security: [],
      responses: { '200': json(jsonSchema(methods['system.health'].output, 'output'), 'Health report.') },
    },
  };
  paths['/readyz'] = {
    get: {
      operationId: 'readyz',
      summary: 'Whether this Outpost accepts traffic (migrations done, not shutting down).',
      tags: ['operations'],
      security: [],
      responses: {
        '200': json({ type: 'object', properties: { ready: { const: true } }, required: ['ready'] }, 'Ready.'),
        '503': json({ type: 'object', properties: { ready: { const: false } }, required: ['ready'] }, 'Not ready.'),
      },
    },
  };
  paths['/metrics'] = {
    get: {
      operationId: 'metrics',
      summary: 'Prometheus metrics (text exposition format).',
      tags: ['operations'],
      security: [],
      responses: { '200': { description: 'Metrics.', content: { 'text/plain': { schema: { type: 'string' } } } } },
    },
  };
  paths['/docs/openapi.json'] = {
    get: {
      operationId: 'openapi',
      summary: 'This document.',
      tags: ['operations'],
      security: [],
      responses: { '200': json({ type: 'object' }, 'OpenAPI 3.1 document.') },
    },
  };

  return {
    openapi: '3.1.0',
    info: {
      title: 'Outpost API',
      version,
      description:
        'Every method is `POST /api/rpc/{method}` with a JSON body. Errors are `{ "error": { "code", "message", "issues"? } }`.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: Object.keys(HTTP_STATUS) },
                message: { type: 'string' },
                issues: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['path', 'message'],
                    properties: { path: { type: 'string' }, message: { type: 'string' } },
                  },
                },
                retryAfterSeconds: { type: 'integer' },
              },
            },
          },
        },
      },
    },
    paths,
  };
}
