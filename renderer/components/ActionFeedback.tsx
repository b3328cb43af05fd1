import { issueSummary } from './field-errors.js';

interface ActionFeedbackProps {
  error: string | null;
  message: string | null;
  /** Field errors shown beside their fields; summed up here once, in the alert. */
  issues?: Partial<Record<string, string>>;
  /** Counts attempts, so the same refusal twice is announced twice (a new alert node each time). */
  attempt?: number;
}

/**
 * What an action did, under its buttons: an error (and a summary of refused fields) as an alert,
 * read out at once, and a status line that is always there so screen readers hear each new message.
 */
export function ActionFeedback({ error, message, issues = {}, attempt = 0 }: ActionFeedbackProps) {
  const summary = issueSummary(issues, error);
  return (
    <>
      {summary && (
        <div key={attempt} role="alert" className="message message-error">
          <p>{summary}</p>
        </div>
      )}
      <p role="status" className="muted">
        {message}
      </p>
    </>
  );
}
