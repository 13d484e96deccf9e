//! Plain text parts: UTF-8, or Windows-1252 (what French office software writes).

use super::{ExtractError, Extractor, Format, Origin, Part, Run, Segment, SourceMap};

/// Extracts a text part: one `Body` segment mapped back to the input's bytes.
pub fn extract(x: &mut Extractor, path: &str, bytes: &[u8]) -> Result<(), ExtractError> {
    let mut part = Part::new(path, Format::Text, bytes.len());
    part.segments.push(segment(bytes, Origin::Body));
    x.push(part)?;
    Ok(())
}

/// A segment of decoded text with runs back to `bytes`.
pub fn segment(bytes: &[u8], origin: Origin) -> Segment {
    let decoded = crate::input::decode(bytes);
    let text = decoded.text.into_owned();
    let map = if decoded.encoding == "UTF-8" {
        SourceMap::Runs(vec![Run {
            text: 0,
            src: (bytes.len() - text.len()) as u32,
            src_len: text.len() as u32,
        }])
    } else {
        // Windows-1252: one input byte per character; ASCII runs are verbatim.
        let mut runs: Vec<Run> = Vec::new();
        for (src, (t, c)) in text.char_indices().enumerate() {
            let ascii = c.is_ascii();
            match runs.last_mut() {
                Some(r) if ascii && r.src_len == (t as u32 - r.text) && is_ascii_run(&text, r) => {
                    r.src_len += 1
                }
                _ => runs.push(Run {
                    text: t as u32,
                    src: src as u32,
                    src_len: 1,
                }),
            }
        }
        SourceMap::Runs(runs)
    };
    Segment { text, origin, map }
}

fn is_ascii_run(text: &str, r: &Run) -> bool {
    text.as_bytes()[r.text as usize].is_ascii()
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
