import type { ReactNode } from 'react';

interface LoadStateProps {
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  loading: string;
  empty: ReactNode;
  isEmpty: boolean;
  onRetry: () => void;
  children: ReactNode;
}

/** The loading, error ("Try again") and empty states every list shares, then the list itself. */
export function LoadState({ status, error, loading, empty, isEmpty, onRetry, children }: LoadStateProps) {
  if (status === 'idle' || status === 'loading') {
    return (
      <p role="status" className="muted">
        {loading}
      </p>
    );
  }
  if (status === 'error') {
    return (
      <div role="alert" className="message message-error">
        <p>{error}</p>
        <button type="button" className="button button-secondary" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  if (isEmpty) return <div className="message">{empty}</div>;
  return <>{children}</>;
}
