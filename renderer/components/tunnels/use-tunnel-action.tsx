import { useState } from 'react';
import { describeError } from '../../api/api-error.js';
import { useTunnels } from '../../state/app-state.js';

/** Runs an API action, then refreshes the list; the outcome is one message for a status or alert region. */
export function useTunnelAction() {
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(action: () => Promise<unknown>, done?: string): Promise<boolean> {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      await action();
      if (done) setMessage(done);
      return true;
    } catch (err) {
      setError(describeError(err));
      return false;
    } finally {
      setBusy(false);
      void useTunnels.getState().refresh();
    }
  }
  return { run, message, error, busy };
}

export function ActionMessages({ message, error }: { message: string | null; error: string | null }) {
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
