import type { Database } from '../../native/sqlite/index.js';
import { OutpostError } from '../contract/index.js';
import {
  createVectorTable,
  deleteGroupVectors,
  VECTOR_SPACE_NAME,
  VECTOR_TABLE,
  vectorTableExists,
} from './group-vectors-table.js';
import type { GroupVectorsRepository, StoredVector, VectorSpace } from './pipeline-types.js';
import type { Scope } from './types.js';

const VECTOR_PAGE = 1000;

function asFloats(blob: Buffer): Float32Array {
  // Copied: the Buffer may share (and be unaligned in) a larger pool.
  const copy = new Uint8Array(blob);
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}

function asBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

export function createGroupVectorsRepository(db: Database): GroupVectorsRepository {
  const readSpace = db.prepare<[string], VectorSpace>('SELECT dimension, model FROM vector_spaces WHERE name = ?');
  const writeSpace = db.prepare<[string, number, string]>(
    `INSERT INTO vector_spaces (name, dimension, model) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET dimension = excluded.dimension, model = excluded.model`,
  );
  const groupFacts = db.prepare<[string, string], { seq: number; siteId: string }>(
    'SELECT seq, site_id AS siteId FROM event_groups WHERE id = ? AND tenant_id = ?',
  );
  function space(): VectorSpace | undefined {
    return vectorTableExists(db) ? readSpace.get(VECTOR_SPACE_NAME) : undefined;
  }

  function requireSpace(): VectorSpace {
    const current = space();
    if (!current)
      throw new OutpostError(
        'unavailable',
        'No vector space yet: call groupVectors.ensureSpace with the embedder first.',
      );
    return current;
  }

  function facts(scope: Scope, groupId: string) {
    const row = groupFacts.get(groupId, scope.tenantId);
    return row && (!scope.siteId || row.siteId === scope.siteId) ? row : undefined;
  }

  // Prepared lazily: the table only exists once a space is chosen, and is replaced when it changes.
  let statementsFor: number | undefined;
  let statements: ReturnType<typeof prepareStatements> | undefined;
  function prepareStatements() {
    return {
      remove: db.prepare(`DELETE FROM ${VECTOR_TABLE} WHERE rowid = ?`),
      insert: db.prepare(`INSERT INTO ${VECTOR_TABLE} (rowid, tenant_id, site_id, embedding) VALUES (?, ?, ?, ?)`),
      get: db.prepare<[bigint, string], { embedding: Buffer }>(
        `SELECT embedding FROM ${VECTOR_TABLE} WHERE rowid = ? AND tenant_id = ?`,
      ),
      nearest: db.prepare<[Buffer, number, string, string], { seq: number; distance: number }>(
        `SELECT rowid AS seq, distance FROM ${VECTOR_TABLE}
         WHERE embedding MATCH ? AND k = ? AND tenant_id = ? AND site_id = ? ORDER BY distance`,
      ),
      page: db.prepare<
        [{ p1: string; p2: string | null; p3: number; p4: number }],
        { seq: number; siteId: string; embedding: Buffer }
      >(
        `SELECT rowid AS seq, site_id AS siteId, embedding FROM ${VECTOR_TABLE}
         WHERE tenant_id = @p1 AND (@p2 IS NULL OR site_id = @p2) AND rowid > @p3 ORDER BY rowid LIMIT @p4`,
      ),
      count: db
        .prepare<[{ p1: string; p2: string | null }], number>(
          `SELECT count(*) FROM ${VECTOR_TABLE} WHERE tenant_id = @p1 AND (@p2 IS NULL OR site_id = @p2)`,
        )
        .pluck(),
      missing: db.prepare<
        [{ p1: string; p2: string | null; p3: number; p4: number }],
        { groupId: string; siteId: string; template: string; similarityPending: number; seq: number }
      >(
        `SELECT g.id AS groupId, g.site_id AS siteId, g.template, g.similarity_pending AS similarityPending, g.seq
         FROM event_groups g
         WHERE g.tenant_id = @p1 AND (@p2 IS NULL OR g.site_id = @p2) AND g.merged_into IS NULL AND g.seq > @p4
           AND g.seq NOT IN (SELECT rowid FROM ${VECTOR_TABLE} WHERE tenant_id = @p1)
         ORDER BY g.seq LIMIT @p3`,
      ),
      idsOf: db.prepare<[string, string], { seq: number; id: string }>(
        `SELECT seq, id FROM event_groups WHERE seq IN (SELECT value FROM json_each(?)) AND tenant_id = ?`,
      ),
    };
  }
  function stmts() {
    const current = requireSpace();
    if (!statements || statementsFor !== current.dimension) {
      statements = prepareStatements();
      statementsFor = current.dimension;
    }
    return statements;
  }

  return {
    space,
    ensureSpace(wanted) {
      return db.transaction(() => {
        const current = space();
        if (current && current.dimension === wanted.dimension && current.model === wanted.model)
          return { rebuild: false };
        createVectorTable(db, wanted.dimension);
        writeSpace.run(VECTOR_SPACE_NAME, wanted.dimension, wanted.model);
        statements = undefined;
        return { rebuild: current !== undefined };
      })();
    },
    upsert(scope, groupId, vector) {
      const { dimension } = requireSpace();
      if (vector.length !== dimension) {
        throw new OutpostError(
          'invalid_input',
          `The vector has ${vector.length} dimensions; the vector space has ${dimension}.`,
        );
      }
      const group = facts(scope, groupId);
      if (!group || group.siteId !== scope.siteId) {
        throw new OutpostError('not_found', `Group ${groupId} is not a group of this site; its vector was not stored.`);
      }
      const s = stmts();
      db.transaction(() => {
        s.remove.run(BigInt(group.seq));
        s.insert.run(BigInt(group.seq), scope.tenantId, scope.siteId, asBlob(vector));
      })();
    },
    remove(scope, groupId) {
      const group = facts(scope, groupId);
      if (group) deleteGroupVectors(db, [group.seq]);
    },
    get(scope, groupId) {
      const group = facts(scope, groupId);
      if (!group || !space()) return undefined;
      const row = stmts().get.get(BigInt(group.seq), scope.tenantId);
      return row && asFloats(row.embedding);
    },
    nearest(scope, vector, k, exclude = []) {
      if (!space()) return [];
      const s = stmts();
      const excluded = new Set(exclude);
      const hits = s.nearest.all(asBlob(vector), k + excluded.size, scope.tenantId, scope.siteId);
      const ids = new Map(
        s.idsOf.all(JSON.stringify(hits.map((h) => h.seq)), scope.tenantId).map((r) => [r.seq, r.id]),
      );
      return hits
        .flatMap((h) => {
          const groupId = ids.get(h.seq);
          if (!groupId || excluded.has(groupId)) return [];
          return [{ groupId, distance: h.distance, similarity: 1 - (h.distance * h.distance) / 2 }];
        })
        .slice(0, k);
    },
    *all(scope): IterableIterator<StoredVector> {
      if (!space()) return;
      // Paged, so a rebuild of 100,000 vectors never holds them all at once.
      let after = 0;
      for (;;) {
        const s = stmts();
        const rows = s.page.all({ p1: scope.tenantId, p2: scope.siteId ?? null, p3: after, p4: VECTOR_PAGE });
        if (rows.length === 0) return;
        const ids = new Map(
          s.idsOf.all(JSON.stringify(rows.map((r) => r.seq)), scope.tenantId).map((r) => [r.seq, r.id]),
        );
        for (const row of rows) {
          const groupId = ids.get(row.seq);
          if (groupId) yield { groupId, siteId: row.siteId, key: row.seq, vector: asFloats(row.embedding) };
        }
        after = rows[rows.length - 1]?.seq ?? after;
      }
    },
    count(scope) {
      return space() ? (stmts().count.get({ p1: scope.tenantId, p2: scope.siteId ?? null }) ?? 0) : 0;
    },
    missing(scope, limit, afterSeq = 0) {
      if (!space()) return [];
      return stmts()
        .missing.all({ p1: scope.tenantId, p2: scope.siteId ?? null, p3: limit, p4: afterSeq })
        .map((row) => ({ ...row, similarityPending: row.similarityPending === 1 }));
    },
  };
}
