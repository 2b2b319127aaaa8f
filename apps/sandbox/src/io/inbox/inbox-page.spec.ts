import { markdownToText } from './inbox-page';

describe('markdownToText', () => {
  it('drops heading, emphasis and link marks and keeps the words', () => {
    expect(
      markdownToText(
        '# Avviso\n\nPaghi **entro** il _31 dicembre_: [istruzioni](https://example.it/pagare).',
      ),
    ).toBe('Avviso\n\nPaghi entro il 31 dicembre: istruzioni (https://example.it/pagare).');
  });
});
