import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FaultInjector } from './fault-injector';

const UNTOUCHED = ['/health', '/__sandbox'];
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Applies latency and injected faults to every imitated-platform route, before its handler runs. */
export function installFaultInjection(fastify: FastifyInstance, faults: FaultInjector): void {
  const dropAfterCommit = new WeakMap<FastifyRequest, 'hangup' | '504'>();

  fastify.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path === '/' || UNTOUCHED.some((prefix) => path.startsWith(prefix))) return;
    // Lets a chaos test prove a caller was killed while its call was still being served.
    reply.raw.once('close', faults.entered());
    if (!faults.covers(path)) return;
    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    const fault = faults.draw({ write: WRITES.has(request.method) });
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
    if (fault.kind === 'dropResponseAfterCommit') dropAfterCommit.set(request, fault.mode);
  });

  // The handler has run and committed; only a successful answer is dropped.
  fastify.addHook('onSend', async (request, reply, payload) => {
    const mode = dropAfterCommit.get(request);
    if (mode === undefined || reply.statusCode < 200 || reply.statusCode >= 300) return payload;
    faults.recordDroppedResponse();
    if (mode === '504') {
      void reply.code(504).type('application/json').removeHeader('location');
      return JSON.stringify({ statusCode: 504, message: 'sandbox: injected fault, the answer was dropped' });
    }
    request.raw.socket.destroy();
    return payload;
  });
}
