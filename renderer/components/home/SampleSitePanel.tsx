import { useState } from 'react';
import type { Home } from '../../../main/contract/index.js';
import { describeError } from '../../api/api-error.js';
import { api, useHome } from '../../state/app-state.js';

/**
 * "Load sample site" on an installation where nothing sends events yet, and "Remove sample site"
 * while one is loaded: sample data is always named as such and goes in one click.
 */
export function SampleSitePanel({ home, mayManage }: { home: Home; mayManage: boolean }) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const sample = home.sites.find((s) => s.sample);
  if (!mayManage || (!sample && !home.empty)) return null;

  async function run(action: () => Promise<string>) {
    if (pending) return;
    setPending(true);
    setMessage(null);
    try {
      setMessage({ text: await action(), error: false });
      await useHome.getState().load();
    } catch (err) {
      setMessage({ text: describeError(err), error: true });
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="sample-heading" className="panel">
      <h2 id="sample-heading">Sample site</h2>
      {sample ? (
        <p>
          <strong>{sample.name}</strong> holds sample data: made-up devices, events and alerts. Remove it when you are
          ready to add your own sites.
        </p>
      ) : (
        <p>
          Nothing sends events yet. Load a sample site to see Outpost populated: a map with devices and cameras, alert
          rules, and a few minutes of realistic events, spikes included. It is marked as sample data and removed in one
          click.
        </p>
      )}
      <div className="form-actions">
        {sample ? (
          <button
            type="button"
            className="button button-secondary"
            aria-disabled={pending}
            onClick={() =>
              void run(async () => {
                await api.call('sample.remove', {});
                return 'The sample site and everything it made were removed.';
              })
            }
          >
            Remove sample site
          </button>
        ) : (
          <button
            type="button"
            className="button"
            aria-disabled={pending}
            onClick={() =>
              void run(async () => {
                await api.call('sample.load', { minutes: 5 });
                return 'The sample site is loaded and sends events for 5 minutes.';
              })
            }
          >
            Load sample site
          </button>
        )}
      </div>
      {pending && (
        <p role="status" className="muted">
          Working…
        </p>
      )}
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'message message-error' : 'message'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
