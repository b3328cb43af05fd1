import { z } from 'zod';
import { defineMethod } from './method.js';
import { Empty, Millis, Ok } from './common.js';
import { SingleLine } from './text-rules.js';
import { Slug } from './sites.js';
import { Email, Password, User } from './users.js';

/** The tenant people sign in to when they name none: single-tenant installations never see another. */
export const DEFAULT_TENANT_SLUG = 'default';

export const LoginInput = z
  .object({
    /** The tenant's slug; its users' emails are unique only inside it. */
    tenant: Slug.default(DEFAULT_TENANT_SLUG),
    email: z.string().trim().toLowerCase().min(1, 'is required').max(254),
    password: z.string().min(1, 'is required').max(256),
  })
  .strict();

export const LoginResult = z.object({
  token: z.string(),
  expiresAt: Millis,
  user: User,
});
export type LoginResult = z.infer<typeof LoginResult>;

/** A one-time link's token: 32 random bytes, base64url. */
export const LinkToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the token of a link (43 characters)');

export const authMethods = {
  'auth.login': defineMethod({
    name: 'auth.login',
    summary:
      'Exchanges a tenant (its slug; `default` when omitted), an email and a password for a session token (a signed JWT).',
    input: LoginInput,
    output: LoginResult,
    access: 'public',
    tenantScoped: false,
    mutates: false,
  }),
  'auth.logout': defineMethod({
    name: 'auth.logout',
    summary: 'Revokes the session whose token made the call.',
    input: Empty,
    output: Ok,
    access: 'viewer',
    tenantScoped: false,
    mutates: false,
  }),
  'auth.me': defineMethod({
    name: 'auth.me',
    summary: 'The user behind the calling session.',
    input: Empty,
    output: User,
    access: 'viewer',
    tenantScoped: false,
    mutates: false,
  }),
  'auth.firstRun': defineMethod({
    name: 'auth.firstRun',
    summary: 'Whether the installation has no user yet, so the app offers to create the first admin.',
    input: Empty,
    output: z.object({ needed: z.boolean() }),
    access: 'public',
    tenantScoped: false,
    mutates: false,
  }),
  'auth.createFirstAdmin': defineMethod({
    name: 'auth.createFirstAdmin',
    summary:
      "Creates the installation's first admin (an installation admin, in the default organisation). Works only while the installation has no user; rate-limited per address.",
    input: z.object({ email: Email, name: SingleLine(120).optional(), password: Password }).strict(),
    output: User,
    access: 'public',
    tenantScoped: false,
    mutates: true,
  }),
  'auth.passwordLink': defineMethod({
    name: 'auth.passwordLink',
    summary: 'Who a one-time password link is for (invitation or reset), while it is unused and unexpired.',
    input: z.object({ token: LinkToken }).strict(),
    output: z.object({
      purpose: z.enum(['invite', 'reset']),
      email: z.string(),
      tenant: z.string(),
      expiresAt: Millis,
    }),
    access: 'public',
    tenantScoped: false,
    mutates: false,
  }),
  'auth.setPassword': defineMethod({
    name: 'auth.setPassword',
    summary:
      "Sets the password of the user a one-time link is for; the link is used up and the user's other sessions end. Then sign in.",
    input: z.object({ token: LinkToken, password: Password }).strict(),
    /** `tenant`: the organisation's slug to sign in to. */
    output: z.object({ user: User, tenant: z.string() }),
    access: 'public',
    tenantScoped: false,
    mutates: true,
  }),
};
