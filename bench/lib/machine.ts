import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine skews the figures. */
  loadAverage: number[];
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}${os.version ? ` (${os.version()})` : ''}`,
    node: process.version,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

async function installedVersion(root: string, name: string): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

/** Versions of Outpost and of the components the figures depend on. SQLite and sqlite-vec are asked at run time. */
export async function packageVersions(root: string): Promise<Record<string, string>> {
  const outpost = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
  const versions: Record<string, string> = {
    outpost: outpost.version,
    'better-sqlite3': await installedVersion(root, 'better-sqlite3'),
    sqlite: 'unknown',
    'sqlite-vec': await installedVersion(root, 'sqlite-vec'),
    fastify: await installedVersion(root, 'fastify'),
    autocannon: await installedVersion(root, 'autocannon'),
  };
  try {
    const require = createRequire(join(root, 'package.json'));
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    const sqliteVec = require('sqlite-vec') as { load(db: unknown): void };
    const db = new Database(':memory:');
    try {
      versions.sqlite = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
      try {
        sqliteVec.load(db);
        versions['sqlite-vec'] = (db.prepare('select vec_version() as v').get() as { v: string }).v;
      } catch {
        // keep the package version
      }
    } finally {
      db.close();
    }
  } catch (err) {
    versions.sqlite = `unavailable (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
  }
  return versions;
}
