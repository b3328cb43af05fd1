import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutpostError } from '../contract/index.js';
import { acceptedMapFileType, checkMapFileSize } from './uploads/map-file-rules.js';
import { createSvgProcessor, type CheckedMapFile, type SvgProcessor } from './index.js';
import { extractOverlays } from './svg-overlays.js';
import { sanitizeSvg } from './svg-sanitize.js';

const FIXTURES = join(import.meta.dirname, 'test-fixtures');
const HOSTILE = join(FIXTURES, 'hostile');
const MAX = 10 * 1024 * 1024;

/** A grid of `count` rooms, every 7th a path and the others rects, each with an id (like e2e's gridMap). */
function gridSvg(count: number): Buffer {
  const cols = Math.ceil(Math.sqrt(count * 1.6));
  const shapes: string[] = [];
  for (let i = 0; i < count; i++) {
    const x = (i % cols) * 40 + 6;
    const y = Math.floor(i / cols) * 40 + 6;
    shapes.push(
      i % 7 === 0
        ? `<path id="room-${i}" d="M${x} ${y}h34v17l-17 17h-17z" fill="#ddd"/>`
        : `<rect id="room-${i}" x="${x}" y="${y}" width="34" height="34" rx="3" fill="#ddd"/>`,
    );
  }
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4000 4000"><g>${shapes.join('')}</g></svg>`);
}

/** What the Core got from calling the checks on its own thread: a result, or the error's public parts. */
function direct(bytes: Buffer, maxBytes: number, extract: boolean): CheckedMapFile | ErrorParts {
  try {
    const kind = extract ? 'overlay' : 'basemap';
    checkMapFileSize(kind, bytes.length, maxBytes);
    acceptedMapFileType(kind, 'plan.svg', bytes);
    const sanitized = sanitizeSvg(bytes, { maxBytes });
    const stored = Buffer.from(sanitized.svg, 'utf8');
    const checked: CheckedMapFile = {
      contentType: 'image/svg+xml',
      bytes: stored,
      sha256: createHash('sha256').update(stored).digest('hex'),
      removed: sanitized.removed,
    };
    if (extract) checked.overlays = extractOverlays(sanitized.svg);
    return checked;
  } catch (err) {
    return partsOf(err);
  }
}

/** Checks `bytes` as an overlay layer (`extract`) or a base map of `tenantId`. */
function check(
  processor: SvgProcessor,
  bytes: Buffer,
  request: { tenantId: string; maxBytes: number; extract: boolean },
): Promise<CheckedMapFile> {
  return processor.check({
    tenantId: request.tenantId,
    kind: request.extract ? 'overlay' : 'basemap',
    fileName: 'plan.svg',
    maxBytes: request.maxBytes,
    // A copy: the processor moves the bytes it is given to the worker.
    file: new Uint8Array(bytes),
  });
}

interface ErrorParts {
  code: string;
  message: string;
  issues: unknown;
}

function partsOf(err: unknown): ErrorParts {
  if (!(err instanceof OutpostError)) throw err;
  return { code: err.code, message: err.message, issues: err.issues };
}

const viaWorker = (promise: Promise<CheckedMapFile>): Promise<CheckedMapFile | ErrorParts> => promise.catch(partsOf);

describe('createSvgProcessor', () => {
  const processor = createSvgProcessor();
  afterAll(() => processor.close());

  it('gives the same sanitised text and overlay shapes as the direct calls', async () => {
    const bytes = readFileSync(join(FIXTURES, 'floor-plan.svg'));
    const result = await check(processor, bytes, { tenantId: 'acme', maxBytes: MAX, extract: true });
    expect(result.overlays?.overlays.length).toBeGreaterThan(0);
    expect(result).toEqual(direct(bytes, MAX, true));
    // Without `extract` (a base map) only the sanitised drawing comes back.
    expect(await check(processor, bytes, { tenantId: 'acme', maxBytes: MAX, extract: false })).toEqual(
      direct(bytes, MAX, false),
    );
  });

  it('removes and refuses exactly what the direct call does for every hostile fixture', async () => {
    const names = readdirSync(HOSTILE).filter((name) => name.endsWith('.svg'));
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) {
      const bytes = readFileSync(join(HOSTILE, name));
      const result = await viaWorker(check(processor, bytes, { tenantId: 'acme', maxBytes: MAX, extract: true }));
      expect(result, name).toEqual(direct(bytes, MAX, true));
    }
    const scripted = await check(processor, readFileSync(join(HOSTILE, 'inline-script.svg')), {
      tenantId: 'acme',
      maxBytes: MAX,
      extract: false,
    });
    expect(scripted.removed.length).toBeGreaterThan(0);
  });

  it('refuses an oversized file with the same payload_too_large error', async () => {
    const bytes = readFileSync(join(FIXTURES, 'floor-plan.svg'));
    const err = await check(processor, bytes, { tenantId: 'acme', maxBytes: 1000, extract: true }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OutpostError);
    expect((err as OutpostError).code).toBe('payload_too_large');
    expect(partsOf(err)).toEqual(direct(bytes, 1000, true));
  });

  it('refuses a DOCTYPE/ENTITY file with the same invalid_input error', async () => {
    const bytes = readFileSync(join(HOSTILE, 'billion-laughs.svg'));
    const err = await check(processor, bytes, { tenantId: 'acme', maxBytes: MAX, extract: true }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OutpostError);
    expect((err as OutpostError).code).toBe('invalid_input');
    expect((err as OutpostError).message).toMatch(/DOCTYPE or ENTITY/u);
    expect(partsOf(err)).toEqual(direct(bytes, MAX, true));
  });

  it('answers concurrent requests, each with its own result', async () => {
    const small = gridSvg(3);
    const plan = readFileSync(join(FIXTURES, 'floor-plan.svg'));
    const [a, b, c] = await Promise.all([
      check(processor, plan, { tenantId: 'acme', maxBytes: MAX, extract: true }),
      check(processor, small, { tenantId: 'acme', maxBytes: MAX, extract: true }),
      viaWorker(check(processor, small, { tenantId: 'acme', maxBytes: 10, extract: true })),
    ]);
    expect(a).toEqual(direct(plan, MAX, true));
    expect(b).toEqual(direct(small, MAX, true));
    expect(c).toEqual(direct(small, 10, true));
  });

  it('leaves the event loop free while a 5,000-shape layer is checked', async () => {
    // A warm worker, so the ticks below come from the check itself, not from the thread starting.
    await check(processor, gridSvg(2), { tenantId: 'acme', maxBytes: MAX, extract: true });
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 10);
    try {
      const result = await check(processor, gridSvg(5000), { tenantId: 'acme', maxBytes: MAX, extract: true });
      expect(result.overlays?.overlays).toHaveLength(5000);
    } finally {
      clearInterval(ticker);
    }
    // On the Core's own thread the interval could not fire at all until the check had finished.
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('stops a check that runs past timeoutMs and answers the next request from a new worker', async () => {
    const hasty = createSvgProcessor({ timeoutMs: 1000 });
    try {
      // 20,000 shapes take several seconds to sanitise.
      const slow = check(hasty, gridSvg(20_000), { tenantId: 'acme', maxBytes: MAX, extract: true });
      const queued = check(hasty, gridSvg(2), { tenantId: 'acme', maxBytes: MAX, extract: true });
      const err = await slow.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OutpostError);
      expect((err as OutpostError).code).toBe('invalid_input');
      expect((err as OutpostError).message).toBe(
        'The SVG took too long to check (over 1 s). Simplify the drawing or split it, and upload it again.',
      );
      // Had the busy worker been kept, the queued file would have waited behind it and timed out too.
      expect(await queued).toEqual(direct(gridSvg(2), MAX, true));
      expect(await check(hasty, gridSvg(4), { tenantId: 'acme', maxBytes: MAX, extract: false })).toEqual(
        direct(gridSvg(4), MAX, false),
      );
    } finally {
      await hasty.close();
    }
  });

  it('closes more than once, fails queued work with unavailable and refuses work after closing', async () => {
    const idle = createSvgProcessor();
    await idle.close();
    await idle.close();

    const busy = createSvgProcessor();
    await check(busy, gridSvg(2), { tenantId: 'acme', maxBytes: MAX, extract: true });
    const running = check(busy, gridSvg(5000), { tenantId: 'acme', maxBytes: MAX, extract: true }).catch(
      (e: unknown) => e,
    );
    const queued = check(busy, gridSvg(2), { tenantId: 'acme', maxBytes: MAX, extract: true }).catch((e: unknown) => e);
    await Promise.all([busy.close(), busy.close()]);
    for (const err of [await running, await queued]) {
      expect(err).toBeInstanceOf(OutpostError);
      expect((err as OutpostError).code).toBe('unavailable');
    }
    const after = await check(busy, gridSvg(2), { tenantId: 'acme', maxBytes: MAX, extract: true }).catch(
      (e: unknown) => e,
    );
    expect((after as OutpostError).code).toBe('unavailable');
    await busy.close();
  });

  it('checks another tenant’s small file right after the one running, however many large ones wait', async () => {
    const shared = createSvgProcessor({ maxWaitingPerTenant: 10 });
    try {
      await check(shared, gridSvg(2), { tenantId: 'a', maxBytes: MAX, extract: true });
      const done: string[] = [];
      const large = [1, 2, 3].map((n) =>
        check(shared, gridSvg(1000), { tenantId: 'a', maxBytes: MAX, extract: true }).then(
          () => void done.push(`a-large-${n}`),
        ),
      );
      const small = check(shared, gridSvg(1), { tenantId: 'b', maxBytes: MAX, extract: true }).then(
        () => void done.push('b-small'),
      );
      await Promise.all([...large, small]);
      expect(done).toEqual(['a-large-1', 'b-small', 'a-large-2', 'a-large-3']);
    } finally {
      await shared.close();
    }
  });

  it('refuses a tenant over its waiting limit with rate_limited, and a full pool with unavailable', async () => {
    const tight = createSvgProcessor({ maxWaitingPerTenant: 1, maxWaiting: 2 });
    try {
      const request = (tenantId: string) => ({ tenantId, maxBytes: MAX, extract: true });
      const accepted = [check(tight, gridSvg(1000), request('a')), check(tight, gridSvg(2), request('a'))];
      const over = await check(tight, gridSvg(2), request('a')).catch((e: unknown) => e);
      expect(over).toBeInstanceOf(OutpostError);
      expect((over as OutpostError).code).toBe('rate_limited');
      expect((over as OutpostError).message).toMatch(/already has 1 SVG files waiting/u);
      expect((over as OutpostError).retryAfterSeconds).toBeGreaterThanOrEqual(1);

      accepted.push(check(tight, gridSvg(2), request('b')));
      const full = await check(tight, gridSvg(2), request('c')).catch((e: unknown) => e);
      expect((full as OutpostError).code).toBe('unavailable');
      expect((full as OutpostError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(await Promise.all(accepted)).toHaveLength(3);
    } finally {
      await tight.close();
    }
  });
});
