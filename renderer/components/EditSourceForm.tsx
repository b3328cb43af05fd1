import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Source } from '../../main/contract/index.js';
import { useSources } from '../state/app-state.js';
import { ActionFeedback } from './ActionFeedback.js';
import { draftOf, isUnchanged, SECRET_MASK, updatePayload, type SourceDraft } from './source-edit.js';
import { CONFIG_FIELDS, KIND_LABELS } from './source-kinds.js';
import { sourceIssues } from './source-issues.js';
import { SourceConfigFields } from './SourceConfigFields.js';
import { SourcePlacement } from './SourcePlacement.js';
import { TextField } from './TextField.js';
import { KeyScope } from './KeyScope.js';
import { useFormFeedback } from './use-form-feedback.js';

interface Props {
  source: Source;
  /** Closes the form; `saved` names the source after a save, so the table can say so. */
  onClose(saved: string | null): void;
}

/** Changes an existing source's name and config with the create form's fields, pre-filled. */
export function EditSourceForm({ source, onClose }: Props) {
  const { update } = useSources();
  const [draft, setDraft] = useState<SourceDraft>(() => draftOf(source));
  const { bindForm, ...feedback } = useFormFeedback((issues) => sourceIssues(source.kind, issues));
  const errors = feedback.issues;
  const [pending, setPending] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const headingId = `edit-source-${source.id}-heading`;
  const hasSecret = CONFIG_FIELDS[source.kind].some(
    (f) => f.type === 'password' && draft.values[f.key] === SECRET_MASK,
  );

  useEffect(() => nameRef.current?.focus(), []);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    const payload = updatePayload(source, draft);
    if (isUnchanged(payload)) {
      onClose(null);
      return;
    }
    setPending(true);
    feedback.start();
    feedback.done('Saving…');
    try {
      const saved = await update(payload);
      onClose(saved.name);
    } catch (err) {
      setPending(false);
      feedback.done(null);
      feedback.fail(err);
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Escape' && !pending) {
      e.preventDefault();
      onClose(null);
    }
  }

  return (
    <section aria-labelledby={headingId} className="panel">
      <h3 id={headingId}>Edit {source.name}</h3>
      <KeyScope onKeyDown={onKeyDown}>
        <form ref={bindForm} className="form" onSubmit={onSubmit} noValidate aria-busy={pending}>
          <p className="muted">
            Kind: {KIND_LABELS[source.kind]}. Saving restarts the source with the new settings; events already stored
            stay on their site.
          </p>
          <TextField
            ref={nameRef}
            label="Name"
            name="name"
            value={draft.name}
            error={errors.name}
            autoComplete="off"
            onChange={(e) => {
              const name = e.target.value;
              setDraft((d) => ({ ...d, name }));
              feedback.clearField('name');
            }}
          />
          <SourcePlacement
            idPrefix={`edit-source-${source.id}`}
            siteId={draft.siteId}
            redaction={draft.redaction}
            error={errors.siteId}
            onSite={(siteId) => setDraft((d) => ({ ...d, siteId }))}
            onRedaction={(redaction) => setDraft((d) => ({ ...d, redaction }))}
          />
          {hasSecret && <p className="muted">Stored secrets show as {SECRET_MASK}; leave them so to keep them.</p>}
          <SourceConfigFields
            kind={source.kind}
            values={draft.values}
            errors={errors}
            onChange={(key, value) => {
              setDraft((d) => ({ ...d, values: { ...d.values, [key]: value } }));
              feedback.clearField(key);
            }}
          />
          <div className="form-actions">
            <button type="submit" className="button" aria-disabled={pending}>
              Save changes
            </button>
            <button type="button" className="button button-secondary" onClick={() => onClose(null)}>
              Cancel
            </button>
          </div>
          <ActionFeedback {...feedback.props} />
        </form>
      </KeyScope>
    </section>
  );
}
