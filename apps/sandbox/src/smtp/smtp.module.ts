import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { CounterRegistry } from '../counters/counter-registry';
import { StateRegistry } from '../state/persistent-state';
import { MailController } from './mail.controller';
import { MailStore } from './mail-store';
import { SmtpCatchAll } from './smtp-catch-all';

export interface SmtpModuleOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
}

const SMTP_OPTIONS = Symbol('SMTP_OPTIONS');

/**
 * The SMTP catch-all for the e-mail fallback of notifications, and its inbox under
 * `/__sandbox/mail`. It starts with the HTTP server and stops with it.
 */
@Module({})
export class SmtpModule implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(CounterRegistry) private readonly registry: CounterRegistry,
    @Inject(SMTP_OPTIONS) private readonly options: SmtpModuleOptions,
    private readonly store: MailStore,
    private readonly smtp: SmtpCatchAll,
    private readonly state: StateRegistry,
  ) {}

  static register(options: SmtpModuleOptions): DynamicModule {
    return {
      module: SmtpModule,
      controllers: [MailController],
      providers: [
        { provide: SMTP_OPTIONS, useValue: options },
        MailStore,
        {
          provide: SmtpCatchAll,
          inject: [MailStore],
          useFactory: (store: MailStore) => new SmtpCatchAll(store),
        },
      ],
    };
  }

  onModuleInit(): void {
    this.state.register('mail', this.store);
    this.registry.register('mail', {
      snapshot: () => this.store.counters(),
      reset: () => this.store.clear(),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.smtp.start(this.options.host, this.options.port);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.smtp.stop();
  }
}
