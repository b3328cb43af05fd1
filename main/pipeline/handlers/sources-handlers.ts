import { DEFAULT_REDACTION, OutpostError, type Source, type sourcesMethods } from '../../contract/index.js';
import { assertMayManageSourceKind, freshHealth, type SourceHealth } from '../sources/index.js';
import type { SourceRow } from '../../store/index.js';
import { scopeOf, sessionOf, type HandlerTable } from '../../core/slice-kit/index.js';
import type { PipelineHandlerDeps } from './handler-deps.js';
import { keepMaskedSecrets, maskSecrets, newWebhookToken } from '../source-secrets.js';

const STOPPED: SourceHealth = { ...freshHealth(), state: 'stopped' };

const notFound = (id: string) =>
  new OutpostError('not_found', `There is no source ${id}. Check the id with sources.list.`);

export function sourcesHandlers({ store, pipeline }: PipelineHandlerDeps) {
  const view = (row: SourceRow): Source => ({
    id: row.id,
    siteId: row.siteId,
    kind: row.kind,
    name: row.name,
    enabled: row.enabled,
    config: maskSecrets(row.config),
    redaction: { ...DEFAULT_REDACTION, ...row.redaction },
    health: pipeline.supervisor.health(row.id) ?? STOPPED,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });

  /**
   * A source created without a site: the tenant's only site when it has exactly one (a new user who
   * made "Warehouse" expects its events there), else the `default` site; the answer's siteId, and
   * the Sources page, say which.
   */
  const siteForNewSource = (scope: { tenantId: string }): string => {
    const sites = store.sites.list(scope);
    return sites.length === 1 ? sites[0]!.id : store.sites.ensureDefault(scope).id;
  };

  return {
    'sources.list': (_input, ctx) => ({ items: store.sources.list(scopeOf(ctx)).map(view) }),
    'sources.get': (input, ctx) => {
      const row = store.sources.get(scopeOf(ctx), input.id);
      if (!row) throw notFound(input.id);
      return view(row);
    },
    'sources.create': async (input, ctx) => {
      const scope = scopeOf(ctx);
      assertMayManageSourceKind(sessionOf(ctx), input.kind, 'create');
      const config = (await pipeline.supervisor.vetConfig(input.kind, input.config)) as Record<string, unknown>;
      const siteId = input.siteId ?? siteForNewSource(scope);
      const issued = input.kind === 'webhook' ? newWebhookToken() : undefined;
      const row = store.sources.create(
        { tenantId: scope.tenantId, siteId },
        {
          kind: input.kind,
          name: input.name,
          config,
          enabled: input.enabled,
          tokenHash: issued?.hash ?? null,
          ...(input.redaction ? { redaction: input.redaction } : {}),
        },
      );
      if (row.enabled) await pipeline.startSource(row);
      return { ...view(row), ...(issued ? { token: issued.token } : {}) };
    },
    'sources.update': async (input, ctx) => {
      const scope = scopeOf(ctx);
      const current = store.sources.get(scope, input.id);
      if (!current) throw notFound(input.id);
      assertMayManageSourceKind(sessionOf(ctx), current.kind, 'change');
      const config =
        input.config === undefined
          ? undefined
          : ((await pipeline.supervisor.vetConfig(
              current.kind,
              keepMaskedSecrets(input.config, current.config),
            )) as Record<string, unknown>);
      await pipeline.supervisor.stop(current.id);
      const row = store.sources.update(scope, input.id, {
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(config === undefined ? {} : { config }),
        ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
        ...(input.siteId === undefined ? {} : { siteId: input.siteId }),
        ...(input.redaction === undefined ? {} : { redaction: input.redaction }),
      });
      if (!row) throw notFound(input.id);
      pipeline.pipeline.sourceChanged(row.id);
      if (row.enabled) await pipeline.startSource(row);
      return view(row);
    },
    'sources.delete': async (input, ctx) => {
      const scope = scopeOf(ctx);
      const current = store.sources.get(scope, input.id);
      if (!current) throw notFound(input.id);
      assertMayManageSourceKind(sessionOf(ctx), current.kind, 'delete');
      await pipeline.supervisor.stop(input.id);
      store.sources.delete(scope, input.id);
      pipeline.pipeline.sourceChanged(input.id);
      return { ok: true as const };
    },
    'sources.test': (input, ctx) => {
      assertMayManageSourceKind(sessionOf(ctx), input.kind, 'test');
      return pipeline.supervisor.test(input.kind, input.config);
    },
    'sources.health': (_input, ctx) => ({
      items: store.sources.list(scopeOf(ctx)).map((row) => ({
        id: row.id,
        name: row.name,
        kind: row.kind,
        health: pipeline.supervisor.health(row.id) ?? STOPPED,
      })),
    }),
  } satisfies Pick<HandlerTable, keyof typeof sourcesMethods>;
}
