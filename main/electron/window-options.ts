import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload script (dist/preload/index.cjs). */
  preloadPath: string;
  iconPath?: string | undefined;
  /** DevTools only in development: a packaged app should not offer a console into the renderer. */
  devTools?: boolean;
}

/** The main window, locked down per Electron's security checklist. */
export function createWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const options: BrowserWindowConstructorOptions = {
    title: 'Outpost',
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    // Shown on ready-to-show, so the user never sees a blank white frame.
    show: false,
    backgroundColor: '#0f172a',
    autoHideMenuBar: true,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: input.devTools ?? false,
    },
  };
  if (input.iconPath) options.icon = input.iconPath;
  return options;
}
