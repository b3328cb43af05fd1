/**
 * A deterministic stream of log lines shaped like a site's: mostly repeats of a few hundred
 * templates with varying values, and a steady trickle of never-seen templates (new devices, new
 * errors), so grouping pays both its cheap path (known template) and its costly one (embed + search).
 */
const SUBJECTS = ['camera', 'door', 'gate', 'nvr', 'switch', 'sensor', 'ups', 'badge-reader', 'pump', 'router'];
const VERBS = ['timed out', 'reconnected', 'rejected login', 'reported low disk', 'lost power', 'rebooted'];
const DETAILS = ['after', 'while contacting', 'during sync with', 'on port', 'for user', 'from address'];
const WORDS = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa'.split(
  ' ',
);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LogMix {
  next(): { message: string; severity: string; device: string };
}

/** `newTemplateRate`: the fraction of lines that introduce a template never seen before. */
export function createLogMix(seed = 1, newTemplateRate = 0.01): LogMix {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  let novel = 0;
  return {
    next() {
      const subject = pick(SUBJECTS);
      const device = `${subject}-${Math.floor(random() * 40)}`;
      const value = Math.floor(random() * 65_536);
      const severity = random() < 0.1 ? 'error' : random() < 0.3 ? 'warning' : 'info';
      if (random() < newTemplateRate) {
        novel++;
        const words = Array.from({ length: 3 }, () => pick(WORDS)).join(' ');
        return { message: `${subject} ${words} anomaly kind ${novel} ${pick(DETAILS)} ${value}`, severity, device };
      }
      return { message: `${subject} ${device} ${pick(VERBS)} ${pick(DETAILS)} ${value}`, severity, device };
    },
  };
}
