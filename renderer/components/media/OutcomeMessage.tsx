import { ActionFeedback } from '../ActionFeedback.js';

/** What an action did: a polite status line, or an alert when it failed. */
export interface Outcome {
  error: boolean;
  text: string;
}

export function OutcomeMessage({ outcome }: { outcome: Outcome | null }) {
  return (
    <ActionFeedback
      error={outcome?.error ? outcome.text : null}
      message={outcome && !outcome.error ? outcome.text : null}
    />
  );
}
