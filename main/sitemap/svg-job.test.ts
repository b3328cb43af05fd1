import { describe, expect, it } from 'vitest';
import { runSvgJob, SVG_CHECK_FAILED } from './svg-job.js';

describe('runSvgJob', () => {
  it('answers with the sanitised drawing, and the shapes only when asked', () => {
    const bytes = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg"><rect id="a" width="2" height="3"/></svg>',
    );
    const plain = runSvgJob({ bytes, maxBytes: 1000, extract: false });
    expect(plain).toMatchObject({ ok: true, removed: [] });
    expect(plain).not.toHaveProperty('overlays');
    const withShapes = runSvgJob({ bytes, maxBytes: 1000, extract: true });
    expect(withShapes).toMatchObject({ ok: true, overlays: [{ shapeId: 'a', kind: 'rect' }], warnings: [] });
  });

  it('passes refusals on with their code, message and issues', () => {
    const bytes = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const result = runSvgJob({ bytes, maxBytes: 5, extract: false });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'payload_too_large', issues: [{ path: 'file' }] },
    });
  });

  it('turns anything else into internal with a generic message and a detail without the error message', () => {
    // A failure whose message quotes the file, as a parser's complaint might: the quote must not travel.
    const bytes = {
      get buffer(): ArrayBuffer {
        throw new TypeError('secret drawing text');
      },
    } as unknown as Uint8Array;
    const result = runSvgJob({ bytes, maxBytes: 1000, extract: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal', message: SVG_CHECK_FAILED } });
    const detail = result.ok ? '' : (result.error.detail ?? '');
    expect(detail).toMatch(/^TypeError\n\s+at /u);
    expect(detail).not.toContain('secret drawing text');
  });
});
