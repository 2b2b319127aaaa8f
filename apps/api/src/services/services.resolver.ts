import { anonymous, catalogWriters } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  pagopaTaxonomy,
  PaymentAdoptionService,
  ServicesService,
  type RequestContext,
  type Service as ServiceRow,
  type UpdateServiceInput as UpdateServiceValues,
} from '@sus/catalog';
import { toGlobalId } from '../node/global-id';
import { pageInfoOf } from '../pagination/page-info.model';
import { CatalogLoadersFactory } from '../procedures/catalog.loaders';
import { Procedure } from '../procedures/models/procedure.model';
import { givenFields } from '../procedures/procedures.resolver';
import { Ctx, type GraphqlContext } from '../request-context/request-context';
import { ServicesArgs } from './dto/services.args';
import { UpdateServiceInput } from './dto/update-service.input';
import { PaymentAdoption } from './models/payment-adoption.model';
import { Service, ServiceConnection, ServiceType, TaxonomyEntry } from './models/service.model';

// In these fields null means "clear"; elsewhere GraphQL null means "not given".
const CLEARABLE = new Set(['availability', 'paymentMode', 'appIoServiceId', 'procedureCode']);

@Resolver(() => Service)
export class ServicesResolver {
  constructor(
    private readonly serviceCatalog: ServicesService,
    private readonly paymentAdoptions: PaymentAdoptionService,
    private readonly loaders: CatalogLoadersFactory,
  ) {}

  @Allow(anonymous)
  @Query(() => ServiceConnection, {
    description: "The ente's services by code, filtered (Relay cursor pagination).",
  })
  async services(@Ctx() ctx: RequestContext, @Args() args: ServicesArgs): Promise<ServiceConnection> {
    const page = await this.serviceCatalog.list(
      ctx,
      args.enteCode,
      {
        channel: args.channel ?? null,
        interactivity: args.interactivity ?? null,
        taxonomy: args.taxonomy ?? null,
        voluntary: args.voluntary ?? null,
        search: args.search ?? null,
      },
      { first: args.first, after: args.after ?? null },
    );
    return { edges: page.items as unknown as ServiceConnection['edges'], pageInfo: pageInfoOf(page) };
  }

  @Allow(anonymous)
  @Query(() => [ServiceType], { description: 'The service types enti can take in charge, by code.' })
  async serviceTypes(@Ctx() ctx: RequestContext): Promise<ServiceType[]> {
    const types = await this.serviceCatalog.listTypes(ctx);
    return types.map((type) => ({
      ...(type.defaults as unknown as ServiceType),
      code: type.code,
      scope: type.scope as ServiceType['scope'],
    }));
  }

  @Allow(anonymous)
  @Query(() => Service, { nullable: true, description: "One of the ente's services, or null." })
  service(@Ctx() ctx: RequestContext, @Args('enteCode') enteCode: string, @Args('code') code: string) {
    return this.serviceCatalog.findByCode(ctx, enteCode, code);
  }

  @Allow(...catalogWriters())
  @Mutation(() => Service, {
    description: 'Presa in carico: the ente adopts a national or regional service type (and its procedure).',
  })
  adoptService(
    @Ctx() ctx: RequestContext,
    @Args('enteCode') enteCode: string,
    @Args('serviceTypeCode') serviceTypeCode: string,
  ) {
    return this.serviceCatalog.adopt(ctx, enteCode, serviceTypeCode);
  }

  @Allow(...catalogWriters())
  @Mutation(() => Service, { description: "Changes the fields given of one of the ente's services." })
  updateService(
    @Ctx() ctx: RequestContext,
    @Args('enteCode') enteCode: string,
    @Args('code') code: string,
    @Args('input') input: UpdateServiceInput,
  ) {
    return this.serviceCatalog.update(
      ctx,
      enteCode,
      code,
      givenFields(input, CLEARABLE) as UpdateServiceValues,
    );
  }

  @Allow(anonymous)
  @Query(() => PaymentAdoption, {
    description: 'pagoPA (target 70%) and App IO (target 10) adoption of one ente.',
  })
  paymentAdoption(@Ctx() ctx: RequestContext, @Args('enteCode') enteCode: string) {
    return this.paymentAdoptions.ofEnte(ctx, enteCode);
  }

  @Allow(anonymous)
  @Query(() => [PaymentAdoption], { description: 'paymentAdoption of a region and of each of its enti.' })
  regionPaymentAdoption(@Ctx() ctx: RequestContext, @Args('regionCode') regionCode: string) {
    return this.paymentAdoptions.ofRegion(ctx, regionCode);
  }

  @ResolveField('id', () => ID)
  globalId(@Parent() service: ServiceRow) {
    return toGlobalId('Service', service.id);
  }

  @ResolveField(() => Procedure, { nullable: true, description: 'The procedure the service starts.' })
  procedure(@Parent() service: ServiceRow & { procedure?: unknown }, @Context() gql: GraphqlContext) {
    // A page of `services` brings each procedure along (same statement); one service, its loader.
    if (service.procedure !== undefined) return service.procedure;
    return service.procedureId ? this.loaders.for(gql).procedure.load(service.procedureId) : null;
  }

  @ResolveField(() => [TaxonomyEntry], {
    description: 'The taxonomy codes with their official descriptions.',
  })
  taxonomy(@Parent() service: ServiceRow) {
    // The official list is in memory: no statement per row.
    const entries = pagopaTaxonomy();
    return service.taxonomyCodes.flatMap((code) => entries.get(code) ?? []);
  }
}
