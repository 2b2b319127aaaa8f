import { Field, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsDate,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { INTEGRATOR_SCOPES } from '../../access/access-rules';
import { IntegratorScope } from '../models/api-key.model';

@InputType()
export class CreateApiKeyInput {
  @Field({ description: 'IPA code of the ente, e.g. c_l424 (Comune di Trieste).' })
  @Matches(/^[a-z0-9_]{2,20}$/, { message: 'enteCode deve essere un codice IPA (es. c_l424)' })
  enteCode!: string;

  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(100)
  name!: string;

  @Field(() => [IntegratorScope])
  @ArrayMinSize(1)
  @ArrayMaxSize(INTEGRATOR_SCOPES.length)
  @IsIn(INTEGRATOR_SCOPES, { each: true, message: `scopes: valori ammessi ${INTEGRATOR_SCOPES.join(', ')}` })
  scopes!: string[];

  @Field(() => Date, {
    nullable: true,
    description: 'When the key stops working: in the future, at most a year from now (the default).',
  })
  @IsOptional()
  @IsDate()
  expiresAt?: Date | null;
}
