//! PDF documents the portal hands to citizens: ready-to-send letters (a request to
//! an employer, a complaint to the labour inspectorate, a court claim) and
//! statements such as the pension account (выписка ИЛС, the individual personal
//! account) with its tables.
//!
//! A small flow layout over `printpdf`: headings, paragraphs, a right-hand block
//! (the addressee and the sender of a letter), tables whose header repeats on every
//! page, automatic page breaks and «стр. N из M» at the foot of each page. A4,
//! 20 mm margins, DejaVu Sans 11 pt (tables 10 pt), the font vendored in
//! `fonts/` and embedded as a subset of the glyphs the document uses.
//!
//! Text stays text: glyphs are written through a `/ToUnicode` map, so a reader can
//! search and copy it. Characters the font lacks (most emoji, CJK, musical
//! symbols; DejaVu does have the Emoticons block 😀) are drawn and extracted as
//! U+FFFD «�» rather than as `.notdef` boxes that copy as nothing; control
//! characters other than `'\n'` are dropped and tabs become spaces.
//!
//! Output is a pure function of the input: no clock is read (the creation date is
//! given) and the file identifier in the trailer is a hash of the file itself, so
//! the same document renders to the same bytes.
//!
//! ```ignore
//! let mut pdf = Pdf::new("Заявление", created_at);
//! pdf.right("Генеральному директору\nООО «Ромашка»")
//!     .heading("Заявление")
//!     .paragraph("Прошу выдать копию трудовой книжки.")
//!     .gap()
//!     .paragraph("«12» марта 2026 г.    ____________ / И. И. Иванов");
//! let bytes = pdf.render()?;
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use printpdf::{
    FontId, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfParseErrorSeverity, PdfSaveOptions, Point, Pt, TextItem,
};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// Why a document could not be rendered. Neither should happen with the vendored
/// fonts; they are errors rather than panics because they come from libraries.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The embedded font could not be read or subset.
    #[error("PDF font: {0}")]
    Font(String),
    /// The PDF writer failed or reported an error.
    #[error("writing the PDF: {0}")]
    Write(String),
}

// ---- page geometry, in PDF points (1/72 in) ----

const MM: f32 = 72.0 / 25.4;
const PAGE_W: f32 = 210.0 * MM;
const PAGE_H: f32 = 297.0 * MM;
const MARGIN: f32 = 20.0 * MM;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
const CONTENT_BOTTOM: f32 = PAGE_H - MARGIN;

const BODY_SIZE: f32 = 11.0;
const HEADING_SIZE: f32 = 14.0;
const TABLE_SIZE: f32 = 10.0;
const FOOTER_SIZE: f32 = 9.0;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.35;
/// Baseline below the top of a line box, as a multiple of the font size: DejaVu's
/// ascender is 0.93 em, the rest of the leading goes under the descenders.
const BASELINE: f32 = 1.0;
const BODY_LINE: f32 = BODY_SIZE * LEADING;
/// Space after a paragraph, heading, block or table.
const BLOCK_GAP: f32 = BODY_LINE * 0.5;
/// The right-hand block takes at most this share of the text width.
const RIGHT_BLOCK_SHARE: f32 = 0.5;
const CELL_PAD: f32 = 3.0;
const RULE_WIDTH: f32 = 0.5;
/// Baseline of the page number, from the bottom edge.
const FOOTER_BASELINE: f32 = 10.0 * MM;

const REGULAR_TTF: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

/// What a character the font lacks is drawn as.
const REPLACEMENT: char = '\u{FFFD}';

/// A document under construction. Blocks are laid out top to bottom in the order
/// they are added; nothing is measured until [`Pdf::render`].
#[derive(Debug, Clone)]
pub struct Pdf {
    title: String,
    created_at: OffsetDateTime,
    blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
enum Block {
    Heading(String),
    Paragraph(String),
    Right(String),
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        widths: Vec<f32>,
    },
    Gap,
}

impl Pdf {
    /// An empty document. `title` goes into the document information (what a
    /// viewer shows in its title bar); `created_at` becomes its creation and
    /// modification date — passed in, so rendering never reads a clock.
    pub fn new(title: &str, created_at: OffsetDateTime) -> Pdf {
        Pdf {
            title: title.to_owned(),
            created_at,
            blocks: Vec::new(),
        }
    }

    /// A centred bold heading (14 pt), kept on the same page as the start of what
    /// follows it.
    pub fn heading(&mut self, text: &str) -> &mut Self {
        self.blocks.push(Block::Heading(text.to_owned()));
        self
    }

    /// A left-aligned paragraph, wrapped to the text width by the glyphs' real
    /// advance widths; `'\n'` starts a new line, an empty line stays empty. Lines
    /// break only at plain spaces: a no-break space (U+00A0) keeps «№\u{a0}17» or
    /// «1\u{a0}234\u{a0}₽» together.
    pub fn paragraph(&mut self, text: &str) -> &mut Self {
        self.blocks.push(Block::Paragraph(text.to_owned()));
        self
    }

    /// A block set flush against the right margin — the addressee («Кому») and the
    /// sender («от кого») of a letter. Lines come from `'\n'`; the block is as wide
    /// as its longest line (at most half the text width, longer lines wrap) and
    /// its lines start at one left edge, as Russian business letters set them.
    pub fn right(&mut self, text: &str) -> &mut Self {
        self.blocks.push(Block::Right(text.to_owned()));
        self
    }

    /// A table with ruled cells. `widths` are the columns' shares of the text width
    /// (normalised, so `[1.0, 2.0]` works as well as `[0.33, 0.67]`); when their
    /// count does not match the columns or one is not a positive number, the
    /// columns get equal widths. Cells wrap; a row that does not fit goes to the
    /// next page (a row taller than a page is split) and the header (bold) is
    /// repeated there. Missing cells are empty, cells beyond the header's count are
    /// ignored; with an empty header there is no header row and the widest row
    /// sets the number of columns.
    pub fn table(&mut self, header: &[&str], rows: &[Vec<String>], widths: &[f32]) -> &mut Self {
        self.blocks.push(Block::Table {
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: rows.to_vec(),
            widths: widths.to_vec(),
        });
        self
    }

    /// One empty body line of vertical space (dropped at the top of a page).
    pub fn gap(&mut self) -> &mut Self {
        self.blocks.push(Block::Gap);
        self
    }

    /// Lay the document out and write the PDF file.
    pub fn render(&self) -> Result<Vec<u8>, PdfError> {
        let faces = faces()?;
        let mut layout = Layout::new(faces);
        for block in &self.blocks {
            match block {
                Block::Heading(text) => layout.heading(text),
                Block::Paragraph(text) => layout.paragraph(text),
                Block::Right(text) => layout.right(text),
                Block::Table {
                    header,
                    rows,
                    widths,
                } => layout.table(header, rows, widths),
                Block::Gap => layout.gap(),
            }
        }
        layout.page_numbers();
        write_pdf(&self.title, self.created_at, faces, &layout.pages)
    }
}

// ---- fonts ----

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum FaceId {
    Regular,
    Bold,
}

impl FaceId {
    const ALL: [FaceId; 2] = [FaceId::Regular, FaceId::Bold];

    /// The font's resource name in the page dictionaries. Fixed, because printpdf's
    /// own `FontId::new()` draws from a process-wide counter and would make the
    /// bytes depend on what was rendered before.
    fn resource(self) -> &'static str {
        match self {
            FaceId::Regular => "F1",
            FaceId::Bold => "F2",
        }
    }
}

/// One vendored face: its file, and its character map and advance widths for
/// measuring text.
struct Face {
    ttf: &'static [u8],
    /// PostScript name, used in the embedded subset's `/BaseFont`.
    postscript_name: &'static str,
    parsed: ParsedFont,
}

impl Face {
    fn load(ttf: &'static [u8], postscript_name: &'static str) -> Option<Face> {
        let parsed = ParsedFont::from_bytes(ttf, 0, &mut Vec::new())?;
        Some(Face {
            ttf,
            postscript_name,
            parsed,
        })
    }

    fn glyph(&self, c: char) -> Option<u16> {
        self.parsed
            .lookup_glyph_index(u32::from(c))
            .filter(|gid| *gid != 0)
    }

    fn has(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    /// The advance of `text` at `size` points, without kerning (printpdf does not
    /// apply any either).
    fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| {
                let gid = self.glyph(c).unwrap_or(0);
                u32::from(self.parsed.get_glyph_width(gid).unwrap_or(0))
            })
            .sum();
        units as f32 * size / f32::from(self.parsed.units_per_em.max(1))
    }

    /// `text` with every character this face can draw: tabs become spaces, other
    /// control characters go, missing ones become «�».
    fn clean(&self, text: &str) -> String {
        let fallback = if self.has(REPLACEMENT) {
            REPLACEMENT
        } else {
            '?'
        };
        text.chars()
            .filter_map(|c| match c {
                '\n' => Some('\n'),
                '\t' => Some(' '),
                c if c.is_control() => None,
                c if self.has(c) => Some(c),
                _ => Some(fallback),
            })
            .collect()
    }
}

struct Faces {
    regular: Face,
    bold: Face,
}

impl Faces {
    fn get(&self, id: FaceId) -> &Face {
        match id {
            FaceId::Regular => &self.regular,
            FaceId::Bold => &self.bold,
        }
    }
}

/// The faces are parsed once per process (about 1.5 MB of font files).
fn faces() -> Result<&'static Faces, PdfError> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Some(Faces {
                regular: Face::load(REGULAR_TTF, "DejaVuSans")?,
                bold: Face::load(BOLD_TTF, "DejaVuSans-Bold")?,
            })
        })
        .as_ref()
        .ok_or_else(|| PdfError::Font("the vendored DejaVu Sans does not parse".into()))
}

// ---- layout ----

/// Something placed on a page. Coordinates are PDF points from the bottom left.
#[derive(Debug, Clone)]
enum Item {
    Text {
        x: f32,
        y: f32,
        face: FaceId,
        size: f32,
        text: String,
    },
    Rule {
        from: (f32, f32),
        to: (f32, f32),
    },
}

struct Layout {
    faces: &'static Faces,
    pages: Vec<Vec<Item>>,
    /// Top of the next line box, in points from the top edge of the page.
    y: f32,
    /// Space owed before the next block; forgotten at the top of a page.
    pending_gap: f32,
}

/// A table's geometry and its header, wrapped once.
struct TableFrame {
    /// Left edge of each column, then the right edge of the last.
    edges: Vec<f32>,
    header: Option<Vec<Vec<String>>>,
}

impl Layout {
    fn new(faces: &'static Faces) -> Layout {
        Layout {
            faces,
            pages: vec![Vec::new()],
            y: MARGIN,
            pending_gap: 0.0,
        }
    }

    fn at_page_top(&self) -> bool {
        self.y <= MARGIN
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
        self.pending_gap = 0.0;
    }

    fn push(&mut self, item: Item) {
        if let Some(page) = self.pages.last_mut() {
            page.push(item);
        }
    }

    /// Pay the gap owed before a block, then make sure `height` points fit below;
    /// start a new page if they don't.
    fn begin_block(&mut self, height: f32) {
        if !self.at_page_top() {
            self.y += self.pending_gap;
        }
        self.pending_gap = 0.0;
        self.reserve(height);
    }

    fn reserve(&mut self, height: f32) {
        if !self.at_page_top() && self.y + height > CONTENT_BOTTOM {
            self.new_page();
        }
    }

    fn end_block(&mut self) {
        self.pending_gap = self.pending_gap.max(BLOCK_GAP);
    }

    /// One line of text whose box starts at the current position.
    fn line(&mut self, x: f32, face: FaceId, size: f32, text: String) {
        let line_height = size * LEADING;
        self.reserve(line_height);
        if !text.is_empty() {
            let y = PAGE_H - (self.y + size * BASELINE);
            self.push(Item::Text {
                x,
                y,
                face,
                size,
                text,
            });
        }
        self.y += line_height;
    }

    fn heading(&mut self, text: &str) {
        let face = self.faces.get(FaceId::Bold);
        let lines = wrap(face, &face.clean(text), HEADING_SIZE, CONTENT_W);
        let height = lines.len() as f32 * HEADING_SIZE * LEADING;
        self.pending_gap = self.pending_gap.max(BODY_LINE);
        // Keep the heading with the first two lines of what follows.
        self.begin_block(height + 2.0 * BODY_LINE);
        for line in lines {
            let x = MARGIN + (CONTENT_W - face.width(&line, HEADING_SIZE)).max(0.0) / 2.0;
            self.line(x, FaceId::Bold, HEADING_SIZE, line);
        }
        self.end_block();
    }

    fn paragraph(&mut self, text: &str) {
        let face = self.faces.get(FaceId::Regular);
        let lines = wrap(face, &face.clean(text), BODY_SIZE, CONTENT_W);
        self.begin_block(BODY_LINE);
        for line in lines {
            self.line(MARGIN, FaceId::Regular, BODY_SIZE, line);
        }
        self.end_block();
    }

    fn right(&mut self, text: &str) {
        let face = self.faces.get(FaceId::Regular);
        let max_width = CONTENT_W * RIGHT_BLOCK_SHARE;
        let lines = wrap(face, &face.clean(text), BODY_SIZE, max_width);
        let width = lines
            .iter()
            .map(|l| face.width(l, BODY_SIZE))
            .fold(0.0_f32, f32::max)
            .min(max_width);
        let x = MARGIN + CONTENT_W - width;
        self.begin_block(lines.len() as f32 * BODY_LINE);
        for line in lines {
            self.line(x, FaceId::Regular, BODY_SIZE, line);
        }
        self.end_block();
    }

    fn gap(&mut self) {
        if !self.at_page_top() {
            self.y += self.pending_gap + BODY_LINE;
        }
        self.pending_gap = 0.0;
    }

    fn table(&mut self, header: &[String], rows: &[Vec<String>], widths: &[f32]) {
        let columns = if header.is_empty() {
            rows.iter().map(Vec::len).max().unwrap_or(0)
        } else {
            header.len()
        };
        if columns == 0 {
            return;
        }
        let shares = column_shares(widths, columns);
        let mut edges = Vec::with_capacity(columns + 1);
        let mut x = MARGIN;
        edges.push(x);
        for share in &shares {
            x += CONTENT_W * share;
            edges.push(x);
        }
        let frame_header =
            (!header.is_empty()).then(|| self.wrap_cells(FaceId::Bold, header, &edges));
        let frame = TableFrame {
            edges,
            header: frame_header,
        };

        let line_height = TABLE_SIZE * LEADING;
        let header_height = frame
            .header
            .as_ref()
            .map_or(0.0, |cells| row_height(cells, line_height));
        let first_row_height = rows.first().map_or(0.0, |row| {
            row_height(
                &self.wrap_cells(FaceId::Regular, row, &frame.edges),
                line_height,
            )
        });
        // The header never stands alone at the foot of a page.
        self.begin_block(header_height + first_row_height.min(line_height + 2.0 * CELL_PAD));
        let mut open_top = !self.table_header(&frame);
        for row in rows {
            let cells = self.wrap_cells(FaceId::Regular, row, &frame.edges);
            self.table_row(&frame, &cells, header_height, &mut open_top);
        }
        self.end_block();
    }

    /// Each cell's text wrapped to its column; cells beyond `edges` are dropped,
    /// missing ones are empty.
    fn wrap_cells(&self, face: FaceId, cells: &[String], edges: &[f32]) -> Vec<Vec<String>> {
        let face = self.faces.get(face);
        edges
            .windows(2)
            .enumerate()
            .map(|(i, edge)| {
                let text = cells.get(i).map_or("", String::as_str);
                let width = (edge[1] - edge[0] - 2.0 * CELL_PAD).max(TABLE_SIZE);
                wrap(face, &face.clean(text), TABLE_SIZE, width)
            })
            .collect()
    }

    /// Draws the header row, if the table has one; says whether it did.
    fn table_header(&mut self, frame: &TableFrame) -> bool {
        match &frame.header {
            Some(cells) => {
                let lines = cells.iter().map(Vec::len).max().unwrap_or(1);
                self.table_piece(frame, FaceId::Bold, cells, 0, lines, true);
                true
            }
            None => false,
        }
    }

    /// One body row: where it fits, whole; otherwise on the next page under a
    /// repeated header; split line by line only when it is taller than a page.
    /// `open_top` says the row above has no bottom rule on this page (the first
    /// row of a table without a header, or the first after a page break).
    fn table_row(
        &mut self,
        frame: &TableFrame,
        cells: &[Vec<String>],
        header_height: f32,
        open_top: &mut bool,
    ) {
        let line_height = TABLE_SIZE * LEADING;
        let total = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let fresh_page_lines = (((CONTENT_BOTTOM - MARGIN - header_height - 2.0 * CELL_PAD)
            / line_height)
            .floor() as usize)
            .max(1);
        let mut start = 0;
        // On a page just started for this row, what doesn't fit is split, whatever
        // the arithmetic above said — so the loop always makes progress.
        let mut fresh = false;
        while start < total {
            let remaining = total - start;
            let available = CONTENT_BOTTOM - self.y;
            let fit = ((available - 2.0 * CELL_PAD) / line_height)
                .floor()
                .max(0.0) as usize;
            let split = fresh || (remaining > fresh_page_lines && fit >= 1);
            if remaining <= fit || split {
                let count = remaining.min(fit.max(1));
                self.table_piece(frame, FaceId::Regular, cells, start, count, *open_top);
                *open_top = false;
                start += count;
                if start >= total {
                    break;
                }
            }
            self.new_page();
            *open_top = !self.table_header(frame);
            fresh = true;
        }
    }

    /// Lines `start..start + count` of a row's cells, with the row's rules. The
    /// top rule is drawn only for the first row on a page; every row draws its
    /// bottom rule.
    fn table_piece(
        &mut self,
        frame: &TableFrame,
        face: FaceId,
        cells: &[Vec<String>],
        start: usize,
        count: usize,
        top_rule: bool,
    ) {
        let line_height = TABLE_SIZE * LEADING;
        let height = count as f32 * line_height + 2.0 * CELL_PAD;
        let top = PAGE_H - self.y;
        let bottom = top - height;
        let (left, right) = match (frame.edges.first(), frame.edges.last()) {
            (Some(l), Some(r)) => (*l, *r),
            _ => return,
        };
        if top_rule {
            self.push(Item::Rule {
                from: (left, top),
                to: (right, top),
            });
        }
        self.push(Item::Rule {
            from: (left, bottom),
            to: (right, bottom),
        });
        for edge in &frame.edges {
            self.push(Item::Rule {
                from: (*edge, top),
                to: (*edge, bottom),
            });
        }
        for (cell, x) in cells.iter().zip(&frame.edges) {
            for (i, line) in cell.iter().skip(start).take(count).enumerate() {
                if line.is_empty() {
                    continue;
                }
                let y = top - CELL_PAD - i as f32 * line_height - TABLE_SIZE * BASELINE;
                self.push(Item::Text {
                    x: x + CELL_PAD,
                    y,
                    face,
                    size: TABLE_SIZE,
                    text: line.clone(),
                });
            }
        }
        self.y += height;
    }

    /// «стр. N из M», centred at the foot of every page.
    fn page_numbers(&mut self) {
        let face = self.faces.get(FaceId::Regular);
        let total = self.pages.len();
        for (i, page) in self.pages.iter_mut().enumerate() {
            let text = format!("стр. {} из {}", i + 1, total);
            let x = (PAGE_W - face.width(&text, FOOTER_SIZE)) / 2.0;
            page.push(Item::Text {
                x,
                y: FOOTER_BASELINE,
                face: FaceId::Regular,
                size: FOOTER_SIZE,
                text,
            });
        }
    }
}

fn row_height(cells: &[Vec<String>], line_height: f32) -> f32 {
    cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * line_height + 2.0 * CELL_PAD
}

/// Column shares summing to one: `widths` normalised, or equal shares when they
/// don't describe `columns` positive numbers.
fn column_shares(widths: &[f32], columns: usize) -> Vec<f32> {
    let valid = widths.len() == columns && widths.iter().all(|w| w.is_finite() && *w > 0.0);
    if valid {
        let sum: f32 = widths.iter().sum();
        widths.iter().map(|w| w / sum).collect()
    } else {
        vec![1.0 / columns as f32; columns]
    }
}

/// Break `text` into lines no wider than `max_width`: at `'\n'`, then greedily at
/// spaces; a word wider than a line is cut between characters. Runs of spaces
/// collapse to one. Always at least one (possibly empty) line.
fn wrap(face: &Face, text: &str, size: f32, max_width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for source in text.split('\n') {
        let mut current = String::new();
        for word in source.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if current.is_empty() {
                word.to_owned()
            } else {
                format!("{current} {word}")
            };
            if face.width(&candidate, size) <= max_width {
                current = candidate;
                continue;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            if face.width(word, size) <= max_width {
                current = word.to_owned();
                continue;
            }
            for c in word.chars() {
                let mut longer = current.clone();
                longer.push(c);
                if !current.is_empty() && face.width(&longer, size) > max_width {
                    lines.push(std::mem::take(&mut current));
                    current.push(c);
                } else {
                    current = longer;
                }
            }
        }
        lines.push(current);
    }
    lines
}

// ---- writing ----

fn write_pdf(
    title: &str,
    created_at: OffsetDateTime,
    faces: &Faces,
    pages: &[Vec<Item>],
) -> Result<Vec<u8>, PdfError> {
    let mut used: BTreeMap<FaceId, BTreeSet<char>> = BTreeMap::new();
    for item in pages.iter().flatten() {
        if let Item::Text { face, text, .. } = item {
            used.entry(*face).or_default().extend(text.chars());
        }
    }

    let mut doc = PdfDocument::new(title);
    let date = pdf_date(created_at)?;
    let info = &mut doc.metadata.info;
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    info.creator = "Kabinet".into();
    info.producer = "Kabinet (printpdf)".into();

    for id in FaceId::ALL {
        if let Some(chars) = used.get(&id) {
            let font = subset(faces.get(id), chars)?;
            doc.resources
                .fonts
                .map
                .insert(FontId(id.resource().into()), PdfFont::new(font));
        }
    }

    let pages = pages
        .iter()
        .map(|items| PdfPage::new(Mm(210.0), Mm(297.0), page_ops(items)))
        .collect();
    doc.with_pages(pages);

    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lopdf = doc.to_lopdf_document(&options, &mut warnings);
    if let Some(error) = warnings
        .iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        return Err(PdfError::Write(error.msg.clone()));
    }
    tidy_info(&mut lopdf);
    lopdf.compress();

    // The file identifier: printpdf draws it from a counter; make it the hash of
    // the file written with a blank one, so it is stable and still tells
    // different documents apart.
    set_file_id(&mut lopdf, &[0; 16]);
    let draft = save(&mut lopdf)?;
    let digest = Sha256::digest(&draft);
    set_file_id(&mut lopdf, &digest[..16]);
    save(&mut lopdf)
}

/// printpdf writes a `GTS_PDFXVersion` key into the document information even for
/// a plain PDF, which readers take as a claim of PDF/X conformance; that key and
/// the fields left empty go.
fn tidy_info(doc: &mut lopdf::Document) {
    let Ok(info) = doc
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
    else {
        return;
    };
    let Ok(info) = doc.get_dictionary_mut(info) else {
        return;
    };
    info.remove(b"GTS_PDFXVersion");
    let empty: Vec<Vec<u8>> = info
        .iter()
        .filter(|(_, value)| is_empty_text(value))
        .map(|(key, _)| key.clone())
        .collect();
    for key in empty {
        info.remove(&key);
    }
}

/// An empty PDF text string: no bytes, or only the UTF-16 byte-order mark.
fn is_empty_text(value: &lopdf::Object) -> bool {
    matches!(value, lopdf::Object::String(bytes, _) if bytes.is_empty() || bytes == &[0xFE, 0xFF])
}

fn set_file_id(doc: &mut lopdf::Document, id: &[u8]) {
    let id = lopdf::Object::String(id.to_vec(), lopdf::StringFormat::Hexadecimal);
    doc.trailer
        .set("ID", lopdf::Object::Array(vec![id.clone(), id]));
}

fn save(doc: &mut lopdf::Document) -> Result<Vec<u8>, PdfError> {
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(bytes)
}

fn pdf_date(at: OffsetDateTime) -> Result<printpdf::OffsetDateTime, PdfError> {
    // printpdf writes the date's fields with a «+00'00'» offset: hand it UTC.
    printpdf::OffsetDateTime::from_unix_timestamp(at.unix_timestamp())
        .map_err(|e| PdfError::Write(format!("creation date: {e}")))
}

/// The face cut down to the glyphs of `chars`, parsed back for printpdf. The
/// subset's own character map sends each character to its new glyph, which is what
/// printpdf encodes the text with and builds `/ToUnicode` from.
///
/// printpdf subsets only with its `text_layout` feature (the azul layout engine
/// and fontconfig); this does the same with the same allsorts it already uses.
fn subset(face: &Face, chars: &BTreeSet<char>) -> Result<ParsedFont, PdfError> {
    let glyphs: BTreeSet<u16> = chars.iter().filter_map(|c| face.glyph(*c)).collect();
    // .notdef first, as the subsetter requires.
    let ids: Vec<u16> = std::iter::once(0).chain(glyphs.iter().copied()).collect();

    let data = allsorts::binary::read::ReadScope::new(face.ttf)
        .read::<allsorts::font_data::FontData<'_>>()
        .map_err(|e| PdfError::Font(e.to_string()))?;
    let provider = data
        .table_provider(0)
        .map_err(|e| PdfError::Font(e.to_string()))?;
    let bytes = allsorts::subset::subset(
        &provider,
        &ids,
        &allsorts::subset::SubsetProfile::Pdf,
        allsorts::subset::CmapTarget::Unicode,
    )
    .map_err(|e| PdfError::Font(e.to_string()))?;

    let mut font = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())
        .ok_or_else(|| PdfError::Font("the font subset does not parse".into()))?;
    // ISO 32000-1 9.6.4: a subset's name carries a six-letter tag, here derived
    // from the glyph set so equal subsets get equal names.
    let digest = Sha256::digest(
        ids.iter()
            .flat_map(|g| g.to_be_bytes())
            .collect::<Vec<u8>>(),
    );
    let tag: String = digest
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect();
    font.font_name = Some(format!("{tag}+{}", face.postscript_name));
    Ok(font)
}

fn page_ops(items: &[Item]) -> Vec<Op> {
    let mut ops = vec![Op::SetOutlineThickness { pt: Pt(RULE_WIDTH) }];
    for item in items {
        match item {
            Item::Text {
                x,
                y,
                face,
                size,
                text,
            } => ops.extend([
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(FontId(face.resource().into())),
                    size: Pt(*size),
                },
                Op::SetTextCursor {
                    pos: Point {
                        x: Pt(*x),
                        y: Pt(*y),
                    },
                },
                Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                },
                Op::EndTextSection,
            ]),
            Item::Rule { from, to } => ops.push(Op::DrawLine {
                line: Line {
                    points: [from, to]
                        .iter()
                        .map(|(x, y)| LinePoint {
                            p: Point {
                                x: Pt(*x),
                                y: Pt(*y),
                            },
                            bezier: false,
                        })
                        .collect(),
                    is_closed: false,
                },
            }),
        }
    }
    ops
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use time::macros::datetime;

    const CREATED: OffsetDateTime = datetime!(2026-03-12 10:30 +03:00);

    /// The text of every page, as a reader would extract it (lopdf decodes the
    /// glyph codes through the fonts' `/ToUnicode` maps).
    fn pages_text(bytes: &[u8]) -> Vec<String> {
        let doc = lopdf::Document::load_mem(bytes).unwrap();
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        pages
            .iter()
            .map(|n| doc.extract_text(&[*n]).unwrap())
            .collect()
    }

    /// Whitespace and line breaks don't count: wrapping moves them.
    fn squash(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    fn contains(haystack: &str, needle: &str) -> bool {
        squash(haystack).contains(&squash(needle))
    }

    fn letter() -> Pdf {
        let mut pdf = Pdf::new("Заявление о выдаче документов", CREATED);
        pdf.right(
            "Генеральному директору\nООО «Ромашка»\nП. П. Петрову\nот Иванова Ивана Ивановича,\nСНИЛС 112-233-445 95",
        )
        .heading("Заявление")
        .paragraph(
            "В соответствии со статьёй 62 Трудового кодекса Российской Федерации прошу \
             выдать мне заверенные копии документов, связанных с работой: приказа о приёме \
             на работу, справки о заработной плате и о начисленных страховых взносах.",
        )
        .paragraph(
            "Работаю в ООО «Ромашка» с 1 февраля 2019 г. в должности инженера; договор № 17 \
             от 31 января 2019 г. Заработная плата за 2025 год — 1 234 567,89 ₽.",
        )
        .paragraph("Документы прошу выдать не позднее трёх рабочих дней со дня подачи заявления.")
        .gap()
        .paragraph("«12» марта 2026 г.        ____________ / И. И. Иванов");
        pdf
    }

    #[test]
    fn a_letter_renders_and_its_russian_text_comes_back_out() {
        let bytes = letter().render().unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        let pages = pages_text(&bytes);
        assert_eq!(pages.len(), 1);
        let text = &pages[0];
        for part in [
            "Генеральному директору",
            "ООО «Ромашка»",
            "СНИЛС 112-233-445 95",
            "Заявление",
            "В соответствии со статьёй 62 Трудового кодекса Российской Федерации прошу выдать мне",
            "договор № 17 от 31 января 2019 г. Заработная плата за 2025 год — 1 234 567,89 ₽.",
            "Документы прошу выдать не позднее трёх рабочих дней со дня подачи заявления.",
            "«12» марта 2026 г.",
            "стр. 1 из 1",
        ] {
            assert!(contains(text, part), "{part:?} not in {text:?}");
        }
        // Words keep their spaces inside a line.
        assert!(text.contains("Генеральному директору"), "{text:?}");
    }

    /// A second, independent reader: poppler's `pdftotext` (package poppler-utils,
    /// installed by `scripts/setup.sh --test`). Skipped where it is missing, except
    /// under CI.
    #[test]
    fn poppler_reads_the_same_text() {
        let probe = std::process::Command::new("pdftotext").arg("-v").output();
        if probe.is_err() {
            assert!(
                std::env::var_os("CI").is_none(),
                "pdftotext (poppler-utils) is missing"
            );
            eprintln!("pdftotext not installed; skipping the poppler check");
            return;
        }
        let mut file = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut file, &letter().render().unwrap()).unwrap();
        let out = std::process::Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(file.path())
            .arg("-")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        for part in [
            "Генеральному директору",
            "ООО «Ромашка»",
            "Заявление",
            "В соответствии со статьёй 62 Трудового кодекса Российской Федерации прошу выдать",
            "договор № 17 от 31 января 2019 г. Заработная плата за 2025 год — 1 234 567,89 ₽.",
            "стр. 1 из 1",
        ] {
            assert!(contains(&text, part), "{part:?} not in {text:?}");
        }
    }

    #[test]
    fn a_one_page_letter_is_small_because_the_font_is_subset() {
        let bytes = letter().render().unwrap();
        eprintln!("one-page letter: {} bytes", bytes.len());
        assert!(bytes.len() < 100_000, "{} bytes", bytes.len());
        // The subset is named as one (ISO 32000-1 9.6.4).
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let names: Vec<String> = doc
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter_map(|d| d.get(b"BaseFont").ok())
            .filter_map(|n| n.as_name().ok())
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect();
        assert!(
            names.iter().any(|n| n.ends_with("+DejaVuSans")),
            "{names:?}"
        );
        assert!(
            names.iter().any(|n| n.ends_with("+DejaVuSans-Bold")),
            "{names:?}"
        );
    }

    #[test]
    fn the_title_goes_into_the_document_information() {
        let bytes = letter().render().unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let info = doc
            .trailer
            .get(b"Info")
            .and_then(lopdf::Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
            .unwrap();
        let title = lopdf::decode_text_string(info.get(b"Title").unwrap()).unwrap();
        assert_eq!(title, "Заявление о выдаче документов");
        let created = info.get(b"CreationDate").unwrap().as_str().unwrap();
        assert_eq!(created, b"D:20260312073000+00'00'");
    }

    #[test]
    fn a_long_paragraph_wraps_to_the_text_width() {
        let sentence = "Прошу произвести перерасчёт страховой пенсии с учётом периодов работы, \
                        не включённых в индивидуальный лицевой счёт. ";
        let long = sentence.repeat(6);
        let faces = faces().unwrap();
        let mut layout = Layout::new(faces);
        layout.paragraph(&long);
        let lines: Vec<&String> = layout.pages[0]
            .iter()
            .filter_map(|item| match item {
                Item::Text { text, .. } => Some(text),
                Item::Rule { .. } => None,
            })
            .collect();
        assert!(lines.len() >= 6, "{} lines", lines.len());
        for line in &lines {
            let width = faces.regular.width(line, BODY_SIZE);
            assert!(width <= CONTENT_W + 0.01, "{width} > {CONTENT_W}: {line:?}");
        }
        // Greedy: each line but the last could not take the next word.
        let words: Vec<&str> = long.split_whitespace().collect();
        assert_eq!(
            lines.iter().map(|l| l.split(' ').count()).sum::<usize>(),
            words.len()
        );

        let mut pdf = Pdf::new("Перерасчёт", CREATED);
        pdf.paragraph(&long)
            .paragraph("Первая строка\nвторая строка");
        let text = pages_text(&pdf.render().unwrap()).concat();
        assert!(contains(&text, &long));
        assert!(contains(&text, "Первая строка вторая строка"));
    }

    #[test]
    fn a_no_break_space_keeps_words_together() {
        let faces = faces().unwrap();
        let text = format!("{}договор №\u{a0}17", "слово ".repeat(12));
        // Narrow enough that «№ 17» lands on the line boundary.
        for width in (150..400).step_by(7) {
            let lines = wrap(&faces.regular, &text, BODY_SIZE, width as f32);
            assert!(lines.iter().any(|l| l.contains("№\u{a0}17")), "{lines:?}");
        }
    }

    #[test]
    fn a_word_longer_than_a_line_is_cut() {
        let faces = faces().unwrap();
        let word = "Ы".repeat(200);
        let lines = wrap(&faces.regular, &word, BODY_SIZE, CONTENT_W);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), word);
        assert!(
            lines
                .iter()
                .all(|l| faces.regular.width(l, BODY_SIZE) <= CONTENT_W)
        );
    }

    fn pension_rows(n: usize) -> Vec<Vec<String>> {
        (0..n)
            .map(|i| {
                vec![
                    format!("{}", 1990 + i),
                    format!("{},{:03}", 3 + i % 7, i * 37 % 1000),
                    format!("ООО «Предприятие № {i}», г. Нижний Новгород, ул. Большая Покровская"),
                    format!("{} ₽", 100_000 + i * 1_234),
                ]
            })
            .collect()
    }

    #[test]
    fn a_long_table_breaks_onto_a_second_page_under_its_header() {
        let mut pdf = Pdf::new("Выписка из индивидуального лицевого счёта", CREATED);
        pdf.heading("Выписка из индивидуального лицевого счёта")
            .paragraph("СНИЛС: 112-233-445 95\nФ. И. О.: Иванов Иван Иванович\nИПК: 84,512")
            .table(
                &["Год", "Баллы", "Работодатель", "Взносы"],
                &pension_rows(30),
                &[0.12, 0.13, 0.5, 0.25],
            );
        let pages = pages_text(&pdf.render().unwrap());
        assert_eq!(pages.len(), 2, "{pages:#?}");
        for page in &pages {
            assert!(contains(page, "Год Баллы Работодатель Взносы"), "{page:?}");
        }
        assert!(contains(&pages[0], "стр. 1 из 2"));
        assert!(contains(&pages[1], "стр. 2 из 2"));
        assert!(contains(&pages[0], "1990"));
        assert!(contains(&pages[1], "2019"));
        // Every row is on exactly one page, in order.
        let all = pages.concat();
        let mut at = 0;
        for row in pension_rows(30) {
            let cell = squash(&row[2]);
            let found = squash(&all)[at..].find(&cell);
            assert!(found.is_some(), "{cell} missing after {at}");
            at += found.unwrap_or(0) + cell.len();
        }
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_not_lost() {
        let tall = "строка ".repeat(1500);
        let rows = vec![vec!["2001".to_owned(), tall.clone()]];
        let mut pdf = Pdf::new("Длинная ячейка", CREATED);
        pdf.table(&["Год", "Примечание"], &rows, &[1.0, 4.0]);
        let pages = pages_text(&pdf.render().unwrap());
        assert!(pages.len() >= 2);
        assert!(pages.iter().all(|p| contains(p, "Год Примечание")));
        let all = pages.concat();
        assert_eq!(all.matches("строка").count(), 1500, "{pages:#?}");
    }

    #[test]
    fn the_same_input_renders_to_the_same_bytes() {
        let make = || {
            let mut pdf = letter();
            pdf.table(&["Год", "Баллы"], &pension_rows(3), &[1.0, 1.0]);
            pdf.render().unwrap()
        };
        let first = make();
        let _other = Pdf::new("Другой", CREATED)
            .paragraph("Другой")
            .render()
            .unwrap();
        let second = make();
        assert_eq!(first, second);

        let mut later = letter();
        later.created_at = datetime!(2026-03-13 10:30 UTC);
        assert_ne!(first, later.render().unwrap());
    }

    #[test]
    fn an_empty_document_is_one_valid_page() {
        let bytes = Pdf::new("", CREATED).render().unwrap();
        let pages = pages_text(&bytes);
        assert_eq!(pages.len(), 1);
        assert!(contains(&pages[0], "стр. 1 из 1"));

        // Gaps alone and an empty table change nothing either.
        let mut pdf = Pdf::new("Пусто", CREATED);
        pdf.gap().gap().table(&[], &[], &[]).paragraph("");
        assert_eq!(pages_text(&pdf.render().unwrap()).len(), 1);
    }

    #[test]
    fn characters_outside_the_font_become_replacement_characters() {
        // DejaVu Sans has the Emoticons block (😀) but not 🎉, 👍 or 𝄞.
        let mut pdf = Pdf::new("Готово 🎉", CREATED);
        pdf.heading("Готово 🎉")
            .paragraph("Спасибо 😀\tза\u{0007} помощь 𝄞\r")
            .right("👍")
            .table(&["🎉"], &[vec!["👍".to_owned()]], &[f32::NAN]);
        let text = pages_text(&pdf.render().unwrap()).concat();
        assert!(contains(&text, "Готово \u{FFFD}"), "{text:?}");
        assert!(text.contains("Спасибо 😀 за помощь \u{FFFD}\n"), "{text:?}");
        assert_eq!(text.matches('\u{FFFD}').count(), 5, "{text:?}");
        assert!(!text.contains(['🎉', '👍', '𝄞']));
    }

    #[test]
    fn column_widths_are_normalised_or_equal() {
        assert_eq!(column_shares(&[1.0, 3.0], 2), vec![0.25, 0.75]);
        assert_eq!(column_shares(&[1.0], 2), vec![0.5, 0.5]);
        assert_eq!(column_shares(&[1.0, -1.0], 2), vec![0.5, 0.5]);
    }

    /// Writes the sample documents for a look in a viewer:
    /// `KABINET_PDF_SAMPLES=/tmp/pdf cargo test -p kabinet-portal --lib pdf -- --ignored`.
    #[test]
    #[ignore = "writes files; run by hand"]
    fn write_samples() {
        let Some(dir) = std::env::var_os("KABINET_PDF_SAMPLES") else {
            return;
        };
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("letter.pdf"), letter().render().unwrap()).unwrap();
        let mut statement = Pdf::new("Выписка из индивидуального лицевого счёта", CREATED);
        statement
            .heading("Выписка из индивидуального лицевого счёта")
            .paragraph("СНИЛС: 112-233-445 95\nФ. И. О.: Иванов Иван Иванович\nИПК: 84,512")
            .table(
                &["Год", "Баллы", "Работодатель", "Взносы"],
                &pension_rows(30),
                &[0.12, 0.13, 0.5, 0.25],
            );
        std::fs::write(dir.join("statement.pdf"), statement.render().unwrap()).unwrap();
    }
}
