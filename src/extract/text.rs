//! Plain text parts: UTF-8, or Windows-1252 (what French office software writes).

use super::{ExtractError, Extractor, Format, Origin, Part, Segment, SourceMap};

/// Extracts a text part: one `Body` segment mapped back to the input's bytes.
pub fn extract(x: &mut Extractor, path: &str, bytes: &[u8]) -> Result<(), ExtractError> {
    let mut part = Part::new(path, Format::Text, bytes.len());
    part.segments.push(segment(bytes, Origin::Body));
    x.push(part)?;
    Ok(())
}

/// A segment of decoded text with runs back to `bytes`.
pub fn segment(bytes: &[u8], origin: Origin) -> Segment {
    let (text, runs) = crate::input::decode(bytes).into_parts();
    Segment {
        text,
        origin,
        map: SourceMap::Runs(runs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_maps_back_to_input_bytes() {
        let bytes = b"Diab\xe8te de type 2";
        let seg = segment(bytes, Origin::Body);
        assert_eq!(seg.text, "Diabète de type 2");
        let start = seg.text.find("de type").unwrap();
        assert_eq!(
            seg.source_span(start, seg.text.len()),
            Some((8, bytes.len()))
        );
        let e = seg.text.find('è').unwrap();
        assert_eq!(seg.source_span(e, e + 2), Some((4, 5)));
    }

    #[test]
    fn utf8_with_bom() {
        let seg = segment(b"\xEF\xBB\xBFAVC", Origin::Body);
        assert_eq!(seg.text, "AVC");
        assert_eq!(seg.source_span(0, 3), Some((3, 6)));
    }
}
