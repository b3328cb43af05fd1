import { describe, expect, it } from 'vitest';
import type { Source } from '../../main/contract/index.js';
import { configToValues, draftOf, isUnchanged, SECRET_MASK, updatePayload } from './source-edit.js';

function source(kind: Source['kind'], config: Record<string, unknown>, name = 'Gate cameras'): Source {
  return {
    id: 'S1',
    siteId: 'site',
    kind,
    name,
    enabled: true,
    config,
    redaction: { personal: true, network: false },
    health: {
      state: 'ok',
      lastError: null,
      lastErrorAt: null,
      lastEventAt: null,
      accepted: 0,
      rejected: 0,
      breaker: 'closed',
    },
    createdAt: 0,
    updatedAt: 0,
  };
}

// As sources.list answers it: defaults filled in by the server, the password masked.
const mqtt = source('mqtt', {
  url: 'mqtt://broker:1883',
  username: 'frigate',
  password: SECRET_MASK,
  topics: ['frigate/events', 'site/+/status'],
  frigate: true,
  maxPayloadBytes: 262144,
  mappings: [{ topic: 'site/+/status', deviceField: 'unit' }],
});

describe('saved config → form values', () => {
  it('joins lists, keeps the mask as the password and fills fields the config lacks', () => {
    expect(configToValues('mqtt', mqtt.config)).toEqual({
      url: 'mqtt://broker:1883',
      username: 'frigate',
      password: SECRET_MASK,
      topics: 'frigate/events, site/+/status',
      frigate: true,
    });
    expect(configToValues('mqtt', { url: 'mqtt://b' })).toMatchObject({
      username: '',
      password: '',
      topics: 'frigate/events',
      frigate: true,
    });
  });

  it('shows milliseconds as seconds and numbers as text', () => {
    const values = configToValues('postgres', { pollIntervalMs: 1500, rowBudget: 200, cursorType: 'timestamp' });
    expect(values).toMatchObject({ pollIntervalMs: '1.5', rowBudget: '200', cursorType: 'timestamp' });
    expect(configToValues('syslog', { protocol: 'tcp', host: '127.0.0.1', port: 1514 })).toEqual({
      protocol: 'tcp',
      host: '127.0.0.1',
      port: '1514',
    });
  });
});

describe('form values → sources.update payload', () => {
  it('sends only the id when nothing changed, so the stored secret is not touched', () => {
    const payload = updatePayload(mqtt, draftOf(mqtt));
    expect(payload).toEqual({ id: 'S1' });
    expect(isUnchanged(payload)).toBe(true);
  });

  it('a rename alone sends no config', () => {
    expect(updatePayload(mqtt, { ...draftOf(mqtt), name: '  Gate  ' })).toEqual({ id: 'S1', name: 'Gate' });
  });

  it('a new site or redaction choice is sent alone, and counts as a change', () => {
    const moved = updatePayload(mqtt, { ...draftOf(mqtt), siteId: 'site-b' });
    expect(moved).toEqual({ id: 'S1', siteId: 'site-b' });
    expect(isUnchanged(moved)).toBe(false);
    const showAddresses = updatePayload(mqtt, { ...draftOf(mqtt), redaction: { personal: true, network: true } });
    expect(showAddresses).toEqual({ id: 'S1', redaction: { personal: true, network: true } });
  });

  it('a config change keeps the untouched password as the mask and the fields the form does not show', () => {
    const draft = draftOf(mqtt);
    draft.values.url = 'mqtts://broker:8883';
    const payload = updatePayload(mqtt, draft);
    expect(payload).toEqual({
      id: 'S1',
      config: {
        url: 'mqtts://broker:8883',
        username: 'frigate',
        // The mask, never a new password "********": the server keeps the stored one.
        password: SECRET_MASK,
        topics: ['frigate/events', 'site/+/status'],
        frigate: true,
        maxPayloadBytes: 262144,
        mappings: [{ topic: 'site/+/status', deviceField: 'unit' }],
      },
    });
    expect(isUnchanged(payload)).toBe(false);
  });

  it('a typed password replaces the mask; an emptied one is left out', () => {
    const typed = draftOf(mqtt);
    typed.values.password = 'new secret';
    expect(updatePayload(mqtt, typed).config).toMatchObject({ password: 'new secret' });

    const cleared = draftOf(mqtt);
    cleared.values.password = '';
    cleared.values.username = '';
    const config = updatePayload(mqtt, cleared).config!;
    expect(config).not.toHaveProperty('password');
    expect(config).not.toHaveProperty('username');
    expect(config).toMatchObject({ url: 'mqtt://broker:1883', maxPayloadBytes: 262144 });
  });

  it('round-trips seconds back to milliseconds', () => {
    const pg = source('postgres', {
      connectionString: SECRET_MASK,
      query: 'select id, message from errors where id > $1 order by id limit $2',
      cursorColumn: 'id',
      cursorType: 'id',
      messageColumn: 'message',
      pollIntervalMs: 30_000,
      rowBudget: 500,
    });
    const draft = draftOf(pg);
    draft.values.pollIntervalMs = '2.5';
    expect(updatePayload(pg, draft).config).toEqual({ ...pg.config, pollIntervalMs: 2500 });
  });
});
