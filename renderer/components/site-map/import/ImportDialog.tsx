import { useEffect, useId, useRef, useState } from 'react';
import { ModalDialog } from '../../ModalDialog.js';
import type { ImportOverlaysOutput } from '../../../../main/contract/index.js';
import { ApiError, describeError } from '../../../api/api-error.js';
import { api } from '../../../state/app-state.js';
import {
  bytesToBase64,
  CSV_COLUMN_HELP,
  EXAMPLE_CSV,
  EXAMPLE_FILE_NAME,
  filterRows,
  formatFromFileName,
  guessFormat,
  isEmptyPayload,
  issueLines,
  JSON_HELP,
  newProgressId,
  progressFraction,
  rowsToWrite,
  summaryText,
  type ImportFormat,
  type ImportPayload,
} from './import-format.js';
import { ImportRowsTable } from './ImportRowsTable.js';

interface ImportDialogProps {
  siteId: string;
  open: boolean;
  onClose: () => void;
  /** Before anything is sent: e.g. save the editor's waiting edits, so the plan sees them. */
  beforeRun?: () => Promise<void>;
  /** After rows were written: the draft must be read again. */
  onCommitted: (result: ImportOverlaysOutput) => Promise<void> | void;
}

type Phase = 'idle' | 'checking' | 'checked' | 'committing' | 'committed';

/**
 * Bulk import: the file is checked first (a dry run that writes nothing and lists every row's
 * outcome and reasons), and only then imported, all rows or none. Large files report progress
 * through `sitemap.importProgress` messages carrying this dialog's progress id.
 */
export function ImportDialog({ siteId, open, onClose, beforeRun, onCommitted }: ImportDialogProps) {
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState('');
  const [format, setFormat] = useState<ImportFormat>('csv');
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<ImportOverlaysOutput | null>(null);
  const [error, setError] = useState<{ message: string; lines: string[] } | null>(null);
  const [rejectedOnly, setRejectedOnly] = useState(false);
  // What was checked: the commit sends exactly that, even if the file changes on disk. A file goes
  // as its bytes, so the server decodes it (UTF-8, BOM or not) and names a line that is not UTF-8.
  const checkedContent = useRef<{ payload: ImportPayload; format: ImportFormat } | null>(null);

  // The progress id of the run in flight. The subscription is made when the dialog opens, not per
  // run: a new topic reopens the event stream, and messages sent while it reconnects are lost.
  const progressIdRef = useRef<string | null>(null);
  useEffect(() => {
    if (!open) return;
    return api.subscribe('sitemap.importProgress', (m) => {
      if (m.siteId === siteId && m.progressId === progressIdRef.current) setProgress({ done: m.done, total: m.total });
    });
  }, [open, siteId]);

  function invalidate() {
    setResult(null);
    setError(null);
    setPhase('idle');
    checkedContent.current = null;
  }

  async function run(dryRun: boolean) {
    setError(null);
    setProgress(null);
    setPhase(dryRun ? 'checking' : 'committing');
    const progressId = newProgressId();
    progressIdRef.current = progressId;
    try {
      let source = checkedContent.current;
      if (dryRun || source === null) {
        const payload: ImportPayload = file
          ? { contentBase64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) }
          : { content: pasted };
        source = { payload, format };
      }
      if (isEmptyPayload(source.payload)) throw new Error('Choose a file or paste its text first.');
      await beforeRun?.();
      const answer = await api.call('sitemap.importOverlays', {
        siteId,
        format: source.format,
        ...source.payload,
        dryRun,
        progressId,
      });
      setResult(answer);
      if (dryRun) {
        checkedContent.current = source;
        setRejectedOnly(answer.summary.rejected > 0);
        setPhase('checked');
      } else {
        checkedContent.current = null;
        setPhase('committed');
        await onCommitted(answer);
      }
    } catch (err) {
      const lines = err instanceof ApiError ? issueLines(err.issues) : [];
      setError({ message: describeError(err), lines });
      setPhase(dryRun ? 'idle' : 'checked');
    } finally {
      progressIdRef.current = null;
      setProgress(null);
    }
  }

  function downloadExample() {
    const url = URL.createObjectURL(new Blob([EXAMPLE_CSV], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = EXAMPLE_FILE_NAME;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  function close() {
    if (phase === 'checking' || phase === 'committing') return;
    if (phase === 'committed') {
      setFile(null);
      setPasted('');
      invalidate();
    }
    onClose();
  }

  const busy = phase === 'checking' || phase === 'committing';
  const toWrite = result ? rowsToWrite(result.summary) : 0;
  const fraction = progressFraction(progress);
  const rows = result ? filterRows(result.rows, rejectedOnly) : [];

  return (
    // Stays mounted while closed, so a checked file and its result are still there when reopened.
    <ModalDialog title="Import overlays" isOpen={open} onClose={close} busy={busy} className="import-dialog">
      <p className="muted">
        Overlays are matched by external id: new ids are created, known ones updated. Check the file first: nothing is
        written until you import it, and then every row is, or none.
      </p>

      <details className="import-help">
        <summary>File format</summary>
        <p>CSV: a header line with these columns, then one overlay per line.</p>
        <dl>
          {CSV_COLUMN_HELP.map(({ column, meaning }) => (
            <div key={column}>
              <dt className="mono">{column}</dt>
              <dd>{meaning}</dd>
            </div>
          ))}
        </dl>
        <p>{JSON_HELP}</p>
        <button type="button" className="button button-secondary" onClick={downloadExample}>
          Download an example CSV
        </button>
      </details>

      <div className="import-source">
        <div className="field">
          <label htmlFor={`${id}-file`}>Overlay file (CSV or JSON)</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,.json,.txt,text/csv,application/json"
            disabled={busy}
            onChange={(e) => {
              const chosen = e.currentTarget.files?.[0] ?? null;
              setFile(chosen);
              if (chosen) {
                setPasted('');
                setFormat(formatFromFileName(chosen.name) ?? 'csv');
              }
              invalidate();
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-paste`}>Or paste CSV or JSON</label>
          <textarea
            id={`${id}-paste`}
            rows={5}
            value={pasted}
            disabled={busy || file !== null}
            spellCheck={false}
            onChange={(e) => {
              setPasted(e.target.value);
              setFormat(guessFormat(e.target.value));
              invalidate();
            }}
          />
          {file !== null && (
            <p className="field-hint">
              Using the file “{file.name}”.{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setFile(null);
                  invalidate();
                }}
              >
                Paste text instead
              </button>
            </p>
          )}
        </div>
        <div className="field inline-field">
          <label htmlFor={`${id}-format`}>Format</label>
          <select
            id={`${id}-format`}
            value={format}
            disabled={busy}
            onChange={(e) => {
              setFormat(e.target.value as ImportFormat);
              invalidate();
            }}
          >
            <option value="csv">CSV</option>
            <option value="json">JSON</option>
          </select>
        </div>
        <div className="form-actions">
          <button type="button" className="button" aria-disabled={busy} onClick={() => !busy && void run(true)}>
            Check
          </button>
        </div>
      </div>

      {busy && (
        <div className="import-progress" role="status">
          <label htmlFor={`${id}-progress`}>
            {phase === 'checking' ? 'Checking the file' : 'Importing'}
            {progress && progress.total > 0 ? `: ${progress.done} of ${progress.total} rows` : '…'}
          </label>
          {fraction === null ? (
            <progress id={`${id}-progress`} />
          ) : (
            <progress id={`${id}-progress`} value={fraction} max={1} />
          )}
        </div>
      )}

      {error && (
        <div role="alert" className="message message-error">
          <p>{error.message}</p>
          {error.lines.length > 0 && (
            <ul>
              {error.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </div>
      )}

      {result && (
        <section aria-labelledby={`${id}-result`} className="import-result">
          <h3 id={`${id}-result`}>{phase === 'committed' ? 'Imported' : 'Check result'}</h3>
          <p role="status" className={result.ok ? 'message message-success' : 'message message-error'}>
            {summaryText(result.summary)}.{' '}
            {phase === 'committed'
              ? toWrite === 0
                ? 'Nothing needed writing: every row matched the draft.'
                : `${toWrite} overlay${toWrite === 1 ? ' was' : 's were'} written to the draft.`
              : result.ok
                ? toWrite === 0
                  ? 'Nothing to import: every row already matches the draft.'
                  : 'Nothing has been written yet.'
                : 'Fix the rejected rows and check the file again: nothing is imported while any row is rejected.'}
          </p>
          {result.rows.length > 0 && (
            <>
              <label className="checkbox">
                <input type="checkbox" checked={rejectedOnly} onChange={(e) => setRejectedOnly(e.target.checked)} />{' '}
                Rejected rows only ({result.summary.rejected})
              </label>
              <ImportRowsTable rows={rows} caption="Rows of the file" />
            </>
          )}
          {phase !== 'committed' && (
            <div className="form-actions">
              <button
                type="button"
                className="button"
                disabled={!result.ok || toWrite === 0 || busy}
                onClick={() => void run(false)}
              >
                Import {toWrite} overlay{toWrite === 1 ? '' : 's'}
              </button>
            </div>
          )}
        </section>
      )}
    </ModalDialog>
  );
}
