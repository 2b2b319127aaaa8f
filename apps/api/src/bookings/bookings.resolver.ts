import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Bookings, type RequestContext } from '@sus/catalog';
import { anonymous, catalogWriters } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { Ctx } from '../request-context/request-context';
import { SaveBookingResourceInput } from './dto/save-booking-resource.input';
import { BookingResource } from './models/booking-resource.model';

@Resolver(() => BookingResource)
export class BookingsResolver {
  constructor(private readonly bookings: Bookings) {}

  // Public like the rest of the catalogue: what can be booked, where and when is no secret.
  @Allow(anonymous)
  @Query(() => [BookingResource], { description: "The ente's bookable resources, by code." })
  bookingResources(@Ctx() ctx: RequestContext, @Args('enteCode') enteCode: string) {
    return this.bookings.resources(ctx, enteCode);
  }

  @Allow(...catalogWriters())
  @Mutation(() => BookingResource, {
    description: "Creates or changes one of the ente's bookable resources and its opening calendar.",
  })
  saveBookingResource(
    @Ctx() ctx: RequestContext,
    @Args('enteCode') enteCode: string,
    @Args('input') input: SaveBookingResourceInput,
  ) {
    return this.bookings.saveResource(ctx, enteCode, input);
  }
}
