import { useId, useState, type FormEvent } from 'react';
import type { TunnelInterface } from '../../../main/contract/index.js';
import { ApiError } from '../../api/api-error.js';
import { api, useSites } from '../../state/app-state.js';
import { TextField } from '../TextField.js';
import { expiryFromDateInput } from './tunnel-format.js';
import { ActionMessages, useTunnelAction } from './use-tunnel-action.js';

/** Adds a site to a hub: the hub makes its keys and picks its address. */
export function AddPeerForm({ iface }: { iface: TunnelInterface }) {
  const sites = useSites((s) => s.sites);
  const [name, setName] = useState('');
  const [siteId, setSiteId] = useState('');
  const [expires, setExpires] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const { run, message, error, busy } = useTunnelAction();
  const siteField = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFieldError(null);
    const expiresAt = expiryFromDateInput(expires);
    const ok = await run(
      () =>
        api
          .call('tunnels.addPeer', {
            interfaceId: iface.id,
            name,
            ...(siteId ? { siteId } : {}),
            ...(expiresAt === null ? {} : { expiresAt }),
          })
          .catch((err: unknown) => {
            if (err instanceof ApiError) setFieldError(err.issues.find((i) => i.path === 'name')?.message ?? null);
            throw err;
          }),
      `Added ${name}. Open its Config to hand the site its file, QR code or link.`,
    );
    if (ok) setName('');
  }

  return (
    <form className="tunnel-form" onSubmit={(e) => void submit(e)} aria-label={`Add a site to ${iface.name}`}>
      <h3>Add a site</h3>
      <TextField
        label="Name"
        value={name}
        required
        maxLength={120}
        onChange={(e) => setName(e.target.value)}
        error={fieldError}
      />
      {sites.length > 0 && (
        <div className="field">
          <label htmlFor={siteField}>Site (for its alerts)</label>
          <select id={siteField} value={siteId} onChange={(e) => setSiteId(e.target.value)}>
            <option value="">None</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <TextField
        label="Expires on (optional)"
        type="date"
        value={expires}
        onChange={(e) => setExpires(e.target.value)}
        hint="After this day the site is cut off until an admin sets a new date."
      />
      <button type="submit" className="button" disabled={busy}>
        Add site
      </button>
      <ActionMessages message={message} error={error} />
    </form>
  );
}
