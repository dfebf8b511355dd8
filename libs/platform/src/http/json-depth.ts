import type { IncomingMessage, ServerResponse } from 'node:http';

const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]
const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }

/** body-parser's `type` for a body refused by {@link jsonDepthVerifier}; mapped to a 400 problem. */
export const JSON_TOO_DEEP = 'entity.too.deep';

/**
 * Thrown from the JSON parser's `verify` hook. body-parser keeps `status` and `type`, so the error
 * reaches bodyParserProblem like the parser's own refusals do.
 */
export class JsonTooDeepError extends Error {
  readonly status = 400;
  readonly type = JSON_TOO_DEEP;

  constructor(readonly limit: number) {
    super(`JSON nesting deeper than ${limit}`);
    this.name = 'JsonTooDeepError';
  }
}

/**
 * Whether the JSON text nests arrays and objects deeper than `maxDepth` (`{}` and `[]` are depth 1).
 * One pass, no recursion and no parsing: brackets inside strings are skipped by tracking quotes and
 * backslash escapes. On UTF-8 bytes this is exact, since no byte of a multi-byte character is
 * below 0x80. Malformed text is not judged here; the parser that runs next refuses it.
 */
export function exceedsJsonDepth(text: Uint8Array | string, maxDepth: number): boolean {
  const isString = typeof text === 'string';
  const length = text.length;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < length; i++) {
    const c = isString ? text.charCodeAt(i) : text[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}

/**
 * The `verify` option of the JSON body parser: refuses a body nested deeper than `maxDepth` before
 * it is parsed. JSON.parse itself copes with deep nesting, but validation, canonicalisation and
 * logging walk the parsed value recursively, and a few kilobytes of brackets would overflow their
 * stack (a 500 at best).
 */
export function jsonDepthVerifier(maxDepth: number): (req: IncomingMessage, res: ServerResponse, body: Buffer, encoding: string) => void {
  return (_req, _res, body, encoding) => {
    const utf8 = !encoding || /^utf-?8$/i.test(encoding);
    // body-parser accepts the other UTF encodings too; those are decoded first, then scanned alike.
    let text: Uint8Array | string = body;
    if (!utf8) {
      try {
        text = new TextDecoder(encoding).decode(body);
      } catch {
        throw Object.assign(new Error(`unsupported charset ${encoding}`), { status: 415, type: 'charset.unsupported' });
      }
    }
    if (exceedsJsonDepth(text, maxDepth)) throw new JsonTooDeepError(maxDepth);
  };
}
