import { useId, useState, type FormEvent } from 'react';
import type { GroupTemplateDetail } from '../../../main/contract/index.js';
import { describeError } from '../../api/api-error.js';
import { ActionFeedback } from '../ActionFeedback.js';
import { ModalDialog } from '../ModalDialog.js';
import { firstVaryingWord, wordLabel } from './split-words.js';

/**
 * Asks at which word a template's events should be told apart (`groups.splitByPosition`): one group
 * per value seen there, now and for later events. The words are the miner's tokens, so the choice
 * is exactly what the server splits by; the first word that varies is chosen to begin with, since
 * splitting at a constant word would make one group.
 */
export function SplitByWordDialog({
  template,
  onSplit,
  onClose,
}: {
  template: GroupTemplateDetail & { tokens: string[] };
  onSplit: (position: number) => Promise<void>;
  onClose: () => void;
}) {
  const [position, setPosition] = useState(() => firstVaryingWord(template.tokens));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSplit(position);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <ModalDialog title="Split by a word" onClose={onClose} busy={busy}>
      <form onSubmit={(e) => void submit(e)}>
        <p>
          Events of this template get one group per value they have at the word you choose, now and later (up to 1,000
          values; the rest share one group). Merge the groups again to undo it.
        </p>
        <fieldset className="split-words">
          <legend>Split at word</legend>
          {template.tokens.map((token, i) => (
            <label key={i} className="radio mono">
              <input type="radio" name={name} value={i} checked={position === i} onChange={() => setPosition(i)} />
              {wordLabel(token, i)}
            </label>
          ))}
        </fieldset>
        <ActionFeedback error={error} message={busy ? 'Splitting…' : null} />
        <div className="form-actions">
          <button type="submit" className="button" aria-disabled={busy || undefined} disabled={busy}>
            Split
          </button>
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
