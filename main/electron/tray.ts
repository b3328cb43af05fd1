import { Menu, Tray, nativeImage } from 'electron';

export interface TrayActions {
  show(): void;
  quit(): void;
  /** The hub console to offer (its host, and how to open it), when a hub address is known. */
  hub?: { host: string; open(): void } | undefined;
}

/** The tray icon: Outpost keeps raising alerts while its window is hidden. */
export function createTray(iconPath: string, actions: TrayActions): Tray {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  tray.setToolTip('Outpost');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show Outpost', click: () => actions.show() },
      ...(actions.hub ? [{ label: `Open hub console (${actions.hub.host})`, click: () => actions.hub!.open() }] : []),
      { type: 'separator' },
      { label: 'Quit Outpost', click: () => actions.quit() },
    ]),
  );
  // Windows and most Linux trays open on click; macOS shows the menu instead.
  tray.on('click', () => actions.show());
  return tray;
}
