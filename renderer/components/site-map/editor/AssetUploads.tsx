import { useId, useState, type ChangeEvent } from 'react';
import type { AssetKind, SitemapAsset } from '../../../../main/contract/index.js';
import { describeError } from '../../../api/api-error.js';
import { api } from '../../../state/app-state.js';
import { ConfirmAction } from '../ConfirmAction.js';
import { fileToBase64 } from './base64.js';
import { uploadErrorText, uploadSummary } from './upload-report.js';

interface AssetUploadsProps {
  siteId: string;
  basemap: SitemapAsset | null;
  overlayLayer: SitemapAsset | null;
  /** After a layer changed: the draft (shapes, overlays, revision) must be read again. */
  onChanged: () => Promise<void> | void;
}

type Report = { kind: 'ok'; lines: string[] } | { kind: 'error'; text: string } | { kind: 'busy'; text: string };

const KINDS: { kind: AssetKind; label: string; accept: string; clear: 'basemap' | 'overlay'; noun: string }[] = [
  {
    kind: 'basemap',
    label: 'Base map (PNG, JPEG or SVG)',
    accept: '.png,.jpg,.jpeg,.svg,image/png,image/jpeg,image/svg+xml',
    clear: 'basemap',
    noun: 'base map',
  },
  {
    kind: 'overlay',
    label: 'Overlay layer (SVG)',
    accept: '.svg,image/svg+xml',
    clear: 'overlay',
    noun: 'overlay layer',
  },
];

/**
 * The two layers of a map. Files go through `sitemap.uploadAsset` on both transports (base64 in
 * the JSON body), so the desktop app and a browser behave the same; SVGs are sanitised on the
 * server, and what it removed is shown here.
 */
export function AssetUploads({ siteId, basemap, overlayLayer, onChanged }: AssetUploadsProps) {
  const [reports, setReports] = useState<Partial<Record<AssetKind, Report>>>({});
  const baseId = useId();

  async function upload(kind: AssetKind, e: ChangeEvent<HTMLInputElement>) {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setReports((r) => ({ ...r, [kind]: { kind: 'busy', text: `Uploading “${file.name}”…` } }));
    try {
      const contentBase64 = await fileToBase64(file);
      const result = await api.call('sitemap.uploadAsset', { siteId, kind, fileName: file.name, contentBase64 });
      setReports((r) => ({ ...r, [kind]: { kind: 'ok', lines: uploadSummary(kind, result) } }));
      await onChanged();
    } catch (err) {
      setReports((r) => ({ ...r, [kind]: { kind: 'error', text: uploadErrorText(err, file.name) } }));
    } finally {
      // The same file can be chosen again (after fixing it on disk).
      input.value = '';
    }
  }

  async function clear(kind: AssetKind, what: 'basemap' | 'overlay', noun: string) {
    try {
      await api.call('sitemap.clear', { siteId, what });
      setReports((r) => ({ ...r, [kind]: { kind: 'ok', lines: [`The ${noun} was removed from the draft.`] } }));
      await onChanged();
    } catch (err) {
      setReports((r) => ({ ...r, [kind]: { kind: 'error', text: describeError(err) } }));
    }
  }

  return (
    <section className="asset-uploads" aria-labelledby={`${baseId}-heading`}>
      <h3 id={`${baseId}-heading`}>Layers</h3>
      {KINDS.map(({ kind, label, accept, clear: what, noun }) => {
        const current = kind === 'basemap' ? basemap : overlayLayer;
        const report = reports[kind];
        const inputId = `${baseId}-${kind}`;
        return (
          <div key={kind} className="field asset-field">
            <label htmlFor={inputId}>{label}</label>
            <p className="field-hint" id={`${inputId}-current`}>
              {current ? `Now: ${current.fileName} (${formatBytes(current.size)})` : `No ${noun} yet.`}
            </p>
            <input
              id={inputId}
              type="file"
              accept={accept}
              aria-describedby={`${inputId}-current`}
              disabled={report?.kind === 'busy'}
              onChange={(e) => void upload(kind, e)}
            />
            {report?.kind === 'busy' && (
              <p role="status" className="muted">
                <progress aria-label={`Uploading the ${noun}`} /> {report.text}
              </p>
            )}
            {report?.kind === 'ok' && (
              <div role="status" className="message message-success upload-report">
                {report.lines.map((line) => (
                  <p key={line}>{line}</p>
                ))}
              </div>
            )}
            {report?.kind === 'error' && (
              <div role="alert" className="message message-error">
                <p>{report.text}</p>
              </div>
            )}
            {current && (
              <div>
                <ConfirmAction
                  label={`Remove the ${noun}`}
                  question={`Remove “${current.fileName}” from the draft? Published releases keep it.`}
                  confirmLabel="Remove"
                  danger
                  onConfirm={() => clear(kind, what, noun)}
                />
              </div>
            )}
          </div>
        );
      })}
    </section>
  );
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
