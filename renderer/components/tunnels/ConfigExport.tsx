import { useState } from 'react';
import type { TunnelPeer } from '../../../main/contract/index.js';
import { describeError } from '../../api/api-error.js';
import { api } from '../../state/app-state.js';

/**
 * A managed site's wg-quick file: download, QR code (for the WireGuard app) or a one-time link.
 * Each of these hands out the site's private key, so each is audited on the server; the QR and
 * file are fetched only when asked for, and forgotten when this panel closes.
 */
export function ConfigExport({ peer }: { peer: TunnelPeer }) {
  const [qr, setQr] = useState<string | null>(null);
  const [link, setLink] = useState<{ url: string; expiresAt: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function download() {
    setError(null);
    try {
      const { fileName, config } = await api.call('tunnels.exportConfig', { peerId: peer.id });
      const url = URL.createObjectURL(new Blob([config], { type: 'text/plain' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (err) {
      setError(describeError(err));
    }
  }

  async function showQr() {
    setError(null);
    try {
      const { qrSvg } = await api.call('tunnels.exportConfig', { peerId: peer.id, qr: true });
      setQr(qrSvg ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(qrSvg)}` : null);
    } catch (err) {
      setError(describeError(err));
    }
  }

  async function makeLink() {
    setError(null);
    try {
      const { path, expiresAt } = await api.call('tunnels.createLink', { peerId: peer.id, ttlMinutes: 15 });
      setLink({ url: new URL(path, globalThis.location.origin).href, expiresAt });
    } catch (err) {
      setError(describeError(err));
    }
  }

  return (
    <div className="tunnel-export">
      <p className="muted">These hold {peer.name}’s private key. Each export is written to the audit log.</p>
      <div className="row-actions">
        <button type="button" className="button button-secondary" onClick={() => void download()}>
          Download config file
        </button>
        <button type="button" className="button button-secondary" onClick={() => void showQr()}>
          Show QR code
        </button>
        <button type="button" className="button button-secondary" onClick={() => void makeLink()}>
          Make a one-time link
        </button>
      </div>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {qr && (
        <img
          className="tunnel-qr"
          src={qr}
          alt={`QR code of ${peer.name}’s WireGuard config`}
          width={280}
          height={280}
        />
      )}
      {link && (
        <p role="status">
          One-time link (works once, until {new Date(link.expiresAt).toLocaleTimeString()}):{' '}
          <input
            className="tunnel-link"
            readOnly
            value={link.url}
            aria-label="One-time link"
            onFocus={(e) => e.currentTarget.select()}
          />
        </p>
      )}
    </div>
  );
}
