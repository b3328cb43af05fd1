/**
 * What an action did, under its buttons: an error as an alert (read out at once), and a status line
 * that is always there so screen readers hear each new message.
 */
export function ActionFeedback({ error, message }: { error: string | null; message: string | null }) {
  return (
    <>
      {error && (
        <div role="alert" className="message message-error">
          <p>{error}</p>
        </div>
      )}
      <p role="status" className="muted">
        {message}
      </p>
    </>
  );
}
