//! PDF: text per page in reading order (Form XObjects included) with a glyph locator for every
//! character, plus everything else a PDF can hide text in: the Info dictionary and XMP metadata,
//! annotations, form field values, outlines, and embedded files (extracted recursively).
//!
//! - `content.rs`: the content-stream interpreter (text state, fonts, forms) that reports what
//!   it shows to a visitor; redaction walks pages with it too.
//! - `text.rs`: its extraction visitor, fonts and encodings, reading order → page segments.
//! - `extras.rs`: metadata, annotations, forms, outlines, embedded files.

mod cmap;
pub(crate) mod content;
pub(crate) mod extras;
pub(crate) mod fonts;
mod garble;
mod ink;
mod layout;
mod ocr;
pub(crate) mod render;
#[rustfmt::skip]
mod tables;
pub(crate) mod text;

use super::{ExtractError, Extractor, Format, Opaque, Part};

/// Extracts a PDF as the part at `path`.
pub fn extract(
    x: &mut Extractor,
    path: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<(), ExtractError> {
    let mut part = Part::new(path, Format::Pdf, bytes.len());
    let doc = match lopdf::Document::load_mem(bytes) {
        Ok(doc) => doc,
        Err(e) => {
            // lopdf's messages describe the structure (xref, header…), not the content.
            part.opaque = Some(Opaque::Unreadable(format!("PDF illisible : {e}")));
            x.push(part)?;
            return Ok(());
        }
    };
    // A PDF with a user password loads without error but with no pages.
    if doc.is_encrypted() {
        part.opaque = Some(Opaque::Encrypted);
        x.push(part)?;
        return Ok(());
    }
    text::pages(x, &doc, &mut part)?;
    let index = x.push(part)?;
    extras::extract(x, &doc, index, depth)
}

/// Renders page `page` (1-based) of the PDF `bytes` as tamis does before reading a page of drawn
/// text by OCR (`render.rs`: filled and stroked paths in their gray, at 300 dpi or what
/// `limits.max_ocr_pixels` allows), for benchmarks and tools. `None` when the PDF does not
/// load, has no such page, or passes the limits.
pub fn render_page(bytes: &[u8], page: u32, limits: &super::Limits) -> Option<crate::ocr::Gray> {
    let doc = lopdf::Document::load_mem(bytes).ok()?;
    let id = *doc.get_pages().get(&page)?;
    let frame = render::Frame::new(text::media_box(&doc, id), limits.max_ocr_pixels)?;
    let mut x = Extractor::start(bytes, limits).ok()?;
    let mut fonts = fonts::FontCache::new();
    render::render(&mut x, &doc, &mut fonts, id, frame).ok()?
}
