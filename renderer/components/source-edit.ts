import type { InputOf, RedactionSettings, Source, SourceKindName } from '../../main/contract/index.js';
import { CONFIG_FIELDS, toConfig, type ConfigField, type ConfigValues } from './source-kinds.js';

/** The contract's SECRET_MASK (redeclared: the renderer imports only types). */
export const SECRET_MASK = '********';

/** The contract's DEFAULT_REDACTION (redeclared: the renderer imports only types). */
export const DEFAULT_REDACTION_CHOICE: RedactionSettings = { personal: true, network: false };

/** What the edit form holds: the name, site, redaction and the kind's fields as the create form shows them. */
export interface SourceDraft {
  name: string;
  siteId: string;
  redaction: RedactionSettings;
  values: ConfigValues;
}

function fieldValue(field: ConfigField, value: unknown): string | boolean {
  if (field.type === 'checkbox') return typeof value === 'boolean' ? value : field.initial;
  if (value === undefined || value === null) return field.optional ? '' : field.initial;
  if (field.type === 'list' && Array.isArray(value)) return value.map(String).join(', ');
  if (field.type === 'number' && typeof value === 'number') return String(value / (field.scale ?? 1));
  // A masked secret stays the mask: left as it is, it means "unchanged".
  return String(value);
}

/** A saved config as the form's values: lists joined, milliseconds as seconds, secrets masked. */
export function configToValues(kind: SourceKindName, config: Record<string, unknown>): ConfigValues {
  return Object.fromEntries(CONFIG_FIELDS[kind].map((f) => [f.key, fieldValue(f, config[f.key])]));
}

export function draftOf(source: Source): SourceDraft {
  return {
    name: source.name,
    siteId: source.siteId,
    redaction: source.redaction,
    values: configToValues(source.kind, source.config),
  };
}

function configChanged(kind: SourceKindName, before: ConfigValues, after: ConfigValues): boolean {
  return CONFIG_FIELDS[kind].some((f) => before[f.key] !== after[f.key]);
}

/**
 * The `sources.update` input for an edited draft: only what changed. Nothing in the config
 * changed → no `config` (the stored one, secrets included, stays as it is). Otherwise the whole
 * config goes, because the server replaces it: keys the form does not show (mappings, limits)
 * are sent back as they arrived, and a secret still equal to the mask is sent as the mask, which
 * the server reads as "keep the stored secret" — leaving it out would erase it. A secret field
 * the user emptied is left out (no password any more).
 */
export function updatePayload(source: Source, draft: SourceDraft): InputOf<'sources.update'> {
  const payload: InputOf<'sources.update'> = { id: source.id };
  const name = draft.name.trim();
  if (name !== source.name) payload.name = name;
  if (draft.siteId && draft.siteId !== source.siteId) payload.siteId = draft.siteId;
  if (draft.redaction.personal !== source.redaction.personal || draft.redaction.network !== source.redaction.network) {
    payload.redaction = draft.redaction;
  }
  if (configChanged(source.kind, draftOf(source).values, draft.values)) {
    const edited = toConfig(source.kind, draft.values);
    const config: Record<string, unknown> = { ...source.config };
    for (const field of CONFIG_FIELDS[source.kind]) {
      if (Object.hasOwn(edited, field.key)) config[field.key] = edited[field.key];
      else delete config[field.key];
    }
    payload.config = config;
  }
  return payload;
}

/** True when saving would send nothing but the id. */
export function isUnchanged(payload: InputOf<'sources.update'>): boolean {
  return (
    payload.name === undefined &&
    payload.config === undefined &&
    payload.enabled === undefined &&
    payload.siteId === undefined &&
    payload.redaction === undefined
  );
}
