import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startMosquitto, type TestBroker } from '../../../../e2e/support/mosquitto.js';
import { createSourceSupervisor, type SourceSupervisor } from '../supervisor.js';
import { NO_FILES } from '../file-roots.js';
import type { RunningSource, SourceContext } from '../source-types.js';
import {
  createMemoryBlobs,
  createMemoryCheckpoints,
  createMemoryLogger,
  createMemorySink,
  waitFor,
  type MemoryLogger,
  type MemorySink,
} from '../testing/in-memory.js';
import { MqttConfigSchema, mqttSource, type MqttConfig } from './index.js';

const SCOPE = { tenantId: 't1', siteId: 's1' };

let broker: TestBroker | undefined;
let port = 0;
let brokerUrl = '';

beforeAll(async () => {
  broker = await startMosquitto(await freePort());
  port = broker.port;
  brokerUrl = broker.url;
});

afterAll(async () => {
  await broker?.stop();
});

interface Harness {
  sink: MemorySink;
  logger: MemoryLogger;
  rejections: string[];
  running: RunningSource;
  abort: AbortController;
}

const harnesses: Harness[] = [];
const publishers: MqttClient[] = [];
let nextSource = 0;

afterEach(async () => {
  for (const h of harnesses.splice(0)) {
    h.abort.abort();
    await h.running.stop();
  }
  for (const p of publishers.splice(0)) await p.endAsync(true);
});

async function startSource(config: Partial<MqttConfig>, sourceId = `mqtt-${++nextSource}`): Promise<Harness> {
  const sink = createMemorySink();
  const logger = createMemoryLogger();
  const rejections: string[] = [];
  const abort = new AbortController();
  const ctx: SourceContext<MqttConfig> = {
    sourceId,
    scope: SCOPE,
    config: MqttConfigSchema.parse({ url: brokerUrl, ...config }),
    sink,
    checkpoint: createMemoryCheckpoints().for(sourceId),
    blobs: createMemoryBlobs(),
    files: NO_FILES,
    logger,
    signal: abort.signal,
    reject: (reason) => void rejections.push(reason),
    markOk: () => undefined,
    fail: () => undefined,
  };
  const running = await mqttSource.start!(ctx);
  const harness = { sink, logger, rejections, running, abort };
  harnesses.push(harness);
  return harness;
}

async function publisher(): Promise<MqttClient> {
  const client = await connectAsync(brokerUrl, { clientId: `pub-${++nextSource}`, reconnectPeriod: 0 });
  publishers.push(client);
  return client;
}

function frigate(type: 'new' | 'update' | 'end', after: Record<string, unknown>): string {
  const base = {
    id: '1714560000.123-abc',
    camera: 'front_door',
    label: 'person',
    sub_label: null,
    top_score: 0.71,
    score: 0.7,
    current_zones: [],
    entered_zones: [],
    start_time: 1714560000.123,
    end_time: null,
    has_snapshot: false,
    has_clip: false,
  };
  return JSON.stringify({ type, before: base, after: { ...base, ...after } });
}

describe('mqtt source against a real Mosquitto', () => {
  it('turns a Frigate new → update → end sequence into one event updated in place', async () => {
    const { sink } = await startSource({});
    const pub = await publisher();
    await pub.publishAsync('frigate/events', frigate('new', {}));
    await pub.publishAsync(
      'frigate/events',
      frigate('update', {
        top_score: 0.87,
        current_zones: ['driveway'],
        entered_zones: ['driveway'],
        has_snapshot: true,
      }),
    );
    await pub.publishAsync(
      'frigate/events',
      frigate('end', {
        top_score: 0.87,
        entered_zones: ['driveway'],
        has_snapshot: true,
        has_clip: true,
        end_time: 1714560012.5,
      }),
    );
    await waitFor(() => sink.events.length === 3, 'three Frigate messages stored');

    const events = sink.events.map((e) => e.event);
    expect(new Set(events.map((e) => e.externalId))).toEqual(new Set(['1714560000.123-abc']));
    const last = events.at(-1)!;
    expect(last).toMatchObject({
      message: 'person detected on front_door (zones: driveway) — score 0.87',
      kind: 'detection',
      label: 'person',
      device: 'front_door',
      time: 1714560000123,
    });
    expect(last.attributes).toMatchObject({
      frigateType: 'end',
      zones: ['driveway'],
      score: 0.87,
      hasSnapshot: true,
      hasClip: true,
      endTime: 1714560012500,
    });
    expect(sink.events.every((e) => e.scope === SCOPE)).toBe(true);
  });

  it('maps other topics through the configured field mapping, JSON and plain text', async () => {
    const { sink, rejections } = await startSource({
      topics: ['sensors/#'],
      frigate: false,
      mappings: [
        {
          topic: 'sensors/+/alarm',
          messageField: 'alarm.text',
          severityField: 'alarm.level',
          deviceField: 'unit',
          externalIdField: 'alarm.id',
        },
        { topic: 'sensors/#', device: 'gateway-1' },
      ],
    });
    const pub = await publisher();
    await pub.publishAsync(
      'sensors/pump3/alarm',
      JSON.stringify({ unit: 'pump-3', alarm: { id: 42, text: 'Pressure low', level: 'warn' } }),
    );
    await pub.publishAsync('sensors/door/state', 'door opened');
    await waitFor(() => sink.events.length === 2, 'both device messages stored');

    const [alarm, door] = sink.events.map((e) => e.event);
    expect(alarm).toMatchObject({ message: 'Pressure low', severity: 'warn', device: 'pump-3', externalId: '42' });
    expect(alarm!.attributes).toMatchObject({ topic: 'sensors/pump3/alarm', data: { unit: 'pump-3' } });
    expect(door).toMatchObject({ message: 'door opened', device: 'gateway-1', kind: 'device' });
    expect(rejections).toEqual([]);
  });

  it('rejects and counts oversized, garbage and incomplete messages, and keeps receiving', async () => {
    const { sink, rejections } = await startSource({
      topics: ['frigate/events', 'plant/#'],
      maxPayloadBytes: 1024,
      mappings: [{ topic: 'plant/#', messageField: 'msg' }],
    });
    const pub = await publisher();
    await pub.publishAsync('frigate/events', frigate('new', { camera: 'x'.repeat(2000) }));
    await pub.publishAsync('frigate/events', Buffer.from([0xff, 0x00, 0x13, 0x37, 0xde, 0xad]));
    await pub.publishAsync('frigate/events', JSON.stringify({ type: 'new', after: { id: 'a', label: 'car' } }));
    await pub.publishAsync('plant/boiler', JSON.stringify({ note: 'no msg field' }));
    await pub.publishAsync('frigate/events', frigate('new', { id: 'after-garbage', label: 'car' }));
    await waitFor(() => sink.events.length === 1, 'the valid message after the bad ones');

    expect(sink.events[0]!.event).toMatchObject({ externalId: 'after-garbage', label: 'car' });
    expect(rejections).toHaveLength(4);
    expect(rejections[0]).toMatch(/larger than maxPayloadBytes \(1024\)/);
    expect(rejections[1]).toMatch(/not JSON/);
    expect(rejections[2]).toMatch(/missing after\.camera/);
    expect(rejections[3]).toMatch(/"msg"/);
  });

  it('delivers QoS 1 messages published while the source was stopped once it starts again', async () => {
    const sourceId = 'mqtt-persistent';
    const first = await startSource({ topics: ['site/log'], mappings: [{ topic: 'site/log' }] }, sourceId);
    harnesses.splice(harnesses.indexOf(first), 1);
    first.abort.abort();
    await first.running.stop();

    const pub = await publisher();
    await pub.publishAsync('site/log', 'generator started while Outpost was closed', { qos: 1 });
    const second = await startSource({ topics: ['site/log'], mappings: [{ topic: 'site/log' }] }, sourceId);
    await waitFor(() => second.sink.events.length === 1, 'the queued message after restart');
    expect(second.sink.events[0]!.event.message).toBe('generator started while Outpost was closed');
  });

  it('test() connects and subscribes to a running broker, and explains a closed port', async () => {
    const ok = await mqttSource.test(
      MqttConfigSchema.parse({ url: brokerUrl, username: 'operator', password: 'hunter2-secret' }),
    );
    expect(ok.ok).toBe(true);
    expect(ok.message).toContain(`127.0.0.1:${port}`);

    const closedPort = await freePort();
    const failed = await mqttSource.test(
      MqttConfigSchema.parse({ url: `mqtt://user:hunter2-secret@127.0.0.1:${closedPort}` }),
    );
    expect(failed.ok).toBe(false);
    expect(failed.message).toMatch(/Could not connect to the MQTT broker mqtt:\/\/user:\*\*\*@127\.0\.0\.1/);
    expect(failed.message).toMatch(/connection refused/);
    expect(failed.message).not.toContain('hunter2');
  });

  it('start() fails with a clear message when the broker is unreachable', async () => {
    const closedPort = await freePort();
    const abort = new AbortController();
    const attempt = mqttSource.start!({
      sourceId: 'mqtt-down',
      scope: SCOPE,
      config: MqttConfigSchema.parse({ url: `mqtt://127.0.0.1:${closedPort}` }),
      sink: createMemorySink(),
      checkpoint: createMemoryCheckpoints().for('mqtt-down'),
      blobs: createMemoryBlobs(),
      files: NO_FILES,
      logger: createMemoryLogger(),
      signal: abort.signal,
      reject: () => undefined,
      markOk: () => undefined,
      fail: () => undefined,
    });
    await expect(attempt).rejects.toThrow(/connection refused/);
  });
});

describe('mqtt source losing its broker', () => {
  let own: TestBroker | undefined;
  let supervisor: SourceSupervisor | undefined;
  afterEach(async () => {
    await supervisor?.stopAll();
    await own?.stop();
  });

  it('turns degraded naming the broker when it stops, and ok with messages flowing once it is back', async () => {
    own = await startMosquitto(await freePort());
    const url = own.url;
    const sink = createMemorySink();
    supervisor = createSourceSupervisor({
      sink,
      blobs: createMemoryBlobs(),
      checkpointsFor: createMemoryCheckpoints().for,
      logger: createMemoryLogger(),
    });
    const sup = supervisor;
    await sup.start({
      id: 'mqtt-flaky',
      kind: 'mqtt',
      name: 'Gate cameras',
      scope: SCOPE,
      config: { url, topics: ['gate/log'], frigate: false, mappings: [{ topic: 'gate/log' }] },
    });
    expect(sup.health('mqtt-flaky')).toMatchObject({ state: 'ok', lastError: null });

    const before = await connectAsync(url, { clientId: 'pub-before', reconnectPeriod: 0 });
    await before.publishAsync('gate/log', 'gate opened', { qos: 1 });
    await waitFor(() => sink.of('mqtt-flaky').length === 1, 'the message before the broker stopped');
    await before.endAsync(true);

    await own.stop();
    await waitFor(() => sup.health('mqtt-flaky')?.state === 'degraded', 'degraded after the broker stopped');
    const lost = sup.health('mqtt-flaky')!;
    expect(lost.lastError).toContain(`MQTT broker ${url}`);
    expect(lost.lastErrorAt).toEqual(expect.any(Number));
    expect(lost.breaker).toBe('closed');

    own = await startMosquitto(own.port);
    // mqtt.js retries every 5 s; its reconnect resubscribes (the new broker kept no session).
    await waitFor(() => sup.health('mqtt-flaky')?.state === 'ok', 'ok after the broker came back', 20_000);
    const after = await connectAsync(url, { clientId: 'pub-after', reconnectPeriod: 0 });
    try {
      // Retained: delivered whether the source's resubscription reaches the broker before or after it.
      await after.publishAsync('gate/log', 'gate closed', { qos: 1, retain: true });
      await waitFor(() => sink.of('mqtt-flaky').length === 2, 'a message after the broker came back');
    } finally {
      await after.endAsync(true);
    }
    expect(sink.of('mqtt-flaky').map((e) => e.message)).toEqual(['gate opened', 'gate closed']);
  });
});

describe('mqtt config', () => {
  it('names the field of a bad URL or topic filter', () => {
    const bad = MqttConfigSchema.safeParse({ url: 'http://broker', topics: ['a/#/b'] });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['url', 'topics.0']));
    const noUser = MqttConfigSchema.safeParse({ url: 'mqtt://broker', password: 'x' });
    expect(noUser.error?.issues.map((i) => i.path.join('.'))).toEqual(['username']);
  });
});
