import { useState, type FormEvent } from 'react';
import type { OutputOf } from '../../../main/contract/index.js';
import { api } from '../../state/app-state.js';
import { ActionFeedback } from '../ActionFeedback.js';
import { TextField } from '../TextField.js';
import { useFormFeedback } from '../use-form-feedback.js';
import { useSluggedValues } from '../use-slugged-values.js';

const LABELS = {
  name: 'Name',
  slug: 'Slug',
  'admin.email': 'Admin email',
  'admin.name': 'Admin name',
  'admin.password': 'Admin password',
} as const;
type Field = keyof typeof LABELS;
const EMPTY: Record<Field, string> = { name: '', slug: '', 'admin.email': '', 'admin.name': '', 'admin.password': '' };

export type CreatedTenant = OutputOf<'tenants.create'>;

/**
 * A new tenant and, if asked, its first admin (so it can be handed over at once). The slug is what
 * its users type as their organisation when they sign in.
 */
export function NewTenantForm({ onCreated }: { onCreated: (created: CreatedTenant) => void }) {
  const [withAdmin, setWithAdmin] = useState(true);
  const [pending, setPending] = useState(false);
  const { bindForm, ...feedback } = useFormFeedback(LABELS);
  const { values, update, reset } = useSluggedValues(EMPTY, feedback.clearField);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    feedback.start();
    try {
      const adminName = values['admin.name'].trim();
      const created = await api.call('tenants.create', {
        slug: values.slug,
        name: values.name.trim(),
        ...(withAdmin
          ? {
              admin: {
                email: values['admin.email'],
                password: values['admin.password'],
                ...(adminName ? { name: adminName } : {}),
              },
            }
          : {}),
      });
      reset();
      feedback.done(
        `Created the tenant “${created.tenant.name}”${created.admin ? ` with its admin ${created.admin.email}` : ''}. ` +
          `Its users sign in with the organisation “${created.tenant.slug}”.`,
      );
      onCreated(created);
    } catch (err) {
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
    autoComplete: 'off',
    onChange: (e: { target: { value: string } }) => update(name, e.target.value),
  });

  return (
    <form ref={bindForm} className="form" onSubmit={onSubmit} noValidate aria-busy={pending}>
      <TextField {...field('name')} maxLength={120} />
      <TextField
        {...field('slug')}
        spellCheck={false}
        hint="Lowercase letters, digits and dashes. Its users type it as their organisation when they sign in."
      />
      <div className="field">
        <label className="checkbox">
          <input type="checkbox" checked={withAdmin} onChange={(e) => setWithAdmin(e.target.checked)} />
          Create its first admin now
        </label>
      </div>
      {withAdmin && (
        <fieldset className="fieldset form">
          <legend>First admin</legend>
          <TextField {...field('admin.email')} type="email" />
          <TextField {...field('admin.name')} label="Admin name (optional)" />
          <TextField
            {...field('admin.password')}
            type="password"
            autoComplete="new-password"
            hint="At least 12 characters. Hand it over safely; they can change it later."
          />
        </fieldset>
      )}
      <div className="form-actions">
        <button type="submit" className="button" aria-disabled={pending}>
          Create tenant
        </button>
      </div>
      <ActionFeedback {...feedback.props} />
    </form>
  );
}
