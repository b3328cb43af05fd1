/**
 * The Electron shell's door for the preload script: the IPC channel names both sides use. The shell
 * itself starts from main.ts (package.json "main"); nothing else imports it.
 */
export * from './ipc-channels.js';
