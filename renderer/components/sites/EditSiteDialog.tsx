import { useState, type FormEvent } from 'react';
import type { Site } from '../../../main/contract/index.js';
import { api, useSites } from '../../state/app-state.js';
import { ActionFeedback } from '../ActionFeedback.js';
import { ModalDialog } from '../ModalDialog.js';
import { TextField } from '../TextField.js';
import { useFormFeedback } from '../use-form-feedback.js';

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
  const { bindForm, ...feedback } = useFormFeedback(LABELS);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    feedback.start();
    try {
      const saved = await api.call('sites.update', { id: site.id, ...values });
      await useSites.getState().refresh();
      onClose(`Saved the site “${saved.name}”.`);
    } catch (err) {
      feedback.fail(err);
      setPending(false);
    }
  }

  return (
    <ModalDialog title={`Edit ${site.name}`} onClose={() => onClose()}>
      <form ref={bindForm} className="form" onSubmit={onSubmit} noValidate aria-busy={pending}>
        {(Object.keys(LABELS) as Field[]).map((field) => (
          <TextField
            key={field}
            label={LABELS[field]}
            name={field}
            value={values[field]}
            error={feedback.issues[field]}
            hint={field === 'slug' ? 'Changing it changes the addresses of its public map and wall boards.' : undefined}
            onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
          />
        ))}
        <div className="form-actions">
          <button type="submit" className="button" aria-disabled={pending}>
            Save site
          </button>
        </div>
        <ActionFeedback {...feedback.props} />
      </form>
    </ModalDialog>
  );
}
