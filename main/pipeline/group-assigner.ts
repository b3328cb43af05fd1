import type { SiteScope, Store } from '../store/index.js';
import type { Classifiable } from './pipeline-stages.js';

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
  splitOf?: string | undefined;
}

export interface NewGroup {
  scope: SiteScope;
  groupId: string;
  template: string;
  category: string | null;
  /** The line that founded it. */
  founder: Classifiable;
  /** Its likeness to the other groups is checked once its embedding arrives (group-vectors.ts). */
  similarityPending: boolean;
}

export interface Assignment {
  /** Per hit: the template row id and its group. */
  templateIds: string[];
  groupIds: string[];
  /** Groups founded by this batch, in the order founded. */
  created: NewGroup[];
}

export interface GroupAssignerOptions {
  store: Store;
  /** The category of a new group from its template (rules; the embedding may add one later). */
  categorize(founder: Classifiable, template: string, vector: Float32Array | null): string | null;
}

interface Resolved {
  templateId: string;
  groupId: string;
  template: string;
}

/**
 * A batch's resolved templates by tenant, site and key: three look-ups of strings the hit already
 * holds, where one joined key built a new string of a hundred characters or more for every line.
 */
class ResolvedTemplates {
  private readonly byTenant = new Map<string, Map<string, Map<string, Resolved>>>();

  get(scope: SiteScope, key: string): Resolved | undefined {
    return this.byTenant.get(scope.tenantId)?.get(scope.siteId)?.get(key);
  }

  set(scope: SiteScope, key: string, row: Resolved): void {
    let sites = this.byTenant.get(scope.tenantId);
    if (!sites) this.byTenant.set(scope.tenantId, (sites = new Map()));
    let keys = sites.get(scope.siteId);
    if (!keys) sites.set(scope.siteId, (keys = new Map()));
    keys.set(key, row);
  }
}

/**
 * Same template → same group. A template new to its site founds a group at once, inside the
 * batch's transaction, so the batch never waits for the sentence model; the group is marked
 * pending and joins the nearest alike group when its embedding arrives (group-vectors.ts). A
 * generalised template keeps its group and its row is renamed.
 */
export function createGroupAssigner(options: GroupAssignerOptions) {
  const { store } = options;

  return {
    /** Inside the batch's transaction: finds or makes every hit's template row and group. */
    apply(hits: readonly TemplateHit[], at: number): Assignment {
      const out: Assignment = { templateIds: [], groupIds: [], created: [] };
      // One look-up per distinct template in the batch, not per line: repeats are most of the traffic.
      const resolved = new ResolvedTemplates();
      for (const hit of hits) {
        let row = resolved.get(hit.scope, hit.key);
        if (!row) {
          const stored = store.templates.findByKey(hit.scope, hit.key);
          row = stored
            ? { templateId: stored.templateId, groupId: stored.groupId, template: stored.template }
            : founded(hit, at, out);
          resolved.set(hit.scope, hit.key, row);
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

  function founded(hit: TemplateHit, at: number, out: Assignment): Resolved {
    const category = options.categorize(hit.event, hit.template, null);
    // A user's split by position made this template: it stays apart whatever its likeness.
    const similarityPending = hit.splitOf === undefined;
    const { group, template } = store.groups.create(hit.scope, {
      key: hit.key,
      template: hit.template,
      category,
      at,
      similarityPending,
    });
    out.created.push({
      scope: hit.scope,
      groupId: group.id,
      template: hit.template,
      category,
      founder: hit.event,
      similarityPending,
    });
    return { templateId: template.templateId, groupId: group.id, template: hit.template };
  }
}

export type GroupAssigner = ReturnType<typeof createGroupAssigner>;
