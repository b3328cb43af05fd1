import type { EntityStatus, StatusMapping } from '../contract/index.js';
import { applyStatusMapping, collectUnmapped } from './status-mapping.js';

/** One entity's status as its source said it, before the mapping. */
export interface RawStatusItem {
  id: string;
  raw: string;
}

/** Maps every item with the site's mapping: items sorted by id, and the raw values no rule covers. */
export function mapStatusItems(
  mapping: StatusMapping,
  items: readonly RawStatusItem[],
): { items: EntityStatus[]; unmapped: string[] } {
  const mapped = items.map((item) => ({
    id: item.id,
    raw: item.raw,
    status: applyStatusMapping(mapping, item.raw).status,
  }));
  // Code-unit order, not locale order: the same list sorts the same on every machine.
  mapped.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    items: mapped,
    unmapped: collectUnmapped(
      mapping,
      items.map((i) => i.raw),
    ),
  };
}
