//! HL7 CDA R2 and other XML. Placeholder until the CDA extractor lands.

use super::{ExtractError, Extractor, Format, Opaque, Part};

pub fn extract(
    x: &mut Extractor,
    path: &str,
    format: Format,
    bytes: &[u8],
    _depth: u32,
) -> Result<(), ExtractError> {
    let mut part = Part::new(path, format, bytes.len());
    part.opaque = Some(Opaque::Unreadable("XML extraction not built yet".into()));
    x.push(part)?;
    Ok(())
}
