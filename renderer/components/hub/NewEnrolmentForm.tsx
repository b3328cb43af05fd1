import { useState, type FormEvent } from 'react';
import { Button, FieldError, Label, ListBox, ListBoxItem, Popover, Select, SelectValue } from 'react-aria-components';
import type { OutputOf } from '../../../main/contract/index.js';
import { api, useHub } from '../../state/app-state.js';
import { ActionFeedback } from '../ActionFeedback.js';
import { TextField } from '../TextField.js';
import { useFormFeedback } from '../use-form-feedback.js';
import { formatDateTime } from '../time-format.js';

const LIFETIMES = [
  { id: '60', label: '1 hour' },
  { id: '1440', label: '24 hours' },
  { id: '10080', label: '7 days' },
  { id: '43200', label: '30 days' },
] as const;

const LABELS = { siteName: 'Site name', ttlMinutes: 'Valid for' } as const;

/** A one-time code for a new site, shown once with its expiry (the hub keeps only its hash). */
export function NewEnrolmentForm() {
  const [siteName, setSiteName] = useState('');
  const [ttl, setTtl] = useState<string>('1440');
  const { bindForm, ...feedback } = useFormFeedback(LABELS);
  const [made, setMade] = useState<OutputOf<'sync.createEnrolment'> | null>(null);
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    feedback.start();
    setCopied(false);
    if (!siteName.trim()) {
      feedback.invalid({ siteName: 'Site name is required: the hub names the site with it' });
      return;
    }
    setBusy(true);
    try {
      setMade(await api.call('sync.createEnrolment', { siteName: siteName.trim(), ttlMinutes: Number(ttl) }));
      setSiteName('');
      void useHub.getState().refresh();
    } catch (err) {
      feedback.fail(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      ref={bindForm}
      className="form sync-form"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="new-code-heading"
      noValidate
    >
      <h2 id="new-code-heading">New enrolment code</h2>
      <TextField
        label={LABELS.siteName}
        value={siteName}
        error={feedback.issues.siteName ?? null}
        maxLength={120}
        required
        onChange={(e) => setSiteName(e.target.value)}
      />
      <Select
        className="field role-select"
        value={ttl}
        isInvalid={!!feedback.issues.ttlMinutes}
        onChange={(key) => key !== null && setTtl(String(key))}
      >
        <Label>{LABELS.ttlMinutes}</Label>
        <Button className="select-button">
          <SelectValue />
          <span aria-hidden="true">▾</span>
        </Button>
        <Popover className="select-popover">
          <ListBox className="select-listbox">
            {LIFETIMES.map((l) => (
              <ListBoxItem key={l.id} id={l.id} className="select-option">
                {l.label}
              </ListBoxItem>
            ))}
          </ListBox>
        </Popover>
        <FieldError className="field-error">{feedback.issues.ttlMinutes}</FieldError>
      </Select>
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          Make code
        </button>
      </div>
      <ActionFeedback {...feedback.props} />
      <div role="status">
        {made && (
          <div className="message">
            <p>
              Code for <strong>{made.siteName}</strong>, valid once until {formatDateTime(made.expiresAt)}. It is shown
              only now: enter it on the site (Settings → Sync) or send it to the technician there.
            </p>
            <p className="mono enrolment-code" data-testid="enrolment-code">
              {made.code}
            </p>
            <button
              type="button"
              className="button button-secondary"
              onClick={() =>
                void navigator.clipboard
                  ?.writeText(made.code)
                  .then(() => setCopied(true))
                  .catch(() => undefined)
              }
            >
              {copied ? 'Copied' : 'Copy code'}
            </button>
          </div>
        )}
      </div>
    </form>
  );
}
