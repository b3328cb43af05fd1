import { describe, expect, it } from 'vitest';
import { fieldForPath, initialConfigValues, toConfig } from './source-kinds.js';

describe('source config fields → payload', () => {
  it('webhook has no config', () => {
    expect(toConfig('webhook', {})).toEqual({});
  });

  it('mqtt splits topics, keeps the password as typed and leaves empty optional fields out', () => {
    expect(
      toConfig('mqtt', {
        url: ' mqtt://broker:1883 ',
        username: '',
        password: ' secret ',
        topics: 'frigate/events, site/+/status,\n',
        frigate: true,
      }),
    ).toEqual({
      url: 'mqtt://broker:1883',
      password: ' secret ',
      topics: ['frigate/events', 'site/+/status'],
      frigate: true,
    });
  });

  it('folder lists extensions', () => {
    expect(toConfig('folder', { path: '/srv/ftp', extensions: 'jpg,png' })).toEqual({
      path: '/srv/ftp',
      extensions: ['jpg', 'png'],
    });
  });

  it('logfile sends fromStart as a boolean', () => {
    expect(toConfig('logfile', { path: '/var/log/app.log', fromStart: false })).toEqual({
      path: '/var/log/app.log',
      fromStart: false,
    });
  });

  it('syslog sends the port as a number', () => {
    expect(toConfig('syslog', { protocol: 'tcp', host: '0.0.0.0', port: '1514' })).toEqual({
      protocol: 'tcp',
      host: '0.0.0.0',
      port: 1514,
    });
  });

  it('postgres converts the poll interval from seconds to ms and passes a bad number through for the server to name', () => {
    const values = {
      ...initialConfigValues('postgres'),
      connectionString: 'postgres://u:p@h/db',
      query: 'select 1',
      rowBudget: 'lots',
    };
    expect(toConfig('postgres', values)).toEqual({
      connectionString: 'postgres://u:p@h/db',
      query: 'select 1',
      cursorColumn: 'id',
      cursorType: 'id',
      messageColumn: 'message',
      pollIntervalMs: 30_000,
      rowBudget: 'lots',
    });
  });

  it('fills missing values with the defaults', () => {
    expect(toConfig('syslog', {})).toEqual({ protocol: 'udp', host: '0.0.0.0', port: 5514 });
  });
});

describe('error path → form field', () => {
  it('maps config paths to that kind’s fields', () => {
    expect(fieldForPath('mqtt', 'config.url')).toBe('url');
    expect(fieldForPath('mqtt', 'config.topics.0')).toBe('topics');
    expect(fieldForPath('postgres', 'config.pollIntervalMs')).toBe('pollIntervalMs');
  });

  it('maps the common fields', () => {
    expect(fieldForPath('webhook', 'name')).toBe('name');
    expect(fieldForPath('webhook', 'kind')).toBe('kind');
  });

  it('gives null for paths the form does not show', () => {
    expect(fieldForPath('mqtt', 'config.unknown')).toBeNull();
    expect(fieldForPath('mqtt', 'config')).toBeNull();
    expect(fieldForPath('syslog', 'siteId')).toBeNull();
  });
});
