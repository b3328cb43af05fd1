import type { AlertSeverity, EventSeverity } from '../../main/contract/index.js';

/** Lowest first, as the contract orders them (redeclared: the renderer imports only types). */
export const EVENT_SEVERITIES = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
] as const satisfies readonly EventSeverity[];

const LABELS: Record<EventSeverity, string> = {
  debug: 'Debug',
  info: 'Info',
  notice: 'Notice',
  warning: 'Warning',
  error: 'Error',
  critical: 'Critical',
};

/** The word shown beside the colour, so severity never depends on colour alone. */
export function severityLabel(severity: EventSeverity | AlertSeverity): string {
  return LABELS[severity];
}

/** Colour tone for the CSS: several severities share one, the label tells them apart. */
export function severityTone(severity: EventSeverity | AlertSeverity): 'low' | 'info' | 'warn' | 'high' {
  switch (severity) {
    case 'debug':
      return 'low';
    case 'info':
    case 'notice':
      return 'info';
    case 'warning':
      return 'warn';
    default:
      return 'high';
  }
}

export function isEventSeverity(value: string | null | undefined): value is EventSeverity {
  return (EVENT_SEVERITIES as readonly string[]).includes(value ?? '');
}
