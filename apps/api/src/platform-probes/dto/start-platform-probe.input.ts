import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';

@InputType()
export class StartPlatformProbeInput {
  @Field(() => String, {
    nullable: true,
    description: 'Free text shown with the result, e.g. the deploy being checked.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string | null;
}
