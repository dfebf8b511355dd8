/**
 * The platform's PDF documents (the portal's credit report, credit-sharing's monthly monitoring
 * report): pdfkit, set in Droid Sans Fallback (Apache-2.0, shipped in libs/platform/assets/fonts with
 * its licence); pdfkit embeds the subset of the glyphs a document uses. The font has CJK glyphs only,
 * so runs of Latin-1 characters (codes, numbers, dates) are set in the PDF standard font Helvetica.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';

/** libs/platform/assets/fonts, from src/pdf (tests) and from dist/pdf (the built library) alike. */
export const PDF_FONT_PATH = join(__dirname, '..', '..', 'assets', 'fonts', 'DroidSansFallbackFull.ttf');
const FONT = 'report-cjk';
const LATIN = 'Helvetica';
/** Runs of Latin-1 characters and runs of the others, in order. */
const RUNS = /[\u0000-\u00ff]+|[^\u0000-\u00ff]+/g;

let fontBytes: Buffer | undefined;
const font = (): Buffer => (fontBytes ??= readFileSync(PDF_FONT_PATH));

export interface PdfWriter {
  doc: PDFKit.PDFDocument;
  /** One paragraph, each run in the font that has its glyphs. */
  write(text: string, options?: PDFKit.Mixins.TextOptions): void;
  heading(text: string): void;
  line(text: string): void;
  /** A grey "无" where a section has nothing. */
  none(): void;
  /** Ends the document: its bytes. */
  end(): Promise<Buffer>;
}

export function pdfWriter(info: { Title: string; Subject?: string; Creator: string }): PdfWriter {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(FONT, font());
  doc.font(FONT);
  const write = (text: string, options: PDFKit.Mixins.TextOptions = {}) => {
    const runs = text.match(RUNS) ?? [''];
    runs.forEach((run, i) => doc.font(/^[\u0000-\u00ff]/.test(run) ? LATIN : FONT).text(run, { ...options, baseline: 'alphabetic', continued: i < runs.length - 1 }));
    doc.font(FONT);
  };
  return {
    doc,
    write,
    heading(text) {
      doc.moveDown(0.8).fontSize(13).fillColor('#1f3a68');
      write(text);
      doc.fillColor('black').fontSize(10).moveDown(0.3);
    },
    line(text) {
      doc.fontSize(10);
      write(text, { lineGap: 2 });
    },
    none() {
      doc.fontSize(10).fillColor('#666666');
      write('无');
      doc.fillColor('black');
    },
    end() {
      doc.end();
      return done;
    },
  };
}
