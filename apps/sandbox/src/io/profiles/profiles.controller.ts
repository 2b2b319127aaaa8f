import { Body, Controller, Get, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { IO_FISCAL_CODE } from '../fiscal-code';
import { IoCounters } from '../io-counters';
import { IoProblem, IoProblemFilter } from '../problem';
import type { IoServiceSettings } from '../services/io-service-settings';
import { CallingService, IoSubscriptionKeyGuard } from '../services/io-subscription-key.guard';
import { isSenderAllowed } from './citizen-profile';
import { ProfilesService } from './profiles.service';

/** `LimitedProfile`: all a sender may learn about a citizen. */
export interface LimitedProfile {
  sender_allowed: boolean;
  preferred_languages?: string[];
}

const fiscalCode = z.string().regex(IO_FISCAL_CODE, 'is not a valid FiscalCode');
const fiscalCodePayload = z.object({ fiscal_code: fiscalCode });

/** A service in test ("limited" mode) may only ask about its authorized recipients. */
export function assertMayAddress(service: IoServiceSettings, recipient: string): void {
  if (service.authorizedRecipients !== undefined && !service.authorizedRecipients.includes(recipient)) {
    throw new IoProblem(
      403,
      'Recipient forbidden',
      'You are not allowed to issue requests for the recipient.',
    );
  }
}

/** IO Services API v1: `getProfile` and `getProfileByPOST`. */
@Controller('api/v1/profiles')
@UseGuards(IoSubscriptionKeyGuard)
@UseFilters(IoProblemFilter)
export class ProfilesController {
  constructor(
    private readonly profiles: ProfilesService,
    private readonly counters: IoCounters,
  ) {}

  @Get(':fiscal_code')
  get(@Param('fiscal_code') path: string, @CallingService() service: IoServiceSettings): LimitedProfile {
    const parsed = fiscalCode.safeParse(path);
    if (!parsed.success) throw IoProblem.validation('Invalid FiscalCode', parsed.error);
    return this.limitedProfile(service, parsed.data);
  }

  /** The preferred variant: the fiscal code travels in the body, not in URLs and access logs. */
  @Post()
  @HttpCode(200)
  getByPost(@Body() body: unknown, @CallingService() service: IoServiceSettings): LimitedProfile {
    const parsed = fiscalCodePayload.safeParse(body ?? {});
    if (!parsed.success) throw IoProblem.validation('Invalid FiscalCodePayload', parsed.error);
    return this.limitedProfile(service, parsed.data.fiscal_code);
  }

  private limitedProfile(service: IoServiceSettings, recipient: string): LimitedProfile {
    this.counters.increment('profileRequests', service.serviceId);
    assertMayAddress(service, recipient);
    const profile = this.profiles.get(recipient);
    if (profile === undefined) {
      throw new IoProblem(404, 'Profile not found', 'The profile you requested was not found in the system.');
    }
    return {
      sender_allowed: isSenderAllowed(profile, service.serviceId),
      preferred_languages: profile.preferredLanguages,
    };
  }
}
