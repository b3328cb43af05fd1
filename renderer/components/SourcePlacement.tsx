import { useEffect } from 'react';
import type { RedactionSettings } from '../../main/contract/index.js';
import { useSites } from '../state/app-state.js';

interface Props {
  /** The form's id prefix (`new-source`, `edit-source-<id>`), so two forms on a page stay distinct. */
  idPrefix: string;
  siteId: string;
  redaction: RedactionSettings;
  error?: string | undefined;
  onSite: (siteId: string) => void;
  onRedaction: (redaction: RedactionSettings) => void;
}

/**
 * Where a source's events go (its site) and what its redaction hides, shared by the add and edit
 * forms. With no site yet, the choice says plainly that a site named "Default site" is made.
 */
export function SourcePlacement({ idPrefix, siteId, redaction, error, onSite, onRedaction }: Props) {
  const sites = useSites((s) => s.sites);
  useEffect(() => {
    if (useSites.getState().status === 'idle') void useSites.getState().load();
  }, []);
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-site`}>Site</label>
        <select
          id={`${idPrefix}-site`}
          name="siteId"
          value={siteId}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${idPrefix}-site-help`}
          onChange={(e) => onSite(e.target.value)}
        >
          {sites.length === 0 && <option value="">A new site named “Default site”</option>}
          {sites.map((site) => (
            <option key={site.id} value={site.id}>
              {site.name}
            </option>
          ))}
        </select>
        <p id={`${idPrefix}-site-help`} className="muted">
          Its events go to this site&apos;s map, wall board and alerts, unless a device is sent to a site of its own
          (Devices, below).
        </p>
        {error && <p className="field-error">{error}</p>}
      </div>
      <fieldset className="field fieldset">
        <legend>Redaction</legend>
        <p className="muted">Secrets (passwords, tokens, keys) are always hidden.</p>
        <label className="checkbox">
          <input
            type="checkbox"
            name="redactPersonal"
            checked={redaction.personal}
            onChange={(e) => onRedaction({ ...redaction, personal: e.target.checked })}
          />{' '}
          Hide personal data (e-mail addresses, phone and card numbers)
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            name="redactNetwork"
            checked={redaction.network}
            onChange={(e) => onRedaction({ ...redaction, network: e.target.checked })}
          />{' '}
          Hide device addresses (IP and MAC); kept by default, so operators can tell which device it was
        </label>
      </fieldset>
    </>
  );
}
