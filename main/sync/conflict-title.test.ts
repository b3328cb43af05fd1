import { describe, expect, it } from 'vitest';
import { conflictTitle } from './conflict-title.js';

describe('a conflict’s title', () => {
  const of = (kind: Parameters<typeof conflictTitle>[0]['kind'], rest: Partial<Parameters<typeof conflictTitle>[0]>) =>
    conflictTitle({
      kind,
      docId: '01JABCDEFGHJKMNPQRSTVWXYZ0',
      fields: [],
      base: null,
      local: null,
      hub: null,
      ...rest,
    });

  it('names the document by its name, the agreed one when the name itself is disputed', () => {
    const base = { name: 'Gate cameras' };
    expect(of('source', { fields: ['name'], base, local: { name: 'A' }, hub: { name: 'B' } })).toBe(
      'Source “Gate cameras”',
    );
    expect(of('source', { fields: ['enabled'], base, local: { name: 'Gate cams' } })).toBe('Source “Gate cams”');
  });

  it('finds an alert rule’s name inside its rule, and never shows an id', () => {
    expect(of('alertRule', { fields: ['rule.threshold'], local: { scope: 'site', rule: { name: 'Errors' } } })).toBe(
      'Alert rule “Errors”',
    );
    expect(of('source', { fields: ['enabled'], local: {} })).toBe('Source (no name)');
    expect(of('sitemapDraft', { fields: ['overlays.gate-1.label'] })).toBe('Site map draft');
    expect(of('releasePointer', { docId: 'production' })).toBe('Published release (production)');
  });
});
