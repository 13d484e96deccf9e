//! HTML to text with offsets kept. Placeholder until the HTML extractor lands.

use super::{ExtractError, Extractor, Format, Opaque, Part};

pub fn extract(x: &mut Extractor, path: &str, bytes: &[u8]) -> Result<(), ExtractError> {
    let mut part = Part::new(path, Format::Html, bytes.len());
    part.opaque = Some(Opaque::Unreadable("HTML extraction not built yet".into()));
    x.push(part)?;
    Ok(())
}
