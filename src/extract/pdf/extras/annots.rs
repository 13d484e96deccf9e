//! Annotations of every page: comments, sticky notes, free text, their authors, rich text,
//! link targets; file attachment annotations hand their file to `embedded.rs`.

use super::embedded::Files;
use super::xmp::{rich_text, xml_string};
use super::{
    CLOCK_EVERY, Out, Seen, get, get_array, get_dict, get_name, get_text, stream_bytes, text_string,
};
use crate::extract::{ExtractError, Extractor, Origin};
use lopdf::{Dictionary, Document, Object};

/// Adds the text of every annotation of every page as `Origin::Annotation(page)`, one segment
/// per entry (`/T` author, `/Subj`, `/Contents`, `/RC` rich text when it says more than
/// `/Contents`, a link's URI), and collects the files of file attachment annotations.
pub(super) fn read(
    x: &mut Extractor,
    doc: &Document,
    path: &str,
    out: &mut Out,
    files: &mut Files,
) -> Result<(), ExtractError> {
    let mut seen = Seen::default();
    for (page, page_id) in doc.get_pages() {
        x.check_time()?;
        let Ok(page_dict) = doc.get_dictionary(page_id) else {
            continue;
        };
        let Some(annots) = get_array(doc, page_dict, b"Annots") else {
            continue;
        };
        for (i, annot) in annots.iter().enumerate() {
            if i.is_multiple_of(CLOCK_EVERY) {
                x.check_time()?;
            }
            let Some((id, Object::Dictionary(annot))) = doc.dereference(annot).ok() else {
                continue;
            };
            if seen.first(id) {
                one(x, doc, path, annot, page, out, files)?;
            }
        }
    }
    Ok(())
}

fn one(
    x: &mut Extractor,
    doc: &Document,
    path: &str,
    annot: &Dictionary,
    page: u32,
    out: &mut Out,
    files: &mut Files,
) -> Result<(), ExtractError> {
    let subtype = get_name(doc, annot, b"Subtype").unwrap_or_default();
    // A widget's value is read with the form; a pop-up shows its parent's text.
    if subtype == b"Widget" || subtype == b"Popup" {
        return Ok(());
    }
    let origin = Origin::Annotation(page);
    for key in [b"T".as_slice(), b"Subj"] {
        if let Some(text) = get_text(doc, annot, key) {
            out.push(text, origin.clone());
        }
    }
    let contents = get_text(doc, annot, b"Contents").unwrap_or_default();
    if let Some(rich) = rich(x, doc, path, annot)?
        && !same_words(&rich, &contents)
    {
        out.push(rich, origin.clone());
    }
    out.push(contents, origin.clone());
    if subtype == b"Link"
        && let Some(action) = get_dict(doc, annot, b"A")
        && let Some(Object::String(uri, _)) = get(doc, action, b"URI")
    {
        out.push(String::from_utf8_lossy(uri).into_owned(), origin);
    }
    if subtype == b"FileAttachment"
        && let Some(spec) = annot.get(b"FS").ok()
    {
        files.add(doc, spec, None);
    }
    Ok(())
}

/// The text of the annotation's rich text (`/RC`, XHTML in a text string or a stream).
fn rich(
    x: &mut Extractor,
    doc: &Document,
    path: &str,
    annot: &Dictionary,
) -> Result<Option<String>, ExtractError> {
    let xml = match get(doc, annot, b"RC") {
        Some(Object::String(bytes, _)) => text_string(bytes),
        Some(Object::Stream(stream)) => match stream_bytes(x, path, stream)? {
            Some(bytes) => xml_string(&bytes),
            None => return Ok(None),
        },
        _ => return Ok(None),
    };
    rich_text(x, &xml).map(Some)
}

/// Whether two texts have the same words (rich text usually repeats `/Contents`).
fn same_words(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}
