import { describe, expect, it } from 'vitest';
import { OutpostError } from '../contract/index.js';
import { ExternalStatusConfigSchema, extractStatuses, parseJsonPath } from './external-status.js';

const base = {
  url: 'https://status.example.com/api/v1/devices',
  listPath: '$.data.items',
  idField: 'id',
  statusField: 'state',
};

describe('ExternalStatusConfigSchema', () => {
  it('accepts a full config and fills poll interval and timeout', () => {
    const config = ExternalStatusConfigSchema.parse({ ...base, authHeader: { name: 'X-Api-Key', value: 's3cret' } });
    expect(config).toMatchObject({ pollIntervalSeconds: 30, timeoutMs: 5000 });
  });

  it('refuses what would not work, naming the field', () => {
    const result = ExternalStatusConfigSchema.safeParse({
      url: 'file:///etc/passwd',
      listPath: '$.data[',
      idField: '',
      statusField: 'state',
      pollIntervalSeconds: 1,
      authHeader: { name: 'Bad Header', value: 'a\r\nInjected: 1' },
    });
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'url',
        'listPath',
        'idField',
        'pollIntervalSeconds',
        'authHeader.name',
        'authHeader.value',
      ]),
    );
  });
});

describe('parseJsonPath', () => {
  it('reads the usual spellings', () => {
    expect(parseJsonPath('$.data.items')).toEqual(['data', 'items']);
    expect(parseJsonPath('data.items')).toEqual(['data', 'items']);
    expect(parseJsonPath("$.results[0]['device list']")).toEqual(['results', 0, 'device list']);
    expect(parseJsonPath('$')).toEqual([]);
    expect(() => parseJsonPath('$.a..b')).toThrow(/like \$\.data\.items/);
  });
});

describe('extractStatuses', () => {
  it('reads ids and statuses, counting the items it skips', () => {
    const answer = {
      data: {
        items: [
          { id: 'door-1', state: 'OK' },
          { id: 7, state: 2 },
          { id: 'door-3' },
          { state: 'ALARM' },
          'junk',
          { id: 'door-1', state: 'ALARM' },
          { id: 'door-4', state: { nested: true } },
        ],
      },
    };
    const { items, problems } = extractStatuses(base, answer);
    expect(items).toEqual([
      { externalId: 'door-1', rawStatus: 'OK' },
      { externalId: '7', rawStatus: '2' },
    ]);
    expect(problems).toEqual([
      '1 item skipped, not an object (position 4)',
      '1 item skipped, no id at "id" (position 3)',
      '2 items skipped, no status at "state" (positions 2, 6)',
      '1 item skipped, id already listed (the first one is used) (position 5)',
    ]);
  });

  it('reads nested id and status fields', () => {
    const { items } = extractStatuses(
      { listPath: 'devices', idField: 'meta.serial', statusField: 'health.status' },
      { devices: [{ meta: { serial: 'S1' }, health: { status: 'up' } }] },
    );
    expect(items).toEqual([{ externalId: 'S1', rawStatus: 'up' }]);
  });

  it('says clearly when the list is not where the settings say', () => {
    let error: unknown;
    try {
      extractStatuses(base, { data: { rows: [] } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(OutpostError);
    expect((error as Error).message).toContain('no list at "$.data.items"');
    expect((error as Error).message).toContain('found nothing');
    expect(() => extractStatuses(base, { data: { items: { a: 1 } } })).toThrow(/found an object with "a"/);
  });
});
