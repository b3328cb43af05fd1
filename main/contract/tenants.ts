import { z } from 'zod';
import { defineMethod } from './method.js';
import { Id, Millis } from './common.js';
import { Slug } from './sites.js';
import { SingleLine } from './text-rules.js';
import { Email, Password, User } from './users.js';

/**
 * Tenants of the installation, managed by installation admins only (`access: 'installation'`).
 * A tenant's own admins manage its users, sites and everything else; they never see these.
 */
export const Tenant = z.object({
  id: Id,
  slug: z.string(),
  name: z.string(),
  createdAt: Millis,
  /** Set while disabled: its users cannot sign in and its sources do not run. */
  disabledAt: Millis.nullable(),
  /** Users of the tenant (counted, never listed: they are the tenant's business). */
  users: z.number().int().nonnegative(),
});
export type Tenant = z.infer<typeof Tenant>;

export const CreateTenantInput = z
  .object({
    slug: Slug,
    name: SingleLine(120),
    /** The tenant's first admin, so it can be handed over at once. */
    admin: z
      .object({ email: Email, name: SingleLine(120).optional(), password: Password })
      .strict()
      .optional(),
  })
  .strict();

const BySlug = z.object({ slug: Slug }).strict();

export const tenantsMethods = {
  'tenants.list': defineMethod({
    name: 'tenants.list',
    summary: 'Every tenant of the installation, by slug, with its user count. Installation admins only.',
    input: z.object({}).strict(),
    output: z.object({ tenants: z.array(Tenant) }),
    access: 'installation',
    tenantScoped: false,
    mutates: false,
  }),
  'tenants.create': defineMethod({
    name: 'tenants.create',
    summary: 'Creates a tenant (and, optionally, its first admin). Slugs are unique across the installation.',
    input: CreateTenantInput,
    output: z.object({ tenant: Tenant, admin: User.nullable() }),
    access: 'installation',
    tenantScoped: false,
    mutates: true,
  }),
  'tenants.disable': defineMethod({
    name: 'tenants.disable',
    summary: "Disables a tenant: its users' sessions end, they cannot sign in, its sources stop. Nothing is deleted.",
    input: BySlug,
    output: Tenant,
    access: 'installation',
    tenantScoped: false,
    mutates: true,
  }),
  'tenants.enable': defineMethod({
    name: 'tenants.enable',
    summary: 'Enables a disabled tenant again: its users can sign in and its enabled sources start.',
    input: BySlug,
    output: Tenant,
    access: 'installation',
    tenantScoped: false,
    mutates: true,
  }),
};
