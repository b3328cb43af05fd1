import type { Database } from '../../native/sqlite/index.js';

/**
 * The vec0 table of group vectors. Its dimension is the embedder's, so it is created lazily (not
 * by a migration) and recreated when the embedder changes. Its rowid is the group's `seq`;
 * tenant and site are partition keys, so a nearest-neighbour search only scans its own site.
 */
export const VECTOR_TABLE = 'group_vectors';
export const VECTOR_SPACE_NAME = 'groups';

export function vectorTableExists(db: Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(VECTOR_TABLE) !== undefined;
}

export function createVectorTable(db: Database, dimension: number): void {
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > 8192) {
    throw new Error(`A vector dimension must be a whole number from 1 to 8192, not ${dimension}.`);
  }
  db.exec(`DROP TABLE IF EXISTS ${VECTOR_TABLE}`);
  db.exec(
    `CREATE VIRTUAL TABLE ${VECTOR_TABLE} USING vec0(
       tenant_id text partition key,
       site_id text partition key,
       embedding float[${dimension}]
     )`,
  );
}

/** Drops the vectors of groups merged away (no-op before the table exists). */
export function deleteGroupVectors(db: Database, seqs: readonly number[]): void {
  if (seqs.length === 0 || !vectorTableExists(db)) return;
  const remove = db.prepare(`DELETE FROM ${VECTOR_TABLE} WHERE rowid = ?`);
  for (const seq of seqs) remove.run(BigInt(seq));
}
