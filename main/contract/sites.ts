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
};
