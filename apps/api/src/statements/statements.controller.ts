import { Controller, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import type { Statement } from '#db';
import type { Visibility } from '#domain';
import { CurrentCaller, type Caller } from '../auth/caller';
import { AuthorizedStatement, Visible } from '../auth/visibility';
import { Urls } from '../common/urls';
import { Valid } from '../common/valid.decorator';
import type { Schemas } from '../common/views';
import { Operation } from '../openapi/operation.decorator';
import { StatementResultsService } from './statement-results.service';
import { statementView } from './statement.view';
import {
  StatementsService,
  type StatementCreateBody,
  type StatementListQuery,
  type StatementPatchBody,
  type StatementPath,
  type StatementUpdateBody,
} from './statements.service';

type ItemPath = StatementPath & { statement_name: string };

@Controller('sql/v1/organizations/:organization_id/environments/:environment_id/statements')
export class StatementsController {
  constructor(
    private readonly statements: StatementsService,
    private readonly results: StatementResultsService,
    private readonly urls: Urls,
  ) {}

  @Get()
  @Operation('listStatements')
  async list(
    @CurrentCaller() caller: Caller,
    @Valid('params') path: StatementPath,
    @Valid('query') query: StatementListQuery,
    @Visible() visible: Visibility,
  ): Promise<Schemas['StatementList']> {
    const listUrl = this.urls.statements(path.organization_id, path.environment_id);
    const { rows, metadata } = await this.statements.list(caller, path, query, listUrl, visible);
    return {
      api_version: 'sql/v1',
      kind: 'StatementList',
      metadata,
      data: rows.map((r) => statementView(r, this.urls)),
    };
  }

  @Post()
  @HttpCode(201)
  @Operation('createStatement')
  async create(
    @CurrentCaller() caller: Caller,
    @Valid('params') path: StatementPath,
    @Valid('body') body: StatementCreateBody,
  ): Promise<Schemas['Statement']> {
    return statementView(await this.statements.create(caller, path, body), this.urls);
  }

  @Get(':statement_name')
  @Operation('getStatement')
  async get(
    @CurrentCaller() caller: Caller,
    @Valid('params') path: ItemPath,
    @AuthorizedStatement() authorized: Statement | undefined,
  ): Promise<Schemas['Statement']> {
    // The policy already read the statement it authorized; a miss is explained by the service.
    return statementView(authorized ?? (await this.statements.get(caller, path, path.statement_name)), this.urls);
  }

  @Get(':name/results')
  @Operation('getStatementResult')
  async result(
    @CurrentCaller() caller: Caller,
    @Valid('params') path: StatementPath & { name: string },
    @Valid('query') query: { page_token?: string },
  ): Promise<Schemas['StatementResult']> {
    return this.results.results(caller, path, path.name, query.page_token);
  }

  @Get(':statement_name/exceptions')
  @Operation('getStatementExceptions')
  async exceptions(
    @CurrentCaller() caller: Caller,
    @Valid('params') path: ItemPath,
  ): Promise<Schemas['StatementExceptionList']> {
    return this.results.exceptions(caller, path, path.statement_name);
  }

  @Put(':statement_name')
  @HttpCode(202)
  @Operation('updateStatement')
  async update(
    @CurrentCaller() caller: Caller,
    @Valid('params') path: ItemPath,
    @Valid('body') body: StatementUpdateBody,
  ): Promise<void> {
    await this.statements.update(caller, path, path.statement_name, body);
  }

  @Patch(':statement_name')
  @Operation('patchStatement')
  async patch(
    @CurrentCaller() caller: Caller,
    @Valid('params') path: ItemPath,
    @Valid('body') body: StatementPatchBody,
  ): Promise<Schemas['Statement']> {
    return statementView(await this.statements.patch(caller, path, path.statement_name, body), this.urls);
  }

  @Delete(':statement_name')
  @HttpCode(202)
  @Operation('deleteStatement')
  async delete(@CurrentCaller() caller: Caller, @Valid('params') path: ItemPath): Promise<void> {
    await this.statements.delete(caller, path, path.statement_name);
  }
}
