import { join } from 'node:path';

export interface AppPaths {
  rendererDir: string;
  preload: string;
  coreEntry: string;
  icon: string;
  trayIcon: string;
}

/**
 * Where the built pieces live, from the app root (`app.getAppPath()`: the project folder in
 * development, the app.asar in a package). electron-builder.yml ships exactly these folders.
 */
export function appPaths(root: string): AppPaths {
  return {
    rendererDir: join(root, 'dist', 'renderer'),
    preload: join(root, 'dist', 'preload', 'index.cjs'),
    coreEntry: join(root, 'dist', 'main', 'electron', 'core-process.js'),
    icon: join(root, 'resources', 'icons', 'icon.png'),
    trayIcon: join(root, 'resources', 'icons', 'tray.png'),
  };
}
