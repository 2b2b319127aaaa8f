import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

@ArgsType()
export class StartCaseArgs {
  @Field({ description: 'IPA code of the ente, e.g. c_l424.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;

  @Field({ description: "The ente's service, e.g. MATRIMONIO-CIVILE." })
  @IsString()
  @MaxLength(50)
  serviceCode!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Repeat the same requestId to retry safely: the same case comes back, never a second one.',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{8,64}$/, { message: 'requestId: 8 to 64 letters, digits, "-" or "_".' })
  requestId?: string | null;
}
