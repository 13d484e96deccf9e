//! CMaps as fonts use them: a `/ToUnicode` CMap (code space, `bfchar`, `bfrange` in both
//! forms) maps character codes to text; an embedded `/Encoding` CMap of a Type0 font gives the
//! code space (how many bytes make a code) and the CIDs (`cidchar`, `cidrange`) for widths.
//!
//! The parser is a small tokenizer over the PostScript-like syntax: it reads the sections it
//! knows and skips everything else, so a damaged CMap yields what could be read.

use std::collections::HashMap;

/// Ranges wider than this are clipped (a code space is at most 4 bytes, real CMaps map a few
/// thousand codes); entries beyond [`MAX_ENTRIES`] are dropped.
const MAX_RANGE: u32 = 0xFFFF;
const MAX_ENTRIES: usize = 200_000;

/// A parsed CMap. Codes are looked up by value; the code space says how long they are.
#[derive(Default)]
pub(super) struct CMap {
    /// `(bytes, low, high)` from `begincodespacerange`.
    pub codespace: Vec<(u8, u32, u32)>,
    /// Single codes (and small ranges, expanded) → text.
    chars: HashMap<u32, String>,
    /// Large `bfrange`s with a start value: `(low, high, UTF-16 of low's text)`.
    ranges: Vec<(u32, u32, Vec<u16>)>,
    /// `cidrange` / `cidchar`: `(low, high, first CID)`.
    pub cids: Vec<(u32, u32, u32)>,
}

impl CMap {
    /// Parses CMap source; never fails (unknown or broken parts are skipped).
    pub fn parse(src: &[u8]) -> CMap {
        let tokens = tokenize(src);
        let mut cmap = CMap::default();
        let mut i = 0;
        while let Some(tok) = tokens.get(i) {
            i += 1;
            let Tok::Word(word) = tok else { continue };
            let end: &[u8] = match word.as_slice() {
                b"begincodespacerange" => b"endcodespacerange",
                b"beginbfchar" => b"endbfchar",
                b"beginbfrange" => b"endbfrange",
                b"begincidchar" => b"endcidchar",
                b"begincidrange" => b"endcidrange",
                _ => continue,
            };
            let start = i;
            while tokens
                .get(i)
                .is_some_and(|t| !matches!(t, Tok::Word(w) if w == end))
            {
                i += 1;
            }
            let body = tokens.get(start..i).unwrap_or_default();
            match word.as_slice() {
                b"begincodespacerange" => cmap.codespace_section(body),
                b"beginbfchar" => cmap.bfchar_section(body),
                b"beginbfrange" => cmap.bfrange_section(body),
                b"begincidchar" => cmap.cidchar_section(body),
                _ => cmap.cidrange_section(body),
            }
        }
        cmap.ranges.sort_by_key(|r| r.0);
        cmap.cids.sort_by_key(|r| r.0);
        cmap
    }

    /// The text of `code`, if the CMap maps it.
    pub fn text(&self, code: u32) -> Option<String> {
        if let Some(s) = self.chars.get(&code) {
            return Some(s.clone());
        }
        let (lo, _, base) = find_range(&self.ranges, code)?;
        let mut units = base.clone();
        let last = units.last_mut()?;
        *last = last.wrapping_add((code - lo) as u16);
        Some(utf16(&units))
    }

    /// The CID of `code` from `cidchar`/`cidrange`, if any.
    pub fn cid(&self, code: u32) -> Option<u32> {
        find_range(&self.cids, code).map(|(lo, _, cid)| cid.saturating_add(code - lo))
    }

    fn full(&self) -> bool {
        self.chars.len() + self.ranges.len() + self.cids.len() >= MAX_ENTRIES
    }

    fn codespace_section(&mut self, body: &[Tok]) {
        for pair in body.chunks_exact(2) {
            if let [Tok::Hex(lo), Tok::Hex(hi)] = pair
                && (1..=4).contains(&lo.len())
                && self.codespace.len() < 256
            {
                self.codespace
                    .push((lo.len() as u8, be(lo), be(hi).max(be(lo))));
            }
        }
    }

    fn bfchar_section(&mut self, body: &[Tok]) {
        for pair in body.chunks_exact(2) {
            if self.full() {
                return;
            }
            match pair {
                [Tok::Hex(src), Tok::Hex(dst)] if src.len() <= 4 => {
                    self.chars.insert(be(src), utf16(&units(dst)));
                }
                // A glyph name as target (allowed by old CMaps): rare, its text is unknown.
                _ => {}
            }
        }
    }

    fn bfrange_section(&mut self, body: &[Tok]) {
        let mut i = 0;
        while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi)), Some(dst)) =
            (body.get(i), body.get(i + 1), body.get(i + 2))
        {
            i += 3;
            if self.full() || lo.len() > 4 || hi.len() > 4 {
                continue;
            }
            let (lo, hi) = (be(lo), be(hi));
            if hi < lo {
                continue;
            }
            let hi = hi.min(lo.saturating_add(MAX_RANGE));
            match dst {
                Tok::Hex(dst) => {
                    let base = units(dst);
                    if base.is_empty() {
                        continue;
                    }
                    if hi - lo < 256 {
                        for code in lo..=hi {
                            let mut u = base.clone();
                            if let Some(last) = u.last_mut() {
                                *last = last.wrapping_add((code - lo) as u16);
                            }
                            self.chars.insert(code, utf16(&u));
                        }
                    } else {
                        self.ranges.push((lo, hi, base));
                    }
                }
                Tok::Array(items) => {
                    for (code, item) in (lo..=hi).zip(items) {
                        if let Tok::Hex(d) = item {
                            self.chars.insert(code, utf16(&units(d)));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn cidchar_section(&mut self, body: &[Tok]) {
        for pair in body.chunks_exact(2) {
            if let [Tok::Hex(src), Tok::Int(cid)] = pair
                && src.len() <= 4
                && !self.full()
            {
                let code = be(src);
                self.cids.push((code, code, (*cid).max(0) as u32));
            }
        }
    }

    fn cidrange_section(&mut self, body: &[Tok]) {
        for triple in body.chunks_exact(3) {
            if let [Tok::Hex(lo), Tok::Hex(hi), Tok::Int(cid)] = triple
                && lo.len() <= 4
                && hi.len() <= 4
                && !self.full()
            {
                let (lo, hi) = (be(lo), be(hi));
                if lo <= hi {
                    self.cids.push((lo, hi, (*cid).max(0) as u32));
                }
            }
        }
    }
}

/// The range of `ranges` (sorted by low end) holding `key`: the last one starting at or before
/// it (overlapping ranges, which CMaps should not have, resolve to the later start).
pub(super) fn find_range<T>(ranges: &[(u32, u32, T)], key: u32) -> Option<&(u32, u32, T)> {
    let i = ranges.partition_point(|r| r.0 <= key).checked_sub(1)?;
    ranges.get(i).filter(|r| key <= r.1)
}

/// Big-endian value of up to 4 bytes.
fn be(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0, |v, b| (v << 8) | u32::from(*b))
}

/// UTF-16BE code units of a `bfchar`/`bfrange` target (a lone byte is one unit).
fn units(bytes: &[u8]) -> Vec<u16> {
    if bytes.len() == 1 {
        return vec![u16::from(bytes[0])];
    }
    bytes
        .chunks(2)
        .map(|c| match c {
            [a, b] => u16::from_be_bytes([*a, *b]),
            [a] => u16::from(*a),
            _ => 0,
        })
        .collect()
}

/// Text of UTF-16 code units; surrogate pairs joined, unpaired ones dropped.
pub(super) fn utf16(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .filter_map(Result::ok)
        .collect()
}

/// A CMap token. Dictionaries, names and literal strings are kept only as far as the sections
/// need them.
#[derive(Debug, PartialEq)]
enum Tok {
    Hex(Vec<u8>),
    Int(i64),
    Word(Vec<u8>),
    Array(Vec<Tok>),
    Other,
}

/// Tokenizes CMap source. Arrays nest one level (bfrange targets); deeper nesting is flattened.
fn tokenize(src: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut array: Option<Vec<Tok>> = None;
    let mut i = 0;
    while let Some(&c) = src.get(i) {
        let tok = match c {
            b'%' => {
                while src.get(i).is_some_and(|b| *b != b'\n' && *b != b'\r') {
                    i += 1;
                }
                continue;
            }
            b'<' if src.get(i + 1) == Some(&b'<') => {
                i += 2;
                Tok::Other
            }
            b'>' if src.get(i + 1) == Some(&b'>') => {
                i += 2;
                Tok::Other
            }
            b'<' => {
                i += 1;
                let mut digits = Vec::new();
                while let Some(&b) = src.get(i) {
                    i += 1;
                    if b == b'>' {
                        break;
                    }
                    if let Some(d) = (b as char).to_digit(16) {
                        digits.push(d as u8);
                    }
                }
                if digits.len() % 2 == 1 {
                    digits.push(0);
                }
                Tok::Hex(digits.chunks(2).map(|p| (p[0] << 4) | p[1]).collect())
            }
            b'[' => {
                i += 1;
                if array.is_none() {
                    array = Some(Vec::new());
                }
                continue;
            }
            b']' => {
                i += 1;
                match array.take() {
                    Some(items) => Tok::Array(items),
                    None => continue,
                }
            }
            b'(' => {
                // Literal string: skipped with nesting and escapes.
                let mut depth = 0usize;
                while let Some(&b) = src.get(i) {
                    i += 1;
                    match b {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                Tok::Other
            }
            c if c.is_ascii_whitespace() || c == 0 => {
                i += 1;
                continue;
            }
            _ => {
                let start = i;
                i += 1;
                while src
                    .get(i)
                    .is_some_and(|b| !b.is_ascii_whitespace() && !b"<>[]()/%{}".contains(b))
                {
                    i += 1;
                }
                let word = src.get(start..i).unwrap_or_default();
                match std::str::from_utf8(word).ok().and_then(|s| s.parse().ok()) {
                    Some(n) => Tok::Int(n),
                    None if word.first() == Some(&b'/') => Tok::Other,
                    None => Tok::Word(word.to_vec()),
                }
            }
        };
        match array.as_mut() {
            Some(items) => items.push(tok),
            None => out.push(tok),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar
<0003> <0020>
<0011> <00E9>
<0020> <D835DC00>
endbfchar
3 beginbfrange
<0024> <0026> <0041>
<0030> <0032> [<0066006C> <FB01> <0078>]
<1000> <2000> <4E00>
endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn tounicode_bfchar_bfrange_and_surrogates() {
        let c = CMap::parse(SAMPLE);
        assert_eq!(c.codespace, vec![(2, 0, 0xFFFF)]);
        assert_eq!(c.text(3).as_deref(), Some(" "));
        assert_eq!(c.text(0x11).as_deref(), Some("é"));
        assert_eq!(c.text(0x20).as_deref(), Some("\u{1D400}"));
        assert_eq!(c.text(0x25).as_deref(), Some("B"));
        assert_eq!(c.text(0x30).as_deref(), Some("fl"));
        assert_eq!(c.text(0x31).as_deref(), Some("\u{FB01}"));
        assert_eq!(c.text(0x32).as_deref(), Some("x"));
        assert_eq!(c.text(0x1001).as_deref(), Some("\u{4E01}"));
        assert_eq!(c.text(0x2001), None);
    }

    #[test]
    fn cid_ranges_and_one_byte_codespace() {
        let c = CMap::parse(
            b"2 begincodespacerange <00> <80> <8140> <9FFC> endcodespacerange
              1 begincidrange <8140> <817E> 633 endcidrange 1 begincidchar <20> 1 endcidchar",
        );
        assert_eq!(c.codespace, vec![(1, 0, 0x80), (2, 0x8140, 0x9FFC)]);
        assert_eq!(c.cid(0x8141), Some(634));
        assert_eq!(c.cid(0x20), Some(1));
        assert_eq!(c.cid(0x21), None);
    }

    #[test]
    fn broken_cmap_yields_what_it_could_read() {
        let c = CMap::parse(b"beginbfchar <01> <0041> <02> endbfchar beginbfrange <05> [");
        assert_eq!(c.text(1).as_deref(), Some("A"));
        assert_eq!(c.text(2), None);
    }
}
