import { describe, expect, it } from 'vitest';
import type { TopicName } from '../contract/index.js';
import { alertNotification } from './alert-notification.js';
import type { SubscribeResult, SubscriptionHandlers } from './core-client.js';
import { DesktopAlerts } from './desktop-alerts.js';

const ALERT = { alertId: '01J00000000000000000000000', title: 'Door 12 forced open', severity: 'critical' } as const;

/** Stands in for the Core's subscription channel (the Core runs in another process in the app). */
function fakeFeeds() {
  const live: Array<{ token: string; topics: TopicName[]; handlers: SubscriptionHandlers; ended: boolean }> = [];
  return {
    live,
    core: {
      subscribe: async (
        token: string,
        topics: TopicName[],
        handlers: SubscriptionHandlers,
      ): Promise<SubscribeResult> => {
        const entry = { token, topics, handlers, ended: false };
        live.push(entry);
        return { ok: true, unsubscribe: () => (entry.ended = true) };
      },
    },
  };
}

describe('alertNotification', () => {
  it('notifies a newly opened alert with its level and title', () => {
    expect(alertNotification({ ...ALERT, state: 'open', created: true })).toEqual({
      title: 'Outpost — Critical alert',
      body: 'Door 12 forced open',
    });
  });

  it('stays quiet for repeats, acknowledgements and resolutions', () => {
    expect(alertNotification({ ...ALERT, state: 'open', created: false })).toBeNull();
    expect(alertNotification({ ...ALERT, state: 'acknowledged', created: false })).toBeNull();
    expect(alertNotification({ ...ALERT, state: 'resolved', created: false })).toBeNull();
  });
});

describe('DesktopAlerts', () => {
  it('follows the signed-in session and shows new alerts, ignoring malformed payloads', async () => {
    const { core, live } = fakeFeeds();
    const shown: Array<{ title: string; body: string }> = [];
    const alerts = new DesktopAlerts(core, (n) => shown.push(n));
    await alerts.follow('tok-1');
    expect(live.map((f) => [f.token, f.topics])).toEqual([['tok-1', ['alerts.changed']]]);

    live[0]!.handlers.onEvent('alerts.changed', { ...ALERT, state: 'open', created: true });
    live[0]!.handlers.onEvent('alerts.changed', { ...ALERT, state: 'open', created: false });
    live[0]!.handlers.onEvent('alerts.changed', { alertId: 'not-an-id' });
    expect(shown).toEqual([{ title: 'Outpost — Critical alert', body: 'Door 12 forced open' }]);
  });

  it('stops on sign-out and moves to a new session', async () => {
    const { core, live } = fakeFeeds();
    const alerts = new DesktopAlerts(core, () => {});
    await alerts.follow('tok-1');
    await alerts.follow('tok-2');
    expect(live.map((f) => [f.token, f.ended])).toEqual([
      ['tok-1', true],
      ['tok-2', false],
    ]);
    await alerts.follow(undefined);
    expect(live[1]!.ended).toBe(true);
  });
});
