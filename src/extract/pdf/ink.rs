//! Ink the text layer does not explain (issue 21 §1): what a page draws as vector paths that
//! looks like text, against the glyphs extraction decoded.
//!
//! A PDF "flattened" to outlines (Ghostscript `-dNoOutputFonts`, some print and archiving
//! workflows) looks the same to a reader but has no text layer: every letter is a filled path.
//! Read as text, such a page is empty, and a gateway that only scans text would let it pass.
//!
//! While the content interpreter walks a page, [`Ink`] follows path construction (`m l c v y h
//! re`) in device space and, at each painting operator (`f F f* B B* b b* S s`; `n` paints
//! nothing), keeps every subpath whose shape is a glyph's — a few points tall, not much wider
//! than tall, curved or with many sides (a table's rules, boxes and underlines are rectangles
//! or long thin lines: not glyphs) — as a [`Mark`]. Once the page is read, [`Ink::judge`]
//! drops the marks that decoded glyphs cover (a grid of cells, so the check is linear), keeps
//! those that stand in rows (several marks on the same height band: a line of text, not a
//! signature or a chart's dots) and decides whether the page needs reading.
//!
//! The answer is a [`Reading`]: the seam where OCR (issue 15) will take such a page. Today
//! [`Reading::Needs`] makes the part opaque with a French reason; with OCR the page will be
//! rendered and read instead.
//!
//! Bounded: at most [`MAX_MARKS`] marks and [`MAX_SUBPATHS`] subpaths of one path are kept,
//! and the glyph index holds at most [`MAX_CELLS`] cells, [`MAX_CELLS_PER_GLYPH`] per glyph
//! (work is linear in the operators and glyphs; past the caps the page is judged on what was
//! kept, failing closed).

use super::content::Matrix;
use super::layout::Placed;
use lopdf::content::Operation;
use std::collections::{HashMap, HashSet};

/// Marks kept per page at most (a page of drawn text has a few thousand).
pub(crate) const MAX_MARKS: usize = 200_000;
/// Subpaths of one path kept at most (a whole page drawn as one path: a few thousand).
const MAX_SUBPATHS: usize = 200_000;
/// A glyph-like subpath is at least this tall, in points (a 4-point footnote's x-height is
/// about 2; an `i`'s dot or a full stop is less).
const MIN_HEIGHT: f32 = 1.8;
/// … and at most this tall (a 40-point title letter; a logo's drawing is taller).
const MAX_HEIGHT: f32 = 40.0;
/// … and at most this many times as wide as tall, plus [`WIDTH_SLACK`] (`m`, `w`, `—` are wide,
/// an underline or a table rule is far wider).
const MAX_ASPECT: f32 = 2.5;
const WIDTH_SLACK: f32 = 2.0;
/// A subpath without curves must have this many sides to be a glyph (`E`, `F`, `H`, `k` have
/// 10–12; a rectangle, a tick or a triangle fewer).
const MIN_SIDES: u32 = 6;
/// Height bands of this many points group marks into rows.
const ROW_BAND: f32 = 4.0;
/// A mark stands in a row when its band and the two next to it hold at least this many marks.
const MIN_ROW: u32 = 5;
/// A page needs reading when at least this many uncovered marks stand in rows (two lines of
/// drawn text: more than a letterhead's lettering)…
pub(crate) const MIN_DRAWN: usize = 150;
/// … or at least this many, when they are at least a [`DRAWN_SHARE`]th of the decoded text (a
/// page drawn whole, or a short page whose address block is drawn; a logo's lettering above a
/// letter is far less than its text).
pub(crate) const MIN_DRAWN_SHORT: usize = 24;
pub(crate) const DRAWN_SHARE: usize = 3;
/// An image at least this large (square points: a third of an A4 page) can be a scan.
pub(crate) const SCAN_AREA: f32 = 140_000.0;
/// A scan whose only text is invisible needs at least this many glyphs in that layer for the
/// layer to be taken as its reading (an OCR layer holds the page's words; a few words over a
/// page-sized picture say nothing of it).
pub(crate) const MIN_OCR_GLYPHS: usize = 200;
/// Grid cells of this many points index the decoded glyphs.
const CELL: f32 = 3.0;
/// A decoded glyph's box covers at most this many cells (a huge glyph is no text to cover
/// marks with, and would cost a cell walk per point).
const MAX_CELLS_PER_GLYPH: i64 = 256;
/// Cells indexed per page at most (an A4 page has about 55,000): past it, glyphs cover no more
/// marks — a hostile page cannot make the index grow without bound, and what is not covered
/// fails closed.
const MAX_CELLS: usize = 250_000;

/// A glyph-like subpath that was painted: its box in device space.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mark {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

/// A subpath being built.
#[derive(Clone, Copy)]
struct Sub {
    mark: Mark,
    sides: u32,
    curves: u32,
}

impl Sub {
    fn at((x, y): (f32, f32)) -> Sub {
        Sub {
            mark: Mark {
                x0: x,
                y0: y,
                x1: x,
                y1: y,
            },
            sides: 0,
            curves: 0,
        }
    }

    fn add(&mut self, (x, y): (f32, f32)) {
        let m = &mut self.mark;
        m.x0 = m.x0.min(x);
        m.y0 = m.y0.min(y);
        m.x1 = m.x1.max(x);
        m.y1 = m.y1.max(y);
    }

    /// Whether its shape is a glyph's (see the module documentation).
    fn glyph_like(&self) -> bool {
        let m = &self.mark;
        let (w, h) = (m.x1 - m.x0, m.y1 - m.y0);
        w.is_finite()
            && h.is_finite()
            && (MIN_HEIGHT..=MAX_HEIGHT).contains(&h)
            && w <= h * MAX_ASPECT + WIDTH_SLACK
            && (self.curves > 0 || self.sides >= MIN_SIDES)
    }
}

/// Path state and marks of one page.
#[derive(Default)]
pub(crate) struct Ink {
    /// Subpaths of the current path (the last one still open).
    subs: Vec<Sub>,
    marks: Vec<Mark>,
    /// Glyph-like subpaths painted beyond [`MAX_MARKS`].
    dropped: usize,
    /// Boxes of what was filled in a colour other than white, and of images: what white text
    /// can show over (at most [`MAX_PAINTED`]; past it, any place may be painted).
    painted: Vec<Mark>,
    painted_overflow: bool,
}

/// Painted areas kept per page at most.
const MAX_PAINTED: usize = 4_096;

/// Whether a page's text layer says what the page shows: the seam where OCR will come in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reading {
    /// The decoded text explains what is drawn.
    Read,
    /// The page shows text its text layer does not hold: it must be read another way (OCR,
    /// issue 15) or refused.
    Needs(Why),
}

/// Why a page needs reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Why {
    /// Text drawn as paths: `marks` glyph-like marks in rows that no decoded glyph covers.
    Drawn { marks: usize },
    /// A picture as large as a scanned page whose only text is an invisible layer too small to
    /// be its reading (`glyphs` glyphs).
    Scan { glyphs: usize },
    /// The decoded text is not language ([`garble`](super::garble)).
    Garbled,
}

impl Why {
    /// The French reason of the opaque part, for page `page`.
    pub(crate) fn reason(&self, page: u32) -> String {
        match self {
            Why::Drawn { .. } => {
                format!("page {page} : page dont le texte est dessiné, illisible sans OCR")
            }
            Why::Scan { .. } => format!(
                "page {page} : image de page dont le texte invisible ne dit pas le contenu, \
                 illisible sans OCR"
            ),
            Why::Garbled => format!(
                "page {page} : texte de la page illisible (police mal décodée), illisible sans OCR"
            ),
        }
    }
}

impl Ink {
    /// A path construction or painting operator, `device` the CTM to page space. Other
    /// operators are ignored.
    pub(crate) fn operation(&mut self, op: &Operation, device: &Matrix, fill_white: bool) {
        let n = |i: usize| {
            op.operands
                .get(i)
                .and_then(super::content::num)
                .filter(|v| v.is_finite())
        };
        let to = |x, y| device.apply(x, y);
        match op.operator.as_str() {
            "m" => {
                if let (Some(x), Some(y)) = (n(0), n(1)) {
                    self.start(to(x, y));
                }
            }
            "l" => {
                if let (Some(x), Some(y)) = (n(0), n(1)) {
                    self.segment(&[to(x, y)], false);
                }
            }
            "c" => {
                if let (Some(x1), Some(y1), Some(x2), Some(y2), Some(x3), Some(y3)) =
                    (n(0), n(1), n(2), n(3), n(4), n(5))
                {
                    self.segment(&[to(x1, y1), to(x2, y2), to(x3, y3)], true);
                }
            }
            "v" | "y" => {
                if let (Some(x1), Some(y1), Some(x2), Some(y2)) = (n(0), n(1), n(2), n(3)) {
                    self.segment(&[to(x1, y1), to(x2, y2)], true);
                }
            }
            "re" => {
                if let (Some(x), Some(y), Some(w), Some(h)) = (n(0), n(1), n(2), n(3)) {
                    // A rectangle is its own closed subpath of four sides: never a glyph.
                    let corners = device.corners((x, y), (x + w, y + h));
                    self.start(corners[0]);
                    for &c in &corners[1..] {
                        self.segment(&[c], false);
                    }
                }
            }
            "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => {
                if !fill_white {
                    self.painted_path();
                }
                self.paint(true);
            }
            "S" | "s" => self.paint(true),
            "n" => self.paint(false),
            _ => {}
        }
    }

    /// The current path is filled in a colour other than white: its box is painted.
    fn painted_path(&mut self) {
        let mut boxes = self.subs.iter().map(|s| s.mark);
        let Some(first) = boxes.next() else {
            return;
        };
        let all = boxes.fold(first, |a, m| Mark {
            x0: a.x0.min(m.x0),
            y0: a.y0.min(m.y0),
            x1: a.x1.max(m.x1),
            y1: a.y1.max(m.y1),
        });
        self.painted_box(all);
    }

    fn painted_box(&mut self, m: Mark) {
        // Small shapes (glyphs, bullets, rules) are no background.
        if (m.x1 - m.x0) < 4.0 || (m.y1 - m.y0) < 4.0 {
            return;
        }
        if self.painted.len() < MAX_PAINTED {
            self.painted.push(m);
        } else {
            self.painted_overflow = true;
        }
    }

    /// An image drawn with `device` as its CTM (it fills the unit square).
    pub(crate) fn image(&mut self, device: &Matrix) {
        let c = device.corners((0.0, 0.0), (1.0, 1.0));
        let (xs, ys) = (c.map(|p| p.0), c.map(|p| p.1));
        let min = |v: [f32; 4]| v.iter().copied().fold(f32::INFINITY, f32::min);
        let max = |v: [f32; 4]| v.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        self.painted_box(Mark {
            x0: min(xs),
            y0: min(ys),
            x1: max(xs),
            y1: max(ys),
        });
    }

    /// Whether white text at `(x, y)` shows: something not white was painted under it before.
    pub(crate) fn shows_white_at(&self, x: f32, y: f32) -> bool {
        self.painted_overflow
            || self
                .painted
                .iter()
                .any(|m| (m.x0..=m.x1).contains(&x) && (m.y0..=m.y1).contains(&y))
    }

    fn start(&mut self, at: (f32, f32)) {
        if self.subs.len() < MAX_SUBPATHS {
            self.subs.push(Sub::at(at));
        }
    }

    fn segment(&mut self, points: &[(f32, f32)], curve: bool) {
        // A segment without `m` starts a subpath at its first point.
        if self.subs.is_empty()
            && let Some(&p) = points.first()
        {
            self.start(p);
        }
        let Some(sub) = self.subs.last_mut() else {
            return;
        };
        for &p in points {
            sub.add(p);
        }
        sub.sides = sub.sides.saturating_add(1);
        if curve {
            sub.curves = sub.curves.saturating_add(1);
        }
    }

    /// The path ends; its glyph-like subpaths are marks when it is painted.
    fn paint(&mut self, painted: bool) {
        if painted {
            for sub in self.subs.iter().filter(|s| s.glyph_like()) {
                if self.marks.len() < MAX_MARKS {
                    self.marks.push(sub.mark);
                } else {
                    self.dropped += 1;
                }
            }
        }
        self.subs.clear();
    }

    /// The page's [`Reading`], given the glyphs decoded on it and the largest image it draws
    /// (square points), and the number of uncovered marks in rows.
    pub(crate) fn judge(&self, glyphs: &[Placed], image_area: f32) -> (Reading, usize) {
        if image_area >= SCAN_AREA {
            let text = |g: &&Placed| !g.text.trim().is_empty();
            let shown = glyphs.iter().filter(text).filter(|g| !g.hidden).count();
            let hidden = glyphs.iter().filter(text).filter(|g| g.hidden).count();
            if shown == 0 && hidden > 0 && hidden < MIN_OCR_GLYPHS {
                return (Reading::Needs(Why::Scan { glyphs: hidden }), 0);
            }
        }
        if self.marks.len() < MIN_DRAWN_SHORT {
            return (Reading::Read, 0);
        }
        let cell = |v: f32| (v / CELL).floor() as i64;
        let mut covered: HashSet<(i64, i64)> = HashSet::new();
        let mut text = 0usize;
        for g in glyphs {
            if g.text.trim().is_empty() {
                continue;
            }
            text += 1;
            // The glyph's box: from a little below the baseline to a full size above, from
            // its start to its end (either way round).
            let (x0, x1) = (g.x.min(g.end_x), g.x.max(g.end_x).max(g.x + g.size * 0.3));
            let (y0, y1) = (g.y.min(g.end_y) - g.size * 0.3, g.y.max(g.end_y) + g.size);
            let (cx0, cx1, cy0, cy1) = (cell(x0), cell(x1), cell(y0), cell(y1));
            if !(x0.is_finite() && x1.is_finite() && y0.is_finite() && y1.is_finite())
                || (cx1 - cx0 + 1).saturating_mul(cy1 - cy0 + 1) > MAX_CELLS_PER_GLYPH
            {
                continue;
            }
            if covered.len() >= MAX_CELLS {
                continue;
            }
            for cx in cx0..=cx1 {
                for cy in cy0..=cy1 {
                    covered.insert((cx, cy));
                }
            }
        }
        let centre = |m: &Mark| ((m.x0 + m.x1) / 2.0, (m.y0 + m.y1) / 2.0);
        let band = |y: f32| (y / ROW_BAND).floor() as i64;
        let uncovered: Vec<&Mark> = self
            .marks
            .iter()
            .filter(|m| {
                let (x, y) = centre(m);
                !covered.contains(&(cell(x), cell(y)))
            })
            .collect();
        let mut bands: HashMap<i64, u32> = HashMap::new();
        for m in &uncovered {
            *bands.entry(band(centre(m).1)).or_default() += 1;
        }
        let count = |b: i64| bands.get(&b).copied().unwrap_or(0);
        let in_rows = uncovered
            .iter()
            .filter(|m| {
                let b = band(centre(m).1);
                count(b - 1) + count(b) + count(b + 1) >= MIN_ROW
            })
            .count()
            + self.dropped;
        let needs = in_rows >= MIN_DRAWN
            || (in_rows >= MIN_DRAWN_SHORT && in_rows.saturating_mul(DRAWN_SHARE) >= text);
        let reading = if needs {
            Reading::Needs(Why::Drawn { marks: in_rows })
        } else {
            Reading::Read
        };
        (reading, in_rows)
    }
}

#[cfg(test)]
mod tests {
    use super::{Ink, MAX_MARKS, Reading, Why};
    use crate::extract::pdf::content::Matrix;
    use crate::extract::pdf::layout::Placed;
    use lopdf::content::Content;

    /// Runs `content`'s operators through an [`Ink`] (identity CTM).
    fn ink(content: &str) -> Ink {
        let mut ink = Ink::default();
        for op in Content::decode(content.as_bytes()).unwrap().operations {
            ink.operation(&op, &Matrix::IDENTITY, false);
        }
        ink
    }

    /// An `o`-like glyph, 6 points wide and 7 tall, at `(x, y)`: four curves.
    fn glyph(x: f32, y: f32) -> String {
        format!(
            "{x} {} m {x} {} {} {} {} {} c {} {} {} {y} {} {y} c \
             {} {y} {x} {} {x} {} c {x} {} {x} {} {x} {} c f\n",
            y + 3.5,
            y + 6.0,
            x + 1.0,
            y + 7.0,
            x + 3.0,
            y + 7.0,
            x + 6.0,
            y + 6.0,
            x + 6.0,
            x + 3.0,
            x + 1.0,
            y + 1.0,
            y + 3.5,
            y + 4.0,
            y + 3.5,
            y + 3.5,
        )
    }

    /// Lines of `per_line` glyphs, 14 points apart.
    fn drawn_text(lines: usize, per_line: usize) -> String {
        let mut s = String::new();
        for l in 0..lines {
            for g in 0..per_line {
                s.push_str(&glyph(72.0 + 7.0 * g as f32, 700.0 - 14.0 * l as f32));
            }
        }
        s
    }

    fn placed(x: f32, y: f32) -> Placed {
        Placed {
            text: "o".into(),
            x,
            y,
            end_x: x + 6.0,
            end_y: y,
            size: 10.0,
            horizontal: true,
            stream: 0,
            op: 0,
            glyph: 0,
            hidden: false,
        }
    }

    #[test]
    fn rows_of_glyph_paths_without_text_need_reading() {
        let ink = ink(&drawn_text(4, 50));
        let (reading, drawn) = ink.judge(&[], 0.0);
        assert_eq!(drawn, 200);
        assert_eq!(reading, Reading::Needs(Why::Drawn { marks: 200 }));
        assert!(reading_reason(&reading).contains("page 3 : page dont le texte est dessiné"));
    }

    fn reading_reason(r: &Reading) -> String {
        match r {
            Reading::Needs(why) => why.reason(3),
            Reading::Read => String::new(),
        }
    }

    #[test]
    fn glyph_paths_under_decoded_glyphs_are_explained() {
        // The same paths with the decoded glyphs over them (a fake-bold or a text-and-outline
        // producer): read.
        let ink = ink(&drawn_text(4, 50));
        let mut glyphs = Vec::new();
        for l in 0..4 {
            for g in 0..50 {
                glyphs.push(placed(72.0 + 7.0 * g as f32, 700.0 - 14.0 * l as f32));
            }
        }
        assert_eq!(ink.judge(&glyphs, 0.0), (Reading::Read, 0));
    }

    #[test]
    fn tables_rules_boxes_and_a_few_lettered_marks_are_not_text() {
        // A ruled table (rectangles and lines), check boxes, underlines: no mark at all.
        let mut table = String::new();
        for r in 0..40 {
            let y = 100 + r * 12;
            table.push_str(&format!(
                "72 {y} 450 12 re S 80 {y} m 500 {y} l S 90 {} 8 8 re f\n",
                y + 2
            ));
        }
        let ink1 = ink(&table);
        assert_eq!(ink1.marks.len(), 0);
        // A logo's lettering (20 glyphs) over a page of text: read.
        let ink2 = ink(&drawn_text(1, 20));
        let text: Vec<Placed> = (0..600)
            .map(|i| placed((i % 80) as f32 * 6.0, 100.0 + (i / 80) as f32 * 12.0))
            .collect();
        assert_eq!(ink2.judge(&text, 0.0).0, Reading::Read);
        // Glyph-like marks scattered one per row (a chart's markers): not in rows.
        let mut dots = String::new();
        for i in 0..60 {
            dots.push_str(&glyph(72.0 + 5.0 * i as f32, 100.0 + 9.0 * i as f32));
        }
        assert_eq!(ink(&dots).judge(&[], 0.0).0, Reading::Read);
    }

    #[test]
    fn marks_are_bounded() {
        let mut ink = Ink::default();
        let ops = Content::decode(glyph(72.0, 700.0).as_bytes())
            .unwrap()
            .operations;
        for _ in 0..MAX_MARKS + 10 {
            for op in &ops {
                ink.operation(op, &Matrix::IDENTITY, false);
            }
        }
        assert_eq!((ink.marks.len(), ink.dropped), (MAX_MARKS, 10));
    }
}
