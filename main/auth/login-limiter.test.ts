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

async function refusal(fn: () => Promise<unknown>): Promise<OutpostError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof OutpostError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('login limiter', () => {
  it('slows an account down after the free failures, doubling the wait up to the window', async () => {
    const { l, clock } = limiter();
    // Each guess from a new address would pass; the same few addresses keep failing here.
    const from = (i: number) => `10.0.0.${i % 2}`;
    for (let i = 0; i < 3; i++) (await l.begin(ANN, from(i))).failed();
    expect((await refusal(() => l.begin(ANN, '10.0.0.1'))).retryAfterSeconds).toBe(1);
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      const wait = (await refusal(() => l.begin(ANN, '10.0.0.1'))).retryAfterSeconds!;
      waits.push(wait);
      clock.now += wait * 1000;
      (await l.begin(ANN, '10.0.0.1')).failed();
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 600, 600]);
    expect((await refusal(() => l.begin(ANN, '10.0.0.1'))).message).toMatch(/Try again in 10 minutes/);
    // 10.0.0.0 failed last half an hour ago: it counts as clean again, and its attempt is checked.
    (await l.begin(ANN, '10.0.0.0')).succeeded();
  });

  it('lets a clean address with the right password in while the account is slowed down', async () => {
    const { l } = limiter();
    for (let i = 0; i < 5; i++) {
      try {
        (await l.begin(ANN, '203.0.113.66')).failed();
      } catch {
        // The attacker's own address is slowed down after three failures.
      }
    }
    expect((await refusal(() => l.begin(ANN, '203.0.113.66'))).code).toBe('rate_limited');
    // The owner, from an address that never failed: the attempt is checked and succeeds.
    (await l.begin(ANN, '198.51.100.10')).succeeded();
    // The success cleared the account's count: a later typo from elsewhere is one free failure again.
    (await l.begin(ANN, '198.51.100.11')).failed();
    (await l.begin(ANN, '198.51.100.11')).succeeded();
  });

  it('gives each unfamiliar address one guess at a slowed account, then makes it wait', async () => {
    const { l } = limiter();
    for (let i = 0; i < 3; i++) (await l.begin(ANN, `192.0.2.${i}`)).failed();
    (await l.begin(ANN, '192.0.2.50')).failed();
    expect((await refusal(() => l.begin(ANN, '192.0.2.50'))).code).toBe('rate_limited');
    // The same address may still try another account, whose count is low.
    (await l.begin('default/bo@example.com', '192.0.2.50')).failed();
  });

  it("lets the owner's usual address in after a typo, unless that address is slowed down itself", async () => {
    const { l } = limiter();
    for (let i = 0; i < 3; i++) (await l.begin(ANN, `192.0.2.${i}`)).failed();
    (await l.begin(ANN, '198.51.100.10', { familiar: true })).failed();
    expect((await refusal(() => l.begin(ANN, '198.51.100.10'))).code).toBe('rate_limited');
    (await l.begin(ANN, '198.51.100.10', { familiar: true })).succeeded();
    // Slowed down itself (its typo and two more failures): familiar or not, it waits.
    for (let i = 0; i < 2; i++) (await l.begin(`default/other${i}@example.com`, '198.51.100.10')).failed();
    expect((await refusal(() => l.begin(ANN, '198.51.100.10', { familiar: true }))).code).toBe('rate_limited');
  });

  it('slows down an address that tries many different accounts, and no other address', async () => {
    const { l } = limiter();
    for (const who of ['a', 'b', 'c']) (await l.begin(`default/${who}@example.com`, '192.0.2.7')).failed();
    expect((await refusal(() => l.begin('default/d@example.com', '192.0.2.7'))).code).toBe('rate_limited');
    (await l.begin('default/d@example.com', '192.0.2.8')).succeeded();
  });

  it('treats a whole IPv6 /64 as one address', async () => {
    const { l } = limiter();
    for (let i = 1; i <= 3; i++) (await l.begin(`default/x${i}@example.com`, `2001:db8:0:1::${i}`)).failed();
    expect((await refusal(() => l.begin('default/y@example.com', '2001:db8:0:1::99'))).code).toBe('rate_limited');
    (await l.begin('default/y@example.com', '2001:db8:0:2::1')).succeeded();
  });

  it('forgets failures a window after the last wait ended', async () => {
    const { l, clock } = limiter();
    for (let i = 0; i < 3; i++) (await l.begin('default/x@example.com', '192.0.2.9')).failed();
    expect((await refusal(() => l.begin('default/y@example.com', '192.0.2.9'))).code).toBe('rate_limited');
    clock.now += 1000 + 10 * 60_000;
    for (let i = 0; i < 3; i++) (await l.begin(`default/z${i}@example.com`, '192.0.2.9')).failed();
  });

  it('checks parallel guesses no faster than failures can stop them', async () => {
    const { l } = limiter();
    const inFlight = await Promise.all([1, 2, 3].map(() => l.begin(ANN, '192.0.2.1')));
    // A fourth waits its turn while the three could still fail, rather than being checked beside them.
    let fourth: 'waiting' | 'started' | 'refused' = 'waiting';
    const next = l.begin(ANN, '192.0.2.1').then(
      (attempt) => {
        fourth = 'started';
        return attempt;
      },
      (err: unknown) => {
        fourth = 'refused';
        return err;
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(fourth).toBe('waiting');
    for (const attempt of inFlight) attempt.failed();
    // All three failed: the waiting guess is refused with the first wait, its password never checked.
    const refused = await next;
    expect(fourth).toBe('refused');
    expect((refused as OutpostError).retryAfterSeconds).toBe(1);
  });

  it('lets a waiting attempt start when one in flight succeeds', async () => {
    const { l } = limiter();
    const inFlight = await Promise.all([1, 2, 3].map((i) => l.begin(`default/u${i}@example.com`, '192.0.2.2')));
    const next = l.begin('default/u4@example.com', '192.0.2.2');
    inFlight[0]!.succeeded();
    (await next).succeeded();
    for (const attempt of inFlight.slice(1)) attempt.succeeded();
    expect(l.size()).toBe(0);
  });

  it('never counts a correct password: ten sign-ins at once from one address all get in', async () => {
    const { l } = limiter();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const attempt = await l.begin(`default/user${i}@example.com`, '192.0.2.20');
        // The password check takes a while; the others wait their turn, none is refused.
        await new Promise((resolve) => setTimeout(resolve, 1));
        attempt.succeeded();
        return 'in';
      }),
    );
    expect(outcomes).toEqual(Array(10).fill('in'));
    // Nothing was counted against the address: two typos are still free, and a third try is checked.
    for (const who of ['a', 'b']) (await l.begin(`default/${who}@example.com`, '192.0.2.20')).failed();
    (await l.begin('default/c@example.com', '192.0.2.20')).succeeded();
  });

  it('stays bounded in size', async () => {
    const { l } = limiter(50);
    for (let i = 0; i < 500; i++) (await l.begin(`user${i}@example.com`, `addr${i}`)).failed();
    expect(l.size()).toBeLessThanOrEqual(50);
    for (let i = 0; i < 500; i++) (await l.begin(`ok${i}@example.com`, `ok${i}`)).succeeded();
    expect(l.size()).toBeLessThanOrEqual(50);
  });
});
