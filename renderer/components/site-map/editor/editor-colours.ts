import type { LegendEntry, Overlay } from '../../../../main/contract/index.js';

/**
 * While editing, the question is usually "what is still unbound?", not "what is in alarm?": the
 * editor can colour overlays by binding with a legend of its own, drawn by the same MapCanvas.
 */
export const BINDING_LEGEND: readonly LegendEntry[] = [
  { status: 'bound', label: 'Bound', color: '#1e88e5', text: '#ffffff' },
  { status: 'unbound', label: 'Not bound', color: '#f9a825', text: '#000000' },
  // MapCanvas falls back to `unknown` for names it does not find.
  { status: 'unknown', label: 'Unknown', color: '#9e9e9e', text: '#000000' },
];

export function statusByBinding(overlays: readonly Overlay[]): Map<string, string> {
  return new Map(overlays.map((o) => [o.externalId, o.binding === null ? 'unbound' : 'bound']));
}
