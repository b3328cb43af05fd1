import { loadLoghub } from '../../main/pipeline/test-support/index.js';

export interface LoghubMixLine {
  message: string;
  device: string;
  severity: 'info' | 'warning' | 'error';
}

/**
 * The eight LogHub 2k samples as one site would receive them: the systems interleaved line by line
 * (one source per system, named as the device), in their own order within each system, and the whole
 * mix repeated. The first pass holds every template the mix has; later passes are the steady state of
 * known messages. Severities are drawn from a seeded generator (one in ten an error), as in log-mix.
 */
export function createLoghubMix(dir: string, seed = 1): { lines: number; next(): LoghubMixLine } {
  const systems = loadLoghub(dir);
  const mixed: { message: string; device: string }[] = [];
  const longest = Math.max(...systems.map((s) => s.lines.length));
  for (let i = 0; i < longest; i++) {
    for (const system of systems) {
      const line = system.lines[i];
      if (line) mixed.push({ message: line.content, device: system.system });
    }
  }
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
  let at = 0;
  return {
    lines: mixed.length,
    next() {
      const line = mixed[at++ % mixed.length]!;
      const roll = random();
      return { ...line, severity: roll < 0.1 ? 'error' : roll < 0.3 ? 'warning' : 'info' };
    },
  };
}
