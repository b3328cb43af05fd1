import { useCallback, useEffect, useState } from 'react';
import type { ArchiveStatus } from '../../../main/contract/index.js';
import { can } from '../../api/access.js';
import { ApiError, describeError } from '../../api/api-error.js';
import { api, useSession } from '../../state/app-state.js';
import { TextField } from '../TextField.js';
import { formatBytes } from './format-bytes.js';
import { OutcomeMessage } from './OutcomeMessage.js';

interface Form {
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  quotaMb: string;
  afterDays: string;
  labels: string;
  kept: boolean;
  freeLocal: boolean;
  enabled: boolean;
}

const EMPTY: Form = {
  endpoint: '',
  region: 'us-east-1',
  bucket: '',
  prefix: 'outpost/',
  accessKeyId: '',
  secretAccessKey: '',
  forcePathStyle: true,
  quotaMb: '0',
  afterDays: '',
  labels: '',
  kept: false,
  freeLocal: false,
  enabled: true,
};

function formOf(status: ArchiveStatus): Form {
  const t = status.target;
  if (!t) return EMPTY;
  return {
    endpoint: t.endpoint,
    region: t.region,
    bucket: t.bucket,
    prefix: t.prefix,
    accessKeyId: t.accessKeyId,
    secretAccessKey: t.secretAccessKey,
    forcePathStyle: t.forcePathStyle,
    quotaMb: String(Math.round(t.quotaBytes / 1_048_576)),
    afterDays: t.rules.afterDays === null ? '' : String(t.rules.afterDays),
    labels: t.rules.labels.join(', '),
    kept: t.rules.kept,
    freeLocal: t.freeLocal,
    enabled: t.enabled,
  };
}

/** A site's S3 archive: target, Test connection, rules, quota use, uploads in progress and its key. */
export function ArchiveSettings({ siteId }: { siteId: string }) {
  const role = useSession((s) => s.user?.role);
  const admin = can(role, 'archive.configure');
  const [status, setStatus] = useState<ArchiveStatus | null>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [exported, setKey] = useState<{ siteId: string; key: string; keyId: string; warning: string } | null>(null);
  const key = exported?.siteId === siteId ? exported : null;

  const load = useCallback(async () => {
    try {
      const next = await api.call('archive.status', { siteId });
      setStatus(next);
      return next;
    } catch (err) {
      setMessage({ error: true, text: describeError(err) });
      return null;
    }
  }, [siteId]);

  useEffect(() => {
    let current = true;
    api.call('archive.status', { siteId }).then(
      (next) => {
        if (!current) return;
        setStatus(next);
        setForm(formOf(next));
      },
      (err: unknown) => current && setMessage({ error: true, text: describeError(err) }),
    );
    const timer = setInterval(() => void load(), 5000);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [siteId, load]);

  const set = <K extends keyof Form>(field: K, value: Form[K]) => setForm((f) => ({ ...f, [field]: value }));

  async function save(): Promise<void> {
    setMessage(null);
    setErrors({});
    try {
      await api.call('archive.configure', {
        siteId,
        endpoint: form.endpoint,
        region: form.region,
        bucket: form.bucket,
        prefix: form.prefix,
        accessKeyId: form.accessKeyId,
        secretAccessKey: form.secretAccessKey,
        forcePathStyle: form.forcePathStyle,
        quotaBytes: Math.round(Number(form.quotaMb || '0') * 1_048_576),
        rules: {
          afterDays: form.afterDays.trim() === '' ? null : Number(form.afterDays),
          labels: form.labels
            .split(',')
            .map((l) => l.trim())
            .filter(Boolean),
          kept: form.kept,
        },
        freeLocal: form.freeLocal,
        enabled: form.enabled,
      });
      setMessage({ error: false, text: 'Archive target saved.' });
      const next = await load();
      if (next) setForm(formOf(next));
    } catch (err) {
      if (err instanceof ApiError && err.issues) {
        setErrors(Object.fromEntries(err.issues.map((i) => [i.path.split('.')[0] ?? '', i.message])));
      }
      setMessage({ error: true, text: describeError(err) });
    }
  }

  async function act(what: 'test' | 'run' | 'key'): Promise<void> {
    setMessage(null);
    try {
      if (what === 'test') {
        const result = await api.call('archive.test', { siteId });
        setMessage({ error: !result.ok, text: result.message });
      } else if (what === 'run') {
        const result = await api.call('archive.run', { siteId });
        setMessage({
          error: false,
          text: `Archive run started${result.queued ? `: ${result.queued} files queued` : ''}. Progress shows below.`,
        });
        void load();
      } else {
        setKey(await api.call('archive.exportKey', { siteId }));
      }
    } catch (err) {
      setMessage({ error: true, text: describeError(err) });
    }
  }

  const quota = status?.quotaBytes ?? 0;
  return (
    <section className="panel" aria-labelledby="archive-heading">
      <h2 id="archive-heading">Archive</h2>
      <p className="muted">
        Snapshots and clips are encrypted here (AES-256-GCM, a key per file wrapped by this site’s archive key) before
        they go to any S3-compatible storage; the storage provider can never read them, and object names reveal nothing.
      </p>
      {status && (
        <dl className="facts">
          <dt>Archived</dt>
          <dd>
            {status.archivedFiles} files, {formatBytes(status.archivedBytes)}
            {quota > 0 && (
              <>
                {' '}
                of {formatBytes(quota)}{' '}
                <meter
                  className="quota-meter"
                  min={0}
                  max={quota}
                  value={status.archivedBytes}
                  aria-label="Site archive quota used"
                />
              </>
            )}
          </dd>
          {status.tenantQuotaBytes > 0 && (
            <>
              <dt>Organisation quota</dt>
              <dd>
                {formatBytes(status.tenantArchivedBytes)} of {formatBytes(status.tenantQuotaBytes)}
              </dd>
            </>
          )}
          <dt>Archive key</dt>
          <dd className="mono">
            {status.key.present ? status.key.keyId : 'not made yet (made with the first upload)'}
          </dd>
          <dt>Last run</dt>
          <dd>
            {status.lastRunAt ? new Date(status.lastRunAt).toLocaleString() : 'not yet'}
            {status.lastError ? ` — ${status.lastError}` : ''}
          </dd>
        </dl>
      )}
      {status && status.uploads.length > 0 && (
        <ul className="entity-list" aria-label="Uploads">
          {status.uploads.map((u) => (
            <li key={u.mediaId}>
              <span className="mono">{u.mediaId}</span> {u.state}{' '}
              <progress max={u.totalBytes} value={u.bytesSent} aria-label={`Upload of ${u.mediaId}`} />{' '}
              {formatBytes(u.bytesSent)} of {formatBytes(u.totalBytes)}
              {u.lastError ? ` — ${u.lastError}` : ''}
            </li>
          ))}
        </ul>
      )}
      {admin ? (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <TextField
            label="Endpoint"
            value={form.endpoint}
            error={errors.endpoint}
            placeholder="https://s3.eu-west-1.amazonaws.com"
            onChange={(e) => set('endpoint', e.currentTarget.value)}
          />
          <TextField
            label="Region"
            value={form.region}
            error={errors.region}
            onChange={(e) => set('region', e.currentTarget.value)}
          />
          <TextField
            label="Bucket"
            value={form.bucket}
            error={errors.bucket}
            onChange={(e) => set('bucket', e.currentTarget.value)}
          />
          <TextField
            label="Key prefix"
            value={form.prefix}
            error={errors.prefix}
            onChange={(e) => set('prefix', e.currentTarget.value)}
          />
          <TextField
            label="Access key id"
            value={form.accessKeyId}
            error={errors.accessKeyId}
            autoComplete="off"
            onChange={(e) => set('accessKeyId', e.currentTarget.value)}
          />
          <TextField
            label="Secret access key"
            type="password"
            value={form.secretAccessKey}
            error={errors.secretAccessKey}
            autoComplete="off"
            onChange={(e) => set('secretAccessKey', e.currentTarget.value)}
          />
          <TextField
            label="Quota for this site (MB, 0 = none)"
            inputMode="numeric"
            value={form.quotaMb}
            error={errors.quotaBytes}
            onChange={(e) => set('quotaMb', e.currentTarget.value)}
          />
          <TextField
            label="Archive files older than (days; empty = not by age)"
            inputMode="numeric"
            value={form.afterDays}
            error={errors.rules}
            onChange={(e) => set('afterDays', e.currentTarget.value)}
          />
          <TextField
            label="Archive these labels at once (comma-separated)"
            value={form.labels}
            onChange={(e) => set('labels', e.currentTarget.value)}
          />
          {(
            [
              ['forcePathStyle', 'Path-style addresses (MinIO and most non-AWS storage)'],
              ['kept', 'Archive kept events at once'],
              ['freeLocal', 'Free the local copy once archived'],
              ['enabled', 'Archive by these rules'],
            ] as const
          ).map(([field, label]) => (
            <label key={field} className="checkbox">
              <input type="checkbox" checked={form[field]} onChange={(e) => set(field, e.currentTarget.checked)} />{' '}
              {label}
            </label>
          ))}
          <div className="form-actions">
            <button type="submit" className="button">
              Save archive target
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={!status?.target}
              onClick={() => void act('test')}
            >
              Test connection
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={!status?.target}
              onClick={() => void act('run')}
            >
              Archive now
            </button>
            <button type="button" className="button button-secondary" onClick={() => void act('key')}>
              Export archive key
            </button>
          </div>
        </form>
      ) : (
        <p className="muted">Only admins can change the archive target.</p>
      )}
      <OutcomeMessage outcome={message} />
      {key && (
        <div role="alert" className="message">
          <p>
            <strong>{key.warning}</strong>
          </p>
          <p className="mono key-box">
            Key {key.keyId}: {key.key}
          </p>
        </div>
      )}
    </section>
  );
}
