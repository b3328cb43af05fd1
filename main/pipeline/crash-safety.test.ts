import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * Fault test (issue 3): the server is killed with SIGKILL while a client posts events; after a
 * restart on the same data folder, every event that was answered 202 is there.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'main', 'cli.ts');
const ADMIN = { email: 'admin@example.com', password: 'correct-horse-battery' };

const children = new Set<ChildProcess>();
const folders: string[] = [];

afterEach(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
  for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
});

function outpost(args: string[]): ChildProcess {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1', OUTPOST_LOG_LEVEL: 'warn' };
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('OUTPOST_')) env[key] = value;
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  return child;
}

function run(args: string[], stdin: string): Promise<number | null> {
  const child = outpost(args);
  child.stdout!.resume();
  child.stderr!.resume();
  child.stdin!.end(stdin);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
}

function serve(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = outpost(['serve', '--port', '0', '--data-dir', dataDir]);
  child.stdin!.end();
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /^Outpost listening on (http:\/\/\S+)$/m.exec(output);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('close', (code) => reject(new Error(`outpost serve exited with ${code} before listening:\n${output}`)));
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are asserted field by field
async function rpc(url: string, method: string, input: unknown, token?: string): Promise<any> {
  const response = await fetch(`${url}/api/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${method} answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

describe('crash safety of webhook ingest', () => {
  it('keeps every event answered 202 when the server is killed mid-stream', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'outpost-crash-'));
    folders.push(dataDir);
    const added = await run(
      ['user', 'add', '--email', ADMIN.email, '--role', 'admin', '--password-stdin', '--data-dir', dataDir],
      ADMIN.password,
    );
    expect(added).toBe(0);

    const first = await serve(dataDir);
    const { token } = await rpc(first.url, 'auth.login', ADMIN);
    const source = await rpc(first.url, 'sources.create', { kind: 'webhook', name: 'Crash test', config: {} }, token);

    // Several clients post continuously; each remembers the ids it was answered 202 with.
    const acknowledged: string[] = [];
    let sent = 0;
    let stop = false;
    const client = async (n: number) => {
      while (!stop) {
        sent++;
        try {
          const response = await fetch(`${first.url}/api/ingest/${source.id}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${source.token}` },
            body: JSON.stringify({ message: `Sensor ${n} reading ${sent} out of range`, severity: 'warning' }),
          });
          if (response.status === 202) acknowledged.push(((await response.json()) as { id: string }).id);
        } catch {
          // The server died mid-request: this event was never acknowledged.
        }
      }
    };
    const clients = [1, 2, 3, 4].map(client);

    // Kill once a good number of events were acknowledged, with requests in flight.
    while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('close', resolve));
    stop = true;
    await Promise.all(clients);
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);

    const second = await serve(dataDir);
    const again = await rpc(second.url, 'auth.login', ADMIN);
    const stored = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await rpc(
        second.url,
        'events.list',
        { limit: 500, ...(cursor ? { cursor } : {}) },
        again.token,
      );
      for (const event of page.items) stored.add(event.id);
      cursor = page.nextCursor;
    } while (cursor);

    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    // The source and its token survived the crash too: posting still works.
    const after = await fetch(`${second.url}/api/ingest/${source.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${source.token}` },
      body: JSON.stringify({ message: 'Back after the crash' }),
    });
    expect(after.status).toBe(202);
    // The supervisor started the stored source again, and counts what it accepts.
    const health = await rpc(second.url, 'sources.health', {}, again.token);
    const restarted = health.items.find((item: { id: string }) => item.id === source.id);
    expect(restarted.health.state).toBe('ok');
    expect(restarted.health.accepted).toBe(1);
  }, 120_000);
});
