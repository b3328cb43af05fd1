import { describe, expect, it } from 'vitest';
import { methods } from '../contract/index.js';
import { buildOpenApiDocument } from './openapi.js';

describe('buildOpenApiDocument', () => {
  it("lists the methods of the Core's table and the slices' own routes, not the contract at large", () => {
    const doc = buildOpenApiDocument(
      '1.2.3',
      [methods['system.health'], methods['events.list']],
      [{ openApiPaths: (errors) => ({ '/api/slice/thing': { get: { responses: errors(['not_found']) } } }) }],
    );
    const rpc = Object.keys(doc.paths).filter((path) => path.startsWith('/api/rpc/'));
    expect(rpc).toEqual(['/api/rpc/system.health', '/api/rpc/events.list']);
    expect(doc.paths['/api/slice/thing']).toMatchObject({ get: { responses: { '404': {} } } });
  });
});
