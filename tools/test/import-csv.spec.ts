import { CsvParser, parseCsv } from '../src/import/csv';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe('import: RFC 4180 CSV parser', () => {
  it('reads plain records, CRLF or LF line ends, and a last record without a line end', () => {
    expect(fields('a,b,c\r\n1,2,3\r\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    expect(fields('a,b\n1,2\n3,4')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(fields('a,b\r1,2\r')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a,,\n,,')).toEqual([
      ['a', '', ''],
      ['', '', ''],
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    const records = parseCsv('名称,违法事实\r\n"甲公司,分公司","销售过期食品，货值""1,250""元\r\n涉及批次：2"\r\n乙,"x\ny"\n');
    expect(records.map((r) => r.fields)).toEqual([
      ['名称', '违法事实'],
      ['甲公司,分公司', '销售过期食品，货值"1,250"元\r\n涉及批次：2'],
      ['乙', 'x\ny'],
    ]);
    // Records are numbered by the physical line they start on.
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(records.every((r) => r.error === undefined)).toBe(true);
  });

  it('drops a UTF-8 byte order mark and blank lines, but keeps a quoted empty field', () => {
    expect(fields('\uFEFF行政相对人名称,备注\r\n\r\n甲,\r\n""\r\n')).toEqual([['行政相对人名称', '备注'], ['甲', ''], ['']]);
    expect(parseCsv('\uFEFFa')[0].fields).toEqual(['a']);
  });

  it('reads the same records whatever the chunks, even a CRLF or a multi-byte character split between them', () => {
    const text = '\uFEFF名称,事实,金额\r\n"甲公司","一行\r\n二行",0.2\r\n乙公司,"有""引号""",1.5\r\n丙,,\r\n';
    const whole = parseCsv(text);
    for (let size = 1; size <= 7; size++) {
      const parser = new CsvParser();
      const records = [];
      for (let i = 0; i < text.length; i += size) records.push(...parser.push(text.slice(i, i + size)));
      records.push(...parser.end());
      expect(records).toEqual(whole);
    }
    expect(whole.map((r) => r.line)).toEqual([1, 2, 4, 5]);
  });

  it('marks a record with text after a closing quote, and an unclosed quote, instead of guessing', () => {
    const records = parseCsv('a,b\n"x"y,z\nok,1\n"never closed,2\n');
    expect(records[1]).toMatchObject({ line: 2, error: expect.stringMatching(/line 2: text after the closing quote of field 1/) });
    expect(records[2]).toEqual({ line: 3, fields: ['ok', '1'] });
    expect(records[3]).toMatchObject({ line: 4, error: expect.stringMatching(/never closed/) });
  });

  it('keeps a quote inside an unquoted field as a character', () => {
    expect(fields('a"b,c\n')).toEqual([['a"b', 'c']]);
  });
});
