import { canonicalJson, requestHash } from './idempotency.store';

describe('the request fingerprint of an Idempotency-Key', () => {
  it('does not depend on key order or whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(requestHash(JSON.parse('{ "name": "甲", "code": "91450100MA5KXXXX1X" }'))).toBe(
      requestHash({ code: '91450100MA5KXXXX1X', name: '甲' }),
    );
  });

  it('tells different bodies apart, including a value that moved between fields', () => {
    expect(requestHash({ a: '1', b: '2' })).not.toBe(requestHash({ a: '2', b: '1' }));
    expect(requestHash({ items: [1, 2] })).not.toBe(requestHash({ items: [2, 1] }));
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: '1' }));
    expect(requestHash(null)).not.toBe(requestHash({}));
  });
});
