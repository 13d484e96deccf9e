//! What a PDF holds outside its pages' content: the Info dictionary, XMP metadata, form field
//! values, outline titles and annotations. Each value gets a marker where it was (the XMP
//! packet is dropped when a value cannot be found in it for sure); what cannot be found fails.

use super::{MAX_DEPTH, MAX_STREAM_BYTES, catalog_id, pdf_text, text_of, value_spans};
use crate::category::Category;
use crate::extract::Span;
use crate::extract::pdf::extras::text_string;
use crate::redact::{marker, redact_str};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{BTreeMap, HashSet};

/// Info entries: markers where the values were.
pub(super) fn info(
    doc: &mut Document,
    edits: &BTreeMap<String, Vec<(Span, Category)>>,
) -> Result<(), String> {
    if edits.is_empty() {
        return Ok(());
    }
    let info = doc.trailer.get(b"Info").ok().cloned();
    let current = match &info {
        Some(Object::Reference(id)) => doc.get_dictionary(*id).ok().cloned(),
        Some(Object::Dictionary(d)) => Some(d.clone()),
        _ => None,
    }
    .ok_or("Info dictionary not found")?;
    let mut new = current.clone();
    for (key, spans) in edits {
        let text = text_of(doc, &current, key.as_bytes()).ok_or("Info entry not found")?;
        new.set(key.as_bytes().to_vec(), pdf_text(&redact_str(&text, spans)));
    }
    match info {
        Some(Object::Reference(id)) => {
            doc.objects.insert(id, Object::Dictionary(new));
        }
        _ => doc.trailer.set("Info", new),
    }
    Ok(())
}

/// XMP: each value replaced by a marker in the packet; the packet is dropped when that cannot
/// be done for sure (see [`replace_values`]).
pub(super) fn xmp(doc: &mut Document, values: &[(String, Category)]) -> Result<(), String> {
    if values.is_empty() {
        return Ok(());
    }
    let root = catalog_id(doc)?;
    let catalog = doc.get_dictionary(root).map_err(|_| "no catalog")?;
    let Some(Ok(id)) = catalog.get(b"Metadata").ok().map(Object::as_reference) else {
        // A direct or missing packet: drop it.
        drop_metadata(doc, root)?;
        return Ok(());
    };
    let new = doc
        .get_object(id)
        .and_then(Object::as_stream)
        .ok()
        .and_then(|s| s.get_plain_content_with_limit(MAX_STREAM_BYTES).ok())
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|xml| replace_values(&xml, values));
    match new {
        Some(xml) => {
            let Ok(Object::Stream(stream)) = doc.get_object_mut(id) else {
                return Err("metadata stream not found".into());
            };
            for k in [b"Filter".as_slice(), b"DecodeParms", b"Length"] {
                stream.dict.remove(k);
            }
            stream.set_content(xml.into_bytes());
            Ok(())
        }
        None => drop_metadata(doc, root),
    }
}

fn drop_metadata(doc: &mut Document, root: ObjectId) -> Result<(), String> {
    doc.get_dictionary_mut(root)
        .map_err(|_| "no catalog")?
        .remove(b"Metadata");
    Ok(())
}

/// `xml` with every value replaced by its marker, written plainly, XML-escaped, or escaped
/// twice (LibreOffice writes `d&amp;apos;Alzheimer`), after character references are written
/// as characters; `None` when a value is not found or a reference could not be read.
pub(super) fn replace_values(xml: &str, values: &[(String, Category)]) -> Option<String> {
    let mut xml = decode_char_refs(xml);
    if xml.contains("&#") {
        return None;
    }
    let forms = |value: &str| {
        let once = xml_escape(value);
        let twice = xml_escape(&once);
        [twice, once, value.to_string()]
    };
    // Every value must be there (a value found twice is replaced the first time).
    if !values
        .iter()
        .all(|(v, _)| forms(v).iter().any(|f| xml.contains(f.as_str())))
    {
        return None;
    }
    // Longest first: a value inside another one does not split it.
    let mut sorted: Vec<&(String, Category)> = values.iter().collect();
    sorted.sort_by_key(|(v, _)| std::cmp::Reverse(v.len()));
    for (value, category) in sorted {
        let m = marker(*category);
        for form in forms(value) {
            xml = xml.replace(form.as_str(), &m);
        }
    }
    let still = values
        .iter()
        .any(|(v, _)| forms(v).iter().any(|f| xml.contains(f.as_str())));
    (!still).then_some(xml)
}

/// `xml` with its character references (`&#233;`, `&#xE9;`) written as the characters (XML's
/// special characters as their named entities); a reference that cannot be read is left.
pub(super) fn decode_char_refs(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find("&#") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let decoded = after.find(';').filter(|&end| end <= 8).and_then(|end| {
            let digits = &after[..end];
            let code = match digits.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => digits.parse().ok()?,
            };
            Some((char::from_u32(code)?, end))
        });
        match decoded {
            Some((c, end)) => {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    '\'' => out.push_str("&apos;"),
                    c => out.push(c),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str("&#");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\'', "&apos;")
        .replace('"', "&quot;")
}

/// The fields of the AcroForm by fully qualified name, as extraction names them, with their
/// object ids (a direct field cannot be changed here and is left out).
fn field_ids(doc: &Document) -> Vec<(String, ObjectId)> {
    let mut out = Vec::new();
    let Some(form) = acroform(doc) else {
        return out;
    };
    let Some(Object::Array(fields)) = form
        .get(b"Fields")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .map(|(_, o)| o)
    else {
        return out;
    };
    let mut stack: Vec<(&Object, String, usize)> = fields
        .iter()
        .rev()
        .map(|f| (f, String::new(), 0usize))
        .collect();
    let mut seen = HashSet::new();
    while let Some((field, parent, depth)) = stack.pop() {
        let Ok((id, Object::Dictionary(dict))) = doc.dereference(field) else {
            continue;
        };
        if id.is_some_and(|id| !seen.insert(id)) {
            continue;
        }
        let name = match text_of(doc, dict, b"T") {
            Some(t) if parent.is_empty() => t,
            Some(t) => format!("{parent}.{t}"),
            None => parent,
        };
        if let Some(id) = id {
            out.push((name.clone(), id));
        }
        if depth + 1 > MAX_DEPTH {
            continue;
        }
        if let Some(Object::Array(kids)) = dict
            .get(b"Kids")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .map(|(_, o)| o)
        {
            stack.extend(kids.iter().rev().map(|k| (k, name.clone(), depth + 1)));
        }
    }
    out
}

fn acroform(doc: &Document) -> Option<&Dictionary> {
    let root = doc.trailer.get(b"Root").ok()?;
    let catalog = doc.dereference(root).ok()?.1.as_dict().ok()?;
    doc.dereference(catalog.get(b"AcroForm").ok()?)
        .ok()?
        .1
        .as_dict()
        .ok()
}

/// Form field values: markers in `/V` (a value that is not a text string is replaced by the
/// marker), `/DV` dropped, widget appearances dropped, `/NeedAppearances` set, XFA dropped.
pub(super) fn fields(
    doc: &mut Document,
    edits: &BTreeMap<String, Vec<(Span, Category)>>,
) -> Result<(), String> {
    if edits.is_empty() {
        return Ok(());
    }
    let ids = field_ids(doc);
    let mut changed = Vec::new();
    for (name, spans) in edits {
        let Some(&(_, id)) = ids.iter().find(|(n, id)| {
            n == name && doc.get_dictionary(*id).is_ok_and(|d| d.get(b"V").is_ok())
        }) else {
            // An XFA value (or a field out of reach): the XFA packets are dropped below, a
            // field that cannot be found is not.
            if has_xfa(doc) && !ids.iter().any(|(n, _)| n == name) {
                continue;
            }
            return Err("form field not found".into());
        };
        let dict = doc.get_dictionary(id).map_err(|_| "form field")?;
        let value = match doc.dereference(dict.get(b"V").map_err(|_| "form field value")?) {
            Ok((_, Object::String(bytes, _))) => pdf_text(&redact_str(&text_string(bytes), spans)),
            // A check box or radio button state: unchecked.
            Ok((_, Object::Name(_))) => Object::Name(b"Off".to_vec()),
            _ => pdf_text(&spans.first().map(|(_, c)| marker(*c)).unwrap_or_default()),
        };
        let unchecked = matches!(value, Object::Name(_));
        let dict = doc.get_dictionary_mut(id).map_err(|_| "form field")?;
        dict.set("V", value);
        if unchecked {
            dict.set("AS", Object::Name(b"Off".to_vec()));
        }
        dict.remove(b"DV");
        changed.push(id);
    }
    // Appearances of the changed fields and their widgets show the old value.
    for id in changed {
        let kids: Vec<ObjectId> = doc
            .get_dictionary(id)
            .ok()
            .and_then(|d| d.get(b"Kids").ok())
            .and_then(|k| k.as_array().ok())
            .map(|a| a.iter().filter_map(|o| o.as_reference().ok()).collect())
            .unwrap_or_default();
        for w in std::iter::once(id).chain(kids) {
            if let Ok(d) = doc.get_dictionary_mut(w) {
                d.remove(b"AP");
            }
        }
    }
    let root = catalog_id(doc)?;
    let form = doc
        .get_dictionary(root)
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
        .cloned();
    let update = |d: &mut Dictionary| {
        d.set("NeedAppearances", true);
        d.remove(b"XFA");
    };
    match form {
        Some(Object::Reference(id)) => update(doc.get_dictionary_mut(id).map_err(|_| "AcroForm")?),
        Some(Object::Dictionary(_)) => {
            let catalog = doc.get_dictionary_mut(root).map_err(|_| "no catalog")?;
            if let Ok(Object::Dictionary(d)) = catalog.get_mut(b"AcroForm") {
                update(d);
            }
        }
        _ => return Err("AcroForm not found".into()),
    }
    Ok(())
}

fn has_xfa(doc: &Document) -> bool {
    acroform(doc).is_some_and(|f| f.has(b"XFA"))
}

/// Outline titles: the segment is the trimmed titles joined by `\n` in extraction's order.
pub(super) fn outline(doc: &mut Document, spans: &[(Span, Category)]) -> Result<(), String> {
    if spans.is_empty() {
        return Ok(());
    }
    let root = catalog_id(doc)?;
    let first = doc
        .get_dictionary(root)
        .ok()
        .and_then(|c| c.get(b"Outlines").ok())
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
        .and_then(|d| d.get(b"First").ok())
        .cloned()
        .ok_or("outline not found")?;
    // (item id, trimmed title, its offset in the segment)
    let mut titles: Vec<(ObjectId, String, usize)> = Vec::new();
    let mut offset = 0usize;
    let mut seen = HashSet::new();
    let mut stack = vec![first];
    while let Some(item) = stack.pop() {
        let Ok((id, Object::Dictionary(dict))) = doc.dereference(&item) else {
            continue;
        };
        if id.is_some_and(|id| !seen.insert(id)) {
            continue;
        }
        if let Some(title) = text_of(doc, dict, b"Title") {
            let title = title.trim().to_string();
            if !title.is_empty() {
                let id = id.ok_or("an outline item that is not an indirect object")?;
                let len = title.len();
                titles.push((id, title, offset));
                offset += len + 1;
            }
        }
        stack.extend(dict.get(b"Next").ok().cloned());
        stack.extend(dict.get(b"First").ok().cloned());
        if seen.len() > 1_000_000 {
            return Err("outline too large".into());
        }
    }
    let mut covered = vec![false; spans.len()];
    for (id, title, at) in titles {
        let end = at + title.len();
        let local: Vec<(Span, Category)> = spans
            .iter()
            .enumerate()
            .filter(|(_, ((s, e), _))| *s < end && at < *e)
            .map(|(k, &((s, e), c))| {
                covered[k] = true;
                ((s.saturating_sub(at), (e - at).min(title.len())), c)
            })
            .collect();
        if local.is_empty() {
            continue;
        }
        doc.get_dictionary_mut(id)
            .map_err(|_| "outline item")?
            .set("Title", pdf_text(&redact_str(&title, &local)));
    }
    if covered.iter().any(|c| !c) {
        return Err("an outline value was not found".into());
    }
    Ok(())
}

/// Annotations of each page with targets: markers in `/T`, `/Subj`, `/Contents` of every
/// annotation holding a value; `/RC` and `/AP` of those dropped; a link whose URI holds a value
/// loses its action. A value found nowhere fails.
pub(super) fn annotations(
    doc: &mut Document,
    edits: &BTreeMap<u32, Vec<(String, Category)>>,
) -> Result<(), String> {
    if edits.is_empty() {
        return Ok(());
    }
    let pages = doc.get_pages();
    for (page, values) in edits {
        let page_id = pages.get(page).copied().ok_or("page not found")?;
        let holder = doc
            .get_dictionary(page_id)
            .ok()
            .and_then(|d| d.get(b"Annots").ok())
            .cloned();
        let mut annots: Vec<Object> = match &holder {
            Some(Object::Reference(id)) => doc
                .get_object(*id)
                .and_then(Object::as_array)
                .cloned()
                .unwrap_or_default(),
            Some(Object::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        let mut found = vec![false; values.len()];
        for annot in &mut annots {
            let (id, dict) = match &*annot {
                Object::Reference(id) => match doc.get_dictionary(*id) {
                    Ok(d) => (Some(*id), d),
                    Err(_) => continue,
                },
                Object::Dictionary(d) => (None, d),
                _ => continue,
            };
            let Some(new) = annotation(doc, dict, values, &mut found) else {
                continue;
            };
            match id {
                Some(id) => {
                    doc.objects.insert(id, Object::Dictionary(new));
                }
                None => *annot = Object::Dictionary(new),
            }
        }
        match holder {
            Some(Object::Reference(id)) => {
                doc.objects.insert(id, Object::Array(annots));
            }
            Some(Object::Array(_)) => {
                doc.get_dictionary_mut(page_id)
                    .map_err(|_| "page")?
                    .set("Annots", annots);
            }
            _ => {}
        }
        if found.iter().any(|f| !f) {
            return Err("an annotation value was not found".into());
        }
    }
    Ok(())
}

/// The annotation `dict` with the values replaced by markers (see [`annotations`]), or `None`
/// when it holds none of them.
fn annotation(
    doc: &Document,
    dict: &Dictionary,
    values: &[(String, Category)],
    found: &mut [bool],
) -> Option<Dictionary> {
    let mut new = dict.clone();
    let mut changed = false;
    for key in [b"T".as_slice(), b"Subj", b"Contents"] {
        let Some(text) = text_of(doc, dict, key) else {
            continue;
        };
        let spans = value_spans(&text, values, found);
        if !spans.is_empty() {
            new.set(key.to_vec(), pdf_text(&redact_str(&text, &spans)));
            changed = true;
        }
    }
    let uri = dict
        .get(b"A")
        .ok()
        .and_then(|a| doc.dereference(a).ok())
        .and_then(|(_, a)| a.as_dict().ok())
        .and_then(|a| a.get(b"URI").ok())
        .and_then(|u| doc.dereference(u).ok())
        .and_then(|(_, u)| u.as_str().ok())
        .map(|u| String::from_utf8_lossy(u).into_owned());
    if let Some(uri) = uri
        && !value_spans(&uri, values, found).is_empty()
    {
        new.remove(b"A");
        changed = true;
    }
    if dict.has(b"RC") {
        // Rich text repeats the contents in XHTML: dropped wherever values go.
        new.remove(b"RC");
        changed = true;
        found.iter_mut().for_each(|f| *f = true);
    }
    if changed {
        new.remove(b"AP");
    }
    changed.then_some(new)
}
