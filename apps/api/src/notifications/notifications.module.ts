import { Module } from '@nestjs/common';
import { NotificationsResolver } from './notifications.resolver';
import { NotificationsService } from './notifications.service';
import { RemindersResolver } from './reminders.resolver';
import { RemindersService } from './reminders.service';

@Module({ providers: [NotificationsService, NotificationsResolver, RemindersService, RemindersResolver] })
export class NotificationsModule {}
