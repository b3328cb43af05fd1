import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { api } from '../../state/app-state.js';
import { TextField } from '../TextField.js';
import { ActionMessages, useTunnelAction } from './use-tunnel-action.js';

/**
 * Commissioning a site: the wg-quick file its hub issued (downloaded, or from a one-time link), as a
 * file or pasted. The tunnel comes up at once and connects whenever the hub can be reached.
 */
export function ImportConfigForm() {
  const [name, setName] = useState('wg0');
  const [text, setText] = useState('');
  const { run, message, error, busy } = useTunnelAction();
  const textId = useId();

  async function pick(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (file) setText(await file.text());
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const ok = await run(
      () => api.call('tunnels.importConfig', { name, config: text }),
      `Imported ${name}; it is coming up.`,
    );
    if (ok) setText('');
  }

  return (
    <form className="tunnel-form" onSubmit={(e) => void submit(e)} aria-labelledby="import-heading">
      <h2 id="import-heading">Import a site config</h2>
      <TextField
        label="Interface name"
        required
        maxLength={15}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <TextField label="Config file" type="file" accept=".conf,text/plain" onChange={(e) => void pick(e)} />
      <div className="field">
        <label htmlFor={textId}>or paste it</label>
        <textarea id={textId} rows={8} value={text} spellCheck={false} onChange={(e) => setText(e.target.value)} />
      </div>
      <button type="submit" className="button" disabled={busy || text.trim() === ''}>
        Import and connect
      </button>
      <ActionMessages message={message} error={error} />
    </form>
  );
}
