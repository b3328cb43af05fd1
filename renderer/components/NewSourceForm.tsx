import { useState, type FormEvent } from 'react';
import type { SourceKindName } from '../../main/contract/index.js';
import { canManageSource } from '../api/access.js';
import { DEFAULT_REDACTION_CHOICE } from './source-edit.js';
import { api, useSession, useSites, useSources } from '../state/app-state.js';
import { ActionFeedback } from './ActionFeedback.js';
import { SourcePlacement } from './SourcePlacement.js';
import { SourceConfigFields } from './SourceConfigFields.js';
import { initialConfigValues, KIND_LABELS, SOURCE_KINDS, toConfig, type ConfigValues } from './source-kinds.js';
import { sourceIssues } from './source-issues.js';
import { TextField } from './TextField.js';
import { useFormFeedback } from './use-form-feedback.js';
import { WebhookSecret } from './WebhookSecret.js';

/** Adds a source. The server validates the config; its errors appear beside the fields they name. */
export function NewSourceForm() {
  const { create, test } = useSources();
  const role = useSession((s) => s.user?.role);
  // Technicians do not see the kinds that read this server's files: only admins may add those.
  const kinds = SOURCE_KINDS.filter((k) => canManageSource(role, k));
  const [kind, setKind] = useState<SourceKindName>('webhook');
  const [name, setName] = useState('');
  const [config, setConfig] = useState<ConfigValues>(() => initialConfigValues('webhook'));
  const { bindForm, ...feedback } = useFormFeedback((issues) => sourceIssues(kind, issues));
  const errors = feedback.issues;
  const [pending, setPending] = useState<'create' | 'test' | null>(null);
  const [secret, setSecret] = useState<{ id: string; name: string; token: string } | null>(null);
  const sites = useSites((s) => s.sites);
  const [chosenSite, setChosenSite] = useState('');
  // The first site until one is chosen (sites load after the form shows).
  const siteId = sites.some((s) => s.id === chosenSite) ? chosenSite : (sites[0]?.id ?? '');
  const [redaction, setRedaction] = useState(DEFAULT_REDACTION_CHOICE);

  function changeKind(next: SourceKindName) {
    setKind(next);
    setConfig(initialConfigValues(next));
    feedback.start();
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    setPending('create');
    feedback.start();
    feedback.done('Adding…');
    setSecret(null);
    try {
      const created = await create({
        kind,
        name: name.trim(),
        config: toConfig(kind, config),
        enabled: true,
        redaction,
        ...(siteId ? { siteId } : {}),
      });
      setName('');
      setConfig(initialConfigValues(kind));
      if (!siteId) void useSites.getState().refresh();
      const site = useSites.getState().sites.find((s) => s.id === created.siteId)?.name ?? 'Default site';
      feedback.done(`Added the source “${created.name}”; its events go to the site “${site}”.`);
      if (created.token) setSecret({ id: created.id, name: created.name, token: created.token });
    } catch (err) {
      feedback.done(null);
      feedback.fail(err);
    } finally {
      setPending(null);
    }
  }

  async function onTest() {
    if (pending) return;
    setPending('test');
    feedback.start();
    feedback.done('Testing…');
    try {
      const result = await test({ kind, config: toConfig(kind, config) });
      feedback.done(result.ok ? `Test passed: ${result.message}` : `Test failed: ${result.message}`);
    } catch (err) {
      feedback.done(null);
      feedback.fail(err);
    } finally {
      setPending(null);
    }
  }

  return (
    <>
      {secret && (
        <WebhookSecret
          {...secret}
          origin={api.transport === 'http' ? globalThis.location.origin : null}
          onDone={() => setSecret(null)}
        />
      )}
      <form ref={bindForm} className="form" onSubmit={onSubmit} noValidate aria-busy={pending !== null}>
        <div className="field">
          <label htmlFor="source-kind">Kind</label>
          <select
            id="source-kind"
            name="kind"
            value={kind}
            aria-invalid={errors.kind ? true : undefined}
            aria-describedby={errors.kind ? 'source-kind-error' : undefined}
            onChange={(e) => changeKind(e.target.value as SourceKindName)}
          >
            {kinds.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
          {errors.kind && (
            <p id="source-kind-error" className="field-error">
              {errors.kind}
            </p>
          )}
        </div>
        <TextField
          label="Name"
          name="name"
          value={name}
          error={errors.name}
          autoComplete="off"
          onChange={(e) => {
            setName(e.target.value);
            feedback.clearField('name');
          }}
        />
        {kind === 'webhook' && (
          <p className="muted">
            A webhook needs no settings: after adding it you get its address and a token to send events with.
          </p>
        )}
        <SourcePlacement
          idPrefix="new-source"
          siteId={siteId}
          redaction={redaction}
          error={errors.siteId}
          onSite={setChosenSite}
          onRedaction={setRedaction}
        />
        <SourceConfigFields
          kind={kind}
          values={config}
          errors={errors}
          onChange={(key, value) => {
            setConfig((c) => ({ ...c, [key]: value }));
            feedback.clearField(key);
          }}
        />
        <div className="form-actions">
          <button type="submit" className="button" aria-disabled={pending !== null}>
            Add source
          </button>
          <button
            type="button"
            className="button button-secondary"
            aria-disabled={pending !== null}
            onClick={() => void onTest()}
          >
            Test
          </button>
        </div>
        <ActionFeedback {...feedback.props} />
      </form>
    </>
  );
}
