import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

@ArgsType()
export class MessagesArgs {
  @Field({ description: 'IPA code of the sending ente.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  caseNumber?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[0-3][0-9]{17}$/, { message: 'noticeNumber must be the 18-digit notice number' })
  noticeNumber?: string | null;

  @Field(() => String, { nullable: true, description: "The citizen's codice fiscale." })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  fiscalCode?: string | null;
}
