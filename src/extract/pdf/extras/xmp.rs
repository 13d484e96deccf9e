//! XMP metadata (the catalog's `/Metadata` stream), and the text of the small XML documents a
//! PDF holds elsewhere (annotation rich text, XFA form data).

use super::{CLOCK_EVERY, Out, catalog, resolve, stream_bytes, text_string};
use crate::extract::{ExtractError, Extractor, Origin};
use lopdf::{Document, Object};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

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

/// The values of an XMP packet: the text of every element and the value of every property
/// written as an attribute, apart from the structural ones ([`skipped`]), in document order.
/// A packet that is not well-formed gives the values read before the fault.
pub(super) fn xmp_values(x: &Extractor, xml: &str) -> Result<Vec<String>, ExtractError> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut values = Vec::new();
    let mut current = String::new();
    // Depth of open elements, and the depth at which a skipped element opened.
    let mut depth = 0usize;
    let mut skip_from: Option<usize> = None;
    let flush = |current: &mut String, values: &mut Vec<String>| {
        let value = reescaped(current.trim());
        if !value.is_empty() {
            values.push(value);
        }
        current.clear();
    };
    for n in 0usize.. {
        if n.is_multiple_of(CLOCK_EVERY) {
            x.check_time()?;
        }
        let Ok(event) = reader.read_event() else {
            break;
        };
        match event {
            Event::Start(e) => {
                flush(&mut current, &mut values);
                depth += 1;
                if skip_from.is_none() && skipped(e.name().0) {
                    skip_from = Some(depth);
                }
                if skip_from.is_none() {
                    attribute_values(&e, &mut values);
                }
            }
            Event::Empty(e) => {
                flush(&mut current, &mut values);
                if skip_from.is_none() && !skipped(e.name().0) {
                    attribute_values(&e, &mut values);
                }
            }
            Event::End(_) => {
                flush(&mut current, &mut values);
                if skip_from == Some(depth) {
                    skip_from = None;
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) if skip_from.is_none() => current.push_str(&t.xml10_content()),
            Event::CData(t) if skip_from.is_none() => current.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if skip_from.is_none() => push_reference(&r, &mut current),
            Event::Eof => break,
            _ => {}
        }
    }
    flush(&mut current, &mut values);
    Ok(values)
}

fn attribute_values(e: &BytesStart, values: &mut Vec<String>) {
    for attr in e.attributes().with_checks(false).flatten() {
        if attribute_skipped(attr.key.0) {
            continue;
        }
        if let Ok(value) = attr.normalized_value(XmlVersion::Implicit1_0) {
            let value = reescaped(value.trim());
            if !value.is_empty() {
                values.push(value);
            }
        }
    }
}

/// Appends what an entity or character reference stands for. An unknown entity (no DTD is
/// read) becomes a space, so that the words on either side stay apart.
pub(super) fn push_reference(r: &BytesRef, out: &mut String) {
    match r.resolve_char_ref() {
        Ok(Some(c)) => out.push(c),
        Ok(None) => match quick_xml::escape::resolve_predefined_entity(r) {
            Some(s) => out.push_str(s),
            None => out.push(' '),
        },
        Err(_) => out.push(' '),
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
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut out = String::new();
    for n in 0usize.. {
        if n.is_multiple_of(CLOCK_EVERY) {
            x.check_time()?;
        }
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if is_block(e.local_name().as_ref()) => {
                line_break(&mut out)
            }
            Ok(Event::End(e)) if is_block(e.local_name().as_ref()) => line_break(&mut out),
            Ok(Event::Text(t)) => out.push_str(&t.xml10_content()),
            Ok(Event::CData(t)) => out.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) => push_reference(&r, &mut out),
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(_) => return Ok(strip_tags(xml)),
        }
    }
    Ok(out.trim().to_string())
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
