//! PDF: removed values leave the file, not just the page's look.
//!
//! - Page text (`pages.rs`): the glyphs are taken out of the `Tj`/`TJ` operations of the page
//!   content and of the Form XObjects it draws, the rest of the line keeps its place, and a
//!   black box is drawn where they were, the category written in it in white
//!   (`[retiré : nom]`, Helvetica, scaled to the box). Marked content around them loses its
//!   `/ActualText`.
//! - Images: when an identity goes, images that look like 2-D codes (the INS DataMatrix of
//!   CI-SIS renderings, an e-prescription's QR code) are replaced by black boxes and their data
//!   dropped; invisible text removed over any other image (a scan under its OCR layer) fails,
//!   since the picture shows it.
//! - Scans (`pixels.rs`): a value read by OCR is painted out of the image it was read from,
//!   and the image object replaced by the painted pixels only.
//! - Drawn text (issue 21 §4): a value OCR read on the rendering of a page whose text is
//!   drawn as paths has the subpaths under its words deleted from the content (`pages.rs`),
//!   and a gray box drawn there; the copy is rendered and read again by the pipeline.
//! - The Info dictionary, form field values and outline titles (`meta.rs`) get markers
//!   (`[retiré : nom]`); a form field that changes loses its widget appearances
//!   (`/NeedAppearances` is set) and the form its XFA packets.
//! - XMP metadata: the values are replaced by markers in the packet, or the packet is dropped
//!   when that cannot be checked.
//! - Annotations: markers in `/T`, `/Subj`, `/Contents`; their rich text (`/RC`) and appearance
//!   (`/AP`) are dropped, and a link whose URI held a value loses its action.
//! - Embedded files (`embedded.rs`): redacted as child parts and written back; their names
//!   and descriptions get markers.
//! - Any other string of the file holding a removed value (structure tree `/Alt`, page labels,
//!   destinations) gets a marker; page thumbnails and `/PieceInfo` are dropped.
//!
//! The output is a complete new file: every rewritten page has one new content stream, objects
//! no longer referenced are pruned, and no earlier revision (`/Prev`) is kept; a file that was
//! encrypted with an empty user password comes out unencrypted.
//!
//! Not handled, and failing closed: text in a vertical font, text in annotation appearance
//! streams located by glyphs, a marked-content property list holding text by name.

mod embedded;
mod meta;
mod pages;
mod pixels;

use super::{RedactError, Redactor, TargetAt, redact_str};
use crate::category::Category;
use crate::extract::pdf::extras::text_string;
use crate::extract::{Origin, Span, Stream as PartStream};
use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use pages::{Key, Labels, Removals};
use std::collections::{BTreeMap, BTreeSet};

/// Decoded bytes of one embedded file or XMP packet read at most.
const MAX_STREAM_BYTES: usize = 1 << 30;
/// Nesting of form fields, outline items and name tree nodes walked at most (as extraction).
const MAX_DEPTH: usize = 32;

/// What must change in one PDF, gathered from its targets.
#[derive(Default)]
struct Plan {
    removals: Removals,
    labels: Labels,
    pages: BTreeSet<u32>,
    info: BTreeMap<String, Vec<(Span, Category)>>,
    xmp: Vec<(String, Category)>,
    fields: BTreeMap<String, Vec<(Span, Category)>>,
    outline: Vec<(Span, Category)>,
    annots: BTreeMap<u32, Vec<(String, Category)>>,
}

/// Redacts the PDF part at `path` (see the module documentation).
pub fn redact(
    r: &mut Redactor,
    path: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<Vec<u8>, RedactError> {
    let rewrite = |what: &str| RedactError::Rewrite {
        part: path.to_string(),
        what: what.to_string(),
    };
    let mut doc = Document::load_mem(bytes).map_err(|_| rewrite("the PDF cannot be loaded"))?;
    if doc.is_encrypted() {
        return Err(r.unsupported(path, "values in an encrypted PDF"));
    }
    // A page that was not read (text drawn as paths, a garbled text layer, a scan whose
    // invisible layer does not say it) may show values no target names: no copy of it is a
    // minimised one.
    if r.part(path)
        .is_some_and(|p| matches!(p.opaque, Some(crate::extract::Opaque::Unreadable(_))))
    {
        return Err(r.unsupported(path, "values in a PDF whose pages could not all be read"));
    }
    // Values read by OCR are painted out of the images they were read from (`pixels.rs`).
    if let Some(part) = r.part(path) {
        pixels::paint(&mut doc, part, r.targets(path), r.limits.max_ocr_pixels)
            .map_err(|e| rewrite(&e))?;
    }
    let mut plan = plan(r, path)?;
    // Values read by OCR on the rendering of a page whose text is drawn: the paths under them
    // are deleted (`pages.rs`).
    let erase = match r.part(path) {
        Some(part) => pixels::drawn(&doc, part, r.targets(path), r.limits.max_ocr_pixels)
            .map_err(|e| rewrite(&e))?,
        None => Default::default(),
    };
    plan.pages.extend(erase.keys().copied());
    // A 2-D code printed with an identity (the INS DataMatrix) carries it too.
    let codes = r.targets(path).iter().any(|t| {
        t.at_text_or_fact()
            && matches!(
                t.category,
                Category::Nir | Category::PersonName | Category::BirthDate | Category::Ipp
            )
    });
    let time_up = || r.check_time().is_err();
    if let Err(e) = pages::rewrite(
        &mut doc,
        &plan.pages,
        &plan.removals,
        &plan.labels,
        &erase,
        codes,
        &time_up,
    ) {
        r.check_time()?;
        return Err(rewrite(&e));
    }
    meta::info(&mut doc, &plan.info).map_err(|e| rewrite(&e))?;
    meta::xmp(&mut doc, &plan.xmp).map_err(|e| rewrite(&e))?;
    meta::fields(&mut doc, &plan.fields).map_err(|e| rewrite(&e))?;
    meta::outline(&mut doc, &plan.outline).map_err(|e| rewrite(&e))?;
    meta::annotations(&mut doc, &plan.annots).map_err(|e| rewrite(&e))?;
    // Anything else holding a value as a string (the structure tree's /Alt and /ActualText,
    // destinations, page labels, a field's /TU…) gets a marker too.
    let mut strings: Vec<(String, Category)> = r
        .targets(path)
        .iter()
        .filter(|t| matches!(t.at, TargetAt::Text { .. }))
        .flat_map(|t| {
            t.value
                .split('\n')
                .map(move |v| (v.trim().to_string(), t.category))
        })
        .filter(|(v, _)| v.chars().filter(|c| c.is_alphanumeric()).count() >= 3)
        .collect();
    strings.sort();
    strings.dedup_by(|a, b| a.0 == b.0);
    replace_strings(&mut doc, &strings);
    if !strings.is_empty() || !plan.removals.is_empty() {
        drop_copies(&mut doc);
    }
    embedded::embedded(r, path, &mut doc, depth)?;
    r.check_time()?;
    save(doc).map_err(|e| rewrite(&e))
}

/// Sorts the part's targets by where they live.
fn plan(r: &Redactor, path: &str) -> Result<Plan, RedactError> {
    let part = r
        .part(path)
        .ok_or_else(|| r.unsupported(path, "a part not extracted"))?;
    let mut plan = Plan::default();
    for t in r.targets(path) {
        let TargetAt::Text {
            segment,
            start,
            end,
            glyphs,
            ..
        } = &t.at
        else {
            if t.at_text_or_fact() {
                return Err(r.unsupported(path, "a value outside the text"));
            }
            continue; // its file name: the parent removes it
        };
        // Read by OCR: painted out of the image instead (`pixels.rs`).
        if pixels::is_ocr(part, t) {
            continue;
        }
        let span = (*start, *end);
        match &t.origin {
            Origin::Page(_) => {
                if glyphs.is_empty() {
                    if t.value.chars().any(char::is_alphanumeric) {
                        return Err(r.unsupported(path, "page text without glyph locators"));
                    }
                    continue;
                }
                for g in glyphs {
                    let key = match part.streams.get(usize::from(g.stream)) {
                        Some(PartStream::Page(n)) => {
                            plan.pages.insert(*n);
                            Key::Page(*n)
                        }
                        Some(PartStream::XObject { page, object }) => {
                            plan.pages.insert(*page);
                            Key::Object(*object)
                        }
                        _ => {
                            return Err(r.unsupported(path, "text in an appearance stream"));
                        }
                    };
                    plan.removals
                        .entry(key)
                        .or_default()
                        .entry(g.op)
                        .or_default()
                        .extend(g.first..=g.last);
                    for glyph in g.first..=g.last {
                        plan.labels.entry((key, g.op, glyph)).or_insert(t.category);
                    }
                }
            }
            Origin::PdfInfo(key) => plan
                .info
                .entry(key.clone())
                .or_default()
                .push((span, t.category)),
            Origin::Xmp => {
                let text = part
                    .segments
                    .get(*segment)
                    .and_then(|s| s.text.get(*start..*end))
                    .unwrap_or(&t.value);
                for piece in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
                    plan.xmp.push((piece.to_string(), t.category));
                }
            }
            Origin::FormField(name) => plan
                .fields
                .entry(name.clone())
                .or_default()
                .push((span, t.category)),
            Origin::Outline => plan.outline.push((span, t.category)),
            Origin::Annotation(page) => plan
                .annots
                .entry(*page)
                .or_default()
                .push((t.value.clone(), t.category)),
            // The description given with this file by its parent (a PDF's /Desc): the
            // parent's to remove.
            Origin::FileName => continue,
            _ => return Err(r.unsupported(path, "a value in an unknown place")),
        }
    }
    Ok(plan)
}

/// A PDF text string: PDFDocEncoding-compatible ASCII as is, anything else UTF-16BE.
fn pdf_text(text: &str) -> Object {
    if text.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// The catalog's id.
fn catalog_id(doc: &Document) -> Result<ObjectId, String> {
    doc.trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| "no catalog reference".to_string())
}

/// Entry `key` of `dict` as a resolved text string.
fn text_of(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<String> {
    match doc.dereference(dict.get(key).ok()?).ok()?.1 {
        Object::String(bytes, _) => Some(text_string(bytes)),
        _ => None,
    }
}

/// Spans of `text` holding one of `values` (every occurrence), marking those found.
fn value_spans(
    text: &str,
    values: &[(String, Category)],
    found: &mut [bool],
) -> Vec<(Span, Category)> {
    let mut out = Vec::new();
    for (k, (value, category)) in values.iter().enumerate() {
        if value.is_empty() {
            continue;
        }
        for (at, _) in text.match_indices(value.as_str()) {
            out.push(((at, at + value.len()), *category));
            if let Some(f) = found.get_mut(k) {
                *f = true;
            }
        }
    }
    out
}

/// Replaces `values` by their markers in every string of the document's objects (not in
/// stream data); true when each value was found somewhere.
fn replace_strings(doc: &mut Document, values: &[(String, Category)]) -> bool {
    if values.is_empty() {
        return true;
    }
    let mut found = vec![false; values.len()];
    for obj in doc.objects.values_mut() {
        replace_in(obj, values, &mut found, 0);
    }
    found.iter().all(|f| *f)
}

/// Objects nested deeper than this inside one object are not searched (the file would not
/// be a PDF a reader opens).
const MAX_NESTING: usize = 64;

fn replace_in(obj: &mut Object, values: &[(String, Category)], found: &mut [bool], depth: usize) {
    if depth > MAX_NESTING {
        return;
    }
    match obj {
        Object::String(bytes, _) => {
            let text = text_string(bytes);
            let spans = value_spans(&text, values, found);
            if !spans.is_empty() {
                *obj = pdf_text(&redact_str(&text, &spans));
            }
        }
        Object::Array(items) => {
            for item in items {
                replace_in(item, values, found, depth + 1);
            }
        }
        Object::Dictionary(d) => {
            for (_, v) in d.iter_mut() {
                replace_in(v, values, found, depth + 1);
            }
        }
        Object::Stream(s) => {
            for (_, v) in s.dict.iter_mut() {
                replace_in(v, values, found, depth + 1);
            }
        }
        _ => {}
    }
}

/// Drops what holds a copy of the pages made by their producer: thumbnails (`/Thumb`, a
/// picture of the page) and application data (`/PieceInfo`, where some editors keep the whole
/// original document), from every page and the catalog.
fn drop_copies(doc: &mut Document) {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for id in pages {
        if let Ok(page) = doc.get_dictionary_mut(id) {
            page.remove(b"Thumb");
            page.remove(b"PieceInfo");
        }
    }
    if let Ok(root) = catalog_id(doc)
        && let Ok(catalog) = doc.get_dictionary_mut(root)
    {
        catalog.remove(b"PieceInfo");
    }
}

/// Writes a complete new file: no earlier revision, no encryption left over, unreferenced
/// objects pruned.
fn save(mut doc: Document) -> Result<Vec<u8>, String> {
    for key in [b"Prev".as_slice(), b"XRefStm", b"Encrypt"] {
        doc.trailer.remove(key);
    }
    doc.encryption_state = None;
    doc.prune_objects();
    // Object numbers from 1 without gaps (qpdf warns about a decrypted file's otherwise).
    doc.renumber_objects();
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|_| "the PDF cannot be written")?;
    Ok(out)
}

#[cfg(test)]
mod tests;
