import { useState, type FormEvent } from 'react';
import { ApiError, describeError } from '../api/api-error.js';
import { useSites } from '../state/app-state.js';
import { splitIssues } from './field-errors.js';
import { slugify } from './slugify.js';
import { TextField } from './TextField.js';

const LABELS = { name: 'Name', slug: 'Slug', timezone: 'Time zone', address: 'Address' } as const;
type Field = keyof typeof LABELS;
type Values = Record<Field, string>;

const EMPTY: Values = { name: '', slug: '', timezone: 'UTC', address: '' };
const FIELD_ORDER = Object.keys(LABELS) as Field[];

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
  const [values, setValues] = useState<Values>(EMPTY);
  // Until the user edits the slug, it follows the name.
  const [slugEdited, setSlugEdited] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [zones] = useState(timeZones);

  function update(field: Field, value: string) {
    setValues((v) => ({
      ...v,
      [field]: value,
      ...(field === 'name' && !slugEdited ? { slug: slugify(value) } : {}),
    }));
    if (field === 'slug') setSlugEdited(value !== '');
    setFieldErrors((errors) => ({ ...errors, [field]: undefined }));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    // Read now: React clears currentTarget once the handler awaits.
    const form = event.currentTarget;
    const focusField = (name: Field) => (form.elements.namedItem(name) as HTMLInputElement | null)?.focus();
    setPending(true);
    setFormError(null);
    setCreated(null);
    setFieldErrors({});
    try {
      const site = await create(values);
      setValues(EMPTY);
      setSlugEdited(false);
      setCreated(`Created the site “${site.name}”.`);
      focusField('name');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_input' && err.issues.length > 0) {
        const { byField, rest } = splitIssues(err.issues, LABELS);
        setFieldErrors(byField);
        if (rest.length > 0) setFormError(rest.join(' '));
        const first = FIELD_ORDER.find((f) => byField[f]);
        if (first) focusField(first);
      } else {
        setFormError(describeError(err));
      }
    } finally {
      setPending(false);
    }
  }

  const field = (name: Field) => ({
    label: LABELS[name],
    name,
    value: values[name],
    error: fieldErrors[name],
    onChange: (e: { target: { value: string } }) => update(name, e.target.value),
  });

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-busy={pending}>
      {formError && (
        <div role="alert" className="message message-error">
          <p>{formError}</p>
        </div>
      )}
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
        <p role="status" className="muted">
          {pending ? 'Creating…' : created}
        </p>
      </div>
    </form>
  );
}
