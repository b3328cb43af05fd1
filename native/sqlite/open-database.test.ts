import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, sqliteVersions, type Database } from './index.js';

describe('openDatabase', () => {
  let dir: string;
  const open: Database[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'outpost-sqlite-'));
  });

  afterEach(() => {
    for (const db of open.splice(0)) if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function track(db: Database): Database {
    open.push(db);
    return db;
  }

  it('creates missing folders and opens with WAL, NORMAL sync, foreign keys and a busy timeout', () => {
    const db = track(openDatabase(join(dir, 'nested', 'deeper', 'outpost.sqlite')));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it("syncs the log at every commit when asked to survive a power cut (durability 'power')", () => {
    const db = track(openDatabase(join(dir, 'outpost.sqlite'), { durability: 'power' }));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('opens :memory: in memory, leaving no file behind in the working folder', () => {
    const before = process.cwd();
    process.chdir(dir);
    try {
      const db = track(openDatabase(':memory:'));
      db.exec('CREATE TABLE t (x)');
      expect(db.memory).toBe(true);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      process.chdir(before);
    }
  });

  it('enforces foreign keys', () => {
    const db = track(openDatabase(join(dir, 'fk.sqlite')));
    db.exec(
      'CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (parent_id INTEGER REFERENCES parent(id))',
    );
    expect(() => db.prepare('INSERT INTO child (parent_id) VALUES (42)').run()).toThrow(/FOREIGN KEY/);
  });

  it('loads sqlite-vec: versions answer and a vec0 table finds the nearest vector', () => {
    const db = track(openDatabase(join(dir, 'vec.sqlite')));
    const versions = sqliteVersions(db);
    expect(versions.sqlite).toMatch(/^3\.\d+\.\d+$/);
    expect(versions.sqliteVec).toMatch(/^v?\d+\.\d+\.\d+/);

    db.exec('CREATE VIRTUAL TABLE items USING vec0(embedding float[3])');
    const insert = db.prepare('INSERT INTO items (rowid, embedding) VALUES (?, ?)');
    insert.run(BigInt(1), new Float32Array([1, 0, 0]));
    insert.run(BigInt(2), new Float32Array([0, 1, 0]));
    insert.run(BigInt(3), new Float32Array([0, 0, 1]));
    const nearest = db
      .prepare<[Float32Array], { rowid: number; distance: number }>(
        'SELECT rowid, distance FROM items WHERE embedding MATCH ? ORDER BY distance LIMIT 1',
      )
      .get(new Float32Array([0.1, 0.9, 0]));
    expect(nearest?.rowid).toBe(2);
  });

  it('opens an existing file read-only without changing it', () => {
    const file = join(dir, 'ro.sqlite');
    const writer = openDatabase(file);
    writer.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7)');
    writer.close();

    const reader = track(openDatabase(file, { readonly: true }));
    expect(reader.prepare('SELECT x FROM t').pluck().get()).toBe(7);
    expect(() => reader.exec('INSERT INTO t VALUES (8)')).toThrow(/readonly/);
    expect(sqliteVersions(reader).sqliteVec).toBeTruthy();
  });

  it('says so when the file is not an SQLite database', () => {
    const file = join(dir, 'notes.sqlite');
    writeFileSync(file, 'these are my notes, not a database '.repeat(200));
    expect(() => openDatabase(file)).toThrow(/is not an SQLite database/);
    expect(() => openDatabase(file, { readonly: true })).toThrow(/is not an SQLite database/);
  });

  it('says so when the folder cannot be created', () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    expect(() => openDatabase(join(blocker, 'sub', 'outpost.sqlite'))).toThrow(/Cannot create the folder/);
  });

  it('refuses a read-only open of a file that does not exist', () => {
    expect(() => openDatabase(join(dir, 'missing.sqlite'), { readonly: true })).toThrow(/Cannot open the database/);
  });
});
