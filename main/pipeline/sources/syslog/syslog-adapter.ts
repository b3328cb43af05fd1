import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import type { RawEvent } from '../../event-types.js';
import type { RunningSource, SourceAdapter, SourceContext } from '../source-types.js';
import { SyslogConfigSchema, type SyslogConfig } from './syslog-config.js';
import { parseSyslog } from './syslog-parser.js';
import { SyslogTcpFramer } from './tcp-framer.js';

type Ctx = SourceContext<SyslogConfig>;

/** Parses frames; garbage is rejected and counted one by one, the rest is handed over as one batch. */
async function deliver(ctx: Ctx, frames: Buffer[]): Promise<void> {
  const events: RawEvent[] = [];
  for (const frame of frames) {
    const parsed = parseSyslog(frame);
    if (parsed.ok) events.push(parsed.event);
    else ctx.reject(`syslog message rejected: ${parsed.reason}`);
  }
  if (events.length === 0) return;
  try {
    await ctx.sink.ingest(ctx.scope, ctx.sourceId, events);
    ctx.markOk();
  } catch (err) {
    // Syslog has no acknowledgement to withhold: the loss is counted and shown instead.
    ctx.reject(
      `${events.length} syslog messages could not be stored: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

function listenTcp(ctx: Ctx): Promise<{ server: Server; sockets: Set<Socket> }> {
  const { host, port, maxMessageBytes } = ctx.config;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    const framer = new SyslogTcpFramer(maxMessageBytes);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', (err) => ctx.logger.debug({ sourceId: ctx.sourceId, error: err.message }, 'syslog tcp peer'));
    socket.on('data', (chunk: Buffer) => {
      const { frames, oversized } = framer.push(chunk);
      if (oversized) {
        ctx.reject(`syslog frame rejected: ${oversized}; the connection was closed`);
        socket.destroy();
      }
      if (frames.length === 0) return;
      // One batch at a time per connection keeps its messages in order.
      socket.pause();
      void deliver(ctx, frames).finally(() => {
        if (!socket.destroyed) socket.resume();
      });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      server.on('error', (err) => ctx.logger.error({ sourceId: ctx.sourceId, error: err.message }, 'syslog tcp'));
      resolve({ server, sockets });
    });
  });
}

function listenUdp(ctx: Ctx): Promise<UdpSocket> {
  const { host, port, maxMessageBytes } = ctx.config;
  const socket = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
  // Datagrams that arrive in the same turn of the event loop become one batch.
  let pending: Buffer[] = [];
  let chain = Promise.resolve();
  socket.on('message', (msg) => {
    if (msg.length > maxMessageBytes) {
      ctx.reject(`syslog datagram of ${msg.length} bytes rejected: the limit is maxMessageBytes = ${maxMessageBytes}`);
      return;
    }
    pending.push(msg);
    if (pending.length > 1) return;
    setImmediate(() => {
      const frames = pending;
      pending = [];
      chain = chain.then(() => deliver(ctx, frames));
    });
  });
  return new Promise((resolve, reject) => {
    socket.once('error', (err) => {
      closeQuietly(socket);
      reject(err);
    });
    socket.bind({ address: host, port }, () => {
      socket.removeAllListeners('error');
      socket.on('error', (err) => ctx.logger.error({ sourceId: ctx.sourceId, error: err.message }, 'syslog udp'));
      resolve(socket);
    });
  });
}

async function start(ctx: Ctx): Promise<RunningSource> {
  const { protocol } = ctx.config;
  let tcp: { server: Server; sockets: Set<Socket> } | undefined;
  let udp: UdpSocket | undefined;
  const close = async (): Promise<void> => {
    const closing: Promise<void>[] = [];
    if (tcp) {
      const { server, sockets } = tcp;
      closing.push(new Promise((resolve) => server.close(() => resolve())));
      for (const socket of sockets) socket.destroy();
    }
    if (udp) {
      const socket = udp;
      closing.push(new Promise((resolve) => socket.close(() => resolve())));
    }
    tcp = undefined;
    udp = undefined;
    await Promise.all(closing);
  };
  try {
    if (protocol !== 'udp') tcp = await listenTcp(ctx);
    if (protocol !== 'tcp') udp = await listenUdp(ctx);
  } catch (err) {
    await close();
    throw new Error(bindFailure(ctx.config, err), { cause: err });
  }
  ctx.signal.addEventListener('abort', () => void close(), { once: true });
  return { stop: close };
}

function bindFailure(config: SyslogConfig, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const where = `${config.host}:${config.port}`;
  if (code === 'EADDRINUSE')
    return `Port ${where} is already in use; choose another config.port or stop the other listener.`;
  if (code === 'EACCES')
    return `Not allowed to listen on ${where}; ports below 1024 need privileges, choose config.port ≥ 1024.`;
  if (code === 'EADDRNOTAVAIL') return `config.host ${config.host} is not an address of this machine.`;
  return `Cannot listen on ${where}: ${err instanceof Error ? err.message : String(err)}`;
}

/** Binds and releases the configured port(s): what Settings' test button checks. */
async function probe(config: SyslogConfig): Promise<void> {
  const { host, port, protocol } = config;
  if (protocol !== 'udp') {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port }, () => resolve());
    });
    await new Promise((resolve) => server.close(resolve));
  }
  if (protocol !== 'tcp') {
    const socket = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: host, port }, () => resolve());
    }).finally(() => closeQuietly(socket));
  }
}

export const syslogAdapter: SourceAdapter<SyslogConfig> = {
  kind: 'syslog',
  configSchema: SyslogConfigSchema,
  start,
  async test(config) {
    try {
      await probe(config);
    } catch (err) {
      return { ok: false, message: bindFailure(config, err) };
    }
    const what = config.protocol === 'both' ? 'UDP and TCP' : config.protocol.toUpperCase();
    return { ok: true, message: `${what} port ${config.host}:${config.port} is free to listen on.` };
  },
};

/** A socket whose bind failed throws on close(); there is nothing left to release then. */
function closeQuietly(socket: UdpSocket): void {
  try {
    socket.close();
  } catch {
    // not bound
  }
}
