import fc from 'fast-check';
import {
  checkMessageText,
  checkTemplateText,
  MESSAGE_LIMITS,
  messageLocaleFor,
  renderMessage,
  renderText,
} from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 500 };
const withCode = (code: string) => expect.objectContaining({ name: 'DomainError', code });
const BODY = 'Gentile cittadino, il pagamento dei diritti di celebrazione del matrimonio è dovuto.';

describe('renderText', () => {
  it('fills every variable, with or without spaces inside the braces', () => {
    expect(
      renderText('Avviso {{noticeNumber}} di {{ amount }} €', { noticeNumber: '3011', amount: '16,00' }, 's'),
    ).toBe('Avviso 3011 di 16,00 €');
  });

  it('refuses a template using a variable the request does not supply, naming it', () => {
    expect(() => renderText('Pratica {{caseNumber}}', {}, 'subject')).toThrow(
      withCode('MISSING_TEMPLATE_VARIABLE'),
    );
    expect(() => renderText('Pratica {{caseNumber}}', {}, 'subject')).toThrow(/\{\{caseNumber\}\}/);
  });

  it('puts each value in verbatim, once, even a value that looks like a placeholder', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), fc.string({ maxLength: 20 }), {
          minKeys: 1,
        }),
        (variables) => {
          const names = Object.keys(variables);
          const template = names.map((name) => `<{{${name}}}>`).join('');
          expect(renderText(template, variables, 'markdown')).toBe(
            names.map((name) => `<${variables[name]}>`).join(''),
          );
        },
      ),
      PROPERTY_RUNS,
    );
  });
});

describe('checkMessageText', () => {
  it('accepts exactly the lengths App IO accepts', () => {
    fc.assert(
      fc.property(fc.nat({ max: 130 }), fc.nat({ max: 10_100 }), (subjectLength, markdownLength) => {
        const text = { subject: 's'.repeat(subjectLength), markdown: 'm'.repeat(markdownLength) };
        const fits =
          subjectLength >= MESSAGE_LIMITS.subject.min &&
          subjectLength <= MESSAGE_LIMITS.subject.max &&
          markdownLength >= MESSAGE_LIMITS.markdown.min &&
          markdownLength <= MESSAGE_LIMITS.markdown.max;
        if (fits) expect(checkMessageText(text)).toBe(text);
        else expect(() => checkMessageText(text)).toThrow(withCode('INVALID_MESSAGE_LENGTH'));
      }),
      PROPERTY_RUNS,
    );
  });

  it('names the field and the count', () => {
    expect(() => checkMessageText({ subject: 'Breve', markdown: BODY })).toThrow(
      'The message subject is 5 characters long; App IO accepts 10 to 120.',
    );
  });
});

describe('renderMessage', () => {
  const template = {
    it: { subject: 'Pratica {{caseNumber}} aggiornata', markdown: `${BODY} Pratica {{caseNumber}}.` },
    en: { subject: 'Case {{caseNumber}} updated', markdown: `${BODY} Case {{caseNumber}}.`.padEnd(90, '.') },
  };

  it('renders the citizen language, Italian when there is no English text', () => {
    expect(renderMessage(template, { caseNumber: 'A-1' }, 'en').subject).toBe('Case A-1 updated');
    expect(renderMessage({ it: template.it }, { caseNumber: 'A-1' }, 'en').subject).toBe(
      'Pratica A-1 aggiornata',
    );
  });

  it('checks the limits after rendering', () => {
    expect(() => renderMessage(template, { caseNumber: 'x'.repeat(120) })).toThrow(
      withCode('INVALID_MESSAGE_LENGTH'),
    );
  });
});

describe('checkTemplateText', () => {
  it('refuses an empty or overlong text of any language', () => {
    expect(() => checkTemplateText({ it: { subject: ' ', markdown: BODY } })).toThrow(
      withCode('INVALID_MESSAGE_LENGTH'),
    );
    expect(() =>
      checkTemplateText({
        it: { subject: 'Oggetto valido', markdown: BODY },
        en: { subject: 'x', markdown: 'y'.repeat(10_001) },
      }),
    ).toThrow(/en markdown/);
  });
});

describe(messageLocaleFor.name, () => {
  it('takes the first language of the IO profile that SUS writes in', () => {
    expect(messageLocaleFor(['en_GB'])).toBe('en');
    expect(messageLocaleFor(['it_IT', 'en_GB'])).toBe('it');
    expect(messageLocaleFor(['de_DE', 'en_GB', 'it_IT'])).toBe('en');
    expect(messageLocaleFor(['fr_FR', 'it_IT'])).toBe('it');
  });

  it('leaves the choice to the sender when IO names no language SUS writes in', () => {
    expect(messageLocaleFor(['de_DE', 'es_ES'])).toBeUndefined();
    expect(messageLocaleFor([])).toBeUndefined();
    expect(messageLocaleFor(undefined)).toBeUndefined();
  });
});
