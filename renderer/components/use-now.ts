import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `intervalMs`: relative times ("5 min ago") stay true on a
 * screen left open in a control room, and renders stay pure.
 */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
