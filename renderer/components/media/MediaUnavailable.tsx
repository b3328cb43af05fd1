import { useState } from 'react';
import type { MediaInfo } from '../../../main/contract/index.js';
import { can } from '../../api/access.js';
import { describeError } from '../../api/api-error.js';
import { api, useSession } from '../../state/app-state.js';

/** Why a file cannot be shown here: archived (with Restore) or removed (with the reason). */
export function MediaUnavailable({ info, onRestored }: { info: MediaInfo; onRestored: () => Promise<void> }) {
  const role = useSession((s) => s.user?.role);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const what = info.kind === 'clip' ? 'clip' : 'snapshot';

  async function restore(): Promise<void> {
    setPending(true);
    setError(null);
    try {
      await api.call('archive.restore', { mediaId: info.id });
      await onRestored();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setPending(false);
    }
  }

  if (info.state === 'archived') {
    return (
      <div className="message media-unavailable">
        <p>This {what} is in the site’s archive, not on this machine.</p>
        {can(role, 'archive.restore') ? (
          <button type="button" className="button" aria-disabled={pending} onClick={() => void (pending || restore())}>
            {pending ? 'Restoring…' : `Restore the ${what}`}
          </button>
        ) : (
          <p className="muted">An operator can restore it.</p>
        )}
        {error && (
          <p role="alert" className="message message-error">
            {error}
          </p>
        )}
      </div>
    );
  }
  return (
    <p className="message media-unavailable">
      This {what} is no longer stored{info.removedReason ? `: ${info.removedReason}` : '.'}
    </p>
  );
}
