import type { OutpostBridge } from '../../main/contract/index.js';

declare global {
  interface Window {
    /** Present only in the desktop app, exposed by the preload script. */
    outpost?: OutpostBridge;
  }
}

export {};
