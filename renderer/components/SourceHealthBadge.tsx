import type { SourceHealthInfo } from '../../main/contract/index.js';

const HEALTH: Record<SourceHealthInfo['state'], { label: string; tone: string }> = {
  ok: { label: 'OK', tone: 'ok' },
  degraded: { label: 'Degraded', tone: 'warn' },
  down: { label: 'Down', tone: 'high' },
  stopped: { label: 'Stopped', tone: 'low' },
};

/** Health in colour and in words. */
export function SourceHealthBadge({ state }: { state: SourceHealthInfo['state'] }) {
  const { label, tone } = HEALTH[state];
  return <span className={`severity severity-${tone}`}>{label}</span>;
}
