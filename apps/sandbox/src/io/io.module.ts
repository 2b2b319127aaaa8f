import { type DynamicModule, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CounterRegistry } from '../counters/counter-registry';
import { StateRegistry } from '../state/persistent-state';
import { IoControlController } from './io-control.controller';
import { IoCounters } from './io-counters';
import { MessagesController } from './messages/messages.controller';
import { MessagesService } from './messages/messages.service';
import { ProfilesController } from './profiles/profiles.controller';
import { ProfilesService } from './profiles/profiles.service';
import type { IoServiceSettingsInput } from './services/io-service-settings';
import { IoServicesService } from './services/io-services.service';
import { IoSubscriptionKeyGuard } from './services/io-subscription-key.guard';
import { RateLimiter } from './services/rate-limiter';

export interface IoModuleOptions {
  services: readonly IoServiceSettingsInput[];
  /** Per subscription key, for services that set no rate of their own; 0 = no limit. */
  defaultRateLimitPerSecond: number;
  processingDelayMs: number;
}

/**
 * The imitated App IO: the public Services API v1 (profiles, messages) under `/api/v1`, behind
 * an APIM-like subscription-key check and rate limit, plus its control surface and inbox pages
 * under `/__sandbox/io`. State lives in memory, and in SANDBOX_STATE_FILE when it is set.
 */
@Module({})
export class IoModule implements OnModuleInit {
  constructor(
    @Inject(CounterRegistry) private readonly registry: CounterRegistry,
    private readonly counters: IoCounters,
    private readonly services: IoServicesService,
    private readonly profiles: ProfilesService,
    private readonly messages: MessagesService,
    private readonly limiter: RateLimiter,
    private readonly state: StateRegistry,
  ) {}

  static register(options: IoModuleOptions): DynamicModule {
    return {
      module: IoModule,
      controllers: [ProfilesController, MessagesController, IoControlController],
      providers: [
        IoCounters,
        { provide: IoServicesService, useFactory: () => new IoServicesService(options.services) },
        { provide: RateLimiter, useFactory: () => new RateLimiter(options.defaultRateLimitPerSecond) },
        { provide: ProfilesService, useFactory: () => new ProfilesService() },
        {
          provide: MessagesService,
          inject: [ProfilesService, IoCounters, StateRegistry],
          useFactory: (profiles: ProfilesService, counters: IoCounters, state: StateRegistry) =>
            new MessagesService(profiles, counters, options.processingDelayMs, Math.random, () =>
              state.changed(),
            ),
        },
        IoSubscriptionKeyGuard,
      ],
    };
  }

  onModuleInit(): void {
    this.state.register('io.services', this.services);
    this.state.register('io.profiles', this.profiles);
    this.state.register('io.messages', this.messages);
    this.state.register('io.counters', this.counters);
    this.registry.register('io', {
      snapshot: () => this.counters.snapshot(),
      reset: () => {
        this.counters.reset();
        this.messages.reset();
        this.profiles.reset();
        this.services.reset();
        this.limiter.reset();
      },
    });
  }
}
