import { describe, expect, it } from 'vitest';
import { VIEWER, useServerFixture } from './test-support/server-fixture.js';

/** A live-update stream lives no longer than its session (logout, a disabled user or tenant, expiry). */
describe('GET /api/events after the session ends', () => {
  const fx = useServerFixture({ heartbeatMs: 100 });

  it('closes the stream at the next heartbeat once the session has ended', async () => {
    const token = await fx.login(VIEWER);
    const response = await fetch(`${fx.server.url}/api/events?topics=sites.changed`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    while (!seen.includes(': heartbeat')) seen += decoder.decode((await reader.read()).value, { stream: true });
    expect((await fx.rpc('auth.logout', {}, token)).status).toBe(200);
    // The stream ends by itself: read until done (the test's own timeout catches a stream that never ends).
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
  });
});
