//! The content-stream interpreter that extraction and redaction share, so that both number the
//! same glyphs: it follows `q`/`Q`/`cm`, the text state (`Tf Tc Tw Tz TL Ts Tr`), text
//! positioning (`BT Td TD Tm T*`) and showing (`Tj TJ ' "`), and draws Form XObjects (`Do`)
//! with a depth cap, a cycle guard and a cap on form draws per page. What it meets is reported
//! to a [`Visitor`]: every glyph (with its operation index, glyph index, code, advance and the
//! text matrix at its start), every text-showing operation when it ends, images, forms to read,
//! and the operations it does not interpret.
//!
//! A page's operations are those of [`page_operations`]; a form's are its own stream's. Within
//! an operation, glyphs are counted across its strings (a TJ's numbers are skipped).

use super::fonts::{Font, FontCache};
use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use std::rc::Rc;

/// Form XObjects nest at most this deep.
pub(crate) const MAX_FORM_DEPTH: usize = 12;
/// Form XObjects drawn per page at most (a form drawing a form ten times, twelve deep, would
/// otherwise be drawn 10¹² times).
pub(crate) const MAX_FORM_RUNS_PER_PAGE: usize = 10_000;
/// `q` nests at most this deep (deeper `q`s are ignored, their `Q`s pop what is there).
pub(crate) const MAX_SAVE_DEPTH: usize = 256;

/// A content stream decoded for glyph locators.
pub(crate) struct Decoded {
    pub ops: Vec<Operation>,
    /// Bytes decompressed.
    pub size: usize,
    /// A stream could not be decompressed, or decoding stopped before the end: part of the
    /// content was not read.
    pub damaged: bool,
}

/// The operations of a page's content, as [`Glyph::op`](crate::extract::Glyph::op) of a
/// `Stream::Page` counts them: the `/Contents` streams decompressed (a stream that fails to
/// decompress taken raw), each followed by `\n` — the bytes of
/// `lopdf::Document::get_page_content` — and decoded by `Content::decode`, which stops at the
/// first operation it cannot parse. `None` when the content exceeds `limit` bytes.
pub(crate) fn page_operations(doc: &Document, page_id: ObjectId, limit: usize) -> Option<Decoded> {
    let mut bytes = Vec::new();
    let mut damaged = false;
    for id in doc.get_page_contents(page_id) {
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
            damaged = true;
            continue;
        };
        let remaining = limit.saturating_sub(bytes.len());
        match stream.decompressed_content_with_limit(remaining) {
            Ok(data) => bytes.extend_from_slice(&data),
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                return None;
            }
            Err(_) if stream.content.len() <= remaining => {
                damaged = true;
                bytes.extend_from_slice(&stream.content);
            }
            Err(_) => return None,
        }
        bytes.push(b'\n');
    }
    let (ops, partial) = decode(&bytes);
    Some(Decoded {
        ops,
        size: bytes.len(),
        damaged: damaged || partial,
    })
}

/// Decodes content; the flag says that decoding stopped before the end (lenient prefix).
pub(crate) fn decode(bytes: &[u8]) -> (Vec<Operation>, bool) {
    match Content::decode_strict(bytes) {
        Ok(c) => (c.operations, false),
        Err(_) => (
            Content::decode(bytes)
                .map(|c| c.operations)
                .unwrap_or_default(),
            true,
        ),
    }
}

/// An affine matrix `[a b c d e f]` as PDF writes them (row vector × matrix).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Matrix(pub(crate) [f32; 6]);

impl Matrix {
    pub(crate) const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self × other`: apply `self` first, then `other`.
    pub(crate) fn then(&self, other: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    pub(crate) fn translate(tx: f32, ty: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    pub(crate) fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (x * a + y * c + e, x * b + y * d + f)
    }

    /// The corners of the rectangle from `(x0, y0)` to `(x1, y1)`, mapped, in drawing order.
    pub(crate) fn corners(&self, (x0, y0): (f32, f32), (x1, y1): (f32, f32)) -> [(f32, f32); 4] {
        [(x0, y0), (x1, y0), (x1, y1), (x0, y1)].map(|(x, y)| self.apply(x, y))
    }

    /// From six numeric operands (or an array of them); `None` if any is not a finite number.
    pub(crate) fn from_objects(objs: &[Object]) -> Option<Matrix> {
        let mut m = [0f32; 6];
        if objs.len() != 6 {
            return None;
        }
        for (slot, o) in m.iter_mut().zip(objs) {
            *slot = num(o).filter(|v| v.is_finite())?;
        }
        Some(Matrix(m))
    }
}

/// The gray level (0 black, 255 white) of a colour set by `op` (`g`, `rg`, `k`, `sc`, `scn`)
/// with components `v`: gray as is, RGB by its luminance, CMYK through its complement; a
/// pattern or an unknown count of components is black (it may show anything).
fn gray(op: &str, v: &[f32]) -> u8 {
    let c = |x: f32| x.clamp(0.0, 1.0);
    let level = match (op, v) {
        ("g" | "sc" | "scn", [g]) => c(*g),
        ("rg" | "sc" | "scn", [r, g, b]) => 0.3 * c(*r) + 0.59 * c(*g) + 0.11 * c(*b),
        ("k" | "sc" | "scn", [cy, m, y, k]) => {
            1.0 - (0.3 * c(*cy) + 0.59 * c(*m) + 0.11 * c(*y) + c(*k)).min(1.0)
        }
        _ => 0.0,
    };
    (level * 255.0).round() as u8
}

pub(crate) fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// The graphics state the text cares about (saved by `q`, restored by `Q`).
#[derive(Clone)]
pub(crate) struct GState {
    /// The CTM from the start of the current stream (a form's own space, before its
    /// `/Matrix`): where a redaction box drawn in that stream goes.
    pub ctm: Matrix,
    /// The full CTM: to page space.
    pub device: Matrix,
    pub font: Option<Rc<Font>>,
    /// The font writes top to bottom (see [`vertical`]).
    pub vertical: bool,
    pub size: f32,
    pub char_spacing: f32,
    pub word_spacing: f32,
    /// `Tz` / 100.
    pub scale: f32,
    pub leading: f32,
    pub rise: f32,
    /// `Tr` 3 or 7: the glyphs are not painted (an OCR layer over its scan).
    pub invisible: bool,
    /// The fill colour is white (`1 g`, `1 1 1 rg`, `0 0 0 0 k`, or the same through
    /// `sc`/`scn`): text in it shows only over something painted.
    pub fill_white: bool,
    /// The fill colour as a gray level (0 black, 255 white; colours by their luminance, a
    /// pattern as black): what a rendering of the page paints filled paths in.
    pub fill: u8,
    /// The stroke colour, the same way.
    pub stroke: u8,
    /// The line width (`w`), in user space.
    pub line_width: f32,
    /// The clipping path's box in page space (`W`/`W*` paths intersected, each by its box),
    /// `None` before any: a glyph outside it is not shown.
    pub clip: Option<[f32; 4]>,
}

impl Default for GState {
    fn default() -> Self {
        GState {
            ctm: Matrix::IDENTITY,
            device: Matrix::IDENTITY,
            font: None,
            vertical: false,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            invisible: false,
            fill_white: false,
            fill: 0,
            stroke: 0,
            line_width: 1.0,
            clip: None,
        }
    }
}

/// Resource dictionaries to look names up in, nearest first.
#[derive(Clone)]
pub(crate) struct Resources<'a> {
    pub(crate) dicts: Vec<&'a Dictionary>,
}

impl<'a> Resources<'a> {
    /// The entry `name` of the resource category `kind` (`Font`, `XObject`), with its object id
    /// when it is a reference.
    pub(crate) fn get(
        &self,
        doc: &'a Document,
        kind: &[u8],
        name: &[u8],
    ) -> Option<(Option<ObjectId>, &'a Object)> {
        self.dicts.iter().find_map(|d| {
            let (_, category) = doc.dereference(d.get(kind).ok()?).ok()?;
            let entry = category.as_dict().ok()?.get(name).ok()?;
            doc.dereference(entry).ok()
        })
    }
}

/// Whether a font writes vertically: a Type0 font whose CMap is a `…-V` name or has
/// `/WMode 1` (its advances are vertical: extraction places them as horizontal, redaction
/// refuses to cut them).
pub(crate) fn vertical(doc: &Document, font: &Dictionary) -> bool {
    match font
        .get(b"Encoding")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .map(|(_, o)| o)
    {
        Some(Object::Name(n)) => n.ends_with(b"-V"),
        Some(Object::Stream(s)) => s.dict.get(b"WMode").and_then(Object::as_i64).ok() == Some(1),
        _ => false,
    }
}

/// State of one content stream's interpretation; `stream` is the visitor's own (which stream
/// this is, and what it tracks in it).
pub(crate) struct Interp<'d, 'o, S> {
    pub gs: GState,
    saved: Vec<GState>,
    /// The text matrix (at the current glyph while one is reported).
    pub tm: Matrix,
    tlm: Matrix,
    pub resources: Resources<'d>,
    pub stream: S,
    /// The stream's operations.
    pub ops: &'o [Operation],
    /// The box (page space) of the path being built, and whether `W`/`W*` made it a clip.
    path: Option<[f32; 4]>,
    clipping: bool,
}

impl<'d, 'o, S> Interp<'d, 'o, S> {
    /// The start of a stream whose operations are `ops`, in graphics state `gs`.
    fn new(gs: GState, resources: Resources<'d>, stream: S, ops: &'o [Operation]) -> Self {
        Interp {
            gs,
            saved: Vec::new(),
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            resources,
            stream,
            ops,
            path: None,
            clipping: false,
        }
    }

    /// Extends the box of the path being built by `points` (user space).
    fn extend_path(&mut self, points: &[(f32, f32)]) {
        for &(x, y) in points {
            let (x, y) = self.gs.device.apply(x, y);
            if !(x.is_finite() && y.is_finite()) {
                continue;
            }
            self.path = Some(match self.path {
                None => [x, y, x, y],
                Some([x0, y0, x1, y1]) => [x0.min(x), y0.min(y), x1.max(x), y1.max(y)],
            });
        }
    }

    /// The path ends (painted or not): when it clips, the clip shrinks to its box.
    fn end_path(&mut self) {
        if std::mem::take(&mut self.clipping) {
            // A clip without a point clips everything.
            let b = self.path.unwrap_or([0.0, 0.0, 0.0, 0.0]);
            self.gs.clip = Some(match self.gs.clip {
                None => b,
                Some(c) => [
                    c[0].max(b[0]),
                    c[1].max(b[1]),
                    c[2].min(b[2]),
                    c[3].min(b[3]),
                ],
            });
        }
        self.path = None;
    }

    /// The start of page `page_id`, whose operations are `ops` (its resources: its own, then
    /// those it inherits).
    pub(crate) fn page(
        doc: &'d Document,
        page_id: ObjectId,
        stream: S,
        ops: &'o [Operation],
    ) -> Self {
        let mut dicts = Vec::new();
        if let Ok((own, ids)) = doc.get_page_resources(page_id) {
            dicts.extend(own);
            dicts.extend(ids.iter().filter_map(|id| doc.get_dictionary(*id).ok()));
        }
        Interp::new(GState::default(), Resources { dicts }, stream, ops)
    }

    /// `T*`: to the start of the next line.
    fn next_line(&mut self) {
        self.tlm = Matrix::translate(0.0, -self.gs.leading).then(&self.tlm);
        self.tm = self.tlm;
    }
}

/// One glyph of a text-showing operation.
#[derive(Clone, Copy)]
pub(crate) struct Shown {
    pub code: super::fonts::Code,
    /// Index of its operation in the stream.
    pub op: u32,
    /// Index of its glyph in the operation (counted across its strings).
    pub glyph: u32,
    /// Which item of the operation's strings and numbers (a `Tj`'s string is item 0), and its
    /// bytes there.
    pub item: usize,
    pub start: usize,
    pub end: usize,
    /// Where it starts, in text space from the operation's start.
    pub x: f32,
    /// Its advance in text space (Tc, Tw and Tz included).
    pub advance: f32,
}

/// What a walk over content reports to its user. `'d` is the document's lifetime.
pub(crate) trait Visitor<'d> {
    /// The visitor's state per content stream.
    type Stream;
    type Error;
    /// Before every operation (to look at the clock).
    fn tick(&mut self) -> Result<(), Self::Error>;
    /// Loads a font met for the first time.
    fn font(&mut self, dict: &'d Dictionary) -> Result<Font, Self::Error>;
    /// A string of `codes` codes is about to be shown; false skips it (no glyph, no advance).
    fn string(&mut self, _codes: usize) -> bool {
        true
    }
    /// A glyph shown in `font`, `it.tm` at its start.
    fn glyph(&mut self, it: &Interp<'d, '_, Self::Stream>, font: &Font, glyph: &Shown);
    /// Text-showing operation `op` (number `index`, strings and numbers `items`) is over;
    /// `start` was the text matrix before it.
    fn shown(
        &mut self,
        _it: &Interp<'d, '_, Self::Stream>,
        _op: &Operation,
        _index: u32,
        _items: &[Object],
        _start: Matrix,
    ) -> Result<(), Self::Error> {
        Ok(())
    }
    /// An image drawn by operation `index`: inline (`BI`, its dictionary and data when read) or
    /// the XObject `object`.
    fn image(
        &mut self,
        it: &Interp<'d, '_, Self::Stream>,
        index: u32,
        image: Option<&Stream>,
        object: Option<ObjectId>,
    );
    /// Form XObject `id` is to be drawn: its operations and the state of its stream, `None`
    /// to skip it.
    #[allow(clippy::type_complexity)]
    fn form(
        &mut self,
        id: ObjectId,
        form: &'d Stream,
    ) -> Result<Option<(Vec<Operation>, Self::Stream)>, Self::Error>;
    /// A page draws more than [`MAX_FORM_RUNS_PER_PAGE`] forms: this form is not drawn.
    fn too_many_forms(&mut self) -> Result<(), Self::Error>;
    /// An operation the walk does not interpret.
    fn other(&mut self, _it: &mut Interp<'d, '_, Self::Stream>, _op: &Operation, _index: u32) {}
}

/// Interprets a page's content (`it`) for `visitor`; `fonts` caches fonts by object id.
pub(crate) fn walk<'d, V: Visitor<'d>>(
    doc: &'d Document,
    fonts: &mut FontCache,
    visitor: &mut V,
    it: &mut Interp<'d, '_, V::Stream>,
) -> Result<(), V::Error> {
    let mut walk = Walk {
        doc,
        fonts,
        v: visitor,
        forms: Vec::new(),
        form_runs: 0,
    };
    walk.interpret(it)
}

/// One page's walk.
struct Walk<'d, 'a, V> {
    doc: &'d Document,
    fonts: &'a mut FontCache,
    v: &'a mut V,
    /// Forms being drawn (cycle guard).
    forms: Vec<ObjectId>,
    /// Form XObjects drawn on this page so far.
    form_runs: usize,
}

impl<'d, V: Visitor<'d>> Walk<'d, '_, V> {
    fn interpret(&mut self, it: &mut Interp<'d, '_, V::Stream>) -> Result<(), V::Error> {
        for (index, op) in it.ops.iter().enumerate() {
            self.v.tick()?;
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            self.operation(it, op, index)?;
        }
        Ok(())
    }

    fn operation(
        &mut self,
        it: &mut Interp<'d, '_, V::Stream>,
        op: &Operation,
        index: u32,
    ) -> Result<(), V::Error> {
        let args = op.operands.as_slice();
        let arg = |i: usize| args.get(i).and_then(num).filter(|v| v.is_finite());
        match op.operator.as_str() {
            "q" if it.saved.len() < MAX_SAVE_DEPTH => it.saved.push(it.gs.clone()),
            "Q" => {
                if let Some(gs) = it.saved.pop() {
                    it.gs = gs;
                }
            }
            "cm" => {
                if let Some(m) = Matrix::from_objects(args) {
                    it.gs.ctm = m.then(&it.gs.ctm);
                    it.gs.device = m.then(&it.gs.device);
                }
            }
            "BT" => {
                it.tm = Matrix::IDENTITY;
                it.tlm = Matrix::IDENTITY;
            }
            "Tf" => {
                if let (Some(Object::Name(name)), Some(size)) = (args.first(), arg(1)) {
                    (it.gs.font, it.gs.vertical) = self.font(&it.resources, name)?;
                    it.gs.size = size;
                }
            }
            "Tc" => it.gs.char_spacing = arg(0).unwrap_or(it.gs.char_spacing),
            "Tw" => it.gs.word_spacing = arg(0).unwrap_or(it.gs.word_spacing),
            "Tz" => it.gs.scale = arg(0).map_or(it.gs.scale, |v| v / 100.0),
            "TL" => it.gs.leading = arg(0).unwrap_or(it.gs.leading),
            "Ts" => it.gs.rise = arg(0).unwrap_or(it.gs.rise),
            "Tr" => {
                if let Some(mode) = arg(0) {
                    it.gs.invisible = mode == 3.0 || mode == 7.0;
                }
            }
            "g" | "rg" | "k" | "sc" | "scn" => {
                let v: Vec<f32> = args.iter().filter_map(num).collect();
                let white = |v: &[f32]| v.iter().all(|c| *c >= 0.999);
                let no_ink = |v: &[f32]| v.iter().all(|c| *c <= 0.001);
                it.gs.fill_white = match (op.operator.as_str(), v.len()) {
                    ("g", 1) | ("rg", 3) | ("sc" | "scn", 1 | 3) => white(&v),
                    ("k", 4) | ("sc" | "scn", 4) => no_ink(&v),
                    _ => false,
                };
                it.gs.fill = gray(op.operator.as_str(), &v);
                self.v.other(it, op, index);
            }
            "G" | "RG" | "K" | "SC" | "SCN" => {
                let v: Vec<f32> = args.iter().filter_map(num).collect();
                it.gs.stroke = gray(&op.operator.to_ascii_lowercase(), &v);
                self.v.other(it, op, index);
            }
            // A new colour space starts at its initial colour: black in the device spaces.
            "cs" => {
                it.gs.fill_white = false;
                it.gs.fill = 0;
                self.v.other(it, op, index);
            }
            "CS" => {
                it.gs.stroke = 0;
                self.v.other(it, op, index);
            }
            "w" => {
                it.gs.line_width = arg(0).map_or(it.gs.line_width, f32::abs);
                self.v.other(it, op, index);
            }
            "Td" | "TD" => {
                if let (Some(tx), Some(ty)) = (arg(0), arg(1)) {
                    if op.operator == "TD" {
                        it.gs.leading = -ty;
                    }
                    it.tlm = Matrix::translate(tx, ty).then(&it.tlm);
                    it.tm = it.tlm;
                }
            }
            "Tm" => {
                if let Some(m) = Matrix::from_objects(args) {
                    it.tm = m;
                    it.tlm = m;
                }
            }
            "T*" => it.next_line(),
            "Tj" | "'" => {
                if op.operator == "'" {
                    it.next_line();
                }
                if let Some(s @ Object::String(..)) = args.first() {
                    self.show(it, std::slice::from_ref(s), op, index)?;
                }
            }
            "\"" => {
                if let (Some(aw), Some(ac), Some(s @ Object::String(..))) =
                    (arg(0), arg(1), args.get(2))
                {
                    it.gs.word_spacing = aw;
                    it.gs.char_spacing = ac;
                    it.next_line();
                    self.show(it, std::slice::from_ref(s), op, index)?;
                }
            }
            "TJ" => {
                if let Some(Object::Array(items)) = args.first() {
                    self.show(it, items, op, index)?;
                }
            }
            "Do" => {
                if let Some(Object::Name(name)) = args.first() {
                    self.draw_xobject(it, name, index)?;
                }
            }
            "BI" => {
                let image = args.first().and_then(|o| o.as_stream().ok());
                self.v.image(it, index, image, None);
            }
            // Path construction: its box, for the clip (and the visitor's own use).
            "m" | "l" | "c" | "v" | "y" | "re" => {
                let n: Vec<f32> = args.iter().filter_map(num).collect();
                if op.operator == "re" {
                    if let [x, y, w, h] = n[..] {
                        it.extend_path(&[(x, y), (x + w, y + h), (x + w, y), (x, y + h)]);
                    }
                } else {
                    let points: Vec<(f32, f32)> = n.chunks_exact(2).map(|p| (p[0], p[1])).collect();
                    it.extend_path(&points);
                }
                self.v.other(it, op, index);
            }
            "W" | "W*" => {
                it.clipping = true;
                self.v.other(it, op, index);
            }
            "n" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "S" | "s" => {
                self.v.other(it, op, index);
                it.end_path();
            }
            _ => self.v.other(it, op, index),
        }
        Ok(())
    }

    /// The font `name` of the current resources (cached by object id), and whether it is
    /// [`vertical`].
    fn font(
        &mut self,
        res: &Resources<'d>,
        name: &[u8],
    ) -> Result<(Option<Rc<Font>>, bool), V::Error> {
        let Some((id, obj)) = res.get(self.doc, b"Font", name) else {
            return Ok((None, false));
        };
        let Ok(dict) = obj.as_dict() else {
            return Ok((None, false));
        };
        let vertical = vertical(self.doc, dict);
        if let Some(font) = id.and_then(|id| self.fonts.get(&id)) {
            return Ok((Some(Rc::clone(font)), vertical));
        }
        let font = Rc::new(self.v.font(dict)?);
        if let Some(id) = id {
            self.fonts.insert(id, Rc::clone(&font));
        }
        Ok((Some(font), vertical))
    }

    /// Shows the strings and kerning numbers `items` of operation `op` (number `index`),
    /// reporting each glyph and advancing the text matrix.
    fn show(
        &mut self,
        it: &mut Interp<'d, '_, V::Stream>,
        items: &[Object],
        op: &Operation,
        index: u32,
    ) -> Result<(), V::Error> {
        let Some(font) = it.gs.font.clone() else {
            return Ok(());
        };
        let start = it.tm;
        let (mut x, mut glyph) = (0f32, 0u32);
        for (item, object) in items.iter().enumerate() {
            let Object::String(s, _) = object else {
                if let Some(n) = num(object).filter(|n| n.is_finite()) {
                    let tx = -n / 1000.0 * it.gs.size * it.gs.scale;
                    x += tx;
                    it.tm = Matrix::translate(tx, 0.0).then(&it.tm);
                }
                continue;
            };
            let codes = font.codes(s);
            if !self.v.string(codes.len()) {
                continue;
            }
            let mut at = 0usize;
            for code in codes {
                let len = usize::from(code.len.max(1));
                let gs = &it.gs;
                let mut advance = font.width(code) * gs.size + gs.char_spacing;
                if code.len == 1 && code.value == 32 {
                    advance += gs.word_spacing;
                }
                advance *= gs.scale;
                let shown = Shown {
                    code,
                    op: index,
                    glyph,
                    item,
                    start: at.min(s.len()),
                    end: (at + len).min(s.len()),
                    x,
                    advance,
                };
                self.v.glyph(it, &font, &shown);
                at += len;
                x += advance;
                glyph = glyph.saturating_add(1);
                it.tm = Matrix::translate(advance, 0.0).then(&it.tm);
            }
        }
        self.v.shown(it, op, index, items, start)
    }

    /// `Do`: reports an image, or draws a Form XObject (depth cap, cycle guard, runs cap).
    fn draw_xobject(
        &mut self,
        it: &mut Interp<'d, '_, V::Stream>,
        name: &[u8],
        index: u32,
    ) -> Result<(), V::Error> {
        let Some((Some(id), Object::Stream(form))) = it.resources.get(self.doc, b"XObject", name)
        else {
            return Ok(());
        };
        let subtype = form
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or_default();
        if subtype == b"Image" {
            self.v.image(it, index, Some(form), Some(id));
            return Ok(());
        }
        if subtype != b"Form" || self.forms.len() >= MAX_FORM_DEPTH || self.forms.contains(&id) {
            return Ok(());
        }
        // Forms drawing forms many times each multiply.
        if self.form_runs >= MAX_FORM_RUNS_PER_PAGE {
            return self.v.too_many_forms();
        }
        self.form_runs += 1;
        let Some((ops, stream)) = self.v.form(id, form)? else {
            return Ok(());
        };
        let dict = |key: &[u8]| {
            let o = form.dict.get(key).ok()?;
            self.doc.dereference(o).ok().map(|(_, o)| o)
        };
        let matrix = dict(b"Matrix")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| Matrix::from_objects(a))
            .unwrap_or(Matrix::IDENTITY);
        let resources = match dict(b"Resources").and_then(|o| o.as_dict().ok()) {
            Some(own) => Resources { dicts: vec![own] },
            None => it.resources.clone(),
        };
        // Positions inside the form are also kept in its own space (`ctm`).
        let mut gs = it.gs.clone();
        gs.ctm = Matrix::IDENTITY;
        gs.device = matrix.then(&it.gs.device);
        let mut inner = Interp::new(gs, resources, stream, &ops);
        self.forms.push(id);
        let result = self.interpret(&mut inner);
        self.forms.pop();
        result
    }
}
