import { useId, useState } from 'react';
import type { BindingType, Overlay } from '../../../../main/contract/index.js';
import { BINDING_LABELS, describeBinding, makeBinding } from './overlay-edits.js';
import { EntityCombobox } from './EntityCombobox.js';

interface BindingEditorProps {
  siteId: string;
  overlay: Overlay;
  onChange: (binding: Overlay['binding']) => void;
}

const TYPES = Object.keys(BINDING_LABELS) as BindingType[];

/**
 * What colours the overlay: nothing, or a device, camera, zone or unit. Picking a type alone
 * changes nothing saved; the binding changes when an entity is chosen (or "None" is picked).
 */
export function BindingEditor({ siteId, overlay, onChange }: BindingEditorProps) {
  const id = useId();
  const saved = overlay.binding?.type ?? 'none';
  const [type, setType] = useState<BindingType | 'none'>(saved);
  const [shownSaved, setShownSaved] = useState(saved);
  if (saved !== shownSaved) {
    // The saved binding changed (an entity was chosen, undo, another editor): follow it.
    setShownSaved(saved);
    setType(saved);
  }

  return (
    <fieldset className="binding-editor">
      <legend>Binding</legend>
      <p id={`${id}-now`} className="binding-now">
        <span className="muted">Bound to: </span>
        <strong>{describeBinding(overlay.binding)}</strong>
      </p>
      <div className="field">
        <label htmlFor={`${id}-type`}>Binding type</label>
        <select
          id={`${id}-type`}
          value={type}
          aria-describedby={`${id}-now`}
          onChange={(e) => {
            const next = e.target.value as BindingType | 'none';
            setType(next);
            if (next === 'none') onChange(null);
          }}
        >
          <option value="none">None</option>
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {BINDING_LABELS[t]}
            </option>
          ))}
        </select>
      </div>
      {type !== 'none' && (
        <EntityCombobox
          key={type}
          siteId={siteId}
          type={type}
          allowFreeText
          onChoose={(target) => onChange(makeBinding(type, target))}
        />
      )}
    </fieldset>
  );
}
