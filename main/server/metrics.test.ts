import { describe, expect, it } from 'vitest';
import { answer, useServerFixture } from './test-support/server-fixture.js';

const fx = useServerFixture();

describe('/metrics', () => {
  it("also holds the Core's SQL statement times, by statement name", async () => {
    expect((await fx.rpc('sites.list', {}, fx.adminToken)).status).toBe(200);
    const result = await fetch(`${fx.server.url}/metrics`).then(answer);
    expect(result.status).toBe(200);
    expect(result.body).toContain('# TYPE http_request_duration_seconds histogram');
    expect(result.body).toContain('# TYPE sqlite_statement_duration_seconds histogram');
    expect(result.body).toMatch(/^sqlite_statement_duration_seconds_count\{statement="sites\.select_sites"\} [1-9]/m);
  });
});
