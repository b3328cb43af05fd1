import type { SourceKindName } from '../../main/contract/index.js';

/** Same list as the contract's SOURCE_KINDS (redeclared: the renderer imports only types). */
export const SOURCE_KINDS = [
  'webhook',
  'mqtt',
  'folder',
  'logfile',
  'syslog',
  'postgres',
] as const satisfies readonly SourceKindName[];

export const KIND_LABELS: Record<SourceKindName, string> = {
  webhook: 'Webhook (HTTP)',
  mqtt: 'MQTT (Frigate, devices)',
  folder: 'Drop folder',
  logfile: 'Log file',
  syslog: 'Syslog',
  postgres: 'PostgreSQL table',
};

export type ConfigFieldType = 'text' | 'password' | 'number' | 'checkbox' | 'select' | 'list' | 'multiline';

export interface ConfigField {
  /** The key in the source's `config`, and the last part of an error path (`config.url`). */
  key: string;
  label: string;
  type: ConfigFieldType;
  options?: readonly string[];
  hint?: string;
  initial: string | boolean;
  /** The form shows seconds where the config holds milliseconds. */
  scale?: number;
  /** Left out of the config when empty, so the server's default applies. */
  optional?: boolean;
}

export const CONFIG_FIELDS: Record<SourceKindName, readonly ConfigField[]> = {
  webhook: [],
  mqtt: [
    {
      key: 'url',
      label: 'Broker URL',
      type: 'text',
      initial: 'mqtt://localhost:1883',
      hint: 'mqtt://, mqtts://, ws:// or wss://',
    },
    { key: 'username', label: 'Username', type: 'text', initial: '', optional: true },
    { key: 'password', label: 'Password', type: 'password', initial: '', optional: true },
    {
      key: 'topics',
      label: 'Topics',
      type: 'list',
      initial: 'frigate/events',
      hint: 'Comma-separated; MQTT wildcards + and # are allowed.',
    },
    {
      key: 'frigate',
      label: "Frigate events (read Frigate's new/update/end messages)",
      type: 'checkbox',
      initial: true,
    },
  ],
  folder: [
    { key: 'path', label: 'Folder', type: 'text', initial: '', hint: 'An absolute path on the Outpost machine.' },
    {
      key: 'extensions',
      label: 'File extensions',
      type: 'list',
      initial: 'jpg, jpeg, png, mp4',
      hint: 'Comma-separated.',
    },
  ],
  logfile: [
    { key: 'path', label: 'Log file', type: 'text', initial: '', hint: 'An absolute path; rotation is followed.' },
    { key: 'fromStart', label: 'Read the existing content from the start', type: 'checkbox', initial: false },
  ],
  syslog: [
    { key: 'protocol', label: 'Protocol', type: 'select', options: ['udp', 'tcp'], initial: 'udp' },
    { key: 'host', label: 'Listen address', type: 'text', initial: '0.0.0.0' },
    { key: 'port', label: 'Port', type: 'number', initial: '5514' },
  ],
  postgres: [
    {
      key: 'connectionString',
      label: 'Connection string',
      type: 'password',
      initial: '',
      hint: 'postgres://user:password@host:5432/database',
    },
    {
      key: 'query',
      label: 'Query',
      type: 'multiline',
      initial: '',
      hint: 'Must select the cursor and message columns.',
    },
    { key: 'cursorColumn', label: 'Cursor column', type: 'text', initial: 'id' },
    { key: 'cursorType', label: 'Cursor type', type: 'select', options: ['id', 'timestamp'], initial: 'id' },
    { key: 'messageColumn', label: 'Message column', type: 'text', initial: 'message' },
    { key: 'severityColumn', label: 'Severity column', type: 'text', initial: '', optional: true },
    { key: 'pollIntervalMs', label: 'Poll interval (seconds)', type: 'number', initial: '30', scale: 1000 },
    { key: 'rowBudget', label: 'Rows per poll', type: 'number', initial: '500' },
  ],
};

export type ConfigValues = Record<string, string | boolean>;

export function initialConfigValues(kind: SourceKindName): ConfigValues {
  return Object.fromEntries(CONFIG_FIELDS[kind].map((f) => [f.key, f.initial]));
}

/**
 * The form's values as the `config` payload of `sources.create`/`sources.test`. A number that does
 * not parse is sent as typed, so the server's validation names the field instead of the form guessing.
 */
export function toConfig(kind: SourceKindName, values: ConfigValues): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of CONFIG_FIELDS[kind]) {
    const raw = values[field.key] ?? field.initial;
    if (field.type === 'checkbox') {
      config[field.key] = raw === true;
      continue;
    }
    const text = typeof raw === 'string' ? (field.type === 'password' ? raw : raw.trim()) : '';
    if (text === '' && field.optional) continue;
    if (field.type === 'list') {
      config[field.key] = text
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter(Boolean);
    } else if (field.type === 'number') {
      const n = Number(text);
      config[field.key] = text !== '' && Number.isFinite(n) ? n * (field.scale ?? 1) : text;
    } else {
      config[field.key] = text;
    }
  }
  return config;
}

/**
 * Which form field an `invalid_input` path names: `config.url` → `url`, `config.topics.0` →
 * `topics`, `name` → `name`. Null when the form has no such field (the message goes above the form).
 */
export function fieldForPath(kind: SourceKindName, path: string): string | null {
  const [head, key] = path.split('.');
  if (head === 'name' || head === 'kind') return head;
  if (head !== 'config' || !key) return null;
  return CONFIG_FIELDS[kind].some((f) => f.key === key) ? key : null;
}
