import type { TunnelInterface } from '../../../main/contract/index.js';
import { can } from '../../api/access.js';
import { api, useSession } from '../../state/app-state.js';
import { ConfirmAction } from '../site-map/ConfirmAction.js';
import { hubRotationProgress } from './tunnel-format.js';
import { ActionMessages, useTunnelAction } from './use-tunnel-action.js';

/**
 * A hub's own key: the rotation in progress (which peers have moved to the new key) and, for
 * admins, Rotate hub key / Finish rotation, each behind a confirmation that says who is affected.
 */
export function HubKeyRotation({ iface }: { iface: TunnelInterface }) {
  const role = useSession((s) => s.user?.role);
  const { run, message, error, busy } = useTunnelAction();
  const rotation = iface.hubRotation;
  const progress = hubRotationProgress(iface);
  const mayRotate = can(role, 'tunnels.rotateHubKey');
  return (
    <div className="tunnel-hub-key">
      {rotation && (
        <p>
          Hub key rotation in progress since {new Date(rotation.since).toLocaleString()}:{' '}
          <strong>
            {progress.moved.length} of {progress.total} peers
          </strong>{' '}
          on the new key (port {rotation.listenPort ?? 'unchanged'}
          {rotation.endpoint ? `, sites dial ${rotation.endpoint}` : ''}).
          {progress.waiting.length > 0 && ` Still on the old key: ${progress.waiting.join(', ')}.`}
          {!rotation.running && ' The new key’s interface is not up (see the error).'}
        </p>
      )}
      {mayRotate && !rotation && (
        <ConfirmAction
          label="Rotate hub key"
          question={
            `Give ${iface.name} a new key? It runs beside the old one on its own port, so nobody is cut: ` +
            'synced sites get their new file in their next pull, and each moves when it shakes hands on the new key. ' +
            'Peers added by hand keep the old key until they import their new file (Config) or you finish the rotation. ' +
            'Sites must be able to reach the new port.'
          }
          confirmLabel="Rotate hub key"
          busy={busy}
          onConfirm={() =>
            run(
              () => api.call('tunnels.rotateHubKey', { interfaceId: iface.id }),
              `New hub key made for ${iface.name}; sites move to it as they take their new file.`,
            ).then(() => undefined)
          }
        />
      )}
      {mayRotate && rotation && (
        <ConfirmAction
          label="Finish rotation"
          question={
            progress.waiting.length > 0
              ? `Retire the old key of ${iface.name} now? ${progress.waiting.join(', ')} ` +
                `${progress.waiting.length === 1 ? 'has' : 'have'} not moved and will be cut until given the new file.`
              : `Retire the old key of ${iface.name} now? Every peer is on the new key.`
          }
          confirmLabel="Finish rotation"
          danger={progress.waiting.length > 0}
          busy={busy}
          onConfirm={() =>
            run(
              () => api.call('tunnels.finishHubRotation', { interfaceId: iface.id }),
              `The old key of ${iface.name} is retired.`,
            ).then(() => undefined)
          }
        />
      )}
      <ActionMessages message={message} error={error} />
    </div>
  );
}
