# Applies database migrations once before api and worker start, then the example data when SUS_SEED=true
# (compose: service "migrate").
FROM node:20.20-bookworm-slim AS build
WORKDIR /sus
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY scripts ./scripts
RUN npx tsc -p tsconfig.build.json && npx tsc-alias -p tsconfig.build.json && npm prune --omit=dev

FROM node:20.20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /sus
COPY --from=build /sus/package.json ./
COPY --from=build /sus/node_modules ./node_modules
COPY --from=build /sus/dist ./dist
# The official pagoPA taxonomy the seeded services are checked against (read at run time).
COPY --from=build /sus/libs/catalog/data ./libs/catalog/data
USER node
CMD ["node", "dist/scripts/platform/migrate.js"]
