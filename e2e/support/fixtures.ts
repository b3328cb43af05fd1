import { test as base, expect } from '@playwright/test';
import { ADMIN, startOutpost, type OutpostServer } from './outpost-server.js';

export interface OutpostFixtures {
  /** Extra environment for `outpost serve` (`test.use({ outpostEnv: {…} })`), e.g. a shorter cache. */
  outpostEnv: Record<string, string>;
  /** A fresh `outpost serve` (own data folder, an admin already created) for this test. */
  outpost: OutpostServer;
  admin: typeof ADMIN;
}

export const test = base.extend<OutpostFixtures>({
  outpostEnv: [{}, { option: true }],
  outpost: async ({ outpostEnv }, use, testInfo) => {
    const server = await startOutpost({ env: outpostEnv });
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
