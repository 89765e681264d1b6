import { Module } from '@nestjs/common';
import { EnvironmentsModule } from '../environments/environments.module';
import { RegionsModule } from '../regions/regions.module';
import { StatementCommands } from '../statements/statement-commands';
import { ComputePoolsController } from './compute-pools.controller';
import { ComputePoolsService } from './compute-pools.service';

@Module({
  imports: [EnvironmentsModule, RegionsModule],
  controllers: [ComputePoolsController],
  providers: [ComputePoolsService, StatementCommands],
  exports: [ComputePoolsService, StatementCommands],
})
export class ComputePoolsModule {}
