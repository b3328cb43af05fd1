import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TunnelHistoryPoint } from '../../../main/contract/index.js';
import { describeError } from '../../api/api-error.js';
import { api } from '../../state/app-state.js';
import { formatBytes } from './tunnel-format.js';

/** Received and sent bytes per minute over the last `minutes`, from the stored rollups (uPlot). */
export function TransferChart({ peerId, name, minutes = 360 }: { peerId: string; name: string; minutes?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const [points, setPoints] = useState<TunnelHistoryPoint[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api
      .call('tunnels.history', { peerId, minutes })
      .then((r) => live && setPoints(r.points))
      .catch((err: unknown) => live && setError(describeError(err)));
    return () => {
      live = false;
    };
  }, [peerId, minutes]);

  useEffect(() => {
    const el = box.current;
    if (!el || !points || points.length === 0) return;
    const data: uPlot.AlignedData = [
      points.map((p) => p.minute / 1000),
      points.map((p) => p.rxBytes),
      points.map((p) => p.txBytes),
    ];
    const plot = new uPlot(
      {
        width: Math.max(280, Math.min(720, el.clientWidth || 560)),
        height: 180,
        axes: [{}, { values: (_u, ticks) => ticks.map((t) => formatBytes(t)), size: 70 }],
        series: [
          {},
          { label: 'Received', stroke: '#2f7ed8', value: (_u, v) => (v == null ? '–' : formatBytes(v)) },
          { label: 'Sent', stroke: '#c0392b', value: (_u, v) => (v == null ? '–' : formatBytes(v)) },
        ],
      },
      data,
      el,
    );
    return () => plot.destroy();
  }, [points]);

  if (error) return <p className="field-error">{error}</p>;
  if (!points) return <p className="muted">Loading transfer history…</p>;
  if (points.length === 0) return <p className="muted">No transfer recorded for {name} yet (one point a minute).</p>;
  const rx = points.reduce((n, p) => n + p.rxBytes, 0);
  const tx = points.reduce((n, p) => n + p.txBytes, 0);
  return (
    <figure className="tunnel-chart">
      <div ref={box} aria-hidden="true" />
      <figcaption>
        {name}: {formatBytes(rx)} received and {formatBytes(tx)} sent in the last {Math.round(minutes / 60)} hours, per
        minute.
      </figcaption>
    </figure>
  );
}
