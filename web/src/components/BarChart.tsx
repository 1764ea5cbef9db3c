// A horizontal bar chart (Chart.js, only the parts it needs, so the bundle
// stays small). The canvas carries a text label; the table beside it holds
// the same numbers for screen readers and keyboard users.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export interface Bar {
  label: string;
  value: number;
  colour: string;
}

interface Props {
  label: string;
  bars: Bar[];
  max?: number;
  format: (v: number) => string;
}

export function BarChart({ label, bars, max, format }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    // Measure names are long: a phone keeps the start of each (the table below has them whole).
    const room = (canvas.current.parentElement?.clientWidth ?? 800) < 520 ? 26 : 48;
    const config: ChartConfiguration<'bar'> = {
      type: 'bar',
      data: {
        labels: bars.map((b) => (b.label.length > room ? `${b.label.slice(0, room - 1)}…` : b.label)),
        datasets: [{ data: bars.map((b) => b.value), backgroundColor: bars.map((b) => b.colour), borderWidth: 0 }],
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { min: 0, suggestedMax: max, ticks: { callback: (v) => format(Number(v)) } },
          y: { ticks: { autoSkip: false, font: { size: 11 } } },
        },
        plugins: {
          tooltip: { callbacks: { label: (ctx) => format(Number(ctx.raw)) } },
        },
      },
    };
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [bars, max, format]);
  return (
    <div class="chart" style={{ height: `${Math.max(8, bars.length * 1.9 + 3)}rem` }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
