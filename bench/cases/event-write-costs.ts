import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase, type Database } from '../../native/sqlite/index.js';
import { databasePath, openStore } from '../../main/store/index.js';
import { createLoghubMix, type LoghubMixLine } from '../lib/loghub-mix.js';
import type { BenchCase, Figure } from '../lib/types.js';

const BATCH = 2_000;
/** The time indexes of `events` (migration 011), each needed by one lead of the event list (query-plans.test.ts). */
const TIME_INDEXES = ['events_tenant_time', 'events_site_time', 'events_group_time', 'events_device_time'];
/** Distinct groups the rows spread over: about what a batch of the LogHub mix touches. */
const GROUPS = 400;

interface Costs {
  insert: number;
  fts: number;
  commit: number;
}

const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/**
 * Writes `lines` into a fresh database of the current schema as the batch writer does (main/store/
 * event-batch.ts: its INSERT, row by row, then the batch's FTS5 statement, then COMMIT), without the
 * indexes named in `drop`. Returns CPU µs per event of each part.
 */
async function writeCosts(lines: readonly LoghubMixLine[], drop: readonly string[]): Promise<Costs> {
  const dataDir = await mkdtemp(join(tmpdir(), 'outpost-bench-writes-'));
  let db: Database | undefined;
  try {
    (await openStore({ dataDir, migrate: 'auto' })).close();
    db = openDatabase(databasePath(dataDir));
    // As the store tunes its connection (sqlite-store.ts).
    db.pragma('wal_autocheckpoint = 10000');
    db.pragma('cache_size = -32000');
    for (const index of drop) db.exec(`DROP INDEX ${index}`);
    const insert = db.prepare(
      `INSERT INTO events (id, tenant_id, site_id, source_id, external_id, template_seq, group_seq, time, received_at,
         severity, kind, device, label, message, category, attributes, media, redactions)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const indexText = db.prepare(
      `INSERT INTO events_fts (rowid, message, device, label)
       SELECT seq, message, device, label FROM events WHERE seq BETWEEN ? AND ?`,
    );
    const begin = db.prepare('BEGIN');
    const commit = db.prepare('COMMIT');
    // Ids of the ULID's length that sort in creation order, as the store's ids do (main/store/ids.ts).
    const idOf = (n: number) => `01J${String(n).padStart(23, '0')}`;
    const tenant = idOf(0);
    const site = idOf(1);
    const costs: Costs = { insert: 0, fts: 0, commit: 0 };
    const now = Date.now();
    for (let from = 0; from < lines.length; from += BATCH) {
      begin.run();
      let at = cpuMs();
      let first = 0;
      let last = 0;
      for (let i = from; i < Math.min(from + BATCH, lines.length); i++) {
        const line = lines[i]!;
        const group = (i * 7919) % GROUPS;
        const seq = Number(
          insert.run(
            idOf(i + 2),
            tenant,
            site,
            'bench',
            null,
            group,
            group,
            now + i,
            now + i,
            1,
            'log',
            line.device,
            null,
            line.message,
            null,
            '{}',
            '[]',
            null,
          ).lastInsertRowid,
        );
        if (first === 0) first = seq;
        last = seq;
      }
      costs.insert += cpuMs() - at;
      at = cpuMs();
      indexText.run(first, last);
      costs.fts += cpuMs() - at;
      at = cpuMs();
      commit.run();
      costs.commit += cpuMs() - at;
    }
    const perEvent = 1000 / lines.length;
    return { insert: costs.insert * perEvent, fts: costs.fts * perEvent, commit: costs.commit * perEvent };
  } finally {
    db?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

const benchCase: BenchCase = {
  name: 'event-write-costs',
  description:
    'What storing one event costs SQLite, by part: the events INSERT (the row, its unique id and its time ' +
    'indexes), the batch FTS5 statement and the COMMIT, as main/store/event-batch.ts runs them in batches of ' +
    `${BATCH.toLocaleString('en')}; then the INSERT again without each time index, one at a time, to price each. ` +
    'Input: LogHub mix lines (bench/lib/loghub-mix), spread over 400 groups. CPU µs per event (process.cpuUsage).',
  async run(ctx) {
    const loghub = createLoghubMix(resolve(ctx.root, '../shared/datasets/loghub-2k'));
    const total = ctx.quick ? 20_000 : 100_000;
    const lines = Array.from({ length: total }, loghub.next);
    // Variants alternate, twice, and the cheaper run of each counts: the machine is shared.
    const variants: string[][] = [[], ...TIME_INDEXES.map((index) => [index])];
    const best = new Map<number, Costs>();
    for (let pass = 0; pass < 2; pass++) {
      for (const [i, drop] of variants.entries()) {
        const costs = await writeCosts(lines, drop);
        const seen = best.get(i);
        if (!seen || costs.insert + costs.commit < seen.insert + seen.commit) best.set(i, costs);
      }
    }
    const shipped = best.get(0)!;
    ctx.note(
      `${total.toLocaleString('en')} events per variant into a fresh database of the current schema; each variant ` +
        'run twice, alternating, the cheaper run kept. An index is priced as the INSERT and COMMIT CPU it adds.',
    );
    const figures: Figure[] = [
      { name: 'events INSERT per event, as shipped', unit: 'µs', value: round(shipped.insert) },
      { name: 'FTS5 batch statement per event', unit: 'µs', value: round(shipped.fts) },
      { name: 'COMMIT per event', unit: 'µs', value: round(shipped.commit) },
      {
        name: 'storing one event, all three',
        unit: 'µs',
        value: round(shipped.insert + shipped.fts + shipped.commit),
      },
    ];
    TIME_INDEXES.forEach((index, i) => {
      const without = best.get(i + 1)!;
      figures.push({
        name: `${index}: its share of INSERT + COMMIT per event`,
        unit: 'µs',
        value: round(shipped.insert + shipped.commit - without.insert - without.commit),
      });
    });
    return figures;
  },
};

export default benchCase;
