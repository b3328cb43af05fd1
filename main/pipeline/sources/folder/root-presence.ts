import { stat } from 'node:fs/promises';

export interface RootPresence {
  /** Reports a loss seen elsewhere (the watcher's unlinkDir) without waiting for the next check. */
  markLost(): void;
  stop(): void;
}

/**
 * Checks every `intervalMs` that the watched folder still exists. chokidar does not say when the
 * watched folder itself goes (an empty one vanishes without any event), and never watches it
 * again when it comes back (a share remounted, a folder recreated), so this does both.
 */
export function watchRootPresence(
  path: string,
  intervalMs: number,
  on: {
    lost(): void;
    /** Resolves true once watching again; false = still lost, tried at the next check. */ back(): Promise<boolean>;
  },
): RootPresence {
  let lost = false;
  let checking = false;
  let stopped = false;

  const markLost = (): void => {
    if (lost || stopped) return;
    lost = true;
    on.lost();
  };
  const check = async (): Promise<void> => {
    if (checking || stopped) return;
    checking = true;
    try {
      const there = (await stat(path).catch(() => undefined))?.isDirectory() === true;
      if (stopped) return;
      if (!there) markLost();
      else if (lost && (await on.back())) lost = false;
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void check(), intervalMs);
  // Never the reason the process stays up.
  timer.unref();
  return {
    markLost,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
