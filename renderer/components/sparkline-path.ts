/**
 * An SVG path (`M x y L x y …`) for per-minute counts, oldest first, scaled to fill `width` ×
 * `height` with the largest count at the top. All zeros is a flat line on the baseline; a single
 * value is a flat line across the width. Coordinates are rounded to 0.1 to keep the markup small.
 */
export function sparklinePath(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return '';
  const max = Math.max(...values);
  const y = (v: number) => round(max === 0 ? height : height - (v / max) * height);
  if (values.length === 1) return `M0 ${y(values[0]!)} L${round(width)} ${y(values[0]!)}`;
  const step = width / (values.length - 1);
  return values.map((v, i) => `${i === 0 ? 'M' : 'L'}${round(i * step)} ${y(v)}`).join(' ');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** The sparkline's text alternative: what a sighted reader takes from the shape. */
export function sparklineSummary(values: readonly number[]): string {
  if (values.length === 0) return 'No recent activity';
  const total = values.reduce((a, b) => a + b, 0);
  const peak = Math.max(...values);
  return `${total} in the last ${values.length} minutes, at most ${peak} a minute`;
}
