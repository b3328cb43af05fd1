import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { OutpostError } from '../contract/index.js';
import type { HubSiteRow, Store, SyncFile } from '../store/index.js';

/** The content-addressed files sync carries (the site map's blob store). */
export interface AssetFiles {
  has(sha256: string): boolean;
  open(sha256: string, range?: { start: number; end?: number }): Readable;
  putHashed(data: Buffer, sha256: string, contentType: string): Promise<unknown>;
}

const notNamed = () =>
  new OutpostError(
    'not_found',
    'No map or release of this site names that file. Sync again; it comes with its document.',
  );

/**
 * The hub's side of the site-map files that travel beside the documents (issue 14: "an asset is
 * sent once"): a site fetches the files its hub-made drafts and releases name, and sends the ones
 * its own drafts name when the hub lacks them. Only files that a document of the credential's own
 * site names are served or accepted, and an accepted file must hash to its name.
 */
export function createHubAssets(deps: {
  store: Pick<Store, 'syncFiles'>;
  files: AssetFiles;
  authenticate(credential: string | undefined): HubSiteRow;
}) {
  const scopeOf = (site: HubSiteRow) => ({ tenantId: site.tenantId, siteId: site.siteId });
  return {
    /** Of the files a site has, those the hub's copy of the site names and lacks. */
    missing(credential: string | undefined, sha256s: readonly string[]): { missing: string[] } {
      const scope = scopeOf(deps.authenticate(credential));
      return {
        missing: sha256s.filter((sha) => !deps.files.has(sha) && deps.store.syncFiles.find(scope, sha) !== undefined),
      };
    },

    /** A file the site's documents name, for the site to fetch. */
    file(credential: string | undefined, sha256: string): SyncFile {
      const scope = scopeOf(deps.authenticate(credential));
      const file = deps.store.syncFiles.find(scope, sha256);
      if (!file || !deps.files.has(sha256)) throw notNamed();
      return file;
    },

    /** How many bytes a site may send for a file: its size as the document names it. */
    expectedSize(credential: string | undefined, sha256: string): number {
      const file = deps.store.syncFiles.find(scopeOf(deps.authenticate(credential)), sha256);
      if (!file) throw notNamed();
      return file.size;
    },

    async put(credential: string | undefined, sha256: string, bytes: Buffer): Promise<{ stored: boolean }> {
      const file = deps.store.syncFiles.find(scopeOf(deps.authenticate(credential)), sha256);
      if (!file) throw notNamed();
      if (deps.files.has(sha256)) return { stored: false };
      if (createHash('sha256').update(bytes).digest('hex') !== sha256) {
        throw new OutpostError(
          'invalid_input',
          'The file does not match its SHA-256 (cut or changed on the way); it was not stored. The site sends it again.',
        );
      }
      await deps.files.putHashed(bytes, sha256, file.contentType);
      return { stored: true };
    },
  };
}

export type HubAssets = ReturnType<typeof createHubAssets>;
