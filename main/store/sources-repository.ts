import type { Database } from '../../native/sqlite/index.js';
import { translateConstraints } from './constraint-errors.js';
import { newId } from './ids.js';
import type { SourceRow, SourcesRepository, WebhookSourceLookup } from './source-types.js';
import type { Scope } from './types.js';

interface SourceRecord extends Omit<SourceRow, 'enabled' | 'config' | 'redaction'> {
  enabled: number;
  config: string;
  redaction: string;
}

const COLUMNS = `id, tenant_id AS tenantId, site_id AS siteId, kind, name, enabled, config, redaction,
  created_at AS createdAt, updated_at AS updatedAt`;

const toSource = (r: SourceRecord): SourceRow => ({
  ...r,
  enabled: r.enabled === 1,
  config: JSON.parse(r.config) as Record<string, unknown>,
  redaction: JSON.parse(r.redaction) as SourceRow['redaction'],
});

const siteNotFound = (siteId: string) => `Site ${siteId} is not a site of this tenant. Pick one from sites.list.`;

function nameTaken(name: string): Record<string, string> {
  return {
    'sources.tenant_id, sources.site_id, sources.name': `A source named '${name}' already exists. Choose another name.`,
  };
}

export function createSourcesRepository(db: Database): SourcesRepository {
  const byId = db.prepare<[string, string], SourceRecord>(
    `SELECT ${COLUMNS} FROM sources WHERE id = ? AND tenant_id = ?`,
  );
  const inTenant = db.prepare<[{ p1: string; p2: string | null }], SourceRecord>(
    `SELECT ${COLUMNS} FROM sources WHERE tenant_id = @p1 AND (@p2 IS NULL OR site_id = @p2) ORDER BY name COLLATE NOCASE, id`,
  );
  const insert = db.prepare(
    `INSERT INTO sources (id, tenant_id, site_id, kind, name, enabled, config, redaction, token_hash, created_at, updated_at)
     VALUES (@id, @tenantId, @siteId, @kind, @name, @enabled, @config, @redaction, @tokenHash, @at, @at)`,
  );
  const patch = db.prepare(
    `UPDATE sources SET name = coalesce(@name, name), config = coalesce(@config, config),
       enabled = coalesce(@enabled, enabled), site_id = coalesce(@siteId, site_id),
       redaction = coalesce(@redaction, redaction), updated_at = max(@at, updated_at)
     WHERE id = @id AND tenant_id = @tenantId`,
  );
  const setToken = db.prepare<[string, number, string, string]>(
    'UPDATE sources SET token_hash = ?, updated_at = max(?, updated_at) WHERE id = ? AND tenant_id = ?',
  );
  const remove = db.prepare<[string, string]>('DELETE FROM sources WHERE id = ? AND tenant_id = ?');
  const webhook = db.prepare<[string], Omit<WebhookSourceLookup, 'enabled'> & { enabled: number }>(
    `SELECT id AS sourceId, tenant_id AS tenantId, site_id AS siteId, enabled, token_hash AS tokenHash
     FROM sources WHERE id = ? AND kind = 'webhook'`,
  );

  const get = (scope: Scope, id: string) => {
    const r = byId.get(id, scope.tenantId);
    return r && (!scope.siteId || r.siteId === scope.siteId) ? toSource(r) : undefined;
  };

  return {
    create(scope, data) {
      const id = newId();
      translateConstraints(
        () =>
          insert.run({
            id,
            tenantId: scope.tenantId,
            siteId: scope.siteId,
            kind: data.kind,
            name: data.name,
            enabled: data.enabled ? 1 : 0,
            config: JSON.stringify(data.config),
            redaction: JSON.stringify(data.redaction ?? {}),
            tokenHash: data.tokenHash ?? null,
            at: Date.now(),
          }),
        {
          unique: nameTaken(data.name),
          foreignKey: siteNotFound(scope.siteId),
        },
      );
      const source = get(scope, id);
      if (!source) throw new Error('A source vanished right after it was created.');
      return source;
    },
    get,
    list: (scope) => inTenant.all({ p1: scope.tenantId, p2: scope.siteId ?? null }).map(toSource),
    update(scope, id, changes) {
      if (!get(scope, id)) return undefined;
      translateConstraints(
        () =>
          patch.run({
            id,
            tenantId: scope.tenantId,
            name: changes.name ?? null,
            config: changes.config === undefined ? null : JSON.stringify(changes.config),
            enabled: changes.enabled === undefined ? null : Number(changes.enabled),
            siteId: changes.siteId ?? null,
            redaction: changes.redaction === undefined ? null : JSON.stringify(changes.redaction),
            at: Date.now(),
          }),
        { unique: nameTaken(changes.name ?? ''), foreignKey: siteNotFound(changes.siteId ?? '') },
      );
      return get(scope, id);
    },
    setTokenHash: (scope, id, tokenHash) => setToken.run(tokenHash, Date.now(), id, scope.tenantId).changes > 0,
    delete: (scope, id) => (get(scope, id) ? remove.run(id, scope.tenantId).changes > 0 : false),
    findWebhookSource(sourceId) {
      const r = webhook.get(sourceId);
      return r && { ...r, enabled: r.enabled === 1 };
    },
  };
}
