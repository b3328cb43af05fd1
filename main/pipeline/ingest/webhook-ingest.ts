import { OutpostError } from '../../contract/index.js';
import type { MediaRef, PipelineScope, RawEvent } from '../event-types.js';
import type { Store } from '../../store/index.js';
import type { PipelineParts } from '../pipeline-wiring.js';
import { tokenMatches } from '../source-secrets.js';

export interface AuthorizedSource {
  sourceId: string;
  scope: PipelineScope;
  /** The source's `allowMedia` setting: whether multipart with a snapshot or clip is accepted. */
  allowMedia: boolean;
}

/** What `POST /api/ingest/{sourceId}` needs of the Core; authentication is the source's token, not a session. */
export interface WebhookIngest {
  /** `not_found` for an unknown source, `unauthenticated` for a missing or wrong token, `forbidden` when disabled. */
  authorize(sourceId: string, token: string | undefined): AuthorizedSource;
  /** Resolves after the events are committed; `invalid_input` (nothing stored) names the failing field. */
  ingest(source: AuthorizedSource, events: unknown[]): Promise<{ ids: string[] }>;
  /** Writes a snapshot or clip of the source's tenant to the blob store, checked. */
  storeMedia(source: AuthorizedSource, data: Buffer, contentType: string, kind: MediaRef['kind']): Promise<MediaRef>;
  /** Counts a rejected request in the source's health. */
  rejected(sourceId: string, reason: string): void;
  readonly maxMediaBytes: number;
}

export function createWebhookIngest(store: Store, parts: PipelineParts, maxMediaBytes: number): WebhookIngest {
  return {
    maxMediaBytes,
    authorize(sourceId, token) {
      const source = store.sources.findWebhookSource(sourceId);
      if (!source) {
        throw new OutpostError(
          'not_found',
          `There is no webhook source ${sourceId}. Copy the id from Settings → Sources.`,
        );
      }
      // Hash and compare even without a token, so a missing token costs the same time as a wrong one.
      const matches = tokenMatches(token ?? '', source.tokenHash ?? '0'.repeat(64));
      if (!token || !source.tokenHash || !matches) {
        parts.supervisor.recordRejected(sourceId, 'wrong or missing token');
        throw new OutpostError(
          'unauthenticated',
          'Send the source token as "Authorization: Bearer <token>". A lost token cannot be shown again: create a new source.',
        );
      }
      if (!source.enabled) {
        throw new OutpostError('forbidden', `Source ${sourceId} is disabled. Enable it in Settings → Sources.`);
      }
      if (store.tenants.get(source.tenantId)?.disabledAt !== null) {
        throw new OutpostError('forbidden', `The organisation of source ${sourceId} is disabled on this installation.`);
      }
      const config = store.sources.get({ tenantId: source.tenantId }, sourceId)?.config ?? {};
      return {
        sourceId,
        scope: { tenantId: source.tenantId, siteId: source.siteId },
        allowMedia: config.allowMedia !== false,
      };
    },
    async ingest(source, events) {
      try {
        const result = await parts.pipeline.ingest(source.scope, source.sourceId, events as RawEvent[]);
        parts.supervisor.recordAccepted(source.sourceId, result.ids.length, result.textReplaced);
        return result;
      } catch (err) {
        if (err instanceof OutpostError && err.code === 'invalid_input') {
          parts.supervisor.recordRejected(source.sourceId, err.message);
        }
        throw err;
      }
    },
    storeMedia: (source, data, contentType, kind) => parts.media.put(data, contentType, kind, source.scope.tenantId),
    rejected: (sourceId, reason) => parts.supervisor.recordRejected(sourceId, reason),
  };
}
