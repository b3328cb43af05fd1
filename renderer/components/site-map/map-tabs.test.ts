import { describe, expect, it } from 'vitest';
import type { Site, SiteMapDraft } from '../../../main/contract/index.js';
import { hasMap, nextTab, siteFromParam, tabFromParam, tabsFor } from './map-tabs.js';

const site = (id: string): Site => ({
  id,
  tenantId: 'T',
  name: id,
  slug: id.toLowerCase(),
  timezone: 'UTC',
  address: '',
  createdAt: 0,
  updatedAt: 0,
});

describe('map page tabs', () => {
  it('offers viewers the map and the releases only', () => {
    expect(tabsFor('viewer')).toEqual(['view', 'releases']);
    expect(tabsFor('operator')).toEqual(['view', 'releases']);
    expect(tabsFor('technician')).toEqual(['view', 'edit', 'releases', 'status']);
    expect(tabsFor('admin')).toEqual(['view', 'edit', 'releases', 'status']);
    expect(tabsFor(null)).toEqual(['view', 'releases']);
  });

  it('reads the tab from the address, falling back to View for tabs not allowed', () => {
    expect(tabFromParam('edit', ['view', 'edit'])).toBe('edit');
    expect(tabFromParam('edit', ['view', 'releases'])).toBe('view');
    expect(tabFromParam(null, ['view'])).toBe('view');
  });

  it('picks the site from the address, else the first', () => {
    const sites = [site('A'), site('B')];
    expect(siteFromParam('B', sites)?.id).toBe('B');
    expect(siteFromParam('gone', sites)?.id).toBe('A');
    expect(siteFromParam(null, [])).toBeNull();
  });

  it('moves between tabs with arrow keys, wrapping, and Home/End', () => {
    const tabs = ['view', 'edit', 'releases'] as const;
    expect(nextTab(tabs, 'view', 'ArrowRight')).toBe('edit');
    expect(nextTab(tabs, 'view', 'ArrowLeft')).toBe('releases');
    expect(nextTab(tabs, 'releases', 'ArrowRight')).toBe('view');
    expect(nextTab(tabs, 'edit', 'Home')).toBe('view');
    expect(nextTab(tabs, 'edit', 'End')).toBe('releases');
    expect(nextTab(tabs, 'edit', 'Enter')).toBeNull();
  });

  it('says whether a site has a map yet', () => {
    const empty = { basemap: null, overlayLayer: null, overlays: [] } as unknown as SiteMapDraft;
    expect(hasMap(empty)).toBe(false);
    expect(hasMap({ ...empty, overlays: [{ externalId: 'a', shapeId: null, label: 'A', binding: null }] })).toBe(true);
  });
});
