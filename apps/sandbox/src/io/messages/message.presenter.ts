import type { StoredMessage } from './messages.service';

/**
 * `ExternalMessageResponseWithContent`, as IO's getMessage answers: the content appears once the
 * message is stored in the inbox (PROCESSED); read and payment status only for ADVANCED messages.
 */
export function externalMessageResponse(message: StoredMessage) {
  const processed = message.status === 'PROCESSED';
  const advanced = message.featureLevelType === 'ADVANCED' && processed;
  return {
    message: {
      id: message.id,
      fiscal_code: message.fiscalCode,
      time_to_live: message.timeToLive,
      created_at: message.createdAt,
      ...(processed ? { content: message.content } : {}),
      sender_service_id: message.senderServiceId,
      feature_level_type: message.featureLevelType,
    },
    ...(message.notification ? { notification: message.notification } : {}),
    status: message.status,
    ...(advanced ? { read_status: message.readStatus } : {}),
    ...(advanced && message.content.payment_data ? { payment_status: 'NOT_PAID' as const } : {}),
  };
}
