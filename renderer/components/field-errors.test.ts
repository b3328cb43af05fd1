import { describe, expect, it } from 'vitest';
import { fieldMessage, issueSummary, splitIssues } from './field-errors.js';

const labels = { name: 'Name', slug: 'Slug', timezone: 'Time zone' };

describe('splitIssues', () => {
  it('puts each issue next to its field, first message wins', () => {
    const result = splitIssues(
      [
        { path: 'slug', message: 'must be lowercase letters, digits and single dashes' },
        { path: 'slug', message: 'must be at least 2 characters' },
        { path: 'timezone', message: 'must be an IANA time zone such as Europe/Paris' },
      ],
      labels,
    );
    expect(result.byField).toEqual({
      slug: 'Slug must be lowercase letters, digits and single dashes',
      timezone: 'Time zone must be an IANA time zone such as Europe/Paris',
    });
    expect(result.rest).toEqual([]);
  });

  it('keeps whole-input and unknown-field issues for the form', () => {
    const result = splitIssues(
      [
        { path: '', message: 'Unrecognized key: "colour"' },
        { path: 'extra.deep', message: 'is not allowed' },
      ],
      labels,
    );
    expect(result.byField).toEqual({});
    expect(result.rest).toEqual(['Unrecognized key: "colour"', 'extra.deep: is not allowed']);
  });

  it('does not treat inherited object keys as fields', () => {
    expect(splitIssues([{ path: 'toString', message: 'x' }], labels).rest).toEqual(['toString: x']);
  });
});

describe('fieldMessage', () => {
  it('prefixes the label only to messages that continue a sentence', () => {
    expect(fieldMessage('Name', 'is required')).toBe('Name is required');
    expect(fieldMessage('Name', 'Too long')).toBe('Too long');
  });
});

describe('splitIssues with nested fields', () => {
  it('puts an issue on its nested field when the form has one, else on its top field', () => {
    const result = splitIssues(
      [
        { path: 'admin.email', message: 'must be an email address' },
        { path: 'config.port', message: 'must be a number' },
      ],
      { 'admin.email': 'Admin email', config: 'Settings' },
    );
    expect(result.byField).toEqual({
      'admin.email': 'Admin email must be an email address',
      config: 'Settings must be a number',
    });
    expect(result.rest).toEqual([]);
  });
});

describe('issueSummary', () => {
  it('says nothing when nothing was refused', () => {
    expect(issueSummary({})).toBeNull();
    expect(issueSummary({ name: undefined })).toBeNull();
  });

  it('names one refused field, then several, then adds the form-wide error', () => {
    expect(issueSummary({ name: 'Name is required' })).toBe('Check one field: Name is required.');
    expect(issueSummary({ name: 'Name is required', slug: 'Slug is taken' })).toBe(
      'Check 2 fields: Name is required; Slug is taken.',
    );
    expect(issueSummary({ slug: 'Slug is taken' }, 'Unrecognized key: "colour"')).toBe(
      'Check one field: Slug is taken. Unrecognized key: "colour"',
    );
    expect(issueSummary({}, 'The server is unreachable.')).toBe('The server is unreachable.');
  });
});
