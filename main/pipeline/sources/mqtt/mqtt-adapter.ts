import type { IPublishPacket } from 'mqtt';
import { OutpostError } from '../../../contract/index.js';
import type { RawEvent } from '../../event-types.js';
import { createMicroBatcher } from '../../micro-batcher.js';
import type { RunningSource, SourceAdapter, SourceContext } from '../source-types.js';
import { MqttConfigSchema, type MqttConfig } from './mqtt-config.js';
import { mapMessage } from './message-mapper.js';
import { connected, createClient, describeMqttError, safeUrl, subscribeAll, throwawayClientId } from './mqtt-client.js';

/** QoS 0 messages are acknowledged at once; past this many waiting, the reader waits for the store. */
const MAX_QUEUED = 1000;
const CONNECT_TIMEOUT_MS = 10_000;
const RECONNECT_PERIOD_MS = 5_000;

async function start(ctx: SourceContext<MqttConfig>): Promise<RunningSource> {
  const { config, logger, sourceId } = ctx;
  const where = safeUrl(config.url);
  const client = createClient(config, {
    clientId: config.clientId ?? `outpost-${sourceId}`,
    persistent: true,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    reconnectPeriodMs: RECONNECT_PERIOD_MS,
  });

  const batcher = createMicroBatcher<RawEvent, string>({
    maxItems: 500,
    maxWaitMs: 20,
    async process(events) {
      const { ids } = await ctx.sink.ingest(ctx.scope, sourceId, events);
      ctx.markOk();
      return ids;
    },
  });

  // mqtt.js sends PUBACK when handleMessage calls back, and reads the next packet only then: a QoS 1
  // message is acknowledged to the broker after its batch committed, so a crash never loses it.
  let stopping = false;
  client.handleMessage = (packet: IPublishPacket, done: (err?: Error) => void): void => {
    // Stopping: leave it unacknowledged, the broker hands it to the next session.
    if (stopping) return;
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    const mapped = mapMessage(config, packet.topic, payload);
    if ('reject' in mapped) {
      ctx.reject(mapped.reject);
      done();
      return;
    }
    const committed = batcher.submit([mapped.event]).then(
      ([eventId]) => requestFrigateMedia(ctx, mapped.event, eventId!),
      (err: unknown) => ingestFailed(ctx, packet.topic, err),
    );
    if (packet.qos === 0 && batcher.pending < MAX_QUEUED) done();
    else void committed.then(done);
  };

  // Until the first CONNACK, `connected` turns failures into start's error; after it, into health.
  let started = false;
  client.on('error', (err) => {
    logger.warn({ sourceId, broker: where, error: describeMqttError(err) }, 'mqtt error');
    if (started && !stopping) ctx.fail(`MQTT broker ${where}: ${describeMqttError(err)}`);
  });
  client.on('offline', () => {
    logger.warn({ sourceId, broker: where }, 'mqtt broker unreachable; reconnecting');
    if (started && !stopping) {
      ctx.fail(
        `Lost the connection to the MQTT broker ${where}; retrying every ${RECONNECT_PERIOD_MS / 1000} s. ` +
          'Check that the broker is running and reachable.',
      );
    }
  });

  try {
    await connected(client, config, ctx.signal);
    await subscribeAll(client, config.topics);
  } catch (err) {
    await client.endAsync(true).catch(() => undefined);
    throw err;
  }
  started = true;
  // Reconnects are mqtt.js's; a successful one clears the degraded state.
  client.on('connect', () => {
    logger.info({ sourceId, broker: where }, 'mqtt reconnected');
    ctx.markOk();
  });
  ctx.markOk();
  logger.info({ sourceId, broker: where, topics: config.topics }, 'mqtt source subscribed');
  return stopper(async () => {
    stopping = true;
    // What was read reaches the store and is acknowledged before the connection closes.
    await batcher.close();
    await client.endAsync().catch(() => client.endAsync(true));
  }, ctx.signal);
}

/**
 * Once Frigate says an event ended (with a snapshot or clip) and the event is stored, its files are
 * queued for the media slice to fetch from Frigate's API (`frigateApiUrl`).
 */
function requestFrigateMedia(ctx: SourceContext<MqttConfig>, event: RawEvent, eventId: string): undefined {
  const api = ctx.config.frigateApiUrl;
  const a = event.attributes ?? {};
  if (!api || !ctx.mediaFetch || a.frigateType !== 'end' || typeof a.frigateId !== 'string') return undefined;
  const base = `${api.replace(/\/+$/, '')}/api/events/${encodeURIComponent(a.frigateId)}`;
  const files: { kind: 'snapshot' | 'clip'; url: string }[] = [];
  if (a.hasSnapshot === true) files.push({ kind: 'snapshot', url: `${base}/snapshot.jpg` });
  if (a.hasClip === true) files.push({ kind: 'clip', url: `${base}/clip.mp4` });
  if (files.length > 0) ctx.mediaFetch.request(ctx.scope, eventId, files);
  return undefined;
}

/** Invalid events were rejected alone before batching; anything else is the store's trouble. */
function ingestFailed(ctx: SourceContext<MqttConfig>, topic: string, err: unknown): Error | undefined {
  if (err instanceof OutpostError && err.code === 'invalid_input') {
    ctx.reject(`Message on ${topic}: ${err.message}`);
    return undefined;
  }
  ctx.logger.error({ sourceId: ctx.sourceId, topic, error: String(err) }, 'mqtt events could not be stored');
  // Not acknowledged: the broker redelivers QoS 1 messages of the persistent session on reconnect.
  return err instanceof Error ? err : new Error(String(err));
}

/** Stops once, whether through the handle or the source's signal. */
function stopper(close: () => Promise<void>, signal: AbortSignal): RunningSource {
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= close());
  signal.addEventListener('abort', () => void stop(), { once: true });
  return { stop };
}

async function test(config: MqttConfig): Promise<{ ok: boolean; message: string }> {
  const client = createClient(config, {
    clientId: throwawayClientId(),
    persistent: false,
    connectTimeoutMs: 5_000,
    reconnectPeriodMs: 0,
  });
  client.on('error', () => undefined);
  try {
    await connected(client, config);
    await subscribeAll(client, config.topics);
    return { ok: true, message: `Connected to ${safeUrl(config.url)} and subscribed to ${config.topics.join(', ')}.` };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  } finally {
    await client.endAsync(true).catch(() => undefined);
  }
}

export const mqttSource: SourceAdapter<MqttConfig> = {
  kind: 'mqtt',
  configSchema: MqttConfigSchema,
  start,
  test,
};
