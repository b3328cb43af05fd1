import { z } from 'zod';
import { defineMethod } from './method.js';
import { Empty, Id, Millis } from './common.js';
import { SiteRemovalImpact } from './sites.js';

/** The sample site: a first look at Outpost with made-up data, removable in one click. */
export const SampleStatus = z.object({
  /** The tenant's sample site, when one is loaded. */
  siteId: Id.nullable(),
  /** Until when the sample keeps sending events (null when it is not sending). */
  streamingUntil: Millis.nullable(),
});
export type SampleStatus = z.infer<typeof SampleStatus>;

export const sampleMethods = {
  'sample.status': defineMethod({
    name: 'sample.status',
    summary: 'Whether the tenant has the sample site loaded, and whether it is still sending events.',
    input: Empty,
    output: SampleStatus,
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'sample.load': defineMethod({
    name: 'sample.load',
    summary:
      'Creates the sample site (a drawn map with overlays, devices and cameras, the internal status source, alert rules) and sends it realistic events, spikes included, for a few minutes.',
    input: z.object({ minutes: z.number().int().min(1).max(60).default(5) }).strict(),
    output: SampleStatus,
    access: 'admin',
    tenantScoped: true,
    mutates: true,
  }),
  'sample.remove': defineMethod({
    name: 'sample.remove',
    summary: 'Removes the sample site and everything it made (its events, map, rules and alerts).',
    input: Empty,
    output: z.object({ removed: SiteRemovalImpact.nullable() }),
    access: 'admin',
    tenantScoped: true,
    mutates: true,
  }),
};
