import { describe, expect, it } from 'vitest';
import { fieldMessage, splitIssues } from './field-errors.js';

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
