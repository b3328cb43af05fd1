import { useState, type FormEvent } from 'react';
import { useSites } from '../state/app-state.js';
import { ActionFeedback } from './ActionFeedback.js';
import { TextField } from './TextField.js';
import { useFormFeedback } from './use-form-feedback.js';
import { useSluggedValues } from './use-slugged-values.js';

const LABELS = { name: 'Name', slug: 'Slug', timezone: 'Time zone', address: 'Address' } as const;
type Field = keyof typeof LABELS;

const EMPTY: Record<Field, string> = { name: '', slug: '', timezone: 'UTC', address: '' };

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

/** Creates a site. The server validates; its field errors are shown next to the fields they name. */
export function NewSiteForm() {
  const create = useSites((s) => s.create);
  const { bindForm, ...feedback } = useFormFeedback(LABELS);
  const { values, update, reset } = useSluggedValues(EMPTY, feedback.clearField);
  const [pending, setPending] = useState(false);
  const [zones] = useState(timeZones);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    // Read now: React clears currentTarget once the handler awaits.
    const form = event.currentTarget;
    setPending(true);
    feedback.start();
    feedback.done('Creating…');
    try {
      const site = await create(values);
      reset();
      feedback.done(`Created the site “${site.name}”.`);
      (form.elements.namedItem('name') as HTMLInputElement | null)?.focus();
    } catch (err) {
      feedback.done(null);
      feedback.fail(err);
    } finally {
      setPending(false);
    }
  }

  const field = (name: Field) => ({
    label: LABELS[name],
    name,
    value: values[name],
    error: feedback.issues[name],
    onChange: (e: { target: { value: string } }) => update(name, e.target.value),
  });

  return (
    <form ref={bindForm} className="form" onSubmit={onSubmit} noValidate aria-busy={pending}>
      <TextField {...field('name')} autoComplete="off" />
      <TextField
        {...field('slug')}
        autoComplete="off"
        spellCheck={false}
        hint="Lowercase letters, digits and dashes. Names the site's public endpoints, e.g. /api/public/north-depot/status."
      />
      <TextField
        {...field('timezone')}
        autoComplete="off"
        spellCheck={false}
        list="time-zones"
        hint="An IANA time zone such as Europe/Paris."
      />
      <datalist id="time-zones">
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <TextField {...field('address')} autoComplete="street-address" />
      <div className="form-actions">
        <button type="submit" className="button" aria-disabled={pending}>
          Create site
        </button>
      </div>
      <ActionFeedback {...feedback.props} />
    </form>
  );
}
