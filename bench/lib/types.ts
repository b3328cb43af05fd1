/** A target for a figure: e.g. `{ stat: 'p95', op: '<=', target: 1500 }` = "p95 at most 1500 ms". */
export interface Aim {
  /** Which number of the figure the aim is about: `value` for plain figures, a percentile for latencies. */
  stat: 'value' | 'p50' | 'p95' | 'p99' | 'max';
  op: '<=' | '>=';
  target: number;
}

interface FigureBase {
  name: string;
  aim?: Aim;
  /** Filled in by the runner from `aim`. */
  met?: boolean;
  /** How it was measured, when that is not obvious. */
  note?: string;
}

export interface ValueFigure extends FigureBase {
  unit: string;
  value: number;
}

export interface LatencyFigure extends FigureBase {
  unit: 'ms';
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  samples: number;
}

export type Figure = ValueFigure | LatencyFigure;

export function isLatency(figure: Figure): figure is LatencyFigure {
  return 'p50' in figure;
}

export interface BenchContext {
  /** The repository root (absolute path). */
  root: string;
  /** `--quick`: fewer repetitions and shorter runs, for trying the harness out; not for committed results. */
  quick: boolean;
  /** Progress output (stderr). */
  log(message: string): void;
  /** A line for the report about how this case ran (e.g. which entry point it used). */
  note(message: string): void;
}

export interface BenchCase {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<Figure[]>;
}
