import { basename, dirname, sep } from 'node:path';
import type { FolderConfig } from './folder-config.js';

/**
 * The camera a file came from. FTP uploads are usually one folder per camera, often with date
 * folders below it (`gate/2024-05-01/…jpg`), so the folder directly under the watched one names
 * the camera; or a name prefix (`gate_20240501-120000.jpg`).
 */
export function deviceOf(relativePath: string, mode: FolderConfig['deviceFrom']): string | undefined {
  if (mode === 'parent-folder') {
    const folder = dirname(relativePath);
    if (folder === '.' || folder === '') return undefined;
    return folder.split(sep)[0];
  }
  if (mode === 'filename-prefix') {
    const match = /^([^_\-.\s]+)[_-]/.exec(basename(relativePath));
    return match?.[1];
  }
  return undefined;
}
