import { createHash } from 'node:crypto';
import type { SiteScope, Store } from '../store/index.js';
import type { Logger } from '../core/slice-kit/index.js';
import type { AssetFiles } from './hub-assets.js';
import { AssetsMissingAnswer } from './protocol/index.js';
import type { HubClient } from './site-transport.js';

/*
 * The site's side of the site-map files beside the documents: after a pull, fetch every file the
 * site's drafts and releases name and this disk lacks (a release published on the hub, a draft the
 * hub's admin edited); then send the hub the ones it lacks (a layer uploaded here). Content-addressed,
 * so a file travels once; one that fails waits for the next exchange and never stops the others.
 */

const READ_CHUNK = 1000;

export async function exchangeAssets(
  deps: { store: Pick<Store, 'syncFiles'>; files: AssetFiles; log: Logger },
  scope: SiteScope,
  client: HubClient,
  credential: string,
): Promise<{ fetched: number; sent: number; failed: number }> {
  const named = deps.store.syncFiles.list(scope);
  let fetched = 0;
  let sent = 0;
  let failed = 0;
  const fail = (sha256: string, way: string, err: unknown) => {
    failed++;
    deps.log.warn({ siteId: scope.siteId, sha256, err: err instanceof Error ? err.message : String(err) }, way);
  };

  for (const file of named.filter((f) => !deps.files.has(f.sha256))) {
    try {
      const bytes = await client.getAsset(file.sha256, file.size, credential);
      if (createHash('sha256').update(bytes).digest('hex') !== file.sha256) {
        throw new Error('the file the hub sent does not match its SHA-256');
      }
      await deps.files.putHashed(bytes, file.sha256, file.contentType);
      fetched++;
    } catch (err) {
      fail(file.sha256, 'A site-map file could not be fetched from the hub; trying again at the next sync', err);
    }
  }

  const here = named.filter((f) => deps.files.has(f.sha256)).map((f) => f.sha256);
  for (let i = 0; i < here.length; i += READ_CHUNK) {
    const { missing } = await client.post(
      'assets/missing',
      JSON.stringify({ sha256: here.slice(i, i + READ_CHUNK) }),
      AssetsMissingAnswer,
      credential,
    );
    for (const sha256 of missing) {
      try {
        const chunks: Buffer[] = [];
        for await (const chunk of deps.files.open(sha256)) chunks.push(chunk as Buffer);
        await client.putAsset(sha256, Buffer.concat(chunks), credential);
        sent++;
      } catch (err) {
        fail(sha256, 'A site-map file could not be sent to the hub; trying again at the next sync', err);
      }
    }
  }
  return { fetched, sent, failed };
}
