import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ModalDialog } from './ModalDialog.js';

export interface ConfirmRequest {
  /** The question, as the dialog's heading (and its accessible name). */
  title: string;
  /** What follows from saying yes. */
  body?: string;
  /** The yes button, named for the action ("Delete rule"), never just "OK". */
  confirmLabel: string;
}

interface Pending extends ConfirmRequest {
  answer: (yes: boolean) => void;
}

/**
 * Asks before a step that cannot be undone, in place of `window.confirm`: an alert dialog on React
 * Aria (focus trapped, Escape says no, focus back on the button that asked). Focus starts on Cancel,
 * so a stray Enter does nothing harmful.
 *
 * `const { confirm, dialog } = useConfirm();` — render `dialog`, and `if (!(await confirm({...}))) return;`.
 */
export function useConfirm(): { confirm: (request: ConfirmRequest) => Promise<boolean>; dialog: ReactNode } {
  const [pending, setPending] = useState<Pending | null>(null);
  const answerRef = useRef<((yes: boolean) => void) | null>(null);
  // A page left with the question open answers no, so no caller waits for ever.
  useEffect(() => () => answerRef.current?.(false), []);

  const confirm = useCallback(
    (request: ConfirmRequest) =>
      new Promise<boolean>((resolve) => {
        // A second question while one is open: the first is answered no.
        answerRef.current?.(false);
        const answer = (yes: boolean) => {
          if (answerRef.current !== answer) return;
          answerRef.current = null;
          setPending(null);
          resolve(yes);
        };
        answerRef.current = answer;
        setPending({ ...request, answer });
      }),
    [],
  );

  const dialog = pending && <ConfirmDialog {...pending} />;
  return { confirm, dialog };
}

function ConfirmDialog({ title, body, confirmLabel, answer }: Pending) {
  const bodyId = useId();
  return (
    <ModalDialog title={title} role="alertdialog" describedBy={body ? bodyId : undefined} onClose={() => answer(false)}>
      {body && <p id={bodyId}>{body}</p>}
      <div className="form-actions">
        {/* eslint-disable-next-line jsx-a11y/no-autofocus -- React Aria reads autoFocus to pick the first focus in the dialog */}
        <button type="button" className="button button-secondary" onClick={() => answer(false)} autoFocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={() => answer(true)}>
          {confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
