import { classify } from './smtp-mailer';

describe('SMTP failures', () => {
  it('treats a 5xx refusal as final and a 4xx refusal as worth another try', () => {
    expect(classify({ message: 'mailbox unknown', responseCode: 550, command: 'RCPT TO' })).toEqual({
      outcome: 'notSent',
      reason: 'mailbox unknown',
      permanent: true,
    });
    expect(classify({ message: 'try later', responseCode: 451, command: 'MAIL FROM' })).toMatchObject({
      outcome: 'notSent',
      permanent: false,
    });
  });

  it('knows nothing was delivered when the connection failed before the message was handed over', () => {
    expect(classify({ message: 'refused', code: 'ECONNECTION', command: 'CONN' })).toMatchObject({
      outcome: 'notSent',
      permanent: false,
    });
    expect(classify({ message: 'timeout', code: 'ETIMEDOUT', command: 'RCPT TO' })).toMatchObject({
      outcome: 'notSent',
    });
  });

  it('cannot tell whether a mail lost during or after DATA was queued', () => {
    expect(classify({ message: 'socket closed', code: 'ESOCKET', command: 'DATA' })).toEqual({
      outcome: 'unknown',
      reason: 'socket closed',
    });
    expect(classify({ message: 'timeout', code: 'ETIMEDOUT' })).toMatchObject({ outcome: 'unknown' });
  });
});
