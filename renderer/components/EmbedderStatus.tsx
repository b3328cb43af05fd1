import { useEffect, useState } from 'react';
import type { HealthReport } from '../../main/contract/index.js';
import { describeError } from '../api/api-error.js';
import { api } from '../state/app-state.js';
import { describeEmbedder } from './embedder-description.js';

type State = { status: 'loading' } | { status: 'ready'; health: HealthReport } | { status: 'error'; message: string };

/** Which embedder this installation runs (the same answer as /healthz). */
export function EmbedderStatus() {
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    let current = true;
    api.call('system.health', {}).then(
      (health) => current && setState({ status: 'ready', health }),
      (err: unknown) => current && setState({ status: 'error', message: describeError(err) }),
    );
    return () => {
      current = false;
    };
  }, []);

  if (state.status === 'loading') return <p role="status">Loading the embedder…</p>;
  if (state.status === 'error') return <p className="muted">Embeddings: unknown ({state.message})</p>;
  const { name, detail } = describeEmbedder(state.health.embedder);
  return (
    <p>
      Embeddings: <strong>{name}</strong>. <span className="muted">{detail}</span>
    </p>
  );
}
