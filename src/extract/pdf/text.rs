//! Page text: placeholder until the content-stream interpreter lands.

use crate::extract::{ExtractError, Extractor, Part};

/// Fills `part` with one segment per page (and `part.pages`, `part.streams`, and
/// `part.opaque = ImagePages` for pages that only draw images).
pub(super) fn pages(
    x: &mut Extractor,
    doc: &lopdf::Document,
    part: &mut Part,
) -> Result<(), ExtractError> {
    let n = doc.get_pages().len();
    x.charge_pages(n)?;
    part.pages = Some(n as u32);
    Ok(())
}
