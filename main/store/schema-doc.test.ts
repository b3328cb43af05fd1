import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freshSchemaMarkdown, SCHEMA_DOC } from './schema-doc.js';

describe('SCHEMA.md', () => {
  it('is what the migrations make today (run `npm run schema:doc` after changing a migration)', async () => {
    const committed = readFileSync(SCHEMA_DOC, 'utf8');
    const fresh = await freshSchemaMarkdown();
    expect(committed, 'main/store/SCHEMA.md is stale: run `npm run schema:doc` and commit it').toBe(fresh);
  });

  it('lists tables with their columns, indexes and triggers', async () => {
    const doc = await freshSchemaMarkdown();
    expect(doc).toContain('## events\n');
    expect(doc).toMatch(/\| tenant_id \| TEXT \| yes \|/);
    expect(doc).toContain('- events_site_time: `CREATE INDEX events_site_time ON events (tenant_id, site_id, time)`');
    expect(doc).toContain('## events_fts (virtual)');
    expect(doc).not.toContain('## events_fts_data');
    expect(doc).toMatch(/Triggers:\n\n- \w+/);
  });
});
