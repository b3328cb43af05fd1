import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSourceSupervisor, type SourceSupervisor } from '../index.js';
import { freeLoopbackPort } from '../testing/loopback.js';
import {
  createMemoryBlobs,
  createMemoryCheckpoints,
  createMemoryLogger,
  createMemorySink,
  waitFor,
  type MemorySink,
} from '../testing/in-memory.js';
import { syslogAdapter } from './syslog-adapter.js';

const scope = { tenantId: 't1', siteId: 's1' };
const RFC5424 = '<165>1 2026-11-23T12:00:01Z gate-cam-2 evtlog 4711 ID47 [origin ip="10.0.0.9"] door forced open';
const RFC3164 = '<34>Oct 11 22:14:15 nvr-1 su[230]: auth failure for root';

let supervisor: SourceSupervisor;
let sink: MemorySink;
let port: number;
const clients: Socket[] = [];

beforeEach(async () => {
  sink = createMemorySink();
  supervisor = createSourceSupervisor({
    sink,
    blobs: createMemoryBlobs(),
    checkpointsFor: createMemoryCheckpoints().for,
    logger: createMemoryLogger(),
  });
  port = await freeLoopbackPort();
  await supervisor.start({
    id: 'sys',
    kind: 'syslog',
    name: 'syslog',
    config: { port, maxMessageBytes: 1024 },
    scope,
  });
  expect(supervisor.health('sys')?.state).toBe('ok');
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await supervisor.stopAll();
});

function sendUdp(payload: string | Buffer): Promise<void> {
  const socket = createSocket('udp4');
  return new Promise<void>((resolve, reject) =>
    socket.send(payload, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
  ).finally(() => socket.close());
}

async function tcpClient(): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port });
  clients.push(socket);
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  return socket;
}

const octet = (msg: string) => `${Buffer.byteLength(msg)} ${msg}`;
const messages = () => sink.of('sys').map((e) => e.message);

describe('syslog source', () => {
  it('receives RFC 5424 and RFC 3164 over UDP with severity, device and attributes', async () => {
    await sendUdp(RFC5424);
    await sendUdp(RFC3164);
    await waitFor(() => sink.of('sys').length === 2, 'two UDP messages');
    const byMessage = Object.fromEntries(sink.of('sys').map((e) => [e.message, e]));
    expect(byMessage['door forced open']).toMatchObject({
      severity: 'notice',
      device: 'gate-cam-2',
      time: Date.parse('2026-11-23T12:00:01Z'),
      attributes: { app: 'evtlog', procid: '4711', msgid: 'ID47', structuredData: { origin: { ip: '10.0.0.9' } } },
    });
    expect(byMessage['auth failure for root']).toMatchObject({
      severity: 'critical',
      device: 'nvr-1',
      attributes: { facility: 'auth', app: 'su', procid: '230' },
    });
    expect(supervisor.health('sys')).toMatchObject({ accepted: 2, rejected: 0 });
  });

  it('receives both framings over TCP: many messages in one chunk, one message split across chunks', async () => {
    const client = await tcpClient();
    client.write(`${octet(RFC5424)}${RFC3164}\n${octet('<14>1 - host app - - - third')}<14>fourth: line\n`);
    await waitFor(() => messages().length === 4, 'four messages from one chunk');
    expect(messages()).toEqual(['door forced open', 'auth failure for root', 'third', 'line']);

    const split = Buffer.from(octet('<14>1 - host app - - - split across chunks'));
    for (const part of [split.subarray(0, 2), split.subarray(2, 9), split.subarray(9, 30), split.subarray(30)]) {
      await new Promise<void>((resolve) => client.write(part, () => resolve()));
    }
    await waitFor(() => messages().length === 5, 'the split message');
    expect(messages()[4]).toBe('split across chunks');
  });

  it('rejects binary garbage and NUL-filled datagrams, counts them, and keeps listening', async () => {
    await sendUdp(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0xff, 0x13]));
    await sendUdp(Buffer.alloc(200));
    await sendUdp('<999>not a priority');
    await waitFor(() => supervisor.health('sys')?.rejected === 3, 'three rejects');
    expect(supervisor.health('sys')?.lastError).toMatch(/syslog message rejected/);
    await sendUdp(RFC3164);
    await waitFor(() => messages().length === 1, 'the valid datagram after the garbage');
    expect(messages()).toEqual(['auth failure for root']);
    expect(supervisor.health('sys')?.state).toBe('ok');
  });

  it('a garbage line on TCP costs only itself: the next message on the connection arrives', async () => {
    const client = await tcpClient();
    client.write(Buffer.concat([Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a]), Buffer.from(`${RFC3164}\n`)]));
    await waitFor(() => messages().length === 1, 'the message after the garbage');
    expect(supervisor.health('sys')).toMatchObject({ rejected: 1, accepted: 1 });
  });

  it('closes a TCP connection whose frame is over maxMessageBytes, counts it, and serves new connections', async () => {
    const client = await tcpClient();
    const closed = new Promise((resolve) => client.once('close', resolve));
    client.write(`${octet('<14>1 - h a - - - ' + 'x'.repeat(3000))}`);
    await closed;
    expect(supervisor.health('sys')?.rejected).toBe(1);
    expect(supervisor.health('sys')?.lastError).toMatch(/maxMessageBytes = 1024.*connection was closed/);

    const oversizedUdp = Buffer.from('<14>1 - h a - - - ' + 'y'.repeat(2000));
    await sendUdp(oversizedUdp);
    await waitFor(() => supervisor.health('sys')?.rejected === 2, 'the oversized datagram rejected');

    const next = await tcpClient();
    next.write(`${RFC3164}\n`);
    await waitFor(() => messages().length === 1, 'a message on a new connection');
  });

  it('test() says whether the port can be bound', async () => {
    const taken = await syslogAdapter.test({ protocol: 'both', host: '127.0.0.1', port, maxMessageBytes: 1024 });
    expect(taken.ok).toBe(false);
    expect(taken.message).toMatch(/already in use; choose another config.port/);

    await supervisor.stop('sys');
    const free = await syslogAdapter.test({ protocol: 'both', host: '127.0.0.1', port, maxMessageBytes: 1024 });
    expect(free).toMatchObject({ ok: true });
    expect(free.message).toMatch(/UDP and TCP port 127\.0\.0\.1:\d+ is free/);
  });
});
