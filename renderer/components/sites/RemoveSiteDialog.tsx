import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Site, SiteRemovalImpact } from '../../../main/contract/index.js';
import { describeError } from '../../api/api-error.js';
import { api, useSites } from '../../state/app-state.js';
import { ActionFeedback } from '../ActionFeedback.js';
import { plural } from '../home/home-links.js';
import { ModalDialog } from '../ModalDialog.js';
import { TextField } from '../TextField.js';
import { useFormFeedback } from '../use-form-feedback.js';

/** The lines of "what goes with it", only for what the site has. */
export function impactLines(impact: SiteRemovalImpact): string[] {
  const counted: [number, string, string][] = [
    [impact.sources, 'source', 'sources'],
    [impact.events, 'event', 'events'],
    [impact.groups, 'group', 'groups'],
    [impact.alerts, 'alert', 'alerts'],
    [impact.alertRules, 'alert rule for this site only', 'alert rules for this site only'],
    [impact.devices, 'device', 'devices'],
    [impact.overlays, 'map overlay', 'map overlays'],
    [impact.mapFiles, 'map file', 'map files'],
    [
      impact.releases,
      'published release (its public map and wall boards stop answering)',
      'published releases (its public map and wall boards stop answering)',
    ],
    [impact.media, 'media file', 'media files'],
    [impact.retentionRules, 'retention rule', 'retention rules'],
  ];
  const lines = counted.filter(([n]) => n > 0).map(([n, one, many]) => plural(n, one, many));
  if (impact.archiveTarget) lines.push('its archive target');
  if (impact.tunnelPeers > 0) lines.push(`${plural(impact.tunnelPeers, 'hub peer')} stay, attached to no site`);
  return lines;
}

/** Removal asks first: it says what goes with the site, and the slug must be typed to confirm. */
export function RemoveSiteDialog({ site, onClose }: { site: Site; onClose: (message?: string) => void }) {
  const [impact, setImpact] = useState<SiteRemovalImpact | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [slug, setSlug] = useState('');
  const [pending, setPending] = useState(false);
  const labels = useMemo(() => ({ confirmSlug: `Type ${site.slug} to confirm` }), [site.slug]);
  const { bindForm, ...feedback } = useFormFeedback(labels);

  useEffect(() => {
    api.call('sites.removalImpact', { id: site.id }).then(setImpact, (err: unknown) => setError(describeError(err)));
  }, [site.id]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    feedback.start();
    if (slug !== site.slug) {
      feedback.invalid({ confirmSlug: `Type the slug “${site.slug}” to confirm` });
      return;
    }
    setPending(true);
    try {
      await api.call('sites.remove', { id: site.id, confirmSlug: slug });
      await useSites.getState().refresh();
      onClose(`Removed the site “${site.name}” and everything that belonged to it.`);
    } catch (err) {
      feedback.fail(err);
      setPending(false);
    }
  }

  const lines = impact ? impactLines(impact) : [];
  const blocked = impact !== null && impact.tunnelInterfaces.length > 0;
  return (
    <ModalDialog title={`Remove ${site.name}?`} onClose={() => onClose()}>
      {!impact && !error && (
        <p role="status" className="muted">
          Checking what belongs to the site…
        </p>
      )}
      {impact && (
        <>
          <p>{lines.length > 0 ? 'This removes the site and, with it, for good:' : 'The site holds nothing else.'}</p>
          {lines.length > 0 && (
            <ul data-testid="removal-impact">
              {lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          {blocked && (
            <p className="message message-error">
              First remove its tunnel interfaces ({impact.tunnelInterfaces.join(', ')}) in Settings → Tunnels.
            </p>
          )}
        </>
      )}
      {error && (
        <div role="alert" className="message message-error">
          <p>{error}</p>
        </div>
      )}
      {impact && !blocked && (
        <form ref={bindForm} className="form" onSubmit={onSubmit} noValidate aria-busy={pending}>
          <TextField
            label={labels.confirmSlug}
            name="confirmSlug"
            error={feedback.issues.confirmSlug}
            autoComplete="off"
            spellCheck={false}
            value={slug}
            onChange={(e) => setSlug(e.target.value)}
          />
          <div className="form-actions">
            <button type="submit" className="button button-danger" aria-disabled={pending}>
              Remove site
            </button>
          </div>
          <ActionFeedback {...feedback.props} />
        </form>
      )}
    </ModalDialog>
  );
}
