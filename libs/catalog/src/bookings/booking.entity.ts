import type { BookingCalendar } from '@sus/domain';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Something of an ente citizens book by the slot, e.g. the wedding hall of the Municipio. */
@Entity({ name: 'booking_resource' })
export class BookingResource {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'ente_id' })
  enteId!: string;

  /** Unique in the ente; procedure models name the resource by it (`booking.resource`). */
  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Where the citizen goes, e.g. "Piazza dell'Unità d'Italia 4, Trieste". */
  @Column({ type: 'text' })
  location!: string;

  /** Checked by checkBookingCalendar before it is stored. */
  @Column({ type: 'jsonb' })
  calendar!: BookingCalendar;

  /** An inactive resource keeps its bookings but offers no new slots. */
  @Column({ type: 'boolean' })
  active!: boolean;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}

export const BOOKING_STATUSES = ['held', 'confirmed', 'released'] as const;
/** held: kept for the case until its fee is paid; confirmed: paid; released: free again. */
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** One slot of a resource taken (or once taken) by one case. */
@Entity({ name: 'booking' })
export class Booking {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'ente_id' })
  enteId!: string;

  @Column({ type: 'uuid', name: 'resource_id' })
  resourceId!: string;

  @Column({ type: 'timestamptz', name: 'slot_start' })
  slotStart!: Date;

  @Column({ type: 'timestamptz', name: 'slot_end' })
  slotEnd!: Date;

  /** Who holds the slot: the case's workflow id (`case/<ente>/<caseNumber>`). */
  @Column({ type: 'text', name: 'holder_ref' })
  holderRef!: string;

  @Column({ type: 'text' })
  status!: BookingStatus;

  /** Until when a held slot is kept; after it, another holder may take the slot. Null unless held. */
  @Column({ type: 'timestamptz', name: 'hold_expires_at', nullable: true })
  holdExpiresAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
