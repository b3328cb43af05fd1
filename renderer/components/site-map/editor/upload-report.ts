import type { UploadAssetOutput } from '../../../../main/contract/index.js';
import { ApiError, describeError } from '../../../api/api-error.js';

/**
 * What the user reads after an upload: what sanitising took out of their SVG (so a map that looks
 * different in Outpost is explained) and how many overlays the layer's shapes gave.
 */

/** "script element, onclick attribute (3 times)": repeats counted, first-seen order kept. */
export function removedText(removed: readonly string[]): string {
  if (removed.length === 0) return 'Nothing had to be removed.';
  const counts = new Map<string, number>();
  for (const item of removed) counts.set(item, (counts.get(item) ?? 0) + 1);
  const items = [...counts].map(([item, n]) => (n > 1 ? `${item} (${n} times)` : item));
  return `Removed from your file: ${items.join(', ')}.`;
}

export function overlaysCreatedText(n: number): string {
  if (n === 0) return 'No new overlays: no shape with an id was left without one.';
  return `${n} overlay${n === 1 ? ' was' : 's were'} created from the shapes of the layer.`;
}

export function uploadSummary(kind: 'basemap' | 'overlay', result: UploadAssetOutput): string[] {
  const lines = [kind === 'basemap' ? 'Base map uploaded.' : 'Overlay layer uploaded.', removedText(result.removed)];
  if (kind === 'overlay') lines.push(overlaysCreatedText(result.overlaysCreated));
  return lines;
}

/** Too large and wrong type get a sentence that says what to do; anything else is the server's message. */
export function uploadErrorText(err: unknown, fileName: string): string {
  if (err instanceof ApiError && err.code === 'payload_too_large') {
    return `“${fileName}” is too large. ${err.message} Make the file smaller (lower resolution, or export it again) and upload it again.`;
  }
  if (err instanceof ApiError && err.code === 'unsupported_media_type') {
    return `“${fileName}” is not a file Outpost can use here. ${err.message}`;
  }
  return `“${fileName}” was not uploaded. ${describeError(err)}`;
}
