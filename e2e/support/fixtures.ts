import { test as base, expect } from '@playwright/test';
import { ADMIN, startOutpost, type OutpostServer } from './outpost-server.js';

export interface OutpostFixtures {
  /** A fresh `outpost serve` (own data folder, an admin already created) for this test. */
  outpost: OutpostServer;
  admin: typeof ADMIN;
}

export const test = base.extend<OutpostFixtures>({
  outpost: async ({}, use, testInfo) => {
    const server = await startOutpost();
    try {
      await use(server);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('outpost-serve.log', { body: server.output(), contentType: 'text/plain' });
      }
      await server.stop();
    }
  },
  admin: async ({}, use) => {
    await use(ADMIN);
  },
  baseURL: async ({ outpost }, use) => {
    await use(outpost.url);
  },
});

export { expect };
