//! Reading bytes as text, with a map back to the bytes: the one decoding that text, HTML and XML
//! share.
//!
//! UTF-8 is read as is (a byte-order mark is skipped); anything else is decoded from the
//! encoding a byte-order mark or the caller names (HTML's `<meta charset>`), else as
//! Windows-1252, the superset of ISO-8859-1 that French office software writes. The map is a
//! list of [`Run`]s, as a [`Segment`](crate::extract::Segment)'s: UTF-8 is one verbatim run,
//! transcoded text a verbatim run per stretch of ASCII and a decoded run per other character,
//! so that every character maps to exactly its own bytes.

use encoding_rs::Encoding;
use std::borrow::Cow;

/// A run of segment text that comes from one place in the part's source bytes. Runs are sorted
/// by `text`; run `i` covers segment text `runs[i].text .. runs[i+1].text` (or the end).
/// `src_len` equal to the run's text length means the bytes are the same (offsets map one to
/// one inside the run); otherwise the run is decoded (an entity, a transcoded character) and
/// maps as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub text: u32,
    pub src: u32,
    pub src_len: u32,
}

/// Default limit on the size of one input.
pub const DEFAULT_MAX_INPUT: usize = 64 * 1024 * 1024;

/// Text decoded from bytes, and how its offsets map back to them.
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// The encoding that was read (`UTF-8`, `windows-1252`…).
    pub encoding: &'static str,
    /// Text offsets → byte offsets (see [`map_offset`]).
    pub runs: Vec<Run>,
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
    /// Whether the bytes were UTF-8 (text offsets are byte offsets, after any byte-order mark).
    pub fn is_utf8(&self) -> bool {
        self.encoding == "UTF-8"
    }

    /// The byte offset where the text from offset `t` on comes from (`t` a character boundary,
    /// at most the text's length).
    pub fn offset(&self, t: usize) -> usize {
        map_offset(&self.runs, self.text.len(), t, false)
    }

    /// The byte offset where the text up to offset `t` ends.
    pub fn end_offset(&self, t: usize) -> usize {
        map_offset(&self.runs, self.text.len(), t, true)
    }

    /// The byte range of text `start..end`.
    pub fn span(&self, start: usize, end: usize) -> (usize, usize) {
        (self.offset(start), self.end_offset(end))
    }

    /// The text, owned, with its runs.
    pub fn into_parts(self) -> (String, Vec<Run>) {
        (self.text.into_owned(), self.runs)
    }
}

/// Decodes `bytes` as text: UTF-8, else Windows-1252.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    decode_with(bytes, None)
}

/// Decodes `bytes` as text: UTF-8 (with or without a byte-order mark), else the encoding of a
/// byte-order mark, else `declared` (a declaration the caller read; a UTF-8 one is not believed
/// of bytes that are not UTF-8), else Windows-1252.
pub fn decode_with<'a>(bytes: &'a [u8], declared: Option<&'static Encoding>) -> Decoded<'a> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF")
        && let Ok(s) = std::str::from_utf8(rest)
    {
        return identity(s, 3);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return identity(s, 0);
    }
    let encoding = match Encoding::for_bom(bytes) {
        Some((enc, _)) => enc,
        None => declared
            .filter(|e| *e != encoding_rs::UTF_8)
            .unwrap_or(encoding_rs::WINDOWS_1252),
    };
    transcode(bytes, encoding)
}

fn identity(s: &str, offset: usize) -> Decoded<'_> {
    let runs = if s.is_empty() {
        Vec::new()
    } else {
        vec![Run {
            text: 0,
            src: offset as u32,
            src_len: s.len() as u32,
        }]
    };
    Decoded {
        text: Cow::Borrowed(s),
        encoding: "UTF-8",
        runs,
    }
}

/// Decodes `bytes` from `encoding`: a verbatim run per stretch of ASCII that stayed itself, a
/// decoded run per other character over the bytes it came from.
fn transcode(bytes: &[u8], encoding: &'static Encoding) -> Decoded<'static> {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut runs: Vec<Run> = Vec::new();
    let mut push = |text: &mut String, s: &str, src: usize, src_len: usize| {
        let at = text.len();
        text.push_str(s);
        let verbatim = s.len() == 1 && src_len == 1 && s.as_bytes()[0] == bytes[src];
        if verbatim && let Some(last) = runs.last_mut() {
            let last_len = at - last.text as usize;
            if last.src_len as usize == last_len && (last.src + last.src_len) as usize == src {
                last.src_len += 1;
                return;
            }
        }
        runs.push(Run {
            text: at as u32,
            src: src as u32,
            src_len: src_len as u32,
        });
    };
    if encoding.is_single_byte() {
        // One character per byte (an unmapped byte is U+FFFD): decode it whole.
        let (all, _) = encoding.decode_without_bom_handling(bytes);
        let mut buf = [0u8; 4];
        for (i, c) in all.chars().enumerate() {
            push(&mut text, c.encode_utf8(&mut buf), i, 1);
        }
    } else {
        let mut decoder = encoding.new_decoder_without_bom_handling();
        let mut buf = String::new();
        let mut seq_start = 0;
        for i in 0..=bytes.len() {
            let last = i == bytes.len();
            let input = bytes.get(i..i + 1).unwrap_or(&[]);
            buf.clear();
            buf.reserve(decoder.max_utf8_buffer_length(1).unwrap_or(16).max(16));
            let _ = decoder.decode_to_string(input, &mut buf, last);
            if buf.is_empty() {
                continue;
            }
            let end = (i + 1).min(bytes.len());
            push(&mut text, &buf, seq_start, end - seq_start);
            seq_start = end;
        }
    }
    Decoded {
        text: Cow::Owned(text),
        encoding: encoding.name(),
        runs,
    }
}

/// The source offset of text offset `t` through `runs`, over a text of `len` bytes; `is_end`
/// for the end of a range. Inside a verbatim run (as many bytes as text) offsets map one to
/// one; a decoded run (an entity, a transcoded character) maps as a whole: its start for a
/// start, its end for an end. Without runs the text is its own source.
pub fn map_offset(runs: &[Run], len: usize, t: usize, is_end: bool) -> usize {
    debug_assert!(t <= len, "text offset past the end of the text");
    if runs.is_empty() {
        return t;
    }
    // The run holding text byte t (or t-1 for an end offset).
    let probe = if is_end && t > 0 { t - 1 } else { t };
    let i = runs
        .partition_point(|r| r.text as usize <= probe)
        .saturating_sub(1);
    let r = runs[i];
    let run_len = runs.get(i + 1).map_or(len, |n| n.text as usize) - r.text as usize;
    let offset = t.saturating_sub(r.text as usize);
    if r.src_len as usize == run_len {
        r.src as usize + offset.min(run_len)
    } else if is_end && offset > 0 {
        (r.src + r.src_len) as usize
    } else {
        r.src as usize
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
        assert_eq!(d.offset(start), 8);
        assert_eq!(d.end_offset(d.text.len()), bytes.len());
        let e = d.text.find('è').unwrap();
        assert_eq!(d.span(e, e + 2), (4, 5));
    }

    #[test]
    fn bom_is_skipped() {
        let d = decode(b"\xEF\xBB\xBFAVC");
        assert_eq!(d.text, "AVC");
        assert_eq!(d.offset(0), 3);
        assert_eq!(d.end_offset(3), 6);
    }

    #[test]
    fn a_declared_multibyte_encoding_maps_each_character_to_its_bytes() {
        // "été" in Shift_JIS is not representable; use a two-byte kanji: 日本 = 93fa 967b.
        let bytes = b"a\x93\xfa\x96\x7bz";
        let d = decode_with(bytes, Some(encoding_rs::SHIFT_JIS));
        assert_eq!(d.text, "a日本z");
        let at = d.text.find('本').unwrap();
        assert_eq!(d.span(at, at + '本'.len_utf8()), (3, 5));
        assert_eq!(d.span(0, 1), (0, 1));
        assert_eq!(d.end_offset(d.text.len()), bytes.len());
        // A UTF-8 declaration of bytes that are not UTF-8 is not believed.
        assert_eq!(decode_with(b"\xe9", Some(encoding_rs::UTF_8)).text, "é");
    }
}
