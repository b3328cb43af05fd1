import { createHash } from 'node:crypto';
import { OutpostError, RELEASE_MANIFEST_FORMAT, ReleaseManifestSchema } from '../contract/index.js';
import type { ReleaseAsset, ReleaseEnv, ReleaseManifest } from '../contract/index.js';
import { pickOverlay } from './overlay-model.js';
import type { Overlay } from './overlay-model.js';
import type { StatusMapping } from './status-mapping.js';
import { formatIssues } from './overlay-patch.js';

/**
 * A release's `release.json`: everything a viewer or wall board needs to draw one published
 * version of a site's map, and nothing else. It is served publicly, so it is built from an explicit
 * list of fields (never by spreading a draft or store row) and holds no tenant, email or draft data.
 * Its JSON is canonical (sorted keys, overlays by external id), so equal releases hash equally
 * and the hash can be the HTTP ETag.
 */

export {
  RELEASE_MANIFEST_FORMAT,
  ReleaseEnvSchema,
  ReleaseAssetSchema,
  ReleaseManifestSchema,
} from '../contract/index.js';
export type { ReleaseAsset, ReleaseEnv, ReleaseManifest } from '../contract/index.js';

export interface ReleaseInput {
  site: { id: string; slug: string; name: string };
  version: number;
  env: ReleaseEnv;
  overlays: readonly Overlay[];
  statusMapping: StatusMapping;
  assets: readonly ReleaseAsset[];
  publishedBy: string;
  publishedAt: number;
  note: string;
}

export interface BuiltRelease {
  manifest: ReleaseManifest;
  /** Canonical JSON: the exact bytes served as release.json. */
  json: string;
  /** SHA-256 (hex) of `json`. */
  sha256: string;
}

export function buildReleaseManifest(input: ReleaseInput): BuiltRelease {
  const candidate: ReleaseManifest = {
    format: RELEASE_MANIFEST_FORMAT,
    site: { id: input.site.id, slug: input.site.slug, name: input.site.name },
    version: input.version,
    env: input.env,
    overlays: input.overlays
      .map(pickOverlay)
      .sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0)),
    statusMapping: {
      rules: input.statusMapping.rules.map((r) => ({
        match: typeof r.match === 'string' ? r.match : { pattern: r.match.pattern },
        status: r.status,
      })),
      custom: input.statusMapping.custom.map((c) => ({ name: c.name, color: c.color, label: c.label })),
    },
    assets: input.assets
      .map((a) => ({ role: a.role, sha256: a.sha256, contentType: a.contentType, size: a.size }))
      .sort((a, b) => compareText(`${a.role}:${a.sha256}`, `${b.role}:${b.sha256}`)),
    publishedBy: input.publishedBy,
    publishedAt: input.publishedAt,
    note: input.note,
  };
  const checked = ReleaseManifestSchema.safeParse(candidate);
  if (!checked.success) {
    const reasons = formatIssues(checked.error.issues);
    throw new OutpostError(
      'invalid_input',
      `The draft cannot be published: ${reasons.slice(0, 3).join('; ')}${reasons.length > 3 ? ` (and ${reasons.length - 3} more)` : ''}. Fix it in the editor and publish again.`,
      {
        issues: checked.error.issues.map((issue, i) => ({
          path: issue.path.map(String).join('.'),
          message: reasons[i] ?? issue.message,
        })),
      },
    );
  }
  const json = canonicalJson(checked.data);
  return { manifest: checked.data, json, sha256: sha256Hex(json) };
}

/** A strong ETag for a release, from its SHA-256. */
export function releaseEtag(sha256: string): string {
  return `"${sha256}"`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * JSON with object keys sorted by code point at every level and no whitespace; array order is kept
 * (the builder sorts the arrays whose order carries no meaning; status rules keep theirs: first
 * match wins). `undefined` members are left out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('canonical JSON has no representation for NaN or Infinity');
    return JSON.stringify(value);
  }
  if (Array.isArray(value))
    return `[${value.map((v: unknown) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort(compareText);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
  }
  throw new Error(`canonical JSON cannot hold a ${typeof value}`);
}
