import type { SiteScope, Store } from '../store/index.js';
import type { Embedder } from './embed/index.js';
import { templatesStateDiffer } from './fingerprint/index.js';
import type { GroupSearch } from './group-ann.js';
import type { Classifiable } from './pipeline-stages.js';
import type { SourceLogger } from './sources/index.js';

/** One event's template as the miner saw it. */
export interface TemplateHit {
  scope: SiteScope;
  key: string;
  template: string;
  /** The miner generalised the template with this line. */
  changed: boolean;
  /** The event, for the category of a group it founds. */
  event: Classifiable;
  /** Set for a template made by a user's split by position: it founds its own group, never joins one by likeness. */
  splitOf?: string;
}

export interface NewGroup {
  scope: SiteScope;
  groupId: string;
  template: string;
  category: string | null;
}

export interface Assignment {
  /** Per hit: the template row id and its group. */
  templateIds: string[];
  groupIds: string[];
  /** Groups founded by this batch. */
  created: NewGroup[];
  /** Templates that joined an existing group by similarity (shown and reversible). */
  joined: { scope: SiteScope; groupId: string; templateId: string; similarity: number }[];
}

/** Templates not stored yet for their site, with their embeddings (null when embedding failed). */
export interface PreparedTemplates {
  vectors: Map<string, Float32Array | null>;
}

export interface GroupAssignerOptions {
  store: Store;
  embedder: Embedder;
  search: GroupSearch;
  /** Cosine similarity at or above which a new template joins the nearest group. */
  similarityThreshold: () => number;
  /** The category of a new group, from its template and embedding. */
  categorize(founder: Classifiable, template: string, vector: Float32Array | null): string | null;
  logger: SourceLogger;
}

const slot = (scope: SiteScope, key: string) => `${scope.tenantId}\u0000${scope.siteId}\u0000${key}`;

/**
 * Same template → same group. A template new to its site is embedded (the only embedding the
 * ingest path does: never per repeat) and joins the nearest group of its tenant and site when the
 * cosine similarity reaches the threshold; otherwise it founds a group. A generalised template
 * keeps its group and its row is renamed.
 */
export function createGroupAssigner(options: GroupAssignerOptions) {
  const { store, embedder, search, logger } = options;

  return {
    /** Outside the transaction: finds templates new to their site and embeds them in one call. */
    async prepare(hits: readonly TemplateHit[]): Promise<PreparedTemplates> {
      // Per tenant: each tenant's templates wait their own turn on the shared embedding worker.
      const fresh = new Map<string, Map<string, string>>();
      // One look-up per distinct template in the batch, not per line: repeats are most of the traffic.
      const checked = new Set<string>();
      for (const hit of hits) {
        const id = slot(hit.scope, hit.key);
        if (checked.has(id)) continue;
        checked.add(id);
        if (store.templates.findByKey(hit.scope, hit.key)) continue;
        let mine = fresh.get(hit.scope.tenantId);
        if (!mine) fresh.set(hit.scope.tenantId, (mine = new Map()));
        mine.set(id, hit.template);
      }
      const vectors = new Map<string, Float32Array | null>();
      await Promise.all(
        [...fresh].map(async ([tenantId, templates]) => {
          const ids = [...templates.keys()];
          try {
            const embedded = await embedder.embed([...templates.values()], tenantId);
            ids.forEach((id, i) => vectors.set(id, embedded[i] ?? null));
          } catch (err) {
            // Grouping by template still works without a vector; similarity joins wait for the next template.
            logger.warn(
              { err: String(err), tenantId, templates: ids.length },
              'Embedding new templates failed; grouping by template only',
            );
            for (const id of ids) vectors.set(id, null);
          }
        }),
      );
      return { vectors };
    },

    /** Inside the batch's transaction: finds or makes every hit's template row and group. */
    apply(hits: readonly TemplateHit[], prepared: PreparedTemplates, at: number): Assignment {
      const out: Assignment = { templateIds: [], groupIds: [], created: [], joined: [] };
      const resolved = new Map<string, { templateId: string; groupId: string; template: string }>();
      for (const hit of hits) {
        const id = slot(hit.scope, hit.key);
        let row = resolved.get(id);
        if (!row) {
          const stored = store.templates.findByKey(hit.scope, hit.key);
          row = stored
            ? { templateId: stored.templateId, groupId: stored.groupId, template: stored.template }
            : founded(hit, prepared.vectors.get(id) ?? null, at, out);
          resolved.set(id, row);
        }
        if (hit.changed && row.template !== hit.template) {
          store.templates.rename(hit.scope, row.templateId, hit.template);
          row.template = hit.template;
        }
        out.templateIds.push(row.templateId);
        out.groupIds.push(row.groupId);
      }
      return out;
    },
  };

  function founded(hit: TemplateHit, vector: Float32Array | null, at: number, out: Assignment) {
    if (vector && hit.splitOf === undefined) {
      const [nearest] = search.nearest(hit.scope, vector, 1);
      if (
        nearest &&
        nearest.similarity >= options.similarityThreshold() &&
        !templatesStateDiffer(hit.template, store.groups.get(hit.scope, nearest.groupId)?.template ?? '')
      ) {
        const row = store.templates.add(hit.scope, {
          key: hit.key,
          template: hit.template,
          groupId: nearest.groupId,
          joinedBy: 'similarity',
          similarity: nearest.similarity,
          at,
        });
        out.joined.push({
          scope: hit.scope,
          groupId: nearest.groupId,
          templateId: row.templateId,
          similarity: nearest.similarity,
        });
        return { templateId: row.templateId, groupId: nearest.groupId, template: hit.template };
      }
    }
    const category = options.categorize(hit.event, hit.template, vector);
    const { group, template } = store.groups.create(hit.scope, { key: hit.key, template: hit.template, category, at });
    if (vector) {
      store.groupVectors.upsert(hit.scope, group.id, vector);
      search.added(hit.scope, group.id, vector);
    }
    out.created.push({ scope: hit.scope, groupId: group.id, template: hit.template, category });
    return { templateId: template.templateId, groupId: group.id, template: hit.template };
  }
}

export type GroupAssigner = ReturnType<typeof createGroupAssigner>;
