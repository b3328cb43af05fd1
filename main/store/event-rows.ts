import type { EventKind, MediaRefInfo } from '../contract/index.js';
import type { EventRow } from './pipeline-types.js';
import { severityOfRank } from './severity-rank.js';

/** The columns of `events` as read from SQLite, before JSON and ranks are turned back into values. */
export interface EventRecord {
  id: string;
  siteId: string;
  sourceId: string;
  externalId: string | null;
  groupId: string;
  time: number;
  receivedAt: number;
  severity: number;
  kind: string;
  device: string | null;
  label: string | null;
  message: string;
  category: string | null;
  attributes: string;
  media: string;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  redactions: string | null;
}

/** Events point at their group by seq; the API names it by its id. */
export const EVENT_COLUMNS = `e.id, e.site_id AS siteId, e.source_id AS sourceId, e.external_id AS externalId,
  (SELECT g.id FROM event_groups g WHERE g.seq = e.group_seq) AS groupId, e.time, e.received_at AS receivedAt, e.severity, e.kind, e.device, e.label, e.message,
  e.category, e.attributes, e.media, e.acknowledged_at AS acknowledgedAt, e.acknowledged_by AS acknowledgedBy,
  e.redactions`;

export function toEventRow({ redactions, ...r }: EventRecord): EventRow {
  return {
    ...r,
    severity: severityOfRank(r.severity),
    kind: r.kind as EventKind,
    attributes: JSON.parse(r.attributes) as Record<string, unknown>,
    media: JSON.parse(r.media) as MediaRefInfo[],
    ...(redactions === null ? {} : { redactions: JSON.parse(redactions) as Record<string, number> }),
  };
}
