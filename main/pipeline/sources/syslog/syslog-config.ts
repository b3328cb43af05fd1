import { z } from 'zod';

export const SyslogConfigSchema = z
  .object({
    protocol: z.enum(['udp', 'tcp', 'both']).default('both'),
    host: z.string().trim().min(1, 'is required').default('127.0.0.1'),
    port: z.number().int().min(1, 'must be 1–65535').max(65535, 'must be 1–65535'),
    /** Largest message (UDP datagram or TCP frame) accepted; bigger ones are rejected and counted. */
    maxMessageBytes: z
      .number()
      .int()
      .min(480, 'must be at least 480 bytes (RFC 5424 §6.1)')
      .max(16 * 1024 * 1024, 'must be at most 16 MiB')
      .default(64 * 1024),
  })
  .strict();
export type SyslogConfig = z.infer<typeof SyslogConfigSchema>;
