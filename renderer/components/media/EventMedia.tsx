import { useState } from 'react';
import type { Event } from '../../../main/contract/index.js';
import { can } from '../../api/access.js';
import { describeError } from '../../api/api-error.js';
import { api, useSession } from '../../state/app-state.js';
import { Snapshot } from '../Snapshot.js';
import { formatDateTime } from '../time-format.js';
import { ClipPlayer } from './ClipPlayer.js';
import { SignedImage } from './SignedImage.js';
import { OutcomeMessage } from './OutcomeMessage.js';

/** An event's snapshots and clips, with Keep (retention never removes them) and Export. */
export function EventMedia({ event, onChange }: { event: Event; onChange?: () => void }) {
  const role = useSession((s) => s.user?.role);
  const [kept, setKept] = useState(event.media.some((m) => m.kept));
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  if (event.media.length === 0) return null;
  const from = `${event.device ? ` from ${event.device}` : ''} at ${formatDateTime(event.time)}`;

  async function toggleKeep(): Promise<void> {
    setPending(true);
    try {
      const result = await api.call('media.protect', { eventId: event.id, keep: !kept, note: '' });
      setKept(result.kept);
      setMessage({
        error: false,
        text: result.kept ? 'Kept: retention will not remove these files.' : 'No longer kept.',
      });
      onChange?.();
    } catch (err) {
      setMessage({ error: true, text: describeError(err) });
    } finally {
      setPending(false);
    }
  }

  async function exportAll(): Promise<void> {
    setPending(true);
    try {
      const made = await api.call('media.export', { eventId: event.id });
      const link = document.createElement('a');
      link.href = made.url;
      link.download = made.fileName;
      link.click();
      setMessage({
        error: false,
        text: `Exporting ${made.files} file${made.files === 1 ? '' : 's'} with a manifest and SHA-256 sums${made.missing ? ` (${made.missing} not here: archived or removed)` : ''}.`,
      });
    } catch (err) {
      setMessage({ error: true, text: describeError(err) });
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="event-media" aria-label="Media">
      {event.media.map((m, i) =>
        !m.id ? (
          m.kind === 'snapshot' ? (
            <Snapshot key={m.sha256} sha256={m.sha256} alt={`Snapshot${from}`} />
          ) : null
        ) : m.kind === 'clip' ? (
          <ClipPlayer key={m.id} mediaId={m.id} label={`Clip${from}`} />
        ) : (
          <SignedImage key={m.id ?? i} mediaId={m.id} alt={`Snapshot${from}`} />
        ),
      )}
      <div className="form-actions">
        {can(role, 'media.protect') && (
          <button
            type="button"
            className="button button-secondary"
            aria-pressed={kept}
            aria-disabled={pending}
            onClick={() => void (pending || toggleKeep())}
          >
            {kept ? 'Kept — release' : 'Keep (protect from retention)'}
          </button>
        )}
        {can(role, 'media.export') && (
          <button
            type="button"
            className="button button-secondary"
            aria-disabled={pending}
            onClick={() => void (pending || exportAll())}
          >
            Export
          </button>
        )}
      </div>
      <OutcomeMessage outcome={message} />
    </section>
  );
}
