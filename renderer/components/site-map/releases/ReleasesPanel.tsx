import { useState } from 'react';
import type { ReleaseSummary } from '../../../../main/contract/index.js';
import { can } from '../../../api/access.js';
import { describeError } from '../../../api/api-error.js';
import { api, useSession } from '../../../state/app-state.js';
import { LoadState } from '../../LoadState.js';
import { comparePair, currentByEnv, ENV_LABELS } from './diff-display.js';
import { PublicUrls } from './PublicUrls.js';
import { PublishForm } from './PublishForm.js';
import { ReleaseDiffView } from './ReleaseDiffView.js';
import { ReleasesTable } from './ReleasesTable.js';
import { useReleases } from './use-releases.js';

interface ReleasesPanelProps {
  siteId: string;
  slug: string;
}

/**
 * Releases of a site: publish the draft (technicians and admins), the list with the current
 * release of each environment, rollback, comparison, and the public addresses. Viewers see the
 * list and the addresses only.
 */
export function ReleasesPanel({ siteId, slug }: ReleasesPanelProps) {
  const role = useSession((s) => s.user?.role);
  const mayPublish = can(role, 'releases.publish');
  const mayRollback = can(role, 'releases.rollback');
  const { status, releases, error, reload } = useReleases(siteId);
  const [compare, setCompare] = useState<{ from: number; to: number } | null>(null);
  const [actionMessage, setActionMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  async function rollback(release: ReleaseSummary) {
    setActionMessage(null);
    try {
      const now = await api.call('releases.rollback', { siteId, env: release.env, version: release.version });
      setActionMessage({
        kind: 'ok',
        text: `Version ${now.version} is current in ${ENV_LABELS[now.env].toLowerCase()} again.`,
      });
      await reload();
    } catch (err) {
      setActionMessage({ kind: 'error', text: describeError(err) });
    }
  }

  return (
    <div className="releases-panel">
      {mayPublish && (
        <section className="panel">
          <PublishForm siteId={siteId} onPublished={() => void reload()} />
        </section>
      )}

      <section aria-labelledby="releases-heading">
        <h2 id="releases-heading">Releases</h2>
        {actionMessage && (
          <div
            role={actionMessage.kind === 'error' ? 'alert' : 'status'}
            className={`message ${actionMessage.kind === 'error' ? 'message-error' : 'message-success'}`}
          >
            <p>{actionMessage.text}</p>
          </div>
        )}
        {status === 'ready' && error && (
          <div role="alert" className="message message-error">
            <p>The list could not be refreshed: {error}</p>
          </div>
        )}
        <LoadState
          status={status}
          error={error}
          loading="Loading releases…"
          isEmpty={releases.length === 0}
          empty={
            <p>
              Nothing published yet.
              {mayPublish
                ? ' Publish the draft to staging to try it, then to production.'
                : ' A technician or an admin can publish the draft.'}
            </p>
          }
          onRetry={() => void reload()}
        >
          <ReleasesTable
            releases={releases}
            mayRollback={mayRollback}
            onRollback={rollback}
            onCompare={(a, b) => setCompare(comparePair(a, b))}
          />
        </LoadState>
        {compare && (
          <ReleaseDiffView
            key={`${compare.from}-${compare.to}`}
            siteId={siteId}
            {...compare}
            onClose={() => setCompare(null)}
          />
        )}
      </section>

      <PublicUrls slug={slug} current={currentByEnv(releases)} />
    </div>
  );
}
