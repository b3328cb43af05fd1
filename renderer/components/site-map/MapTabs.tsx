import type { KeyboardEvent, ReactNode } from 'react';
import { nextTab, TAB_LABELS, type MapTab } from './map-tabs.js';

interface MapTabsProps {
  tabs: readonly MapTab[];
  current: MapTab;
  onSelect: (tab: MapTab) => void;
  children: ReactNode;
}

/**
 * The ARIA tabs pattern: one tab stop for the tab list, arrow keys (and Home/End) move between
 * tabs and select them, the panel is labelled by its tab.
 */
export function MapTabs({ tabs, current, onSelect, children }: MapTabsProps) {
  function onKeyDown(e: KeyboardEvent) {
    const target = nextTab(tabs, current, e.key);
    if (target === null) return;
    e.preventDefault();
    onSelect(target);
    document.getElementById(`map-tab-${target}`)?.focus();
  }

  return (
    <>
      <div role="tablist" aria-label="Map" className="tabs">
        {tabs.map((tab) => (
          <button
            key={tab}
            id={`map-tab-${tab}`}
            type="button"
            role="tab"
            aria-selected={tab === current}
            aria-controls={`map-panel-${tab}`}
            tabIndex={tab === current ? 0 : -1}
            className="tab"
            onClick={() => onSelect(tab)}
            onKeyDown={onKeyDown}
          >
            {TAB_LABELS[tab]}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`map-panel-${current}`} aria-labelledby={`map-tab-${current}`} className="map-tabpanel">
        {children}
      </div>
    </>
  );
}
