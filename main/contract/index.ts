import type { z } from 'zod';
import { systemMethods } from './system.js';
import { authMethods } from './auth.js';
import { usersMethods } from './users.js';
import { tenantsMethods } from './tenants.js';
import { sitesMethods } from './sites.js';
import { eventsMethods } from './events.js';
import { groupsMethods } from './groups.js';
import { alertsMethods } from './alerts.js';
import { sourcesMethods } from './sources.js';
import { devicesMethods } from './devices.js';
import { searchMethods } from './search.js';
import { sitemapMethods } from './sitemap.js';
import { integrationsMethods } from './integrations.js';
import { releasesMethods } from './releases.js';
import { tunnelsMethods } from './tunnels.js';
import { mediaMethods } from './media.js';
import { archiveMethods } from './archive.js';
import { homeMethods } from './home.js';
import { sampleMethods } from './sample.js';
import { syncMethods } from './sync.js';

export * from './roles.js';
export * from './errors.js';
export * from './method.js';
export * from './text-rules.js';
export * from './common.js';
export * from './system.js';
export * from './auth.js';
export * from './users.js';
export * from './tenants.js';
export * from './sites.js';
export * from './events.js';
export * from './groups.js';
export * from './alerts.js';
export * from './sources.js';
export * from './devices.js';
export * from './search.js';
export * from './search-terms.js';
export * from './sitemap-model.js';
export * from './status-mapping.js';
export * from './integration-config.js';
export * from './release-manifest.js';
export * from './sitemap.js';
export * from './integrations.js';
export * from './releases.js';
export * from './tunnels-model.js';
export * from './tunnels.js';
export * from './media.js';
export * from './archive.js';
export * from './home.js';
export * from './sample.js';
export * from './sync.js';
export * from './topics.js';
export type * from './bridge.js';

/** Every method of the API. A method missing from here does not exist on any transport. */
export const methods = {
  ...systemMethods,
  ...authMethods,
  ...usersMethods,
  ...tenantsMethods,
  ...sitesMethods,
  ...eventsMethods,
  ...groupsMethods,
  ...alertsMethods,
  ...sourcesMethods,
  ...devicesMethods,
  ...searchMethods,
  ...sitemapMethods,
  ...integrationsMethods,
  ...releasesMethods,
  ...tunnelsMethods,
  ...mediaMethods,
  ...archiveMethods,
  ...homeMethods,
  ...sampleMethods,
  ...syncMethods,
};

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type InputOf<M extends MethodName> = z.input<Methods[M]['input']>;
export type OutputOf<M extends MethodName> = z.output<Methods[M]['output']>;
export const METHOD_NAMES = Object.keys(methods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}
