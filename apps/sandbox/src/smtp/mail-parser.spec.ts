import { addressesIn, decodeHeader, parseMail } from './mail-parser';

const crlf = (...lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');

describe('parseMail', () => {
  it('reads a plain UTF-8 message with an encoded subject', () => {
    const mail = parseMail(
      crlf(
        'From: "Comune di Trieste" <noreply@comune.trieste.example>',
        'To: Mario Rossi <mario.rossi@example.it>, giulia.bianchi@example.it',
        'Subject: =?UTF-8?B?Q2FydGEgZCdpZGVudGl0w6AgaW4gc2NhZGVuemE=?=',
        'Date: Tue, 1 Dec 2026 10:00:00 +0100',
        'Message-ID: <abc@sus>',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        'La sua carta d’identità scade il 31/12/2026.',
        '',
      ),
    );
    expect(mail).toEqual({
      from: '"Comune di Trieste" <noreply@comune.trieste.example>',
      to: ['mario.rossi@example.it', 'giulia.bianchi@example.it'],
      cc: [],
      subject: "Carta d'identità in scadenza",
      date: 'Tue, 1 Dec 2026 10:00:00 +0100',
      messageId: '<abc@sus>',
      text: 'La sua carta d’identità scade il 31/12/2026.\r\n',
      attachments: [],
    });
  });

  it('walks multipart messages: quoted-printable text, base64 HTML, an attachment', () => {
    const mail = parseMail(
      crlf(
        'Subject: =?iso-8859-1?Q?Ricevuta_di_pagamento_=E8_pronta?=',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="outer"',
        '',
        'preamble',
        '--outer',
        'Content-Type: multipart/alternative; boundary=inner',
        '',
        '--inner',
        'Content-Type: text/plain; charset=iso-8859-1',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Il pagamento =E8 stato ricevuto, grazie. Una riga molto lunga che va =',
        'a capo.',
        '--inner',
        'Content-Type: text/html; charset=utf-8',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('<p>Pagamento ricevuto</p>').toString('base64'),
        '--inner--',
        '--outer',
        'Content-Type: application/pdf; name="ricevuta.pdf"',
        'Content-Disposition: attachment; filename="ricevuta.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('%PDF-1.7 fake').toString('base64'),
        '--outer--',
        'epilogue',
      ),
    );
    expect(mail.subject).toBe('Ricevuta di pagamento è pronta');
    expect(mail.text).toBe('Il pagamento è stato ricevuto, grazie. Una riga molto lunga che va a capo.');
    expect(mail.html).toBe('<p>Pagamento ricevuto</p>');
    expect(mail.attachments).toEqual([
      { filename: 'ricevuta.pdf', contentType: 'application/pdf', size: 13 },
    ]);
  });

  it('decodes adjacent encoded words and finds bare and bracketed addresses', () => {
    expect(decodeHeader('=?UTF-8?Q?Avviso_di?= =?UTF-8?Q?_pagamento?= n. 1')).toBe(
      'Avviso di pagamento n. 1',
    );
    expect(addressesIn('"Rossi, Mario" <mario.rossi@example.it>; anna@example.it')).toEqual([
      'mario.rossi@example.it',
      'anna@example.it',
    ]);
  });
});
