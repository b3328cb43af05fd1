import { useEffect } from 'react';
import { can } from '../api/access.js';
import { LoadState } from '../components/LoadState.js';
import { SettingsHeader } from '../components/SettingsHeader.js';
import { ImportConfigForm } from '../components/tunnels/ImportConfigForm.js';
import { InterfacePanel } from '../components/tunnels/InterfacePanel.js';
import { NewHubForm } from '../components/tunnels/NewHubForm.js';
import { useSession, useSites, useTunnels } from '../state/app-state.js';

export function TunnelsSettingsPage() {
  const role = useSession((s) => s.user?.role);
  const { status, items, error, load, watch } = useTunnels();
  const mayRead = can(role, 'tunnels.list');

  useEffect(() => {
    if (!mayRead) return;
    void useTunnels.getState().load();
    void useSites.getState().load();
    return watch();
  }, [mayRead, watch]);

  if (!mayRead) {
    return (
      <>
        <SettingsHeader title="Tunnels" />
        <p>Tunnel state is shown to operators, technicians and admins.</p>
      </>
    );
  }

  return (
    <>
      <SettingsHeader title="Tunnels" />
      <p className="muted">
        WireGuard between this installation and its hub or sites. Each site reaches the hub only, unless an admin allows
        two sites to reach each other.
      </p>
      <LoadState
        status={status}
        error={error}
        loading="Loading tunnels…"
        isEmpty={items.length === 0}
        empty={<p>No tunnels yet.</p>}
        onRetry={() => void load()}
      >
        {items.map((iface) => (
          <InterfacePanel key={iface.id} iface={iface} />
        ))}
      </LoadState>
      {can(role, 'tunnels.importConfig') && <ImportConfigForm />}
      {can(role, 'tunnels.createInterface') && <NewHubForm />}
    </>
  );
}
