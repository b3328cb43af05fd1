import { useId, useState, type FormEvent } from 'react';

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
    <form
      className="inline-form"
      aria-label={`Resolve ${title}`}
      onSubmit={onSubmit}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <div className="field">
        <label htmlFor={id}>Resolution note (optional)</label>
        <textarea id={id} value={note} rows={2} maxLength={2000} onChange={(e) => setNote(e.target.value)} autoFocus />
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
  );
}
