import { createServer, type Server } from 'node:http';
import { METRICS_CONTENT_TYPE, renderMetrics } from '@sus/platform';

/**
 * The worker has no HTTP api, so /metrics gets a server of its own. It answers this process's
 * registry followed by what Temporal's Core runtime exposes on `coreMetricsUrl` (worker task
 * slots, poll and schedule-to-start latencies, sticky cache), so one scrape target shows both.
 */
export async function startMetricsServer(options: {
  host: string;
  port: number;
  coreMetricsUrl?: string;
}): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.statusCode = 404;
      response.end();
      return;
    }
    void (async () => {
      let core = '';
      if (options.coreMetricsUrl !== undefined) {
        // Core's own endpoint answering slowly or not at all must not hide the rest.
        core = await fetch(options.coreMetricsUrl, { signal: AbortSignal.timeout(2000) })
          .then((answer) => (answer.ok ? answer.text() : ''))
          .catch(() => '');
      }
      const body = await renderMetrics(core);
      response.setHeader('content-type', METRICS_CONTENT_TYPE);
      response.end(body);
    })().catch(() => {
      response.statusCode = 500;
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  server.unref();
  return server;
}
