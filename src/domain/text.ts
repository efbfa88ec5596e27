import { z } from 'zod';

/**
 * The one definition of acceptable user text. Postgres refuses NUL in `text` (a data error that used to freeze
 * a negotiation), and control characters, C1 controls, unpaired surrogates and the noncharacters U+FFFE/U+FFFF
 * are never legitimate in names, messages or search terms. Multi-line fields also admit tab, LF and CR.
 */
const SINGLE_LINE_FORBIDDEN = '\\u0000-\\u001F\\u007F-\\u009F\\uD800-\\uDFFF\\uFFFE\\uFFFF';
const MULTI_LINE_FORBIDDEN =
  '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uD800-\\uDFFF\\uFFFE\\uFFFF';

const forbidden = (multiline: boolean) =>
  new RegExp(`[${multiline ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN}]`, 'u');
const FORBIDDEN_SINGLE = forbidden(false);
const FORBIDDEN_MULTI = forbidden(true);

export type TTextOptions = {
  /** Most characters (Unicode code points, as JSON Schema counts them) of the value as sent. */
  max: number;
  /** 1: must contain something besides whitespace. */
  min?: 0 | 1;
  /** Admit tab, LF and CR (CRLF and CR become LF). */
  multiline?: boolean;
  /** Trim and NFC-normalise (default). Off for secrets such as passwords, which must arrive byte-exact. */
  normalize?: boolean;
};

/** The first character that the rules refuse, if any. */
export function invalidCharacter(value: string, multiline = false): string | null {
  const match = (multiline ? FORBIDDEN_MULTI : FORBIDDEN_SINGLE).exec(value);
  return match ? match[0] : null;
}

/** Code points, not UTF-16 units: "😀" is one character, as in the OpenAPI document's maxLength. */
export function codePointLength(value: string): number {
  let n = value.length;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

const describe = (char: string) => {
  const code = char.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code === 0) return `${hex} (NUL)`;
  if (code >= 0xd800 && code <= 0xdfff) return `${hex} (an unpaired surrogate)`;
  if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return `${hex} (a control character)`;
  return `${hex} (a noncharacter)`;
};

/**
 * The allowed characters as a positive class, the exact complement of the forbidden ones above. A class that names
 * surrogates (`[^\uD800-\uDFFF]`) cannot be compiled by validators whose regex engine works on Unicode scalar
 * values (Rust's, Go's, Python's hypothesis), which then drop the whole pattern; this one means the same everywhere.
 * The astral range is written with literal characters: `\u{...}` is not understood by every engine.
 */
const ALLOWED_SINGLE = `\\u0020-\\u007E\\u00A0-\\uD7FF\\uE000-\\uFFFD${String.fromCodePoint(0x10000)}-${String.fromCodePoint(0x10ffff)}`;
const ALLOWED_MULTI = `\\t\\n\\r${ALLOWED_SINGLE}`;
/** What String.prototype.trim removes (ECMA-262 WhiteSpace and LineTerminator), spelled out: `\s` differs by engine. */
const TRIMMED = '\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF';

/** The JSON Schema `pattern` (ECMA-262 with the u flag, as JSON Schema 2020-12 asks) equal to the checks below. */
export function textPattern(opts: Pick<TTextOptions, 'min' | 'multiline' | 'normalize'>): string {
  const blankGuard = (opts.min ?? 0) >= 1 && opts.normalize !== false ? `(?![${TRIMMED}]*$)` : '';
  return `^${blankGuard}[${opts.multiline ? ALLOWED_MULTI : ALLOWED_SINGLE}]*$`;
}

/** The trimmed whitespace a single line can hold (TRIMMED without the control characters the text rules refuse). */
const LINE_SPACE = ' \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF';
/** ALLOWED_SINGLE without the comma: the inside of a comma-separated item. */
const ITEM_INNER = `\\u0020-\\u002B\\u002D-\\u007E\\u00A0-\\uD7FF\\uE000-\\uFFFD${String.fromCodePoint(0x10000)}-${String.fromCodePoint(0x10ffff)}`;
/** ITEM_INNER without LINE_SPACE: the first and last character of a trimmed item. */
const ITEM_EDGE =
  '\\u0021-\\u002B\\u002D-\\u007E\\u00A1-\\u167F\\u1681-\\u1FFF\\u200B-\\u2027\\u202A-\\u202E\\u2030-\\u205E' +
  `\\u2060-\\u2FFF\\u3001-\\uD7FF\\uE000-\\uFEFE\\uFF00-\\uFFFD${String.fromCodePoint(0x10000)}-${String.fromCodePoint(0x10ffff)}`;

/**
 * The JSON Schema `pattern` of a comma-separated list read as `split(',')`, each item trimmed, empty items dropped,
 * at most `maxItems` left: each item one of `values`, or else text of 1 to `itemMax` characters. A query parameter
 * such as `eventTypes=Meetup, Hackathon` is then described as exactly as it is read.
 */
export function listPattern(opts: {
  maxItems: number;
  values?: readonly string[];
  itemMax?: number;
}): string {
  const item = opts.values
    ? `(?:${opts.values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`
    : `[${ITEM_EDGE}](?:[${ITEM_INNER}]{0,${(opts.itemMax ?? 1) - 2}}[${ITEM_EDGE}])?`;
  return `^[${LINE_SPACE},]*(?:${item}[${LINE_SPACE}]*(?:,[${LINE_SPACE},]*|$)){0,${opts.maxItems}}$`;
}

/** Whitespace trimmed, line breaks as LF (multi-line), Unicode NFC. */
export function normalizeText(value: string, multiline = false): string {
  const text = multiline ? value.replace(/\r\n?/g, '\n') : value;
  return text.normalize('NFC').trim();
}

/**
 * The shared zod type for every piece of user text in a request (bodies and query parameters): refuses NUL and
 * the other invalid characters, limits the length, refuses blank values when `min` is 1, then trims and
 * NFC-normalises. The OpenAPI document carries the same rules as pattern/minLength/maxLength.
 */
export function zText(opts: TTextOptions) {
  const multiline = opts.multiline ?? false;
  const normalize = opts.normalize ?? true;
  const min = opts.min ?? 0;
  return z
    .string()
    .superRefine((value, ctx) => {
      const bad = invalidCharacter(value, multiline);
      if (bad) {
        ctx.addIssue({
          code: 'custom',
          message: `contains ${describe(bad)}, which is not allowed in text${multiline ? '' : ' (a single line)'}`,
        });
        return;
      }
      const length = codePointLength(value);
      if (length > opts.max) {
        ctx.addIssue({ code: 'custom', message: `must be at most ${opts.max} characters (got ${length})` });
        return;
      }
      if (min >= 1 && (normalize ? value.trim().length === 0 : length === 0)) {
        ctx.addIssue({ code: 'custom', message: 'must not be empty' });
      }
    })
    .transform((value) => (normalize ? normalizeText(value, multiline) : value))
    .meta({
      pattern: textPattern({ min, multiline, normalize }),
      maxLength: opts.max,
      ...(min >= 1 ? { minLength: 1 } : {}),
    });
}

/** An absolute http(s) URL, with the text rules (a URL may not smuggle NUL into a text column either). */
export function zHttpUrl(max = 2048) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const bad = invalidCharacter(value);
      if (bad) ctx.addIssue({ code: 'custom', message: `contains ${describe(bad)}, which is not allowed` });
      else if (codePointLength(value) > max)
        ctx.addIssue({ code: 'custom', message: `must be at most ${max} characters` });
    })
    .pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }))
    .meta({ format: 'uri', pattern: textPattern({}), maxLength: max });
}

/** For values taken from headers and stored (user agent): invalid characters dropped, length capped. */
export function cleanHeaderText(value: string | undefined, max: number): string | null {
  if (value === undefined) return null;
  const cleaned = value.replace(new RegExp(`[${SINGLE_LINE_FORBIDDEN}]`, 'gu'), '').trim();
  return cleaned ? Array.from(cleaned).slice(0, max).join('') : null;
}
