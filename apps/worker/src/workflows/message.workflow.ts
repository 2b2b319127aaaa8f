import { proxyActivities, sleep } from '@temporalio/workflow';
import type { MessageChannel, MessageOutcome, MessageWorkflow } from '@sus/contracts';
import type { Activities } from '../activities';
import { defaultActivity } from './activity-options';

/** IO keeps retrying a THROTTLED message for up to 7 days; after that (and a margin) SUS calls it failed. */
const MAX_POLL_MS = 8 * 24 * 60 * 60 * 1000;
const FIRST_POLL_MS = 1_000;
const MAX_POLL_INTERVAL_MS = 5 * 60 * 1000;

const { prepareMessage, checkIoProfile, submitIoMessage, pollIoMessage, sendFallbackEmail, completeMessage } =
  proxyActivities<Activities>(defaultActivity);

/**
 * One App IO message to one citizen, at most once per channel: profile check, submission, status
 * polled until final, and the e-mail fallback when the citizen is not on IO, has blocked the
 * service, or IO rejects or fails the message. The id is the business key
 * `message/<ente>/<idempotency key>`, and the delivery record is unique by the same pair, so a
 * repeated request neither starts a second workflow nor writes a second record.
 */
export const messageWorkflow: MessageWorkflow = async (input) => {
  const prepared = await prepareMessage(input);
  if (prepared.outcome) return prepared.outcome;
  const { messageId } = prepared;

  const finish = (channel: MessageChannel, status: MessageOutcome['status'], failure?: string) =>
    completeMessage(messageId, { channel, status, ...(failure === undefined ? {} : { failure }) });

  /** Falls back to e-mail; `otherwise` is the outcome when there is no address or the mail is refused. */
  const fallBack = async (
    why: string,
    otherwise: { channel: MessageChannel; status: MessageOutcome['status'] },
  ) => {
    const mailed = await sendFallbackEmail(messageId);
    if (mailed === 'sent') return finish('email', 'fallbackSent', why);
    if (mailed === 'unconfirmed')
      return finish('email', 'unconfirmed', `${why}; the e-mail may not have left`);
    return finish(
      otherwise.channel,
      otherwise.status,
      mailed === 'noAddress' ? `${why}; no e-mail address` : why,
    );
  };

  if (prepared.ioServiceId === null) {
    return fallBack('Neither the service nor the ente has an App IO service', {
      channel: 'none',
      status: 'undeliverable',
    });
  }
  const profile = await checkIoProfile(messageId);
  if (profile === 'notOnIo') {
    return fallBack('The citizen is not on App IO', { channel: 'none', status: 'undeliverable' });
  }
  if (profile === 'blocked') {
    return fallBack('The citizen has blocked this service on App IO', {
      channel: 'none',
      status: 'undeliverable',
    });
  }
  const submitted = await submitIoMessage(messageId);
  if (submitted.outcome === 'unconfirmed') return finish('io', 'unconfirmed', submitted.reason);
  if (submitted.outcome === 'refused') {
    return fallBack(`App IO refused the message: ${submitted.reason}`, { channel: 'io', status: 'rejected' });
  }

  let waited = 0;
  for (let interval = FIRST_POLL_MS; ; interval = Math.min(interval * 2, MAX_POLL_INTERVAL_MS)) {
    await sleep(interval);
    waited += interval;
    const status = await pollIoMessage(messageId);
    if (status === 'PROCESSED') return finish('io', 'processed');
    if (status === 'REJECTED') {
      return fallBack('App IO rejected the message', { channel: 'io', status: 'rejected' });
    }
    if (status === 'FAILED' || waited >= MAX_POLL_MS) {
      return fallBack(
        status === 'FAILED'
          ? 'App IO could not deliver the message'
          : 'App IO did not process the message in 8 days',
        { channel: 'io', status: 'failed' },
      );
    }
  }
};
