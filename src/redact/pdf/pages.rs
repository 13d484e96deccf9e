//! Page text: the glyphs of removed values are taken out of the text-showing operations of the
//! page content and of the Form XObjects it draws, and an opaque box is drawn where they were.
//!
//! The content is walked by extraction's own interpreter (`extract::pdf::content`: same
//! operation indexes, same glyph counting, same fonts and widths), this module being its
//! visitor, so that a target's [`GlyphRange`](crate::extract::GlyphRange) names the same glyphs
//! here. A removed glyph run
//! becomes a kerning number equal to its advance (Tc, Tw and Tz included), so what follows on
//! the line keeps its place; `Tj`, `'` and `"` become `TJ` (with `T*`, `Tw`, `Tc` for the
//! quote operators). The boxes are drawn at the end of the rewritten stream, in the stream's
//! own coordinates (a form's, before its `/Matrix`), after the stream's content is wrapped in
//! `q … Q` so that its graphics state does not leak onto them; the marker of each run's
//! category is written over its box in white, in a Helvetica named in the stream's own
//! resources (a stream that has none gets its boxes only), so that the page still reads
//! `Patient : [retiré : nom]` and a page whose text all went is not taken for a scan.

use crate::category::Category;
use crate::extract::pdf::content::{
    Interp, MAX_SAVE_DEPTH, Matrix, Shown, Visitor, decode, page_operations, walk,
};
use crate::extract::pdf::fonts::{Font, FontCache};
use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, ObjectId, Stream};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Font ascent and descent as fractions of the font size: the box covers both.
const ASCENT: f32 = 0.92;
const DESCENT: f32 = -0.26;
/// Decompressed content of one stream read at most (extraction already read it within the
/// input's limits; this only bounds a stream that changed meanwhile).
const MAX_STREAM_BYTES: usize = 1 << 30;

/// Operations interpreted between two looks at the clock.
const OPS_PER_TIME_CHECK: usize = 4096;
/// The error [`rewrite`] gives when `time_up` says so.
pub(super) const TIME_UP: &str = "time limit";

/// A content stream that glyph targets point into: a page's content, or a Form XObject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Key {
    Page(u32),
    Object(ObjectId),
}

/// Glyphs to remove: per stream, per operation index, the glyph indexes.
pub(super) type Removals = HashMap<Key, BTreeMap<u32, BTreeSet<u32>>>;

/// The category of removed glyphs (stream, operation, glyph): the marker written in the box
/// over a run starting there. A run without one gets its box only.
pub(super) type Labels = HashMap<(Key, u32, u32), Category>;

/// Areas of pages (page space, by page number) whose drawn text goes: the words OCR read on
/// the page's rendering (issue 21 §4).
pub(super) type Erase = BTreeMap<u32, Vec<Rect>>;

/// Gray level of the box over erased drawn text: light, so that a reader sees where text went
/// but OCR reading the copy again neither takes the boxes for ink nor for letters (on a page of
/// black on white, Tesseract's threshold makes a mid-gray box — the `PAINT` of scans — a black
/// blob it reads as `EN` or `DM`).
const ERASED_GRAY: f32 = 0.85;
/// A subpath is taken for a glyph of an erased word when its centre lies in the word's box and
/// it is at most this many times as tall as the box (a frame or a background is kept).
const MAX_ERASED_HEIGHT: f32 = 3.0;

/// Resource name of the font markers are written in.
const MARKER_FONT: &[u8] = b"TamisMarker";
/// Marker size as a fraction of the removed text's size.
const MARKER_SIZE: f32 = 0.7;

/// What the walk decided for one stream.
#[derive(Default)]
struct StreamEdit {
    /// The stream's operations as decoded.
    ops: Vec<Operation>,
    /// Replacement operations by original index.
    replace: BTreeMap<u32, Vec<Operation>>,
    /// Boxes (four corners, stream coordinates) to draw over removed runs.
    boxes: Vec<[(f32, f32); 4]>,
    /// BDC operations around removed glyphs: their replacement texts are dropped.
    spelled: BTreeSet<u32>,
    /// Markers written over the boxes (when the stream's resources can name their font).
    markers: Vec<Marker>,
    /// Boxes (page space, a page's own stream) over erased drawn text, in [`ERASED_GRAY`].
    erased: Vec<Rect>,
}

/// A marker naming the category of a removed run, in white on its box.
struct Marker {
    /// Glyph space at size 1 → stream space.
    matrix: Matrix,
    /// The text, in WinAnsi.
    text: Vec<u8>,
}

/// Rewrites the streams of `removals` in `doc`. `pages` are the pages to walk (those whose
/// content or forms hold a removal). Errors describe structure only.
///
/// `codes`: an identity is removed, so images that look like 2-D codes (the INS DataMatrix
/// that CI-SIS renderings print) are replaced by black boxes on every page. An image under
/// removed invisible text (a scan with its OCR layer) shows the value: that fails.
///
/// `erase`: drawn text read by OCR on a page's rendering. The glyph-shaped subpaths whose
/// centre lies in one of its boxes are deleted from the content (their path construction
/// operations dropped; the painting operation too when nothing is left of the path), and a
/// gray box drawn there. A box under which no subpath was found fails: the value may be drawn
/// in a way this does not take apart (a clipped path, an image).
#[allow(clippy::too_many_arguments)]
pub(super) fn rewrite(
    doc: &mut Document,
    pages: &BTreeSet<u32>,
    removals: &Removals,
    labels: &Labels,
    erase: &Erase,
    codes: bool,
    time_up: &dyn Fn() -> bool,
) -> Result<usize, String> {
    if removals.is_empty() && erase.is_empty() && !codes {
        return Ok(0);
    }
    let page_ids = doc.get_pages();
    let all: BTreeSet<u32> = page_ids.keys().copied().collect();
    let pages = if codes { &all } else { pages };
    let mut walk = Walk {
        marker_font: Font::load(doc, &marker_font(), 0).0,
        labels,
        doc,
        removals,
        edits: HashMap::new(),
        shown: Vec::new(),
        removed: 0,
        page: 0,
        codes,
        images: Vec::new(),
        hidden: Vec::new(),
        code_images: BTreeSet::new(),
        time_up,
        ops_seen: 0,
        erase,
        erased: HashMap::new(),
    };
    let mut fonts = FontCache::new();
    for n in pages {
        let id = page_ids
            .get(n)
            .copied()
            .ok_or_else(|| format!("page {n} not found"))?;
        walk.page(*n, id, &mut fonts)?;
    }
    // Every box of drawn text must have had its paths deleted.
    for (page, rects) in erase {
        for i in 0..rects.len() {
            if !walk.erased.contains_key(&(*page, i)) {
                return Err("drawn text read by OCR was not found in the page's paths".into());
            }
        }
    }
    // Every operation named by a target must have been met and rewritten.
    for (key, ops) in removals {
        let edit = walk.edits.get(key).ok_or("a text stream was not reached")?;
        if ops.keys().any(|op| !edit.replace.contains_key(op)) {
            return Err("glyph locators do not match the content".into());
        }
    }
    // Invisible text over an image is the OCR layer of a scan: the picture shows the words.
    // (Visible text over a picture, a letterhead's background, is covered by its box.)
    for image in &walk.images {
        let covered = walk
            .hidden
            .iter()
            .any(|(page, r)| *page == image.page && overlap(r, &image.rect));
        if covered && !image.replaced {
            return Err("removed invisible text lies over an image, which may show it".into());
        }
    }
    let removed = walk.removed;
    let mut code_images = std::mem::take(&mut walk.code_images);
    if codes {
        // Codes named by resources but not drawn (or drawn where the walk did not go) hold
        // the identity all the same.
        // Masks of other images are not pictures of their own (a logo's transparency).
        let masks: BTreeSet<ObjectId> = doc
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .flat_map(|s| [s.dict.get(b"SMask").ok(), s.dict.get(b"Mask").ok()])
            .filter_map(|o| o?.as_reference().ok())
            .collect();
        code_images.extend(doc.objects.iter().filter_map(|(id, o)| {
            let s = o.as_stream().ok()?;
            let image = s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image");
            (image && !masks.contains(id) && looks_like_code(doc, s)).then_some(*id)
        }));
    }
    let mut edits = std::mem::take(&mut walk.edits);
    if edits.values().any(|e| !e.markers.is_empty()) {
        let font = doc.add_object(marker_font());
        for (key, edit) in &mut edits {
            let named = match key {
                Key::Page(n) => page_ids.get(n).is_some_and(|id| name_font(doc, *id, font)),
                Key::Object(id) => name_font(doc, *id, font),
            };
            if !named {
                // Boxes only: a font cannot be named without changing what the stream sees.
                edit.markers.clear();
            }
        }
    }
    for id in code_images {
        // Replaced where drawn; its data goes too, whatever still names it.
        doc.objects.insert(id, Object::Stream(black_pixel()));
    }
    for (key, edit) in edits {
        let content = encode(&edit)?;
        match key {
            Key::Page(n) => {
                let page_id = page_ids.get(&n).copied().ok_or("page not found")?;
                let stream_id = doc.add_object(Stream::new(lopdf::Dictionary::new(), content));
                compress(doc, stream_id);
                doc.get_dictionary_mut(page_id)
                    .map_err(|_| "page is not a dictionary")?
                    .set("Contents", stream_id);
            }
            Key::Object(id) => {
                let Ok(Object::Stream(stream)) = doc.get_object_mut(id) else {
                    return Err("form stream not found".into());
                };
                for k in [b"Filter".as_slice(), b"DecodeParms", b"Length"] {
                    stream.dict.remove(k);
                }
                stream.set_content(content);
                compress(doc, id);
            }
        }
    }
    Ok(removed)
}

/// The font markers are written in: Helvetica (standard 14, no file to embed), WinAnsi.
fn marker_font() -> lopdf::Dictionary {
    let mut font = lopdf::Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Subtype", Object::Name(b"Type1".to_vec()));
    font.set("BaseFont", Object::Name(b"Helvetica".to_vec()));
    font.set("Encoding", Object::Name(b"WinAnsiEncoding".to_vec()));
    font
}

/// Names font `font` as [`MARKER_FONT`] in the own resources of `holder` (a page or a form
/// stream). False when `holder` has no resources of its own (inherited ones would be hidden)
/// or the name is taken.
fn name_font(doc: &mut Document, holder: ObjectId, font: ObjectId) -> bool {
    let dict = |doc: &Document, id: ObjectId| match doc.get_object(id) {
        Ok(Object::Dictionary(d)) => Some(d.clone()),
        Ok(Object::Stream(s)) => Some(s.dict.clone()),
        _ => None,
    };
    let Some(holder_dict) = dict(doc, holder) else {
        return false;
    };
    // Where the resources live: their own object, or inside the holder.
    let (resources_id, mut resources) = match holder_dict.get(b"Resources") {
        Ok(Object::Reference(id)) => match doc.get_dictionary(*id) {
            Ok(d) => (Some(*id), d.clone()),
            Err(_) => return false,
        },
        Ok(Object::Dictionary(d)) => (None, d.clone()),
        _ => return false,
    };
    let taken = |fonts: &lopdf::Dictionary| {
        fonts
            .get(MARKER_FONT)
            .is_ok_and(|o| o.as_reference().ok() != Some(font))
    };
    match resources.get(b"Font").cloned() {
        Ok(Object::Reference(id)) => {
            let Ok(fonts) = doc.get_dictionary_mut(id) else {
                return false;
            };
            if taken(fonts) {
                return false;
            }
            fonts.set(MARKER_FONT.to_vec(), font);
            return true;
        }
        Ok(Object::Dictionary(mut fonts)) => {
            if taken(&fonts) {
                return false;
            }
            fonts.set(MARKER_FONT.to_vec(), font);
            resources.set("Font", fonts);
        }
        Ok(_) => return false,
        Err(_) => {
            let mut fonts = lopdf::Dictionary::new();
            fonts.set(MARKER_FONT.to_vec(), font);
            resources.set("Font", fonts);
        }
    }
    match resources_id {
        Some(id) => {
            doc.objects.insert(id, Object::Dictionary(resources));
        }
        None => match doc.get_object_mut(holder) {
            Ok(Object::Dictionary(d)) => d.set("Resources", resources),
            Ok(Object::Stream(s)) => s.dict.set("Resources", resources),
            _ => return false,
        },
    }
    true
}

/// Keys of marked-content properties that hold text standing for the content.
const SPELLING: [&[u8]; 3] = [b"ActualText", b"Alt", b"E"];

/// A BDC operation without the texts that replace or describe its content.
fn without_spelling(op: &Operation) -> Operation {
    let mut op = op.clone();
    if let Some(Object::Dictionary(d)) = op.operands.get_mut(1) {
        for key in SPELLING {
            d.remove(key);
        }
    }
    op
}

/// A 1×1 black gray image: what a removed 2-D code's image object becomes.
fn black_pixel() -> Stream {
    let mut dict = lopdf::Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Image".to_vec()));
    dict.set("Width", 1);
    dict.set("Height", 1);
    dict.set("ColorSpace", Object::Name(b"DeviceGray".to_vec()));
    dict.set("BitsPerComponent", 8);
    Stream::new(dict, vec![0])
}

/// An axis-aligned rectangle `(x0, y0, x1, y1)` in page space.
pub(super) type Rect = (f32, f32, f32, f32);

fn bounds(points: &[(f32, f32)]) -> Rect {
    points.iter().fold(
        (
            f32::INFINITY,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NEG_INFINITY,
        ),
        |(a, b, c, d), &(x, y)| (a.min(x), b.min(y), c.max(x), d.max(y)),
    )
}

fn overlap(a: &Rect, b: &Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Whether an image looks like a 2-D code: small, about square (at most 1:3), and in two
/// tones: a stencil mask, one bit per pixel, or pixels (when its filters can be decoded) nearly
/// all black or white; an image whose pixels cannot be read counts when it is gray.
fn looks_like_code(doc: &Document, image: &Stream) -> bool {
    let dict = &image.dict;
    let int = |keys: &[&[u8]]| {
        keys.iter()
            .find_map(|k| dict.get(k).ok().and_then(|o| o.as_i64().ok()))
    };
    let (Some(w), Some(h)) = (int(&[b"Width", b"W"]), int(&[b"Height", b"H"])) else {
        return false;
    };
    if w <= 0 || h <= 0 || w.max(h) > 2048 || w.max(h) > 3 * w.min(h) {
        return false;
    }
    let mask = [b"ImageMask".as_slice(), b"IM"]
        .iter()
        .any(|k| matches!(dict.get(k), Ok(Object::Boolean(true))));
    let bits = int(&[b"BitsPerComponent", b"BPC"]);
    if mask || bits == Some(1) {
        return true;
    }
    let space = [b"ColorSpace".as_slice(), b"CS"]
        .iter()
        .find_map(|k| dict.get(k).ok())
        .and_then(|o| doc.dereference(o).ok())
        .map(|(_, o)| o);
    if let Some(Object::Array(a)) = space
        && a.first().and_then(|o| o.as_name().ok()) == Some(b"Indexed")
    {
        return two_tone_palette(doc, a);
    }
    let components = space.and_then(|s| components(doc, s));
    let gray = components == Some(1);
    let (Some(n), Some(8)) = (components, bits) else {
        return gray;
    };
    let pixels = (w * h) as usize;
    let filters = image.filters().unwrap_or_default();
    if filters
        .iter()
        .any(|f| *f == b"DCTDecode" || *f == b"JPXDecode")
    {
        return gray;
    }
    let Ok(data) = image.get_plain_content_with_limit(pixels * n + 1024) else {
        return gray;
    };
    if data.len() < pixels * n {
        return gray;
    }
    let two_tone = data
        .chunks_exact(n)
        .take(pixels)
        .filter(|px| px.iter().all(|&c| c <= 64) || px.iter().all(|&c| c >= 191))
        .count();
    two_tone * 10 >= pixels * 9
}

/// Components of a gray or RGB colour space (`None` for others).
fn components(doc: &Document, space: &Object) -> Option<usize> {
    match space {
        Object::Name(n) if n == b"DeviceGray" || n == b"G" || n == b"CalGray" => Some(1),
        Object::Name(n) if n == b"DeviceRGB" || n == b"RGB" || n == b"CalRGB" => Some(3),
        Object::Array(a) => match a.first().and_then(|o| o.as_name().ok()) {
            Some(b"ICCBased") => a
                .get(1)
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_stream().ok())
                .and_then(|s| s.dict.get(b"N").ok())
                .and_then(|n| n.as_i64().ok())
                .filter(|n| *n == 1 || *n == 3)
                .map(|n| n as usize),
            Some(b"CalGray") => Some(1),
            Some(b"CalRGB") => Some(3),
            _ => None,
        },
        _ => None,
    }
}

/// `[/Indexed base hival lookup]` whose colours are all black or white: what a two-colour PNG
/// of a 2-D code becomes.
fn two_tone_palette(doc: &Document, indexed: &[Object]) -> bool {
    fn resolve<'a>(doc: &'a Document, o: Option<&'a Object>) -> Option<&'a Object> {
        o.and_then(|o| doc.dereference(o).ok()).map(|(_, o)| o)
    }
    let Some(n) = resolve(doc, indexed.get(1)).and_then(|b| components(doc, b)) else {
        return false;
    };
    let lookup = match resolve(doc, indexed.get(3)) {
        Some(Object::String(bytes, _)) => bytes.clone(),
        Some(Object::Stream(s)) => s.get_plain_content_with_limit(3 * 256).unwrap_or_default(),
        _ => return false,
    };
    let colours: Vec<&[u8]> = lookup.chunks_exact(n).take(256).collect();
    !colours.is_empty()
        && colours
            .iter()
            .all(|c| c.iter().all(|&v| v <= 64) || c.iter().all(|&v| v >= 191))
}

/// An image drawn on a page.
struct ImageDraw {
    page: u32,
    rect: Rect,
    /// Replaced by a box (a 2-D code while an identity goes).
    replaced: bool,
}

/// What replaces the drawing of a 2-D code: its unit square filled black.
fn code_box() -> Vec<Operation> {
    vec![
        Operation::new("q", vec![]),
        Operation::new("g", vec![0.into()]),
        Operation::new("re", vec![0.into(), 0.into(), 1.into(), 1.into()]),
        Operation::new("f", vec![]),
        Operation::new("Q", vec![]),
    ]
}

fn compress(doc: &mut Document, id: ObjectId) {
    if let Ok(Object::Stream(s)) = doc.get_object_mut(id) {
        // An uncompressed stream is as good: compression only saves bytes.
        let _ = s.compress();
    }
}

/// The rewritten stream: its operations (replaced where edited) wrapped in enough `q`/`Q` to
/// restore the stream's initial graphics state, then the boxes, filled black.
fn encode(edit: &StreamEdit) -> Result<Vec<u8>, String> {
    let mut ops = Vec::with_capacity(edit.ops.len() + edit.replace.len() * 3);
    let (mut depth, mut lowest, mut in_text) = (0i64, 0i64, false);
    for (i, op) in edit.ops.iter().enumerate() {
        let index = u32::try_from(i).unwrap_or(u32::MAX);
        match op.operator.as_str() {
            "q" => depth += 1,
            "Q" => {
                depth -= 1;
                lowest = lowest.min(depth);
            }
            "BT" => in_text = true,
            "ET" => in_text = false,
            _ => {}
        }
        match edit.replace.get(&index) {
            Some(new) => ops.extend(new.iter().cloned()),
            None if edit.spelled.contains(&index) => ops.push(without_spelling(op)),
            None => ops.push(op.clone()),
        }
    }
    let body = Content { operations: ops }
        .encode()
        .map_err(|_| "content cannot be encoded")?;
    let opened = 1 - lowest;
    let mut out = Vec::with_capacity(body.len() + 64 + edit.boxes.len() * 80);
    for _ in 0..opened {
        out.extend_from_slice(b"q\n");
    }
    out.extend_from_slice(&body);
    out.push(b'\n');
    if in_text {
        out.extend_from_slice(b"ET\n");
    }
    for _ in 0..(opened + depth).max(0) {
        out.extend_from_slice(b"Q\n");
    }
    if !edit.boxes.is_empty() {
        out.extend_from_slice(b"q 0 g 0 G\n");
        for [a, b, c, d] in &edit.boxes {
            out.extend_from_slice(
                format!(
                    "{:.3} {:.3} m {:.3} {:.3} l {:.3} {:.3} l {:.3} {:.3} l h f\n",
                    a.0, a.1, b.0, b.1, c.0, c.1, d.0, d.1
                )
                .as_bytes(),
            );
        }
        out.extend_from_slice(b"Q\n");
    }
    if !edit.erased.is_empty() {
        out.extend_from_slice(format!("q {ERASED_GRAY:.4} g\n").as_bytes());
        for (x0, y0, x1, y1) in &edit.erased {
            out.extend_from_slice(
                format!("{x0:.3} {y0:.3} {:.3} {:.3} re f\n", x1 - x0, y1 - y0).as_bytes(),
            );
        }
        out.extend_from_slice(b"Q\n");
    }
    if !edit.markers.is_empty() {
        let mut ops = vec![
            Operation::new("q", vec![]),
            Operation::new("BT", vec![]),
            Operation::new("Tr", vec![0.into()]),
            Operation::new("Tc", vec![0.into()]),
            Operation::new("Tw", vec![0.into()]),
            Operation::new("Tz", vec![100.into()]),
            Operation::new("Ts", vec![0.into()]),
            Operation::new("g", vec![1.into()]),
            Operation::new("Tf", vec![Object::Name(MARKER_FONT.to_vec()), 1.into()]),
        ];
        for m in &edit.markers {
            ops.push(Operation::new(
                "Tm",
                m.matrix.0.iter().map(|v| Object::Real(*v)).collect(),
            ));
            ops.push(Operation::new(
                "Tj",
                vec![Object::String(m.text.clone(), lopdf::StringFormat::Literal)],
            ));
        }
        ops.push(Operation::new("ET", vec![]));
        ops.push(Operation::new("Q", vec![]));
        let text = Content { operations: ops }
            .encode()
            .map_err(|_| "markers cannot be encoded")?;
        out.extend_from_slice(&text);
        out.push(b'\n');
    }
    Ok(out)
}

/// Where to write the marker of `category` over a run from `x0` to `x1` (text space of a
/// font of `size` at `rise`, mapped to the stream by `to_stream`): its size [`MARKER_SIZE`]
/// of the text's, scaled horizontally to the run's width. `None` when the run has no width or
/// the text is mirrored.
fn place_marker(
    font: &Font,
    category: Category,
    (x0, x1): (f32, f32),
    (size, rise): (f32, f32),
    to_stream: &Matrix,
) -> Option<Marker> {
    let text = encoding_rs::WINDOWS_1252
        .encode(&super::super::marker(category))
        .0
        .into_owned();
    let natural: f32 = font.codes(&text).iter().map(|c| font.width(*c)).sum();
    let s = MARKER_SIZE * size;
    let width = x1 - x0;
    if !(s > 0.0 && natural > 0.0 && width > 0.0 && width.is_finite()) {
        return None;
    }
    // Stretched or squeezed to the run's width, so that it reads as one piece of the line
    // (a gap would read as a space); stretched three times at most.
    let stretch = (width / (natural * s)).min(3.0);
    let matrix = Matrix([s * stretch, 0.0, 0.0, s, x0, rise]).then(to_stream);
    matrix
        .0
        .iter()
        .all(|v| v.is_finite())
        .then_some(Marker { matrix, text })
}

/// The visitor's state of one stream: which it is, and its open marked-content sequences (the
/// index of their BMC/BDC operation, and whether their properties are a named resource
/// holding text for the content: not rewritten here, removing glyphs inside fails).
struct Place {
    key: Key,
    marked: Vec<(u32, bool)>,
    /// The current path's subpaths: their operations and box (page space), for `erase`.
    path: Vec<(Vec<u32>, Rect)>,
    /// The current path clips (`W`, `W*`).
    clip: bool,
}

type It<'d, 'o> = Interp<'d, 'o, Place>;

struct Walk<'d, 'p> {
    /// The font of markers (its widths place them).
    marker_font: Font,
    labels: &'p Labels,
    doc: &'d Document,
    removals: &'p Removals,
    edits: HashMap<Key, StreamEdit>,
    /// The glyphs of the text-showing operation being walked.
    shown: Vec<Shown>,
    /// Glyphs removed.
    removed: usize,
    /// The page being walked.
    page: u32,
    /// Replace 2-D code images (see [`rewrite`]).
    codes: bool,
    images: Vec<ImageDraw>,
    /// Boxes over removed invisible text (`Tr` 3, 7), in page space.
    hidden: Vec<(u32, Rect)>,
    /// Image objects of 2-D codes replaced.
    code_images: BTreeSet<ObjectId>,
    /// Whether the input's time is up (looked at every [`OPS_PER_TIME_CHECK`] operations).
    time_up: &'p dyn Fn() -> bool,
    ops_seen: usize,
    erase: &'p Erase,
    /// Subpaths deleted, by page and box of `erase`.
    erased: HashMap<(u32, usize), usize>,
}

impl<'d> Walk<'d, '_> {
    /// Walks page `n` with the interpreter extraction uses.
    fn page(&mut self, n: u32, page_id: ObjectId, fonts: &mut FontCache) -> Result<(), String> {
        let decoded =
            page_operations(self.doc, page_id, MAX_STREAM_BYTES).ok_or("page content too large")?;
        if decoded.damaged {
            return Err(format!("page {n}: damaged content stream"));
        }
        self.page = n;
        let place = Place {
            key: Key::Page(n),
            marked: Vec::new(),
            path: Vec::new(),
            clip: false,
        };
        let mut it = Interp::page(self.doc, page_id, place, &decoded.ops);
        walk(self.doc, fonts, self, &mut it)?;
        if let Some(rects) = self.erase.get(&n).filter(|r| !r.is_empty()) {
            let edit = self.edits.entry(Key::Page(n)).or_default();
            if edit.ops.is_empty() {
                edit.ops = decoded.ops;
            }
            edit.erased.extend(rects.iter().copied());
        }
        Ok(())
    }

    /// Path construction and painting (operation `index` of the stream of `it`): the
    /// subpaths under [`Walk::erase`]'s boxes are dropped when the path is painted.
    fn path(&mut self, it: &mut It<'d, '_>, op: &Operation, index: u32) {
        let Some(rects) = self.erase.get(&self.page).filter(|r| !r.is_empty()) else {
            return;
        };
        let n = |i: usize| {
            op.operands
                .get(i)
                .and_then(crate::extract::pdf::content::num)
                .filter(|v| v.is_finite())
        };
        let device = it.gs.device;
        let place = &mut it.stream;
        let mut points = Vec::new();
        for i in (0..op.operands.len().min(6)).step_by(2) {
            if let (Some(x), Some(y)) = (n(i), n(i + 1)) {
                points.push(device.apply(x, y));
            }
        }
        match op.operator.as_str() {
            "m" => place.path.push((vec![index], bounds(&points))),
            "re" => {
                if let (Some(x), Some(y), Some(w), Some(h)) = (n(0), n(1), n(2), n(3)) {
                    let c = device.corners((x, y), (x + w, y + h));
                    place.path.push((vec![index], bounds(&c)));
                }
            }
            "l" | "c" | "v" | "y" | "h" => match place.path.last_mut() {
                Some((ops, rect)) => {
                    ops.push(index);
                    let b = bounds(&points);
                    *rect = (
                        rect.0.min(b.0),
                        rect.1.min(b.1),
                        rect.2.max(b.2),
                        rect.3.max(b.3),
                    );
                }
                None => place.path.push((vec![index], bounds(&points))),
            },
            "W" | "W*" => place.clip = true,
            "n" => {
                place.path.clear();
                place.clip = false;
            }
            "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "S" | "s" => {
                let path = std::mem::take(&mut place.path);
                let clip = std::mem::replace(&mut place.clip, false);
                // A path that also clips is not taken apart (what it clips would change).
                if clip {
                    return;
                }
                let mut dropped = Vec::new();
                let mut kept = 0usize;
                for (ops, r) in &path {
                    let (cx, cy) = ((r.0 + r.2) / 2.0, (r.1 + r.3) / 2.0);
                    let hit = rects.iter().position(|b| {
                        (b.0..=b.2).contains(&cx)
                            && (b.1..=b.3).contains(&cy)
                            && r.3 - r.1 <= (b.3 - b.1) * MAX_ERASED_HEIGHT
                    });
                    match hit {
                        Some(i) => {
                            *self.erased.entry((self.page, i)).or_default() += 1;
                            dropped.extend(ops.iter().copied());
                        }
                        None => kept += 1,
                    }
                }
                if dropped.is_empty() {
                    return;
                }
                if kept == 0 {
                    dropped.push(index);
                }
                let edit = self.edits.entry(place.key).or_default();
                if edit.ops.is_empty() {
                    edit.ops = it.ops.to_vec();
                }
                for op in dropped {
                    edit.replace.insert(op, Vec::new());
                }
            }
            _ => {}
        }
    }
}

/// Redaction rewrites the operations whose glyphs go, and notes images.
impl<'d> Visitor<'d> for Walk<'d, '_> {
    type Stream = Place;
    type Error = String;

    fn tick(&mut self) -> Result<(), String> {
        self.ops_seen += 1;
        if self.ops_seen.is_multiple_of(OPS_PER_TIME_CHECK) && (self.time_up)() {
            return Err(TIME_UP.into());
        }
        Ok(())
    }

    fn font(&mut self, dict: &'d lopdf::Dictionary) -> Result<Font, String> {
        Ok(Font::load(self.doc, dict, MAX_STREAM_BYTES as u64).0)
    }

    fn glyph(&mut self, _: &It<'d, '_>, _: &Font, glyph: &Shown) {
        self.shown.push(*glyph);
    }

    /// Rewrites operation `op` (number `index`) when glyphs of it must go: each removed run
    /// becomes a kerning number of its advance, and gets its box and marker.
    fn shown(
        &mut self,
        it: &It<'d, '_>,
        op: &Operation,
        index: u32,
        items: &[Object],
        start: Matrix,
    ) -> Result<(), String> {
        let shown = std::mem::take(&mut self.shown);
        let key = it.stream.key;
        let Some(removed) = self.removals.get(&key).and_then(|m| m.get(&index)) else {
            return Ok(());
        };
        let edit = self.edits.entry(key).or_default();
        if edit.ops.is_empty() {
            edit.ops = it.ops.to_vec();
        }
        if edit.replace.contains_key(&index) {
            // A form drawn again: rewritten the first time.
            return Ok(());
        }
        let gs = &it.gs;
        if gs.vertical {
            return Err("text in a vertical font".into());
        }
        if removed.last().is_some_and(|&g| g as usize >= shown.len()) {
            return Err("glyph locators do not match the content".into());
        }
        let array = without(items, &shown, removed, gs.size * gs.scale)?;
        let mut new = Vec::new();
        match op.operator.as_str() {
            "'" => new.push(Operation::new("T*", vec![])),
            "\"" => {
                let operands = &op.operands;
                new.push(Operation::new(
                    "Tw",
                    operands.first().cloned().into_iter().collect(),
                ));
                new.push(Operation::new(
                    "Tc",
                    operands.get(1).cloned().into_iter().collect(),
                ));
                new.push(Operation::new("T*", vec![]));
            }
            _ => {}
        }
        new.push(Operation::new("TJ", vec![Object::Array(array)]));
        edit.replace.insert(index, new);
        // The marked content around the glyphs may spell them again (/ActualText, /Alt, /E).
        if it.stream.marked.iter().any(|(_, named)| *named) {
            return Err("text for removed glyphs in a named marked-content property".into());
        }
        edit.spelled
            .extend(it.stream.marked.iter().map(|(i, _)| *i));
        let text_to_stream = start.then(&gs.ctm);
        let text_to_page = start.then(&gs.device);
        for (first, last) in runs(removed) {
            let (Some(a), Some(b)) = (shown.get(first as usize), shown.get(last as usize)) else {
                continue;
            };
            let (x0, x1) = (a.x, b.x + b.advance);
            let (y0, y1) = (gs.rise + DESCENT * gs.size, gs.rise + ASCENT * gs.size);
            edit.boxes.push(text_to_stream.corners((x0, y0), (x1, y1)));
            let on_page = bounds(&text_to_page.corners((x0, y0), (x1, y1)));
            if gs.invisible {
                self.hidden.push((self.page, on_page));
            }
            if let Some(category) = self.labels.get(&(key, index, first))
                && let Some(marker) = place_marker(
                    &self.marker_font,
                    *category,
                    (x0, x1),
                    (gs.size, gs.rise),
                    &text_to_stream,
                )
            {
                edit.markers.push(marker);
            }
        }
        self.removed += removed.len();
        Ok(())
    }
    /// An image drawn by operation `index` (its unit square under the CTM); a 2-D code is
    /// replaced by a box when identities go.
    fn image(
        &mut self,
        it: &It<'d, '_>,
        index: u32,
        image: Option<&Stream>,
        object: Option<ObjectId>,
    ) {
        let code = image.is_some_and(|image| looks_like_code(self.doc, image));
        let rect = bounds(&it.gs.device.corners((0.0, 0.0), (1.0, 1.0)));
        let replaced = code && self.codes;
        if replaced {
            let edit = self.edits.entry(it.stream.key).or_default();
            edit.replace.insert(index, code_box());
            if edit.ops.is_empty() {
                edit.ops = it.ops.to_vec();
            }
            self.code_images.extend(object);
        }
        self.images.push(ImageDraw {
            page: self.page,
            rect,
            replaced,
        });
    }

    /// The form's operations (decoded to their end when it holds removals).
    fn form(
        &mut self,
        id: ObjectId,
        form: &'d Stream,
    ) -> Result<Option<(Vec<Operation>, Place)>, String> {
        let bytes = form
            .get_plain_content_with_limit(MAX_STREAM_BYTES)
            .map_err(|_| "form stream cannot be decoded")?;
        let (ops, partial) = decode(&bytes);
        let key = Key::Object(id);
        if partial && self.removals.contains_key(&key) {
            return Err("damaged form content stream".into());
        }
        Ok(Some((
            ops,
            Place {
                key,
                marked: Vec::new(),
                path: Vec::new(),
                clip: false,
            },
        )))
    }

    fn too_many_forms(&mut self) -> Result<(), String> {
        Err("too many form drawings on a page".into())
    }

    /// Marked content: whether it may spell removed glyphs again.
    fn other(&mut self, it: &mut It<'d, '_>, op: &Operation, index: u32) {
        self.path(it, op, index);
        let marked = &mut it.stream.marked;
        match op.operator.as_str() {
            "BMC" | "BDC" if marked.len() < MAX_SAVE_DEPTH => {
                let named = match op.operands.get(1) {
                    Some(Object::Name(name)) => it
                        .resources
                        .get(self.doc, b"Properties", name)
                        .and_then(|(_, o)| o.as_dict().ok())
                        .is_some_and(|d| SPELLING.iter().any(|k| d.has(k))),
                    _ => false,
                };
                marked.push((index, named));
            }
            "EMC" => {
                marked.pop();
            }
            _ => {}
        }
    }
}

/// Maximal runs of consecutive glyph indexes.
fn runs(glyphs: &BTreeSet<u32>) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for &g in glyphs {
        match out.last_mut() {
            Some((_, last)) if last.checked_add(1) == Some(g) => *last = g,
            _ => out.push((g, g)),
        }
    }
    out
}

/// The TJ array of `items` without the `removed` glyphs: each removed run becomes a kerning
/// number of the same advance (`scale` = font size × Tz, text space per thousandth).
fn without(
    items: &[Object],
    shown: &[Shown],
    removed: &BTreeSet<u32>,
    scale: f32,
) -> Result<Vec<Object>, String> {
    let mut out = Vec::with_capacity(items.len() + 4);
    let mut pending = 0f32;
    let mut glyphs = shown.iter().enumerate().peekable();
    let flush = |out: &mut Vec<Object>, pending: &mut f32| -> Result<(), String> {
        if *pending != 0.0 {
            if scale == 0.0 || !scale.is_finite() {
                return Err("a removed glyph's advance cannot be kept (font size 0)".into());
            }
            out.push(Object::Real(-*pending * 1000.0 / scale));
            *pending = 0.0;
        }
        Ok(())
    };
    for (i, item) in items.iter().enumerate() {
        let Object::String(bytes, format) = item else {
            flush(&mut out, &mut pending)?;
            out.push(item.clone());
            continue;
        };
        let mut kept: Vec<u8> = Vec::new();
        while let Some((g, s)) = glyphs.next_if(|(_, s)| s.item == i) {
            let piece = bytes.get(s.start..s.end).unwrap_or_default();
            if removed.contains(&u32::try_from(g).unwrap_or(u32::MAX)) {
                if !kept.is_empty() {
                    out.push(Object::String(std::mem::take(&mut kept), *format));
                }
                pending += s.advance;
            } else {
                flush(&mut out, &mut pending)?;
                kept.extend_from_slice(piece);
            }
        }
        if !kept.is_empty() {
            out.push(Object::String(kept, *format));
        }
    }
    flush(&mut out, &mut pending)?;
    Ok(out)
}
