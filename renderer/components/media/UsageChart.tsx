import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface UsageBar {
  label: string;
  bytes: number;
}

const MB = 1024 * 1024;

/**
 * Disk use per camera as bars (uPlot). The table beside it carries the same numbers for screen
 * readers and keyboard users; the canvas is decoration for them.
 */
export function UsageChart({ bars, title }: { bars: UsageBar[]; title: string }) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = host.current;
    if (!el || bars.length === 0) return;
    const width = Math.max(280, Math.min(el.clientWidth || 600, 900));
    const x = bars.map((_b, i) => i);
    const y = bars.map((b) => b.bytes / MB);
    const plot = new uPlot(
      {
        width,
        height: 180,
        title,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: [-0.5, bars.length - 0.5] } },
        axes: [
          {
            values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? (bars[t]?.label ?? '') : '')),
            stroke: 'currentColor',
          },
          { label: 'MB', stroke: 'currentColor' },
        ],
        series: [
          {},
          {
            label: 'MB',
            fill: 'rgba(59, 130, 246, 0.6)',
            stroke: 'rgb(37, 99, 235)',
            paths: uPlot.paths.bars!({ size: [0.6, 80] }),
            points: { show: false },
          },
        ],
      },
      [x, y],
      el,
    );
    return () => plot.destroy();
  }, [bars, title]);

  return <div ref={host} className="usage-chart" aria-hidden="true" />;
}
