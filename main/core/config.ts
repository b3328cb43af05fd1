import { readFileSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigSchema, type Config } from './config-schema.js';

export { ConfigSchema, type Config, type ConfigInput } from './config-schema.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Outpost cannot start: invalid settings\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const CONFIG_FILE = 'config.json';

/** The per-user data folder of the platform, used when no data folder is configured. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Outpost');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Outpost');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'outpost');
}

function upperSnake(path: string[]): string {
  return path.map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('_');
}

/** Maps every leaf of the schema to its `OUTPOST_*` variable name. */
export function envNames(): Map<string, string[]> {
  const names = new Map<string, string[]>();
  const walk = (shape: Record<string, z.ZodType>, prefix: string[]) => {
    for (const [key, schema] of Object.entries(shape)) {
      const path = [...prefix, key];
      const inner = unwrapObject(schema);
      if (inner) walk(inner, path);
      else names.set(`OUTPOST_${upperSnake(path)}`, path);
    }
  };
  walk(ConfigSchema.shape as Record<string, z.ZodType>, []);
  return names;
}

function unwrapObject(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let current: z.ZodType = schema;
  // Defaults and prefaults wrap the object; look through them.
  for (let i = 0; i < 4; i++) {
    if (current instanceof z.ZodObject) return current.shape as Record<string, z.ZodType>;
    const def = (current as unknown as { def?: { innerType?: z.ZodType } }).def;
    if (!def?.innerType) return undefined;
    current = def.innerType;
  }
  return undefined;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

/** True when `path` (e.g. `['server', 'port']`) is set in the nested object `target`. */
function hasPath(target: Record<string, unknown>, path: readonly PropertyKey[]): boolean {
  let node: unknown = target;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return false;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return path.length > 0;
}

/** Where the setting at `path` came from; an item of a list (`files.allowRead.0`) came with its list. */
function sourceOf(sources: Map<string, string>, path: readonly PropertyKey[]): string | undefined {
  for (let end = path.length; end > 0; end--) {
    const found = sources.get(path.slice(0, end).map(String).join('.'));
    if (found) return found;
  }
  return undefined;
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof prev === 'object' &&
      prev !== null &&
      !Array.isArray(prev)
    ) {
      out[key] = merge(prev as Record<string, unknown>, value as Record<string, unknown>);
    } else if (value !== undefined) {
      out[key] = value;
    }
  }
  return out;
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Settings given on the command line; they win over everything else. */
  overrides?: Record<string, unknown>;
}

/**
 * Reads the settings and validates them all at once. Throws a ConfigError that lists every
 * invalid field (with where it came from) so a user fixes them in one go.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const overrides = options.overrides ?? {};
  const problems: string[] = [];

  const fromEnv: Record<string, unknown> = {};
  const sources = new Map<string, string>();
  for (const [name, path] of envNames()) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    setPath(fromEnv, path, raw);
    sources.set(path.join('.'), `environment variable ${name}`);
  }
  for (const name of Object.keys(env)) {
    if (name.startsWith('OUTPOST_') && !envNames().has(name)) {
      problems.push(`${name}: unknown setting (see the configuration reference in README.md)`);
    }
  }

  const dataDir = resolve(String(overrides.dataDir ?? fromEnv.dataDir ?? defaultDataDir(env)));
  let fromFile: Record<string, unknown> = {};
  const file = join(dataDir, CONFIG_FILE);
  if (existsSync(file)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        problems.push(`${file}: must hold a JSON object`);
      } else {
        fromFile = parsed as Record<string, unknown>;
      }
    } catch (err) {
      problems.push(`${file}: not valid JSON (${(err as Error).message})`);
    }
  }

  const merged = merge(merge(merge(fromFile, fromEnv), overrides), { dataDir });
  const result = ConfigSchema.safeParse(merged);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join('.');
      // An unknown key is reported on its parent object: name where the key itself came from.
      const at = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
      // Command-line values win over the environment, so they are named first when both are set.
      const from = hasPath(overrides, at) ? 'command line' : (sourceOf(sources, at) ?? file);
      problems.push(`${path || '(root)'}: ${issue.message} (from ${from})`);
    }
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data;
}
