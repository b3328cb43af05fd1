import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue } from 'react-aria-components';
import type { Role } from '../../../main/contract/index.js';
import { ROLE_ORDER } from '../../api/access.js';
import { ROLE_LABELS } from './roles.js';

/** Viewer, Operator…: the short name, where the column already says what a role is. */
function shortLabel(role: Role): string {
  return role[0]?.toUpperCase() + role.slice(1);
}

/**
 * A role picker on React Aria's Select (a button that opens a listbox: arrow keys, type-ahead,
 * Escape, and a hidden native select for the form). `long` shows what each role may do.
 */
export function RoleSelect({
  label,
  value,
  onChange,
  long = false,
  hideLabel = false,
  name,
}: {
  label: string;
  value: Role;
  onChange: (role: Role) => void;
  long?: boolean;
  hideLabel?: boolean;
  name?: string;
}) {
  return (
    <Select
      className="field role-select"
      name={name}
      value={value}
      onChange={(key) => {
        if (key !== null) onChange(key as Role);
      }}
    >
      <Label className={hideLabel ? 'visually-hidden' : undefined}>{label}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="select-popover">
        <ListBox className="select-listbox">
          {ROLE_ORDER.map((role) => (
            <ListBoxItem key={role} id={role} className="select-option" textValue={shortLabel(role)}>
              {long ? ROLE_LABELS[role] : shortLabel(role)}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}
