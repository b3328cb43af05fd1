import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error.js';
import { api } from '../../state/app-state.js';
import { TextField } from '../TextField.js';
import { ActionMessages, useTunnelAction } from './use-tunnel-action.js';

type Fields = 'name' | 'endpoint' | 'poolV4' | 'poolV6' | 'listenPort';

/** A hub interface: its name, the address sites dial, and (optionally) its address ranges and port. */
export function NewHubForm() {
  const [values, setValues] = useState<Record<Fields, string>>({
    name: 'wg0',
    endpoint: '',
    poolV4: '',
    poolV6: '',
    listenPort: '',
  });
  const [issues, setIssues] = useState<Partial<Record<Fields, string>>>({});
  const { run, message, error, busy } = useTunnelAction();
  const field = (key: Fields) => ({
    value: values[key],
    error: issues[key] ?? null,
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value })),
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setIssues({});
    await run(
      () =>
        api
          .call('tunnels.createInterface', {
            name: values.name,
            role: 'hub',
            ...(values.endpoint ? { endpoint: values.endpoint } : {}),
            ...(values.poolV4 ? { poolV4: values.poolV4 } : {}),
            ...(values.poolV6 ? { poolV6: values.poolV6 } : {}),
            ...(values.listenPort ? { listenPort: Number(values.listenPort) } : {}),
          })
          .catch((err: unknown) => {
            if (err instanceof ApiError) {
              setIssues(
                Object.fromEntries(err.issues.map((i) => [i.path, i.message])) as Partial<Record<Fields, string>>,
              );
            }
            throw err;
          }),
      `Created ${values.name}. Bring it up, then add sites.`,
    );
  }

  return (
    <form className="tunnel-form" onSubmit={(e) => void submit(e)} aria-labelledby="new-hub-heading">
      <h2 id="new-hub-heading">New hub interface</h2>
      <TextField label="Interface name" required maxLength={15} {...field('name')} />
      <TextField label="Address sites dial (host:port)" placeholder="hub.example.net:51820" {...field('endpoint')} />
      <TextField label="IPv4 range (optional)" placeholder="from settings" {...field('poolV4')} />
      <TextField label="IPv6 range (optional)" placeholder="from settings" {...field('poolV6')} />
      <TextField label="Port (optional)" inputMode="numeric" placeholder="51820" {...field('listenPort')} />
      <button type="submit" className="button" disabled={busy}>
        Create interface
      </button>
      <ActionMessages message={message} error={error} />
    </form>
  );
}
