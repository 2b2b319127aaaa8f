import { CsvRecordSplitter } from './csv-records';

const split = (text: string, chunk: number) => {
  const splitter = new CsvRecordSplitter();
  const records = [];
  for (let at = 0; at < text.length; at += chunk) records.push(...splitter.push(text.slice(at, at + chunk)));
  const end = splitter.end();
  return { records: end.record ? [...records, end.record] : records, end };
};

describe(CsvRecordSplitter.name, () => {
  const text = 'a,b,c\r\n"x, y","he said ""hi""","two\nlines"\nlast,,\n';

  it.each([1, 2, 5, 1000])('gives the same records whatever the chunk size (%i)', (chunk) => {
    expect(split(text, chunk).records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'he said "hi"', 'two\nlines'] },
      { line: 4, fields: ['last', '', ''] },
    ]);
  });

  it('returns a last line without a line end, and tells a quote left open', () => {
    expect(split('a,b\nc,d', 3).records.at(-1)).toEqual({ line: 2, fields: ['c', 'd'] });
    expect(split('a,b\nc,"d', 3).end).toMatchObject({ openQuote: true });
  });
});
