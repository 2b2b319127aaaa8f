import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Ente } from '../../organisations/models/ente.model';

@ObjectType({
  description: 'How far an ente has moved its collections to pagoPA and its services to App IO.',
})
export class PaymentAdoption {
  @Field(() => Ente)
  ente!: Ente;

  @Field(() => Int, { description: 'Services that collect money (with a fee or a taxonomy code).' })
  incassoServices!: number;

  @Field(() => Int)
  pagopaActiveServices!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'pagoPA share of incasso services, 0-100; null with none.',
  })
  pagopaPercent!: number | null;

  @Field(() => Int)
  pagopaTargetPercent!: number;

  @Field()
  pagopaTargetMet!: boolean;

  @Field(() => Int)
  appIoPublishedServices!: number;

  @Field(() => Int)
  appIoTargetServices!: number;

  @Field()
  appIoTargetMet!: boolean;
}
