import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../native/sqlite/index.js';
import { openStore } from './open-store.js';
import { databasePath } from './store-paths.js';

/** Where the generated schema document is kept (committed; a test fails when it is stale). */
export const SCHEMA_DOC = new URL('./SCHEMA.md', import.meta.url);

interface TableInfo {
  name: string;
  type: 'table' | 'virtual' | 'shadow' | 'view';
}
interface Column {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}
interface ForeignKey {
  id: number;
  table: string;
  from: string;
  to: string | null;
  on_delete: string;
}
interface SchemaEntry {
  name: string;
  tbl_name: string;
  sql: string | null;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
const code = (text: string) => `\`${cell(text)}\``;

/**
 * The schema of a database as Markdown: every table (virtual tables with their definition; the
 * shadow tables SQLite keeps for them are left out), its columns, foreign keys, indexes and triggers,
 * in name order so that only schema changes change the text.
 */
export function schemaMarkdown(db: Database, title: string): string {
  const tables = (db.prepare('PRAGMA table_list').all() as (TableInfo & { schema: string })[])
    .filter((t) => t.schema === 'main' && !t.name.startsWith('sqlite_') && t.type !== 'shadow')
    .sort((a, b) => a.name.localeCompare(b.name));
  const entries = (type: 'index' | 'trigger') =>
    db.prepare('SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = ? ORDER BY name').all(type) as SchemaEntry[];
  const indexes = entries('index');
  const triggers = entries('trigger');
  const lines = [
    `# ${title}`,
    '',
    'Generated from a freshly migrated database by `npm run schema:doc`; do not edit by hand. A test fails',
    'when this file and the migrations disagree.',
    '',
  ];
  for (const table of tables) {
    const virtualSql = table.type === 'virtual' ? schemaSql(db, table.name) : null;
    lines.push(`## ${table.name}${table.type === 'virtual' ? ' (virtual)' : ''}`, '');
    if (virtualSql) lines.push(code(virtualSql), '');
    const columns = db.prepare(`PRAGMA table_xinfo("${table.name}")`).all() as Column[];
    const visible = columns.filter((c) => c.hidden === 0);
    if (visible.length > 0) {
      lines.push('| column | type | not null | default | primary key |', '| --- | --- | --- | --- | --- |');
      for (const c of visible) {
        lines.push(
          `| ${c.name} | ${c.type || '—'} | ${c.notnull ? 'yes' : ''} | ${c.dflt_value === null ? '' : code(c.dflt_value)} | ${c.pk ? String(c.pk) : ''} |`,
        );
      }
      lines.push('');
    }
    const keys = db.prepare(`PRAGMA foreign_key_list("${table.name}")`).all() as ForeignKey[];
    if (keys.length > 0) {
      lines.push('Foreign keys:', '');
      // A key of several columns is several rows with one id.
      for (const id of [...new Set(keys.map((k) => k.id))].sort((a, b) => a - b)) {
        const parts = keys.filter((k) => k.id === id);
        const first = parts[0]!;
        const from = parts.map((k) => k.from).join(', ');
        const to = parts.map((k) => k.to ?? 'rowid').join(', ');
        const onDelete = first.on_delete === 'NO ACTION' ? '' : `, on delete ${first.on_delete.toLowerCase()}`;
        lines.push(`- (${from}) → ${first.table}(${to})${onDelete}`);
      }
      lines.push('');
    }
    const own = indexes.filter((i) => i.tbl_name === table.name);
    if (own.length > 0) {
      lines.push('Indexes:', '');
      for (const i of own)
        lines.push(`- ${i.name}: ${i.sql ? code(i.sql) : '(implicit, from a UNIQUE or PRIMARY KEY constraint)'}`);
      lines.push('');
    }
    const fired = triggers.filter((t) => t.tbl_name === table.name);
    if (fired.length > 0) {
      lines.push('Triggers:', '');
      for (const t of fired) lines.push(`- ${t.name}: ${code(t.sql ?? '')}`);
      lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function schemaSql(db: Database, name: string): string | null {
  return (db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').pluck().get(name) as string | null) ?? null;
}

/** The schema document of a database migrated from nothing, in a temp folder removed afterwards. */
export async function freshSchemaMarkdown(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-schema-'));
  try {
    (await openStore({ dataDir, migrate: 'auto' })).close();
    const db = openDatabase(databasePath(dataDir), { readonly: true });
    try {
      return schemaMarkdown(db, 'Outpost database schema');
    } finally {
      db.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
