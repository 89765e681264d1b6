import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ComputePoolsModule } from '../compute-pools/compute-pools.module';
import { EnvironmentsModule } from '../environments/environments.module';
import { Principals } from '../iam/principals';
import { RegionsModule } from '../regions/regions.module';
import { StatementsController } from './statements.controller';
import { StatementResultsService } from './statement-results.service';
import { StatementsService } from './statements.service';
import { InitialOffsetSource } from './initial-offset-source';

@Module({
  imports: [AuthModule, EnvironmentsModule, ComputePoolsModule, RegionsModule],
  controllers: [StatementsController],
  providers: [StatementsService, StatementResultsService, Principals, InitialOffsetSource],
})
export class StatementsModule {}
