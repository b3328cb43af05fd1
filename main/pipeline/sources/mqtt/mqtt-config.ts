import { z } from 'zod';

const TopicFilter = z
  .string()
  .min(1, 'Must not be empty')
  .max(1024)
  .refine((filter) => topicFilterProblem(filter) === null, {
    error: (issue) => topicFilterProblem(String(issue.input)) ?? 'Invalid topic filter',
  });

/** `+` must fill a whole level and `#` must be the last level (MQTT 3.1.1 §4.7.1). */
export function topicFilterProblem(filter: string): string | null {
  const levels = filter.split('/');
  for (const [i, level] of levels.entries()) {
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) {
      return `"#" must be the whole last level of "${filter}" (e.g. "sensors/#")`;
    }
    if (level.includes('+') && level !== '+') return `"+" must be a whole level of "${filter}" (e.g. "sensors/+/door")`;
  }
  return null;
}

/** A dot path into the JSON payload, e.g. `data.level` or `readings.0.value`. */
const FieldPath = z.string().min(1).max(200);

export const MqttMappingSchema = z
  .object({
    /** Which topics this mapping handles (`+` and `#` wildcards). */
    topic: TopicFilter,
    /** Where the message is in a JSON payload; a plain-text payload is the message itself. */
    messageField: FieldPath.optional(),
    severityField: FieldPath.optional(),
    deviceField: FieldPath.optional(),
    labelField: FieldPath.optional(),
    externalIdField: FieldPath.optional(),
    /** A fixed device name for everything on these topics (deviceField wins when present). */
    device: z.string().min(1).max(200).optional(),
  })
  .strict();
export type MqttMapping = z.infer<typeof MqttMappingSchema>;

export const MqttConfigSchema = z
  .object({
    url: z
      .string()
      .regex(/^mqtts?:\/\/[^/\s]+/i, 'Must be an mqtt:// or mqtts:// URL with a host, e.g. mqtt://192.168.1.10:1883'),
    username: z.string().min(1).max(200).optional(),
    password: z.string().max(1000).optional(),
    clientId: z.string().min(1).max(200).optional(),
    topics: z.array(TopicFilter).min(1, 'Subscribe to at least one topic').max(100).default(['frigate/events']),
    /** Read `<prefix>/events` topics as Frigate's event messages. */
    frigate: z.boolean().default(true),
    /**
     * Frigate's HTTP API (e.g. http://frigate.local:5000): when set, the snapshot and clip of each
     * ended event are fetched from it and attached to the event (retried, never holding the event up).
     */
    frigateApiUrl: z
      .url({ protocol: /^https?$/, error: 'Must be an http(s) URL of the Frigate host, e.g. http://192.168.1.20:5000' })
      .refine((u) => !new URL(u).username && !new URL(u).password, 'Must not hold a user name or password')
      .optional(),
    mappings: z.array(MqttMappingSchema).max(100).default([]),
    maxPayloadBytes: z
      .number()
      .int()
      .min(1024)
      .max(16 * 1024 * 1024)
      .default(256 * 1024),
  })
  .strict()
  // MQTT 3.1.1 has no password without a user name; brokers drop such a connection without a reason.
  .refine((c) => c.password === undefined || c.username !== undefined, {
    path: ['username'],
    message: 'A password needs a username; fill in the username too',
  });
export type MqttConfig = z.infer<typeof MqttConfigSchema>;
