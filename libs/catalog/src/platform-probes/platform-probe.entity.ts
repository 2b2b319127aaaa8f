import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type PlatformProbeStatus = 'started' | 'completed';

/**
 * One end-to-end check of the platform: requested through the API, run as a workflow, recorded
 * here by a worker activity. Operators use it to see that the whole chain works after a deploy.
 */
@Entity({ name: 'platform_probe' })
export class PlatformProbe {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  status!: PlatformProbeStatus;

  @Column({ type: 'text', name: 'workflow_id' })
  workflowId!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'text', name: 'worker_identity', nullable: true })
  workerIdentity!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'requested_at' })
  requestedAt!: Date;

  @Column({ type: 'timestamptz', name: 'completed_at', nullable: true })
  completedAt!: Date | null;
}
