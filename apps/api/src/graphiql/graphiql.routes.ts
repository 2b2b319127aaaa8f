import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/**
 * GraphiQL served entirely from the project's own dependencies. Mercurius' built-in page loads
 * React and GraphiQL from unpkg.com, which leaves a blank page on the networks without egress that
 * many PA offices have; here every byte the page needs comes from this api.
 */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

/* The page's own script: a file, not inline, so a Content-Security-Policy of 'self' holds. A query
 * in the address (?query=…) opens in the editor, so a link can hand someone a ready query. */
const START_SCRIPT = `(function () {
  var params = new URLSearchParams(window.location.search);
  var fetcher = GraphiQL.createFetcher({ url: new URL('../graphql', window.location.href).toString() });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: params.get('query') || undefined,
      query: params.get('query') || undefined,
      headerEditorEnabled: true,
      shouldPersistHeaders: false,
    }),
  );
})();
`;

const PAGE = `<!doctype html>
<html lang="it">
<head>
  <meta charset="utf-8">
  <meta name="robots" content="noindex">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>SUS — GraphiQL</title>
  <link rel="stylesheet" href="graphiql/assets/graphiql.css">
  <style>body { margin: 0; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Caricamento di GraphiQL… / Loading GraphiQL…</div>
  <script src="graphiql/assets/react.js"></script>
  <script src="graphiql/assets/react-dom.js"></script>
  <script src="graphiql/assets/graphiql.js"></script>
  <script src="graphiql/assets/start.js"></script>
</body>
</html>
`;

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Loaded once at start: four files, about 1.5 MB, served from memory. */
function loadAssets(): Map<string, { body: Buffer; type: string }> {
  const loaded = new Map<string, { body: Buffer; type: string }>();
  for (const [name, asset] of Object.entries(ASSETS)) {
    const packageDir = dirname(require.resolve(`${asset.pkg}/package.json`));
    loaded.set(name, { body: readFileSync(join(packageDir, asset.file)), type: asset.type });
  }
  loaded.set('start.js', { body: Buffer.from(START_SCRIPT), type: 'text/javascript' });
  return loaded;
}

export function installGraphiql(fastify: FastifyInstance): void {
  const assets = loadAssets();
  fastify.get('/graphiql', async (_request, reply) =>
    reply.headers(SECURITY_HEADERS).type('text/html; charset=utf-8').send(PAGE),
  );
  fastify.get<{ Params: { name: string } }>('/graphiql/assets/:name', async (request, reply) => {
    const asset = assets.get(request.params.name);
    if (!asset) return reply.status(404).send({ error: 'not found' });
    return reply
      .headers({ ...SECURITY_HEADERS, 'cache-control': 'public, max-age=86400' })
      .type(`${asset.type}; charset=utf-8`)
      .send(asset.body);
  });
}
