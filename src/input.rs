//! Reading an input as text, with a map back to its original bytes.
//!
//! UTF-8 is read as is (a byte-order mark is skipped); anything else is decoded as Windows-1252,
//! the superset of ISO-8859-1 that French office software writes, one byte per character.

use std::borrow::Cow;

/// Default limit on the size of one input.
pub const DEFAULT_MAX_INPUT: usize = 64 * 1024 * 1024;

/// Text decoded from an input, and how to map its offsets back to the input's bytes.
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// The encoding that was read.
    pub encoding: &'static str,
    /// Bytes skipped at the start (a UTF-8 byte-order mark).
    skipped: usize,
    /// For transcoded input: the text byte offset where each input byte's character starts.
    char_starts: Option<Vec<u32>>,
}

impl std::fmt::Debug for Decoded<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decoded")
            .field("len", &self.text.len())
            .field("encoding", &self.encoding)
            .finish()
    }
}

impl Decoded<'_> {
    /// The input byte offset of text byte offset `i` (a character boundary, or the end).
    pub fn original_offset(&self, i: usize) -> usize {
        match &self.char_starts {
            None => i + self.skipped,
            Some(starts) => starts.partition_point(|&s| (s as usize) < i),
        }
    }
}

/// Decodes `bytes` as text.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    let (bytes_wo_bom, skipped) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, 3),
        None => (bytes, 0),
    };
    if let Ok(s) = std::str::from_utf8(bytes_wo_bom) {
        return Decoded {
            text: Cow::Borrowed(s),
            encoding: "UTF-8",
            skipped,
            char_starts: None,
        };
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    let starts = text
        .char_indices()
        .map(|(i, _)| i as u32)
        .collect::<Vec<_>>();
    Decoded {
        text: Cow::Owned(text.into_owned()),
        encoding: "windows-1252",
        skipped: 0,
        char_starts: Some(starts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_offsets_map_back() {
        let bytes = b"Diab\xe8te de type 2";
        let d = decode(bytes);
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(d.text, "Diabète de type 2");
        let start = d.text.find("de type").unwrap();
        assert_eq!(d.original_offset(start), 8);
        assert_eq!(d.original_offset(d.text.len()), bytes.len());
    }

    #[test]
    fn bom_is_skipped() {
        let d = decode(b"\xEF\xBB\xBFAVC");
        assert_eq!(d.text, "AVC");
        assert_eq!(d.original_offset(0), 3);
    }
}
