import { Global, Module } from '@nestjs/common';
import { PrismaService } from './prisma.service';
import { EnvironmentsRepository } from './repositories/environments.repository';

const REPOSITORIES = [EnvironmentsRepository];

@Global()
@Module({ providers: [PrismaService, ...REPOSITORIES], exports: [PrismaService, ...REPOSITORIES] })
export class DbModule {}
