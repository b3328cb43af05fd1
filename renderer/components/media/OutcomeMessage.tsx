/** What an action did: a polite status line, or an alert when it failed. */
export interface Outcome {
  error: boolean;
  text: string;
}

export function OutcomeMessage({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return null;
  return (
    <p role={outcome.error ? 'alert' : 'status'} className={outcome.error ? 'message message-error' : 'muted'}>
      {outcome.text}
    </p>
  );
}
