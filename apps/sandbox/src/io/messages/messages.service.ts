import { createHash } from 'node:crypto';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { PersistentState } from '../../state/persistent-state';
import { IoCounters } from '../io-counters';
import { isSenderAllowed } from '../profiles/citizen-profile';
import { ProfilesService } from '../profiles/profiles.service';
import type { IoServiceSettings } from '../services/io-service-settings';
import { type DeliveryRule, deliverySettings, type DeliverySettings } from './delivery-settings';
import type { MessageContent, NewMessage } from './new-message';
import { ulid } from './ulid';

/** `MessageStatusValue` of the IO Services API. */
export type MessageStatus = 'ACCEPTED' | 'THROTTLED' | 'FAILED' | 'PROCESSED' | 'REJECTED';

export interface StoredMessage {
  id: string;
  fiscalCode: string;
  senderServiceId: string;
  senderServiceName: string;
  createdAt: string;
  timeToLive: number;
  featureLevelType: NewMessage['feature_level_type'];
  content: MessageContent;
  defaultAddresses?: NewMessage['default_addresses'];
  /** `<serviceId>/<fiscal code>/<hash of subject and markdown>`: equal for a resent message. */
  contentKey: string;
  status: MessageStatus;
  statusHistory: { status: MessageStatus; at: string }[];
  /** Why the message ended REJECTED or FAILED, for the inbox page and tests. */
  reason?: string;
  /** Per-channel notification outcome once PROCESSED (`MessageResponseNotificationStatus`). */
  notification?: { email?: 'SENT'; webhook?: 'SENT' };
  readStatus: 'UNREAD' | 'READ';
}

export interface MessageFilter {
  fiscalCode?: string;
  serviceId?: string;
}

/** A submission's content key: resending the same subject and markdown to the same citizen repeats it. */
export function contentKey(serviceId: string, fiscalCode: string, content: MessageContent): string {
  const hash = createHash('sha256').update(content.subject).update('\u0000').update(content.markdown);
  return `${serviceId}/${fiscalCode}/${hash.digest('hex').slice(0, 16)}`;
}

const matches = (rule: DeliveryRule, message: StoredMessage): boolean =>
  (rule.fiscalCode === undefined || rule.fiscalCode === message.fiscalCode) &&
  (rule.serviceId === undefined || rule.serviceId === message.senderServiceId);

/**
 * The messages of the imitated App IO. A submission is stored at once as ACCEPTED (the 201), and
 * processed after `processingDelayMs`, as IO's orchestrator does: REJECTED when the recipient is
 * not on IO or blocked the sender, otherwise PROCESSED (in the inbox), unless a fault rule says
 * FAILED or THROTTLED (retried after another delay).
 */
@Injectable()
export class MessagesService implements OnModuleDestroy, PersistentState {
  private readonly messages = new Map<string, StoredMessage>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private settings: DeliverySettings;

  constructor(
    private readonly profiles: ProfilesService,
    private readonly counters: IoCounters,
    processingDelayMs: number,
    private readonly random: () => number = Math.random,
    /** Told when processing changes a message outside a request, so the state file follows. */
    private readonly onChange: () => void = () => undefined,
  ) {
    this.settings = { processingDelayMs, rules: [], failedRate: 0, throttledRate: 0 };
  }

  submit(service: IoServiceSettings, fiscalCode: string, message: NewMessage): StoredMessage {
    const now = new Date();
    const stored: StoredMessage = {
      id: ulid(now.getTime()),
      fiscalCode,
      senderServiceId: service.serviceId,
      senderServiceName: service.name,
      createdAt: now.toISOString(),
      timeToLive: message.time_to_live,
      featureLevelType: message.feature_level_type,
      content: message.content,
      ...(message.default_addresses ? { defaultAddresses: message.default_addresses } : {}),
      contentKey: contentKey(service.serviceId, fiscalCode, message.content),
      status: 'ACCEPTED',
      statusHistory: [{ status: 'ACCEPTED', at: now.toISOString() }],
      readStatus: 'UNREAD',
    };
    this.messages.set(stored.id, stored);
    this.counters.increment('messages', `${service.serviceId}/${fiscalCode}`);
    if (this.counters.increment('messagesByContent', stored.contentKey) > 1)
      this.counters.increment('duplicates', stored.contentKey);
    this.schedule(() => this.process(stored));
    return structuredClone(stored);
  }

  /** The message as its recipient's inbox holds it; undefined when there is none for that fiscal code. */
  find(fiscalCode: string, id: string): StoredMessage | undefined {
    const message = this.messages.get(id);
    return message?.fiscalCode === fiscalCode ? structuredClone(message) : undefined;
  }

  /** Newest first. */
  list(filter: MessageFilter = {}): StoredMessage[] {
    return [...this.messages.values()]
      .filter(
        (message) =>
          (filter.fiscalCode === undefined || message.fiscalCode === filter.fiscalCode) &&
          (filter.serviceId === undefined || message.senderServiceId === filter.serviceId),
      )
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .map((message) => structuredClone(message));
  }

  /** The citizen opens the message in the app (read status of ADVANCED messages). */
  markRead(id: string): StoredMessage | undefined {
    const message = this.messages.get(id);
    if (message === undefined) return undefined;
    message.readStatus = 'READ';
    return structuredClone(message);
  }

  currentSettings(): DeliverySettings {
    return structuredClone(this.settings);
  }

  /** Changes the given fields; throws ZodError on bad input. */
  configure(change: unknown): DeliverySettings {
    this.settings = deliverySettings.parse({ ...this.settings, ...(change as object) });
    return this.currentSettings();
  }

  /** Forgets every message and pending processing; the delivery settings stay, like the fault settings. */
  reset(): void {
    this.stopTimers();
    this.messages.clear();
  }

  onModuleDestroy(): void {
    this.stopTimers();
  }

  exportState(): StoredMessage[] {
    return [...this.messages.values()];
  }

  /** Messages come back; those still ACCEPTED or THROTTLED are processed again after the delay. */
  importState(state: StoredMessage[]): void {
    this.stopTimers();
    this.messages.clear();
    for (const message of state) this.messages.set(message.id, message);
    for (const message of this.messages.values())
      if (message.status === 'ACCEPTED' || message.status === 'THROTTLED')
        this.schedule(() => this.process(message));
  }

  private process(message: StoredMessage): void {
    if (this.messages.get(message.id) !== message) return;
    const profile = this.profiles.get(message.fiscalCode);
    const rule = this.settings.rules.find((candidate) => matches(candidate, message));
    if (profile === undefined) return this.finish(message, 'REJECTED', 'the recipient is not on IO');
    if (!isSenderAllowed(profile, message.senderServiceId))
      return this.finish(message, 'REJECTED', 'the recipient blocked this service');
    if (rule?.status === 'REJECTED') return this.finish(message, 'REJECTED', 'sandbox fault rule');
    if (rule?.status === 'FAILED' || this.random() < this.settings.failedRate)
      return this.finish(message, 'FAILED', 'sandbox fault: permanent failure');
    const throttledBefore = message.statusHistory.some((step) => step.status === 'THROTTLED');
    if (!throttledBefore && (rule?.status === 'THROTTLED' || this.random() < this.settings.throttledRate)) {
      this.move(message, 'THROTTLED');
      this.schedule(() => this.process(message));
      return;
    }
    const sendsEmail = profile.email !== undefined && message.content.require_secure_channels !== true;
    message.notification = { ...(sendsEmail ? { email: 'SENT' as const } : {}), webhook: 'SENT' };
    this.finish(message, 'PROCESSED');
  }

  private finish(message: StoredMessage, status: MessageStatus, reason?: string): void {
    if (reason !== undefined) message.reason = reason;
    this.move(message, status);
  }

  private move(message: StoredMessage, status: MessageStatus): void {
    message.status = status;
    message.statusHistory.push({ status, at: new Date().toISOString() });
    this.counters.increment('statuses', status);
    this.onChange();
  }

  private schedule(action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, this.settings.processingDelayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private stopTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
