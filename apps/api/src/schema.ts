import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { GRAPHQL_SDL_FILE_HEADER, GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { projectRoot } from '@sus/platform';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { AppModule } from './app.module';
import { loadApiSettings } from './config';
import { graphqlOptions, SCHEMA_FILE } from './graphql-options';

/**
 * `npm run schema`: writes apps/api/schema.gql from the resolvers, without Postgres or Temporal.
 *
 * The api's module graph is scanned in preview mode (nothing is instantiated, nothing connects),
 * and its provider classes go to the same GraphQLSchemaFactory and printer the GraphQL module uses
 * on start, so the file is byte for byte what a development start (and test/schema.test.ts) writes.
 */
async function main(): Promise<void> {
  // Only the shape of the module graph matters: the settings are never used to connect.
  const settings = loadApiSettings({ DATABASE_URL: 'postgres://schema-only@127.0.0.1/unused' });
  const options = graphqlOptions(settings, undefined);
  const api = await NestFactory.createApplicationContext(AppModule.register(settings, undefined), {
    preview: true,
    logger: false,
  });
  const builder = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    const providerClasses = [...api.get(ModulesContainer).values()].flatMap((module) =>
      [...module.providers.values()]
        .filter((wrapper) => typeof wrapper.metatype === 'function' && !wrapper.inject)
        .map((wrapper) => wrapper.metatype as NonNullable<typeof wrapper.metatype>),
    );
    const schema = await builder
      .get(GraphQLSchemaFactory)
      .create(providerClasses, options.buildSchemaOptions ?? {});
    const sdl = printSchema(options.sortSchema ? lexicographicSortSchema(schema) : schema);
    const file = join(projectRoot(), SCHEMA_FILE);
    writeFileSync(file, GRAPHQL_SDL_FILE_HEADER + sdl);
    process.stdout.write(`schema: wrote ${SCHEMA_FILE}\n`);
  } finally {
    await builder.close();
    await api.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`schema: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
