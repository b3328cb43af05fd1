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

/** A user as the Users page shows them: the account, whether it is disabled, and its invitation. */
export const ManagedUser = User.extend({
  disabledAt: Millis.nullable(),
  /** Until when an unused invitation works; null when the user has set a password (or it expired). */
  invitedUntil: Millis.nullable(),
  lastSignInAt: Millis.nullable(),
});
export type ManagedUser = z.infer<typeof ManagedUser>;

/**
 * A one-time link for setting a password (an invitation or a reset). The token is shown once: only
 * its SHA-256 is kept. The app's address for it is `/set-password#<token>`.
 */
export const PasswordLink = z.object({
  token: z.string(),
  expiresAt: Millis,
});
export type PasswordLink = z.infer<typeof PasswordLink>;

export const InviteUserInput = z
  .object({
    email: Email,
    name: SingleLine(120).optional(),
    role: RoleSchema,
  })
  .strict();

export const UpdateUserInput = z
  .object({
    id: Id,
    name: SingleLine(120).optional(),
    role: RoleSchema.optional(),
    /** True disables the account (its sessions end at once); false enables it again. */
    disabled: z.boolean().optional(),
  })
  .strict();

const UserIdInput = z.object({ id: Id }).strict();

export const usersMethods = {
  'users.list': defineMethod({
    name: 'users.list',
    summary: "Users of the caller's tenant.",
    input: Empty,
    output: z.object({ users: z.array(ManagedUser) }),
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
  'users.invite': defineMethod({
    name: 'users.invite',
    summary:
      "Adds a user to the caller's tenant with an invitation link (single use, expiring) for them to set their own password; the token is shown once.",
    input: InviteUserInput,
    output: z.object({ user: ManagedUser, link: PasswordLink }),
    access: 'admin',
    tenantScoped: true,
    mutates: true,
  }),
  'users.update': defineMethod({
    name: 'users.update',
    summary:
      "Changes a user's name or role, or disables or enables them. The tenant's last enabled admin cannot be demoted or disabled.",
    input: UpdateUserInput,
    output: ManagedUser,
    access: 'admin',
    tenantScoped: true,
    mutates: true,
  }),
  'users.resetPassword': defineMethod({
    name: 'users.resetPassword',
    summary:
      "Ends the user's password and sessions at once and hands out a one-time link (single use, expiring) for them to set a new one.",
    input: UserIdInput,
    output: z.object({ link: PasswordLink }),
    access: 'admin',
    tenantScoped: true,
    mutates: true,
  }),
  'users.revokeSessions': defineMethod({
    name: 'users.revokeSessions',
    summary: 'Signs the user out everywhere: every session of theirs ends at once.',
    input: UserIdInput,
    output: z.object({ revoked: z.number().int().nonnegative() }),
    access: 'admin',
    tenantScoped: true,
    mutates: true,
  }),
};
