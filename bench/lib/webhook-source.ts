import type { OutpostServer } from '../../e2e/support/outpost-server.js';
import { ADMIN } from '../../e2e/support/outpost-server.js';

export interface WebhookTarget {
  ingestUrl: string;
  token: string;
  /** Admin session token, for reading results back through the API. */
  session: string;
}

async function rpc(server: OutpostServer, method: string, input: unknown, token?: string): Promise<unknown> {
  const response = await fetch(`${server.url}/api/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`${method} answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/** Signs in as the fixture admin and creates a webhook source to post events to. */
export async function createWebhookTarget(server: OutpostServer): Promise<WebhookTarget> {
  const login = (await rpc(server, 'auth.login', ADMIN)) as { token: string };
  const source = (await rpc(server, 'sources.create', { kind: 'webhook', name: 'bench', config: {} }, login.token)) as {
    id: string;
    token?: string;
  };
  if (!source.token) throw new Error('sources.create gave no token for a webhook source');
  return { ingestUrl: `${server.url}/api/ingest/${source.id}`, token: source.token, session: login.token };
}

export { rpc };
