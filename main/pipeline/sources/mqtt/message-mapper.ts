import { normalizeEvent } from '../../stages/index.js';
import type { MqttConfig } from './mqtt-config.js';
import { frigateEvent, isFrigateEventsTopic } from './frigate-event.js';
import { mappedEvent } from './generic-mapping.js';
import { rejected, type MappedMessage } from './mapped-message.js';
import { topicMatches } from './topic-match.js';

/**
 * Turns one MQTT message into an event or a rejection reason. A configured mapping wins over the
 * Frigate reading, so a user can map a topic Frigate-like names would otherwise claim. The event
 * is checked with the pipeline's own normaliser here, so one bad message is rejected alone
 * instead of failing the batch it would have joined.
 */
export function mapMessage(config: MqttConfig, topic: string, payload: Buffer, now = Date.now()): MappedMessage {
  if (payload.length > config.maxPayloadBytes) {
    return rejected(
      `Payload of ${payload.length} bytes on ${topic} is larger than maxPayloadBytes (${config.maxPayloadBytes}); ` +
        'raise the limit or send smaller messages.',
    );
  }
  const mapping = config.mappings.find((m) => topicMatches(m.topic, topic));
  let mapped: MappedMessage;
  if (mapping) mapped = mappedEvent(mapping, topic, payload);
  else if (config.frigate && isFrigateEventsTopic(topic)) mapped = frigateEvent(topic, payload);
  else return rejected(`No mapping for topic ${topic}: add one under mappings, or subscribe to fewer topics.`);
  if ('reject' in mapped) return mapped;
  try {
    normalizeEvent(mapped.event, now);
  } catch (err) {
    return rejected(`Message on ${topic}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return mapped;
}
