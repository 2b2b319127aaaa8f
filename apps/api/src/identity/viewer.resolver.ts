import { Query, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '@sus/catalog';
import { authenticated } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { Ctx } from '../request-context/request-context';
import { Viewer } from './models/viewer.model';

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, {
    description: 'The signed-in caller (portals show it; integrators check their key).',
  })
  @Allow(authenticated)
  me(@Ctx() ctx: RequestContext): Viewer {
    const viewer: Viewer = {
      kind: ctx.actor.kind,
      name: null,
      familyName: null,
      fiscalCode: null,
      email: null,
      levelOfAssurance: null,
      id: null,
      roles: [],
      enteCode: null,
      scopes: [],
    };
    const actor = ctx.actor;
    if (actor.kind === 'citizen') {
      Object.assign(viewer, {
        name: actor.name,
        familyName: actor.familyName,
        fiscalCode: actor.fiscalCode,
        email: actor.email ?? null,
        levelOfAssurance: actor.loa,
      });
    } else if (actor.kind === 'staff') {
      Object.assign(viewer, {
        id: actor.userId,
        name: actor.name,
        roles: actor.roles.map((grant) => ({
          enteCode: grant.enteCode ?? null,
          role: grant.role,
          units: grant.units ?? [],
        })),
      });
    } else if (actor.kind === 'integrator') {
      Object.assign(viewer, { id: actor.keyId, enteCode: actor.enteCode, scopes: actor.scopes });
    }
    return viewer;
  }
}
