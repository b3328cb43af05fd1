import type { TopicPayload } from '../contract/index.js';

const LEVEL = { critical: 'Critical alert', warning: 'Warning', info: 'Notice' } as const;

/**
 * The desktop notification for an alert change, or null when it is not worth interrupting the
 * operator: only a newly opened alert notifies; repeats, acknowledgements and resolutions do not.
 */
export function alertNotification(payload: TopicPayload<'alerts.changed'>): { title: string; body: string } | null {
  if (!payload.created || payload.state !== 'open') return null;
  return { title: `Outpost — ${LEVEL[payload.severity]}`, body: payload.title };
}
