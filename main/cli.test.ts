import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { currentEntry, nodeArgs } from '../e2e/support/outpost-server.js';
import { createCore, loadConfig } from './core/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ADMIN = { email: 'admin@example.com', password: 'correct-horse-battery' };

const children = new Set<ChildProcess>();
const folders: string[] = [];

afterEach(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
  for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'outpost-cli-'));
  folders.push(dir);
  return dir;
}

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  // The developer's own OUTPOST_* settings must not leak into the command under test.
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('OUTPOST_')) env[key] = value;
  return { ...env, ...extra };
}

/** `node dist/main/cli.js …` when the build is current, else `node --import tsx main/cli.ts …`. */
function outpost(args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, nodeArgs(currentEntry(), args), {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  return child;
}

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Finished> {
  const child = outpost(args, options.env);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin!.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `outpost serve` and resolves with its URL once it prints the listening line. */
function serve(args: string[]): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const child = outpost(['serve', ...args]);
  child.stdin!.end();
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: string): void => {
      output += chunk;
      const match = /^Outpost listening on (http:\/\/\S+)$/m.exec(output);
      if (match?.[1]) resolve({ child, url: match[1], exited });
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    void exited.then((code) => reject(new Error(`outpost serve exited with ${code} before listening:\n${output}`)));
  });
}

// Every step is a new `outpost` process (one to two CPU-seconds to start): a loaded machine needs time.
const PROCESSES = { timeout: 120_000 };

describe('outpost user add + serve', PROCESSES, () => {
  it('creates a user from stdin, serves on a free port, signs them in over HTTP and stops cleanly on SIGTERM', async () => {
    const dataDir = await tempDataDir();
    const added = await run(
      ['user', 'add', '--email', ADMIN.email, '--role', 'admin', '--password-stdin', '--data-dir', dataDir],
      { stdin: `${ADMIN.password}\n` },
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^Created user [0-9A-Z]{26} admin@example\.com \(admin, installation admin\)$/m);

    const logs = await tempDataDir();
    await writeFile(join(logs, 'app.log'), 'INFO started\n');
    const { child, url, exited } = await serve(['--port', '0', '--data-dir', dataDir, '--allow-read', logs]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toMatch(/:0$/);

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');

    const login = await fetch(`${url}/api/rpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    expect(login.status).toBe(200);
    const { user, token } = (await login.json()) as { user: { email: string; role: string }; token: string };
    expect(user).toMatchObject({ email: ADMIN.email, role: 'admin' });

    // --allow-read: a log file in the allowed folder is readable, anything else is outside.
    const testPath = async (path: string) => {
      const answer = await fetch(`${url}/api/rpc/sources.test`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ kind: 'logfile', config: { path } }),
      });
      return ((await answer.json()) as { message: string }).message;
    };
    expect(await testPath(join(logs, 'app.log'))).toMatch(/^Readable: /);
    expect(await testPath('/etc/passwd')).toMatch(/outside the folders/);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('rejects invalid user input with the field errors and exit status 2', async () => {
    const dataDir = await tempDataDir();
    const result = await run(
      ['user', 'add', '--email', 'not-an-email', '--role', 'boss', '--password-stdin', '--data-dir', dataDir],
      { stdin: 'short\n' },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ {2}email: /m);
    expect(result.stderr).toMatch(/^ {2}role: /m);
    expect(result.stderr).toMatch(/^ {2}password: must be at least 12 characters$/m);
  });

  it('exits 2 with the invalid setting named when the configuration is wrong', async () => {
    const dataDir = await tempDataDir();
    const result = await run(['serve', '--data-dir', dataDir], { env: { OUTPOST_SERVER_PORT: 'not-a-port' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('server.port');
    expect(result.stderr).toContain('OUTPOST_SERVER_PORT');
  });
});

describe('outpost migrate', PROCESSES, () => {
  it('down then up keeps a created site, and status shows where the schema stands', async () => {
    const dataDir = await tempDataDir();
    await run(['user', 'add', '--email', ADMIN.email, '--role', 'admin', '--password-stdin', '--data-dir', dataDir], {
      stdin: `${ADMIN.password}\n`,
    });
    const config = loadConfig({ env: {}, overrides: { dataDir, log: { level: 'silent' } } });
    const ctx = { transport: 'cli' as const, address: 'cli' };
    let core = await createCore({ config });
    try {
      const { token } = (await core.call('auth.login', ADMIN, ctx)) as { token: string };
      await core.call('sites.create', { name: 'North Depot', slug: 'north-depot' }, { ...ctx, token });
    } finally {
      await core.close();
    }

    const before = await run(['migrate', 'status', '--data-dir', dataDir]);
    expect(before.code).toBe(0);
    const latest = Number(/^Schema version (\d+) \(latest (\d+)\): up to date$/m.exec(before.stdout)?.[2]);
    expect(latest).toBeGreaterThan(1);
    expect(before.stdout).toMatch(/^ {2}1 +\S+ +[0-9a-f]{64} +\d{4}-\d\d-\d\dT/m);

    const down = await run(['migrate', 'down', '--steps', '1', '--data-dir', dataDir]);
    expect(down.code).toBe(0);
    expect(down.stdout).toContain(`Migrated down from schema ${latest} to ${latest - 1}.`);
    const between = await run(['migrate', 'status', '--data-dir', dataDir]);
    expect(between.stdout).toContain('Pending (1):');

    const up = await run(['migrate', 'up', '--data-dir', dataDir]);
    expect(up.code).toBe(0);
    expect(up.stdout).toContain(`Migrated up from schema ${latest - 1} to ${latest}.`);

    core = await createCore({ config });
    try {
      const { token } = (await core.call('auth.login', ADMIN, ctx)) as { token: string };
      const { sites } = (await core.call('sites.list', {}, { ...ctx, token })) as { sites: Array<{ slug: string }> };
      expect(sites.map((s) => s.slug)).toEqual(['north-depot']);
    } finally {
      await core.close();
    }
  });
});

describe('outpost tenant', PROCESSES, () => {
  /** POST /api/rpc/{method} and the parsed answer. */
  async function rpc(url: string, method: string, input: unknown, token?: string) {
    const response = await fetch(`${url}/api/rpc/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(input),
    });
    return { status: response.status, body: (await response.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  it('creates two tenants whose users (same email in both) see only their own data, and disables one while serving', async () => {
    const dataDir = await tempDataDir();
    const ok = async (args: string[], stdin?: string) => {
      const result = await run([...args, '--data-dir', dataDir], stdin === undefined ? {} : { stdin });
      expect(result.stderr, args.join(' ')).toBe('');
      expect(result.code).toBe(0);
      return result.stdout;
    };
    expect(await ok(['tenant', 'add', '--slug', 'acme', '--name', 'Acme Logistics'])).toMatch(/^Created tenant acme /);
    await ok(['tenant', 'add', '--slug', 'globex', '--name', 'Globex']);
    const taken = await run(['tenant', 'add', '--slug', 'acme', '--name', 'Again', '--data-dir', dataDir]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/slug 'acme' already exists/);
    // One person, one email, an account in each tenant with its own password.
    const email = 'ops@example.com';
    await ok(
      ['user', 'add', '--tenant', 'acme', '--email', email, '--role', 'admin', '--password-stdin'],
      'acme password 123\n',
    );
    await ok(
      ['user', 'add', '--tenant', 'globex', '--email', email, '--role', 'admin', '--password-stdin'],
      'globex password 123\n',
    );
    const listed = await ok(['tenant', 'list']);
    expect(listed).toMatch(/^acme\tAcme Logistics\t1 user\tenabled$/m);
    expect(listed).toMatch(/^globex\tGlobex\t1 user\tenabled$/m);
    expect(listed).toMatch(/^default\tDefault\t0 users\tenabled$/m);

    const { child, url, exited } = await serve(['--port', '0', '--data-dir', dataDir]);
    const acme = await rpc(url, 'auth.login', { tenant: 'acme', email, password: 'acme password 123' });
    const globex = await rpc(url, 'auth.login', { tenant: 'globex', email, password: 'globex password 123' });
    expect(acme.status).toBe(200);
    expect(globex.status).toBe(200);
    expect(acme.body.user.tenantId).not.toBe(globex.body.user.tenantId);
    // The other tenant's password does not open this tenant's account.
    expect((await rpc(url, 'auth.login', { tenant: 'acme', email, password: 'globex password 123' })).status).toBe(401);

    const site = await rpc(url, 'sites.create', { name: 'Acme yard', slug: 'yard' }, acme.body.token);
    expect(site.status).toBe(200);
    const seenByGlobex = await rpc(url, 'sites.list', {}, globex.body.token);
    expect(seenByGlobex.body.sites.map((s: { id: string }) => s.id)).not.toContain(site.body.id);
    expect((await rpc(url, 'sites.update', { id: site.body.id, name: 'Taken' }, globex.body.token)).status).toBe(404);
    // Adding a user whose email exists in the other tenant answers exactly as for a new email;
    // only an email of the caller's own tenant is a conflict.
    const viewer = { email: 'ann@example.com', role: 'viewer', password: 'a third password 1' };
    expect((await rpc(url, 'users.create', viewer, acme.body.token)).status).toBe(200);
    const alsoInGlobex = await rpc(url, 'users.create', viewer, globex.body.token);
    expect(alsoInGlobex.status).toBe(200);
    expect(alsoInGlobex.body).toMatchObject({ email: viewer.email, tenantId: globex.body.user.tenantId });
    const own = await rpc(url, 'users.create', { ...viewer, email }, globex.body.token);
    expect(own.status).toBe(409);
    expect(own.body.error.message).toBe(
      `A user with email '${email}' already exists in this tenant. Choose another email.`,
    );
    // The installation's first admin (acme's) manages tenants; globex's admin stays inside globex.
    expect(acme.body.user.installationAdmin).toBe(true);
    expect((await rpc(url, 'tenants.list', {}, acme.body.token)).status).toBe(200);
    expect((await rpc(url, 'tenants.list', {}, globex.body.token)).status).toBe(403);

    // Disabled from the console while the server runs: its session ends and its users cannot sign in.
    expect(await ok(['tenant', 'disable', 'globex'])).toMatch(/^globex\tGlobex\t2 users\tdisabled since /m);
    expect((await rpc(url, 'auth.me', {}, globex.body.token)).status).toBe(401);
    const refused = await rpc(url, 'auth.login', { tenant: 'globex', email, password: 'globex password 123' });
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toMatch(/organisation 'globex' is disabled/);
    expect((await rpc(url, 'auth.me', {}, acme.body.token)).status).toBe(200);
    await ok(['tenant', 'enable', 'globex']);
    expect((await rpc(url, 'auth.login', { tenant: 'globex', email, password: 'globex password 123' })).status).toBe(
      200,
    );

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Ten commands, each a Node process compiling TypeScript on start.
  }, 180_000);
});
