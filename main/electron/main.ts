/**
 * Electron main process: windows, tray, notifications and the IPC relay. The Core runs in a
 * utility process (core-process.ts); this process never opens the store itself.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, session, shell, type Tray } from 'electron';
import { OutpostError, type RpcResult } from '../contract/index.js';
import { APP_ENTRY_URL } from './app-origin.js';
import { appPaths } from './app-paths.js';
import { registerAppScheme, serveAppScheme } from './app-protocol.js';
import { startCoreProcess, type CoreHost } from './core-host.js';
import { loadTunnelSealingKey } from './tunnel-key.js';
import { withContentSecurityPolicy } from './csp.js';
import { installIpcRelay, sendRendererEvent } from './ipc-relay.js';
import { createMainLog } from './main-log.js';
import { installPermissionHandlers } from './permissions.js';
import { RendererSessions } from './renderer-sessions.js';
import { DesktopAlerts } from './desktop-alerts.js';
import { notify } from './notifications.js';
import { createTray } from './tray.js';
import { hardenWebContents } from './web-contents-hardening.js';
import { hubArgument, hubConsoleOrigin, rememberedHub, rememberHub } from './hub-console.js';
import { createHubConsoleWindowOptions, createWindowOptions, HUB_CONSOLE_PARTITION } from './window-options.js';

const log = createMainLog();

// Both must happen before `ready`.
registerAppScheme();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another Outpost is running and has been told to show itself (`second-instance` there).
  app.quit();
} else {
  run();
}

function run(): void {
  const paths = appPaths(app.getAppPath());
  let mainWindow: BrowserWindow | null = null;
  let tray: Tray | null = null;
  let core: CoreHost | undefined;
  let stopped = false;
  let stopping = false;

  const showWindow = () => {
    if (!app.isReady()) return;
    if (!mainWindow || mainWindow.isDestroyed()) {
      mainWindow = createMainWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  const createMainWindow = (): BrowserWindow => {
    const window = new BrowserWindow(
      createWindowOptions({ preloadPath: paths.preload, iconPath: paths.icon, devTools: !app.isPackaged }),
    );
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    window.loadURL(APP_ENTRY_URL).catch((err: unknown) => log.error('Could not load the user interface', { err }));
    return window;
  };

  // Hub consoles (hub-console.ts): their webContents ids and the hub origin each may show.
  const hubConsoles = new Map<number, string>();
  const hubFile = () => join(process.env.OUTPOST_DATA_DIR || app.getPath('userData'), 'hub-console.json');
  const openHubConsole = (address: string) => {
    let origin: string;
    try {
      origin = hubConsoleOrigin(address);
    } catch (err) {
      dialog.showErrorBox('Outpost could not open the hub', err instanceof Error ? err.message : String(err));
      return;
    }
    const window = new BrowserWindow(createHubConsoleWindowOptions({ origin, iconPath: paths.icon }));
    const id = window.webContents.id;
    hubConsoles.set(id, origin);
    window.on('closed', () => hubConsoles.delete(id));
    window.once('ready-to-show', () => window.show());
    window.loadURL(`${origin}/`).catch((err: unknown) => log.error('Could not load the hub console', { err }));
    try {
      rememberHub(hubFile(), origin);
    } catch (err) {
      log.warn('Could not remember the hub address', { err });
    }
  };

  const failAndQuit = (title: string, message: string) => {
    log.error(title, { message });
    dialog.showErrorBox(title, message);
    app.quit();
  };

  // `outpost --hub=https://hub.example` opens the hub console, also in an Outpost already running.
  app.on('second-instance', (_event, argv) => {
    const hub = hubArgument(argv);
    if (hub) openHubConsole(hub);
    else showWindow();
  });
  app.on('activate', showWindow);
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(
      contents,
      (url) => shell.openExternal(url),
      log,
      () => hubConsoles.get(contents.id),
    ),
  );
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quitting waits for the Core to close its store (WAL checkpoint, no half-written work).
  app.on('before-quit', (event) => {
    if (stopped || !core) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    tray?.destroy();
    core
      .stop()
      .catch((err: unknown) => log.error('The Outpost core did not close cleanly', { err }))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });

  app
    .whenReady()
    .then(() => {
      const ses = session.defaultSession;
      installPermissionHandlers(ses);
      // Hub pages are granted nothing at all (permissions.ts grants only the app's own origin).
      installPermissionHandlers(session.fromPartition(HUB_CONSOLE_PARTITION));
      // Belt and braces: the protocol handler sets the same header on everything it serves.
      ses.webRequest.onHeadersReceived((details, callback) => {
        callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
      });
      const dataDir = process.env.OUTPOST_DATA_DIR || app.getPath('userData');
      serveAppScheme(paths.rendererDir, {
        resolve: (mediaId, link) => (core ? core.client.mediaFile(mediaId, link) : notStarted()),
        // The Core's blob store (main/media/media-slice.ts): media are opened only below it.
        mediaRoot: join(dataDir, 'blobs'),
        resolveExport: (exportId, link) => (core ? core.client.exportFile(exportId, link) : notStarted()),
        // The Core's export spool (main/media/media-export.ts): exports are opened only below it.
        exportRoot: join(dataDir, 'exports'),
      });

      core = startCoreProcess({
        entry: paths.coreEntry,
        dataDir,
        tunnelKey: loadTunnelSealingKey(dataDir),
        onUnexpectedExit: (code) =>
          failAndQuit(
            'Outpost stopped working',
            `The Outpost core stopped unexpectedly (exit code ${code}). Start Outpost again; the details are in the log.`,
          ),
      });
      core.client.ready.then(
        (notices) => notices.forEach((body) => notify({ title: 'Outpost', body, onClick: showWindow })),
        (err: unknown) => failAndQuit('Outpost could not start', err instanceof Error ? err.message : String(err)),
      );

      const desktopAlerts = new DesktopAlerts(core.client, (n) => notify({ ...n, onClick: showWindow }));
      installIpcRelay(
        new RendererSessions(core.client, sendRendererEvent, (token) => void desktopAlerts.follow(token)),
        log,
      );
      try {
        const knownHub = rememberedHub(hubFile());
        tray = createTray(paths.trayIcon, {
          show: showWindow,
          quit: () => app.quit(),
          hub: knownHub ? { host: new URL(knownHub).host, open: () => openHubConsole(knownHub) } : undefined,
        });
      } catch (err) {
        // Some Linux desktops have no tray; the window still works without it.
        log.warn('No tray icon on this desktop', { err });
      }
      showWindow();
      const hubAtStart = hubArgument(process.argv);
      if (hubAtStart) openHubConsole(hubAtStart);
    })
    .catch((err: unknown) => failAndQuit('Outpost could not start', err instanceof Error ? err.message : String(err)));
}

function notStarted(): Promise<RpcResult> {
  return Promise.resolve({
    ok: false,
    error: new OutpostError('unavailable', 'Outpost is still starting. Try again in a moment.').toBody().error,
  });
}
