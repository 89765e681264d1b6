import { Global, Module } from '@nestjs/common';
import { PrismaService } from './prisma.service';
import { ComputePoolsRepository } from './repositories/compute-pools.repository';
import { EnvironmentsRepository } from './repositories/environments.repository';
import { StatementsRepository } from './repositories/statements.repository';

const REPOSITORIES = [EnvironmentsRepository, ComputePoolsRepository, StatementsRepository];

@Global()
@Module({ providers: [PrismaService, ...REPOSITORIES], exports: [PrismaService, ...REPOSITORIES] })
export class DbModule {}
