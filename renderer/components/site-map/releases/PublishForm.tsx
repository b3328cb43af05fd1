import { useId, useState, type FormEvent } from 'react';
import type { ReleaseEnv, ReleaseSummary } from '../../../../main/contract/index.js';
import { api } from '../../../state/app-state.js';
import { ActionFeedback } from '../../ActionFeedback.js';
import { useFormFeedback } from '../../use-form-feedback.js';
import { ENV_LABELS } from './diff-display.js';

const LABELS = { note: 'Release note', env: 'Environment' } as const;

interface PublishFormProps {
  siteId: string;
  onPublished: (release: ReleaseSummary) => void;
}

/**
 * Publishes the draft as a new release. Production is what wall boards and embeds show, so
 * publishing there asks once more, in the form, before anything is sent.
 */
export function PublishForm({ siteId, onPublished }: PublishFormProps) {
  const id = useId();
  const [env, setEnv] = useState<ReleaseEnv>('staging');
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const { bindForm, ...feedback } = useFormFeedback(LABELS);
  const noteError = feedback.issues.note;

  async function publish() {
    setPending(true);
    feedback.start();
    feedback.done('Publishing…');
    try {
      const release = await api.call('releases.publish', { siteId, env, note: note.trim() });
      feedback.done(
        `Published version ${release.version} to ${ENV_LABELS[release.env].toLowerCase()} (${release.overlays} overlays).`,
      );
      setNote('');
      setConfirming(false);
      onPublished(release);
    } catch (err) {
      feedback.done(null);
      feedback.fail(err);
      setConfirming(false);
    } finally {
      setPending(false);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (pending) return;
    if (env === 'production' && !confirming) {
      setConfirming(true);
      return;
    }
    void publish();
  }

  return (
    <form ref={bindForm} className="form publish-form" onSubmit={onSubmit} aria-labelledby={`${id}-heading`} noValidate>
      <h3 id={`${id}-heading`}>Publish the draft</h3>
      <div className="field">
        <label htmlFor={`${id}-env`}>Environment</label>
        <select
          id={`${id}-env`}
          value={env}
          onChange={(e) => {
            setEnv(e.target.value as ReleaseEnv);
            setConfirming(false);
          }}
        >
          <option value="staging">Staging</option>
          <option value="production">Production</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`}>Release note</label>
        <textarea
          id={`${id}-note`}
          rows={2}
          maxLength={2000}
          value={note}
          aria-invalid={noteError ? true : undefined}
          aria-describedby={noteError ? `${id}-note-error` : `${id}-note-hint`}
          onChange={(e) => setNote(e.target.value)}
        />
        {noteError ? (
          <p id={`${id}-note-error`} className="field-error">
            {noteError}
          </p>
        ) : (
          <p id={`${id}-note-hint`} className="field-hint">
            What changed, for whoever reads the release list later.
          </p>
        )}
      </div>
      {confirming ? (
        <div className="message confirm-box" role="alert">
          <p>Publish to production? Wall boards and embeds showing production switch to this version at once.</p>
          <div className="form-actions">
            <button type="submit" className="button" aria-disabled={pending}>
              Publish to production
            </button>
            <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="form-actions">
          <button type="submit" className="button" aria-disabled={pending}>
            Publish
          </button>
        </div>
      )}
      <ActionFeedback {...feedback.props} />
    </form>
  );
}
