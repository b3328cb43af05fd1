import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../main/contract/index.js';
import {
  codeProblem,
  describeOffset,
  describeProgress,
  describeRate,
  describeState,
  formatDuration,
  shortOffset,
  tidyCode,
} from './sync-format.js';

const outbox = (records: number, etaSeconds: number | null, ratePerSecond: number | null = null) => ({
  records,
  oldestAt: records ? 1 : null,
  ratePerSecond,
  etaSeconds,
});

describe('progress of the outbox', () => {
  it('says how many records wait and about how long they take, as the issue words it', () => {
    expect(describeProgress(outbox(1_240_000, 118), 'en')).toBe('1,240,000 records to send, about 2 min left.');
    expect(describeProgress(outbox(1, 0.5), 'en')).toBe('1 record to send, less than a minute left.');
    expect(describeProgress(outbox(0, null), 'en')).toBe('Nothing waiting to be sent.');
    expect(describeProgress(outbox(500, null), 'en')).toBe('500 records to send; time left not known yet.');
  });

  it('rounds a time left the way a person says it', () => {
    expect(formatDuration(59)).toBe('less than a minute');
    expect(formatDuration(90)).toBe('about 2 min');
    expect(formatDuration(3600)).toBe('about 1 h');
    expect(formatDuration(3 * 3600 + 20 * 60)).toBe('about 3 h 20 min');
    expect(formatDuration(2 * 86_400 + 4 * 3600 + 10)).toBe('about 2 d 4 h');
  });

  it('gives the rate in whole records once it is over ten a second', () => {
    expect(describeRate(null)).toBeNull();
    expect(describeRate(20_413.7, 'en')).toBe('20,414 records a second');
    expect(describeRate(2.46, 'en')).toBe('2.5 records a second');
    expect(describeRate(1, 'en')).toBe('1 record a second');
  });
});

describe('the clock offset', () => {
  it('says which way the site is off, hub minus site being positive when the site is behind', () => {
    expect(describeOffset(null)).toBe('Not measured yet.');
    expect(describeOffset(400)).toBe("This site's clock agrees with the hub's (within a second).");
    expect(describeOffset(3 * 86_400_000 + 2 * 3_600_000)).toBe("This site's clock is 3 d 2 h behind the hub's.");
    expect(describeOffset(-250_000)).toBe("This site's clock is 4 min 10 s ahead of the hub's.");
    expect(shortOffset(-90_000)).toBe('1 min 30 s ahead');
    expect(shortOffset(0)).toBe('in step');
  });
});

describe('the state in words', () => {
  const base: SyncStatus = {
    siteId: '01J0000000000000000000000A',
    state: 'synced',
    hubUrl: 'http://127.0.0.1:1',
    hubSiteId: null,
    enrolledAt: 1,
    outbox: outbox(0, null),
    lastPushAt: null,
    lastPullAt: null,
    lastContactAt: null,
    lastError: null,
    clock: { offsetMs: null, skewed: false, measuredAt: null },
    conflicts: 0,
    upgrade: null,
    hubVersion: null,
  };

  it('tells a refused site what to do: the upgrade first, then the hub’s words, then a new code', () => {
    expect(describeState({ ...base, state: 'refused', upgrade: 'Upgrade this site to 0.2' }).detail).toBe(
      'Upgrade this site to 0.2',
    );
    expect(describeState({ ...base, state: 'refused', lastError: 'An admin revoked this site.' }).detail).toBe(
      'An admin revoked this site.',
    );
    expect(describeState({ ...base, state: 'refused' }).detail).toMatch(/new enrolment code/);
    expect(describeState({ ...base, state: 'offline' }).label).toBe('Offline');
    expect(describeState({ ...base, state: 'pending' }).detail).toMatch(/used at the next connection/);
  });
});

describe('an enrolment code as typed', () => {
  it('reads case, spaces, dashes and I/L/O the way the hub does, in groups of five', () => {
    expect(tidyCode(' k7m2q 9xh4t-rb3wd  O6nye ')).toBe('K7M2Q-9XH4T-RB3WD-06NYE');
    expect(tidyCode('ilo')).toBe('110');
    expect(codeProblem('k7m2q 9xh4t-rb3wd 06nye')).toBeNull();
    expect(codeProblem('')).toBe('Enrolment code is required');
    expect(codeProblem('K7M2Q-9XH4T')).toBe('Enrolment code is 20 letters and digits; this has 10');
    expect(codeProblem('K7M2Q-9XH4T-RB3WD-06NYU')).toMatch(/no U/);
    expect(codeProblem('K7M2Q-9XH4T-RB3WD-06NY!')).toMatch(/only letters and digits/);
  });
});
