import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { KeyScope } from './KeyScope.js';

/** The optional note asked for before resolving; Escape or Cancel goes back without resolving. */
export function ResolveAlertForm({
  title,
  onResolve,
  onCancel,
}: {
  title: string;
  onResolve: (note: string) => Promise<void>;
  onCancel: () => void;
}) {
  const id = useId();
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);

  // The form opens because the user chose Resolve: their next step is the note, so focus goes there.
  useEffect(() => noteRef.current?.focus(), []);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (pending) return;
    setPending(true);
    try {
      await onResolve(note);
    } finally {
      setPending(false);
    }
  }

  return (
    <KeyScope onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <form className="inline-form" aria-label={`Resolve ${title}`} onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor={id}>Resolution note (optional)</label>
          <textarea
            id={id}
            value={note}
            rows={2}
            maxLength={2000}
            onChange={(e) => setNote(e.target.value)}
            ref={noteRef}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button" aria-disabled={pending}>
            {pending ? 'Resolving…' : 'Confirm resolve'}
          </button>
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </KeyScope>
  );
}
