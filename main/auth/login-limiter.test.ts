import { describe, expect, it } from 'vitest';
import { OutpostError } from '../contract/index.js';
import { createLoginLimiter } from './login-limiter.js';

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
  it('locks an account after the allowed failures, for one window, from any address', () => {
    const { l, clock } = limiter();
    for (let i = 0; i < 3; i++) l.begin('ann@example.com', `10.0.0.${i}`).failed();
    const err = refusal(() => l.begin('ann@example.com', '10.0.0.99'));
    expect(err.code).toBe('rate_limited');
    expect(err.retryAfterSeconds).toBe(600);
    expect(err.message).toMatch(/Try again in 10 minutes/);
    clock.now += 9 * 60_000;
    expect(refusal(() => l.begin('ann@example.com', '10.0.0.98')).retryAfterSeconds).toBe(60);
    clock.now += 60_000;
    expect(() => l.begin('ann@example.com', '10.0.0.97').succeeded()).not.toThrow();
  });

  it('locks an address that tries many different emails', () => {
    const { l } = limiter();
    for (const who of ['a', 'b', 'c']) l.begin(`${who}@example.com`, '192.0.2.7').failed();
    expect(refusal(() => l.begin('d@example.com', '192.0.2.7')).code).toBe('rate_limited');
    expect(() => l.begin('d@example.com', '192.0.2.8').succeeded()).not.toThrow();
  });

  it('forgets failures older than the window', () => {
    const { l, clock } = limiter();
    l.begin('ann@example.com', 'x').failed();
    l.begin('ann@example.com', 'y').failed();
    clock.now += 10 * 60_000 + 1;
    l.begin('ann@example.com', 'z').failed();
    expect(() => l.begin('ann@example.com', 'w').failed()).not.toThrow();
  });

  it('a success clears the account counter', () => {
    const { l } = limiter();
    l.begin('ann@example.com', 'a1').failed();
    l.begin('ann@example.com', 'a2').failed();
    l.begin('ann@example.com', 'a3').succeeded();
    l.begin('ann@example.com', 'a4').failed();
    l.begin('ann@example.com', 'a5').failed();
    expect(() => l.begin('ann@example.com', 'a6').succeeded()).not.toThrow();
  });

  it('counts attempts still in flight, so parallel guesses cannot pass the limit', () => {
    const { l } = limiter();
    const inFlight = [1, 2, 3].map((i) => l.begin('ann@example.com', `p${i}`));
    expect(refusal(() => l.begin('ann@example.com', 'p4')).code).toBe('rate_limited');
    for (const attempt of inFlight) attempt.failed();
    expect(refusal(() => l.begin('ann@example.com', 'p5')).retryAfterSeconds).toBe(600);
  });

  it('stays bounded in size', () => {
    const { l } = limiter(50);
    for (let i = 0; i < 500; i++) l.begin(`user${i}@example.com`, `addr${i}`).failed();
    expect(l.size()).toBeLessThanOrEqual(50);
    for (let i = 0; i < 500; i++) l.begin(`ok${i}@example.com`, `ok${i}`).succeeded();
    expect(l.size()).toBeLessThanOrEqual(50);
  });
});
