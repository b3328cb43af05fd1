import { describe, expect, it } from 'vitest';
import type { Integration } from '../../../../main/contract/index.js';
import { isFormPath, issueAt, issuesByPath, SECRET_MASK, toInput, valuesFromIntegration } from './integration-form.js';

const SITE = 'S'.padEnd(26, '0');

const external: Integration = {
  siteId: SITE,
  kind: 'external',
  external: {
    url: 'https://bms.example/api/points',
    authHeader: { name: 'X-Api-Key', value: SECRET_MASK },
    listPath: '$.data.items',
    idField: 'id',
    statusField: 'state',
    pollIntervalSeconds: 60,
    timeoutMs: 3000,
  },
  statusMapping: { rules: [{ match: 'OK', status: 'ok' }], custom: [] },
  offlineAfterMinutes: 10,
  updatedAt: 1,
};

describe('integration form', () => {
  it('shows a stored auth value as stored, never the mask, and sends the mask back to keep it', () => {
    const values = valuesFromIntegration(external);
    expect(values.authValue).toBe('');
    expect(values.authStored).toBe(true);
    const result = toInput(SITE, values);
    expect(result.input).toEqual({
      siteId: SITE,
      kind: 'external',
      external: { ...external.external },
      statusMapping: external.statusMapping,
      offlineAfterMinutes: 10,
    });
  });

  it('sends a newly typed auth value, and no header when both fields are emptied', () => {
    const values = valuesFromIntegration(external);
    expect(toInput(SITE, { ...values, authValue: 'new-key' }).input?.external?.authHeader).toEqual({
      name: 'X-Api-Key',
      value: 'new-key',
    });
    expect(toInput(SITE, { ...values, authName: '', authStored: false }).input?.external?.authHeader).toBeUndefined();
  });

  it('leaves external settings out for the internal integration', () => {
    const values = { ...valuesFromIntegration(external), kind: 'internal' as const, offlineAfterMinutes: '15' };
    const { input } = toInput(SITE, values);
    expect(input).not.toHaveProperty('external');
    expect(input?.offlineAfterMinutes).toBe(15);
  });

  it('has defaults for a site without an external integration', () => {
    const values = valuesFromIntegration({ ...external, kind: 'internal', external: null });
    expect(values).toMatchObject({ url: '', authStored: false, listPath: '$.items', pollIntervalSeconds: '30' });
  });

  it('reports numbers that are not whole numbers by field path', () => {
    const values = { ...valuesFromIntegration(external), pollIntervalSeconds: '1.5', timeoutMs: 'abc' };
    expect(toInput(SITE, values).problems).toEqual({
      'external.pollIntervalSeconds': 'Poll interval must be a whole number',
      'external.timeoutMs': 'Timeout must be a whole number',
    });
  });

  it('finds issues by path, also below it, and knows which paths the form shows', () => {
    const byPath = issuesByPath([
      { path: 'external.url', message: 'must be an http:// or https:// URL' },
      { path: 'external.url', message: 'second' },
      { path: 'statusMapping.rules.1.match.pattern', message: 'is not a valid regular expression' },
    ]);
    expect(issueAt(byPath, 'external.url')).toBe('must be an http:// or https:// URL');
    expect(issueAt(byPath, 'statusMapping.rules.1.match')).toBe('is not a valid regular expression');
    expect(issueAt(byPath, 'statusMapping.rules.0.match')).toBeUndefined();
    expect(isFormPath('statusMapping.rules.1.match.pattern')).toBe(true);
    expect(isFormPath('external.authHeader.value')).toBe(true);
    expect(isFormPath('external')).toBe(false);
    expect(isFormPath('')).toBe(false);
  });
});
