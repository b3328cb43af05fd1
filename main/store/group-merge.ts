import type { Database } from '../../native/sqlite/index.js';
import { OutpostError } from '../contract/index.js';
import { deleteGroupVectors } from './group-vectors-table.js';
import { newId } from './ids.js';
import type { GroupRow, PositionPart, SiteScope } from './pipeline-types.js';
import type { Scope } from './types.js';

interface GroupFacts {
  seq: number;
  id: string;
  siteId: string;
  mergedInto: string | null;
}

/**
 * Merge, split and split by position: the changes that move templates and events between groups,
 * each one transaction.
 */
export function createGroupChanges(db: Database, reread: (scope: Scope, id: string) => GroupRow) {
  const facts = db.prepare<[string, string], GroupFacts>(
    'SELECT seq, id, site_id AS siteId, merged_into AS mergedInto FROM event_groups WHERE id = ? AND tenant_id = ?',
  );
  const moveTemplates = db.prepare<[string, string, string]>(
    'UPDATE templates SET group_id = ?, founding = 0 WHERE group_id = ? AND tenant_id = ?',
  );
  const moveEvents = db.prepare<[number, number, string]>(
    'UPDATE events SET group_seq = ? WHERE group_seq = ? AND tenant_id = ?',
  );
  const moveMinutes = db.prepare<[{ p1: string; p2: string }]>(
    `INSERT INTO group_minute_counts (group_id, minute, tenant_id, count)
     SELECT @p1, minute, tenant_id, count FROM group_minute_counts WHERE group_id = @p2 AND true
     ON CONFLICT (group_id, minute) DO UPDATE SET count = count + excluded.count`,
  );
  const dropMinutes = db.prepare<[string]>('DELETE FROM group_minute_counts WHERE group_id = ?');
  const addTotals = db.prepare<[{ p1: string; p2: string }]>(
    `UPDATE event_groups AS t SET count = t.count + s.count, first_seen = min(t.first_seen, s.first_seen),
       last_seen = max(t.last_seen, s.last_seen), severity = max(t.severity, s.severity)
     FROM (SELECT count, first_seen, last_seen, severity FROM event_groups WHERE id = @p2) AS s
     WHERE t.id = @p1`,
  );
  const markMerged = db.prepare<[{ p1: string; p2: string; p3: string }]>(
    'UPDATE event_groups SET merged_into = @p1, count = 0 WHERE (id = @p2 OR merged_into = @p2) AND tenant_id = @p3',
  );
  const joinTemplates = db.prepare<[{ p1: string; p2: string; p3: number; p4: string }]>(
    `UPDATE templates SET group_id = @p1, founding = 0, joined_by = 'similarity', similarity = @p3
     WHERE group_id = @p2 AND tenant_id = @p4`,
  );
  const settle = db.prepare<[string, string]>(
    'UPDATE event_groups SET similarity_pending = 0 WHERE id = ? AND tenant_id = ?',
  );
  const templateInGroup = db.prepare<[string, string, string], { template: string; founding: number }>(
    'SELECT template, founding FROM templates WHERE id = ? AND group_id = ? AND tenant_id = ?',
  );
  const templateCount = db.prepare<[string], number>('SELECT count(*) FROM templates WHERE group_id = ?').pluck();
  const insertGroup = db.prepare(
    `INSERT INTO event_groups (id, tenant_id, site_id, template, category, tags, count, first_seen, last_seen, severity)
     VALUES (@id, @tenantId, @siteId, @template, NULL, '[]', 0, @at, @at, 0)`,
  );
  const detachTemplate = db.prepare<[{ p1: string; p2: string }]>(
    `UPDATE templates SET group_id = @p1, founding = 1, joined_by = 'template', similarity = NULL WHERE id = @p2`,
  );
  // Through the group's index (a template's events are always in the template's group): events
  // has no index on template_seq, which every insert would pay for (migration 006).
  const moveTemplateEvents = db.prepare<[{ p1: string; p2: string; p3: string; p4: string }]>(
    `UPDATE events SET group_seq = (SELECT seq FROM event_groups WHERE id = @p1)
     WHERE group_seq = (SELECT seq FROM event_groups WHERE id = @p2) AND template_seq = (SELECT seq FROM templates WHERE id = @p3) AND tenant_id = @p4`,
  );
  const nextFounder = db.prepare<[string], { id: string; template: string }>(
    'SELECT id, template FROM templates WHERE group_id = ? ORDER BY joined_at, id LIMIT 1',
  );
  const makeFounder = db.prepare<[string]>('UPDATE templates SET founding = 1 WHERE id = ?');
  const renameGroup = db.prepare<[string, string]>('UPDATE event_groups SET template = ? WHERE id = ?');
  const recount = db.prepare<[string]>(
    `UPDATE event_groups SET (count, first_seen, last_seen, severity) = (
       SELECT count(*), coalesce(min(e.time), event_groups.first_seen), coalesce(max(e.time), event_groups.last_seen),
              coalesce(max(e.severity), event_groups.severity)
       FROM events e WHERE e.group_seq = event_groups.seq)
     WHERE id = ?`,
  );
  const rebuildMinutes = db.prepare<[string]>(
    `INSERT INTO group_minute_counts (group_id, minute, tenant_id, count)
     SELECT g.id, e.time / 60000, e.tenant_id, count(*) FROM events e JOIN event_groups g ON g.seq = e.group_seq
     WHERE g.id = ? GROUP BY e.time / 60000`,
  );

  const templateEvents = db.prepare<[string, string, string], { id: string; message: string }>(
    `SELECT id, message FROM events
     WHERE group_seq = (SELECT seq FROM event_groups WHERE id = ?) AND template_seq = (SELECT seq FROM templates WHERE id = ?) AND tenant_id = ? ORDER BY seq`,
  );
  const insertTemplate = db.prepare(
    `INSERT INTO templates (id, tenant_id, site_id, group_id, key, template, founding, joined_by, similarity, joined_at)
     VALUES (@id, @tenantId, @siteId, @groupId, @key, @template, @founding, 'template', NULL, @at)`,
  );
  const unfound = db.prepare<[string]>('UPDATE templates SET founding = 0 WHERE id = ?');
  const moveEventIds = db.prepare<[{ p1: string; p2: string; p3: string; p4: string }]>(
    `UPDATE events SET group_seq = (SELECT seq FROM event_groups WHERE id = @p1), template_seq = (SELECT seq FROM templates WHERE id = @p2)
     WHERE id IN (SELECT value FROM json_each(@p3)) AND tenant_id = @p4`,
  );

  function live(scope: Scope, id: string, role: string): GroupFacts {
    const group = facts.get(id, scope.tenantId);
    if (!group || (scope.siteId && group.siteId !== scope.siteId)) {
      throw new OutpostError('not_found', `There is no group ${id} (${role}). Check the id with groups.list.`);
    }
    if (group.mergedInto) {
      throw new OutpostError(
        'conflict',
        `Group ${id} (${role}) was already merged into ${group.mergedInto}. Use that group instead.`,
      );
    }
    return group;
  }

  const merge = db.transaction((scope: Scope, targetId: string, sourceIds: readonly string[]): GroupRow => {
    const target = live(scope, targetId, 'target');
    const sources = [...new Set(sourceIds)].map((id) => {
      if (id === targetId)
        throw new OutpostError('conflict', `Group ${id} is the target; it cannot also be merged into itself.`);
      const source = live(scope, id, 'source');
      if (source.siteId !== target.siteId) {
        throw new OutpostError(
          'conflict',
          `Group ${id} belongs to another site than the target; only groups of one site merge.`,
        );
      }
      return source;
    });
    for (const source of sources) {
      moveTemplates.run(target.id, source.id, scope.tenantId);
      moveEvents.run(target.seq, source.seq, scope.tenantId);
      moveMinutes.run({ p1: target.id, p2: source.id });
      dropMinutes.run(source.id);
      addTotals.run({ p1: target.id, p2: source.id });
      markMerged.run({ p1: target.id, p2: source.id, p3: scope.tenantId });
    }
    deleteGroupVectors(
      db,
      sources.map((s) => s.seq),
    );
    return reread(scope, target.id);
  });

  /**
   * A group founded by a new template turned out to be like `targetId` once its embedding arrived:
   * its templates join the target by similarity (shown with it, and reversible by a split), its
   * events and counts move there, and it is marked merged into the target.
   */
  const joinBySimilarity = db.transaction(
    (scope: SiteScope, groupId: string, targetId: string, similarity: number): GroupRow => {
      const target = live(scope, targetId, 'target');
      const source = live(scope, groupId, 'group');
      if (source.siteId !== target.siteId || source.id === target.id) {
        throw new OutpostError('conflict', `Group ${groupId} cannot join ${targetId}: another site, or itself.`);
      }
      joinTemplates.run({ p1: target.id, p2: source.id, p3: similarity, p4: scope.tenantId });
      moveEvents.run(target.seq, source.seq, scope.tenantId);
      moveMinutes.run({ p1: target.id, p2: source.id });
      dropMinutes.run(source.id);
      addTotals.run({ p1: target.id, p2: source.id });
      markMerged.run({ p1: target.id, p2: source.id, p3: scope.tenantId });
      settle.run(source.id, scope.tenantId);
      deleteGroupVectors(db, [source.seq]);
      return reread(scope, target.id);
    },
  );

  const split = db.transaction((scope: Scope, groupId: string, templateId: string): GroupRow => {
    const group = live(scope, groupId, 'group');
    const template = templateInGroup.get(templateId, groupId, scope.tenantId);
    if (!template) {
      throw new OutpostError(
        'not_found',
        `Template ${templateId} is not in group ${groupId}. Check it with groups.get.`,
      );
    }
    if (templateCount.get(groupId) === 1) {
      throw new OutpostError(
        'conflict',
        `Template ${templateId} is the only template of group ${groupId}; there is nothing to split off.`,
      );
    }
    const newGroupId = newId();
    insertGroup.run({
      id: newGroupId,
      tenantId: scope.tenantId,
      siteId: group.siteId,
      template: template.template,
      at: Date.now(),
    });
    detachTemplate.run({ p1: newGroupId, p2: templateId });
    moveTemplateEvents.run({ p1: newGroupId, p2: groupId, p3: templateId, p4: scope.tenantId });
    if (template.founding === 1) {
      const founder = nextFounder.get(groupId);
      if (founder) {
        makeFounder.run(founder.id);
        renameGroup.run(founder.template, groupId);
      }
    }
    for (const id of [groupId, newGroupId]) {
      recount.run(id);
      dropMinutes.run(id);
      rebuildMinutes.run(id);
    }
    return reread(scope, newGroupId);
  });

  function templateOf(scope: Scope, groupId: string, templateId: string) {
    const template = templateInGroup.get(templateId, groupId, scope.tenantId);
    if (!template) {
      throw new OutpostError(
        'not_found',
        `Template ${templateId} is not in group ${groupId}. Check it with groups.get.`,
      );
    }
    return template;
  }

  /**
   * A template's lines become one template per part: the first part's template joins the group
   * (and becomes its founder if the split template was), every other part founds a new group.
   * The split template stays in the group without events (a line mined before the split still finds
   * it). Returns the group, then the new groups. Run inside the caller's transaction.
   */
  function splitByParts(scope: Scope, groupId: string, templateId: string, parts: readonly PositionPart[]): GroupRow[] {
    const group = live(scope, groupId, 'group');
    const template = templateOf(scope, groupId, templateId);
    const at = Date.now();
    const touched = [groupId];
    parts.forEach((part, i) => {
      const target = i === 0 ? groupId : newId();
      if (i > 0) {
        insertGroup.run({ id: target, tenantId: scope.tenantId, siteId: group.siteId, template: part.template, at });
        touched.push(target);
      }
      const founding = i > 0 || template.founding === 1 ? 1 : 0;
      const rowId = newId();
      insertTemplate.run({
        id: rowId,
        tenantId: scope.tenantId,
        siteId: group.siteId,
        groupId: target,
        key: part.key,
        template: part.template,
        founding,
        at,
      });
      if (i === 0 && founding === 1) {
        unfound.run(templateId);
        renameGroup.run(part.template, groupId);
      }
      for (let from = 0; from < part.eventIds.length; from += 10_000) {
        const ids = JSON.stringify(part.eventIds.slice(from, from + 10_000));
        moveEventIds.run({ p1: target, p2: rowId, p3: ids, p4: scope.tenantId });
      }
    });
    for (const id of touched) {
      recount.run(id);
      dropMinutes.run(id);
      rebuildMinutes.run(id);
    }
    return touched.map((id) => reread(scope, id));
  }

  return {
    templateEvents: (scope: Scope, groupId: string, templateId: string) => {
      live(scope, groupId, 'group');
      templateOf(scope, groupId, templateId);
      return templateEvents.all(groupId, templateId, scope.tenantId);
    },
    splitByParts,
    merge: (scope: Scope, targetId: string, sourceIds: readonly string[]) => merge(scope, targetId, sourceIds),
    joinBySimilarity: (scope: SiteScope, groupId: string, targetId: string, similarity: number) =>
      joinBySimilarity(scope, groupId, targetId, similarity),
    similarityChecked: (scope: SiteScope, groupId: string) => void settle.run(groupId, scope.tenantId),
    split: (scope: Scope, groupId: string, templateId: string) => split(scope, groupId, templateId),
  };
}
