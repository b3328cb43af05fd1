import type { SyncDocKind } from '../contract/index.js';

const KIND_NAMES: Record<SyncDocKind, string> = {
  source: 'Source',
  alertRule: 'Alert rule',
  integration: 'Status integration',
  sitemapDraft: 'Site map draft',
  user: 'User',
  release: 'Release',
  releasePointer: 'Published release',
  tunnel: 'Tunnel',
  alert: 'Alert',
};

/** Where each kind keeps the name a person knows it by (alert rules keep theirs inside the rule). */
const NAME_PATHS: Partial<Record<SyncDocKind, readonly string[]>> = {
  source: ['name'],
  alertRule: ['rule', 'name'],
  user: ['name'],
};

function nameIn(doc: unknown, path: readonly string[]): string | undefined {
  let node = doc;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'string' && node.trim() !== '' ? node.trim() : undefined;
}

/**
 * What a conflicting document is, in words ("Source “Gate cameras”", "Site map draft",
 * "Published release (production)"), for the person choosing between versions. When the name itself
 * is disputed, the name both sides last agreed on.
 */
export function conflictTitle(conflict: {
  kind: SyncDocKind;
  docId: string;
  fields: readonly string[];
  base: unknown;
  local: unknown;
  hub: unknown;
}): string {
  const kind = KIND_NAMES[conflict.kind];
  const path = NAME_PATHS[conflict.kind];
  if (!path) return conflict.kind === 'releasePointer' ? `${kind} (${conflict.docId})` : kind;
  const disputed = conflict.fields.includes(path.join('.'));
  const order = disputed
    ? [conflict.base, conflict.local, conflict.hub]
    : [conflict.local, conflict.hub, conflict.base];
  for (const version of order) {
    const name = nameIn(version, path);
    if (name) return `${kind} “${name}”`;
  }
  return `${kind} (no name)`;
}
