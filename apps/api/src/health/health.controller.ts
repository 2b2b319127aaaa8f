import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { anonymous } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { HealthService, type Readiness } from './health.service';

/** Public: load balancers and orchestrators call it without credentials. */
@Controller('health')
@Allow(anonymous)
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** The process is alive; says nothing of its dependencies (for restart decisions). */
  @Get('live')
  live(): { status: 'live' } {
    return { status: 'live' };
  }

  /** 200 only when Postgres, Temporal and at least one worker are up (for routing traffic). */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const readiness = await this.health.readiness();
    reply.status(readiness.status === 'ready' ? 200 : 503);
    return readiness;
  }
}
