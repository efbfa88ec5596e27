import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { classifyDbError } from '../../src/db/pg-errors.js';
import {
  currencyChange,
  isIsoCurrency,
  parseSupportedCurrencies,
  unsupportedCurrency,
} from '../../src/domain/money.js';
import {
  cleanHeaderText,
  codePointLength,
  invalidCharacter,
  listPattern,
  textPattern,
  zText,
  type TTextOptions,
} from '../../src/domain/text.js';

const SAMPLES = [
  '',
  '   ',
  'plain',
  '  padded  ',
  'line one\nline two',
  'tab\there',
  'crlf\r\nend',
  'nul\u0000',
  '\u0000',
  'bell\u0007',
  'del\u007f',
  'c1\u0085',
  'lone \uD800 high',
  'lone \uDC00 low',
  'emoji 😀 pair',
  'nonchar \uFFFF',
  'e\u0301', // e + combining acute: NFC makes é
  '\u00A0\u2003', // only Unicode spaces
  'ok\u2028sep',
  'x'.repeat(11),
  '😀'.repeat(10),
];

describe('zText, the shared user-text type', () => {
  const variants: TTextOptions[] = [
    { max: 10 },
    { max: 10, min: 1 },
    { max: 10, multiline: true },
    { max: 10, min: 1, multiline: true },
    { max: 10, min: 1, normalize: false },
  ];

  it.each(variants)('accepts exactly what its documented pattern and maxLength accept (%o)', (opts) => {
    const pattern = new RegExp(textPattern(opts), 'u');
    const schema = zText(opts);
    for (const sample of SAMPLES) {
      const documented =
        pattern.test(sample) &&
        codePointLength(sample) <= opts.max &&
        (opts.min ? codePointLength(sample) >= 1 : true);
      expect(schema.safeParse(sample).success, JSON.stringify(sample)).toBe(documented);
    }
  });

  it('refuses NUL, control characters and unpaired surrogates with a message naming the character', () => {
    const schema = zText({ max: 100 });
    expect(schema.safeParse('a\u0000b').error?.issues[0]?.message).toMatch(/U\+0000 \(NUL\)/);
    expect(schema.safeParse('a\u0007b').error?.issues[0]?.message).toMatch(/U\+0007 \(a control character\)/);
    expect(schema.safeParse('a\uD800b').error?.issues[0]?.message).toMatch(/unpaired surrogate/);
    expect(schema.safeParse('two\nlines').success).toBe(false);
    expect(zText({ max: 100, multiline: true }).safeParse('two\nlines\tand tab').success).toBe(true);
  });

  it('trims, NFC-normalises and turns CRLF into LF; secrets stay byte-exact', () => {
    expect(zText({ max: 100 }).parse('  cafe\u0301  ')).toBe('caf\u00e9');
    expect(zText({ max: 100, multiline: true }).parse('a\r\nb\rc\n')).toBe('a\nb\nc');
    expect(zText({ max: 100, normalize: false }).parse('  cafe\u0301 ')).toBe('  cafe\u0301 ');
  });

  it('counts characters as code points (the OpenAPI maxLength unit), and refuses blank required text', () => {
    expect(codePointLength('😀😀')).toBe(2);
    expect(zText({ max: 2 }).safeParse('😀😀').success).toBe(true);
    expect(zText({ max: 2 }).safeParse('😀😀😀').success).toBe(false);
    expect(zText({ max: 10, min: 1 }).safeParse('  \u00A0 ').error?.issues[0]?.message).toBe(
      'must not be empty',
    );
  });

  it('cleans header text for storage', () => {
    expect(cleanHeaderText('Mozilla\u0007/5.0 \u0085', 500)).toBe('Mozilla/5.0');
    expect(cleanHeaderText('\u0001', 500)).toBeNull();
    expect(cleanHeaderText(undefined, 500)).toBeNull();
    expect(cleanHeaderText('x'.repeat(600), 500)).toHaveLength(500);
  });
});

describe('listPattern, a comma-separated filter as the server reads it', () => {
  // The reading it describes: split on commas, trim each item, drop empty ones, at most maxItems left.
  const read = (value: string, ok: (item: string) => boolean, maxItems: number) => {
    const items = value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    return items.length <= maxItems && items.every(ok) && invalidCharacter(value) === null;
  };
  const VALUES = ['Meetup', 'Hands-on Workshop', 'Code Lab'];
  const CASES = [
    '',
    ',',
    ' , ,',
    'Meetup',
    ' Meetup ,Code Lab, ',
    'Meetup,,Hands-on Workshop',
    'Meetup Code Lab',
    'meetup',
    'Code  Lab',
    '\u3000Meetup\u00A0',
    'Meetup\t',
    'a',
    'x'.repeat(80),
    ` ${'x'.repeat(80)} `,
    'x'.repeat(81),
    'ÿ,😀 b',
    Array(4).fill('Meetup').join(','),
    Array(5).fill('Meetup').join(', '),
  ];

  it('admits exactly the enum lists the server accepts', () => {
    const pattern = new RegExp(listPattern({ maxItems: 4, values: VALUES }), 'u');
    for (const value of CASES)
      expect(pattern.test(value), JSON.stringify(value)).toBe(
        read(value, (item) => VALUES.includes(item), 4),
      );
  });

  it('admits exactly the label lists the server accepts (1 to itemMax characters per trimmed item)', () => {
    const pattern = new RegExp(listPattern({ maxItems: 4, itemMax: 80 }), 'u');
    for (const value of CASES)
      expect(pattern.test(value), JSON.stringify(value)).toBe(
        read(value, (item) => codePointLength(item) <= 80, 4),
      );
  });
});

describe('currencies', () => {
  it('knows ISO 4217 codes from the maintained list', () => {
    expect(isIsoCurrency('INR')).toBe(true);
    expect(isIsoCurrency('JPY')).toBe(true);
    expect(isIsoCurrency('ZZZ')).toBe(false);
    expect(isIsoCurrency('inr')).toBe(false);
  });

  it('parses the supported list from config, refusing codes that are not ISO 4217', () => {
    expect(parseSupportedCurrencies('inr, USD,INR')).toEqual(['INR', 'USD']);
    expect(() => parseSupportedCurrencies('INR,ZZZ')).toThrow(/ZZZ/);
    expect(loadConfig({}).SUPPORTED_CURRENCIES).toEqual(['INR', 'USD', 'EUR', 'GBP']);
    expect(() => loadConfig({ SUPPORTED_CURRENCIES: 'INR,ABC' })).toThrow(/SUPPORTED_CURRENCIES.*ABC/);
    expect(loadConfig({}).MAX_DECISION_DEADLINE).toBe(365 * 86_400_000);
  });

  it('refuses unsupported and unknown codes, and a change of currency within a negotiation', () => {
    expect(unsupportedCurrency(['INR', 'USD'], 'INR')).toBeNull();
    expect(unsupportedCurrency(['INR', 'USD'], 'JPY')).toMatch(/JPY is not a currency this platform handles/);
    expect(unsupportedCurrency(['INR', 'USD'], 'ZZZ')).toMatch(/not an ISO 4217/);
    expect(currencyChange('INR', 'INR')).toBeNull();
    expect(currencyChange('INR', 'USD')).toMatch(/in INR; a counter-offer cannot change the currency to USD/);
  });
});

describe('database error classification', () => {
  const pgError = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

  it('tells data and constraint errors (never healed by retrying) from an unavailable database', () => {
    expect(
      classifyDbError(pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00')),
    ).toMatchObject({
      kind: 'invalid_data',
      sqlState: '22021',
    });
    expect(classifyDbError(pgError('22P05'))?.kind).toBe('invalid_data');
    expect(
      classifyDbError(pgError('54000', 'index row size 3000 exceeds btree version 4 maximum'))?.kind,
    ).toBe('invalid_data');
    expect(classifyDbError(pgError('23505'))?.kind).toBe('constraint');
    expect(classifyDbError(pgError('08006'))?.kind).toBe('unavailable');
    expect(classifyDbError(pgError('57P01'))?.kind).toBe('unavailable');
    expect(classifyDbError(pgError('ECONNREFUSED'))?.kind).toBe('unavailable');
    expect(classifyDbError(new Error('Connection terminated unexpectedly'))?.kind).toBe('unavailable');
    expect(classifyDbError(pgError('40001'))).toBeNull();
    expect(classifyDbError(new TypeError('x is undefined'))).toBeNull();
  });

  it('sees through a Drizzle query wrapper to the pg error', () => {
    const wrapped = new Error('Failed query: insert ...', { cause: pgError('22021') });
    expect(classifyDbError(wrapped)?.kind).toBe('invalid_data');
  });
});
