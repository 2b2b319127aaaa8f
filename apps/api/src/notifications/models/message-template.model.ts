import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description: 'The text of a message for one event of an ente (or one of its services), with {{variables}}.',
})
export class MessageTemplate {
  @Field(() => ID)
  id!: string;

  @Field()
  enteCode!: string;

  @Field(() => String, { nullable: true, description: "The service it is for; null: the ente's default." })
  serviceCode!: string | null;

  @Field()
  eventKey!: string;

  @Field()
  subjectIt!: string;

  @Field()
  markdownIt!: string;

  @Field(() => String, { nullable: true })
  subjectEn!: string | null;

  @Field(() => String, { nullable: true })
  markdownEn!: string | null;

  @Field()
  updatedAt!: Date;
}
