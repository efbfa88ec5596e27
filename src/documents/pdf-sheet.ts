import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

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
 * A standard font's width of `text` in its font units (per 1000 of the size): pdf-lib sums each glyph's width and its
 * kerning with the next glyph, then multiplies by size / 1000, so the units of `a + b` are those of `a`, of `b` and the
 * kerning of the last character of `a` with the first of `b` (kernUnits), and `units * (size / 1000)` is exactly
 * widthOfTextAtSize(text, size). The standard fonts' widths and kerning are integers, so the sums are exact in any
 * order. NaN for a width that is not an integer, so that `text` measures the whole line as before instead.
 */
function unitsOf(font: PDFFont, text: string): number {
  const units = font.widthOfTextAtSize(text, 1000);
  return Number.isInteger(units) ? units : NaN;
}
const kerning = new WeakMap<PDFFont, Map<string, number>>();
/** The kerning of the pair `left right` in font units (0 for most pairs), once per font and pair. */
function kernUnits(font: PDFFont, left: string, right: string): number {
  let pairs = kerning.get(font);
  if (!pairs) kerning.set(font, (pairs = new Map()));
  const key = left + right;
  let units = pairs.get(key);
  if (units === undefined) {
    units = unitsOf(font, key) - unitsOf(font, left) - unitsOf(font, right);
    pairs.set(key, units);
  }
  return units;
}

/** Lines of text and right-aligned amount columns, flowing onto new pages as needed. */
export class Sheet {
  private page: PDFPage;
  private y = HEIGHT - MARGIN;
  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.page = doc.addPage([WIDTH, HEIGHT]);
  }
  /** A writer over a document with the standard fonts embedded, starting on a new page. */
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
    for (const paragraph of printable(raw).split('\n')) {
      let line = '';
      let lineUnits = 0;
      for (const word of paragraph.split(' ')) {
        // The width of `line word`, from the line's width so far instead of measuring the whole line again for each
        // word (quadratic in a long paragraph). Bit for bit what widthOfTextAtSize(next, size) returns: see unitsOf.
        const nextUnits = line
          ? lineUnits + unitsOf(font, ` ${word}`) + kernUnits(font, line[line.length - 1]!, ' ')
          : unitsOf(font, word);
        const width = Number.isNaN(nextUnits)
          ? font.widthOfTextAtSize(line ? `${line} ${word}` : word, size)
          : nextUnits * scale;
        if (width > maxWidth && line) {
          this.draw(line, font, size);
          line = word;
          lineUnits = unitsOf(font, word);
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
    this.page.drawText(text, { x: MARGIN, y: this.y - size, size, font, color: rgb(0, 0, 0) });
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
