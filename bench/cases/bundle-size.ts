import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { staleRendererReason } from '../../e2e/support/renderer-build.js';
import type { Aim, BenchCase, Figure } from '../lib/types.js';

/** One chunk of Vite's build manifest (dist/renderer/.vite/manifest.json). */
interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

interface FirstPage {
  name: string;
  /** Manifest keys the page needs on a first visit: the entry, then the chunks it loads on demand. */
  chunks: string[];
  budgetKiB?: number;
}

const KIB = 1024;
const atMost = (target: number): Aim => ({ stat: 'value', op: '<=', target });

/** Every script a chunk needs before it runs: itself and its static imports, transitively. */
function closure(manifest: Manifest, keys: string[], seen = new Set<string>()): Set<string> {
  for (const key of keys) {
    if (seen.has(key)) continue;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the build manifest has no chunk ${key}: was it renamed?`);
    seen.add(key);
    closure(manifest, chunk.imports ?? [], seen);
  }
  return seen;
}

/** A file's size as sent with `coding` (the .br or .gz beside it, or itself when the build made none). */
function sentSize(dir: string, file: string, coding: '' | '.br' | '.gz'): number {
  const coded = join(dir, file + coding);
  return statSync(existsSync(coded) ? coded : join(dir, file)).size;
}

const benchCase: BenchCase = {
  name: 'bundle-size',
  description:
    "The renderer's JavaScript per first page, from the build manifest: each page's entry chunk and every chunk " +
    'it imports, as sent by `outpost serve` (brotli, gzip) and uncompressed.',
  async run(ctx) {
    const stale = staleRendererReason(ctx.root);
    if (stale) throw new Error(`${stale}: run npm run build:renderer (npm run bench does) before this case`);
    const dir = join(ctx.root, 'dist', 'renderer');
    const manifest = JSON.parse(readFileSync(join(dir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
    const signedIn = (page: string) => ['index.html', 'router.tsx', page];
    const pages: FirstPage[] = [
      { name: 'sign-in', chunks: ['index.html'], budgetKiB: 100 },
      { name: 'wall board', chunks: ['index.html', 'pages/WallBoardPage.tsx'], budgetKiB: 100 },
      { name: 'home', chunks: signedIn('pages/HomePage.tsx'), budgetKiB: 150 },
      { name: '/events', chunks: signedIn('pages/EventsPage.tsx'), budgetKiB: 150 },
      { name: '/dashboard', chunks: signedIn('pages/DashboardPage.tsx'), budgetKiB: 150 },
      { name: '/map (view)', chunks: signedIn('pages/MapPage.tsx'), budgetKiB: 150 },
      { name: '/settings/sources', chunks: signedIn('pages/SourcesSettingsPage.tsx'), budgetKiB: 150 },
    ];
    // Loaded on top of the map page when their tab or dialog is opened.
    const parts = [
      ['map editor', 'components/site-map/editor/MapEditor.tsx'],
      ['import dialog', 'components/site-map/import/ImportDialog.tsx'],
      ['releases tab', 'components/site-map/releases/ReleasesPanel.tsx'],
      ['status tab', 'components/site-map/status-settings/StatusSettingsPanel.tsx'],
    ] as const;

    const figures: Figure[] = [];
    const total = (keys: Iterable<string>, coding: '' | '.br' | '.gz') =>
      [...keys].reduce((sum, key) => sum + sentSize(dir, manifest[key]!.file, coding), 0) / KIB;
    for (const page of pages) {
      const keys = closure(manifest, page.chunks);
      const br = total(keys, '.br');
      figures.push(
        {
          name: `${page.name} JS, brotli`,
          unit: 'KiB',
          value: br,
          note: `${keys.size} files`,
          ...(page.budgetKiB ? { aim: atMost(page.budgetKiB) } : {}),
        },
        { name: `${page.name} JS, gzip`, unit: 'KiB', value: total(keys, '.gz') },
        { name: `${page.name} JS, uncompressed`, unit: 'KiB', value: total(keys, '') },
      );
    }
    const mapPage = closure(manifest, signedIn('pages/MapPage.tsx'));
    for (const [name, key] of parts) {
      const extra = [...closure(manifest, [key])].filter((k) => !mapPage.has(k));
      figures.push({ name: `${name}, on top of the map page, brotli`, unit: 'KiB', value: total(extra, '.br') });
    }
    const css = manifest['index.html']?.css ?? [];
    ctx.note(
      `Styles: one stylesheet for every page, ${(css.reduce((s, f) => s + sentSize(dir, f, '.br'), 0) / KIB).toFixed(1)} KiB brotli.`,
    );
    ctx.note('Signed-in pages count the entry, the router chunk and the page chunk with all their imports.');
    return figures;
  },
};

export default benchCase;
