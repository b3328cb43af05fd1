import { distCliExists, startOutpost, type OutpostServer } from '../../e2e/support/outpost-server.js';
import { cacheCounts, cacheDelta, createHomeUsers, homeRound, timedHomeGet, type HomeUser } from '../lib/home-users.js';
import { createLogMix } from '../lib/log-mix.js';
import { runOpenLoop } from '../lib/open-loop-load.js';
import { summarize } from '../lib/stats.js';
import type { BenchCase, BenchContext, Figure } from '../lib/types.js';
import { createWebhookTarget, rpc, type WebhookTarget } from '../lib/webhook-source.js';

const USERS = 100;
const EVENT_RATE = 200;
/** Each user reads Home about once a second in the mix (an open Home re-reading after changes, users arriving). */
const READ_RATE = USERS;
/**
 * The share of lines that are a kind of event never seen before (a new group, which Home shows, so
 * every cached Home of the tenant goes out of date). A site's steady state is mostly repeats (0.1 %:
 * one every 5 s at 200 events/s); the pipeline benchmarks use 1 %, a burst of novelty, run here too.
 */
const NEW_TEMPLATE_RATES = [0.001, 0.01];
/** The log mix has about 300 common templates; 10 s at 200/s makes them all groups before counting. */
const WARM_UP_SECONDS = 10;
/** The paced reads of aim 1: each user about five times a second, no changes meanwhile. */
const PACED_RATE = 500;
const ALERT_TIMEOUT_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function postEvent(target: WebhookTarget, event: object): Promise<boolean> {
  const response = await fetch(target.ingestUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
    body: JSON.stringify(event),
  });
  await response.arrayBuffer();
  return response.status === 202;
}

/** Aim 1: every user asks at once, round after round, with nothing changing (every answer a cache hit). */
async function concurrentReads(server: OutpostServer, users: HomeUser[], rounds: number, ctx: BenchContext) {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) for (const { ms } of await homeRound(server, users)) times.push(ms);
  ctx.log(`  ${rounds} rounds of ${users.length} concurrent home.get`);
  return times;
}

/** Aim 2: reads and events at fixed rates together (two open loops); hits and misses from home.cacheStats. */
async function mixedLoad(
  server: OutpostServer,
  admin: string,
  target: WebhookTarget,
  users: HomeUser[],
  seconds: number,
  newTemplateRate: number,
  ctx: BenchContext,
): Promise<Figure[]> {
  const mix = createLogMix(Math.round(newTemplateRate * 1e4), newTemplateRate);
  const sendEvent = () => postEvent(target, mix.next());
  const before = await cacheCounts(server, admin);
  const [events, reads] = await Promise.all([
    runOpenLoop({ ratePerSecond: EVENT_RATE, durationSeconds: seconds, send: sendEvent }),
    runOpenLoop({
      ratePerSecond: READ_RATE,
      durationSeconds: seconds,
      send: async (i) => (await timedHomeGet(server, users[i % users.length]!.token)).home.generatedAt > 0,
    }),
  ]);
  const delta = cacheDelta(before, await cacheCounts(server, admin));
  const reasons = Object.entries(delta.missesByReason)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  ctx.log(
    `  mix (${newTemplateRate * 100} % new): events ${events.ok}/${events.sent} accepted (dropped ${events.dropped}), reads ${reads.ok}/${reads.sent}; ` +
      `hits ${delta.hits}, misses ${delta.misses} (${reasons || 'none'}), invalidations ${delta.invalidations}, refreshes ${delta.refreshes}`,
  );
  const posted = summarize(events.latenciesMs);
  const total = delta.hits + delta.misses;
  if (total === 0) throw new Error('no home.get was counted by home.cacheStats during the mix');
  const label = `${READ_RATE} reads/s with ${EVENT_RATE} events/s, ${newTemplateRate * 100} % new kinds`;
  return [
    {
      name: `cache hit rate, ${label}`,
      unit: '%',
      value: Math.round((delta.hits / total) * 1000) / 10,
      aim: { stat: 'value', op: '>=', target: 95 },
      note:
        `${seconds} s; ${delta.hits} hits, ${delta.misses} misses (${reasons || 'none'}); ${delta.invalidations} changes ` +
        `moved the tenant's Homes, ${delta.refreshes} Homes made again in the background; ` +
        `${events.ok} of ${events.sent} events accepted`,
    },
    {
      name: `home.get latency, ${label}`,
      unit: 'ms',
      ...summarize(reads.latenciesMs),
      note: `open loop, ${READ_RATE} reads/s spread over the ${users.length} users, beside ${EVENT_RATE} events/s (their 202s: p50 ${posted.p50.toFixed(1)} ms, p95 ${posted.p95.toFixed(1)} ms)`,
    },
    {
      name: `events or reads failed or dropped, ${label}`,
      unit: 'count',
      value: events.failed + events.dropped + reads.failed + reads.dropped,
      aim: { stat: 'value', op: '<=', target: 0 },
    },
  ];
}

interface OpenAlert {
  id: string;
  severity: string;
  openedAt: number;
}

/**
 * Polls every user's Home in concurrent rounds until `seen` says each reflects the change; answers
 * the wall-clock time (Date.now, the server's clock too: same machine) of the last user's first
 * answer that shows it, and how many rounds it took.
 */
async function untilEveryHome(
  server: OutpostServer,
  users: HomeUser[],
  seen: (home: Awaited<ReturnType<typeof timedHomeGet>>['home']) => boolean,
): Promise<{ lastSeenAt: number; rounds: number }> {
  const pending = new Set(users);
  let lastSeenAt = 0;
  let rounds = 0;
  const deadline = Date.now() + ALERT_TIMEOUT_MS;
  while (pending.size > 0) {
    if (Date.now() > deadline) throw new Error(`${pending.size} Homes did not reflect the change within 10 s`);
    rounds += 1;
    const answers = await Promise.all(
      [...pending].map(async (user) => ({ user, ...(await timedHomeGet(server, user.token)), at: Date.now() })),
    );
    for (const { user, home, at } of answers) {
      if (!seen(home)) continue;
      pending.delete(user);
      lastSeenAt = Math.max(lastSeenAt, at);
    }
  }
  return { lastSeenAt, rounds };
}

/**
 * Aim 3: a critical event trips a severity rule; the time from the alert's openedAt (the store's
 * record) until the last of the users' Homes shows one open critical alert. Each alert is then
 * resolved and every Home seen back at zero before the next.
 */
async function alertToHomes(
  server: OutpostServer,
  admin: string,
  target: WebhookTarget,
  users: HomeUser[],
  trials: number,
  ctx: BenchContext,
) {
  const delays: number[] = [];
  const roundsTaken: number[] = [];
  for (let i = 0; i < trials; i++) {
    const ok = await postEvent(target, {
      message: 'pump station P-7 pressure lost on the main line',
      severity: 'critical',
      device: 'pump-7',
    });
    if (!ok) throw new Error('the critical event was not accepted');
    const { lastSeenAt, rounds } = await untilEveryHome(server, users, (home) => home.alerts.open.critical >= 1);
    const open = (await rpc(server, 'alerts.list', { state: 'open' }, admin)) as { items: OpenAlert[] };
    const alert = open.items.find((a) => a.severity === 'critical');
    if (!alert) throw new Error('the critical alert is not in alerts.list');
    delays.push(Math.max(0, lastSeenAt - alert.openedAt));
    roundsTaken.push(rounds);
    await rpc(server, 'alerts.resolve', { id: alert.id }, admin);
    await untilEveryHome(server, users, (home) => home.alerts.open.critical === 0);
    await sleep(500);
  }
  ctx.log(`  alerts: ${delays.map((d) => Math.round(d)).join(', ')} ms; polling rounds ${roundsTaken.join(', ')}`);
  return { delays, roundsTaken };
}

const benchCase: BenchCase = {
  name: 'home-cache',
  description:
    `Home (issue 10): home.get at ${USERS} concurrent users, each a distinct viewer with their own cached Home; the cache ` +
    `hit rate over a mix of ${READ_RATE} reads/s and ${EVENT_RATE} webhook events/s; and the time from an alert opening ` +
    "to every user's Home showing it. All over loopback HTTP against `outpost serve`.",
  async run(ctx) {
    const entry = distCliExists() ? 'dist' : 'source';
    const rounds = ctx.quick ? 20 : 100;
    const mixSeconds = ctx.quick ? 10 : 60;
    const trials = ctx.quick ? 3 : 10;
    ctx.note(
      `Server: ${entry === 'dist' ? '`node dist/main/cli.js serve`' : 'main/cli.ts through tsx'}, default home settings ` +
        '(refresh 100 ms after a change); client (fetch, keep-alive) in the bench process on the same machine.',
    );
    ctx.note(
      `Setup: ${USERS} viewers created with users.create and signed in with auth.login, a webhook source (its default ` +
        'site), a severity rule (critical events open a critical alert); each Home read once (cold) and once more before measuring.',
    );
    ctx.note(
      `Concurrent reads: ${rounds} rounds in which all ${USERS} users call home.get at once (closed loop, no changes meanwhile): the last of a round waits for the 99 before it, so p95 ≤ 20 ms needs about 5,000 answers/s from one process; a paced run (open loop) beside it shows what one answer costs.`,
    );
    ctx.note(
      `Hit rate: ${mixSeconds} s of the mix, not the issue's 5 minutes (the machine is shared; the rates are steady, so a ` +
        `longer run repeats the same pattern), once per share of never-seen lines (${NEW_TEMPLATE_RATES.map((r) => `${r * 100} %`).join(', ')}); ` +
        `events from bench/lib/log-mix.ts, whose ~300 common templates are made groups by a ${WARM_UP_SECONDS} s warm-up at ` +
        `${EVENT_RATE}/s first; reads spread over the users in turn (open loop); hits and misses are the change in home.cacheStats.`,
    );
    ctx.note(
      `Alert to Homes: ${trials} alerts, one at a time, no other load; each Home polled in concurrent rounds of home.get, so ` +
        "the figure includes up to one round's time of polling; timed from the alert's openedAt (alerts.list) to the last user's first answer showing it.",
    );
    const server = await startOutpost({
      entry,
      env: {
        OUTPOST_LOG_LEVEL: 'warn',
        OUTPOST_RATE_LIMIT_BURST: '100000',
        OUTPOST_RATE_LIMIT_REFILL_PER_SECOND: '100000',
      },
    });
    try {
      const target = await createWebhookTarget(server);
      const admin = target.session;
      await rpc(
        server,
        'alertRules.create',
        { name: 'Critical events', type: 'severity', atLeast: 'critical', severity: 'critical' },
        admin,
      );
      const setupStarted = performance.now();
      const users = await createHomeUsers(server, admin, USERS);
      await homeRound(server, users);
      await homeRound(server, users);
      ctx.log(`  ${USERS} users created, signed in and warmed in ${Math.round(performance.now() - setupStarted)} ms`);

      const before = await cacheCounts(server, admin);
      const times = await concurrentReads(server, users, rounds, ctx);
      const quiet = cacheDelta(before, await cacheCounts(server, admin));
      const figures: Figure[] = [
        {
          name: `home.get latency, ${USERS} concurrent users`,
          unit: 'ms',
          ...summarize(times),
          aim: { stat: 'p95', op: '<=', target: 20 },
          note: `${quiet.hits} hits, ${quiet.misses} misses in these rounds; timed from send to the parsed answer`,
        },
      ];
      await sleep(1_000);
      await sleep(1_000);
      const paced = await runOpenLoop({
        ratePerSecond: PACED_RATE,
        durationSeconds: ctx.quick ? 3 : 10,
        send: async (i) => (await timedHomeGet(server, users[i % users.length]!.token)).home.generatedAt > 0,
      });
      figures.push({
        name: `home.get latency, ${USERS} users at ${PACED_RATE} reads/s`,
        unit: 'ms',
        ...summarize(paced.latenciesMs),
        note: `open loop (each user about ${PACED_RATE / USERS} times a second), no changes: what one answer costs when the server keeps up`,
      });
      const warmMix = createLogMix(3, 0);
      await runOpenLoop({
        ratePerSecond: EVENT_RATE,
        durationSeconds: WARM_UP_SECONDS,
        send: () => postEvent(target, warmMix.next()),
      });
      for (const rate of NEW_TEMPLATE_RATES) {
        await sleep(2_000);
        figures.push(...(await mixedLoad(server, admin, target, users, mixSeconds, rate, ctx)));
      }
      await sleep(2_000);
      const { delays, roundsTaken } = await alertToHomes(server, admin, target, users, trials, ctx);
      figures.push({
        name: `alert opened → all ${USERS} users' Homes show it`,
        unit: 'ms',
        ...summarize(delays),
        aim: { stat: 'p95', op: '<=', target: 1000 },
        note: `polling rounds needed per alert: ${roundsTaken.join(', ')}`,
      });
      return figures;
    } finally {
      await server.stop();
    }
  },
};

export default benchCase;
