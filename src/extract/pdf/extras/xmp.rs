//! XMP metadata (the catalog's `/Metadata` stream), and the text of the small XML documents a
//! PDF holds elsewhere (annotation rich text, XFA form data).

use super::{Out, catalog, resolve, stream_bytes, text_string};
use crate::extract::xml::{self, Index, Options, Outcome, Raw, Source, Tag, Visitor};
use crate::extract::{ExtractError, Extractor, Origin};
use lopdf::{Document, Object};

/// Adds the values of the catalog's XMP packet as one `Origin::Xmp` segment, one value a line.
/// A packet that cannot be decoded leaves the metadata unchecked ([`Out::unchecked`]).
pub(super) fn read(
    x: &mut Extractor,
    doc: &Document,
    path: &str,
    out: &mut Out,
) -> Result<(), ExtractError> {
    let Some(root) = catalog(doc) else {
        return Ok(());
    };
    let Some((_, Object::Stream(stream))) =
        root.get(b"Metadata").ok().and_then(|o| resolve(doc, o))
    else {
        return Ok(());
    };
    let Some(bytes) = stream_bytes(x, path, stream)? else {
        out.unchecked("métadonnées XMP non décodables");
        return Ok(());
    };
    let xml = xml_string(&bytes);
    let values = xmp_values(x, &xml)?;
    out.push(values.join("\n"), Origin::Xmp);
    Ok(())
}

/// XMP bytes as text: UTF-16 after its byte order mark, else UTF-8 (lossy).
pub(super) fn xml_string(bytes: &[u8]) -> String {
    if bytes.starts_with(b"\xFE\xFF") || bytes.starts_with(b"\xFF\xFE") {
        text_string(bytes)
    } else {
        String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).into_owned()
    }
}

/// XMP properties that are structure, not content: identifiers, PDF/A and PDF/UA claims,
/// history events, page geometry.
const SKIPPED_PREFIXES: [&str; 6] = ["xmpMM", "pdfaid", "pdfuaid", "stEvt", "stRef", "stDim"];

fn skipped(qname: &str) -> bool {
    let (prefix, local) = qname.split_once(':').unwrap_or(("", qname));
    SKIPPED_PREFIXES.contains(&prefix)
        || prefix == "xmlns"
        || qname == "xmlns"
        || prefix == "xml"
        // Dates (xmp:CreateDate, xmp:ModifyDate, xmp:MetadataDate).
        || (prefix == "xmp" && local.ends_with("Date"))
}

/// Attributes that never hold a value: namespaces, `rdf:about`, `rdf:parseType`, `xml:lang`,
/// `x:xmptk` (the XMP toolkit).
fn attribute_skipped(qname: &str) -> bool {
    skipped(qname) || qname.starts_with("rdf:") || qname.starts_with("x:")
}

/// Walks a PDF's small XML packet `xml` leniently (an end tag closes whatever is open) with
/// `visitor`, under the input's time limit.
pub(super) fn walk_packet(
    x: &Extractor,
    xml: &str,
    visitor: &mut dyn Visitor,
) -> Result<Outcome, ExtractError> {
    let src = Source::new(xml.as_bytes());
    let options = Options {
        payloads: false,
        lenient: true,
    };
    let (_, outcome) = xml::walk(&src, options, visitor, || x.check_time())?;
    Ok(outcome)
}

/// Text of an element as XML 1.0 reads it (line ends normalised), or what a reference stands
/// for: an unknown entity (no DTD is read) becomes a space, so that the words on either side
/// stay apart.
pub(super) fn push_text(out: &mut String, s: &str, raw: Raw) {
    match raw {
        Raw::Unresolved => out.push(' '),
        Raw::Decoded(_) => out.push_str(s),
        Raw::Verbatim if s.contains('\r') => {
            out.push_str(&s.replace("\r\n", "\n").replace('\r', "\n"))
        }
        Raw::Verbatim => out.push_str(s),
    }
}

/// The values of an XMP packet: the text of every element and the value of every property
/// written as an attribute, apart from the structural ones ([`skipped`]), in document order.
/// A packet that is not well-formed gives the values read before the fault.
pub(super) fn xmp_values(x: &Extractor, xml: &str) -> Result<Vec<String>, ExtractError> {
    #[derive(Default)]
    struct Values {
        values: Vec<String>,
        current: String,
        /// Depth of open elements, and the depth at which a skipped element opened.
        depth: usize,
        skip_from: Option<usize>,
        /// The element just opened empty (`<x/>`): its end is no element's end.
        empty: Option<u32>,
    }
    impl Values {
        fn flush(&mut self) {
            let value = reescaped(self.current.trim());
            if !value.is_empty() {
                self.values.push(value);
            }
            self.current.clear();
        }
    }
    impl Visitor for Values {
        fn start(&mut self, e: &Tag, empty: bool, _: usize) {
            self.flush();
            let (qname, el) = (e.qname(), e.el);
            if empty {
                self.empty = Some(el);
                if self.skip_from.is_none() && !skipped(qname) {
                    attribute_values(e, &mut self.values);
                }
                return;
            }
            self.depth += 1;
            if self.skip_from.is_none() && skipped(qname) {
                self.skip_from = Some(self.depth);
            }
            if self.skip_from.is_none() {
                attribute_values(e, &mut self.values);
            }
        }
        fn end(&mut self, _: &Index, el: u32, _: usize) {
            if self.empty.take() == Some(el) {
                return;
            }
            self.flush();
            if self.skip_from == Some(self.depth) {
                self.skip_from = None;
            }
            self.depth = self.depth.saturating_sub(1);
        }
        fn text(&mut self, _: &Index, s: &str, _: usize, raw: Raw) {
            if self.skip_from.is_none() {
                push_text(&mut self.current, s, raw);
            }
        }
    }
    let mut v = Values::default();
    walk_packet(x, xml, &mut v)?;
    v.flush();
    Ok(v.values)
}

fn attribute_values(e: &Tag, values: &mut Vec<String>) {
    for (key, raw) in e.attrs() {
        if attribute_skipped(key) {
            continue;
        }
        if let Some(value) = xml::normalized_attr(raw) {
            let value = reescaped(value.trim());
            if !value.is_empty() {
                values.push(value);
            }
        }
    }
}

/// Undoes a second level of escaping: LibreOffice 7.4 writes `d'Alzheimer` into XMP as
/// `d&amp;apos;Alzheimer`, which reads as `d&apos;Alzheimer`.
fn reescaped(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    const PREDEFINED: [(&str, char); 5] = [
        ("&apos;", '\''),
        ("&quot;", '"'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&amp;", '&'),
    ];
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match PREDEFINED.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((e, c)) => {
                out.push(*c);
                rest = &rest[e.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Elements that end a line in rich text (XHTML in an annotation's `/RC`).
const BLOCKS: [&str; 11] = [
    "p", "div", "br", "li", "tr", "td", "h1", "h2", "h3", "h4", "body",
];

/// The text of an XHTML fragment (an annotation's rich text), tags removed: inline elements
/// join, block elements end a line. Falls back to removing `<…>` when it is not well-formed.
pub(super) fn rich_text(x: &Extractor, xml: &str) -> Result<String, ExtractError> {
    #[derive(Default)]
    struct Rich {
        out: String,
    }
    impl Visitor for Rich {
        fn start(&mut self, e: &Tag, _: bool, _: usize) {
            if is_block(e.local()) {
                line_break(&mut self.out);
            }
        }
        fn end(&mut self, index: &Index, el: u32, _: usize) {
            if is_block(index.local(el)) {
                line_break(&mut self.out);
            }
        }
        fn text(&mut self, _: &Index, s: &str, _: usize, raw: Raw) {
            push_text(&mut self.out, s, raw);
        }
    }
    let mut rich = Rich::default();
    if let Outcome::Malformed(_) = walk_packet(x, xml, &mut rich)? {
        return Ok(strip_tags(xml));
    }
    Ok(rich.out.trim().to_string())
}

fn is_block(local: &str) -> bool {
    BLOCKS.contains(&local)
}

fn line_break(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Removes everything between `<` and `>`, leaving a space in place of each tag.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}
