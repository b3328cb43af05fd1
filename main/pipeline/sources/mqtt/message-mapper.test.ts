import { describe, expect, it } from 'vitest';
import { MqttConfigSchema } from './mqtt-config.js';
import { mapMessage } from './message-mapper.js';
import { topicMatches } from './topic-match.js';

const NOW = Date.UTC(2024, 4, 1, 12);
const config = MqttConfigSchema.parse({
  url: 'mqtt://broker',
  topics: ['frigate/events', 'nvr/events', 'tele/#'],
  mappings: [{ topic: 'tele/+/SENSOR', messageField: 'msg', severityField: 'level' }],
});

describe('topicMatches', () => {
  it('follows the MQTT wildcard rules', () => {
    expect(topicMatches('a/+/c', 'a/b/c')).toBe(true);
    expect(topicMatches('a/+/c', 'a/b/d/c')).toBe(false);
    expect(topicMatches('a/#', 'a')).toBe(true);
    expect(topicMatches('a/#', 'a/b/c')).toBe(true);
    expect(topicMatches('#', '$SYS/broker/uptime')).toBe(false);
    expect(topicMatches('a/b', 'a/b/c')).toBe(false);
  });
});

describe('mapMessage', () => {
  it('reads Frigate events on any topic prefix, with the newer [name, score] sub_label', () => {
    const payload = Buffer.from(
      JSON.stringify({
        type: 'new',
        after: {
          id: 'x1',
          camera: 'gate',
          label: 'person',
          sub_label: ['Alice', 0.9],
          score: 0.5,
          start_time: 1714564800,
        },
      }),
    );
    const mapped = mapMessage(config, 'nvr/events', payload, NOW);
    expect(mapped).toEqual({
      event: expect.objectContaining({ message: 'person (Alice) detected on gate — score 0.50', time: 1714564800000 }),
    });
  });

  it('rejects what the pipeline would refuse, alone, with the reason', () => {
    const badLevel = Buffer.from(JSON.stringify({ msg: 'hot', level: 'very loud' }));
    const mapped = mapMessage(config, 'tele/boiler/SENSOR', badLevel, NOW);
    expect('reject' in mapped && mapped.reject).toMatch(/tele\/boiler\/SENSOR.*severity/);
    const unmapped = mapMessage(config, 'tele/boiler/STATE', Buffer.from('{}'), NOW);
    expect('reject' in unmapped && unmapped.reject).toMatch(/No mapping for topic tele\/boiler\/STATE/);
  });
});
