import { useEffect, useRef, useState } from 'react';

interface Props {
  id: string;
  name: string;
  token: string;
  /** The server's address in a browser; null in the desktop app, where the page is not served over HTTP. */
  origin: string | null;
  onDone: () => void;
}

function CopyField({ label, value, id }: { label: string; value: string; id: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // Without clipboard permission the field stays selectable; select it for a manual copy.
      (document.getElementById(id) as HTMLInputElement | null)?.select();
    }
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="search-row">
        <input id={id} readOnly value={value} className="mono" onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="button button-secondary" onClick={() => void copy()}>
          {copied ? 'Copied' : `Copy ${label.toLowerCase()}`}
        </button>
      </div>
    </div>
  );
}

/** A new webhook's address and token, shown once: the server keeps only a hash of the token. */
export function WebhookSecret({ id, name, token, origin, onDone }: Props) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const path = `/api/ingest/${id}`;
  return (
    <section
      ref={ref}
      tabIndex={-1}
      aria-labelledby="webhook-secret-heading"
      className="message message-success secret"
    >
      <h3 id="webhook-secret-heading">Webhook “{name}” is ready</h3>
      <p role="alert">
        <strong>Copy the token now: it will not be shown again.</strong> If it is lost, delete the source and add a new
        one.
      </p>
      <CopyField label="Ingest URL" id="webhook-url" value={origin ? `${origin}${path}` : path} />
      <CopyField label="Token" id="webhook-token" value={token} />
      <p className="muted">
        Send events with <code>POST</code> to the ingest URL and the header <code>Authorization: Bearer</code> followed
        by the token.
      </p>
      <button type="button" className="button" onClick={onDone}>
        I have copied the token
      </button>
    </section>
  );
}
