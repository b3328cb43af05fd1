import { useMemo, type Ref } from 'react';
import type { LegendEntry } from '../../../../main/contract/index.js';
import { useSiteMap } from '../../../state/app-state.js';
import { statusByOverlay } from '../../../state/site-map-status.js';
import { useMapEditor } from '../../../state/use-map-editor.js';
import { MapCanvas, type MapCanvasHandle } from '../MapCanvas.js';
import { BINDING_LEGEND, statusByBinding } from './editor-colours.js';

const NO_LEGEND: readonly LegendEntry[] = [];

export type ColourBy = 'binding' | 'status';

interface EditorCanvasProps {
  colourBy: ColourBy;
  canvasRef?: Ref<MapCanvasHandle>;
}

/** The map being edited: a click on a shape selects its overlay, or offers to create one. */
export function EditorCanvas({ colourBy, canvasRef }: EditorCanvasProps) {
  const basemapUrl = useSiteMap((s) => s.basemapUrl);
  const overlaySvg = useSiteMap((s) => s.overlaySvg);
  const liveLegend = useSiteMap((s) => s.draft?.legend ?? NO_LEGEND);
  const statusByEntity = useSiteMap((s) => s.statusByEntity);
  const overlays = useMapEditor((s) => s.overlays);
  const selectedId = useMapEditor((s) => s.selectedId);
  const selectShape = useMapEditor((s) => s.selectShape);

  const statuses = useMemo(
    () => (colourBy === 'binding' ? statusByBinding(overlays) : statusByOverlay(overlays, statusByEntity)),
    [colourBy, overlays, statusByEntity],
  );
  const selected = useMemo(() => new Set(selectedId === null ? [] : [selectedId]), [selectedId]);

  return (
    <MapCanvas
      ref={canvasRef}
      basemapUrl={basemapUrl}
      overlaySvg={overlaySvg}
      overlays={overlays}
      statusByOverlay={statuses}
      legend={colourBy === 'binding' ? BINDING_LEGEND : liveLegend}
      selected={selected}
      onShapeClick={(shapeId) => selectShape(shapeId)}
      label="Map being edited: click a shape to edit its overlay"
    />
  );
}
