import { useState, type FormEvent } from 'react';
import { api, useSync } from '../../state/app-state.js';
import { ActionFeedback } from '../ActionFeedback.js';
import { TextField } from '../TextField.js';
import { useFormFeedback } from '../use-form-feedback.js';
import { codeProblem, tidyCode } from './sync-format.js';

const LABELS = { hubUrl: 'Hub address', code: 'Enrolment code' } as const;
type Field = keyof typeof LABELS;

/**
 * The hub's address and the one-time code its admin made. Works offline: the site keeps the code
 * and uses it at the next connection, which the message says.
 */
export function EnrolForm({
  siteId,
  siteName,
  again,
}: {
  siteId: string | undefined;
  siteName: string;
  again: boolean;
}) {
  const [values, setValues] = useState<Record<Field, string>>({ hubUrl: '', code: '' });
  const { bindForm, ...feedback } = useFormFeedback(LABELS);
  const [busy, setBusy] = useState(false);
  const field = (key: Field) => ({
    label: LABELS[key],
    value: values[key],
    error: feedback.issues[key] ?? null,
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value })),
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    feedback.start();
    const code = tidyCode(values.code);
    const problem = codeProblem(values.code);
    const local: Partial<Record<Field, string>> = {};
    if (!values.hubUrl.trim()) local.hubUrl = 'Hub address is required, e.g. http://10.213.0.1:4870';
    if (problem) local.code = problem;
    if (Object.keys(local).length > 0) {
      feedback.invalid(local);
      return;
    }
    setValues((v) => ({ ...v, code }));
    setBusy(true);
    try {
      const status = await api.call('sync.enrol', {
        hubUrl: values.hubUrl.trim(),
        code,
        ...(siteId ? { siteId } : {}),
      });
      await useSync.getState().accept(status);
      if (status.state === 'refused') feedback.failWith(status.lastError ?? 'The hub refused the code.');
      else if (status.state === 'pending' || status.state === 'offline') {
        feedback.done('Saved: the code will be used at the next connection to the hub.');
      } else feedback.done(`${siteName} is enrolled with the hub.`);
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
      aria-labelledby="enrol-heading"
      noValidate
    >
      <h2 id="enrol-heading">{again ? 'Enrol again' : 'Enrol with a hub'}</h2>
      <p className="muted">
        The hub&apos;s admin makes a one-time code for {siteName} on the hub&apos;s Hub page. Enter it here; without a
        network the code is kept and used at the next connection.
      </p>
      <TextField
        {...field('hubUrl')}
        type="url"
        inputMode="url"
        autoComplete="url"
        placeholder="http://10.213.0.1:4870"
        required
      />
      <TextField
        {...field('code')}
        hint="20 letters and digits, as the hub showed them; case, spaces and dashes do not matter."
        autoComplete="off"
        spellCheck={false}
        placeholder="K7M2Q-9XH4T-RB3WD-06NYE"
        onBlur={() => setValues((v) => ({ ...v, code: v.code.trim() ? tidyCode(v.code) : v.code }))}
        required
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          Enrol
        </button>
      </div>
      <ActionFeedback {...feedback.props} />
    </form>
  );
}
