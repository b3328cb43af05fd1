import { describe, expect, it } from 'vitest';
import { SECRET_MASK } from '../contract/index.js';
import { keepMaskedSecrets, maskSecrets } from './source-secrets.js';

describe('source config secrets', () => {
  it('masks secret-named keys at any depth', () => {
    const masked = maskSecrets({ url: 'mqtt://broker', password: 'pw', auth: { apiKey: 'k' }, topics: ['a'] });
    expect(masked).toEqual({
      url: 'mqtt://broker',
      password: SECRET_MASK,
      auth: { apiKey: SECRET_MASK },
      topics: ['a'],
    });
  });

  it('masks only the password inside URLs and libpq connection strings', () => {
    const masked = maskSecrets({
      url: 'mqtts://cam:hunter2@broker.local:8883',
      connectionString: 'postgres://reader:s3cret@db.local:5432/errors',
      dsn: "host=db.local user=reader password='it s3cret' dbname=errors",
      plain: 'postgres://db.local/errors',
    });
    expect(masked).toEqual({
      url: `mqtts://cam:${SECRET_MASK}@broker.local:8883`,
      connectionString: `postgres://reader:${SECRET_MASK}@db.local:5432/errors`,
      dsn: `host=db.local user=reader password=${SECRET_MASK} dbname=errors`,
      plain: 'postgres://db.local/errors',
    });
    expect(JSON.stringify(masked)).not.toMatch(/hunter2|s3cret/);
  });

  it('keeps the stored secret when an update sends the masked form back', () => {
    const stored = { connectionString: 'postgres://reader:s3cret@db.local/errors', password: 'pw' };
    const next = { connectionString: `postgres://reader:${SECRET_MASK}@db2.local/errors`, password: SECRET_MASK };
    expect(keepMaskedSecrets(next, stored)).toEqual({
      connectionString: 'postgres://reader:s3cret@db2.local/errors',
      password: 'pw',
    });
  });

  it('takes a new password when the user typed one', () => {
    const stored = { url: 'mqtt://cam:old@broker', dollar: 'mqtt://cam:p$&w@broker' };
    expect(keepMaskedSecrets({ dollar: `mqtt://cam:${SECRET_MASK}@broker` }, stored)).toEqual({
      dollar: 'mqtt://cam:p$&w@broker',
    });
    expect(keepMaskedSecrets({ url: 'mqtt://cam:new@broker' }, stored)).toEqual({ url: 'mqtt://cam:new@broker' });
  });
});
