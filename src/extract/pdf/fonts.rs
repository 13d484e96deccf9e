//! Fonts as the text extractor needs them: how a string splits into character codes, the
//! text of each code, and its advance width.
//!
//! Text: the `/ToUnicode` CMap wins when it maps the code (lopdf tries `/Encoding` first, which
//! gives wrong text for subset fonts with a custom encoding); otherwise the simple font's
//! encoding (`/Encoding` name or `/BaseEncoding` + `/Differences`, glyph names through the Adobe
//! Glyph List), or UTF-16 for the predefined `Uni…-UCS2`/`UTF16` CMaps.
//!
//! Widths: `/Widths` + `/FirstChar` (simple fonts), `/W` + `/DW` (CID fonts); the standard 14
//! fonts carry none, so their AFM widths are in [`super::tables`].

use super::cmap::{CMap, find_range, utf16};
use super::tables;
use lopdf::{Dictionary, Document, Object};
use std::collections::HashMap;

/// Bytes decompressed while loading a font (ToUnicode and CMap streams): at most this many per
/// stream, and they are charged to the input's budget by the caller.
const MAX_CMAP_BYTES: usize = 4 << 20;

/// Which width table a standard-14 font without `/Widths` uses.
#[derive(Clone, Copy)]
enum Std14 {
    Table(&'static [(u16, u16)]),
    /// Courier: every glyph is 600.
    Monospace,
}

/// How codes become CIDs in a Type0 font.
enum Cids {
    Identity,
    Map(CMap),
}

/// Widths in glyph units (1/1000 em for all but Type3 fonts).
enum Widths {
    Simple {
        first: u32,
        widths: Vec<f32>,
        missing: f32,
    },
    Cid {
        default: f32,
        /// `(first CID, last CID, width)`; `/W c [w1 w2 …]` entries are split one per CID.
        ranges: Vec<(u32, u32, f32)>,
    },
    /// No widths in the PDF: a standard-14 font's AFM, else a plain default.
    Builtin(Option<Std14>),
}

/// A loaded font.
pub(crate) struct Font {
    /// Code space of a Type0 font; `None` for simple fonts (one byte per code).
    codespace: Option<Vec<(u8, u32, u32)>>,
    cids: Cids,
    to_unicode: Option<CMap>,
    /// Simple fonts: text of each code from the encoding (empty: none).
    encoding: Vec<String>,
    /// Type0 with a predefined UCS-2/UTF-16 CMap: codes are UTF-16 units.
    utf16: bool,
    widths: Widths,
    /// Glyph units → text space (0.001, or a Type3 font's `/FontMatrix` a).
    scale: f32,
}

/// A character code and its length in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Code {
    pub value: u32,
    pub len: u8,
}

impl Font {
    /// Loads the font dictionary `dict`. Returns the font and the bytes it decompressed.
    pub fn load(doc: &Document, dict: &Dictionary, budget: u64) -> (Font, u64) {
        let mut spent = 0u64;
        let subtype = name(doc, dict, b"Subtype").unwrap_or_default();
        let base = name(doc, dict, b"BaseFont").unwrap_or_default();
        let mut load_cmap = |obj: Option<&Object>| -> Option<CMap> {
            let stream = deref(doc, obj)?.as_stream().ok()?;
            let limit = (budget.saturating_sub(spent) as usize).min(MAX_CMAP_BYTES);
            let bytes = match stream.get_plain_content_with_limit(limit) {
                Ok(bytes) => bytes,
                // Over the input's remaining budget: make the caller's charge fail.
                Err(_) if limit < MAX_CMAP_BYTES => {
                    spent = budget.saturating_add(1);
                    Vec::new()
                }
                Err(_) => Vec::new(),
            };
            spent = spent.saturating_add(bytes.len() as u64);
            Some(CMap::parse(&bytes))
        };
        let to_unicode = load_cmap(dict.get(b"ToUnicode").ok());
        let mut font = if subtype == b"Type0" {
            let descendant = deref(doc, dict.get(b"DescendantFonts").ok())
                .and_then(|o| o.as_array().ok())
                .and_then(|a| deref(doc, a.first()))
                .and_then(|o| o.as_dict().ok());
            let encoding = deref(doc, dict.get(b"Encoding").ok());
            let (codespace, cids, utf16) = match encoding {
                Some(Object::Name(n)) => {
                    let utf = n.starts_with(b"Uni")
                        && (n.windows(4).any(|w| w == b"UCS2")
                            || n.windows(5).any(|w| w == b"UTF16"));
                    (vec![(2, 0, 0xFFFF)], Cids::Identity, utf)
                }
                Some(Object::Stream(_)) => match load_cmap(dict.get(b"Encoding").ok()) {
                    Some(c) if !c.codespace.is_empty() => {
                        (c.codespace.clone(), Cids::Map(c), false)
                    }
                    _ => (vec![(2, 0, 0xFFFF)], Cids::Identity, false),
                },
                _ => (vec![(2, 0, 0xFFFF)], Cids::Identity, false),
            };
            let widths = descendant.map_or(
                Widths::Cid {
                    default: 1000.0,
                    ranges: Vec::new(),
                },
                |d| cid_widths(doc, d),
            );
            Font {
                codespace: Some(codespace),
                cids,
                to_unicode: None,
                encoding: Vec::new(),
                utf16,
                widths,
                scale: 0.001,
            }
        } else {
            let std14 = std14(&base);
            Font {
                codespace: None,
                cids: Cids::Identity,
                to_unicode: None,
                encoding: simple_encoding(doc, dict, &subtype, &base),
                utf16: false,
                widths: simple_widths(doc, dict).unwrap_or(Widths::Builtin(std14)),
                scale: if subtype == b"Type3" {
                    font_matrix_scale(doc, dict)
                } else {
                    0.001
                },
            }
        };
        font.to_unicode = to_unicode;
        (font, spent)
    }

    /// Splits a shown string into character codes.
    pub fn codes(&self, bytes: &[u8]) -> Vec<Code> {
        let Some(space) = &self.codespace else {
            return bytes
                .iter()
                .map(|b| Code {
                    value: u32::from(*b),
                    len: 1,
                })
                .collect();
        };
        let shortest = space.iter().map(|(n, _, _)| *n).min().unwrap_or(2).max(1);
        let mut out = Vec::with_capacity(bytes.len() / 2 + 1);
        let mut i = 0;
        while i < bytes.len() {
            let mut found = None;
            for n in 1..=4u8 {
                let Some(chunk) = bytes.get(i..i + n as usize) else {
                    break;
                };
                let value = chunk.iter().fold(0u32, |v, b| (v << 8) | u32::from(*b));
                if space
                    .iter()
                    .any(|(len, lo, hi)| *len == n && *lo <= value && value <= *hi)
                {
                    found = Some(Code { value, len: n });
                    break;
                }
            }
            let code = found.unwrap_or_else(|| {
                let n = (shortest as usize).min(bytes.len() - i);
                let chunk = bytes.get(i..i + n).unwrap_or_default();
                Code {
                    value: chunk.iter().fold(0u32, |v, b| (v << 8) | u32::from(*b)),
                    len: n as u8,
                }
            });
            i += code.len.max(1) as usize;
            out.push(code);
        }
        out
    }

    /// The text of a code (not normalised; empty when unknown).
    pub fn text(&self, code: Code) -> String {
        if let Some(t) = self.to_unicode.as_ref().and_then(|c| c.text(code.value)) {
            return t;
        }
        if self.utf16 {
            return utf16(&[code.value as u16]);
        }
        self.encoding
            .get(code.value as usize)
            .cloned()
            .unwrap_or_default()
    }

    /// Advance of a code in text space units per unit of font size (before Tc, Tw, Tz).
    pub fn width(&self, code: Code) -> f32 {
        let w = match &self.widths {
            Widths::Simple {
                first,
                widths,
                missing,
            } => code
                .value
                .checked_sub(*first)
                .and_then(|i| widths.get(i as usize))
                .copied()
                .unwrap_or(*missing),
            Widths::Cid { default, ranges } => {
                let cid = match &self.cids {
                    Cids::Identity => code.value,
                    Cids::Map(m) => m.cid(code.value).unwrap_or(0),
                };
                find_range(ranges, cid).map_or(*default, |(_, _, w)| *w)
            }
            Widths::Builtin(Some(Std14::Monospace)) => 600.0,
            Widths::Builtin(Some(Std14::Table(table))) => self
                .encoding
                .get(code.value as usize)
                .and_then(|t| t.chars().next())
                .and_then(|c| u16::try_from(u32::from(c)).ok())
                .and_then(|u| table.binary_search_by_key(&u, |(c, _)| *c).ok())
                .and_then(|i| table.get(i))
                .map_or(500.0, |(_, w)| f32::from(*w)),
            Widths::Builtin(None) => 500.0,
        };
        w * self.scale
    }
}

/// Follows a reference (one level is what fonts use; lopdf caps chains).
fn deref<'a>(doc: &'a Document, obj: Option<&'a Object>) -> Option<&'a Object> {
    doc.dereference(obj?).ok().map(|(_, o)| o)
}

fn name(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<Vec<u8>> {
    deref(doc, dict.get(key).ok())?
        .as_name()
        .ok()
        .map(<[u8]>::to_vec)
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// The standard-14 width table for a base font name (subset prefix and common aliases
/// such as Arial / TimesNewRoman allowed).
fn std14(base: &[u8]) -> Option<Std14> {
    let base = match base.iter().position(|b| *b == b'+') {
        Some(6) => base.get(7..).unwrap_or_default(),
        _ => base,
    };
    let name: String = String::from_utf8_lossy(base)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let bold = name.contains("bold");
    let italic = name.contains("italic") || name.contains("oblique");
    if name.starts_with("courier") {
        Some(Std14::Monospace)
    } else if name.starts_with("helvetica") || name.starts_with("arial") {
        Some(Std14::Table(if bold {
            tables::HELVETICA_BOLD
        } else {
            tables::HELVETICA
        }))
    } else if name.starts_with("times") {
        Some(Std14::Table(match (bold, italic) {
            (true, true) => tables::TIMES_BOLD_ITALIC,
            (true, false) => tables::TIMES_BOLD,
            (false, true) => tables::TIMES_ITALIC,
            (false, false) => tables::TIMES_ROMAN,
        }))
    } else {
        None
    }
}

/// `/Widths` + `/FirstChar` (+ `/MissingWidth` of the descriptor), if present.
fn simple_widths(doc: &Document, dict: &Dictionary) -> Option<Widths> {
    let widths = deref(doc, dict.get(b"Widths").ok())?.as_array().ok()?;
    let first = deref(doc, dict.get(b"FirstChar").ok())
        .and_then(number)
        .unwrap_or(0.0)
        .max(0.0) as u32;
    let missing = deref(doc, dict.get(b"FontDescriptor").ok())
        .and_then(|d| d.as_dict().ok())
        .and_then(|d| deref(doc, d.get(b"MissingWidth").ok()))
        .and_then(number)
        .unwrap_or(0.0);
    Some(Widths::Simple {
        first,
        widths: widths
            .iter()
            .take(65_536)
            .map(|w| deref(doc, Some(w)).and_then(number).unwrap_or(missing))
            .collect(),
        missing,
    })
}

/// `/W` + `/DW` of a CID font.
fn cid_widths(doc: &Document, cid_font: &Dictionary) -> Widths {
    let default = deref(doc, cid_font.get(b"DW").ok())
        .and_then(number)
        .unwrap_or(1000.0);
    let mut ranges = Vec::new();
    if let Some(w) = deref(doc, cid_font.get(b"W").ok()).and_then(|o| o.as_array().ok()) {
        let mut i = 0;
        while let Some(first) = w.get(i).and_then(|o| deref(doc, Some(o))).and_then(number) {
            let first = first.max(0.0) as u32;
            match w.get(i + 1).and_then(|o| deref(doc, Some(o))) {
                Some(Object::Array(list)) => {
                    for (k, width) in list.iter().enumerate().take(65_536) {
                        if let Some(width) = deref(doc, Some(width)).and_then(number) {
                            let cid = first.saturating_add(k as u32);
                            ranges.push((cid, cid, width));
                        }
                    }
                    i += 2;
                }
                Some(last) => {
                    let last = number(last).unwrap_or(0.0).max(0.0) as u32;
                    let width = w
                        .get(i + 2)
                        .and_then(|o| deref(doc, Some(o)))
                        .and_then(number)
                        .unwrap_or(default);
                    ranges.push((first, last, width));
                    i += 3;
                }
                None => break,
            }
            if ranges.len() > 200_000 {
                break;
            }
        }
    }
    // Sorted by first CID for bisection.
    ranges.sort_by_key(|r| r.0);
    Widths::Cid { default, ranges }
}

/// A Type3 font's `/FontMatrix` horizontal scale (glyph units → text space).
fn font_matrix_scale(doc: &Document, dict: &Dictionary) -> f32 {
    deref(doc, dict.get(b"FontMatrix").ok())
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.first())
        .and_then(number)
        .filter(|a| a.is_finite() && *a != 0.0)
        .unwrap_or(0.001)
}

/// A named base encoding's table.
fn base_table(name: &[u8]) -> Option<&'static [u16; 256]> {
    match name {
        b"WinAnsiEncoding" => Some(&tables::WIN_ANSI),
        b"MacRomanEncoding" => Some(&tables::MAC_ROMAN),
        b"StandardEncoding" => Some(&tables::STANDARD),
        b"PDFDocEncoding" => Some(&tables::PDF_DOC),
        _ => None,
    }
}

/// The text of each code of a simple font, from its `/Encoding` (or the font's built-in one:
/// Standard for Type1, WinAnsi for TrueType, Symbol for Symbol).
fn simple_encoding(doc: &Document, dict: &Dictionary, subtype: &[u8], base: &[u8]) -> Vec<String> {
    let builtin: &[u16; 256] = if base.ends_with(b"Symbol") {
        &tables::SYMBOL
    } else if subtype == b"TrueType" {
        &tables::WIN_ANSI
    } else {
        &tables::STANDARD
    };
    let encoding = deref(doc, dict.get(b"Encoding").ok());
    let (table, differences) = match encoding {
        Some(Object::Name(n)) => (base_table(n).unwrap_or(builtin), None),
        Some(Object::Dictionary(d)) => {
            let table = name(doc, d, b"BaseEncoding")
                .and_then(|n| base_table(&n))
                .unwrap_or(builtin);
            let diffs = deref(doc, d.get(b"Differences").ok()).and_then(|o| o.as_array().ok());
            (table, diffs)
        }
        _ => (builtin, None),
    };
    let mut out: Vec<String> = table
        .iter()
        .map(|u| {
            char::from_u32(u32::from(*u))
                .filter(|_| *u != 0)
                .map(String::from)
                .unwrap_or_default()
        })
        .collect();
    if let Some(diffs) = differences {
        let mut code = 0usize;
        for item in diffs {
            match deref(doc, Some(item)) {
                Some(Object::Integer(n)) => code = (*n).clamp(0, 256) as usize,
                Some(Object::Name(g)) => {
                    if let Some(slot) = out.get_mut(code) {
                        *slot = glyph_text(g).unwrap_or_default();
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    out
}

/// The text of a glyph name (Adobe Glyph List, `uniXXXX…`, `uXXXX[XX]`, `f_f_i` ligature
/// names, suffixes such as `.sc` dropped).
pub(super) fn glyph_text(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    let name = name.split('.').next().unwrap_or(name);
    if name.is_empty() {
        return None;
    }
    if name.contains('_') {
        let parts: Option<String> = name.split('_').map(|p| glyph_text(p.as_bytes())).collect();
        return parts;
    }
    if let Ok(i) = tables::GLYPH_NAMES.binary_search_by_key(&name, |(n, _)| n) {
        return tables::GLYPH_NAMES
            .get(i)
            .and_then(|(_, u)| char::from_u32(u32::from(*u)))
            .map(String::from);
    }
    let hex = |s: &str| u32::from_str_radix(s, 16).ok().and_then(char::from_u32);
    if let Some(rest) = name.strip_prefix("uni")
        && rest.len() >= 4
        && rest.len() % 4 == 0
        && rest.bytes().all(|b| b.is_ascii_hexdigit())
    {
        let units: Vec<u16> = rest
            .as_bytes()
            .chunks(4)
            .filter_map(|c| std::str::from_utf8(c).ok())
            .filter_map(|c| u16::from_str_radix(c, 16).ok())
            .collect();
        let s = utf16(&units);
        return (!s.is_empty()).then_some(s);
    }
    if let Some(rest) = name.strip_prefix('u')
        && (4..=6).contains(&rest.len())
        && rest.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return hex(rest).map(String::from);
    }
    None
}

/// Font cache key: fonts given by reference are loaded once per document.
pub(crate) type FontCache = HashMap<lopdf::ObjectId, std::rc::Rc<Font>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names_to_text() {
        assert_eq!(glyph_text(b"eacute").as_deref(), Some("é"));
        assert_eq!(glyph_text(b"fi").as_deref(), Some("\u{FB01}"));
        assert_eq!(glyph_text(b"quoteright").as_deref(), Some("\u{2019}"));
        assert_eq!(glyph_text(b"uni00E9").as_deref(), Some("é"));
        assert_eq!(glyph_text(b"uni00660069").as_deref(), Some("fi"));
        assert_eq!(glyph_text(b"u1D400").as_deref(), Some("\u{1D400}"));
        assert_eq!(glyph_text(b"f_f_i").as_deref(), Some("ffi"));
        assert_eq!(glyph_text(b"a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_text(b"oe").as_deref(), Some("œ"));
        assert_eq!(glyph_text(b"g123"), None);
    }

    #[test]
    fn standard_fonts_have_afm_widths() {
        assert!(matches!(std14(b"Helvetica"), Some(Std14::Table(_))));
        assert!(
            matches!(std14(b"ABCDEF+Arial,Bold"), Some(Std14::Table(t)) if std::ptr::eq(t, tables::HELVETICA_BOLD))
        );
        assert!(matches!(std14(b"Courier-Oblique"), Some(Std14::Monospace)));
        assert!(std14(b"DejaVuSans").is_none());
        let font = Font {
            codespace: None,
            cids: Cids::Identity,
            to_unicode: None,
            encoding: simple_encoding(
                &Document::new(),
                &lopdf::dictionary! { "Encoding" => "WinAnsiEncoding" },
                b"Type1",
                b"Helvetica",
            ),
            utf16: false,
            widths: Widths::Builtin(std14(b"Helvetica")),
            scale: 0.001,
        };
        let code = |v| Code { value: v, len: 1 };
        assert_eq!((font.width(code(u32::from(b' '))) * 1000.0).round(), 278.0);
        assert_eq!((font.width(code(0xE9)) * 1000.0).round(), 556.0); // é in WinAnsi
        assert_eq!(font.text(code(0x80)), "€");
        assert_eq!(font.text(code(0x9C)), "œ");
    }
}
