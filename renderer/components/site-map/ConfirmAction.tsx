import { useEffect, useRef, useState, type ReactNode } from 'react';

interface ConfirmActionProps {
  /** The button that asks: "Roll back to this". */
  label: string;
  /** What the user is asked, in full: "Make version 3 current in production again?" */
  question: ReactNode;
  /** The button that does it: "Roll back". */
  confirmLabel: string;
  onConfirm: () => void | Promise<void>;
  busy?: boolean;
  danger?: boolean;
  /** Extra accessible description of the first button (e.g. the row it acts on). */
  describedBy?: string;
}

/**
 * A button that asks before acting, in the page rather than a browser dialog: the question stays
 * next to what it is about, and keyboard focus moves to the confirm button and back.
 */
export function ConfirmAction({
  label,
  question,
  confirmLabel,
  onConfirm,
  busy,
  danger,
  describedBy,
}: ConfirmActionProps) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) askRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button
        ref={askRef}
        type="button"
        className="button button-secondary"
        aria-describedby={describedBy}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={label}>
      <span className="confirm-question">{question}</span>
      <button
        ref={confirmRef}
        type="button"
        className={danger ? 'button button-danger' : 'button'}
        aria-disabled={busy ? true : undefined}
        onClick={() => {
          if (busy) return;
          void Promise.resolve(onConfirm()).finally(() => setAsking(false));
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button button-secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
