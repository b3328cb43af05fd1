import { sparklinePath, sparklineSummary } from './sparkline-path.js';

const WIDTH = 120;
const HEIGHT = 24;

/** Inline SVG (allowed by the CSP, unlike inline styles): a line of per-minute counts. */
export function Sparkline({ values }: { values: readonly number[] }) {
  const summary = sparklineSummary(values);
  return (
    <svg
      className="sparkline"
      role="img"
      aria-label={summary}
      viewBox={`-1 -1 ${WIDTH + 2} ${HEIGHT + 2}`}
      width={WIDTH}
      height={HEIGHT}
    >
      <title>{summary}</title>
      <path d={sparklinePath(values, WIDTH, HEIGHT)} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
