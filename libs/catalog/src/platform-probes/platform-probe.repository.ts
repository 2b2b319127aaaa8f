import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PlatformProbe } from './platform-probe.entity';

@Injectable()
export class PlatformProbeRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findById(id: string): Promise<PlatformProbe | null> {
    return this.db.getRepository(PlatformProbe).findOneBy({ id });
  }

  async findRecent(limit: number): Promise<PlatformProbe[]> {
    return this.db.getRepository(PlatformProbe).find({ order: { requestedAt: 'DESC' }, take: limit });
  }

  /** Idempotent: an activity retry after a lost acknowledgement must not fail or duplicate. */
  async recordStarted(probe: { id: string; workflowId: string; note: string | null }): Promise<void> {
    await this.db
      .createQueryBuilder()
      .insert()
      .into(PlatformProbe)
      .values({ ...probe, status: 'started' })
      .orIgnore()
      .execute();
  }

  async recordCompleted(id: string, workerIdentity: string): Promise<PlatformProbe> {
    await this.db
      .getRepository(PlatformProbe)
      .update({ id, status: 'started' }, { status: 'completed', workerIdentity, completedAt: () => 'now()' });
    return this.db.getRepository(PlatformProbe).findOneByOrFail({ id });
  }
}
