import { topics, type TopicPayload } from '../contract/index.js';
import { alertNotification } from './alert-notification.js';
import type { CoreGateway } from './renderer-sessions.js';

/**
 * Follows `alerts.changed` for the signed-in session and turns newly opened alerts into desktop
 * notifications, whether or not a page is subscribed: an operator with the window minimised to
 * the tray still hears about a new alert.
 */
export class DesktopAlerts {
  private token: string | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly core: Pick<CoreGateway, 'subscribe'>,
    private readonly show: (notification: { title: string; body: string }) => void,
  ) {}

  /** Follows the session of `token`; undefined (signed out) stops following. */
  async follow(token: string | undefined): Promise<void> {
    if (token === this.token) return;
    this.token = token;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (!token) return;
    const result = await this.core.subscribe(token, ['alerts.changed'], {
      onEvent: (_topic, payload) => {
        const parsed = topics['alerts.changed'].safeParse(payload);
        const notification = parsed.success ? alertNotification(parsed.data as TopicPayload<'alerts.changed'>) : null;
        if (notification) this.show(notification);
      },
      onEnd: () => {
        if (this.token === token) this.unsubscribe = undefined;
      },
    });
    if (!result.ok) return;
    // Signed out or switched session while the subscription was being set up.
    if (this.token !== token) result.unsubscribe();
    else this.unsubscribe = result.unsubscribe;
  }
}
