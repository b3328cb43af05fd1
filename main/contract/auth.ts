import { z } from 'zod';
import { defineMethod } from './method.js';
import { Empty, Millis, Ok } from './common.js';
import { Slug } from './sites.js';
import { User } from './users.js';

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
};
