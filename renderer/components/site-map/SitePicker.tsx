import { useId } from 'react';
import type { Site } from '../../../main/contract/index.js';

interface SitePickerProps {
  sites: readonly Site[];
  value: string;
  onChange: (siteId: string) => void;
}

/** Which site's map the page shows; each site has a map of its own. */
export function SitePicker({ sites, value, onChange }: SitePickerProps) {
  const id = useId();
  return (
    <div className="field inline-field site-picker">
      <label htmlFor={id}>Site</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {sites.map((site) => (
          <option key={site.id} value={site.id}>
            {site.name}
          </option>
        ))}
      </select>
    </div>
  );
}
