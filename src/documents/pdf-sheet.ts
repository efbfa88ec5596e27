import {
  PDFDocument,
  StandardFonts,
  degrees,
  drawLinesOfText,
  rgb,
  type PDFFont,
  type PDFHexString,
  type PDFPage,
} from 'pdf-lib';

/**
 * The one page writer of our PDFs (contract, certificate, invoice, receipt, sponsor report). Its output must not
 * change: a stored document's SHA-256 is checked against a re-rendering (invoice files) and recorded in signatures.
 */
const MARGIN = 56;
const WIDTH = 595.28; // A4
const HEIGHT = 841.89;

/** Standard fonts speak WinAnsi only: anything else is replaced so rendering never fails on a name. */
const printable = (text: string) => text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

/**
 * A standard font's width of `text` in its font units (per 1000 of the size), computed as pdf-lib computes it: each
 * glyph's width plus its kerning with the next glyph, summed left to right, so that `units * (size / 1000)` is exactly
 * widthOfTextAtSize(text, size). The standard fonts' widths and kerning are integers, so the sums are exact in any
 * order and the units of `a + b` are those of `a`, of `b` and the kerning of the last character of `a` with the first
 * of `b`. Each character's width and each pair's kerning is measured once per font with pdf-lib and kept: a standard
 * font's metrics are the same in every document (a Sheet draws in those only, see Sheet.on), and measuring every word
 * of every document through pdf-lib again was about a fifth of a contract's rendering. NaN for a width that is not an
 * integer, so that `text` measures the whole line through pdf-lib instead.
 */
type TKept = { chars: Map<number, number>; pairs: Map<number, number> };
const keptByName = new Map<string, TKept>();
/** A font's kept metrics, with the font of this document to measure what is not kept yet (none is held across). */
type TMetrics = TKept & { font: PDFFont };
function metricsOf(font: PDFFont): TMetrics {
  let kept = keptByName.get(font.name);
  if (!kept) keptByName.set(font.name, (kept = { chars: new Map(), pairs: new Map() }));
  return { font, chars: kept.chars, pairs: kept.pairs };
}
function pdfLibUnits(font: PDFFont, text: string): number {
  const units = font.widthOfTextAtSize(text, 1000);
  return Number.isInteger(units) ? units : NaN;
}
function charUnits(m: TMetrics, code: number): number {
  let units = m.chars.get(code);
  if (units === undefined) m.chars.set(code, (units = pdfLibUnits(m.font, String.fromCharCode(code))));
  return units;
}
/** The kerning of the pair `left right` in font units (0 for most pairs). */
function kernUnits(m: TMetrics, left: number, right: number): number {
  const key = left * 0x10000 + right;
  let units = m.pairs.get(key);
  if (units === undefined) {
    units = pdfLibUnits(m.font, String.fromCharCode(left, right)) - charUnits(m, left) - charUnits(m, right);
    m.pairs.set(key, units);
  }
  return units;
}
/** The units of a printable `text` (one UTF-16 unit per character, all in WinAnsi), as every text a Sheet draws. */
function unitsOf(m: TMetrics, text: string): number {
  let units = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    units += charUnits(m, code);
    if (i + 1 < text.length) units += kernUnits(m, code, text.charCodeAt(i + 1));
  }
  return units;
}

const BLACK = rgb(0, 0, 0);
const UPRIGHT = degrees(0);
/** The line height pdf-lib's drawText writes with every line (a page's default; our lines are placed by y). */
const LINE_HEIGHT = 24;
/**
 * Lines in a font's encoding, kept across documents: a template's lines are the same in every contract. The most
 * recently used ENCODED_LINES, so that the lines of one document's own data (names, ids) pass through without growing
 * it. A PDFHexString is a value (pdf-lib only reads it when it writes a stream), so documents can share one.
 */
const ENCODED_LINES = 512;
const encodedLines = new Map<string, PDFHexString>();
function encoded(font: PDFFont, text: string): PDFHexString {
  const key = `${font.name}\n${text}`;
  let hex = encodedLines.get(key);
  if (hex) encodedLines.delete(key);
  else {
    hex = font.encodeText(text);
    if (encodedLines.size >= ENCODED_LINES) encodedLines.delete(encodedLines.keys().next().value!);
  }
  encodedLines.set(key, hex);
  return hex;
}

/** Lines of text and right-aligned amount columns, flowing onto new pages as needed. */
export class Sheet {
  private page: PDFPage;
  private y = HEIGHT - MARGIN;
  private constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.page = doc.addPage([WIDTH, HEIGHT]);
  }
  /** A writer over a document with the standard fonts embedded (the only fonts it draws in), starting on a new page. */
  static async on(doc: PDFDocument): Promise<Sheet> {
    return new Sheet(
      doc,
      await doc.embedFont(StandardFonts.Helvetica),
      await doc.embedFont(StandardFonts.HelveticaBold),
    );
  }
  private room(size: number) {
    if (this.y < MARGIN + size) {
      this.page = this.doc.addPage([WIDTH, HEIGHT]);
      this.y = HEIGHT - MARGIN;
    }
  }
  /** Vertical space in points (the next line may then start a new page). */
  space(points: number) {
    this.y -= points;
  }
  text(raw: string, opts: { size?: number; bold?: boolean; gap?: number } = {}) {
    const size = opts.size ?? 10;
    const font = opts.bold ? this.bold : this.font;
    const maxWidth = WIDTH - 2 * MARGIN;
    const scale = size / 1000;
    const m = metricsOf(font);
    for (const paragraph of printable(raw).split('\n')) {
      let line = '';
      let lineUnits = 0;
      for (const word of paragraph.split(' ')) {
        // The width of `line word`, from the line's width so far instead of measuring the whole line again for each
        // word (quadratic in a long paragraph). Bit for bit what widthOfTextAtSize(next, size) returns: see unitsOf.
        const nextUnits = line
          ? lineUnits + unitsOf(m, ` ${word}`) + kernUnits(m, line.charCodeAt(line.length - 1), 32)
          : unitsOf(m, word);
        const width = Number.isNaN(nextUnits)
          ? font.widthOfTextAtSize(line ? `${line} ${word}` : word, size)
          : nextUnits * scale;
        if (width > maxWidth && line) {
          this.draw(line, font, size);
          line = word;
          lineUnits = unitsOf(m, word);
        } else {
          line = line ? `${line} ${word}` : word;
          lineUnits = nextUnits;
        }
      }
      this.draw(line, font, size);
    }
    this.y -= opts.gap ?? 4;
  }
  private draw(text: string, font: PDFFont, size: number) {
    this.room(size);
    // What page.drawText(text, { x, y, size, font, color: black }) does with one line of printable text, the same
    // objects in the same order (a new key for the font in the page's resources, then the same operators): the same
    // bytes, without drawText's checks of every option, its cleaning and splitting of the text (nothing to do on a
    // printable line) and its encoding of a line drawn before.
    const fontKey = this.page.node.newFontDictionary(font.name, font.ref);
    this.page.pushOperators(
      ...drawLinesOfText([encoded(font, text)], {
        color: BLACK,
        font: fontKey,
        size,
        rotate: UPRIGHT,
        xSkew: UPRIGHT,
        ySkew: UPRIGHT,
        x: MARGIN,
        y: this.y - size,
        lineHeight: LINE_HEIGHT,
      }),
    );
    this.y -= size * 1.4;
  }
  /** A label on the left and an amount right-aligned at the margin (descriptions are cut to fit). */
  row(label: string, amount: string, opts: { bold?: boolean; size?: number } = {}) {
    const size = opts.size ?? 10;
    const font = opts.bold ? this.bold : this.font;
    const right = printable(amount);
    const amountWidth = font.widthOfTextAtSize(right, size);
    const room = WIDTH - 2 * MARGIN - amountWidth - 16;
    let left = printable(label);
    if (font.widthOfTextAtSize(left, size) > room) {
      while (left.length > 1 && font.widthOfTextAtSize(`${left}...`, size) > room) left = left.slice(0, -1);
      left = `${left}...`;
    }
    this.room(size);
    this.page.drawText(left, { x: MARGIN, y: this.y - size, size, font, color: rgb(0, 0, 0) });
    this.page.drawText(right, {
      x: WIDTH - MARGIN - amountWidth,
      y: this.y - size,
      size,
      font,
      color: rgb(0, 0, 0),
    });
    this.y -= size * 1.5;
  }
  rule() {
    this.room(6);
    this.page.drawLine({
      start: { x: MARGIN, y: this.y - 2 },
      end: { x: WIDTH - MARGIN, y: this.y - 2 },
      thickness: 0.5,
      color: rgb(0.4, 0.4, 0.4),
    });
    this.y -= 8;
  }
}

/** A new document dated `at` (fixed dates, no producer stamp) and its writer. */
export async function startPdf(title: string, at: Date) {
  // Fixed dates and no producer stamp: the same document renders the same bytes, so a retry keeps the hash true.
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(title);
  doc.setCreator('CommDesk Marketplace');
  doc.setProducer('CommDesk Marketplace');
  doc.setCreationDate(at);
  doc.setModificationDate(at);
  return { doc, sheet: await Sheet.on(doc) };
}
