import { z } from 'zod';
import { defineMethod } from './method.js';
import { Empty, Id, Millis } from './common.js';
import { SingleLine } from './text-rules.js';

export const Slug = z
  .string()
  .min(2, 'must be at least 2 characters')
  .max(64, 'must be at most 64 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single dashes');

export const Site = z.object({
  id: Id,
  tenantId: Id,
  name: z.string(),
  slug: z.string(),
  timezone: z.string(),
  address: z.string(),
  createdAt: Millis,
  updatedAt: Millis,
});
export type Site = z.infer<typeof Site>;

const Timezone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Paris');

export const CreateSiteInput = z
  .object({
    name: SingleLine(120),
    slug: Slug,
    timezone: Timezone.default('UTC'),
    address: z.string().trim().max(500).default(''),
  })
  .strict();

export const UpdateSiteInput = z
  .object({
    id: Id,
    name: SingleLine(120).optional(),
    slug: Slug.optional(),
    timezone: Timezone.optional(),
    address: z.string().trim().max(500).optional(),
  })
  .strict();

/** What removing a site takes with it; tunnel interfaces stop it until they are removed. */
export const SiteRemovalImpact = z.object({
  sources: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  groups: z.number().int().nonnegative(),
  alerts: z.number().int().nonnegative(),
  /** Rules that watch only this site (rules for every site stay). */
  alertRules: z.number().int().nonnegative(),
  devices: z.number().int().nonnegative(),
  overlays: z.number().int().nonnegative(),
  mapFiles: z.number().int().nonnegative(),
  /** Published releases: the site's public map and wall boards stop answering. */
  releases: z.number().int().nonnegative(),
  media: z.number().int().nonnegative(),
  retentionRules: z.number().int().nonnegative(),
  archiveTarget: z.boolean(),
  /** Names of the site's tunnel interfaces: remove them first (Settings → Tunnels). */
  tunnelInterfaces: z.array(z.string()),
  /** Hub peers that name the site: they stay, attached to no site. */
  tunnelPeers: z.number().int().nonnegative(),
  sample: z.boolean(),
});
export type SiteRemovalImpact = z.infer<typeof SiteRemovalImpact>;

export const sitesMethods = {
  'sites.list': defineMethod({
    name: 'sites.list',
    summary: "Sites of the caller's tenant, by name.",
    input: Empty,
    output: z.object({ sites: z.array(Site) }),
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'sites.create': defineMethod({
    name: 'sites.create',
    summary: 'Creates a site. Slugs are unique per tenant and name its public endpoints.',
    input: CreateSiteInput,
    output: Site,
    access: 'admin',
    tenantScoped: true,
    mutates: true,
  }),
  'sites.update': defineMethod({
    name: 'sites.update',
    summary: 'Changes the name, slug, time zone or address of a site.',
    input: UpdateSiteInput,
    output: Site,
    access: 'technician',
    tenantScoped: true,
    mutates: true,
  }),
  'sites.removalImpact': defineMethod({
    name: 'sites.removalImpact',
    summary: 'What removing the site would take with it (sources, events, groups, alerts, map, releases, media…).',
    input: z.object({ id: Id }).strict(),
    output: SiteRemovalImpact,
    access: 'admin',
    tenantScoped: true,
    mutates: false,
  }),
  'sites.remove': defineMethod({
    name: 'sites.remove',
    summary:
      "Removes a site and everything that belongs to it; `confirmSlug` must repeat the site's slug. Refused while the site has tunnel interfaces.",
    input: z.object({ id: Id, confirmSlug: z.string().min(1).max(64) }).strict(),
    output: z.object({ removed: SiteRemovalImpact }),
    access: 'admin',
    tenantScoped: true,
    mutates: true,
  }),
};
