import { useCallback, useState } from 'react';
import { slugify } from './slugify.js';

type Named = 'name' | 'slug';

/**
 * A form's text values in which the slug follows the name until the user edits the slug (sites,
 * tenants). `onEdit` hears of each edited field, e.g. to drop that field's error.
 */
export function useSluggedValues<F extends string>(
  empty: Record<F | Named, string>,
  onEdit: (field: F | Named) => void,
) {
  const [values, setValues] = useState(empty);
  const [slugEdited, setSlugEdited] = useState(false);

  const update = (field: F | Named, value: string) => {
    setValues((v) => ({ ...v, [field]: value, ...(field === 'name' && !slugEdited ? { slug: slugify(value) } : {}) }));
    if (field === 'slug') setSlugEdited(value !== '');
    onEdit(field);
  };
  const reset = useCallback(() => {
    setValues(empty);
    setSlugEdited(false);
  }, [empty]);
  return { values, update, reset };
}
