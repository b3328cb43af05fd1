import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAnnIndex, type AnnIndex } from '../../native/ann/index.js';
import type { GroupNeighbour, SiteScope, Store } from '../store/index.js';
import type { SourceLogger } from './sources/index.js';

/**
 * Nearest-group search for grouping. The `vec0` table is the store of record; an HNSW index
 * (usearch) is added per tenant and site once that partition holds more than `annThreshold`
 * groups, because an exact vec0 scan grows linearly (tens of ms at 100,000 vectors). The index is
 * kept consistent with the vec0 rows (added on insert, removed on merge) and saved on close;
 * at start it is rebuilt from the vec0 rows when its file is missing or its count differs.
 */
export interface GroupSearch {
  nearest(scope: SiteScope, vector: Float32Array, k: number, exclude?: readonly string[]): GroupNeighbour[];
  /** After a vector was stored (in the open transaction); `undo` takes it back if that transaction fails. */
  added(scope: SiteScope, groupId: string, vector: Float32Array): void;
  /** After groups were merged away or their vectors dropped. */
  removed(scope: SiteScope, groupIds: readonly string[]): void;
  /** Forgets the additions of a transaction that rolled back. */
  undo(): void;
  /** Clears the undo list once the transaction committed. */
  commit(): void;
  /** Partitions with an active ANN index (for health and tests). */
  annPartitions(): string[];
  /** Saves every index to disk. */
  close(): void;
}

export interface GroupSearchOptions {
  store: Store;
  dimensions: number;
  annThreshold: number;
  /** Folder for the index files (`<dataDir>/ann`). */
  dir: string;
  logger: SourceLogger;
}

interface Partition {
  index: AnnIndex;
  ids: Map<bigint, string>;
}

/** A stable 63-bit key per group id (usearch keys are unsigned 64-bit; collisions are ~n²/2⁶⁴). */
export function annKey(groupId: string): bigint {
  return createHash('sha256').update(groupId).digest().readBigUInt64BE(0) >> 1n;
}

export function createGroupSearch(options: GroupSearchOptions): GroupSearch {
  const { store, dimensions, annThreshold, dir, logger } = options;
  const partitions = new Map<string, Partition>();
  // Vector counts of partitions still at or under the threshold, kept up to date by `added`.
  const smallCounts = new Map<string, number>();
  let pendingUndo: { part: Partition; key: bigint }[] = [];

  const nameOf = (scope: SiteScope) => `${scope.tenantId}.${scope.siteId}`;
  const fileOf = (name: string) => join(dir, `${name}.usearch`);

  function build(scope: SiteScope, name: string): Partition {
    const index = createAnnIndex({ dimensions });
    const ids = new Map<bigint, string>();
    const file = fileOf(name);
    const storedCount = store.groupVectors.count(scope);
    if (existsSync(file) && existsSync(`${file}.ids.json`)) {
      try {
        const saved = JSON.parse(readFileSync(`${file}.ids.json`, 'utf8')) as string[];
        index.load(file);
        if (index.size() === storedCount && saved.length === storedCount) {
          for (const id of saved) ids.set(annKey(id), id);
          return { index, ids };
        }
        logger.info({ partition: name, index: index.size(), stored: storedCount }, 'ANN index is stale; rebuilding');
      } catch (err) {
        logger.warn({ partition: name, err: String(err) }, 'ANN index file unreadable; rebuilding');
      }
    }
    const fresh = createAnnIndex({ dimensions });
    for (const row of store.groupVectors.all(scope)) {
      const key = annKey(row.groupId);
      fresh.add(key, row.vector);
      ids.set(key, row.groupId);
    }
    return { index: fresh, ids };
  }

  function partitionFor(scope: SiteScope): Partition | undefined {
    const name = nameOf(scope);
    const existing = partitions.get(name);
    if (existing) return existing;
    const small = smallCounts.get(name);
    if (small !== undefined && small <= annThreshold) return undefined;
    // Merges shrink a partition without passing here, so count again before building.
    const count = store.groupVectors.count(scope);
    if (count <= annThreshold) {
      smallCounts.set(name, count);
      return undefined;
    }
    const part = build(scope, name);
    partitions.set(name, part);
    smallCounts.delete(name);
    logger.info({ partition: name, vectors: part.index.size() }, 'ANN index active for this site');
    return part;
  }

  return {
    nearest(scope, vector, k, exclude = []) {
      const part = partitionFor(scope);
      if (!part) return store.groupVectors.nearest(scope, vector, k, exclude);
      const skip = new Set(exclude);
      const found = part.index.search(vector, k + skip.size);
      const out: GroupNeighbour[] = [];
      found.keys.forEach((key, i) => {
        const groupId = part.ids.get(key);
        if (!groupId || skip.has(groupId) || out.length >= k) return;
        const squared = found.distances[i]!;
        out.push({ groupId, distance: Math.sqrt(squared), similarity: 1 - squared / 2 });
      });
      return out;
    },
    added(scope, groupId, vector) {
      const name = nameOf(scope);
      const small = smallCounts.get(name);
      if (small !== undefined) smallCounts.set(name, small + 1);
      const part = partitions.get(name) ?? partitionFor(scope);
      if (!part || part.ids.has(annKey(groupId))) return;
      const key = annKey(groupId);
      part.index.add(key, vector);
      part.ids.set(key, groupId);
      pendingUndo.push({ part, key });
    },
    removed(scope, groupIds) {
      const part = partitions.get(nameOf(scope));
      if (!part) return;
      for (const id of groupIds) {
        const key = annKey(id);
        part.index.remove(key);
        part.ids.delete(key);
      }
    },
    undo() {
      for (const { part, key } of pendingUndo) {
        part.index.remove(key);
        part.ids.delete(key);
      }
      pendingUndo = [];
    },
    commit() {
      pendingUndo = [];
    },
    annPartitions: () => [...partitions.keys()],
    close() {
      if (partitions.size === 0) return;
      mkdirSync(dir, { recursive: true });
      for (const [name, part] of partitions) {
        const file = fileOf(name);
        try {
          // Write beside, then rename: a crash mid-save leaves the old pair or none, never a torn index.
          part.index.save(`${file}.tmp`);
          writeFileSync(`${file}.ids.json.tmp`, JSON.stringify([...part.ids.values()]));
          renameSync(`${file}.tmp`, file);
          renameSync(`${file}.ids.json.tmp`, `${file}.ids.json`);
        } catch (err) {
          rmSync(`${file}.tmp`, { force: true });
          logger.warn({ partition: name, err: String(err) }, 'ANN index could not be saved; it is rebuilt at start');
        }
      }
    },
  };
}
