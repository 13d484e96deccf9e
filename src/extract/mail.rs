//! E-mail (RFC 5322 / MIME). Placeholder until the MIME extractor lands.

use super::{ExtractError, Extractor, Format, Opaque, Part};

pub fn extract(
    x: &mut Extractor,
    path: &str,
    bytes: &[u8],
    _depth: u32,
) -> Result<(), ExtractError> {
    let mut part = Part::new(path, Format::Mail, bytes.len());
    part.opaque = Some(Opaque::Unreadable("e-mail extraction not built yet".into()));
    x.push(part)?;
    Ok(())
}
