import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

@InputType({
  description: 'Omitted fields keep their value; parentId: null moves the unit to the top of the tree.',
})
export class UpdateOrgUnitInput {
  @Field({ description: 'IPA code of the ente the unit belongs to.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;

  @Field(() => ID)
  @IsUUID()
  id!: string;

  @Field(() => String, { nullable: true })
  @ValidateIf((_input, value) => value !== undefined)
  @IsString()
  @MaxLength(50)
  code?: string;

  @Field(() => String, { nullable: true })
  @ValidateIf((_input, value) => value !== undefined)
  @IsString()
  @MaxLength(200)
  name?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The new parent (a move); null moves the unit to the top.',
  })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  externalId?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null clears it.' })
  @IsOptional()
  @Matches(DATE, { message: 'validFrom must be a date as YYYY-MM-DD' })
  validFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null clears it.' })
  @IsOptional()
  @Matches(DATE, { message: 'validTo must be a date as YYYY-MM-DD' })
  validTo?: string | null;
}
