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

/** The session partition of hub console windows: the hub's cookies and storage stay apart from the app's. */
export const HUB_CONSOLE_PARTITION = 'persist:hub-console';

/**
 * A hub console window (hub-console.ts): the hub's web pages with the same lock-down, no preload (so
 * no IPC into this machine), and a session of its own.
 */
export function createHubConsoleWindowOptions(input: { origin: string; iconPath?: string | undefined }) {
  const options = createWindowOptions({ preloadPath: '', iconPath: input.iconPath });
  delete options.webPreferences!.preload;
  options.webPreferences!.partition = HUB_CONSOLE_PARTITION;
  options.title = `Outpost hub — ${new URL(input.origin).host}`;
  return options;
}
