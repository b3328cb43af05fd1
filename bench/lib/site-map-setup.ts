import type { OutpostServer } from '../../e2e/support/outpost-server.js';
import { ADMIN } from '../../e2e/support/outpost-server.js';
import { rpc } from './webhook-source.js';

/** Site-map fixtures for the benchmarks: generated overlay layers and import files, and the API calls to set a site up. */

const pad = (i: number) => String(i).padStart(5, '0');

/** An overlay SVG with `count` shapes (rects in a grid, ids `shape-00001`…), as a plant's floor plan export would have. */
export function overlaySvg(count: number): string {
  const columns = Math.ceil(Math.sqrt(count * 2));
  const shapes: string[] = [];
  for (let i = 1; i <= count; i++) {
    const x = ((i - 1) % columns) * 10;
    const y = Math.floor((i - 1) / columns) * 10;
    shapes.push(`<rect id="shape-${pad(i)}" x="${x}" y="${y}" width="8" height="8"><title>Door ${i}</title></rect>`);
  }
  const rows = Math.ceil(count / columns);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${columns * 10} ${rows * 10}">\n${shapes.join('\n')}\n</svg>\n`;
}

/** An overlay import CSV of `count` rows, each bound to a device (`dev-00001`…). */
export function overlayCsv(count: number): string {
  const lines = ['externalId,shapeId,label,bindingType,bindingTarget,layer'];
  for (let i = 1; i <= count; i++) {
    lines.push(`shape-${pad(i)},shape-${pad(i)},Door ${i},device,dev-${pad(i)},ground`);
  }
  return `${lines.join('\n')}\n`;
}

export async function signIn(server: OutpostServer): Promise<string> {
  return ((await rpc(server, 'auth.login', ADMIN)) as { token: string }).token;
}

export async function createSite(server: OutpostServer, token: string, slug: string): Promise<string> {
  return ((await rpc(server, 'sites.create', { name: `Bench ${slug}`, slug }, token)) as { id: string }).id;
}

/** Uploads a file through the multipart route, as the editor does. */
export async function uploadAsset(
  server: OutpostServer,
  token: string,
  siteId: string,
  kind: 'basemap' | 'overlay',
  content: string | Uint8Array<ArrayBuffer>,
  fileName: string,
): Promise<{ assetId: string; overlaysCreated: number; removed: string[] }> {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', new Blob([content]), fileName);
  const response = await fetch(`${server.url}/api/sites/${siteId}/assets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const body: unknown = await response.json();
  if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${JSON.stringify(body)}`);
  return body as { assetId: string; overlaysCreated: number; removed: string[] };
}
