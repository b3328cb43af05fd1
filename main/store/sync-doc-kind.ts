import { OutpostError } from '../contract/index.js';
import type { SiteScope } from './pipeline-types.js';

/** A document body as sync carries it (checked against its kind's schema before it gets here). */
export type Body = Record<string, unknown>;

/** How one kind of document is read and written under a site's own ids (sync-documents.ts dispatches). */
export interface KindDocs {
  read(scope: SiteScope, docId: string): unknown;
  /** Writes a body (null deletes); throws OutpostError `conflict` when it cannot. */
  write(scope: SiteScope, docId: string, body: Body | null, at: number): void;
  /** Ids of the site's documents of this kind (for snapshots). */
  ids(scope: SiteScope): string[];
}

export const elsewhere = (what: string) =>
  new OutpostError('conflict', `This ${what} id belongs to another site or tenant; it was not written.`);

export const json = (value: unknown) => JSON.stringify(value);
