import { Suspense, useEffect, useId, useRef, useState } from 'react';
import { lazyComponent } from '../../../chunk-load.js';
import { api, useSiteMap } from '../../../state/app-state.js';
import { useMapEditor } from '../../../state/use-map-editor.js';
import type { MapCanvasHandle } from '../MapCanvas.js';
import { AssetUploads } from './AssetUploads.js';
import { ClearOverlays } from './ClearOverlays.js';
import { EditorCanvas, type ColourBy } from './EditorCanvas.js';
import { OverlayDetails } from './OverlayDetails.js';
import { OverlayList } from './OverlayList.js';
import { SaveStatusChip } from './SaveStatusChip.js';
import { UndoRedoControls } from './UndoRedoControls.js';

const loadImportDialog = () => import('../import/ImportDialog.js');
// Imports are occasional: the dialog's code loads when the button is pointed at or first pressed.
const ImportDialog = lazyComponent(() => loadImportDialog().then((m) => m.ImportDialog));

interface MapEditorProps {
  siteId: string;
}

/**
 * The site-map editor: layers, the map to click shapes on, the selected overlay's fields and the
 * list of overlays. Edits are saved as they are made (see state/map-editor.ts).
 */
export function MapEditor({ siteId }: MapEditorProps) {
  const id = useId();
  const draft = useSiteMap((s) => (s.draft?.siteId === siteId ? s.draft : null));
  const loadError = useSiteMap((s) => s.error);
  const reload = useSiteMap((s) => s.reload);
  const notice = useMapEditor((s) => s.notice);
  const dismissNotice = useMapEditor((s) => s.dismissNotice);
  const editorSite = useMapEditor((s) => s.siteId);
  const [colourBy, setColourBy] = useState<ColourBy>('binding');
  const [importing, setImporting] = useState(false);
  const [importUsed, setImportUsed] = useState(false);
  const canvasRef = useRef<MapCanvasHandle>(null);

  // The working copy starts from the shared draft (later changes reach it through sync()).
  useEffect(() => {
    if (draft !== null && useMapEditor.getState().siteId !== siteId) useMapEditor.getState().seed(draft);
  }, [draft, siteId]);

  // Leaving the editor saves what is waiting instead of dropping it. Closing a browser tab with
  // edits still waiting asks first; in the desktop app a cancelled unload would silently keep the
  // window open, so there the save is only started.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (!useMapEditor.getState().hasUnsaved()) return;
      void useMapEditor.getState().flush();
      if (api.transport === 'http') e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      void useMapEditor.getState().flush();
    };
  }, []);

  if (draft === null || editorSite !== siteId) {
    return loadError ? (
      <div role="alert" className="message message-error">
        <p>{loadError}</p>
        <button type="button" className="button button-secondary" onClick={() => void reload()}>
          Try again
        </button>
      </div>
    ) : (
      <p role="status" className="muted">
        Loading the map…
      </p>
    );
  }

  const hasLayers = draft.basemap !== null || draft.overlayLayer !== null;
  return (
    <div className="map-editor">
      <div className="editor-toolbar" role="toolbar" aria-label="Map editor">
        <UndoRedoControls />
        <SaveStatusChip />
        <div className="field inline-field">
          <label htmlFor={`${id}-colour`}>Colour overlays by</label>
          <select id={`${id}-colour`} value={colourBy} onChange={(e) => setColourBy(e.target.value as ColourBy)}>
            <option value="binding">Bound or not</option>
            <option value="status">Live status</option>
          </select>
        </div>
        <button
          type="button"
          className="button button-secondary"
          onPointerEnter={() => void loadImportDialog().catch(() => {})}
          onFocus={() => void loadImportDialog().catch(() => {})}
          onClick={() => {
            setImportUsed(true);
            setImporting(true);
          }}
        >
          Import overlays…
        </button>
      </div>

      {notice && (
        <div role="alert" className="message message-error editor-notice">
          <p>{notice}</p>
          <button type="button" className="button button-secondary" onClick={dismissNotice}>
            Dismiss
          </button>
        </div>
      )}

      <AssetUploads
        siteId={siteId}
        basemap={draft.basemap}
        overlayLayer={draft.overlayLayer}
        onChanged={() => useSiteMap.getState().reload()}
      />

      <div className="editor-main">
        <div className="editor-canvas">
          {hasLayers ? (
            <EditorCanvas colourBy={colourBy} canvasRef={canvasRef} />
          ) : (
            <div className="message">
              <p>Upload a base map and an overlay layer above to start. Overlays can also be imported from a file.</p>
            </div>
          )}
        </div>
        <aside className="editor-side" aria-label="Overlay editing">
          <OverlayDetails siteId={siteId} />
          <OverlayList
            onPick={(overlay) => {
              if (overlay.shapeId !== null) canvasRef.current?.showShape(overlay.shapeId);
            }}
          />
          <ClearOverlays siteId={siteId} onCleared={() => useSiteMap.getState().reload()} />
        </aside>
      </div>

      {importUsed && (
        <Suspense fallback={null}>
          <ImportDialog
            siteId={siteId}
            open={importing}
            onClose={() => setImporting(false)}
            beforeRun={() => useMapEditor.getState().flush()}
            onCommitted={async () => {
              await useSiteMap.getState().reload();
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
