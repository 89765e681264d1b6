import { Controller, Get, Req, Res, StreamableFile } from '@nestjs/common';
import accepts from 'accepts';
import { reportPeriod, ReportPeriodError, type BillingReport } from '#domain';
import { CurrentCaller, type Caller } from '../auth/caller';
import { ApiError } from '../common/api-error';
import type { ApiReply, ApiRequest } from '../common/http';
import { Valid } from '../common/valid.decorator';
import type { Schemas } from '../common/views';
import { Operation, type QueryOf } from '../openapi/operation.decorator';
import { reportCsv } from './report-csv';
import { reportFileName } from './report-format';
import { reportHtml } from './report-html';
import { reportPdf } from './report-pdf';
import { ReportsService } from './reports.service';

type ReportQuery = QueryOf<'getBillingReport'>;
type Format = NonNullable<ReportQuery['format']>;

/** Longest period one report may span, as for the costs API. */
const MAX_DAYS = 366;

const MEDIA_TYPES: Record<Format, string> = {
  json: 'application/json',
  csv: 'text/csv',
  html: 'text/html',
  pdf: 'application/pdf',
};

/** billing/v1 reports: usage and cost by environment, pool, statement, principal and day (OrganizationAdmin, BillingAdmin). */
@Controller('billing/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @Operation('getBillingReport')
  async get(
    @CurrentCaller() caller: Caller,
    @Valid('query') query: ReportQuery,
    @Req() req: ApiRequest,
    @Res({ passthrough: true }) reply: ApiReply,
  ): Promise<Schemas['BillingReport'] | string | StreamableFile> {
    const format = query.format ?? this.negotiate(req);
    let period;
    try {
      period = reportPeriod(query, MAX_DAYS);
    } catch (e) {
      if (e instanceof ReportPeriodError) throw ApiError.badRequest(e.message, { parameter: e.parameter });
      throw e;
    }
    const report: BillingReport = await this.reports.report(caller.organizationId, period, query.top ?? 10);
    const name = (ext: string) => reportFileName(report, query.month, ext);
    void reply.header('Vary', 'Accept');
    switch (format) {
      case 'json': {
        // The per-row lines are the CSV's; the JSON has every breakdown of them already.
        const { lines: _lines, ...json } = report; // eslint-disable-line @typescript-eslint/no-unused-vars
        return json;
      }
      case 'csv':
        void reply.headers({
          'Content-Type': 'text/csv; charset=utf-8; header=present',
          'Content-Disposition': `attachment; filename="${name('csv')}"`,
        });
        return reportCsv(report);
      case 'html':
        void reply.headers({
          'Content-Type': 'text/html; charset=utf-8',
          // The page is self-contained: nothing to load, nothing to run.
          'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
          'Content-Disposition': `inline; filename="${name('html')}"`,
        });
        return reportHtml(report);
      case 'pdf':
        return new StreamableFile(await reportPdf(report), {
          type: 'application/pdf',
          disposition: `attachment; filename="${name('pdf')}"`,
        });
    }
  }

  /** The format the Accept header prefers; JSON for none or any; 406 when it names none we serve. */
  private negotiate(req: ApiRequest): Format {
    const types = Object.values(MEDIA_TYPES);
    const chosen = accepts(req.raw).type(types);
    const format = (Object.keys(MEDIA_TYPES) as Format[]).find((f) => MEDIA_TYPES[f] === chosen);
    if (!format) {
      throw new ApiError(406, [
        {
          code: 'not_acceptable',
          detail: `Accept "${req.headers.accept}" names no format of this report: ask for ${types.join(', ')}, or pass format=json|csv|html|pdf.`,
          source: { parameter: 'format' },
        },
      ]);
    }
    return format;
  }
}
