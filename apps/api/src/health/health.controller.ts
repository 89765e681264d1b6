import { Controller, Get, Res } from '@nestjs/common';
import { PrismaService } from '#db';
import { Public } from '../auth/public.decorator';
import type { ApiReply } from '../common/http';
import type { Schemas } from '../common/views';
import { Operation } from '../openapi/operation.decorator';
import { RedisService } from '../rate-limit/redis.service';

/** Liveness and readiness for supervisors and load balancers (outside the Confluent paths). */
@Controller('health')
export class HealthController {
  constructor(
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
  ) {}

  @Get()
  @Public()
  @Operation('getHealth')
  async ready(@Res({ passthrough: true }) reply: ApiReply): Promise<Schemas['Health']> {
    const database = await this.prisma.$queryRaw`SELECT 1`.then(
      () => 'ok' as const,
      () => 'unavailable' as const,
    );
    // Reported, but not a readiness condition: without Redis the API serves with rate limits off.
    const redis = await this.redis.ping();
    const ok = database === 'ok';
    void reply.code(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', checks: { database, redis } };
  }

  @Get('live')
  @Public()
  @Operation('getLiveness')
  live(): Schemas['Health'] {
    return { status: 'ok', checks: {} };
  }
}
