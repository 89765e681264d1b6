import { Injectable } from '@nestjs/common';
import type { Prisma, User } from '../generated/client.js';
import { PrismaService, type Tx } from '../prisma.service';
import { inOrganization, type ListArgs } from './tenant-scope';

export type UserFields = Pick<Prisma.UserUncheckedCreateInput, 'email' | 'fullName'>;

/** Users of one organization; every method takes it and every query is filtered by it. */
@Injectable()
export class UsersRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(organizationId: string, args: ListArgs<Prisma.UserWhereInput>): Promise<User[]> {
    const { where, ...rest } = args;
    return this.prisma.user.findMany({ where: inOrganization(organizationId, where), ...rest });
  }

  find(organizationId: string, id: string): Promise<User | null> {
    return this.prisma.user.findFirst({ where: { id, organizationId } });
  }

  async exists(organizationId: string, id: string, db: Tx = this.prisma): Promise<boolean> {
    return (await db.user.count({ where: { id, organizationId } })) > 0;
  }

  create(organizationId: string, id: string, fields: UserFields): Promise<User> {
    return this.prisma.user.create({ data: { id, organizationId, ...fields } });
  }
}
