import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runMapFileJob, SVG_CHECK_FAILED, type MapFileJob } from './svg-job.js';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg"><rect id="a" width="2" height="3"/></svg>';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const job = (over: Partial<MapFileJob>): MapFileJob => ({
  kind: 'overlay',
  fileName: 'plan.svg',
  maxBytes: 1000,
  ...over,
});
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('runMapFileJob', () => {
  it('answers with the sanitised drawing, its hash, and the shapes of an overlay layer only', () => {
    const bytes = new TextEncoder().encode(SVG);
    const overlay = runMapFileJob(job({ bytes }));
    expect(overlay).toMatchObject({ ok: true, contentType: 'image/svg+xml', removed: [] });
    expect(overlay).toMatchObject({ overlays: [{ shapeId: 'a', kind: 'rect' }], warnings: [] });
    if (!overlay.ok) throw new Error('refused');
    expect(overlay.sha256).toBe(sha256(overlay.bytes));
    // The stored bytes own their buffer, so they travel back without a copy.
    expect(overlay.bytes.byteLength).toBe(overlay.bytes.buffer.byteLength);

    const basemap = runMapFileJob(job({ kind: 'basemap', bytes: new TextEncoder().encode(SVG) }));
    expect(basemap).toMatchObject({ ok: true, contentType: 'image/svg+xml' });
    expect(basemap).not.toHaveProperty('overlays');
  });

  it('decodes base64 here and keeps a PNG base map byte for byte', () => {
    const result = runMapFileJob(job({ kind: 'basemap', fileName: 'plan.png', base64: PNG.toString('base64') }));
    if (!result.ok) throw new Error(result.error.message);
    expect(Buffer.from(result.bytes).equals(PNG)).toBe(true);
    expect(result).toMatchObject({ contentType: 'image/png', sha256: sha256(PNG), removed: [] });
  });

  it('refuses text that is not base64, naming the field', () => {
    for (const base64 of ['not base64!', 'QQ=Q', 'Q']) {
      const result = runMapFileJob(job({ base64 }));
      expect(result, base64).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', issues: [{ path: 'contentBase64' }] },
      });
    }
  });

  it('passes refusals on with their code, message and issues', () => {
    const big = runMapFileJob(job({ bytes: new TextEncoder().encode(SVG), maxBytes: 5 }));
    expect(big).toMatchObject({ ok: false, error: { code: 'payload_too_large', issues: [{ path: 'file' }] } });
    const empty = runMapFileJob(job({ base64: '' }));
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid_input', message: /"plan.svg" is empty/u } });
    const picture = runMapFileJob(job({ bytes: new Uint8Array(PNG) }));
    expect(picture).toMatchObject({ ok: false, error: { code: 'unsupported_media_type', message: /PNG image/u } });
  });

  it('turns anything else into internal with a generic message and a detail without the error message', () => {
    // A failure whose message quotes the file, as a parser's complaint might: the quote must not travel.
    const bytes = {
      get buffer(): ArrayBuffer {
        throw new TypeError('secret drawing text');
      },
    } as unknown as Uint8Array;
    const result = runMapFileJob(job({ bytes }));
    expect(result).toMatchObject({ ok: false, error: { code: 'internal', message: SVG_CHECK_FAILED } });
    const detail = result.ok ? '' : (result.error.detail ?? '');
    expect(detail).toMatch(/^TypeError\n\s+at /u);
    expect(detail).not.toContain('secret drawing text');
  });
});
