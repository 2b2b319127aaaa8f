import { anonymous } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { EntiService, ProceduresService, ServicesService, type RequestContext } from '@sus/catalog';
import { Ctx } from '../request-context/request-context';
import { fromGlobalId } from './global-id';
import { Node } from './node.model';

@Resolver(() => Node)
export class NodeResolver {
  constructor(
    private readonly enti: EntiService,
    private readonly services: ServicesService,
    private readonly procedures: ProceduresService,
  ) {}

  @Allow(anonymous)
  @Query(() => Node, { nullable: true, description: 'Any Ente, Service or Procedure by its global id.' })
  async node(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string) {
    const { type, id: rowId } = fromGlobalId(id);
    const find = {
      Ente: () => this.enti.findByIds(ctx, [rowId]),
      Service: () => this.services.findByIds(ctx, [rowId]),
      Procedure: () => this.procedures.findByIds(ctx, [rowId]),
    }[type];
    const [row] = await find();
    return row ? { ...row, __nodeType: type } : null;
  }
}
