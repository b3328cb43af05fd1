import type { AlertSeverity, EventSeverity } from '../../main/contract/index.js';
import { severityLabel, severityTone } from './severity.js';

/** Colour and the word: the word carries the meaning for readers who cannot tell the colours apart. */
export function SeverityBadge({ severity }: { severity: EventSeverity | AlertSeverity }) {
  return <span className={`severity severity-${severityTone(severity)}`}>{severityLabel(severity)}</span>;
}
