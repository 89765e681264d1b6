import PDFDocument from 'pdfkit';
import { usageChart, type BillingReport, type ChartLayout } from '#domain';
import { hours, money, periodLabel, poolSeries, reportTables, type ReportTable } from './report-format';

type Doc = PDFKit.PDFDocument;

const MARGIN = 48;
const ROW = 14;

/** Draws the chart's geometry (the same as the HTML's SVG) at (x, y), scaled to `width`. */
function drawChart(doc: Doc, chart: ChartLayout, x: number, y: number, width: number): number {
  const k = width / chart.width;
  const at = (px: number, py: number) => [x + px * k, y + py * k] as const;
  const { plot } = chart;
  doc.save().font('Helvetica').fontSize(7).lineWidth(0.5);
  for (const t of chart.yTicks) {
    const [x1, ty] = at(plot.x, t.y);
    const [x2] = at(plot.x + plot.width, t.y);
    doc.moveTo(x1, ty).lineTo(x2, ty).strokeColor('#dddddd').stroke();
    doc.fillColor('#444444').text(t.label, x1 - 44, ty - 3, { width: 40, align: 'right', lineBreak: false });
  }
  for (const b of chart.bars) {
    const [bx, by] = at(b.x, b.y);
    doc.rect(bx, by, b.width * k, b.height * k).fill(b.color);
  }
  const [ax1, ay] = at(plot.x, plot.y + plot.height);
  const [ax2] = at(plot.x + plot.width, plot.y + plot.height);
  doc.moveTo(ax1, ay).lineTo(ax2, ay).strokeColor('#444444').stroke();
  for (const l of chart.xLabels) {
    const [lx] = at(l.x, 0);
    doc.fillColor('#444444').text(l.label, lx - 20, ay + 4, { width: 40, align: 'center', lineBreak: false });
  }
  let ly = y + chart.height * k + 4;
  doc.fontSize(8);
  for (const l of chart.legend) {
    doc.rect(ax1, ly, 8, 8).fill(l.color);
    doc.fillColor('#222222').text(l.label, ax1 + 12, ly, { lineBreak: false });
    ly += 12;
  }
  doc.restore();
  return ly + 8;
}

/** Fixed-width columns; a row that would cross the bottom margin starts a new page. */
class Table {
  constructor(
    private readonly doc: Doc,
    private readonly widths: number[],
    private readonly numeric: number[],
  ) {}

  row(y: number, cells: (string | number)[], bold = false): number {
    const doc = this.doc;
    if (y + ROW > doc.page.height - MARGIN) {
      doc.addPage();
      y = MARGIN;
    }
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(8)
      .fillColor('#222222');
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.text(String(c), x, y, {
        width: this.widths[i] - 4,
        height: ROW,
        align: this.numeric.includes(i) ? 'right' : 'left',
        lineBreak: false,
        ellipsis: true,
      });
      x += this.widths[i];
    });
    return y + ROW;
  }

  rows(y: number, head: string[], rows: (string | number)[][]): number {
    y = this.row(y, head, true);
    for (const r of rows) y = this.row(y, r);
    return y + ROW;
  }
}

function heading(doc: Doc, y: number, text: string): number {
  if (y + 3 * ROW > doc.page.height - MARGIN) {
    doc.addPage();
    y = MARGIN;
  }
  doc.font('Helvetica-Bold').fontSize(12).fillColor('#000000').text(text, MARGIN, y, { lineBreak: false });
  return y + 18;
}

/** The report as an A4 PDF: totals, the chart of daily CFU-minutes per pool, then the tables. */
export function reportPdf(report: BillingReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: `cflink billing report ${report.start_date} to ${report.end_date}`, Author: 'cflink' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;

  doc.font('Helvetica-Bold').fontSize(16).text(`Flink usage of organization ${report.organization.id}`, MARGIN, MARGIN);
  doc.font('Helvetica').fontSize(9).fillColor('#444444').text(periodLabel(report));
  doc
    .moveDown(0.5)
    .font('Helvetica-Bold')
    .fontSize(12)
    .fillColor('#000000')
    .text(
      `Total: ${report.total.cfu_minutes} CFU-minutes (${hours(report.total.cfu_hours)} CFU-hours), ${money(report.total.amount)} ${report.currency}`,
    );
  let y = heading(doc, doc.y + 12, 'CFU-minutes per day and compute pool');
  const series = poolSeries(report);
  y = drawChart(
    doc,
    usageChart(
      report.daily.map((d) => d.date),
      series,
    ),
    MARGIN,
    y,
    width,
  );

  const tables = reportTables(report);
  const layout: [ReportTable, number[]][] = [
    [tables.pools, [75, 100, 75, 70, 45, 45, 40, 49]],
    [tables.topStatements, [150, 110, 99, 50, 45, 45]],
    [tables.principals, [200, 60, 80, 79, 80]],
  ];
  for (const [table, widths] of layout) {
    y = new Table(doc, widths, table.numeric).rows(heading(doc, y, table.title), table.head, table.rows);
  }
  doc.end();
  return done;
}
