//! The one visitor of Office XML parts, over the XML layer ([`crate::extract::xml::walk`]): a
//! [`Dialect`] says which elements make a segment (a Word or ODF paragraph, a shared string, a
//! cell), where text counts (Word: only inside `w:t`, `w:delText`, `w:instrText`), which empty
//! elements stand for characters (`w:tab`, `text:s` with its `text:c` count, `text:line-break`)
//! and which attributes are text (comment authors, `w:fldSimple/@w:instr`, hyperlink targets,
//! `office:string-value`, pivot-cache values). Segments nest: a footnote or a text box inside a
//! paragraph is its own segment, and its paragraph goes on around it. Every character maps back
//! to the bytes of the text node it came from, so a word split over three runs is one word of
//! the segment and redaction cuts it out of each run.
//!
//! Spreadsheet cells are noted on the way ([`Cell`]) for the column context that
//! [`super::Package::finish`] applies once the whole package is read.

use crate::extract::xml::{Index, Locus, Raw, Source, Tag, TextBuf, Visitor, attr_value};
use crate::extract::{Origin, Segment};

/// What kind of Office XML a part is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// WordprocessingML: document, headers, footers, notes, comments.
    Word,
    /// SpreadsheetML: shared strings, sheets, comments, workbook, pivot caches, persons.
    Sheet,
    /// OpenDocument: `content.xml`, `styles.xml`, `meta.xml`.
    Odf,
    /// Package relationships (`*.rels`): external targets (`mailto:`, web addresses).
    Rels,
}

/// Most spaces one `text:s` stands for in segment text (`text:c` may say 65,535).
const MAX_SPACES: usize = 64;

/// A spreadsheet cell, as the column context needs it.
#[derive(Debug, Clone)]
pub struct Cell {
    /// The sheet (element number of the `worksheet`/`table:table`) in this part.
    pub sheet: u32,
    /// 0-based row and column (a repeat count moves them, never expands them).
    pub row: u64,
    pub col: u64,
    pub value: CellValue,
}

#[derive(Debug, Clone)]
pub enum CellValue {
    /// Shared string number `n` (XLSX `t="s"`).
    Shared(usize),
    /// Text read in this part: the segments of the cell (indexes into the part's segments),
    /// and the cell element.
    Local { segments: Vec<usize>, el: u32 },
}

/// A segment being built: its text, the element it belongs to, the depth it started at.
struct Open {
    buf: TextBuf,
    el: u32,
    depth: usize,
    /// Text ranges of `buf` in hidden runs (Word `w:vanish`).
    hidden: Vec<(usize, usize)>,
}

/// The cell being read: its element, its `t`, row, column, and its segments so far.
type OpenCell = (u32, Option<String>, u64, u64, Vec<usize>);

/// A shared string item: its segment (`None`: blank) and its element.
pub type SharedItem = (Option<usize>, u32);

/// The visitor. After the walk: `segments` with their loci (origins set by the caller).
pub struct Reader<'s, 'b> {
    src: &'s Source<'b>,
    dialect: Dialect,
    /// Open elements: their local name and whether text counts inside them.
    stack: Vec<(u32, bool)>,
    units: Vec<Open>,
    pub segments: Vec<Segment>,
    /// Element of each segment, and the attribute it is the value of.
    pub loci: Vec<(Locus, Option<String>)>,
    /// Shared strings (XLSX `si`), in order: the segment index (`None`: blank) and element.
    pub shared: Vec<SharedItem>,
    pub cells: Vec<Cell>,
    /// The cell being read.
    cell: Option<OpenCell>,
    /// The sheet being read, its next row and column (ODF counts them).
    sheet: Option<u32>,
    row: u64,
    col: u64,
    /// Whether a `w:altChunk` (imported content) was met.
    pub alt_chunk: bool,
    /// Sheets the workbook hides (`state="hidden"` or `"veryHidden"`).
    pub hidden_sheets: usize,
    /// The Word run being read: its depth, and whether its properties hide it (`w:vanish`).
    run: Option<(usize, bool)>,
    /// Hidden text: segment and text range (issue 21 §3: read, scanned, and said hidden).
    pub hidden: Vec<(usize, usize, usize)>,
}

impl<'s, 'b> Reader<'s, 'b> {
    pub fn new(src: &'s Source<'b>, dialect: Dialect) -> Self {
        Reader {
            src,
            dialect,
            stack: Vec::new(),
            units: Vec::new(),
            segments: Vec::new(),
            loci: Vec::new(),
            shared: Vec::new(),
            cells: Vec::new(),
            cell: None,
            sheet: None,
            row: 0,
            col: 0,
            alt_chunk: false,
            hidden_sheets: 0,
            run: None,
            hidden: Vec::new(),
        }
    }

    /// Whether element `local` makes a segment of its own.
    fn is_unit(&self, local: &str) -> bool {
        match self.dialect {
            // Deleted text (a tracked change) is a version of its own: joined to the paragraph
            // around it, it would glue to the inserted text (`Parkinsonautonome`).
            Dialect::Word => matches!(local, "p" | "del" | "moveFrom"),
            Dialect::Sheet => {
                matches!(local, "si" | "is" | "c" | "text" | "author" | "definedName")
            }
            // An annotation's author and date are not part of the paragraph it is anchored in.
            Dialect::Odf => matches!(
                local,
                "p" | "h" | "creator" | "date" | "initials" | "note-citation"
            ),
            Dialect::Rels => false,
        }
    }

    /// Whether text directly inside element `local` counts, given its parent's answer.
    fn text_counts(&self, local: &str, parent: bool) -> bool {
        match self.dialect {
            Dialect::Word => matches!(local, "t" | "delText" | "instrText") || parent,
            // A shared string's number in a cell is no text.
            Dialect::Sheet => {
                !(local == "v"
                    && self
                        .cell
                        .as_ref()
                        .is_some_and(|c| c.1.as_deref() == Some("s")))
            }
            Dialect::Odf => true,
            Dialect::Rels => false,
        }
    }

    /// What an empty element stands for in the text.
    fn character(&self, e: &Tag) -> Option<String> {
        let local = e.local();
        match self.dialect {
            Dialect::Word => match local {
                "tab" | "ptab" => Some("\t".into()),
                "br" | "cr" => Some("\n".into()),
                "noBreakHyphen" | "softHyphen" => Some("-".into()),
                _ => None,
            },
            Dialect::Odf => match local {
                "s" => {
                    let n = e
                        .attr("c")
                        .and_then(|c| c.trim().parse::<usize>().ok())
                        .unwrap_or(1);
                    Some(" ".repeat(n.clamp(1, MAX_SPACES)))
                }
                "tab" => Some("\t".into()),
                "line-break" => Some("\n".into()),
                _ => None,
            },
            _ => None,
        }
    }

    /// The attributes of `e` that are text, by their local names.
    fn text_attrs(&self, e: &Tag) -> Vec<&'static str> {
        let local = e.local();
        match self.dialect {
            Dialect::Word => match local {
                "comment" => vec!["author", "initials"],
                "ins" | "del" | "moveFrom" | "moveTo" | "rPrChange" | "pPrChange" => {
                    vec!["author"]
                }
                "fldSimple" => vec!["instr"],
                "hyperlink" => vec!["tooltip"],
                "docPr" | "cNvPr" => vec!["descr", "title"],
                "person" => vec!["author"],
                "alias" | "tag" => vec!["val"],
                _ => vec![],
            },
            Dialect::Sheet => match local {
                "s" => vec!["v"],
                "sheet" | "cacheField" | "tableColumn" | "table" => vec!["name"],
                "person" => vec!["displayName", "userId"],
                "hyperlink" => vec!["display", "tooltip"],
                "headerFooter" => vec![],
                _ => vec![],
            },
            Dialect::Odf => match local {
                "a" => vec!["href", "title"],
                "table-cell" | "user-field-decl" | "variable-set" | "user-defined" => {
                    vec!["string-value", "name"]
                }
                "table" => vec!["name"],
                "frame" => vec!["name"],
                _ => vec![],
            },
            Dialect::Rels => {
                // An external target: a web address, `mailto:`, a file path.
                if local == "Relationship"
                    && e.attr("TargetMode")
                        .is_some_and(|m| m.eq_ignore_ascii_case("External"))
                {
                    vec!["Target"]
                } else {
                    vec![]
                }
            }
        }
    }

    fn push_segment(&mut self, buf: TextBuf, el: Locus, attr: Option<String>) -> usize {
        self.segments
            .push(buf.into_segment(Origin::Element(String::new())));
        self.loci.push((el, attr));
        self.segments.len() - 1
    }

    fn attributes(&mut self, e: &Tag) {
        for name in self.text_attrs(e) {
            let Some(raw) = e.attr(name) else { continue };
            if raw.trim().is_empty() {
                continue;
            }
            let buf = attr_value(self.src, raw);
            let k = self.push_segment(buf, Some(e.el), Some(name.to_string()));
            if let Some(c) = &mut self.cell {
                c.4.push(k);
            }
        }
    }
}

/// `A1`-style reference → 0-based (row, column).
fn cell_ref(r: &str) -> Option<(u64, u64)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = r[..letters].bytes().fold(0u64, |acc, b| {
        acc * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row: u64 = r[letters..].parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

impl Visitor for Reader<'_, '_> {
    fn start(&mut self, e: &Tag, _empty: bool, at: usize) {
        let local = e.local();
        let parent = self.stack.last().is_some_and(|s| s.1);
        let counts = self.text_counts(local, parent);
        self.stack.push((e.el, counts));
        let depth = self.stack.len();
        // Cells and sheets (column context).
        match (self.dialect, local) {
            (Dialect::Sheet, "worksheet") | (Dialect::Odf, "table") => {
                self.sheet = Some(e.el);
                self.row = 0;
            }
            (Dialect::Sheet, "row") => {
                if let Some(r) = e.attr("r").and_then(|r| r.trim().parse::<u64>().ok()) {
                    self.row = r.saturating_sub(1);
                }
                self.col = 0;
            }
            (Dialect::Sheet, "c") => {
                let (row, col) = e
                    .attr("r")
                    .and_then(cell_ref)
                    .unwrap_or((self.row, self.col));
                self.col = col + 1;
                self.cell = Some((e.el, e.attr("t").map(str::to_string), row, col, Vec::new()));
            }
            (Dialect::Odf, "table-row") => self.col = 0,
            (Dialect::Odf, "table-cell" | "covered-table-cell") => {
                self.cell = Some((e.el, None, self.row, self.col, Vec::new()));
            }
            (Dialect::Word, "altChunk") => self.alt_chunk = true,
            (Dialect::Word, "r") => self.run = Some((depth, false)),
            // `w:r/w:rPr/w:vanish`, unless `w:val` turns it off (a paragraph mark's vanish, in
            // `w:pPr/w:rPr`, hides no text).
            (Dialect::Word, "vanish")
                if self.run.is_some_and(|(d, _)| d + 2 == depth)
                    && !e
                        .attr("val")
                        .is_some_and(|v| matches!(v, "0" | "false" | "off")) =>
            {
                self.run = self.run.map(|(d, _)| (d, true));
            }
            (Dialect::Sheet, "sheet")
                if e.attr("state")
                    .is_some_and(|s| matches!(s, "hidden" | "veryHidden")) =>
            {
                self.hidden_sheets += 1
            }
            _ => {}
        }
        if let Some(c) = self.character(e)
            && let Some(u) = self.units.last_mut()
        {
            u.buf.separator(self.src, &c, at);
        }
        self.attributes(e);
        if self.is_unit(local) {
            // A cell holding an inline string (`is`) is read through it; the `c` unit collects
            // its formula and cached value.
            self.units.push(Open {
                buf: TextBuf::default(),
                el: e.el,
                depth,
                hidden: Vec::new(),
            });
        }
    }

    fn end(&mut self, index: &Index, el: u32, at: usize) {
        let depth = self.stack.len();
        let local = index.local(el);
        if self
            .units
            .last()
            .is_some_and(|u| u.depth == depth && u.el == el)
        {
            if let Some(u) = self.units.pop() {
                let blank = u.buf.is_blank();
                let k = (!blank).then(|| self.push_segment(u.buf, Some(el), None));
                if let Some(k) = k {
                    self.hidden
                        .extend(u.hidden.iter().map(|&(start, end)| (k, start, end)));
                }
                if self.dialect == Dialect::Sheet && local == "si" && self.stack.len() == 2 {
                    self.shared.push((k, el));
                }
                if let (Some(k), Some(c)) = (k, &mut self.cell) {
                    c.4.push(k);
                }
            }
        } else if let Some(u) = self.units.last_mut()
            && (matches!(self.dialect, Dialect::Word | Dialect::Odf)
                && matches!(local, "tc" | "table-cell")
                || self.dialect == Dialect::Sheet && local == "f")
            && !u.buf.at_line_start()
        {
            // Table cells inside a paragraph-level unit are kept apart, and so are a cell's
            // formula and its cached value.
            u.buf.separator(self.src, "\n", at);
        }
        match (self.dialect, local) {
            (Dialect::Sheet, "c") | (Dialect::Odf, "table-cell" | "covered-table-cell") => {
                if let Some((cell_el, t, row, col, segs)) = self.cell.take()
                    && let Some(sheet) = self.sheet
                {
                    let value = if t.as_deref() == Some("s") {
                        let n = index
                            .children(cell_el)
                            .find(|&k| index.local(k) == "v")
                            .and_then(|v| {
                                let e = index.element(v);
                                let raw = self.src_bytes(e.open_end, e.close_start)?;
                                raw.trim().parse::<usize>().ok()
                            });
                        n.map(CellValue::Shared)
                    } else if segs.is_empty() {
                        None
                    } else {
                        Some(CellValue::Local {
                            segments: segs,
                            el: cell_el,
                        })
                    };
                    if let Some(value) = value {
                        self.cells.push(Cell {
                            sheet,
                            row,
                            col,
                            value,
                        });
                    }
                    if self.dialect == Dialect::Odf {
                        self.col = col.saturating_add(repeat_of(
                            index,
                            cell_el,
                            "number-columns-repeated",
                        ));
                    }
                }
            }
            (Dialect::Odf, "table-row") => {
                self.row = self
                    .row
                    .saturating_add(repeat_of(index, el, "number-rows-repeated"));
            }
            (Dialect::Word, "r") if self.run.is_some_and(|(d, _)| d == depth) => self.run = None,
            _ => {}
        }
        self.stack.pop();
    }

    fn text(&mut self, _index: &Index, s: &str, at: usize, raw: Raw) {
        if !self.stack.last().is_some_and(|t| t.1) {
            return;
        }
        let hidden = self.run.is_some_and(|(_, h)| h);
        match self.units.last_mut() {
            Some(u) => {
                let start = u.buf.text.len();
                u.buf.append(self.src, s, at, raw);
                if hidden {
                    u.hidden.push((start, u.buf.text.len()));
                }
            }
            None => {
                // Text outside any unit (ODF `dc:creator`, a sheet's header or footer): a
                // segment of its own element.
                if s.trim().is_empty() {
                    return;
                }
                let mut buf = TextBuf::default();
                buf.append(self.src, s, at, raw);
                let el = self.stack.last().map(|t| t.0);
                self.push_segment(buf, el, None);
            }
        }
    }
}

fn repeat_of(index: &Index, el: u32, name: &str) -> u64 {
    index
        .attr(el, name)
        .and_then(|n| n.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

impl Reader<'_, '_> {
    /// The source text between two byte offsets, when it maps (ASCII digits of a `v`).
    fn src_bytes(&self, from: usize, to: usize) -> Option<String> {
        let text = self.src.text();
        // Byte offsets of the source and of the text agree for ASCII documents and UTF-8.
        if self.src.is_utf8() {
            text.get(from..to).map(str::to_string)
        } else {
            None
        }
    }
}
