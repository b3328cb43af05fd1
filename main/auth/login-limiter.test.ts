import { describe, expect, it } from 'vitest';
import { OutpostError } from '../contract/index.js';
import { createLoginLimiter } from './login-limiter.js';

const ANN = 'default/ann@example.com';

function limiter(maxKeys?: number) {
  const clock = { now: Date.UTC(2030, 0, 1) };
  const l = createLoginLimiter({
    maxFailures: 3,
    windowMinutes: 10,
    now: () => clock.now,
    ...(maxKeys ? { maxKeys } : {}),
  });
  return { l, clock };
}

function refusal(fn: () => unknown): OutpostError {
  try {
    fn();
  } catch (err) {
    if (err instanceof OutpostError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('login limiter', () => {
  it('slows an account down after the free failures, doubling the wait up to the window', () => {
    const { l, clock } = limiter();
    // Each guess from a new address would pass; the same few addresses keep failing here.
    const from = (i: number) => `10.0.0.${i % 2}`;
    for (let i = 0; i < 3; i++) l.begin(ANN, from(i)).failed();
    expect(refusal(() => l.begin(ANN, '10.0.0.1')).retryAfterSeconds).toBe(1);
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      const wait = refusal(() => l.begin(ANN, '10.0.0.1')).retryAfterSeconds!;
      waits.push(wait);
      clock.now += wait * 1000;
      l.begin(ANN, '10.0.0.1').failed();
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 600, 600]);
    expect(refusal(() => l.begin(ANN, '10.0.0.1')).message).toMatch(/Try again in 10 minutes/);
    // 10.0.0.0 failed last half an hour ago: it counts as clean again, and its attempt is checked.
    expect(() => l.begin(ANN, '10.0.0.0').succeeded()).not.toThrow();
  });

  it('lets a clean address with the right password in while the account is slowed down', () => {
    const { l } = limiter();
    for (let i = 0; i < 5; i++) {
      try {
        l.begin(ANN, '203.0.113.66').failed();
      } catch {
        // The attacker's own address is slowed down after three failures.
      }
    }
    expect(refusal(() => l.begin(ANN, '203.0.113.66')).code).toBe('rate_limited');
    // The owner, from an address that never failed: the attempt is checked and succeeds.
    expect(() => l.begin(ANN, '198.51.100.10').succeeded()).not.toThrow();
    // The success cleared the account's count: a later typo from elsewhere is one free failure again.
    l.begin(ANN, '198.51.100.11').failed();
    expect(() => l.begin(ANN, '198.51.100.11').succeeded()).not.toThrow();
  });

  it('gives each unfamiliar address one guess at a slowed account, then makes it wait', () => {
    const { l } = limiter();
    for (let i = 0; i < 3; i++) l.begin(ANN, `192.0.2.${i}`).failed();
    l.begin(ANN, '192.0.2.50').failed();
    expect(refusal(() => l.begin(ANN, '192.0.2.50')).code).toBe('rate_limited');
    // The same address may still try another account, whose count is low.
    expect(() => l.begin('default/bo@example.com', '192.0.2.50').failed()).not.toThrow();
  });

  it("lets the owner's usual address in after a typo, unless that address is slowed down itself", () => {
    const { l } = limiter();
    for (let i = 0; i < 3; i++) l.begin(ANN, `192.0.2.${i}`).failed();
    l.begin(ANN, '198.51.100.10', { familiar: true }).failed();
    expect(refusal(() => l.begin(ANN, '198.51.100.10')).code).toBe('rate_limited');
    expect(() => l.begin(ANN, '198.51.100.10', { familiar: true }).succeeded()).not.toThrow();
    // Slowed down itself (its typo and two more failures): familiar or not, it waits.
    for (let i = 0; i < 2; i++) l.begin(`default/other${i}@example.com`, '198.51.100.10').failed();
    expect(refusal(() => l.begin(ANN, '198.51.100.10', { familiar: true })).code).toBe('rate_limited');
  });

  it('slows down an address that tries many different accounts, and no other address', () => {
    const { l } = limiter();
    for (const who of ['a', 'b', 'c']) l.begin(`default/${who}@example.com`, '192.0.2.7').failed();
    expect(refusal(() => l.begin('default/d@example.com', '192.0.2.7')).code).toBe('rate_limited');
    expect(() => l.begin('default/d@example.com', '192.0.2.8').succeeded()).not.toThrow();
  });

  it('treats a whole IPv6 /64 as one address', () => {
    const { l } = limiter();
    for (let i = 1; i <= 3; i++) l.begin(`default/x${i}@example.com`, `2001:db8:0:1::${i}`).failed();
    expect(refusal(() => l.begin('default/y@example.com', '2001:db8:0:1::99')).code).toBe('rate_limited');
    expect(() => l.begin('default/y@example.com', '2001:db8:0:2::1').succeeded()).not.toThrow();
  });

  it('forgets failures a window after the last wait ended', () => {
    const { l, clock } = limiter();
    for (let i = 0; i < 3; i++) l.begin('default/x@example.com', '192.0.2.9').failed();
    expect(refusal(() => l.begin('default/y@example.com', '192.0.2.9')).code).toBe('rate_limited');
    clock.now += 1000 + 10 * 60_000;
    for (let i = 0; i < 3; i++) l.begin(`default/z${i}@example.com`, '192.0.2.9').failed();
  });

  it('counts attempts still in flight, so parallel guesses cannot pass the limit', () => {
    const { l } = limiter();
    const inFlight = [1, 2, 3].map(() => l.begin(ANN, '192.0.2.1'));
    expect(refusal(() => l.begin(ANN, '192.0.2.1')).code).toBe('rate_limited');
    // An address with an attempt in flight is not a clean one for a slowed account either.
    for (const attempt of inFlight) attempt.failed();
    expect(refusal(() => l.begin(ANN, '192.0.2.1')).retryAfterSeconds).toBe(1);
  });

  it('stays bounded in size', () => {
    const { l } = limiter(50);
    for (let i = 0; i < 500; i++) l.begin(`user${i}@example.com`, `addr${i}`).failed();
    expect(l.size()).toBeLessThanOrEqual(50);
    for (let i = 0; i < 500; i++) l.begin(`ok${i}@example.com`, `ok${i}`).succeeded();
    expect(l.size()).toBeLessThanOrEqual(50);
  });
});
