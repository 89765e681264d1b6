/**
 * Layout of the billing report's chart, pure: daily CFU-minutes as bars stacked by compute
 * pool, with a y axis on round numbers. Both renderers (inline SVG in HTML, vector drawing in
 * the PDF) draw this same geometry, so the two documents show the same picture.
 */

export interface ChartSeries {
  label: string;
  /** One value per day, in the order of `days`. */
  values: readonly number[];
}

export interface ChartRect {
  x: number;
  y: number;
  width: number;
  height: number;
  color: string;
  /** Index of the series (pool) the bar belongs to. */
  series: number;
  day: string;
  value: number;
}

export interface ChartLayout {
  width: number;
  height: number;
  /** The plotting area. */
  plot: { x: number; y: number; width: number; height: number };
  bars: ChartRect[];
  yTicks: { y: number; label: string }[];
  xLabels: { x: number; label: string }[];
  legend: { color: string; label: string }[];
}

/** Distinguishable colours, cycled when there are more pools. */
export const CHART_COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
] as const;

/** The smallest 1, 2 or 5 × 10ⁿ at least `value` (≥ 1), for an axis top. */
export function niceCeiling(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

const MARGIN = { left: 56, right: 12, top: 12, bottom: 28 };

/** Bars stacked per day (first series at the bottom); days without usage have no bar. */
export function usageChart(days: readonly string[], series: readonly ChartSeries[], width = 720, height = 260) {
  const plot = {
    x: MARGIN.left,
    y: MARGIN.top,
    width: width - MARGIN.left - MARGIN.right,
    height: height - MARGIN.top - MARGIN.bottom,
  };
  const totals = days.map((_, d) => series.reduce((a, s) => a + (s.values[d] ?? 0), 0));
  const top = niceCeiling(Math.max(0, ...totals));
  const slot = days.length > 0 ? plot.width / days.length : plot.width;
  const barWidth = Math.max(1, slot * 0.8);
  const scale = plot.height / top;
  const bars: ChartRect[] = [];
  days.forEach((day, d) => {
    let base = plot.y + plot.height;
    series.forEach((s, i) => {
      const value = s.values[d] ?? 0;
      if (value <= 0) return;
      const h = value * scale;
      base -= h;
      bars.push({
        x: plot.x + d * slot + (slot - barWidth) / 2,
        y: base,
        width: barWidth,
        height: h,
        color: CHART_COLORS[i % CHART_COLORS.length],
        series: i,
        day,
        value,
      });
    });
  });
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({
    y: plot.y + plot.height - f * plot.height,
    label: formatTick(top * f),
  }));
  // At most about 12 day labels, evenly spaced, the first day always among them.
  const every = Math.max(1, Math.ceil(days.length / 12));
  const xLabels = days
    .map((day, d) => ({ x: plot.x + d * slot + slot / 2, label: day.slice(5), d }))
    .filter((l) => l.d % every === 0)
    .map(({ x, label }) => ({ x, label }));
  const legend = series.map((s, i) => ({ color: CHART_COLORS[i % CHART_COLORS.length], label: s.label }));
  return { width, height, plot, bars, yTicks, xLabels, legend } satisfies ChartLayout;
}

function formatTick(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0+$/, '');
}
