import type { ReleaseDiff, ReleaseSummary } from '../../../../main/contract/index.js';

/** "3 added, 1 removed, 2 changed; new base map or overlay layer": the diff's one-line summary. */
export function diffSummary(diff: ReleaseDiff): string {
  const counts = `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed`;
  const extra = [
    diff.assetsChanged ? 'the base map or overlay layer changed' : null,
    diff.statusMappingChanged ? 'the status mapping changed' : null,
  ].filter((x): x is string => x !== null);
  return extra.length > 0 ? `${counts}; ${extra.join('; ')}` : counts;
}

export function isEmptyDiff(diff: ReleaseDiff): boolean {
  return (
    diff.added.length === 0 &&
    diff.removed.length === 0 &&
    diff.changed.length === 0 &&
    !diff.assetsChanged &&
    !diff.statusMappingChanged
  );
}

/** "door-12: label, binding". */
export function changedLine(change: ReleaseDiff['changed'][number]): string {
  return `${change.externalId}: ${change.fields.join(', ')}`;
}

/**
 * The natural pair for "Compare with…": the older version first, so additions read as additions.
 */
export function comparePair(a: number, b: number): { from: number; to: number } {
  return a <= b ? { from: a, to: b } : { from: b, to: a };
}

/** Versions the one at hand can be compared with: every other one, newest first. */
export function compareChoices(releases: readonly ReleaseSummary[], version: number): number[] {
  return releases
    .map((r) => r.version)
    .filter((v) => v !== version)
    .sort((x, y) => y - x);
}

/** The current release of each environment, for the public addresses. */
export function currentByEnv(
  releases: readonly ReleaseSummary[],
): Partial<Record<ReleaseSummary['env'], ReleaseSummary>> {
  const current: Partial<Record<ReleaseSummary['env'], ReleaseSummary>> = {};
  for (const r of releases) if (r.current) current[r.env] = r;
  return current;
}

export const ENV_LABELS: Record<ReleaseSummary['env'], string> = { staging: 'Staging', production: 'Production' };
