//! The XML source as text, and text builders that keep a map back to its bytes.

use crate::extract::{Origin, Run, Segment, SourceMap};
use std::borrow::Cow;

/// The input as UTF-8 text, with the map back to the input's bytes when it had to be decoded.
pub(crate) struct Source<'b> {
    pub text: Cow<'b, str>,
    /// `map[d]` = input byte offset of decoded byte `d` (length `text.len() + 1`); `None` when
    /// the input is UTF-8 and offsets are the same.
    map: Option<Vec<u32>>,
}

impl<'b> Source<'b> {
    /// UTF-8 as is; anything else is read as Windows-1252 (ISO-8859-1 declarations included,
    /// as the WHATWG labels do), one input byte per character.
    pub fn new(bytes: &'b [u8]) -> Source<'b> {
        if let Ok(text) = std::str::from_utf8(bytes) {
            return Source {
                text: Cow::Borrowed(text),
                map: None,
            };
        }
        let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
        let text = text.into_owned();
        let mut map = Vec::with_capacity(text.len() + 1);
        for (i, c) in text.chars().enumerate() {
            for _ in 0..c.len_utf8() {
                map.push(i as u32);
            }
        }
        map.push(bytes.len() as u32);
        // The XML declaration may still say ISO-8859-1: quick-xml reads text, not bytes, here.
        Source {
            text: Cow::Owned(text),
            map: Some(map),
        }
    }

    /// The input byte offset of text offset `d`.
    pub fn src(&self, d: usize) -> usize {
        match &self.map {
            None => d,
            Some(map) => map.get(d).copied().unwrap_or(0) as usize,
        }
    }

    /// The text offset of `s`, a slice borrowed from the text (event content); `None` if it is
    /// not (an owned copy).
    pub fn offset_of(&self, s: &str) -> Option<usize> {
        let base = self.text.as_ptr() as usize;
        let p = s.as_ptr() as usize;
        (p >= base && p + s.len() <= base + self.text.len()).then(|| p - base)
    }
}

/// Segment text under construction, with runs back to the input.
#[derive(Default)]
pub(super) struct TextBuf {
    pub text: String,
    pub runs: Vec<Run>,
}

impl TextBuf {
    /// Appends `s`, which is the text bytes `at..at + s.len()` verbatim. In a transcoded
    /// input (Windows-1252), ASCII stretches map byte for byte and every other character to
    /// its own source byte, so that a value's source range is exactly its bytes.
    pub fn verbatim(&mut self, src: &Source, s: &str, at: usize) {
        if s.is_empty() {
            return;
        }
        if src.map.is_none() || s.is_ascii() {
            let (from, to) = (src.src(at), src.src(at + s.len()));
            self.push(s, from, to - from);
            return;
        }
        let mut start = 0;
        for (i, c) in s.char_indices() {
            if c.is_ascii() {
                continue;
            }
            if start < i {
                self.verbatim(src, &s[start..i], at + start);
            }
            let end = i + c.len_utf8();
            let (from, to) = (src.src(at + i), src.src(at + end));
            self.push(&s[i..end], from, to - from);
            start = end;
        }
        if start < s.len() {
            self.verbatim(src, &s[start..], at + start);
        }
    }

    /// Appends `s`, decoded from the text bytes `at..at + raw_len` (an entity reference).
    pub fn decoded(&mut self, src: &Source, s: &str, at: usize, raw_len: usize) {
        if s.is_empty() {
            return;
        }
        let (from, to) = (src.src(at), src.src(at + raw_len));
        self.push(s, from, to - from);
    }

    /// Appends a separator that is not in the source (a tab between table cells), mapped to
    /// the empty source range at text offset `at`.
    pub fn separator(&mut self, src: &Source, s: &str, at: usize) {
        let from = src.src(at);
        self.push(s, from, 0);
    }

    fn push(&mut self, s: &str, src: usize, src_len: usize) {
        let text = self.text.len() as u32;
        // Extend the last run when this one continues it verbatim in the source.
        if let Some(last) = self.runs.last_mut() {
            let len = text - last.text;
            if last.src_len == len
                && src_len == s.len()
                && (last.src + last.src_len) as usize == src
            {
                last.src_len += src_len as u32;
                self.text.push_str(s);
                return;
            }
        }
        self.runs.push(Run {
            text,
            src: src as u32,
            src_len: src_len as u32,
        });
        self.text.push_str(s);
    }

    /// Whether there is nothing but whitespace.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Ends with a line break (or is empty).
    pub fn at_line_start(&self) -> bool {
        self.text.is_empty() || self.text.ends_with('\n')
    }

    /// The source byte range of all the text, when mapped.
    pub fn span(&self) -> Option<(usize, usize)> {
        let seg = self.as_segment_ref();
        seg.source_span(0, self.text.len())
    }

    fn as_segment_ref(&self) -> Segment {
        // Cheap enough for the short values this is used on (names, addresses).
        Segment {
            text: self.text.clone(),
            origin: Origin::Body,
            map: SourceMap::Runs(self.runs.clone()),
        }
    }

    /// The source byte range of text `start..end`.
    pub fn span_of(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        self.as_segment_ref().source_span(start, end)
    }

    /// The segment of this text, from `origin`.
    pub fn into_segment(self, origin: Origin) -> Segment {
        Segment {
            text: self.text,
            origin,
            map: SourceMap::Runs(self.runs),
        }
    }
}

/// The replacement text of entity reference `name` (`amp`, `#233`, `#xE9`); `None` for an
/// entity that XML does not predefine (kept verbatim by the caller).
pub(super) fn resolve_entity(name: &str) -> Option<Cow<'static, str>> {
    let s = match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "apos" => "'",
        "quot" => "\"",
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse::<u32>().ok()?,
            };
            return char::from_u32(code).map(|c| Cow::Owned(c.to_string()));
        }
    };
    Some(Cow::Borrowed(s))
}

/// An attribute value unescaped, with runs back to the input. `raw` is the value as written,
/// at text offset `at`.
pub(super) fn unescape(src: &Source, raw: &str, at: usize) -> TextBuf {
    let mut out = TextBuf::default();
    let mut rest = raw;
    let mut pos = at;
    while let Some(amp) = rest.find('&') {
        out.verbatim(src, &rest[..amp], pos);
        let after = &rest[amp + 1..];
        let Some(semi) = after.find(';').filter(|&s| s <= 32) else {
            // A lone '&' (not well-formed, but keep the text).
            out.verbatim(src, "&", pos + amp);
            rest = after;
            pos += amp + 1;
            continue;
        };
        let name = &after[..semi];
        let raw_len = semi + 2;
        match resolve_entity(name) {
            Some(s) => out.decoded(src, &s, pos + amp, raw_len),
            None => out.verbatim(src, &rest[amp..amp + raw_len], pos + amp),
        }
        rest = &after[semi + 1..];
        pos += amp + raw_len;
    }
    out.verbatim(src, rest, pos);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_values_unescape_with_runs() {
        let xml = r#"<x a="D&amp;Fils &#233;t&eacute;"/>"#;
        let src = Source::new(xml.as_bytes());
        let at = xml.find("D&").unwrap();
        let raw = &xml[at..xml.rfind('"').unwrap()];
        let v = unescape(&src, raw, at);
        assert_eq!(v.text, "D&Fils ét&eacute;");
        let fils = v.text.find("Fils").unwrap();
        let (s, e) = v.span_of(fils, fils + 4).unwrap();
        assert_eq!(&xml[s..e], "Fils");
        let (s, e) = v.span_of(0, v.text.len()).unwrap();
        assert_eq!(&xml[s..e], raw);
    }

    #[test]
    fn windows_1252_text_maps_each_word_to_its_bytes() {
        let bytes = b"<a>R\xe9sidente pour chute.</a>";
        let src = Source::new(bytes);
        let mut buf = TextBuf::default();
        let text = "Résidente pour chute.";
        buf.verbatim(&src, text, src.text.find('R').unwrap());
        assert_eq!(buf.text, text);
        let at = text.find("chute").unwrap();
        let (s, e) = buf.span_of(at, at + 5).unwrap();
        assert_eq!(&bytes[s..e], b"chute");
        let (s, e) = buf.span_of(0, text.find(' ').unwrap()).unwrap();
        assert_eq!(&bytes[s..e], b"R\xe9sidente");
    }

    #[test]
    fn windows_1252_input_maps_to_its_bytes() {
        let bytes = b"<a>H\xe9l\xe8ne</a>";
        let src = Source::new(bytes);
        assert_eq!(src.text, "<a>Hélène</a>");
        assert_eq!(src.src(src.text.find("</a>").unwrap()), 9);
    }
}
