import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { anonymous } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { RequestAuthenticator } from '../identity/request-authenticator';
import { HealthService, publicReadiness, type PublicReadiness, type Readiness } from './health.service';

/** Public: load balancers and orchestrators call it without credentials. */
@Controller('health')
@Allow(anonymous)
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly authenticator: RequestAuthenticator,
  ) {}

  /** The process is alive; says nothing of its dependencies (for restart decisions). */
  @Get('live')
  live(): { status: 'live' } {
    return { status: 'live' };
  }

  /**
   * 200 only when Postgres, Temporal and at least one worker are up (for routing traffic). Anyone
   * sees which check is up or down; the reasons (error texts, worker host names) only a regional
   * administrator's bearer token does, since they describe the inside of the installation.
   */
  @Get('ready')
  async ready(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readiness | PublicReadiness> {
    const readiness = await this.health.readiness();
    reply.status(readiness.status === 'ready' ? 200 : 503);
    return (await this.mayReadDetail(request)) ? readiness : publicReadiness(readiness);
  }

  private async mayReadDetail(request: FastifyRequest): Promise<boolean> {
    if (!request.headers.authorization) return false;
    try {
      const { actor } = await this.authenticator.authenticate(request);
      return actor.kind === 'staff' && actor.roles.some((grant) => grant.role === 'regionalAdmin');
    } catch {
      // A wrong token still gets the public answer: readiness must not depend on the IdP.
      return false;
    }
  }
}
