import { describe, expect, it } from 'vitest';
import { Base64File } from '../contract/index.js';
import { auditDetail } from './audit-detail.js';

describe('audit detail', () => {
  it('removes secrets at any depth and keeps the rest', () => {
    const json = auditDetail({
      email: 'ann@example.com',
      password: 'hunter2hunter2',
      nested: { newPassword: 'x-secret-1', list: [{ apiKey: 'x-secret-2', token: 'x-secret-3' }] },
    });
    expect(json).not.toMatch(/hunter2|x-secret/);
    expect(JSON.parse(json)).toEqual({
      input: {
        email: 'ann@example.com',
        password: '[removed]',
        nested: { newPassword: '[removed]', list: [{ apiKey: '[removed]', token: '[removed]' }] },
      },
    });
  });

  it("removes a status integration's auth header", () => {
    const json = auditDetail({
      siteId: 's',
      external: { url: 'https://x', authHeader: { name: 'X-Key', value: 'k-9' } },
    });
    expect(json).not.toContain('k-9');
    expect(JSON.parse(json).input.external).toEqual({ url: 'https://x', authHeader: '[removed]' });
  });

  it('names a file by its size, never its bytes', () => {
    const bytes = new Uint8Array(9 * 1024 * 1024).fill(0x41);
    const fromRoute = JSON.parse(auditDetail({ siteId: 's', content: bytes }));
    expect(fromRoute.input).toEqual({ siteId: 's', content: '[file, 9437184 bytes]' });
    const fromIpc = JSON.parse(auditDetail({ siteId: 's', contentBase64: new Base64File('QUFB') }));
    expect(fromIpc.input).toEqual({ siteId: 's', contentBase64: '[file, 3 bytes as base64]' });
  });

  it('carries the error and stays bounded for huge input', () => {
    const json = auditDetail(
      { name: 'x'.repeat(100_000), password: 'p'.repeat(100) },
      { code: 'invalid_input', message: 'bad' },
    );
    expect(json.length).toBeLessThan(5000);
    expect(json).not.toContain('pppp');
    expect(json).toContain('invalid_input');
  });
});
