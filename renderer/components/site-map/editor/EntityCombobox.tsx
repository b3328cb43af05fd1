import { useCombobox, type UseComboboxState, type UseComboboxStateChangeOptions } from 'downshift';
import { useId, useState } from 'react';
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

const optionKey = (option: Option): string => (option.kind === 'entity' ? `e:${option.entity.id}` : `f:${option.id}`);

/**
 * Search-as-you-type for the entity to bind: the ARIA 1.2 combobox pattern with a listbox popup, on
 * Downshift (roles, aria-activedescendant, keys, pointer). Arrow keys, Home and End move through the
 * results, Enter binds (the only result, when none is highlighted), Escape closes the list and then
 * clears the text. Focus stays in the input. Binding is an action, not a value the box keeps: after
 * it the box is empty again, ready for the next search.
 */
export function EntityCombobox({ siteId, type, onChoose, allowFreeText }: EntityComboboxProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
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

  function choose(option: Option | null | undefined) {
    if (!option) return;
    onChoose(option.kind === 'entity' ? option.entity.id : option.id);
    setText('');
    setOpen(false);
  }

  const { getLabelProps, getInputProps, getMenuProps, getItemProps, highlightedIndex } = useCombobox<Option>({
    id,
    items: options,
    itemToString: (option) => (option === null ? '' : option.kind === 'entity' ? option.entity.name : option.id),
    itemToKey: (option) => (option === null ? null : optionKey(option)),
    inputValue: text,
    isOpen: open,
    // Nothing stays selected: each choice binds once and empties the box.
    selectedItem: null,
    onInputValueChange: ({ inputValue, type: change }) => {
      if (change === useCombobox.stateChangeTypes.InputChange) {
        setText(inputValue);
        setOpen(true);
      } else if (change === useCombobox.stateChangeTypes.InputKeyDownEscape) {
        setText(inputValue);
      }
    },
    onIsOpenChange: ({ isOpen }) => setOpen(isOpen),
    onSelectedItemChange: ({ selectedItem }) => choose(selectedItem),
    stateReducer: keepTextOnBlurAndClick,
  });

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
      <label {...getLabelProps()}>{label}</label>
      <input
        {...getInputProps({
          type: 'text',
          autoComplete: 'off',
          'aria-describedby': `${id}-status`,
          placeholder: allowFreeText ? `Name or id of the ${BINDING_LABELS[type].toLowerCase()}` : undefined,
          onFocus: () => setOpen(true),
          onKeyDown: (e) => {
            // Enter with nothing highlighted binds the only result (typing a full id and pressing Enter).
            if (e.key === 'Enter' && open && highlightedIndex < 0 && options.length === 1) {
              e.preventDefault();
              (e.nativeEvent as KeyboardEvent & { preventDownshiftDefault?: boolean }).preventDownshiftDefault = true;
              choose(options[0]);
            }
          },
        })}
      />
      <p id={`${id}-status`} className="field-hint" role="status" aria-live="polite">
        {statusText}
      </p>
      <ul
        {...getMenuProps({ 'aria-label': `${BINDING_LABELS[type]} results` })}
        className="combobox-list"
        hidden={!open || options.length === 0}
      >
        {options.map((option, index) => (
          <li key={optionKey(option)} className="combobox-option" {...getItemProps({ item: option, index })}>
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

/**
 * Leaving the box closes the list without binding whatever was highlighted (binding is a deliberate
 * choice), and a click in the box keeps the list open rather than toggling it shut.
 */
function keepTextOnBlurAndClick(
  state: UseComboboxState<Option>,
  { type, changes }: UseComboboxStateChangeOptions<Option>,
): Partial<UseComboboxState<Option>> {
  if (type === useCombobox.stateChangeTypes.InputBlur) {
    return { ...changes, selectedItem: state.selectedItem, inputValue: state.inputValue };
  }
  if (type === useCombobox.stateChangeTypes.InputClick) return { ...changes, isOpen: true };
  return changes;
}
