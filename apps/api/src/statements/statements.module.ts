import { Module } from '@nestjs/common';
import { ComputePoolsModule } from '../compute-pools/compute-pools.module';
import { EnvironmentsModule } from '../environments/environments.module';
import { Principals } from '../iam/principals';
import { RegionsModule } from '../regions/regions.module';
import { StatementsController } from './statements.controller';
import { StatementResultsService } from './statement-results.service';
import { StatementsService } from './statements.service';

@Module({
  imports: [EnvironmentsModule, ComputePoolsModule, RegionsModule],
  controllers: [StatementsController],
  providers: [StatementsService, StatementResultsService, Principals],
})
export class StatementsModule {}
