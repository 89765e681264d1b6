import { usageChart, type BillingReport, type ChartLayout } from '#domain';
import { hours, money, periodLabel, poolSeries, reportTables, type ReportTable } from './report-format';

/** Text for HTML content and attribute values. */
function esc(value: string | number): string {
  return String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const r = (n: number) => Math.round(n * 100) / 100;

/** The chart as inline SVG: stacked bars per day, axis, legend; each bar titled with its figures. */
export function chartSvg(chart: ChartLayout, seriesLabels: string[]): string {
  const { plot } = chart;
  const legendHeight = 18 * chart.legend.length;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="CFU-minutes per day and compute pool" ` +
      `width="${chart.width}" height="${chart.height + legendHeight}" viewBox="0 0 ${chart.width} ${chart.height + legendHeight}" ` +
      `font-family="sans-serif" font-size="11">`,
  ];
  for (const t of chart.yTicks) {
    parts.push(
      `<line x1="${plot.x}" x2="${plot.x + plot.width}" y1="${r(t.y)}" y2="${r(t.y)}" stroke="#e0e0e0"/>`,
      `<text x="${plot.x - 6}" y="${r(t.y + 4)}" text-anchor="end" fill="#444">${esc(t.label)}</text>`,
    );
  }
  for (const b of chart.bars) {
    parts.push(
      `<rect x="${r(b.x)}" y="${r(b.y)}" width="${r(b.width)}" height="${r(b.height)}" fill="${b.color}">` +
        `<title>${esc(`${b.day} ${seriesLabels[b.series]}: ${b.value} CFU-minutes`)}</title></rect>`,
    );
  }
  parts.push(
    `<line x1="${plot.x}" x2="${plot.x + plot.width}" y1="${plot.y + plot.height}" y2="${plot.y + plot.height}" stroke="#444"/>`,
  );
  for (const l of chart.xLabels) {
    parts.push(
      `<text x="${r(l.x)}" y="${plot.y + plot.height + 16}" text-anchor="middle" fill="#444">${esc(l.label)}</text>`,
    );
  }
  chart.legend.forEach((l, i) => {
    const y = chart.height + 4 + i * 18;
    parts.push(
      `<rect x="${plot.x}" y="${y}" width="12" height="12" fill="${l.color}"/>`,
      `<text x="${plot.x + 18}" y="${y + 10}" fill="#222">${esc(l.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function table(t: ReportTable): string {
  const cell = (v: string | number, i: number, tag: string) =>
    `<${tag}${t.numeric.includes(i) ? ' class="n"' : ''}>${esc(v)}</${tag}>`;
  return [
    `<h2>${esc(t.title)}</h2>`,
    '<table>',
    `<thead><tr>${t.head.map((h, i) => cell(h, i, 'th')).join('')}</tr></thead>`,
    '<tbody>',
    ...t.rows.map((row) => `<tr>${row.map((v, i) => cell(v, i, 'td')).join('')}</tr>`),
    '</tbody></table>',
  ].join('\n');
}

/** A self-contained page (no scripts, no external resources). */
export function reportHtml(report: BillingReport): string {
  const series = poolSeries(report);
  const chart = usageChart(
    report.daily.map((d) => d.date),
    series,
  );
  const tables = reportTables(report);
  const title = `Flink usage of organization ${report.organization.id}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(title)}, ${esc(report.start_date)} to ${esc(report.end_date)}</title>
<style>
body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.75em; text-align: left; }
.n { text-align: right; font-variant-numeric: tabular-nums; }
.total { font-size: 1.2em; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p>${esc(periodLabel(report))}. Prices per CFU-hour by region; amounts in ${esc(report.currency)}, as in the costs API.</p>
<p class="total" id="total">Total: <strong>${esc(report.total.cfu_minutes)} CFU-minutes</strong>
(${esc(hours(report.total.cfu_hours))} CFU-hours), <strong>${esc(money(report.total.amount))}</strong></p>
<h2>CFU-minutes per day and compute pool</h2>
${chartSvg(
  chart,
  series.map((s) => s.label),
)}
${[tables.environments, tables.pools, tables.topStatements, tables.principals, tables.statements].map(table).join('\n')}
</body>
</html>
`;
}
