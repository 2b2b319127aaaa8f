import { Controller, Get, Header } from '@nestjs/common';
import { METRICS_CONTENT_TYPE, renderMetrics } from '@sus/platform';
import { anonymous } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';

/**
 * Prometheus scrape endpoint. Open like /health: it shows counts and latencies, no personal data;
 * the reverse proxy in front of the api does not route it to the outside (docker-compose.yml).
 */
@Controller()
@Allow(anonymous)
export class MetricsController {
  @Get('metrics')
  @Header('content-type', METRICS_CONTENT_TYPE)
  metrics(): Promise<string> {
    return renderMetrics();
  }
}
