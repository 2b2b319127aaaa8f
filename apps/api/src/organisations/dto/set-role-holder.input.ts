import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEmail, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Role } from '../models/role-holder.model';

@InputType({ description: 'Names who holds a role; the previous holder of that role and place is replaced.' })
export class SetRoleHolderInput {
  @Field({ description: 'IPA code of the ente.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;

  @Field(() => ID, { nullable: true, description: 'The unit the role is held for; omit for the whole ente.' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string | null;

  @Field(() => Role)
  @IsEnum(Role)
  role!: Role;

  @Field()
  @IsString()
  @MaxLength(200)
  personName!: string;

  @Field({ description: "The person's 16-character codice fiscale; stored, never shown." })
  @IsString()
  @MaxLength(32)
  fiscalCode!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'The office, e.g. "Segretario comunale".' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string | null;
}
