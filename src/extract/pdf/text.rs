//! Page text: a content-stream interpreter with a real text state.
//!
//! For every page, its `/Contents` streams are decompressed and joined with `\n` (the bytes of
//! `lopdf::Document::get_page_content`, as readers do) and decoded with
//! `lopdf::content::Content::decode`; [`Glyph::op`] indexes that operation list
//! (`Stream::Page(n)`, see [`page_operations`]). Form XObjects drawn with `Do` are decoded
//! from their own stream and get their own [`Stream::XObject`] entry. The interpreter follows
//! `q`/`Q`/`cm`, the text state (`Tf Tc Tw Tz TL Ts`), text positioning (`BT Td TD Tm T*`) and
//! showing (`Tj TJ ' "`) to place every glyph; [`layout`](super::layout) then puts them in
//! reading order. Each glyph's text is NFKC-normalised (ligatures `ﬁ` → `fi`), control
//! characters dropped.
//!
//! [`Glyph::glyph`] counts character codes across the strings of one operation (a TJ's numbers
//! are skipped). A glyph whose code has no text is counted but not mapped; a space glyph is
//! mapped only when the layout makes a word break of it.
//!
//! Fail closed: a content stream that cannot be decompressed or decoded to its end, a page
//! with more than [`MAX_GLYPHS_PER_PAGE`] glyphs or [`MAX_FORM_RUNS_PER_PAGE`] form draws makes
//! the part [`Opaque::Unreadable`] (what was read is kept and scanned); a page without text that
//! draws an image is listed in [`Opaque::ImagePages`].
//!
//! [`Glyph::op`]: crate::extract::Glyph::op
//! [`Glyph::glyph`]: crate::extract::Glyph::glyph

use super::fonts::{Font, FontCache};
use super::layout::{Placed, layout};
use crate::extract::{ExtractError, Extractor, Opaque, Origin, Part, Segment, SourceMap, Stream};
use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::rc::Rc;
use unicode_normalization::UnicodeNormalization;

/// Form XObjects nest at most this deep.
pub(crate) const MAX_FORM_DEPTH: usize = 12;
/// Form XObjects drawn per page at most (a form drawing a form ten times, twelve deep, would
/// otherwise be drawn 10¹² times).
pub(crate) const MAX_FORM_RUNS_PER_PAGE: usize = 10_000;
/// `q` nests at most this deep (deeper `q`s are ignored, their `Q`s pop what is there).
pub(crate) const MAX_SAVE_DEPTH: usize = 256;
/// Glyphs of one page (forms included) beyond which the page is not read further: the part is
/// then marked unreadable rather than scanned partly.
const MAX_GLYPHS_PER_PAGE: usize = 2_000_000;
/// A page whose glyphs have no known text (at least this many, and a fifth of its glyphs or
/// more) is not really read: the part is unreadable. A few (bullets in a symbol font) are not.
const MIN_UNMAPPED: usize = 8;
/// The time limit is checked every this many operations (glyphs count as operations).
const OPS_PER_TIME_CHECK: usize = 4096;

/// Fills `part` with one segment per page (and `part.pages`, `part.streams`, and
/// `part.opaque = ImagePages` for pages that only draw images).
pub(super) fn pages(
    x: &mut Extractor,
    doc: &Document,
    part: &mut Part,
) -> Result<(), ExtractError> {
    let pages = doc.get_pages();
    x.charge_pages(pages.len())?;
    part.pages = Some(pages.len() as u32);
    let mut fonts = FontCache::new();
    let mut image_pages = Vec::new();
    for (&number, &page_id) in &pages {
        x.check_time()?;
        let mut page = PageRun {
            x: &mut *x,
            doc,
            path: part.path.clone(),
            fonts: &mut fonts,
            streams: &mut part.streams,
            page: number,
            glyphs: Vec::new(),
            drew_image: false,
            ops_seen: 0,
            next_time_check: OPS_PER_TIME_CHECK,
            too_many_glyphs: false,
            damaged: false,
            unmapped: 0,
            forms: Vec::new(),
            form_runs: 0,
        };
        page.run(page_id)?;
        let (drew_image, glyphs) = (page.drew_image, page.glyphs);
        if part.opaque.is_none() {
            if page.too_many_glyphs {
                part.opaque = Some(Opaque::Unreadable(format!(
                    "page {number} : trop de glyphes, texte lu en partie seulement"
                )));
            } else if page.damaged {
                part.opaque = Some(Opaque::Unreadable(format!(
                    "page {number} : flux de contenu endommagé, texte lu en partie seulement"
                )));
            } else if page.unmapped >= MIN_UNMAPPED && page.unmapped * 5 >= glyphs.len() {
                part.opaque = Some(Opaque::Unreadable(format!(
                    "page {number} : glyphes sans correspondance Unicode (police sans ToUnicode), \
                     texte lu en partie seulement"
                )));
            }
        }
        let (text, map) = layout(&glyphs);
        if text.trim().is_empty() {
            if drew_image {
                image_pages.push(number);
            }
            continue;
        }
        part.segments.push(Segment {
            text,
            origin: Origin::Page(number),
            map: SourceMap::Glyphs(map),
        });
    }
    if !image_pages.is_empty() && part.opaque.is_none() {
        part.opaque = Some(Opaque::ImagePages(image_pages));
    }
    Ok(())
}

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

pub(crate) fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// The graphics state the text cares about (saved by `q`, restored by `Q`).
#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    /// `Tz` / 100.
    scale: f32,
    leading: f32,
    rise: f32,
}

impl Default for GState {
    fn default() -> Self {
        GState {
            ctm: Matrix::IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
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

/// Interpretation of one page (and the forms it draws).
struct PageRun<'p, 'l, 'd> {
    x: &'p mut Extractor<'l>,
    doc: &'d Document,
    path: String,
    fonts: &'p mut FontCache,
    streams: &'p mut Vec<Stream>,
    page: u32,
    glyphs: Vec<Placed>,
    drew_image: bool,
    /// Operations and glyphs interpreted, and when to check the time next.
    ops_seen: usize,
    next_time_check: usize,
    too_many_glyphs: bool,
    /// Glyphs whose code has no known text (a subset font without ToUnicode).
    unmapped: usize,
    /// Some content of the page could not be read (see [`Decoded::damaged`]).
    damaged: bool,
    /// Forms being drawn (cycle guard).
    forms: Vec<ObjectId>,
    /// Form XObjects drawn on this page so far.
    form_runs: usize,
}

/// State of one content stream's interpretation.
struct Interp<'d> {
    gs: GState,
    saved: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    resources: Resources<'d>,
    stream: u16,
}

impl<'d> PageRun<'_, '_, 'd> {
    fn run(&mut self, page_id: ObjectId) -> Result<(), ExtractError> {
        let budget = usize::try_from(self.x.expand_budget()).unwrap_or(usize::MAX);
        let Some(Decoded { ops, size, damaged }) = page_operations(self.doc, page_id, budget)
        else {
            // Over the budget: charge what would not fit so that the limit error is raised.
            return self
                .x
                .charge(&self.path, self.x.expand_budget().saturating_add(1));
        };
        self.x.charge(&self.path, size as u64)?;
        self.damaged |= damaged;
        let Some(stream) = self.stream_index(Stream::Page(self.page)) else {
            return Ok(());
        };
        let mut dicts = Vec::new();
        if let Ok((own, ids)) = self.doc.get_page_resources(page_id) {
            dicts.extend(own);
            dicts.extend(
                ids.iter()
                    .filter_map(|id| self.doc.get_dictionary(*id).ok()),
            );
        }
        let mut it = Interp {
            gs: GState::default(),
            saved: Vec::new(),
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            resources: Resources { dicts },
            stream,
        };
        self.interpret(&mut it, &ops)
    }

    /// The index of `stream` in the part's streams, added if new (`None` past u16).
    fn stream_index(&mut self, stream: Stream) -> Option<u16> {
        if let Some(i) = self.streams.iter().position(|s| *s == stream) {
            return u16::try_from(i).ok();
        }
        let i = u16::try_from(self.streams.len()).ok()?;
        self.streams.push(stream);
        Some(i)
    }

    fn interpret(&mut self, it: &mut Interp<'d>, ops: &[Operation]) -> Result<(), ExtractError> {
        for (index, op) in ops.iter().enumerate() {
            self.ops_seen = self.ops_seen.saturating_add(1);
            if self.ops_seen >= self.next_time_check {
                self.x.check_time()?;
                self.next_time_check = self.ops_seen.saturating_add(OPS_PER_TIME_CHECK);
            }
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            self.operation(it, op, index)?;
        }
        Ok(())
    }

    fn operation(
        &mut self,
        it: &mut Interp<'d>,
        op: &Operation,
        index: u32,
    ) -> Result<(), ExtractError> {
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
                }
            }
            "BT" => {
                it.tm = Matrix::IDENTITY;
                it.tlm = Matrix::IDENTITY;
            }
            "Tf" => {
                if let (Some(Object::Name(name)), Some(size)) = (args.first(), arg(1)) {
                    it.gs.font = self.font(&it.resources, name)?;
                    it.gs.size = size;
                }
            }
            "Tc" => it.gs.char_spacing = arg(0).unwrap_or(it.gs.char_spacing),
            "Tw" => it.gs.word_spacing = arg(0).unwrap_or(it.gs.word_spacing),
            "Tz" => it.gs.scale = arg(0).map_or(it.gs.scale, |v| v / 100.0),
            "TL" => it.gs.leading = arg(0).unwrap_or(it.gs.leading),
            "Ts" => it.gs.rise = arg(0).unwrap_or(it.gs.rise),
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
            "Tj" => {
                if let Some(Object::String(s, _)) = args.first() {
                    self.show(it, s, index, &mut 0);
                }
            }
            "'" => {
                it.next_line();
                if let Some(Object::String(s, _)) = args.first() {
                    self.show(it, s, index, &mut 0);
                }
            }
            "\"" => {
                if let (Some(aw), Some(ac), Some(Object::String(s, _))) =
                    (arg(0), arg(1), args.get(2))
                {
                    it.gs.word_spacing = aw;
                    it.gs.char_spacing = ac;
                    it.next_line();
                    self.show(it, s, index, &mut 0);
                }
            }
            "TJ" => {
                if let Some(Object::Array(items)) = args.first() {
                    let mut glyph = 0;
                    for item in items {
                        match item {
                            Object::String(s, _) => self.show(it, s, index, &mut glyph),
                            other => {
                                if let Some(n) = num(other).filter(|n| n.is_finite()) {
                                    let tx = -n / 1000.0 * it.gs.size * it.gs.scale;
                                    it.tm = Matrix::translate(tx, 0.0).then(&it.tm);
                                }
                            }
                        }
                    }
                }
            }
            "Do" => {
                if let Some(Object::Name(name)) = args.first() {
                    self.draw_xobject(it, name)?;
                }
            }
            "BI" | "ID" | "EI" => self.drew_image = true,
            _ => {}
        }
        Ok(())
    }

    /// The font `name` of the current resources (cached by object id).
    fn font(&mut self, res: &Resources<'d>, name: &[u8]) -> Result<Option<Rc<Font>>, ExtractError> {
        let Some((id, obj)) = res.get(self.doc, b"Font", name) else {
            return Ok(None);
        };
        if let Some(font) = id.and_then(|id| self.fonts.get(&id)) {
            return Ok(Some(Rc::clone(font)));
        }
        let Ok(dict) = obj.as_dict() else {
            return Ok(None);
        };
        let (font, spent) = Font::load(self.doc, dict, self.x.expand_budget());
        self.x.charge(&self.path, spent)?;
        let font = Rc::new(font);
        if let Some(id) = id {
            self.fonts.insert(id, Rc::clone(&font));
        }
        Ok(Some(font))
    }

    /// Shows string `s` (operation `op`), placing each glyph and advancing the text matrix.
    /// `glyph` counts codes across the strings of the operation.
    fn show(&mut self, it: &mut Interp<'d>, s: &[u8], op: u32, glyph: &mut u32) {
        let Some(font) = it.gs.font.clone() else {
            return;
        };
        let codes = font.codes(s);
        self.ops_seen = self.ops_seen.saturating_add(codes.len());
        if self.glyphs.len().saturating_add(codes.len()) > MAX_GLYPHS_PER_PAGE {
            self.too_many_glyphs = true;
            return;
        }
        let gs = &it.gs;
        for code in codes {
            let w0 = font.width(code);
            let mut tx = w0 * gs.size + gs.char_spacing;
            if code.len == 1 && code.value == 32 {
                tx += gs.word_spacing;
            }
            tx *= gs.scale;
            let m = it.tm.then(&gs.ctm);
            let (x, y) = m.apply(0.0, gs.rise);
            let (end_x, end_y) = m.apply(tx, gs.rise);
            let [a, b, c, d, _, _] = m.0;
            let size = (c.hypot(d) * gs.size).abs();
            let horizontal = a > 0.0 && b.abs() <= a.abs() * 0.05 && d * gs.size > 0.0;
            let raw = font.text(code);
            if raw.is_empty() {
                self.unmapped += 1;
            }
            self.glyphs.push(Placed {
                text: clean(&raw),
                x,
                y,
                end_x,
                end_y,
                size: if size.is_finite() { size } else { 0.0 },
                horizontal,
                stream: it.stream,
                op,
                glyph: *glyph,
            });
            *glyph = glyph.saturating_add(1);
            it.tm = Matrix::translate(tx, 0.0).then(&it.tm);
        }
    }

    /// `Do`: recurses into a Form XObject, notes an image.
    fn draw_xobject(&mut self, it: &mut Interp<'d>, name: &[u8]) -> Result<(), ExtractError> {
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
            self.drew_image = true;
            return Ok(());
        }
        if subtype != b"Form" || self.forms.len() >= MAX_FORM_DEPTH || self.forms.contains(&id) {
            return Ok(());
        }
        // Forms drawing forms many times each multiply: past the cap the page is not read
        // further and the part is unreadable.
        if self.form_runs >= MAX_FORM_RUNS_PER_PAGE {
            self.damaged = true;
            return Ok(());
        }
        self.form_runs += 1;
        let budget = usize::try_from(self.x.expand_budget()).unwrap_or(usize::MAX);
        let bytes = match form.get_plain_content_with_limit(budget) {
            Ok(bytes) => bytes,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                return self
                    .x
                    .charge(&self.path, self.x.expand_budget().saturating_add(1));
            }
            Err(_) => {
                self.damaged = true;
                return Ok(());
            }
        };
        self.x.charge(&self.path, bytes.len() as u64)?;
        let (ops, partial) = decode(&bytes);
        self.damaged |= partial;
        let Some(stream) = self.stream_index(Stream::XObject {
            page: self.page,
            object: id,
        }) else {
            return Ok(());
        };
        let matrix = form
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|o| self.doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_array().ok())
            .and_then(|a| Matrix::from_objects(a))
            .unwrap_or(Matrix::IDENTITY);
        let resources = match form
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| self.doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok())
        {
            Some(own) => Resources { dicts: vec![own] },
            None => it.resources.clone(),
        };
        let mut gs = it.gs.clone();
        gs.ctm = matrix.then(&it.gs.ctm);
        let mut inner = Interp {
            gs,
            saved: Vec::new(),
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            resources,
            stream,
        };
        self.forms.push(id);
        let result = self.interpret(&mut inner, &ops);
        self.forms.pop();
        result
    }
}

impl Interp<'_> {
    /// `T*`: to the start of the next line.
    fn next_line(&mut self) {
        self.tlm = Matrix::translate(0.0, -self.gs.leading).then(&self.tlm);
        self.tm = self.tlm;
    }
}

/// NFKC (ligatures ﬁ → fi, no-break space → space) and no control characters.
fn clean(raw: &str) -> String {
    if raw.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return raw.to_string();
    }
    raw.nfkc().filter(|c| !c.is_control()).collect()
}

#[cfg(test)]
mod tests {
    use crate::extract::{Limits, Opaque, Origin, Part, SourceMap, Stream, extract};
    use lopdf::{Document, Object, Stream as PdfStream, dictionary};

    /// A one-page PDF drawing `content` with Helvetica as /F1 (and `/X1` as a Form XObject
    /// drawing `form`, which may call itself).
    fn pdf(content: &[u8], form: Option<&[u8]>, font: Option<lopdf::Dictionary>) -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font = font.unwrap_or_else(|| {
            dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding" }
        });
        let font_id = doc.add_object(font);
        let mut resources = dictionary! { "Font" => dictionary! { "F1" => font_id } };
        if let Some(form) = form {
            let form_id = doc.new_object_id();
            let stream = PdfStream::new(
                dictionary! { "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 600.into(), 800.into()],
                "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 0.into(), (-100).into()],
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id },
                    "XObject" => dictionary! { "X1" => form_id } } },
                form.to_vec(),
            );
            doc.objects.insert(form_id, Object::Stream(stream));
            resources.set("XObject", dictionary! { "X1" => form_id });
        }
        let content_id = doc.add_object(PdfStream::new(dictionary! {}, content.to_vec()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
            ),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    fn part_of(bytes: &[u8]) -> Part {
        let mut x = extract(bytes, Some("t.pdf"), &Limits::default()).unwrap();
        x.parts.remove(0)
    }

    fn text(part: &Part) -> &str {
        part.segments.first().map_or("", |s| s.text.as_str())
    }

    #[test]
    fn large_kerns_are_word_breaks_and_glyphs_count_across_strings() {
        let part = part_of(&pdf(
            b"BT /F1 10 Tf 72 700 Td [(Jean) -250 (Du) -20 (pont)] TJ ET",
            None,
            None,
        ));
        let seg = &part.segments[0];
        assert_eq!(seg.text, "Jean Dupont");
        assert_eq!(seg.origin, Origin::Page(1));
        assert_eq!(part.streams, vec![Stream::Page(1)]);
        let r = seg.glyph_ranges(5, 11);
        assert_eq!(r.len(), 1);
        // BT, Tf, Td, TJ: the TJ is operation 3; "Dupont" is glyphs 4..=9 of its strings.
        assert_eq!((r[0].op, r[0].first, r[0].last), (3, 4, 9));
    }

    #[test]
    fn letter_spaced_words_are_kept_whole() {
        // Letters 3 points apart, words 9 points apart: the letter spacing is not a word break.
        let part = part_of(&pdf(
            b"BT /F1 10 Tf 72 700 Td [(D) -300 (U) -300 (P) -300 (O) -300 (N) -300 (T) -900 \
              (J) -300 (e) -300 (a) -300 (n)] TJ 72 -20 Td [(P) -300 (a) -300 (g) -300 (e)] TJ ET",
            None,
            None,
        ));
        assert_eq!(text(&part), "DUPONT Jean\nPage");
    }

    #[test]
    fn fake_bold_drawn_twice_reads_once_and_both_drawings_are_located() {
        let part = part_of(&pdf(
            b"BT /F1 10 Tf 72 700 Td (DUPONT Jeanne) Tj ET BT /F1 10 Tf 72.4 700 Td (DUPONT) Tj ET",
            None,
            None,
        ));
        assert_eq!(text(&part), "DUPONT Jeanne");
        let ranges = part.segments[0].glyph_ranges(0, 6);
        let drawn: u32 = ranges.iter().map(|r| r.last - r.first + 1).sum();
        assert_eq!(drawn, 12, "{ranges:?}");
        // Letters that repeat in a word are a whole advance apart: kept.
        let part = part_of(&pdf(b"BT /F1 10 Tf 72 700 Td (Allee) Tj ET", None, None));
        assert_eq!(text(&part), "Allee");
    }

    #[test]
    fn lines_come_top_to_bottom_whatever_the_drawing_order() {
        let part = part_of(&pdf(
            b"BT /F1 10 Tf 72 600 Td (second) Tj ET BT /F1 10 Tf 1 0 0 1 72 700 Tm (first) Tj \
              14 TL T* (middle) Tj ET",
            None,
            None,
        ));
        assert_eq!(text(&part), "first\nmiddle\nsecond");
    }

    #[test]
    fn table_cells_drawn_column_by_column_come_out_row_by_row() {
        // A two-column table written column first: labels, then values.
        let part = part_of(&pdf(
            b"BT /F1 10 Tf 1 0 0 1 72 700 Tm (Nom :) Tj 0 -14 Td (Pr\\351nom :) Tj ET \
              BT /F1 10 Tf 1 0 0 1 250 700 Tm (DUPONT) Tj 0 -14 Td (Jean) Tj ET",
            None,
            None,
        ));
        assert_eq!(text(&part), "Nom : DUPONT\nPr\u{e9}nom : Jean");
    }

    #[test]
    fn quote_operators_move_to_the_next_line_and_set_spacing() {
        let part = part_of(&pdf(
            b"BT /F1 10 Tf 12 TL 72 700 Td (un) Tj (deux) ' 2 0 (trois) \" ET",
            None,
            None,
        ));
        assert_eq!(text(&part), "un\ndeux\ntrois");
        let SourceMap::Glyphs(g) = &part.segments[0].map else {
            panic!("glyph map")
        };
        // BT Tf TL Td Tj ' ": "trois" is drawn by operation 6.
        assert_eq!(g.last().map(|g| (g.op, g.glyph)), Some((6, 4)));
    }

    #[test]
    fn word_spacing_char_spacing_and_scaling_move_glyphs() {
        // Tw widens the space glyph (no extra break); Tz 50 halves advances; Tc spaces letters
        // without splitting the word (the spacing is part of each glyph's advance, as in
        // pdftotext).
        let part = part_of(&pdf(
            b"BT /F1 10 Tf 72 700 Td 5 Tw (a b) Tj 50 Tz 0 Tw 25 0 Td (cd) Tj 100 Tz 3 Tc 20 0 Td (ef) Tj ET",
            None,
            None,
        ));
        assert_eq!(text(&part), "a b cd ef");
        let seg = &part.segments[0];
        let SourceMap::Glyphs(g) = &seg.map else {
            panic!("glyph map")
        };
        assert_eq!(g.len(), 7, "the space glyph maps the space");
    }

    #[test]
    fn form_xobjects_are_read_once_with_a_cycle_guard() {
        let part = part_of(&pdf(
            b"q 1 0 0 1 0 0 cm /X1 Do Q BT /F1 10 Tf 72 750 Td (Page) Tj ET",
            Some(b"BT /F1 10 Tf 72 700 Td (Formulaire) Tj ET /X1 Do"),
            None,
        ));
        // The form is moved down by its /Matrix: below the page's own line.
        assert_eq!(text(&part), "Page\nFormulaire");
        assert_eq!(part.streams.len(), 2);
        assert!(matches!(part.streams[1], Stream::XObject { page: 1, .. }));
        let SourceMap::Glyphs(g) = &part.segments[0].map else {
            panic!("glyph map")
        };
        assert_eq!(
            g.iter().filter(|g| g.stream == 1).count(),
            "Formulaire".len()
        );
    }

    #[test]
    fn operator_soup_never_panics() {
        // Random sequences of operators and odd operands (a fixed LCG: reproducible).
        const TOKENS: &[&[u8]] = &[
            b"BT",
            b"ET",
            b"q",
            b"Q",
            b"Tj",
            b"TJ",
            b"'",
            b"\"",
            b"Td",
            b"TD",
            b"Tm",
            b"T*",
            b"Tf",
            b"Tc",
            b"Tw",
            b"Tz",
            b"TL",
            b"Ts",
            b"cm",
            b"Do",
            b"/F1",
            b"/X1",
            b"/Nope",
            b"0",
            b"-1",
            b"1e38",
            b"-99999999",
            b"3.5",
            b"(abc)",
            b"<00FF01>",
            b"()",
            b"[",
            b"]",
            b"[(a) -300 (b)]",
            b"<<",
            b">>",
            b"BI /W 1 ID x EI",
            b"%c\n",
            b"true",
            b"null",
        ];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..200 {
            let mut content = Vec::new();
            for _ in 0..120 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let token = TOKENS[(seed >> 33) as usize % TOKENS.len()];
                content.extend_from_slice(token);
                content.push(b' ');
            }
            let part = part_of(&pdf(&content, Some(b"BT /F1 9 Tf (f) Tj ET /X1 Do"), None));
            assert_eq!(part.pages, Some(1));
        }
    }

    #[test]
    fn forms_drawn_too_many_times_make_the_part_unreadable() {
        // The form draws itself (refused: cycle) and the page draws it 20,000 times.
        let content = b"/X1 Do ".repeat(20_000);
        let part = part_of(&pdf(
            &content,
            Some(b"BT /F1 10 Tf 72 700 Td (x) Tj ET /X1 Do"),
            None,
        ));
        assert!(matches!(part.opaque, Some(Opaque::Unreadable(_))));
    }

    #[test]
    fn broken_content_keeps_what_was_read_and_fails_closed() {
        // Unparsable bytes: what precedes them is read, and the part is marked unreadable
        // since the rest of the page may hold text.
        let part = part_of(&pdf(
            b"BT /F1 10 Tf 72 700 Td (ok) Tj ET ] >> ( (x) Tj",
            None,
            None,
        ));
        assert_eq!(text(&part), "ok");
        let Some(Opaque::Unreadable(msg)) = &part.opaque else {
            panic!("a damaged content stream makes the part unreadable")
        };
        assert!(msg.contains("page 1") && !msg.contains("ok"));
        // Well-formed syntax with wrong operands: the bad operations are skipped.
        let part = part_of(&pdf(
            b"BT /F1 10 Tf /F1 (x) Tf 72 Td [(a) /Foo (b)] TJ 1 2 3 Tm ET",
            None,
            None,
        ));
        assert_eq!(text(&part), "ab");
        assert!(part.opaque.is_none());
    }

    #[test]
    fn tounicode_wins_over_the_encoding_and_ligatures_are_split() {
        let mut doc_font = dictionary! { "Type" => "Font", "Subtype" => "Type1",
        "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" };
        let cmap = b"begincmap 1 begincodespacerange <00> <FF> endcodespacerange \
            2 beginbfchar <41> <005A> <42> <FB01> endbfchar endcmap";
        // The ToUnicode stream is inlined through a reference made in `pdf` below.
        let bytes = {
            let mut doc =
                Document::load_mem(&pdf(b"BT /F1 10 Tf 72 700 Td (ABC) Tj ET", None, None))
                    .unwrap();
            let cmap_id = doc.add_object(PdfStream::new(dictionary! {}, cmap.to_vec()));
            doc_font.set("ToUnicode", cmap_id);
            let font_id = doc
                .objects
                .iter()
                .find(|(_, o)| o.as_dict().is_ok_and(|d| d.has_type(b"Font")))
                .map(|(id, _)| *id)
                .unwrap();
            doc.objects.insert(font_id, Object::Dictionary(doc_font));
            let mut out = Vec::new();
            doc.save_to(&mut out).unwrap();
            out
        };
        assert_eq!(text(&part_of(&bytes)), "ZfiC");
    }

    #[test]
    fn type0_identity_fonts_read_two_byte_codes_and_cid_widths() {
        let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange \
            1 beginbfrange <0001> <0003> <0041> endbfrange";
        let mut doc = Document::load_mem(&pdf(
            b"BT /F1 10 Tf 72 700 Td <00010002> Tj 30 0 Td <0003> Tj ET",
            None,
            None,
        ))
        .unwrap();
        let cmap_id = doc.add_object(PdfStream::new(dictionary! {}, cmap.to_vec()));
        let cid_font = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "CIDFontType2",
        "BaseFont" => "Subset", "DW" => 500,
        "W" => vec![1.into(), vec![600.into(), 700.into()].into()] });
        let font_id = doc
            .objects
            .iter()
            .find(|(_, o)| o.as_dict().is_ok_and(|d| d.has_type(b"Font")))
            .map(|(id, _)| *id)
            .unwrap();
        doc.objects.insert(
            font_id,
            Object::Dictionary(dictionary! { "Type" => "Font", "Subtype" => "Type0",
            "BaseFont" => "Subset", "Encoding" => "Identity-H",
            "DescendantFonts" => vec![cid_font.into()], "ToUnicode" => cmap_id }),
        );
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        let part = part_of(&out);
        // AB is 13 points wide; the Td moves 30: a word break before C.
        assert_eq!(text(&part), "AB C");
    }

    #[test]
    fn glyphs_without_unicode_make_the_part_unreadable() {
        // A Type0 Identity-H font without ToUnicode: the codes are glyph ids, their text is
        // unknown.
        let mut doc = Document::load_mem(&pdf(
            b"BT /F1 10 Tf 72 700 Td <0011002200330044005500660077008800990010> Tj ET",
            None,
            None,
        ))
        .unwrap();
        let cid_font = doc.add_object(
            dictionary! { "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Subset" },
        );
        let font_id = doc
            .objects
            .iter()
            .find(|(_, o)| o.as_dict().is_ok_and(|d| d.has_type(b"Font")))
            .map(|(id, _)| *id)
            .unwrap();
        doc.objects.insert(
            font_id,
            Object::Dictionary(dictionary! { "Type" => "Font", "Subtype" => "Type0",
            "BaseFont" => "Subset", "Encoding" => "Identity-H",
            "DescendantFonts" => vec![cid_font.into()] }),
        );
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        let part = part_of(&out);
        assert!(part.segments.is_empty());
        assert!(matches!(&part.opaque, Some(Opaque::Unreadable(m)) if m.contains("ToUnicode")));
    }

    #[test]
    fn type3_fonts_use_their_font_matrix_and_differences() {
        // Glyphs 50 units wide under a 0.01 FontMatrix: 0.5 em, 5 points at size 10. "AB"
        // ends at 82; "BA" starts at 82.5, so no word break (a 1/1000 scale would leave a gap).
        let font = dictionary! { "Type" => "Font", "Subtype" => "Type3",
        "FontMatrix" => vec![0.01.into(), 0.into(), 0.into(), 0.01.into(), 0.into(), 0.into()],
        "FirstChar" => 1, "Widths" => vec![50.into(), 50.into()],
        "Encoding" => dictionary! { "Type" => "Encoding",
            "Differences" => vec![1.into(), "eacute".into(), "fi".into()] } };
        let part = part_of(&pdf(
            b"BT /F1 10 Tf 72 700 Td <0102> Tj 10.5 0 Td <0201> Tj ET",
            None,
            Some(font),
        ));
        assert_eq!(text(&part), "\u{e9}fifi\u{e9}");
    }

    #[test]
    fn a_page_that_only_draws_an_inline_image_is_an_image_page() {
        let part = part_of(&pdf(
            b"q 100 0 0 100 0 0 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI Q",
            None,
            None,
        ));
        assert!(part.segments.is_empty());
        assert_eq!(
            part.opaque,
            Some(crate::extract::Opaque::ImagePages(vec![1]))
        );
    }
}
