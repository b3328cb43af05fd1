import { z } from 'zod';
import { AlertSeverity } from './alerts.js';
import { Id } from './common.js';

/**
 * Live-update topics carried by the subscription channel (SSE over HTTP, IPC events in Electron).
 * Every payload is tenant-scoped: a subscriber only receives its own tenant's messages.
 */
export const topics = {
  'sites.changed': z.object({ siteId: Id, action: z.enum(['created', 'updated', 'deleted']) }),
  'users.changed': z.object({ userId: Id, action: z.enum(['created', 'updated', 'deleted']) }),
  'events.created': z.object({ ids: z.array(Id), siteId: Id }),
  'groups.changed': z.object({ groupId: Id, action: z.enum(['created', 'updated', 'merged', 'split']) }),
  'alerts.changed': z.object({
    alertId: Id,
    state: z.enum(['open', 'acknowledged', 'resolved']),
    title: z.string(),
    severity: AlertSeverity,
    /** True only when this change opened a new alert (not a repeat of an open one): worth a desktop notification. */
    created: z.boolean(),
  }),
  'sources.health': z.object({ sourceId: Id, state: z.enum(['ok', 'degraded', 'down', 'stopped']) }),
};

export type TopicName = keyof typeof topics;
export type TopicPayload<T extends TopicName> = z.infer<(typeof topics)[T]>;
export const TOPIC_NAMES = Object.keys(topics) as TopicName[];
