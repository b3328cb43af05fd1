/** IPC channel names shared by the preload script and the main process. */
export const IPC_CALL = 'outpost:call';
export const IPC_SUBSCRIBE = 'outpost:subscribe';
export const IPC_UNSUBSCRIBE = 'outpost:unsubscribe';
/** Main → renderer: `{ topic, payload }` for a topic the page subscribed to. */
export const IPC_EVENT = 'outpost:event';
