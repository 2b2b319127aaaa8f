import { type Envelope, SmtpSession } from './smtp-session';

describe(SmtpSession.name, () => {
  const start = () => {
    const delivered: Envelope[] = [];
    const sut = new SmtpSession('sandbox.test', (envelope) => {
      delivered.push(envelope);
      return `M${delivered.length}`;
    });
    const say = (...lines: string[]) => lines.flatMap((line) => sut.receive(line).replies);
    return { sut, delivered, say };
  };

  it('accepts a message for any recipient and unstuffs leading dots', () => {
    const { sut, delivered, say } = start();
    expect(sut.greeting()).toMatch(/^220 sandbox\.test /);
    expect(say('EHLO client.example')).toContain('250-AUTH PLAIN LOGIN');
    expect(say('MAIL FROM:<noreply@comune.example> SIZE=100 BODY=8BITMIME')).toEqual(['250 2.1.0 OK']);
    expect(say('RCPT TO:<mario.rossi@example.it>', 'rcpt to: <anna@example.it>')).toEqual([
      '250 2.1.5 OK',
      '250 2.1.5 OK',
    ]);
    expect(say('DATA')).toEqual(['354 End data with <CR><LF>.<CR><LF>']);
    expect(say('Subject: prova', '', '..una riga che inizia con un punto', '.')).toEqual([
      '250 2.0.0 OK: queued as M1',
    ]);
    expect(delivered[0]).toMatchObject({
      from: 'noreply@comune.example',
      to: ['mario.rossi@example.it', 'anna@example.it'],
      clientName: 'client.example',
    });
    expect(delivered[0]!.raw.toString()).toBe('Subject: prova\r\n\r\n.una riga che inizia con un punto\r\n');
    expect(sut.receive('QUIT')).toEqual({
      replies: ['221 2.0.0 sandbox.test closing connection'],
      close: true,
    });
  });

  it('enforces the command order and accepts any credentials', () => {
    const { say } = start();
    expect(say('MAIL FROM:<a@example.it>')).toEqual(['503 5.5.1 Error: send HELO/EHLO first']);
    expect(say('HELO client')).toEqual(['250 sandbox.test']);
    expect(say('RCPT TO:<a@example.it>')).toEqual(['503 5.5.1 Error: need MAIL command']);
    expect(say('AUTH LOGIN', 'dXNlcg==', 'cGFzcw==')).toEqual([
      '334 VXNlcm5hbWU6',
      '334 UGFzc3dvcmQ6',
      '235 2.7.0 Authentication successful',
    ]);
    expect(say('AUTH PLAIN AHVzZXIAcGFzcw==')).toEqual(['235 2.7.0 Authentication successful']);
    expect(say('MAIL FROM:<>', 'DATA')).toEqual(['250 2.1.0 OK', '503 5.5.1 Error: need RCPT command']);
    expect(say('RSET', 'NOOP', 'XYZZY')).toEqual([
      '250 2.0.0 OK',
      '250 2.0.0 OK',
      '500 5.5.2 Error: command not recognized',
    ]);
  });
});
