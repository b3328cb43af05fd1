import { Notification } from 'electron';

export interface NotifyOptions {
  title: string;
  body: string;
  onClick?: () => void;
}

// Electron drops a Notification's click handler once the object is garbage-collected; holding
// them until they are clicked or closed keeps alerts clickable.
const live = new Set<Notification>();

/** Shows a desktop notification; returns false where the system has none. */
export function notify(options: NotifyOptions): boolean {
  if (!Notification.isSupported()) return false;
  const notification = new Notification({ title: options.title, body: options.body, silent: false });
  live.add(notification);
  const release = () => live.delete(notification);
  notification.on('click', () => {
    release();
    options.onClick?.();
  });
  notification.on('close', release);
  notification.on('failed', release);
  notification.show();
  return true;
}
