//! Everything a PDF can hold text in outside its pages: the Info dictionary, XMP metadata,
//! outlines (bookmarks), form field values, annotations, and embedded files (extracted
//! recursively as child parts).
//!
//! Every walk here is iterative, guarded against reference cycles (each indirect object is
//! visited once) and calls [`Extractor::check_time`]; an object of the wrong type is skipped,
//! never an error. Segments carry no source map: their origin (Info key, field name, page of
//! the annotation) is the locator.
//!
//! - `info.rs`: Info dictionary.
//! - `xmp.rs`: XMP metadata, and the text of small XML or XHTML snippets (annotation rich text).
//! - `outline.rs`: bookmark titles.
//! - `forms.rs`: AcroForm field values; `xfa.rs`: XFA form data.
//! - `annots.rs`: annotations of every page.
//! - `embedded.rs`: embedded files (name tree and file attachment annotations).

mod annots;
mod embedded;
mod forms;
mod info;
mod outline;
mod xfa;
mod xmp;

use crate::extract::{ExtractError, Extractor, Opaque, Origin, Segment, SourceMap};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use std::collections::HashSet;

/// Adds the segments of everything outside the page text to the part pushed at `index`, and
/// extracts embedded files as its children.
pub(super) fn extract(
    x: &mut Extractor,
    doc: &Document,
    index: usize,
    depth: u32,
) -> Result<(), ExtractError> {
    let path = x.part_mut(index).path.clone();
    let mut out = Out::default();
    info::read(doc, &mut out);
    xmp::read(x, doc, &path, &mut out)?;
    outline::read(x, doc, &mut out)?;
    forms::read(x, doc, &path, &mut out)?;
    let mut files = embedded::Files::default();
    embedded::name_tree(x, doc, &mut out, &mut files)?;
    annots::read(x, doc, &path, &mut out, &mut files)?;
    x.part_mut(index).segments.extend(out.segments);
    if !out.unchecked.is_empty() {
        fail_closed(x, index, &out.unchecked);
    }
    embedded::extract(x, doc, &path, &files, depth)
}

/// Marks the part unreadable when something in it could not be checked, so that the policy
/// fails closed; when the part is already opaque (pages without text), says it in a notice.
fn fail_closed(x: &mut Extractor, index: usize, unchecked: &[&str]) {
    let why = format!(
        "PDF lu en partie ({}) : ce contenu n'a pas été vérifié",
        unchecked.join(", ")
    );
    let part = x.part_mut(index);
    if part.opaque.is_none() {
        part.opaque = Some(Opaque::Unreadable(why));
    } else {
        let path = part.path.clone();
        x.notice(&path, "pdf_partly_read", why);
    }
}

/// Segments gathered before they are added to the part, and what could not be checked.
#[derive(Default)]
struct Out {
    segments: Vec<Segment>,
    /// What was left unread (structural descriptions in French, each once).
    unchecked: Vec<&'static str>,
}

impl Out {
    /// Records that something could not be checked.
    fn unchecked(&mut self, what: &'static str) {
        if !self.unchecked.contains(&what) {
            self.unchecked.push(what);
        }
    }

    /// Adds `text` from `origin` unless it is blank.
    fn push(&mut self, text: String, origin: Origin) {
        if text.trim().is_empty() {
            return;
        }
        self.segments.push(Segment {
            text,
            origin,
            map: SourceMap::None,
        });
    }
}

/// How many items a walk handles between two looks at the clock.
const CLOCK_EVERY: usize = 256;

/// Indirect objects already seen by one walk: each is handled once, so a reference loop ends.
#[derive(Default)]
struct Seen(HashSet<ObjectId>);

impl Seen {
    /// True the first time `id` (if any: direct objects cannot loop) is seen.
    fn first(&mut self, id: Option<ObjectId>) -> bool {
        id.is_none_or(|id| self.0.insert(id))
    }
}

/// `obj` with references followed (lopdf caps the chain), and the id of the last reference.
fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> Option<(Option<ObjectId>, &'a Object)> {
    doc.dereference(obj).ok()
}

/// `obj` resolved, if it is a dictionary (or the dictionary of a stream).
fn dict<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match resolve(doc, obj)?.1 {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// Entry `key` of `d`, resolved.
fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    resolve(doc, d.get(key).ok()?).map(|(_, o)| o)
}

/// Entry `key` of `d` as a dictionary.
fn get_dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    dict(doc, d.get(key).ok()?)
}

/// Entry `key` of `d` as an array.
fn get_array<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a [Object]> {
    match get(doc, d, key)? {
        Object::Array(a) => Some(a),
        _ => None,
    }
}

/// Entry `key` of `d` as a text string (decoded), if it is a string.
fn get_text(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<String> {
    match get(doc, d, key)? {
        Object::String(bytes, _) => Some(text_string(bytes)),
        _ => None,
    }
}

/// Entry `key` of `d` as a name, if it is one.
fn get_name<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, d, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

/// The decoded bytes of `stream`, charged to the input's budget as part `path`; `None` when a
/// filter fails (damaged or unsupported). A stream that would break the budget is an error.
fn stream_bytes(
    x: &mut Extractor,
    path: &str,
    stream: &Stream,
) -> Result<Option<Vec<u8>>, ExtractError> {
    let budget = x.expand_budget();
    let cap = usize::try_from(budget).unwrap_or(usize::MAX);
    match stream.decompressed_content_with_limit(cap) {
        Ok(bytes) => {
            x.charge(path, bytes.len() as u64)?;
            Ok(Some(bytes))
        }
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            // More than the budget left: charging one byte past it breaks the limit.
            x.charge(path, budget.saturating_add(1))?;
            Ok(None)
        }
        Err(_) => Ok(None),
    }
}

/// The document catalog.
fn catalog(doc: &Document) -> Option<&Dictionary> {
    get_dict(doc, &doc.trailer, b"Root")
}

/// Decodes a PDF text string (PDF 32000 §7.9.2.2): UTF-16BE after its byte order mark, UTF-8
/// after its BOM (PDF 2.0), otherwise PDFDocEncoding. Undecodable units become U+FFFD; the
/// language escapes of UTF-16 strings (`ESC lang ESC`) are dropped.
pub(crate) fn text_string(bytes: &[u8]) -> String {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, u16::from_be_bytes)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        // Not in the standard, but written by some producers.
        utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        return bytes.iter().map(|&b| pdf_doc_char(b)).collect();
    };
    drop_language_escapes(text)
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

fn drop_language_escapes(text: String) -> String {
    if !text.contains('\u{1b}') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for (i, piece) in text.split('\u{1b}').enumerate() {
        // Odd pieces sit between two escapes: a language code.
        if i % 2 == 0 {
            out.push_str(piece);
        }
    }
    out
}

/// PDFDocEncoding (PDF 32000 Annex D.2): Latin-1 except 0x18–0x1F and 0x80–0xA0. The codes it
/// leaves undefined are read as Latin-1.
fn pdf_doc_char(b: u8) -> char {
    const LOW: [char; 8] = ['˘', 'ˇ', 'ˆ', '˙', '˝', '˛', '˚', '˜'];
    const HIGH: [char; 32] = [
        '•', '†', '‡', '…', '—', '–', 'ƒ', '⁄', '‹', '›', '−', '‰', '„', '“', '”', '‘', '’', '‚',
        '™', 'ﬁ', 'ﬂ', 'Ł', 'Œ', 'Š', 'Ÿ', 'Ž', 'ı', 'ł', 'œ', 'š', 'ž', '\u{9f}',
    ];
    match b {
        0x18..=0x1F => LOW[usize::from(b - 0x18)],
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        0xA0 => '€',
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests;
