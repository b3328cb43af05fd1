import { EVENT_SEVERITIES, type EventSeverity } from '../contract/index.js';

/** Severities are stored as ranks so "at least" and "max seen" are plain integer comparisons. */
export function severityRank(severity: EventSeverity): number {
  return EVENT_SEVERITIES.indexOf(severity);
}

export function severityOfRank(rank: number): EventSeverity {
  return EVENT_SEVERITIES[rank] ?? 'info';
}
