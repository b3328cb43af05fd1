import { useState } from 'react';
import type { SyncStatus } from '../../../main/contract/index.js';
import { describeError } from '../../api/api-error.js';
import { api, useSync } from '../../state/app-state.js';
import { formatAgo, formatTime } from '../time-format.js';
import { useNow } from '../use-now.js';
import { describeOffset, describeProgress, describeRate, describeState } from './sync-format.js';
import { ActionFeedback } from '../ActionFeedback.js';

function When({ at, now, never = 'Never' }: { at: number | null; now: number; never?: string }) {
  if (at === null) return <span className="muted">{never}</span>;
  return (
    <>
      {formatTime(at, now)} <span className="muted">({formatAgo(at, now)})</span>
    </>
  );
}

/** An enrolled site's sync: its state in words, what waits and for how long, the last exchanges, the clock. */
export function SyncStatusPanel({ sync, maySyncNow }: { sync: SyncStatus; maySyncNow: boolean }) {
  const now = useNow(10_000);
  const words = describeState(sync);
  const rate = describeRate(sync.outbox.ratePerSecond);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function syncNow() {
    setBusy(true);
    setMessage(null);
    setError(null);
    try {
      const after = await api.call('sync.now', { siteId: sync.siteId });
      await useSync.getState().accept(after);
      const state = describeState(after);
      setMessage(`Done: ${state.label.toLowerCase()}. ${describeProgress(after.outbox)}`);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="sync-state-heading">
      <h2 id="sync-state-heading">
        <span className={`sync-state sync-state-${words.tone}`} data-testid="sync-state">
          {words.label}
        </span>
      </h2>
      <p>{words.detail}</p>
      <dl className="tunnel-facts">
        <dt>Hub</dt>
        <dd className="mono">{sync.hubUrl}</dd>
        <dt>To send</dt>
        <dd data-testid="sync-progress">
          {describeProgress(sync.outbox)}
          {rate && <span className="muted"> ({rate})</span>}
          {sync.outbox.oldestAt !== null && (
            <span className="muted"> Oldest waiting since {formatTime(sync.outbox.oldestAt, now)}.</span>
          )}
        </dd>
        <dt>Last push</dt>
        <dd>
          <When at={sync.lastPushAt} now={now} />
        </dd>
        <dt>Last pull</dt>
        <dd>
          <When at={sync.lastPullAt} now={now} />
        </dd>
        <dt>Last contact</dt>
        <dd>
          <When at={sync.lastContactAt} now={now} />
        </dd>
        <dt>Enrolled</dt>
        <dd>
          <When at={sync.enrolledAt} now={now} never="Not yet" />
        </dd>
        <dt>Clock</dt>
        <dd className={sync.clock.skewed ? 'sync-skewed' : undefined}>
          {sync.clock.skewed && <strong>Skewed: </strong>}
          {describeOffset(sync.clock.offsetMs)}
          {sync.clock.skewed &&
            ' Times recorded here differ from the hub’s by that much; sync goes on regardless. Set the clock (NTP) to fix it.'}
        </dd>
        {sync.hubVersion && (
          <>
            <dt>Hub version</dt>
            <dd>{sync.hubVersion}</dd>
          </>
        )}
        {sync.upgrade && (
          <>
            <dt>Upgrade</dt>
            <dd>{sync.upgrade}</dd>
          </>
        )}
        <dt>Last error</dt>
        <dd data-testid="sync-last-error">{sync.lastError ?? <span className="muted">None</span>}</dd>
      </dl>
      {maySyncNow && sync.state !== 'refused' && (
        <button type="button" className="button" onClick={() => void syncNow()} disabled={busy}>
          {busy ? 'Syncing…' : 'Sync now'}
        </button>
      )}
      <ActionFeedback error={error} message={message} />
    </section>
  );
}
