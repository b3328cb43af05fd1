import { describe, expect, it } from 'vitest';
import { mergedDocument, readTyped, showValue, valueAt, withValue } from './conflict-fields.js';

describe('the fields of a conflict', () => {
  const local = { name: 'Named on the site', enabled: true, config: { topic: 'gate/+', qos: 1 } };
  const hub = { name: 'Named on the hub', enabled: true, config: { topic: 'gate/#', qos: 2 } };

  it('reads a dotted path in each version, absent when a version lacks it', () => {
    expect(valueAt(local, 'config.topic')).toBe('gate/+');
    expect(valueAt(null, 'name')).toBeUndefined();
    expect(showValue(valueAt(local, 'config.qos'))).toBe('1');
    expect(showValue(undefined)).toBe('(absent)');
  });

  it('builds the merged document from this site’s version with the typed fields, leaving the versions as they were', () => {
    const result = mergedDocument(local, hub, { name: 'Gate (merged)', 'config.qos': '2' });
    expect(result).toEqual({ merged: { ...local, name: 'Gate (merged)', config: { topic: 'gate/+', qos: 2 } } });
    expect(local.config.qos).toBe(1);
    expect(withValue(null, 'a.b', 1)).toEqual({ a: { b: 1 } });
  });

  it('refuses a typed value that is not of the field’s kind, by field', () => {
    expect(mergedDocument(local, hub, { 'config.qos': 'two' })).toEqual({
      errors: { 'config.qos': 'must be a number' },
    });
    expect(readTyped('yes', true)).toEqual({ error: 'must be a boolean' });
    expect(readTyped('{"a":1}', null)).toEqual({ value: { a: 1 } });
    expect(readTyped('plain words', undefined)).toEqual({ value: 'plain words' });
  });
});
