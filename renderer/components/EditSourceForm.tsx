import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Source } from '../../main/contract/index.js';
import { ApiError, describeError } from '../api/api-error.js';
import { useSources } from '../state/app-state.js';
import { draftOf, isUnchanged, SECRET_MASK, updatePayload, type SourceDraft } from './source-edit.js';
import { CONFIG_FIELDS, KIND_LABELS } from './source-kinds.js';
import { sourceIssues } from './source-issues.js';
import { SourceConfigFields } from './SourceConfigFields.js';
import { SourcePlacement } from './SourcePlacement.js';
import { TextField } from './TextField.js';
import { KeyScope } from './KeyScope.js';

type Errors = Record<string, string | undefined>;

interface Props {
  source: Source;
  /** Closes the form; `saved` names the source after a save, so the table can say so. */
  onClose(saved: string | null): void;
}

/** Changes an existing source's name and config with the create form's fields, pre-filled. */
export function EditSourceForm({ source, onClose }: Props) {
  const { update } = useSources();
  const [draft, setDraft] = useState<SourceDraft>(() => draftOf(source));
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
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
    const form = e.currentTarget;
    const payload = updatePayload(source, draft);
    if (isUnchanged(payload)) {
      onClose(null);
      return;
    }
    setPending(true);
    setErrors({});
    setFormError(null);
    try {
      const saved = await update(payload);
      onClose(saved.name);
    } catch (err) {
      setPending(false);
      if (err instanceof ApiError && err.code === 'invalid_input' && err.issues.length > 0) {
        const { byField, rest } = sourceIssues(source.kind, err.issues);
        setErrors(byField);
        setFormError(rest.length ? rest.join(' ') : null);
        const first = Object.keys(byField)[0];
        if (first) (form.elements.namedItem(first) as HTMLElement | null)?.focus();
      } else {
        setFormError(describeError(err));
      }
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
        <form className="form" onSubmit={onSubmit} noValidate aria-busy={pending}>
          {formError && (
            <div role="alert" className="message message-error">
              <p>{formError}</p>
            </div>
          )}
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
              setErrors((x) => ({ ...x, name: undefined }));
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
              setErrors((x) => ({ ...x, [key]: undefined }));
            }}
          />
          <div className="form-actions">
            <button type="submit" className="button" aria-disabled={pending}>
              Save changes
            </button>
            <button type="button" className="button button-secondary" onClick={() => onClose(null)}>
              Cancel
            </button>
            <p role="status" className="muted">
              {pending ? 'Saving…' : null}
            </p>
          </div>
        </form>
      </KeyScope>
    </section>
  );
}
