import { OutpostError, issuesFromZod } from '../../contract/index.js';
import { SOURCE_ADAPTERS } from './adapters.js';
import { SOURCE_KINDS, type SourceAdapter, type SourceKind } from './source-types.js';

export type AdapterTable = Partial<Record<SourceKind, SourceAdapter<unknown>>>;

/** The adapter for `kind`, or invalid_input naming `kind` (unknown, or not available in this build). */
export function adapterFor(
  kind: string,
  adapters: AdapterTable = SOURCE_ADAPTERS as AdapterTable,
): SourceAdapter<unknown> {
  const adapter = (SOURCE_KINDS as readonly string[]).includes(kind) ? adapters[kind as SourceKind] : undefined;
  if (!adapter) {
    const known = Object.keys(adapters).join(', ');
    throw new OutpostError('invalid_input', `Unknown source kind "${kind}". Choose one of: ${known}.`, {
      issues: [{ path: 'kind', message: `must be one of: ${known}` }],
    });
  }
  return adapter;
}

/**
 * Validates a source's config with its adapter's schema (defaults filled in). Throws
 * invalid_input whose issue paths start with `config.`, as the user's form names them.
 */
export function parseSourceConfig(kind: string, config: unknown, adapters?: AdapterTable): unknown {
  const adapter = adapterFor(kind, adapters);
  const result = adapter.configSchema.safeParse(config ?? {});
  if (result.success) return result.data;
  const issues = issuesFromZod(result.error).map((issue) => ({
    path: issue.path ? `config.${issue.path}` : 'config',
    message: issue.message,
  }));
  const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new OutpostError('invalid_input', `Invalid ${kind} source config: ${list}`, { issues });
}
