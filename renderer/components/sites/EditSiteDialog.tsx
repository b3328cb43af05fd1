import { useState, type FormEvent } from 'react';
import type { Site } from '../../../main/contract/index.js';
import { ApiError, describeError } from '../../api/api-error.js';
import { api, useSites } from '../../state/app-state.js';
import { splitIssues } from '../field-errors.js';
import { TextField } from '../TextField.js';
import { ModalDialog } from '../ModalDialog.js';

const LABELS = { name: 'Name', slug: 'Slug', timezone: 'Time zone', address: 'Address' } as const;
type Field = keyof typeof LABELS;

/** Changes a site's name, slug, time zone or address; the server's field errors stand by their fields. */
export function EditSiteDialog({ site, onClose }: { site: Site; onClose: (message?: string) => void }) {
  const [values, setValues] = useState<Record<Field, string>>({
    name: site.name,
    slug: site.slug,
    timezone: site.timezone,
    address: site.address,
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setErrors({});
    setFormError(null);
    try {
      const saved = await api.call('sites.update', { id: site.id, ...values });
      await useSites.getState().refresh();
      onClose(`Saved the site “${saved.name}”.`);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_input' && err.issues.length > 0) {
        const { byField, rest } = splitIssues(err.issues, LABELS);
        setErrors(byField);
        if (rest.length) setFormError(rest.join(' '));
      } else {
        setFormError(describeError(err));
      }
      setPending(false);
    }
  }

  return (
    <ModalDialog title={`Edit ${site.name}`} onClose={() => onClose()}>
      {formError && (
        <div role="alert" className="message message-error">
          <p>{formError}</p>
        </div>
      )}
      <form className="form" onSubmit={onSubmit} noValidate aria-busy={pending}>
        {(Object.keys(LABELS) as Field[]).map((field) => (
          <TextField
            key={field}
            label={LABELS[field]}
            name={field}
            value={values[field]}
            error={errors[field]}
            hint={field === 'slug' ? 'Changing it changes the addresses of its public map and wall boards.' : undefined}
            onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
          />
        ))}
        <div className="form-actions">
          <button type="submit" className="button" aria-disabled={pending}>
            Save site
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
