import { describe, expect, it } from 'vitest';
import { HUB_CONSOLE_PARTITION, createHubConsoleWindowOptions, createWindowOptions } from './window-options.js';

describe('createWindowOptions', () => {
  const options = createWindowOptions({ preloadPath: '/app/dist/preload/index.cjs' });
  const prefs = options.webPreferences!;

  it('isolates the page from Node and Electron', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and risky features off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.spellcheck).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it('loads the given preload script and stays hidden until ready-to-show', () => {
    expect(prefs.preload).toBe('/app/dist/preload/index.cjs');
    expect(options.show).toBe(false);
  });

  it('has a usable size', () => {
    expect(options.width).toBeGreaterThanOrEqual(1024);
    expect(options.height).toBeGreaterThanOrEqual(700);
    expect(options.minWidth).toBeGreaterThan(0);
    expect(options.minHeight).toBeGreaterThan(0);
  });

  it('offers DevTools only when asked (development)', () => {
    expect(prefs.devTools).toBe(false);
    expect(createWindowOptions({ preloadPath: '/p', devTools: true }).webPreferences!.devTools).toBe(true);
  });

  it('sets the icon only when given', () => {
    expect(options.icon).toBeUndefined();
    expect(createWindowOptions({ preloadPath: '/p', iconPath: '/i.png' }).icon).toBe('/i.png');
  });
});

describe('createHubConsoleWindowOptions', () => {
  const options = createHubConsoleWindowOptions({ origin: 'https://hub.example.com:8443' });
  it('has no preload (no IPC into this machine) and a session of its own, locked down like the main window', () => {
    expect(options.webPreferences).not.toHaveProperty('preload');
    expect(options.webPreferences).toMatchObject({
      partition: HUB_CONSOLE_PARTITION,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: false,
    });
    expect(options.title).toBe('Outpost hub — hub.example.com:8443');
  });
});
