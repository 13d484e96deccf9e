//! Metadata, annotations, forms, outlines, embedded files: placeholder.

use crate::extract::{ExtractError, Extractor};

/// Adds the segments of everything outside the page text to the part pushed at `index`, and
/// extracts embedded files as its children.
pub(super) fn extract(
    _x: &mut Extractor,
    _doc: &lopdf::Document,
    _index: usize,
    _depth: u32,
) -> Result<(), ExtractError> {
    Ok(())
}
