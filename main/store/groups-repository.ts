import type { Database } from '../../native/sqlite/index.js';
import { OutpostError } from '../contract/index.js';
import { translateConstraints } from './constraint-errors.js';
import { createGroupChanges } from './group-merge.js';
import { createGroupReader, GROUP_COLUMNS, type GroupRecord } from './group-rows.js';
import { newId } from './ids.js';
import { decodeCursor, pageOf } from './keyset-cursor.js';
import type { GroupSort, GroupsRepository } from './pipeline-types.js';
import type { Scope } from './types.js';

const SORT_COLUMN: Record<GroupSort, 'last_seen' | 'count' | 'first_seen'> = {
  lastSeen: 'last_seen',
  count: 'count',
  firstSeen: 'first_seen',
};
const SORT_FIELD: Record<GroupSort, 'lastSeen' | 'count' | 'firstSeen'> = {
  lastSeen: 'lastSeen',
  count: 'count',
  firstSeen: 'firstSeen',
};

interface GroupListParams {
  tenantId: string;
  siteId: string | null;
  tag: string | null;
  category: string | null;
  cursorValue: number | null;
  cursorId: string | null;
  limit: number;
}

export function createGroupsRepository(db: Database): GroupsRepository {
  const read = createGroupReader(db);
  const byId = db.prepare<[string, string], GroupRecord>(
    `SELECT ${GROUP_COLUMNS} FROM event_groups g WHERE g.id = ? AND g.tenant_id = ?`,
  );
  const byIds = db.prepare<[string, string], GroupRecord>(
    `SELECT ${GROUP_COLUMNS} FROM event_groups g WHERE g.id IN (SELECT value FROM json_each(?)) AND g.tenant_id = ?`,
  );
  const lists = Object.fromEntries(
    (Object.keys(SORT_COLUMN) as GroupSort[]).map((sort) => {
      const column = SORT_COLUMN[sort];
      return [
        sort,
        db.prepare<[GroupListParams], GroupRecord>(
          `SELECT ${GROUP_COLUMNS} FROM event_groups g
           WHERE g.tenant_id = @tenantId AND g.merged_into IS NULL
             AND (@siteId IS NULL OR g.site_id = @siteId)
             AND (@category IS NULL OR g.category = @category)
             AND (@tag IS NULL OR EXISTS (SELECT 1 FROM json_each(g.tags) WHERE value = @tag))
             AND (@cursorValue IS NULL OR (g.${column}, g.id) < (@cursorValue, @cursorId))
           ORDER BY g.${column} DESC, g.id DESC
           LIMIT @limit`,
        ),
      ];
    }),
  ) as Record<GroupSort, ReturnType<typeof db.prepare<[GroupListParams], GroupRecord>>>;
  const insertGroup = db.prepare(
    `INSERT INTO event_groups (id, tenant_id, site_id, template, category, tags, count, first_seen, last_seen, severity,
       similarity_pending)
     VALUES (@id, @tenantId, @siteId, @template, @category, @tags, 0, @at, @at, 0, @pending)`,
  );
  const insertTemplate = db.prepare(
    `INSERT INTO templates (id, tenant_id, site_id, group_id, key, template, founding, joined_by, similarity, joined_at)
     VALUES (@id, @tenantId, @siteId, @groupId, @key, @template, 1, 'template', NULL, @at)`,
  );
  const setCategory = db.prepare<[string | null, string, string]>(
    'UPDATE event_groups SET category = ? WHERE id = ? AND tenant_id = ?',
  );
  const setTags = db.prepare<[string, string, string]>(
    'UPDATE event_groups SET tags = ? WHERE id = ? AND tenant_id = ?',
  );

  function inScope(scope: Scope, record: GroupRecord | undefined): GroupRecord | undefined {
    return record && (!scope.siteId || record.siteId === scope.siteId) ? record : undefined;
  }

  function getOne(scope: Scope, id: string, now?: number) {
    const record = inScope(scope, byId.get(id, scope.tenantId));
    return record && read([record], now)[0];
  }

  const changes = createGroupChanges(db, (scope, id) => {
    const group = getOne(scope, id);
    if (!group) throw new OutpostError('internal', `Group ${id} vanished during a change.`);
    return group;
  });

  return {
    create(scope, data) {
      const at = data.at ?? Date.now();
      const groupId = newId();
      const templateId = newId();
      db.transaction(() => {
        insertGroup.run({
          id: groupId,
          tenantId: scope.tenantId,
          siteId: scope.siteId,
          template: data.template,
          category: data.category ?? null,
          tags: JSON.stringify(data.tags ?? []),
          at,
          pending: data.similarityPending ? 1 : 0,
        });
        translateConstraints(
          () =>
            insertTemplate.run({
              id: templateId,
              tenantId: scope.tenantId,
              siteId: scope.siteId,
              groupId,
              key: data.key,
              template: data.template,
              at,
            }),
          {
            unique: {
              'templates.tenant_id, templates.site_id, templates.key': `Template key ${data.key} already exists in this site.`,
            },
          },
        );
      })();
      const group = getOne(scope, groupId);
      if (!group) throw new OutpostError('internal', 'A group vanished right after it was created.');
      return {
        group,
        template: {
          templateId,
          siteId: scope.siteId,
          groupId,
          key: data.key,
          template: data.template,
          joinedBy: 'template',
          similarity: null,
          joinedAt: at,
        },
      };
    },
    get: getOne,
    getMany(scope, ids, now) {
      const records = new Map(byIds.all(JSON.stringify(ids), scope.tenantId).map((r) => [r.id, r]));
      const ordered = ids.flatMap((id) => {
        const r = inScope(scope, records.get(id));
        return r ? [r] : [];
      });
      return read(ordered, now);
    },
    list(scope, query) {
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const siteId =
        scope.siteId && query.siteId && scope.siteId !== query.siteId
          ? '\u0000no-site'
          : (scope.siteId ?? query.siteId ?? null);
      const records = lists[query.sort].all({
        tenantId: scope.tenantId,
        siteId,
        tag: query.tag ?? null,
        category: query.category ?? null,
        cursorValue: cursor?.value ?? null,
        cursorId: cursor?.id ?? null,
        limit: query.limit + 1,
      });
      const field = SORT_FIELD[query.sort];
      const page = pageOf(records, query.limit, (r) => ({ value: r[field], id: r.id }));
      return { items: read(page.items, query.now), nextCursor: page.nextCursor };
    },
    setCategory(scope, id, category) {
      if (!inScope(scope, byId.get(id, scope.tenantId))) return undefined;
      setCategory.run(category, id, scope.tenantId);
      return getOne(scope, id);
    },
    tag(scope, id, change) {
      return db.transaction(() => {
        const record = inScope(scope, byId.get(id, scope.tenantId));
        if (!record) return undefined;
        const removed = new Set(change.remove ?? []);
        const tags = [...new Set([...(JSON.parse(record.tags) as string[]), ...(change.add ?? [])])]
          .filter((t) => !removed.has(t))
          .sort();
        setTags.run(JSON.stringify(tags), id, scope.tenantId);
        return getOne(scope, id);
      })();
    },
    merge: changes.merge,
    joinBySimilarity: changes.joinBySimilarity,
    similarityChecked: changes.similarityChecked,
    split: changes.split,
    templateEvents: changes.templateEvents,
    splitByParts: changes.splitByParts,
  };
}
