import { exceedsJsonDepth, jsonDepthVerifier, JsonTooDeepError } from './json-depth';

const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);
const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('JSON nesting depth, judged on the raw text', () => {
  it('counts arrays and objects alike, a flat body being depth 1', () => {
    expect(exceedsJsonDepth('{"a":1,"b":[1,2]}', 1)).toBe(true);
    expect(exceedsJsonDepth('{"a":1,"b":2}', 1)).toBe(false);
    expect(exceedsJsonDepth('{"a":{"b":[{"c":1}]}}', 4)).toBe(false);
    expect(exceedsJsonDepth('{"a":{"b":[{"c":1}]}}', 3)).toBe(true);
    expect(exceedsJsonDepth('42', 1)).toBe(false);
  });

  it('measures the deepest point, not the number of brackets', () => {
    const wide = `[${Array.from({ length: 10_000 }, () => '{"x":[1]}').join(',')}]`;
    expect(exceedsJsonDepth(wide, 3)).toBe(false);
    expect(exceedsJsonDepth(wide, 2)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ name: '[[[[{{{{', note: 'a "quoted [ bracket" \\ and a backslash\\', items: ['}]}]'] });
    expect(exceedsJsonDepth(text, 2)).toBe(false);
    expect(exceedsJsonDepth(bytes(text), 2)).toBe(false);
    expect(exceedsJsonDepth(bytes(text), 1)).toBe(true);
  });

  it('reads UTF-8 bytes exactly: Chinese text never looks like a bracket', () => {
    const text = JSON.stringify({ 名称: '南宁市「示例」科技有限公司【分公司】', 地址: ['广西壮族自治区'] });
    expect(exceedsJsonDepth(bytes(text), 2)).toBe(false);
    expect(exceedsJsonDepth(bytes(text), 1)).toBe(true);
  });

  it('judges a hostile body of 100 000 nested brackets without recursion', () => {
    expect(exceedsJsonDepth(bytes(nested(100_000)), 32)).toBe(true);
    expect(exceedsJsonDepth(bytes(nested(32, '{"a":', '}').replace(/\{"a":\}/, '{"a":1}')), 32)).toBe(false);
  });

  it('refuses from the verify hook with a 400 error body-parser passes on, for UTF-8 and UTF-16 bodies', () => {
    const verify = jsonDepthVerifier(4);
    const call = (body: Buffer, encoding: string) => () => verify({} as never, {} as never, body, encoding);
    expect(call(bytes(nested(4)), 'utf-8')).not.toThrow();
    expect(call(bytes(nested(5)), 'utf-8')).toThrow(JsonTooDeepError);
    expect(call(Buffer.from(nested(5), 'utf16le'), 'utf-16le')).toThrow(JsonTooDeepError);
    expect(call(Buffer.from(nested(4), 'utf16le'), 'utf-16le')).not.toThrow();
    try {
      call(bytes(nested(5)), 'utf-8')();
    } catch (error) {
      expect(error).toMatchObject({ status: 400, type: 'entity.too.deep', limit: 4 });
    }
    expect(call(bytes('[]'), 'x-unknown-charset')).toThrow(expect.objectContaining({ status: 415, type: 'charset.unsupported' }));
  });
});
