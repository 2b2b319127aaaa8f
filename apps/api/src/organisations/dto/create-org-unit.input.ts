import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

@InputType()
export class CreateOrgUnitInput {
  @Field({ description: 'IPA code of the ente the unit belongs to.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;

  @Field()
  @IsString()
  @MaxLength(50)
  code!: string;

  @Field()
  @IsString()
  @MaxLength(200)
  name!: string;

  @Field(() => ID, { nullable: true, description: 'Omit for a unit at the top of the tree.' })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;

  @Field(() => String, { nullable: true, description: "The unit's id in the HR system, if it has one." })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  externalId?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @Matches(DATE, { message: 'validFrom must be a date as YYYY-MM-DD' })
  validFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @Matches(DATE, { message: 'validTo must be a date as YYYY-MM-DD' })
  validTo?: string | null;
}
