import { describe, expect, it } from 'vitest';
import type { ReleaseSummary } from '../../../../main/contract/index.js';
import {
  changedLine,
  compareChoices,
  comparePair,
  currentByEnv,
  diffSummary,
  isEmptyDiff,
  type ReleaseDiff,
} from './diff-display.js';
import { publicUrls } from './release-urls.js';

const release = (version: number, env: ReleaseSummary['env'], current: boolean): ReleaseSummary => ({
  id: `R${version}`.padEnd(26, '0'),
  siteId: 'S'.padEnd(26, '0'),
  version,
  env,
  sha256: 'a'.repeat(64),
  note: '',
  publishedBy: 'U',
  publishedByEmail: null,
  publishedAt: 0,
  overlays: 1,
  current,
});

const none: ReleaseDiff = { added: [], removed: [], changed: [], assetsChanged: false, statusMappingChanged: false };

describe('release diff display', () => {
  it('sums up a diff', () => {
    expect(diffSummary(none)).toBe('0 added, 0 removed, 0 changed');
    expect(isEmptyDiff(none)).toBe(true);
    const diff = {
      ...none,
      added: ['a', 'b'],
      changed: [{ externalId: 'c', fields: ['label', 'binding'] }],
      assetsChanged: true,
    };
    expect(diffSummary(diff)).toBe('2 added, 0 removed, 1 changed; the base map or overlay layer changed');
    expect(isEmptyDiff(diff)).toBe(false);
    expect(changedLine(diff.changed[0]!)).toBe('c: label, binding');
  });

  it('compares older to newer whichever was picked first', () => {
    expect(comparePair(5, 2)).toEqual({ from: 2, to: 5 });
    expect(comparePair(2, 5)).toEqual({ from: 2, to: 5 });
  });

  it('offers every other version, newest first, and finds the current ones', () => {
    const list = [release(3, 'production', true), release(2, 'staging', true), release(1, 'production', false)];
    expect(compareChoices(list, 2)).toEqual([3, 1]);
    const current = currentByEnv(list);
    expect(current.production?.version).toBe(3);
    expect(current.staging?.version).toBe(2);
  });
});

describe('public URLs', () => {
  it('names production without env and staging with it, by slug', () => {
    expect(publicUrls('http://host:8080/', 'north-yard', 'production').map((u) => u.url)).toEqual([
      'http://host:8080/api/public/north-yard/release.json',
      'http://host:8080/api/public/north-yard/status',
      'http://host:8080/wall/north-yard',
    ]);
    expect(publicUrls('http://host:8080', 'north-yard', 'staging').map((u) => u.url)).toEqual([
      'http://host:8080/api/public/north-yard/release.json?env=staging',
      'http://host:8080/api/public/north-yard/status?env=staging',
      'http://host:8080/wall/north-yard?env=staging',
    ]);
  });
});
