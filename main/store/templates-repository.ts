import type { Database } from '../../native/sqlite/index.js';
import { OutpostError } from '../contract/index.js';
import { toTemplateRow, TEMPLATE_COLUMNS, type TemplateRecord } from './group-rows.js';
import { translateConstraints } from './constraint-errors.js';
import { newId } from './ids.js';
import type { TemplatesRepository } from './pipeline-types.js';

export function createTemplatesRepository(db: Database): TemplatesRepository {
  const byKey = db.prepare<[string, string, string], TemplateRecord>(
    `SELECT ${TEMPLATE_COLUMNS} FROM templates t WHERE t.tenant_id = ? AND t.site_id = ? AND t.key = ?`,
  );
  const byId = db.prepare<[string, string], TemplateRecord>(
    `SELECT ${TEMPLATE_COLUMNS} FROM templates t WHERE t.id = ? AND t.tenant_id = ?`,
  );
  const ofGroup = db.prepare<[string, string], TemplateRecord>(
    `SELECT ${TEMPLATE_COLUMNS} FROM templates t WHERE t.group_id = ? AND t.tenant_id = ? ORDER BY t.joined_at, t.id`,
  );
  const groupSite = db.prepare<[string, string], { siteId: string; mergedInto: string | null }>(
    'SELECT site_id AS siteId, merged_into AS mergedInto FROM event_groups WHERE id = ? AND tenant_id = ?',
  );
  const insert = db.prepare(
    `INSERT INTO templates (id, tenant_id, site_id, group_id, key, template, founding, joined_by, similarity, joined_at)
     VALUES (@id, @tenantId, @siteId, @groupId, @key, @template, 0, @joinedBy, @similarity, @joinedAt)`,
  );
  const renameTemplate = db.prepare<[string, string, string], { groupId: string; founding: number }>(
    'UPDATE templates SET template = ? WHERE id = ? AND tenant_id = ? RETURNING group_id AS groupId, founding',
  );
  const renameGroup = db.prepare<[string, string, string]>(
    'UPDATE event_groups SET template = ? WHERE id = ? AND tenant_id = ?',
  );

  return {
    findByKey: (scope, key) => {
      const row = byKey.get(scope.tenantId, scope.siteId, key);
      return row && toTemplateRow(row);
    },
    get: (scope, id) => {
      const row = byId.get(id, scope.tenantId);
      return row && (!scope.siteId || row.siteId === scope.siteId) ? toTemplateRow(row) : undefined;
    },
    listForGroup: (scope, groupId) => ofGroup.all(groupId, scope.tenantId).map(toTemplateRow),
    add(scope, data) {
      const group = groupSite.get(data.groupId, scope.tenantId);
      if (!group || group.siteId !== scope.siteId) {
        throw new OutpostError(
          'not_found',
          `Group ${data.groupId} is not a group of this site; the template was not added.`,
        );
      }
      const row = {
        id: newId(),
        tenantId: scope.tenantId,
        siteId: scope.siteId,
        // Joining a group merged away joins the group it lives on in.
        groupId: group.mergedInto ?? data.groupId,
        key: data.key,
        template: data.template,
        joinedBy: data.joinedBy,
        similarity: data.similarity,
        joinedAt: data.at ?? Date.now(),
      };
      translateConstraints(() => insert.run(row), {
        unique: {
          'templates.tenant_id, templates.site_id, templates.key': `Template key ${data.key} already exists in this site.`,
        },
      });
      const { id: templateId, siteId, groupId, key, template, joinedBy, similarity, joinedAt } = row;
      return { templateId, siteId, groupId, key, template, joinedBy, similarity, joinedAt };
    },
    rename(scope, id, template) {
      db.transaction(() => {
        const changed = renameTemplate.get(template, id, scope.tenantId);
        if (changed?.founding === 1) renameGroup.run(template, changed.groupId, scope.tenantId);
      })();
    },
  };
}
