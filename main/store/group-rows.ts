import type { Database } from '../../native/sqlite/index.js';
import type { GroupRow, TemplateRow } from './pipeline-types.js';
import { severityOfRank } from './severity-rank.js';

export const SPARKLINE_MINUTES = 60;

export interface GroupRecord {
  seq: number;
  id: string;
  siteId: string;
  template: string;
  category: string | null;
  tags: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  severity: number;
  mergedInto: string | null;
}

export const GROUP_COLUMNS = `g.seq, g.id, g.site_id AS siteId, g.template, g.category, g.tags, g.count,
  g.first_seen AS firstSeen, g.last_seen AS lastSeen, g.severity, g.merged_into AS mergedInto`;

export interface TemplateRecord {
  templateId: string;
  siteId: string;
  groupId: string;
  key: string;
  template: string;
  joinedBy: 'template' | 'similarity';
  similarity: number | null;
  joinedAt: number;
}

export const TEMPLATE_COLUMNS = `t.id AS templateId, t.site_id AS siteId, t.group_id AS groupId, t.key, t.template,
  t.joined_by AS joinedBy, t.similarity, t.joined_at AS joinedAt`;

export function toTemplateRow(r: TemplateRecord): TemplateRow {
  return { ...r };
}

/** Turns group records into GroupRows with their last-hour sparklines (one query per call). */
export function createGroupReader(db: Database): (records: GroupRecord[], now?: number) => GroupRow[] {
  const minutes = db.prepare<[string, number, number], { groupId: string; minute: number; count: number }>(
    `SELECT group_id AS groupId, minute, count FROM group_minute_counts
     WHERE group_id IN (SELECT value FROM json_each(?)) AND minute BETWEEN ? AND ?`,
  );
  return (records, now = Date.now()) => {
    if (records.length === 0) return [];
    const last = Math.floor(now / 60_000);
    const first = last - SPARKLINE_MINUTES + 1;
    const lines = new Map(records.map((r) => [r.id, new Array<number>(SPARKLINE_MINUTES).fill(0)]));
    for (const m of minutes.all(JSON.stringify(records.map((r) => r.id)), first, last)) {
      const line = lines.get(m.groupId);
      if (line) line[m.minute - first] = m.count;
    }
    return records.map((r) => ({
      id: r.id,
      siteId: r.siteId,
      template: r.template,
      category: r.category,
      tags: JSON.parse(r.tags) as string[],
      count: r.count,
      firstSeen: r.firstSeen,
      lastSeen: r.lastSeen,
      severity: severityOfRank(r.severity),
      sparkline: lines.get(r.id) ?? [],
      mergedInto: r.mergedInto,
    }));
  };
}
