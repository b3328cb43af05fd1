import type { WebContents } from 'electron';
import { isHubConsoleNavigation } from './hub-console.js';
import { externalUrlToOpen, isAllowedNavigation } from './navigation-guard.js';
import type { MainLog } from './main-log.js';

/**
 * Applied to every webContents the app ever creates (windows, devtools, anything a library
 * might open): no <webview>, no navigation away from our origin, no new windows. Links meant
 * for the web open in the system browser instead. A hub console window stays on its hub's origin
 * instead (`hubOrigin`, asked at each navigation: the window registers after its contents exist).
 */
export function hardenWebContents(
  contents: WebContents,
  openExternal: (url: string) => Promise<void>,
  log: Pick<MainLog, 'warn'>,
  hubOrigin: () => string | undefined = () => undefined,
): void {
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('Blocked a <webview>');
  });

  const guard = (event: { url: string; preventDefault(): void }, what: string) => {
    const url = event.url;
    const hub = hubOrigin();
    if (hub ? isHubConsoleNavigation(hub, url) : isAllowedNavigation(url)) return;
    event.preventDefault();
    log.warn(`Blocked a ${what}`, { url: url.slice(0, 200) });
  };
  contents.on('will-navigate', (event) => guard(event, 'navigation'));
  contents.on('will-redirect', (event) => guard(event, 'redirect'));

  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrlToOpen(url);
    if (external) {
      openExternal(external).catch((err: unknown) => log.warn('Could not open a link in the browser', { err }));
    } else {
      log.warn('Blocked a new window', { url: url.slice(0, 200) });
    }
    return { action: 'deny' };
  });
}
