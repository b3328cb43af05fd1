import { useEffect, useState } from 'react';
import type { RetentionRule } from '../../../main/contract/index.js';
import { can } from '../../api/access.js';
import { describeError } from '../../api/api-error.js';
import { api, useSession } from '../../state/app-state.js';
import { OutcomeMessage } from './OutcomeMessage.js';

interface Row {
  device: string;
  label: string;
  days: string;
  mb: string;
}

const toRow = (r: RetentionRule): Row => ({
  device: r.device ?? '',
  label: r.label ?? '',
  days: r.maxAgeDays?.toString() ?? '',
  mb: r.maxBytes ? String(Math.round(r.maxBytes / 1_048_576)) : '',
});

function toRule(row: Row): RetentionRule {
  return {
    ...(row.device.trim() ? { device: row.device.trim() } : {}),
    ...(row.label.trim() ? { label: row.label.trim() } : {}),
    ...(row.days.trim() ? { maxAgeDays: Number(row.days) } : {}),
    ...(row.mb.trim() ? { maxBytes: Math.round(Number(row.mb) * 1_048_576) } : {}),
  } as RetentionRule;
}

/** A site's retention rules as an editable table; admins save, others read. */
export function RetentionRulesEditor({ siteId }: { siteId: string }) {
  const role = useSession((s) => s.user?.role);
  const mayEdit = can(role, 'media.setRetention');
  const [loaded, setLoaded] = useState<{ siteId: string; rows: Row[] } | null>(null);
  const rows = loaded?.siteId === siteId ? loaded.rows : null;
  const setRows = (next: Row[] | null | ((current: Row[] | null) => Row[] | null)) =>
    setLoaded((l) => {
      const value = typeof next === 'function' ? next(l?.siteId === siteId ? l.rows : null) : next;
      return value === null ? null : { siteId, rows: value };
    });
  const [floor, setFloor] = useState<{ minFreePercent: number; minFreeBytes: number } | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  useEffect(() => {
    api.call('media.retention', { siteId }).then(
      (policy) => {
        setLoaded({ siteId, rows: policy.rules.map(toRow) });
        setFloor(policy.floor);
      },
      (err: unknown) => setMessage({ error: true, text: describeError(err) }),
    );
  }, [siteId]);

  async function save(): Promise<void> {
    if (!rows) return;
    setMessage(null);
    try {
      const policy = await api.call('media.setRetention', { siteId, rules: rows.map(toRule) });
      setRows(policy.rules.map(toRow));
      setMessage({ error: false, text: 'Saved. Retention applies them within a minute.' });
    } catch (err) {
      setMessage({ error: true, text: describeError(err) });
    }
  }

  const update = (i: number, field: keyof Row, value: string) =>
    setRows((current) => current?.map((r, j) => (j === i ? { ...r, [field]: value } : r)) ?? null);

  return (
    <section className="panel" aria-labelledby="retention-heading">
      <h2 id="retention-heading">Retention</h2>
      <p className="muted">
        Files are removed by age or when a rule’s files pass its size, oldest first; for a file’s age, the most specific
        rule (device and label, then device, then label, then the site) decides. Kept events are never touched.
        {floor &&
          ` The disk keeps at least ${floor.minFreePercent} % or ${Math.round(floor.minFreeBytes / 1_048_576)} MB free (media.retention in the configuration).`}
      </p>
      {rows === null ? (
        <p role="status" className="muted">
          Loading rules…
        </p>
      ) : (
        <table className="table rules-table">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Label</th>
              <th scope="col">Max age (days)</th>
              <th scope="col">Max size (MB)</th>
              {mayEdit && <th scope="col">Remove</th>}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={mayEdit ? 5 : 4} className="muted">
                  No rules: files stay until the disk floor needs the space.
                </td>
              </tr>
            )}
            {rows.map((row, i) => (
              <tr key={i}>
                {(['device', 'label', 'days', 'mb'] as const).map((field) => (
                  <td key={field}>
                    <input
                      aria-label={`Rule ${i + 1} ${field === 'days' ? 'max age in days' : field === 'mb' ? 'max size in MB' : field}`}
                      value={row[field]}
                      placeholder={field === 'device' || field === 'label' ? 'any' : ''}
                      inputMode={field === 'days' || field === 'mb' ? 'numeric' : 'text'}
                      readOnly={!mayEdit}
                      onChange={(e) => update(i, field, e.currentTarget.value)}
                    />
                  </td>
                ))}
                {mayEdit && (
                  <td>
                    <button
                      type="button"
                      className="button button-secondary"
                      onClick={() => setRows(rows.filter((_r, j) => j !== i))}
                    >
                      Remove rule {i + 1}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayEdit && rows && (
        <div className="form-actions">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setRows([...rows, { device: '', label: '', days: '30', mb: '' }])}
          >
            Add a rule
          </button>
          <button type="button" className="button" onClick={() => void save()}>
            Save rules
          </button>
        </div>
      )}
      <OutcomeMessage outcome={message} />
    </section>
  );
}
