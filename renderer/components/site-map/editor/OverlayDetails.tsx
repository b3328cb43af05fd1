import { useId, useState } from 'react';
import type { Overlay, OverlayShape } from '../../../../main/contract/index.js';
import { useMapEditor } from '../../../state/use-map-editor.js';
import { TextField } from '../../TextField.js';
import { BindingEditor } from './BindingEditor.js';
import { labelProblem, overlayForShape } from './overlay-edits.js';

interface OverlayDetailsProps {
  siteId: string;
}

/** The side panel: the selected overlay's fields, or what can be done with a selected bare shape. */
export function OverlayDetails({ siteId }: OverlayDetailsProps) {
  const overlays = useMapEditor((s) => s.overlays);
  const shapes = useMapEditor((s) => s.shapes);
  const selectedId = useMapEditor((s) => s.selectedId);
  const selectedShapeId = useMapEditor((s) => s.selectedShapeId);
  const create = useMapEditor((s) => s.create);
  const overlay = selectedId === null ? undefined : overlays.find((o) => o.externalId === selectedId);

  if (overlay) {
    // Keyed by overlay: another overlay's fields start from its own values.
    return <OverlayFields key={overlay.externalId} siteId={siteId} overlay={overlay} shapes={shapes} />;
  }
  if (selectedShapeId !== null) {
    const shape = shapes.find((s) => s.shapeId === selectedShapeId) ?? { shapeId: selectedShapeId, label: null };
    return (
      <section className="overlay-details" aria-labelledby="overlay-details-heading">
        <h3 id="overlay-details-heading">Shape {selectedShapeId}</h3>
        <p>No overlay uses this shape yet.</p>
        <button
          type="button"
          className="button"
          onClick={() => create(overlayForShape(shape, new Set(overlays.map((o) => o.externalId))))}
        >
          Create overlay for shape {selectedShapeId}
        </button>
      </section>
    );
  }
  return (
    <section className="overlay-details" aria-labelledby="overlay-details-heading">
      <h3 id="overlay-details-heading">Overlay</h3>
      <p className="muted">Click a shape on the map, or pick an overlay from the list, to edit it here.</p>
    </section>
  );
}

function OverlayFields({
  siteId,
  overlay,
  shapes,
}: {
  siteId: string;
  overlay: Overlay;
  shapes: readonly OverlayShape[];
}) {
  const id = useId();
  const update = useMapEditor((s) => s.update);
  const remove = useMapEditor((s) => s.remove);
  const overlays = useMapEditor((s) => s.overlays);
  // The typed text, which may be invalid for a moment (emptied before retyping): only valid text is saved.
  const [label, setLabel] = useState(overlay.label);
  const [shownLabel, setShownLabel] = useState(overlay.label);
  if (overlay.label !== shownLabel) {
    // Changed from outside this field (undo, redo, another editor): show the new value.
    setShownLabel(overlay.label);
    setLabel(overlay.label);
  }
  const problem = labelProblem(label.trim());
  const usedShapes = new Set(overlays.filter((o) => o.externalId !== overlay.externalId).map((o) => o.shapeId));

  return (
    <section className="overlay-details" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Overlay {overlay.label}</h3>
      <TextField
        label="Label"
        value={label}
        error={problem}
        maxLength={200}
        onChange={(e) => {
          const next = e.target.value;
          setLabel(next);
          const trimmed = next.trim();
          if (labelProblem(trimmed) === null) {
            setShownLabel(trimmed);
            update(overlay.externalId, { label: trimmed }, `label:${overlay.externalId}`);
          }
        }}
      />
      <TextField label="External id" value={overlay.externalId} readOnly hint="Set when the overlay was created." />
      <div className="field">
        <label htmlFor={`${id}-shape`}>Shape</label>
        <select
          id={`${id}-shape`}
          value={overlay.shapeId ?? ''}
          onChange={(e) => update(overlay.externalId, { shapeId: e.target.value === '' ? null : e.target.value })}
        >
          <option value="">No shape (not drawn)</option>
          {overlay.shapeId !== null && !shapes.some((s) => s.shapeId === overlay.shapeId) && (
            <option value={overlay.shapeId}>{overlay.shapeId} (not in the overlay layer)</option>
          )}
          {shapes
            .filter((s) => s.shapeId === overlay.shapeId || !usedShapes.has(s.shapeId))
            .map((s) => (
              <option key={s.shapeId} value={s.shapeId}>
                {s.label ? `${s.shapeId} (${s.label})` : s.shapeId}
              </option>
            ))}
        </select>
      </div>
      <BindingEditor
        siteId={siteId}
        overlay={overlay}
        onChange={(binding) => update(overlay.externalId, { binding })}
      />
      <div className="form-actions">
        <button type="button" className="button button-danger" onClick={() => remove(overlay.externalId)}>
          Delete overlay
        </button>
        <span className="muted">Undo brings it back.</span>
      </div>
    </section>
  );
}
