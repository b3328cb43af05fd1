import type { PeerHealth } from '../../../main/contract/index.js';
import { handshakeAge, STATE_LABELS } from './tunnel-format.js';

/** Up / stale / down in colour and words, with the handshake age. */
export function PeerStateBadge({ health, now }: { health: PeerHealth; now: number }) {
  const { label, tone } = STATE_LABELS[health.state];
  return (
    <>
      <span className={`severity severity-${tone}`}>{label}</span>{' '}
      <span className="muted">handshake {handshakeAge(health, now)}</span>
    </>
  );
}
