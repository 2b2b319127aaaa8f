import type { FastifyInstance } from 'fastify';
import type { FaultInjector } from './fault-injector';

const UNTOUCHED = ['/health', '/__sandbox'];

/** Applies latency and injected faults to every imitated-platform route, before its handler runs. */
export function installFaultInjection(fastify: FastifyInstance, faults: FaultInjector): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path === '/' || UNTOUCHED.some((prefix) => path.startsWith(prefix))) return;
    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    const fault = faults.draw();
    if (fault.kind === '5xx') {
      return reply
        .status(503)
        .send({ status: 503, title: 'Service Unavailable', detail: 'sandbox: injected fault' });
    }
    if (fault.kind === '429') {
      return reply.status(429).header('retry-after', '1').send({ status: 429, title: 'Too Many Requests' });
    }
    if (fault.kind === 'timeout') {
      await new Promise((resolve) => setTimeout(resolve, fault.holdMs));
      request.raw.socket.destroy();
      return reply;
    }
  });
}
