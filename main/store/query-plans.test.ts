import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../native/sqlite/index.js';
import { databasePath, openStore, type SiteScope, type Store } from './index.js';
import { encodeCursor } from './keyset-cursor.js';
import { createSqliteStore } from './sqlite-store.js';
import { queryPlan, recordStatements, type RecordedRun } from './test-support/statement-recorder.js';

/**
 * How SQLite plans the hot reads, asked with EXPLAIN QUERY PLAN for exactly the statement and the
 * values each repository call ran: the intended index is used, and no table is read whole. A plan
 * that regresses (a dropped index, a rewritten WHERE the planner cannot use) fails here, not on a
 * customer's million-event database.
 */

let dataDir: string;
let raw: Database;
let runs: RecordedRun[];
let store: Store;
let scope: SiteScope;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'outpost-plans-'));
  (await openStore({ dataDir })).close();
  raw = openDatabase(databasePath(dataDir));
  const recorded = recordStatements(raw);
  runs = recorded.runs;
  store = createSqliteStore(recorded.db, databasePath(dataDir));
  const tenant = store.tenants.ensureDefault();
  scope = { tenantId: tenant.id, siteId: store.sites.ensureDefault({ tenantId: tenant.id }).id };
});

afterAll(() => {
  store?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The plan of the last read the call made. */
function planOf(call: () => unknown): string[] {
  runs.length = 0;
  call();
  const read = runs.filter((run) => /^\s*(SELECT|WITH)\b/i.test(run.sql)).at(-1);
  if (!read) throw new Error('The call ran no SELECT.');
  return queryPlan(raw, read);
}

/** Plan steps that read a whole table: a SCAN without an index (FTS matches and json_each are not tables). */
const fullScans = (plan: string[]) =>
  plan.filter((step) => /^SCAN /.test(step) && !/ USING (COVERING )?INDEX | VIRTUAL TABLE /.test(step));

function expectPlan(plan: string[], index: RegExp): void {
  expect(fullScans(plan), plan.join('\n')).toEqual([]);
  expect(
    plan.some((step) => index.test(step)),
    plan.join('\n'),
  ).toBe(true);
}

describe('event list pages', () => {
  const tenantOnly = () => ({ tenantId: scope.tenantId });
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['no filter', {}, /USING INDEX events_tenant_time \(tenant_id=\?\)/],
    ['a site', { siteId: 'site-1' }, /USING INDEX events_site_time \(tenant_id=\? AND site_id=\?\)/],
    ['a device', { device: 'cam-1' }, /USING INDEX events_device_time \(tenant_id=\? AND device=\?\)/],
    ['a group', { groupId: 'group-1' }, /USING INDEX events_group_time \(group_seq=\?\)/],
    ['a group and a device', { groupId: 'group-1', device: 'cam-1' }, /USING INDEX events_group_time/],
    ['a time range', { since: 1, until: 2 }, /USING INDEX events_tenant_time/],
    ['a label', { label: 'person' }, /USING INDEX events_tenant_time/],
    ['a severity', { severity: 'error' }, /USING INDEX events_tenant_time/],
    ['a kind', { kind: 'detection' }, /USING INDEX events_tenant_time/],
    ['acknowledged or not', { acknowledged: false }, /USING INDEX events_tenant_time/],
  ];
  for (const [name, filter, index] of cases) {
    it(`by ${name} walks ${index.source.split(' ')[2]}`, () => {
      expectPlan(
        planOf(() => store.events.list(tenantOnly(), { limit: 50, ...filter })),
        index,
      );
    });
  }

  it("of a site-scoped caller walk the site's index", () => {
    expectPlan(
      planOf(() => store.events.list(scope, { limit: 50 })),
      /USING INDEX events_site_time/,
    );
  });

  it('after the first page keep the same index (the cursor is a range on it)', () => {
    const cursor = encodeCursor({ value: 1_700_000_000_000, id: '42' });
    expectPlan(
      planOf(() => store.events.list({ tenantId: scope.tenantId }, { limit: 50, device: 'cam-1', cursor })),
      /USING INDEX events_device_time/,
    );
  });
});

describe('event writes', () => {
  it('find an event sent again by its source and external id through the partial unique index', () => {
    const { group, template } = store.groups.create(scope, { key: 'plan-k', template: 'door <*> opened' });
    const row = {
      sourceId: 'src-plan',
      externalId: 'frigate-1',
      templateId: template.templateId,
      groupId: group.id,
      time: 1_700_000_000_000,
      receivedAt: 1_700_000_000_000,
      severity: 'info' as const,
      kind: 'detection' as const,
      device: 'cam-1',
      label: 'person',
      message: 'door 4 opened',
      category: null,
      attributes: {},
      media: [],
    };
    store.events.insertBatch(scope, [row]);
    runs.length = 0;
    store.events.insertBatch(scope, [row]);
    const lookup = runs.find((run) => /FROM events e JOIN event_groups/.test(run.sql));
    if (!lookup) throw new Error('The batch writer ran no look-up by external id.');
    expectPlan(queryPlan(raw, lookup), /SEARCH e USING INDEX events_external \(source_id=\? AND external_id=\?\)/);
  });
});

describe('group, alert, search and release reads', () => {
  it('list groups by each sort on its partial index', () => {
    const indexes = {
      lastSeen: 'event_groups_last_seen',
      count: 'event_groups_count',
      firstSeen: 'event_groups_first_seen',
    };
    for (const [sort, index] of Object.entries(indexes)) {
      expectPlan(
        planOf(() =>
          store.groups.list({ tenantId: scope.tenantId }, { sort: sort as 'count', limit: 50, tag: 'door' }),
        ),
        new RegExp(`USING INDEX ${index} \\(tenant_id=\\?\\)`),
      );
    }
  });

  it('list alerts, with and without a state, on the tenant index by last seen', () => {
    expectPlan(
      planOf(() => store.alerts.list({ tenantId: scope.tenantId }, { limit: 50 })),
      /USING INDEX alerts_tenant_seen/,
    );
    expectPlan(
      planOf(() => store.alerts.list({ tenantId: scope.tenantId }, { limit: 50, state: 'open' })),
      /USING INDEX alerts_tenant_seen/,
    );
  });

  it('search events and groups through their full-text indexes, then by row id', () => {
    const events = planOf(() => store.search.events({ tenantId: scope.tenantId }, { text: 'disk full', limit: 50 }));
    expectPlan(events, /SCAN events_fts VIRTUAL TABLE INDEX \d+:M/);
    expect(events).toContain('SEARCH e USING INTEGER PRIMARY KEY (rowid=?)');
    const groups = planOf(() => store.search.groups({ tenantId: scope.tenantId }, { text: 'disk full', limit: 50 }));
    expectPlan(groups, /SCAN groups_fts VIRTUAL TABLE INDEX \d+:M/);
    expect(groups).toContain('SEARCH g USING INTEGER PRIMARY KEY (rowid=?)');
  });

  it("read a site's releases, one release, and the public current release and its files by index", () => {
    expectPlan(
      planOf(() => store.releases.list(scope, 'production')),
      /SEARCH r USING INDEX \w+ \(site_id=\?/,
    );
    expectPlan(
      planOf(() => store.releases.get(scope, 3)),
      /SEARCH r USING INDEX \w+ \(site_id=\? AND version=\?\)/,
    );
    expectPlan(
      planOf(() => store.releases.current(scope, 'production')),
      /SEARCH \w+ USING (INDEX \w+|PRIMARY KEY) \(site_id=\? AND env=\?\)/,
    );
    const current = planOf(() => store.releases.publicCurrent('north-depot', 'production'));
    expectPlan(current, /SEARCH p USING INDEX \w+ \(slug=\?\)/);
    const asset = planOf(() => store.releases.publicAsset('north-depot', 'a'.repeat(64)));
    expectPlan(asset, /SEARCH a USING INDEX release_assets_sha \(sha256=\?/);
  });
});
