import { z } from 'zod';
import { defineMethod } from './method.js';
import { Empty, Id, Millis } from './common.js';
import { ROLES } from './roles.js';
import { SingleLine } from './text-rules.js';

export const RoleSchema = z.enum(ROLES);

export const User = z.object({
  id: Id,
  tenantId: Id,
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  /** May manage the installation's tenants (`tenants.*`); grants nothing inside other tenants. */
  installationAdmin: z.boolean(),
  createdAt: Millis,
});
export type User = z.infer<typeof User>;

export const Email = z.string().trim().toLowerCase().pipe(z.email('must be an email address').max(254));
export const Password = z.string().min(12, 'must be at least 12 characters').max(256, 'must be at most 256 characters');

export const CreateUserInput = z
  .object({
    email: Email,
    name: SingleLine(120).optional(),
    role: RoleSchema,
    password: Password,
  })
  .strict();

export const usersMethods = {
  'users.list': defineMethod({
    name: 'users.list',
    summary: "Users of the caller's tenant.",
    input: Empty,
    output: z.object({ users: z.array(User) }),
    access: 'admin',
    tenantScoped: true,
    mutates: false,
  }),
  'users.create': defineMethod({
    name: 'users.create',
    summary:
      "Creates a local user in the caller's tenant. Emails are unique per tenant, so the answer never depends on other tenants.",
    input: CreateUserInput,
    output: User,
    access: 'admin',
    tenantScoped: true,
    mutates: true,
  }),
};
