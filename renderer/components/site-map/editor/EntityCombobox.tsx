import { useId, useState, type KeyboardEvent } from 'react';
import type { BindingType, Entity } from '../../../../main/contract/index.js';
import { formatAgo } from '../../time-format.js';
import { BINDING_LABELS, entityIdProblem } from './overlay-edits.js';
import { useEntitySearch } from './use-entity-search.js';

interface EntityComboboxProps {
  siteId: string;
  type: BindingType;
  /** Called with the chosen entity's id (or the typed id, for free text). */
  onChoose: (id: string) => void;
  /** Units may be anything the user names; other types may also be bound before they are first seen. */
  allowFreeText: boolean;
}

type Option = { kind: 'entity'; entity: Entity } | { kind: 'free'; id: string };

const PLURAL: Record<BindingType, string> = { device: 'devices', camera: 'cameras', zone: 'zones', unit: 'units' };

/**
 * Search-as-you-type for the entity to bind (the ARIA 1.2 combobox pattern with a listbox popup):
 * arrow keys move through the results, Enter binds, Escape closes the list. Focus stays in the
 * input; the active option is announced through aria-activedescendant.
 */
export function EntityCombobox({ siteId, type, onChoose, allowFreeText }: EntityComboboxProps) {
  const id = useId();
  const listId = `${id}-list`;
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const search = useEntitySearch(siteId, type, text, open);

  const trimmed = text.trim();
  const options: Option[] = search.results.map((entity) => ({ kind: 'entity', entity }));
  if (
    allowFreeText &&
    trimmed !== '' &&
    entityIdProblem(trimmed) === null &&
    !search.results.some((e) => e.id === trimmed)
  ) {
    options.push({ kind: 'free', id: trimmed });
  }
  const activeIndex = active < options.length ? active : -1;

  function choose(option: Option | undefined) {
    if (!option) return;
    onChoose(option.kind === 'entity' ? option.entity.id : option.id);
    setText('');
    setOpen(false);
    setActive(-1);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!open) setOpen(true);
        setActive((i) => Math.min(options.length - 1, i + 1));
        break;
      case 'ArrowUp':
        e.preventDefault();
        setActive((i) => Math.max(-1, i - 1));
        break;
      case 'Home':
        if (open && options.length > 0) {
          e.preventDefault();
          setActive(0);
        }
        break;
      case 'End':
        if (open && options.length > 0) {
          e.preventDefault();
          setActive(options.length - 1);
        }
        break;
      case 'Enter':
        if (open && activeIndex >= 0) {
          e.preventDefault();
          choose(options[activeIndex]);
        } else if (open && options.length === 1) {
          e.preventDefault();
          choose(options[0]);
        }
        break;
      case 'Escape':
        if (open) {
          e.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (text !== '') {
          e.preventDefault();
          setText('');
        }
        break;
    }
  }

  const noun = PLURAL[type];
  const statusText = !open
    ? ''
    : search.status === 'loading' || search.status === 'idle'
      ? `Searching ${noun}…`
      : search.status === 'error'
        ? `Search failed: ${search.error}`
        : search.results.length === 0
          ? `No ${noun} match${allowFreeText && trimmed !== '' ? `; press Enter to use “${trimmed}” as the id` : ''}.`
          : `${search.results.length} ${search.results.length === 1 ? noun.slice(0, -1) : noun} found.`;

  const label = `Search ${noun}`;
  return (
    <div className="field combobox">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && activeIndex >= 0 ? `${id}-opt-${activeIndex}` : undefined}
        aria-describedby={`${id}-status`}
        placeholder={allowFreeText ? `Name or id of the ${BINDING_LABELS[type].toLowerCase()}` : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <p id={`${id}-status`} className="field-hint" role="status" aria-live="polite">
        {statusText}
      </p>
      <ul
        id={listId}
        role="listbox"
        aria-label={`${BINDING_LABELS[type]} results`}
        className="combobox-list"
        hidden={!open || options.length === 0}
      >
        {options.map((option, i) => (
          <li
            key={option.kind === 'entity' ? `e:${option.entity.id}` : `f:${option.id}`}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === activeIndex}
            className="combobox-option"
            // Keeps focus in the input, so the blur does not close the list before the click lands.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(option)}
          >
            {option.kind === 'entity' ? (
              <>
                <span className="combobox-name">{option.entity.name}</span>{' '}
                <span className="muted mono">{option.entity.id}</span>
                {option.entity.lastSeen !== null && (
                  <span className="muted"> · seen {formatAgo(option.entity.lastSeen)}</span>
                )}
              </>
            ) : (
              <>Use “{option.id}” as the id</>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
