//! Page text: every glyph the shared interpreter ([`content`](super::content)) shows is placed,
//! then [`layout`](super::layout) puts them in reading order.
//!
//! For every page, its `/Contents` streams are decompressed and joined with `\n` (the bytes of
//! `lopdf::Document::get_page_content`, as readers do) and decoded with
//! `lopdf::content::Content::decode`; [`Glyph::op`] indexes that operation list
//! (`Stream::Page(n)`, see [`page_operations`]). Form XObjects drawn with `Do` are decoded
//! from their own stream and get their own [`Stream::XObject`] entry. Each glyph's text is
//! NFKC-normalised (ligatures `ﬁ` → `fi`), control characters dropped.
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
//! [`MAX_FORM_RUNS_PER_PAGE`]: super::content::MAX_FORM_RUNS_PER_PAGE

use super::content::{Decoded, Interp, Shown, Visitor, decode, page_operations, walk};
use super::fonts::{Font, FontCache};
use super::garble::{self, Layer};
use super::ink::{Ink, Reading, Why};
use super::layout::{Placed, layout};
use super::ocr::{Drawn, Outcome};
use crate::extract::{ExtractError, Extractor, Opaque, Origin, Part, Segment, SourceMap, Stream};
use lopdf::content::Operation;
use lopdf::{Dictionary, Document, ObjectId, Stream as PdfStream};
use unicode_normalization::UnicodeNormalization;

/// Glyphs of one page (forms included) beyond which the page is not read further: the part is
/// then marked unreadable rather than scanned partly.
const MAX_GLYPHS_PER_PAGE: usize = 2_000_000;
/// A page whose glyphs have no known text (at least this many, and a fifth of its glyphs or
/// more) is not really read: the part is unreadable. A few (bullets in a symbol font) are not.
const MIN_UNMAPPED: usize = 8;
/// Image XObjects of one page kept for OCR (a scan is one, or a few strips).
const MAX_IMAGES_PER_PAGE: usize = 64;
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
            streams: &mut part.streams,
            page: number,
            glyphs: Vec::new(),
            drew_image: false,
            ops_seen: 0,
            next_time_check: OPS_PER_TIME_CHECK,
            too_many_glyphs: false,
            damaged: false,
            unmapped: 0,
            ink: Ink::default(),
            image_area: 0.0,
            images: Vec::new(),
            media: media_box(doc, page_id),
        };
        page.run(page_id, &mut fonts)?;
        let media = page.media;
        let (mut reading, _) = page.ink.judge(&page.glyphs, page.image_area);
        let (too_many_glyphs, damaged, unmapped) =
            (page.too_many_glyphs, page.damaged, page.unmapped);
        let (drew_image, glyphs, images) = (page.drew_image, page.glyphs, page.images);
        let (text, map) = layout(&glyphs);
        if reading == Reading::Read {
            match garble::judge(&text) {
                Layer::Fine => {}
                Layer::Garbled => reading = Reading::Needs(Why::Garbled),
                Layer::NoAccents { count } => x.notice(
                    &part.path,
                    "pdf_accents_lost",
                    format!(
                        "page {number} : texte lu sans ses accents ({count} mot(s) qui en \
                         demandent un, police sans table Unicode complète) ; un nom accentué \
                         peut ne pas être reconnu"
                    ),
                ),
            }
        }
        let mut ocr_segments = Vec::new();
        let mut rendered = false;
        // Text drawn as paths: the page rendered and read by OCR (issue 21 §1); unread (no
        // OCR) or read badly, it stays opaque below.
        if matches!(reading, Reading::Needs(Why::Drawn { .. })) {
            match super::render::read(x, doc, &mut fonts, &part.path, number, page_id, media)? {
                Outcome::Read(segments) => {
                    ocr_segments = segments;
                    reading = Reading::Read;
                    rendered = true;
                }
                Outcome::Unread => {}
                Outcome::Illegible(reason, segments) => {
                    ocr_segments = segments;
                    x.notice(
                        &part.path,
                        "ocr_drawn_illegible",
                        format!("page {number} : texte dessiné illisible par OCR : {reason}"),
                    );
                }
            }
        }
        // Scanned pages, and large images on pages with text, read by OCR (issue 15).
        let scan = matches!(reading, Reading::Needs(Why::Scan { .. }));
        // A page read from its rendering is not blank: its images are read as on any page
        // with text (those larger than a logo).
        let blank = text.trim().is_empty() && !rendered;
        let mut scanned_read = false;
        let mut illegible = None;
        // Text drawn as paths or a garbled layer is not in the images: such a page stays
        // unread (issue 21), its images are not taken for a scan.
        let drawn = matches!(reading, Reading::Needs(Why::Drawn { .. } | Why::Garbled));
        if !drawn
            && ((blank && drew_image) || scan || (reading == Reading::Read && !images.is_empty()))
        {
            let whole = blank || scan;
            match super::ocr::read(x, doc, &part.path, number, &images, whole)? {
                Outcome::Read(segments) => {
                    ocr_segments.extend(segments);
                    scanned_read = whole;
                }
                Outcome::Unread => {}
                Outcome::Illegible(reason, segments) => {
                    ocr_segments.extend(segments);
                    if whole {
                        illegible = Some(reason);
                    } else {
                        // An image on a typed page (a photo, a logo) read badly: said, but
                        // the typed text was read as before.
                        x.notice(
                            &part.path,
                            "ocr_image_illegible",
                            format!("page {number} : image illisible par OCR ({reason})"),
                        );
                    }
                }
            }
            if scan && scanned_read {
                reading = Reading::Read;
            }
        }
        if unmapped > 0 && (unmapped < MIN_UNMAPPED || unmapped * 5 < glyphs.len()) {
            // Too few to make the page unreadable, but letters are missing from what was read
            // (often the accented ones of a subset font without ToUnicode).
            x.notice(
                &part.path,
                "pdf_glyphs_unmapped",
                format!(
                    "page {number} : {unmapped} glyphe(s) sans correspondance Unicode, lettres \
                     (souvent accentuées) absentes du texte lu ; un nom qui en contient peut ne \
                     pas être reconnu"
                ),
            );
        }
        if part.opaque.is_none() {
            if too_many_glyphs {
                part.opaque = Some(Opaque::Unreadable(format!(
                    "page {number} : trop de glyphes, texte lu en partie seulement"
                )));
            } else if damaged {
                part.opaque = Some(Opaque::Unreadable(format!(
                    "page {number} : flux de contenu endommagé, texte lu en partie seulement"
                )));
            } else if unmapped >= MIN_UNMAPPED && unmapped * 5 >= glyphs.len() {
                part.opaque = Some(Opaque::Unreadable(format!(
                    "page {number} : glyphes sans correspondance Unicode (police sans ToUnicode), \
                     texte lu en partie seulement"
                )));
            } else if let Reading::Needs(why) = &reading {
                // Text drawn as paths that OCR did not read (missing, or unsure), or a
                // garbled layer: the part is opaque.
                part.opaque = Some(Opaque::Unreadable(why.reason(number)));
            }
        }
        if let Some(reason) = &illegible {
            // A scanned page read badly stays an image page (blocked, as before OCR); the
            // notice says why.
            x.notice(
                &part.path,
                "ocr_illegible",
                format!("page {number} : page numérisée illisible : {reason}"),
            );
        }
        if text.trim().is_empty() {
            if blank && drew_image && !scanned_read {
                image_pages.push(number);
            }
        } else {
            hide(part, &glyphs, &map, text.len());
            part.segments.push(Segment {
                text,
                origin: Origin::Page(number),
                map: SourceMap::Glyphs(map),
            });
        }
        part.segments.extend(ocr_segments);
    }
    if !image_pages.is_empty() && part.opaque.is_none() {
        part.opaque = Some(Opaque::ImagePages(image_pages));
    }
    Ok(())
}

/// Marks the text of the segment about to be pushed to `part` that hidden glyphs show.
fn hide(part: &mut Part, glyphs: &[Placed], map: &[crate::extract::Glyph], len: usize) {
    let hidden: std::collections::HashSet<(u16, u32, u32)> = glyphs
        .iter()
        .filter(|g| g.hidden)
        .map(|g| (g.stream, g.op, g.glyph))
        .collect();
    if hidden.is_empty() {
        return;
    }
    let segment = part.segments.len();
    for (i, g) in map.iter().enumerate() {
        if hidden.contains(&(g.stream, g.op, g.glyph)) {
            let end = map.get(i + 1).map_or(len, |n| n.text as usize);
            part.hide(segment, g.text as usize, end);
        }
    }
}

/// Interpretation of one page (and the forms it draws).
struct PageRun<'p, 'l, 'd> {
    x: &'p mut Extractor<'l>,
    doc: &'d Document,
    path: String,
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
    /// The paths it paints that look like glyphs.
    ink: Ink,
    /// The largest image drawn, in square points.
    image_area: f32,
    /// The image XObjects drawn (for OCR).
    images: Vec<Drawn>,
    /// The page's box (`x0 y0 x1 y1`), when it has one: text outside it is hidden.
    media: Option<[f32; 4]>,
}

impl PageRun<'_, '_, '_> {
    /// Whether a glyph starting at `(x, y)` lies off the page (a margin of a point allowed).
    fn off_page(&self, x: f32, y: f32) -> bool {
        self.media.is_some_and(|[x0, y0, x1, y1]| {
            x < x0.min(x1) - 1.0
                || x > x0.max(x1) + 1.0
                || y < y0.min(y1) - 1.0
                || y > y0.max(y1) + 1.0
        })
    }
}

/// Whether a glyph whose baseline's middle is `(x, y)` lies outside the clip `clip` (a point
/// of margin: a glyph cut by its cell's edge still shows).
fn clipped(clip: Option<[f32; 4]>, x: f32, y: f32) -> bool {
    clip.is_some_and(|[x0, y0, x1, y1]| {
        x < x0 - 1.0 || x > x1 + 1.0 || y < y0 - 1.0 || y > y1 + 1.0
    })
}

/// The `/MediaBox` of page `page_id`, inherited from its parents (a few levels at most).
pub(crate) fn media_box(doc: &Document, page_id: ObjectId) -> Option<[f32; 4]> {
    let mut dict = doc.get_dictionary(page_id).ok()?;
    for _ in 0..32 {
        if let Ok(o) = dict.get(b"MediaBox") {
            let a = doc.dereference(o).ok()?.1.as_array().ok()?;
            let v: Vec<f32> = a
                .iter()
                .filter_map(|o| {
                    doc.dereference(o)
                        .ok()
                        .and_then(|(_, o)| super::content::num(o))
                })
                .filter(|v| v.is_finite())
                .collect();
            return <[f32; 4]>::try_from(v).ok();
        }
        let parent = dict.get(b"Parent").ok()?.as_reference().ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

impl<'d> PageRun<'_, '_, 'd> {
    fn run(&mut self, page_id: ObjectId, fonts: &mut FontCache) -> Result<(), ExtractError> {
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
        let mut it = Interp::page(self.doc, page_id, stream, &ops);
        walk(self.doc, fonts, self, &mut it)
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
}

/// Extraction places every glyph shown, counts what it cannot read, and charges what it
/// decompresses to the input.
impl<'d> Visitor<'d> for PageRun<'_, '_, 'd> {
    /// The stream's index in the part's streams.
    type Stream = u16;
    type Error = ExtractError;

    fn tick(&mut self) -> Result<(), ExtractError> {
        self.ops_seen = self.ops_seen.saturating_add(1);
        if self.ops_seen >= self.next_time_check {
            self.x.check_time()?;
            self.next_time_check = self.ops_seen.saturating_add(OPS_PER_TIME_CHECK);
        }
        Ok(())
    }

    fn font(&mut self, dict: &'d Dictionary) -> Result<Font, ExtractError> {
        let (font, spent) = Font::load(self.doc, dict, self.x.expand_budget());
        self.x.charge(&self.path, spent)?;
        Ok(font)
    }

    /// Glyphs count as operations for the clock; past [`MAX_GLYPHS_PER_PAGE`] strings are
    /// skipped and the part will be unreadable.
    fn string(&mut self, codes: usize) -> bool {
        self.ops_seen = self.ops_seen.saturating_add(codes);
        if self.glyphs.len().saturating_add(codes) > MAX_GLYPHS_PER_PAGE {
            self.too_many_glyphs = true;
            return false;
        }
        true
    }

    fn glyph(&mut self, it: &Interp<'d, '_, u16>, font: &Font, g: &Shown) {
        let gs = &it.gs;
        let m = it.tm.then(&gs.device);
        let (x, y) = m.apply(0.0, gs.rise);
        let (end_x, end_y) = m.apply(g.advance, gs.rise);
        let [a, b, c, d, _, _] = m.0;
        let size = (c.hypot(d) * gs.size).abs();
        let horizontal = a > 0.0 && b.abs() <= a.abs() * 0.05 && d * gs.size > 0.0;
        let raw = font.text(g.code);
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
            op: g.op,
            glyph: g.glyph,
            // Invisible, off the page, clipped away, or white on nothing painted (white on
            // white paper).
            hidden: gs.invisible
                || self.off_page(x, y)
                || clipped(gs.clip, (x + end_x) / 2.0, (y + end_y) / 2.0)
                || (gs.fill_white && !self.ink.shows_white_at(x, y)),
        });
    }

    fn image(
        &mut self,
        it: &Interp<'d, '_, u16>,
        _: u32,
        _: Option<&PdfStream>,
        object: Option<ObjectId>,
    ) {
        self.drew_image = true;
        if let Some(object) = object
            && self.images.len() < MAX_IMAGES_PER_PAGE
        {
            let [a, b, ..] = it.gs.device.0;
            self.images.push(Drawn {
                object,
                width: a.hypot(b),
            });
        }
        self.ink.image(&it.gs.device);
        // An image fills the unit square of its CTM: its area on the page.
        let [a, b, c, d, _, _] = it.gs.device.0;
        let area = (a * d - b * c).abs();
        if area.is_finite() {
            self.image_area = self.image_area.max(area);
        }
    }

    /// Past the cap the page is not read further and the part is unreadable.
    fn too_many_forms(&mut self) -> Result<(), ExtractError> {
        self.damaged = true;
        Ok(())
    }

    /// The form's content, charged to the input (damaged: skipped, the part unreadable).
    fn form(
        &mut self,
        id: ObjectId,
        form: &'d PdfStream,
    ) -> Result<Option<(Vec<Operation>, u16)>, ExtractError> {
        let budget = usize::try_from(self.x.expand_budget()).unwrap_or(usize::MAX);
        let bytes = match form.get_plain_content_with_limit(budget) {
            Ok(bytes) => bytes,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                self.x
                    .charge(&self.path, self.x.expand_budget().saturating_add(1))?;
                return Ok(None);
            }
            Err(_) => {
                self.damaged = true;
                return Ok(None);
            }
        };
        self.x.charge(&self.path, bytes.len() as u64)?;
        let (ops, partial) = decode(&bytes);
        self.damaged |= partial;
        let stream = self.stream_index(Stream::XObject {
            page: self.page,
            object: id,
        });
        Ok(stream.map(|stream| (ops, stream)))
    }

    /// `ID`/`EI` met alone (`BI … EI` is one operation): an image all the same.
    fn other(&mut self, it: &mut Interp<'d, '_, u16>, op: &Operation, _: u32) {
        if matches!(op.operator.as_str(), "ID" | "EI") {
            self.drew_image = true;
        }
        self.ink.operation(op, &it.gs.device, it.gs.fill_white);
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
    fn invisible_white_on_paper_and_off_page_text_is_read_and_hidden() {
        let part = part_of(&pdf(
            b"BT /F1 10 Tf 72 700 Td (Vu) Tj ET \
              BT 3 Tr /F1 10 Tf 72 680 Td (Ocr) Tj 0 Tr ET \
              1 g BT /F1 10 Tf 72 660 Td (Blanc) Tj ET \
              0 0 0.5 rg 60 630 200 20 re f 1 g BT /F1 10 Tf 72 635 Td (Bandeau) Tj ET \
              0 g BT /F1 10 Tf 72 900 Td (Dehors) Tj ET",
            None,
            None,
        ));
        let seg = &part.segments[0];
        let hidden = |word: &str| {
            let s = seg.text.find(word).unwrap();
            part.is_hidden(0, s, s + word.len())
        };
        assert!(!hidden("Vu") && !hidden("Bandeau"), "{:?}", part.hidden);
        assert!(
            hidden("Ocr") && hidden("Blanc") && hidden("Dehors"),
            "{:?}",
            part.hidden
        );
    }

    #[test]
    fn text_outside_the_clipping_path_is_read_and_hidden() {
        // A cell clipped to its box: what overflows it is cut; a clip restored by `Q` no longer
        // cuts; a text run cut by the cell's edge by less than a point still shows.
        let part = part_of(&pdf(
            b"q 60 690 100 30 re W n \
              BT /F1 10 Tf 72 700 Td (Cellule) Tj ET \
              BT /F1 10 Tf 300 700 Td (Coupe) Tj ET \
              BT /F1 10 Tf 72 650 Td (Dessous) Tj ET Q \
              BT /F1 10 Tf 72 600 Td (Libre) Tj ET \
              q 0 0 m 612 0 l 612 792 l 0 792 l h W* n \
              BT /F1 10 Tf 72 580 Td (Page) Tj ET Q",
            None,
            None,
        ));
        let seg = &part.segments[0];
        let hidden = |word: &str| {
            let s = seg.text.find(word).unwrap();
            part.is_hidden(0, s, s + word.len())
        };
        assert!(
            !hidden("Cellule") && !hidden("Libre") && !hidden("Page"),
            "{:?}",
            part.hidden
        );
        assert!(hidden("Coupe") && hidden("Dessous"), "{:?}", part.hidden);
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
