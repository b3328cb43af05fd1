import { useEffect, useState } from 'react';
import type { SystemInfo } from '../../main/contract/index.js';
import { describeError } from '../api/api-error.js';
import { PageTitle } from '../components/PageTitle.js';
import { api, useSession } from '../state/app-state.js';

type InfoState = { status: 'loading' } | { status: 'ready'; info: SystemInfo } | { status: 'error'; message: string };

export function HomePage() {
  const user = useSession((s) => s.user);
  const [info, setInfo] = useState<InfoState>({ status: 'loading' });

  useEffect(() => {
    let current = true;
    api.call('system.info', {}).then(
      (result) => current && setInfo({ status: 'ready', info: result }),
      (err: unknown) => current && setInfo({ status: 'error', message: describeError(err) }),
    );
    return () => {
      current = false;
    };
  }, []);

  return (
    <>
      <PageTitle>Home</PageTitle>
      {user && (
        <p>
          Welcome, <strong>{user.name || user.email}</strong>.
        </p>
      )}
      <dl className="facts">
        {user && (
          <>
            <dt>Signed in as</dt>
            <dd>{user.email}</dd>
            <dt>Role</dt>
            <dd>{user.role}</dd>
          </>
        )}
        <dt>Outpost version</dt>
        <dd>
          {info.status === 'ready' && info.info.version}
          {info.status === 'loading' && <span role="status">Loading…</span>}
          {info.status === 'error' && <span className="muted">Unknown: {info.message}</span>}
        </dd>
        {info.status === 'ready' && (
          <>
            <dt>This installation</dt>
            <dd>{info.info.role === 'hub' ? 'Hub (gathers many sites)' : 'Site'}</dd>
          </>
        )}
      </dl>
      <p>
        What needs your attention since your last visit — open alerts, devices offline, sync and tunnel state — will
        appear here as the event pipeline, tunnels and sync arrive.
      </p>
    </>
  );
}
