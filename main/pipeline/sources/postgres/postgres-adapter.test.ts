import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OutpostError } from '../../../contract/index.js';
import { missingPackageMessage } from '../../../../scripts/require-system-package.js';
import { createSourceSupervisor, parseSourceConfig, type SourceSupervisor } from '../index.js';
import {
  createMemoryBlobs,
  createMemoryCheckpoints,
  createMemoryLogger,
  createMemorySink,
  waitFor,
  type MemorySink,
} from '../testing/in-memory.js';
import { freeLoopbackPort } from '../testing/loopback.js';
import { postgresAdapter } from './postgres-adapter.js';

const BIN = '/usr/lib/postgresql/15/bin';
const scope = { tenantId: 't1', siteId: 's1' };

/** A throwaway cluster owned by this test file: PostgreSQL refuses to run as root, so as `postgres`. */
let dir: string;
let server: ChildProcess | undefined;
let port: number;
let admin: pg.Client;

function postmasterPid(): number | undefined {
  const file = join(dir, 'data', 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  if (!existsSync(join(BIN, 'postgres'))) throw new Error(missingPackageMessage(`${BIN}/postgres`, 'postgresql'));
  dir = mkdtempSync(join(tmpdir(), 'outpost-pg-'));
  spawnSync('chown', ['postgres:postgres', dir]);
  const init = spawnSync(
    'runuser',
    ['-u', 'postgres', '--', `${BIN}/initdb`, '-D', `${dir}/data`, '-A', 'trust', '-U', 'postgres'],
    { encoding: 'utf8' },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  port = await freeLoopbackPort();
  server = spawn(
    'runuser',
    ['-u', 'postgres', '--', `${BIN}/postgres`, '-D', `${dir}/data`, '-k', dir, '-h', '127.0.0.1', '-p', String(port)],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 30_000;
  for (;;) {
    admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    try {
      await admin.connect();
      break;
    } catch (err) {
      await admin.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not start: ${String(err)}`, { cause: err });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await admin.query(`
    CREATE TABLE errors (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL, message text, level text, host text);
    CREATE ROLE reader LOGIN PASSWORD 's3cret-pw';
    GRANT SELECT ON errors TO reader;
  `);
});

afterAll(async () => {
  await admin?.end().catch(() => undefined);
  // SIGINT to the postmaster itself (runuser's child) = fast shutdown; then wait until it is gone.
  const pid = dir ? postmasterPid() : undefined;
  if (pid) {
    process.kill(pid, 'SIGINT');
    await waitFor(() => !alive(pid), 'PostgreSQL to shut down', 30_000);
  }
  if (server?.pid && server.exitCode === null && server.signalCode === null) server.kill('SIGINT');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let supervisor: SourceSupervisor | undefined;
afterEach(async () => {
  await supervisor?.stopAll();
  supervisor = undefined;
  await admin.query('TRUNCATE errors RESTART IDENTITY');
});

const baseConfig = () => ({
  host: '127.0.0.1',
  port,
  user: 'reader',
  password: 's3cret-pw',
  database: 'postgres',
  query: 'SELECT id, created_at, message, level, host FROM errors WHERE id > $1 ORDER BY id LIMIT $2',
  cursorColumn: 'id',
  messageColumn: 'message',
  severityColumn: 'level',
  deviceColumn: 'host',
  timeColumn: 'created_at',
  pollIntervalMs: 100,
});

async function insert(count: number, from = 0): Promise<void> {
  for (let i = from; i < from + count; i++) {
    await admin.query(
      `INSERT INTO errors (created_at, message, level, host) VALUES ('2026-11-23T12:00:00Z'::timestamptz + $1 * interval '1.000001 second', $2, $3, 'db-1')`,
      [i, `failure ${i}`, i % 2 ? 'ERROR' : 'warn'],
    );
  }
}

function make(sink: MemorySink, checkpoints = createMemoryCheckpoints(), budgetPerCycle = 1000) {
  supervisor = createSourceSupervisor({
    sink,
    blobs: createMemoryBlobs(),
    checkpointsFor: checkpoints.for,
    logger: createMemoryLogger(),
    budgetPerCycle,
    resilience: { initialBackoffMs: 20, maxBackoffMs: 200, breakerThreshold: 3, breakerCooldownMs: 200 },
  });
  return supervisor;
}

describe('PostgreSQL source', () => {
  it('polls rows in cursor order within the budget and resumes from the checkpoint without duplicates', async () => {
    await insert(25);
    const sink = createMemorySink();
    const checkpoints = createMemoryCheckpoints();
    const sup = make(sink, checkpoints, 10);
    await sup.start({ id: 'pg', kind: 'postgres', name: 'errors', config: { ...baseConfig(), rowBudget: 500 }, scope });
    await waitFor(() => sink.of('pg').length === 25, 'all 25 rows');
    expect(sink.batches).toBe(3); // 10 + 10 + 5: the supervisor's budget bounds each poll
    expect(sink.of('pg').map((e) => e.message)).toEqual(Array.from({ length: 25 }, (_, i) => `failure ${i}`));
    expect(sink.of('pg')[1]).toMatchObject({
      externalId: '2',
      severity: 'error',
      device: 'db-1',
      kind: 'error',
      time: Date.parse('2026-11-23T12:00:01.000Z'),
      attributes: { id: '2' },
    });
    expect(sink.of('pg')[0]?.severity).toBe('warning');
    expect(checkpoints.saved.get('pg')).toBe('25');
    await sup.stop('pg');

    await insert(5, 25);
    const again = createMemorySink();
    const sup2 = make(again, checkpoints);
    await sup2.start({ id: 'pg', kind: 'postgres', name: 'errors', config: baseConfig(), scope });
    await waitFor(() => again.of('pg').length === 5, 'the 5 new rows after the restart');
    expect(again.of('pg').map((e) => e.message)).toEqual([
      'failure 25',
      'failure 26',
      'failure 27',
      'failure 28',
      'failure 29',
    ]);
    expect(sup2.health('pg')).toMatchObject({ state: 'ok', accepted: 5 });
  });

  it('follows a timestamp cursor with its microseconds, without reading a row twice', async () => {
    await insert(4);
    const sink = createMemorySink();
    const checkpoints = createMemoryCheckpoints();
    const sup = make(sink, checkpoints);
    const config = {
      ...baseConfig(),
      query: 'SELECT created_at, message FROM errors WHERE created_at > $1 ORDER BY created_at LIMIT $2',
      cursorColumn: 'created_at',
      cursorType: 'timestamp',
      severityColumn: undefined,
      deviceColumn: undefined,
      rowBudget: 3,
    };
    await sup.start({ id: 'ts', kind: 'postgres', name: 'ts', config, scope });
    await waitFor(() => sink.of('ts').length === 4, 'four rows');
    expect(checkpoints.saved.get('ts')).toMatch(/12:00:03\.000003/);
    await insert(1, 4);
    await waitFor(() => sink.of('ts').length === 5, 'the fifth row');
    // A restart resumes from the microsecond cursor: its first poll finds nothing new.
    const polledAt = checkpoints.saved.get('ts');
    await sup.restart({ id: 'ts', kind: 'postgres', name: 'ts', config, scope });
    expect(checkpoints.saved.get('ts')).toBe(polledAt);
    expect(sink.of('ts').map((e) => e.message)).toEqual([
      'failure 0',
      'failure 1',
      'failure 2',
      'failure 3',
      'failure 4',
    ]);
  });

  it('a failing query gives a clear lastError and backs off while another source keeps flowing', async () => {
    await insert(3);
    const sink = createMemorySink();
    const sup = make(sink);
    const broken = { ...baseConfig(), query: 'SELECT id, message FROM missing_table WHERE id > $1 LIMIT $2' };
    await sup.start({ id: 'broken', kind: 'postgres', name: 'broken', config: broken, scope });
    await sup.start({ id: 'good', kind: 'postgres', name: 'good', config: baseConfig(), scope });
    expect(sup.health('broken')).toMatchObject({ state: 'degraded' });
    expect(sup.health('broken')?.lastError).toMatch(/relation "missing_table" does not exist; check config\.query/);
    expect(sink.of('good')).toHaveLength(3);
    await waitFor(() => sup.health('broken')?.breaker === 'open', 'the breaker to open after repeated failures');
    expect(sup.health('broken')?.state).toBe('down');
    await insert(2, 3);
    await waitFor(() => sink.of('good').length === 5, 'the healthy source to keep flowing');
    expect(sink.of('broken')).toHaveLength(0);
    expect(JSON.stringify(sup.healthAll())).not.toContain('s3cret-pw');
  });

  it('test() reports connection and credential errors clearly, never showing the password', async () => {
    const closedPort = await freeLoopbackPort();
    const refused = await postgresAdapter.test(parseConfig({ ...baseConfig(), port: closedPort }));
    expect(refused).toEqual({
      ok: false,
      message: `Cannot connect to PostgreSQL at 127.0.0.1:${closedPort}/postgres: connection refused. Is the server running, and are config.host and config.port right?`,
    });
    const ok = await postgresAdapter.test(parseConfig(baseConfig()));
    expect(ok).toEqual({
      ok: true,
      message: `Connected to 127.0.0.1:${port}/postgres; the query returns id, created_at, message, level, host.`,
    });
    const badColumn = await postgresAdapter.test(parseConfig({ ...baseConfig(), messageColumn: 'msg' }));
    expect(badColumn.message).toMatch(/config\.messageColumn "msg" is not a column/);
    const noDb = await postgresAdapter.test(
      parseConfig({
        ...baseConfig(),
        connectionString: `postgresql://reader:s3cret-pw@127.0.0.1:${port}/nope`,
        host: undefined,
      }),
    );
    expect(noDb.ok).toBe(false);
    expect(noDb.message).toMatch(/database "nope" does not exist; check config\.database/);
    expect(noDb.message).not.toContain('s3cret-pw');
  });

  it('rejects a query that is not a single SELECT at config time, naming config.query', () => {
    const bad = [
      'DELETE FROM errors WHERE id > $1 LIMIT $2',
      'SELECT id FROM errors WHERE id > $1 LIMIT $2; DROP TABLE errors',
      'WITH gone AS (DELETE FROM errors RETURNING *) SELECT * FROM gone WHERE id > $1 LIMIT $2',
      'SELECT id FROM errors LIMIT $2',
    ];
    for (const query of bad) {
      let error: unknown;
      try {
        parseSourceConfig('postgres', { ...baseConfig(), query });
      } catch (err) {
        error = err;
      }
      expect(error, query).toBeInstanceOf(OutpostError);
      expect((error as OutpostError).issues?.map((i) => i.path)).toEqual(['config.query']);
    }
    expect(() =>
      parseSourceConfig('postgres', {
        ...baseConfig(),
        query: "SELECT id, 'a;b' AS x FROM errors WHERE id > $1 LIMIT $2;",
      }),
    ).not.toThrow();
  });
});

function parseConfig(config: Record<string, unknown>) {
  return postgresAdapter.configSchema.parse(config);
}
