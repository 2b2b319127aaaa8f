import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PlatformProbeRepository, type PlatformProbe, type RequestContext } from '@sus/catalog';
import {
  platformProbeWorkflowId,
  platformProbeWorkflowType,
  type PlatformProbeWorkflow,
} from '@sus/contracts';
import { TemporalGateway } from '../temporal/temporal.module';

@Injectable()
export class PlatformProbesService {
  constructor(
    private readonly store: PlatformProbeRepository,
    private readonly temporal: TemporalGateway,
  ) {}

  async start(_ctx: RequestContext, note: string | null): Promise<{ id: string; workflowId: string }> {
    const id = randomUUID();
    const workflowId = platformProbeWorkflowId(id);
    const client = await this.temporal.client();
    await client.workflow.start<PlatformProbeWorkflow>(platformProbeWorkflowType, {
      workflowId,
      taskQueue: this.temporal.taskQueue,
      args: [{ probeId: id, note }],
      workflowExecutionTimeout: '10 minutes',
    });
    return { id, workflowId };
  }

  findById(_ctx: RequestContext, id: string): Promise<PlatformProbe | null> {
    return this.store.findById(id);
  }

  findRecent(_ctx: RequestContext, last: number): Promise<PlatformProbe[]> {
    return this.store.findRecent(last);
  }
}
