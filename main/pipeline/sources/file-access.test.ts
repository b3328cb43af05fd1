import { mkdtemp, rename, rm, symlink, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useServerFixture } from '../../server/test-support/index.js';

/*
 * Issue 8, row 1, over the real HTTP server and SQLite: file-reading sources read only below the
 * folders an admin allowed (here the temp folder, which also holds the installation's data folder),
 * only admins manage them, and `sources.test` never tells anything about a file outside the roots.
 */

const TECH = { email: 'tech@example.com', password: 'technician password 1' };

describe('file-reading sources', () => {
  const fx = useServerFixture({ config: { files: { allowRead: [tmpdir()] } } });

  const logs = async (): Promise<string> => {
    const folder = await mkdtemp(join(tmpdir(), 'outpost-file-access-'));
    fx.cleanups.push(() => rm(folder, { recursive: true, force: true }));
    return folder;
  };
  const logfile = (name: string, path: string, extra: Record<string, unknown> = {}) => ({
    kind: 'logfile',
    name,
    config: { path, fromStart: true, pollIntervalMs: 100, ...extra },
  });
  const techToken = async (): Promise<string> => {
    await fx.rpc('users.create', { ...TECH, role: 'technician' }, fx.adminToken);
    return fx.login(TECH);
  };
  const sourceNames = async (): Promise<string[]> =>
    (await fx.rpc('sources.list', {}, fx.adminToken)).body.items.map((s: { name: string }) => s.name);

  it('refuses a log file outside the allowed folders, through a link, or in the data folder, storing nothing', async () => {
    const folder = await logs();
    await symlink('/etc/passwd', join(folder, 'innocent.log'));
    for (const [name, path] of [
      ['passwd', '/etc/passwd'],
      ['dot-dot', join(folder, '..', '..', 'etc', 'passwd')],
      ['link out', join(folder, 'innocent.log')],
      ['database', join(fx.dataDir, 'outpost.sqlite')],
      ['signing key', join(fx.dataDir, 'keys', 'session.key')],
    ] as const) {
      const refused = await fx.rpc('sources.create', logfile(name, path), fx.adminToken);
      expect(refused.status, name).toBe(400);
      expect(refused.body.error.issues).toEqual([
        {
          path: 'config.path',
          message: expect.stringMatching(/outside the folders this installation lets sources read/),
        },
      ]);
    }
    expect(await sourceNames()).not.toEqual(expect.arrayContaining(['passwd', 'link out', 'database']));
  });

  it('reads a log file below an allowed folder', async () => {
    const folder = await logs();
    const path = join(folder, 'app.log');
    await writeFile(path, 'ERROR pump 7 stopped\n');
    const created = await fx.rpc('sources.create', logfile('pump log', path), fx.adminToken);
    expect(created.status).toBe(200);
    await expect
      .poll(
        async () => (await fx.rpc('search.query', { text: 'pump stopped', limit: 5 }, fx.adminToken)).body.items.length,
      )
      .toBeGreaterThan(0);
  });

  it('stops reading when the file is swapped for a link to the data folder after the check', async () => {
    const folder = await logs();
    const path = join(folder, 'swap.log');
    await writeFile(path, 'INFO before the swap\n');
    const created = await fx.rpc('sources.create', logfile('swap log', path), fx.adminToken);
    expect(created.status).toBe(200);
    await rename(path, `${path}.1`);
    await symlink(join(fx.dataDir, 'keys', 'session.key'), path);
    await appendFile(`${path}.1`, 'INFO rotated\n');
    await expect
      .poll(async () => (await fx.rpc('sources.get', { id: created.body.id }, fx.adminToken)).body.health.lastError)
      .toMatch(/outside the folders this installation lets sources read/);
    const events = await fx.rpc('events.list', { limit: 200 }, fx.adminToken);
    for (const event of events.body.items as { attributes: { file?: string } }[]) {
      expect(event.attributes.file ?? '').not.toContain('session.key');
    }
  });

  it('lets only admins create, test, change or delete a file-reading source; technicians keep the other kinds', async () => {
    const folder = await logs();
    const path = join(folder, 'tech.log');
    await writeFile(path, 'INFO hello\n');
    const tech = await techToken();
    const create = await fx.rpc('sources.create', logfile('by tech', path), tech);
    expect(create.status).toBe(403);
    expect(create.body.error.message).toMatch(/need the admin role/);
    expect((await fx.rpc('sources.test', { kind: 'folder', config: { path: folder } }, tech)).status).toBe(403);
    const byAdmin = await fx.rpc('sources.create', logfile('by admin', path), fx.adminToken);
    expect((await fx.rpc('sources.update', { id: byAdmin.body.id, enabled: false }, tech)).status).toBe(403);
    expect((await fx.rpc('sources.delete', { id: byAdmin.body.id }, tech)).status).toBe(403);
    expect((await fx.rpc('sources.create', { kind: 'webhook', name: 'hook by tech', config: {} }, tech)).status).toBe(
      200,
    );
    expect(await sourceNames()).not.toContain('by tech');
  });

  it('tests a path with "readable" or why not, never its size or contents', async () => {
    const folder = await logs();
    const readable = join(folder, 'ok.log');
    await writeFile(readable, 'x'.repeat(12345));
    await symlink(join(fx.dataDir, 'keys', 'session.key'), join(folder, 'key.log'));
    const test = async (path: string) =>
      (await fx.rpc('sources.test', { kind: 'logfile', config: { path } }, fx.adminToken)).body as {
        ok: boolean;
        message: string;
      };
    expect(await test(readable)).toEqual({ ok: true, message: expect.stringMatching(/^Readable: /) });
    for (const path of [
      '/etc/passwd',
      '/etc/no-such-file',
      join(fx.dataDir, 'keys', 'session.key'),
      join(folder, 'key.log'),
    ]) {
      const answer = await test(path);
      expect(answer.ok, path).toBe(false);
      expect(answer.message).toMatch(/outside the folders this installation lets sources read/);
    }
    expect((await test(join(folder, 'missing.log'))).message).toMatch(/does not exist/);
    for (const answer of [await test(readable), await test('/etc/passwd')]) {
      expect(answer.message).not.toMatch(/\d+ bytes|12345/);
    }
  });
});
