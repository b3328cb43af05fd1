import { z } from 'zod';
import { defineMethod } from './method.js';
import { Id, Millis } from './common.js';
import { ExternalStatusConfigSchema } from './integration-config.js';
import { StatusMappingSchema } from './status-mapping.js';
import { EntityStatus } from './sitemap.js';

/**
 * A site's status integration: where overlay colours come from. `internal` reads device health and
 * open alerts from the pipeline; `external` polls an HTTP JSON API. Either way the status mapping
 * turns raw values into Outpost's normalised statuses.
 */
export const IntegrationKindSchema = z.enum(['internal', 'external']);

export const Integration = z.object({
  siteId: Id,
  kind: IntegrationKindSchema,
  /** Present for `external`. The auth header's value is shown as SECRET_MASK. */
  external: ExternalStatusConfigSchema.nullable(),
  statusMapping: StatusMappingSchema,
  /** Internal integration: a device not heard from for this long is `offline`. */
  offlineAfterMinutes: z.number().int(),
  updatedAt: Millis.nullable(),
});
export type Integration = z.infer<typeof Integration>;

export const SetIntegrationInput = z
  .object({
    siteId: Id,
    kind: IntegrationKindSchema,
    /** Required for `external`. Sending the masked auth header value back keeps the stored one. */
    external: ExternalStatusConfigSchema.optional(),
    statusMapping: StatusMappingSchema.default({ rules: [], custom: [] }),
    offlineAfterMinutes: z.number().int().min(1).max(10_080).default(10),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.kind === 'external' && input.external === undefined) {
      ctx.addIssue({ code: 'custom', path: ['external'], message: 'is required for an external integration' });
    }
  });
export type SetIntegrationInput = z.input<typeof SetIntegrationInput>;

export const integrationsMethods = {
  'integrations.get': defineMethod({
    name: 'integrations.get',
    summary: "The site's status integration and status mapping (internal until one is set).",
    input: z.object({ siteId: Id }).strict(),
    output: Integration,
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'integrations.set': defineMethod({
    name: 'integrations.set',
    summary: "Sets the site's status integration (internal, or an external HTTP JSON API) and status mapping.",
    input: SetIntegrationInput,
    output: Integration,
    access: 'technician',
    tenantScoped: true,
    mutates: true,
  }),
  'integrations.test': defineMethod({
    name: 'integrations.test',
    summary: 'Asks the integration once, without saving or caching, and shows what it answered and how it maps.',
    input: SetIntegrationInput,
    output: z.object({
      items: z.number().int().nonnegative(),
      /** The first items, mapped. */
      sample: z.array(EntityStatus),
      unmapped: z.array(z.string()),
      problems: z.array(z.string()),
      durationMs: z.number().nonnegative(),
    }),
    access: 'technician',
    tenantScoped: true,
    mutates: false,
  }),
};
