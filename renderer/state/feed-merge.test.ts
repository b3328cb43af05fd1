import { describe, expect, it } from 'vitest';
import { appendOlder, matchesQuery, mergeEvents } from './feed-merge.js';
import { event } from './test-fixtures.js';

const ids = (events: { id: string }[]) => events.map((e) => e.id[0]);

describe('live feed merge', () => {
  const feed = [event('C', 300), event('B', 200), event('A', 100)];

  it('prepends new events, newest first', () => {
    expect(ids(mergeEvents(feed, [event('D', 400), event('E', 500)]))).toEqual(['E', 'D', 'C', 'B', 'A']);
  });

  it('ignores duplicates by id, keeping one copy', () => {
    const merged = mergeEvents(feed, [event('D', 400), event('D', 400), event('C', 300)]);
    expect(ids(merged)).toEqual(['D', 'C', 'B', 'A']);
  });

  it('updates an event already shown in place', () => {
    const merged = mergeEvents(feed, [event('B', 200, { message: 'updated', acknowledgedAt: 5 })]);
    expect(ids(merged)).toEqual(['C', 'B', 'A']);
    expect(merged[1]).toMatchObject({ message: 'updated', acknowledgedAt: 5 });
  });

  it('places a late event by its time', () => {
    expect(ids(mergeEvents(feed, [event('L', 150)]))).toEqual(['C', 'B', 'L', 'A']);
  });

  it('returns the same array when nothing arrives', () => {
    expect(mergeEvents(feed, [])).toBe(feed);
  });

  it('appends older pages without repeating events', () => {
    expect(ids(appendOlder(feed, [event('A', 100), event('Z', 50), event('Z', 50)]))).toEqual(['C', 'B', 'A', 'Z']);
  });
});

describe('live events against the feed filter', () => {
  it('keeps severity at least the filter', () => {
    expect(matchesQuery(event('A', 1, { severity: 'error' }), { severity: 'warning' })).toBe(true);
    expect(matchesQuery(event('A', 1, { severity: 'notice' }), { severity: 'warning' })).toBe(false);
  });

  it('checks kind, device, label, acknowledged and time', () => {
    const e = event('A', 1000, { kind: 'detection', device: 'cam', label: 'person' });
    expect(matchesQuery(e, { kind: 'detection', device: 'cam', label: 'person', acknowledged: false })).toBe(true);
    expect(matchesQuery(e, { kind: 'log' })).toBe(false);
    expect(matchesQuery(e, { device: 'other' })).toBe(false);
    expect(matchesQuery(e, { acknowledged: true })).toBe(false);
    expect(matchesQuery(e, { since: 2000 })).toBe(false);
  });
});
