import { ADMIN } from './outpost-server.js';

/**
 * A site with a published site map of `count` rooms, built through the public API the way a user's
 * tools would: sign in, create the site, upload a base map and an overlay SVG (one shape per room,
 * each with an id), bind every overlay to a device with a JSON import, make some devices report
 * through a webhook (so the map has more than one colour), publish to production.
 * Used by the viewer benchmark and the viewer's browser test.
 */
export interface GridMap {
  /** The overlay SVG (a grid of rooms; every 7th is a path, the others rects). */
  svg: string;
  /** A plain SVG base map: walls and corridors drawn under the rooms. */
  basemap: string;
  shapeIds: string[];
  width: number;
  height: number;
}

const CELL = 40;
const GAP = 6;

export function gridMap(count: number): GridMap {
  const cols = Math.ceil(Math.sqrt(count * 1.6));
  const rows = Math.ceil(count / cols);
  const width = cols * CELL + GAP;
  const height = rows * CELL + GAP;
  const shapes: string[] = [];
  const shapeIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const x = (i % cols) * CELL + GAP;
    const y = Math.floor(i / cols) * CELL + GAP;
    const id = `room-${i}`;
    shapeIds.push(id);
    const size = CELL - GAP;
    shapes.push(
      i % 7 === 0
        ? `<path id="${id}" d="M${x} ${y}h${size}v${size / 2}l-${size / 2} ${size / 2}h-${size / 2}z" fill="#dddddd" stroke="#555555"/>`
        : `<rect id="${id}" x="${x}" y="${y}" width="${size}" height="${size}" rx="3" fill="#dddddd" stroke="#555555"/>`,
    );
  }
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<g>${shapes.join('')}</g></svg>`;
  const walls: string[] = [];
  for (let c = 0; c <= cols; c += 5)
    walls.push(`<line x1="${c * CELL + 2}" y1="0" x2="${c * CELL + 2}" y2="${height}"/>`);
  for (let r = 0; r <= rows; r += 5)
    walls.push(`<line x1="0" y1="${r * CELL + 2}" x2="${width}" y2="${r * CELL + 2}"/>`);
  const basemap =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<rect width="${width}" height="${height}" fill="#f4f1ea"/>` +
    `<g stroke="#8a7f6a" stroke-width="3">${walls.join('')}</g></svg>`;
  return { svg, basemap, shapeIds, width, height };
}

export async function rpc<T>(baseUrl: string, method: string, input: unknown, token?: string): Promise<T> {
  const response = await fetch(`${baseUrl}/api/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

async function upload(baseUrl: string, token: string, siteId: string, kind: string, name: string, svg: string) {
  const form = new FormData();
  form.set('kind', kind);
  form.set('file', new Blob([svg], { type: 'image/svg+xml' }), name);
  const response = await fetch(`${baseUrl}/api/sites/${siteId}/assets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`uploading the ${kind} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as { assetId: string; overlaysCreated: number; removed: string[] };
}

export interface PublishedMap {
  siteId: string;
  slug: string;
  name: string;
  session: string;
  map: GridMap;
  /** Devices that reported (their overlays are `ok`); the others stay `unknown`. */
  reporting: number;
  /** The webhook those devices report through (null when none reports). */
  webhook: { url: string; token: string } | null;
  timings: Record<string, number>;
}

export async function publishGridMap(
  baseUrl: string,
  options: { count: number; slug?: string; name?: string; reportingShare?: number },
): Promise<PublishedMap> {
  const timings: Record<string, number> = {};
  const time = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      timings[label] = Math.round(performance.now() - start);
    }
  };
  const slug = options.slug ?? 'bench-depot';
  const name = options.name ?? 'Bench Depot';
  const map = gridMap(options.count);
  const { token } = await rpc<{ token: string }>(baseUrl, 'auth.login', ADMIN);
  const site = await rpc<{ id: string }>(baseUrl, 'sites.create', { name, slug }, token);

  await time('upload base map', () => upload(baseUrl, token, site.id, 'basemap', 'basemap.svg', map.basemap));
  await time('upload overlay', () => upload(baseUrl, token, site.id, 'overlay', 'rooms.svg', map.svg));
  const rows = map.shapeIds.map((shapeId, i) => ({
    externalId: shapeId,
    shapeId,
    label: `Room ${i}`,
    binding: { type: 'device', device: `dev-${i}` },
  }));
  const imported = await time('import overlays', () =>
    rpc<{ ok: boolean; committed: boolean; summary: Record<string, number> }>(
      baseUrl,
      'sitemap.importOverlays',
      { siteId: site.id, format: 'json', content: JSON.stringify(rows), dryRun: false },
      token,
    ),
  );
  if (!imported.committed) throw new Error(`the overlay import was not committed: ${JSON.stringify(imported.summary)}`);

  // Some devices report, so the map shows `ok` beside `unknown`.
  const reporting = Math.round(options.count * (options.reportingShare ?? 0.4));
  let webhook: PublishedMap['webhook'] = null;
  if (reporting > 0) {
    const source = await rpc<{ id: string; token?: string }>(
      baseUrl,
      'sources.create',
      { kind: 'webhook', name: 'map devices', siteId: site.id, config: {} },
      token,
    );
    webhook = { url: `${baseUrl}/api/ingest/${source.id}`, token: source.token ?? '' };
    const target = webhook;
    await time('device events', async () => {
      for (let start = 0; start < reporting; start += 500) {
        const events = [];
        for (let i = start; i < Math.min(reporting, start + 500); i++) {
          events.push({ message: `heartbeat from dev-${i}`, severity: 'info', device: `dev-${i}` });
        }
        const response = await fetch(target.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
          body: JSON.stringify(events),
        });
        if (!response.ok) throw new Error(`the webhook answered ${response.status}: ${await response.text()}`);
      }
    });
  }

  await time('publish', () => rpc(baseUrl, 'releases.publish', { siteId: site.id, env: 'production' }, token));
  return { siteId: site.id, slug, name, session: token, map, reporting, webhook, timings };
}
