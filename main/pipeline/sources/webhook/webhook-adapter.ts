import { z } from 'zod';
import type { SourceAdapter } from '../source-types.js';

export const WebhookConfigSchema = z
  .object({
    /** Accept a snapshot or clip alongside the event (multipart). */
    allowMedia: z.boolean().default(true),
  })
  .strict();
export type WebhookConfig = z.infer<typeof WebhookConfigSchema>;

/**
 * Webhooks are pushed: the HTTP route `POST /api/ingest/{sourceId}` calls the sink and reports
 * into the supervisor's health (recordAccepted / recordRejected). Nothing listens here.
 */
export const webhookAdapter: SourceAdapter<WebhookConfig> = {
  kind: 'webhook',
  configSchema: WebhookConfigSchema,
  test: () =>
    Promise.resolve({
      ok: true,
      message:
        'Ready: once added, the webhook gets its own address (POST /api/ingest/…) and a token to send events with.',
    }),
};
