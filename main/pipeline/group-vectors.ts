import type { SiteScope, Store } from '../store/index.js';
import type { Embedder } from './embed/index.js';
import { templatesStateDiffer } from './fingerprint/index.js';
import type { GroupSearch } from './group-ann.js';
import type { Classifiable } from './pipeline-stages.js';
import type { SourceLogger } from './sources/index.js';

/** A group waiting for its template's embedding. */
export interface VectorWanted {
  scope: SiteScope;
  groupId: string;
  template: string;
  /** Founded by a new template: once embedded it joins the nearest group when alike enough. */
  similarityPending: boolean;
  /** The line that founded it, for its category when the rules gave none (null after a restart). */
  founder: Classifiable | null;
  /** Its category so far (the rules'); null lets the embedding choose one. */
  category: string | null;
}

/** What became of a pending group once its embedding arrived. */
export type Settled =
  | { kind: 'joined'; scope: SiteScope; groupId: string; targetId: string; similarity: number }
  | {
      kind: 'kept';
      scope: SiteScope;
      groupId: string;
      template: string;
      /** It was pending: a new group now, for the new-group alert. */
      isNew: boolean;
      categorised: boolean;
    };

export interface GroupVectorsOptions {
  store: Store;
  embedder: Embedder;
  search: GroupSearch;
  similarityThreshold: () => number;
  categorize(founder: Classifiable, template: string, vector: Float32Array | null): string | null;
  /** After each commit of attached vectors (live updates, alerts for groups that stayed new). */
  onSettled(settled: Settled[]): void;
  logger: SourceLogger;
}

export interface GroupVectors {
  /** Queues groups for embedding; returns at once (the batch that founded them is committed already). */
  want(groups: VectorWanted[]): void;
  /** Resolves when every group queued so far has its vector (or its embedding failed). */
  idle(): Promise<void>;
  /**
   * Drops what is still queued and ignores a call still running (those groups stay pending in the
   * database and are picked up at the next start): a slow model never holds up a stop.
   */
  close(): void;
}

/** Texts per embedding call: one tenant's turn on the shared worker stays short for the others. */
const PER_CALL = 16;

/**
 * New-template embedding off the commit path (issue 11): a batch founds a group for every new
 * template at once and commits; the template's embedding is made here afterwards, and when it
 * arrives the group either joins the nearest group of its site (cosine similarity at or above the
 * threshold, and no state word differs) or stays, with its vector stored for later searches.
 * Groups are settled in the order they were founded, one call and one transaction at a time, so a
 * near-duplicate founded right after its twin finds the twin's vector. A crash before a group is
 * settled leaves it pending in the database; the pipeline queues it again at start.
 */
export function createGroupVectors(options: GroupVectorsOptions): GroupVectors {
  const { store, embedder, search, logger } = options;
  const queue: VectorWanted[] = [];
  let running: Promise<void> | null = null;
  let closed = false;

  async function drain(): Promise<void> {
    while (queue.length > 0 && !closed) {
      // One tenant per call: the embedder takes turns between tenants.
      const tenantId = queue[0]!.scope.tenantId;
      const taken: VectorWanted[] = [];
      for (let i = 0; i < queue.length && taken.length < PER_CALL;) {
        if (queue[i]!.scope.tenantId === tenantId) taken.push(...queue.splice(i, 1));
        else i++;
      }
      let vectors: (Float32Array | null)[];
      try {
        vectors = await embedder.embed(
          taken.map((w) => w.template),
          tenantId,
        );
      } catch (err) {
        // Grouping by template still works without a vector; the groups stay as they are.
        logger.warn(
          { err: String(err), tenantId, templates: taken.length },
          'Embedding new templates failed; their groups stay separate and get a vector at the next start',
        );
        vectors = taken.map(() => null);
      }
      if (closed) return;
      settle(taken, vectors);
    }
  }

  function kick(): void {
    if (running || closed || queue.length === 0) return;
    running = drain().finally(() => {
      running = null;
      // Groups queued while the last call settled.
      kick();
    });
  }

  function settle(taken: VectorWanted[], vectors: (Float32Array | null)[]): void {
    let settled: Settled[];
    try {
      settled = store.transaction(() => taken.flatMap((wanted, i) => settleOne(wanted, vectors[i] ?? null)));
      search.commit();
    } catch (err) {
      search.undo();
      logger.error({ err: String(err), groups: taken.length }, 'Attaching group vectors failed');
      return;
    }
    if (settled.length === 0) return;
    try {
      options.onSettled(settled);
    } catch (err) {
      logger.error({ err: String(err) }, 'After-settle work (live updates, alerts) failed');
    }
  }

  function settleOne(wanted: VectorWanted, vector: Float32Array | null): Settled[] {
    const { scope, groupId, template } = wanted;
    const group = store.groups.get(scope, groupId);
    // Merged away meanwhile (by a user): the group it lives on in has its own vector.
    if (!group || group.mergedInto) return [];
    if (wanted.similarityPending && vector) {
      const [nearest] = search.nearest(scope, vector, 1, [groupId]);
      if (
        nearest &&
        nearest.similarity >= options.similarityThreshold() &&
        !templatesStateDiffer(template, store.groups.get(scope, nearest.groupId)?.template ?? '')
      ) {
        store.groups.joinBySimilarity(scope, groupId, nearest.groupId, nearest.similarity);
        search.removed(scope, [groupId]);
        return [{ kind: 'joined', scope, groupId, targetId: nearest.groupId, similarity: nearest.similarity }];
      }
    }
    if (vector) {
      store.groupVectors.upsert(scope, groupId, vector);
      search.added(scope, groupId, vector);
    }
    let categorised = false;
    if (wanted.category === null && wanted.founder && vector) {
      const category = options.categorize(wanted.founder, template, vector);
      if (category !== null) {
        store.groups.setCategory(scope, groupId, category);
        categorised = true;
      }
    }
    const isNew = wanted.similarityPending;
    if (isNew) store.groups.similarityChecked(scope, groupId);
    return isNew || categorised ? [{ kind: 'kept', scope, groupId, template, isNew, categorised }] : [];
  }

  return {
    want(groups) {
      if (closed || groups.length === 0) return;
      queue.push(...groups);
      kick();
    },
    async idle() {
      while (running) await running;
    },
    close() {
      closed = true;
      queue.length = 0;
    },
  };
}
