//! PDF: removed values leave the file, not just the page's look.
//!
//! - Page text (`pages.rs`): the glyphs are taken out of the `Tj`/`TJ` operations of the page
//!   content and of the Form XObjects it draws, the rest of the line keeps its place, and a
//!   black box is drawn where they were, the category written in it in white
//!   (`[retiré : nom]`, Helvetica, scaled to the box). Marked content around them loses its
//!   `/ActualText`.
//! - Images: when an identity goes, images that look like 2-D codes (the INS DataMatrix of
//!   CI-SIS renderings, an e-prescription's QR code) are replaced by black boxes and their data
//!   dropped; invisible text removed over any other image (a scan under its OCR layer) fails,
//!   since the picture shows it.
//! - The Info dictionary, form field values and outline titles get markers
//!   (`[retiré : nom]`); a form field that changes loses its widget appearances
//!   (`/NeedAppearances` is set) and the form its XFA packets.
//! - XMP metadata: the values are replaced by markers in the packet, or the packet is dropped
//!   when that cannot be checked.
//! - Annotations: markers in `/T`, `/Subj`, `/Contents`; their rich text (`/RC`) and appearance
//!   (`/AP`) are dropped, and a link whose URI held a value loses its action.
//! - Embedded files: redacted as child parts and written back.
//!
//! - Any other string of the file holding a removed value (structure tree `/Alt`, page labels,
//!   destinations) gets a marker; page thumbnails and `/PieceInfo` are dropped.
//!
//! The output is a complete new file: every rewritten page has one new content stream, objects
//! no longer referenced are pruned, and no earlier revision (`/Prev`) is kept; a file that was
//! encrypted with an empty user password comes out unencrypted.
//!
//! Not handled, and failing closed: text in a vertical font, text in annotation appearance
//! streams located by glyphs, a marked-content property list holding text by name.

mod pages;

use super::{RedactError, Redactor, TargetAt, marker, redact_str};
use crate::category::Category;
use crate::extract::pdf::extras::text_string;
use crate::extract::{Origin, Span, Stream as PartStream, child_path};
use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use pages::{Key, Labels, Removals};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Decoded bytes of one embedded file or XMP packet read at most.
const MAX_STREAM_BYTES: usize = 1 << 30;
/// Nesting of form fields, outline items and name tree nodes walked at most (as extraction).
const MAX_DEPTH: usize = 32;

/// What must change in one PDF, gathered from its targets.
#[derive(Default)]
struct Plan {
    removals: Removals,
    labels: Labels,
    pages: BTreeSet<u32>,
    info: BTreeMap<String, Vec<(Span, Category)>>,
    xmp: Vec<(String, Category)>,
    fields: BTreeMap<String, Vec<(Span, Category)>>,
    outline: Vec<(Span, Category)>,
    annots: BTreeMap<u32, Vec<(String, Category)>>,
}

/// Redacts the PDF part at `path` (see the module documentation).
pub fn redact(
    r: &mut Redactor,
    path: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<Vec<u8>, RedactError> {
    let rewrite = |what: &str| RedactError::Rewrite {
        part: path.to_string(),
        what: what.to_string(),
    };
    let mut doc = Document::load_mem(bytes).map_err(|_| rewrite("the PDF cannot be loaded"))?;
    if doc.is_encrypted() {
        return Err(r.unsupported(path, "values in an encrypted PDF"));
    }
    let plan = plan(r, path)?;
    // A 2-D code printed with an identity (the INS DataMatrix) carries it too.
    let codes = r.targets(path).iter().any(|t| {
        t.at_text_or_fact()
            && matches!(
                t.category,
                Category::Nir | Category::PersonName | Category::BirthDate | Category::Ipp
            )
    });
    let time_up = || r.check_time().is_err();
    if let Err(e) = pages::rewrite(
        &mut doc,
        &plan.pages,
        &plan.removals,
        &plan.labels,
        codes,
        &time_up,
    ) {
        r.check_time()?;
        return Err(rewrite(&e));
    }
    info(&mut doc, &plan.info).map_err(|e| rewrite(&e))?;
    xmp(&mut doc, &plan.xmp).map_err(|e| rewrite(&e))?;
    fields(&mut doc, &plan.fields).map_err(|e| rewrite(&e))?;
    outline(&mut doc, &plan.outline).map_err(|e| rewrite(&e))?;
    annotations(&mut doc, &plan.annots).map_err(|e| rewrite(&e))?;
    // Anything else holding a value as a string (the structure tree's /Alt and /ActualText,
    // destinations, page labels, a field's /TU…) gets a marker too.
    let mut strings: Vec<(String, Category)> = r
        .targets(path)
        .iter()
        .filter(|t| matches!(t.at, TargetAt::Text { .. }))
        .flat_map(|t| {
            t.value
                .split('\n')
                .map(move |v| (v.trim().to_string(), t.category))
        })
        .filter(|(v, _)| v.chars().filter(|c| c.is_alphanumeric()).count() >= 3)
        .collect();
    strings.sort();
    strings.dedup_by(|a, b| a.0 == b.0);
    replace_strings(&mut doc, &strings);
    if !strings.is_empty() || !plan.removals.is_empty() {
        drop_copies(&mut doc);
    }
    embedded(r, path, &mut doc, depth)?;
    r.check_time()?;
    save(doc).map_err(|e| rewrite(&e))
}

/// Sorts the part's targets by where they live.
fn plan(r: &Redactor, path: &str) -> Result<Plan, RedactError> {
    let part = r
        .part(path)
        .ok_or_else(|| r.unsupported(path, "a part not extracted"))?;
    let mut plan = Plan::default();
    for t in r.targets(path) {
        let TargetAt::Text {
            segment,
            start,
            end,
            glyphs,
            ..
        } = &t.at
        else {
            if t.at_text_or_fact() {
                return Err(r.unsupported(path, "a value outside the text"));
            }
            continue; // its file name: the parent removes it
        };
        let span = (*start, *end);
        match &t.origin {
            Origin::Page(_) => {
                if glyphs.is_empty() {
                    if t.value.chars().any(char::is_alphanumeric) {
                        return Err(r.unsupported(path, "page text without glyph locators"));
                    }
                    continue;
                }
                for g in glyphs {
                    let key = match part.streams.get(usize::from(g.stream)) {
                        Some(PartStream::Page(n)) => {
                            plan.pages.insert(*n);
                            Key::Page(*n)
                        }
                        Some(PartStream::XObject { page, object }) => {
                            plan.pages.insert(*page);
                            Key::Object(*object)
                        }
                        _ => {
                            return Err(r.unsupported(path, "text in an appearance stream"));
                        }
                    };
                    plan.removals
                        .entry(key)
                        .or_default()
                        .entry(g.op)
                        .or_default()
                        .extend(g.first..=g.last);
                    for glyph in g.first..=g.last {
                        plan.labels.entry((key, g.op, glyph)).or_insert(t.category);
                    }
                }
            }
            Origin::PdfInfo(key) => plan
                .info
                .entry(key.clone())
                .or_default()
                .push((span, t.category)),
            Origin::Xmp => {
                let text = part
                    .segments
                    .get(*segment)
                    .and_then(|s| s.text.get(*start..*end))
                    .unwrap_or(&t.value);
                for piece in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
                    plan.xmp.push((piece.to_string(), t.category));
                }
            }
            Origin::FormField(name) => plan
                .fields
                .entry(name.clone())
                .or_default()
                .push((span, t.category)),
            Origin::Outline => plan.outline.push((span, t.category)),
            Origin::Annotation(page) => plan
                .annots
                .entry(*page)
                .or_default()
                .push((t.value.clone(), t.category)),
            // The description given with this file by its parent (a PDF's /Desc): the
            // parent's to remove.
            Origin::FileName => continue,
            _ => return Err(r.unsupported(path, "a value in an unknown place")),
        }
    }
    Ok(plan)
}

/// A PDF text string: PDFDocEncoding-compatible ASCII as is, anything else UTF-16BE.
fn pdf_text(text: &str) -> Object {
    if text.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// The catalog's id.
fn catalog_id(doc: &Document) -> Result<ObjectId, String> {
    doc.trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| "no catalog reference".to_string())
}

/// Entry `key` of `dict` as a resolved text string.
fn text_of(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<String> {
    match doc.dereference(dict.get(key).ok()?).ok()?.1 {
        Object::String(bytes, _) => Some(text_string(bytes)),
        _ => None,
    }
}

/// Info entries: markers where the values were.
fn info(doc: &mut Document, edits: &BTreeMap<String, Vec<(Span, Category)>>) -> Result<(), String> {
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

/// XMP: each value replaced by a marker in the packet; the packet is dropped when a value is
/// not found written plainly or the packet uses character references (unchecked).
fn xmp(doc: &mut Document, values: &[(String, Category)]) -> Result<(), String> {
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
fn replace_values(xml: &str, values: &[(String, Category)]) -> Option<String> {
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
fn decode_char_refs(xml: &str) -> String {
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
fn fields(
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
fn outline(doc: &mut Document, spans: &[(Span, Category)]) -> Result<(), String> {
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
fn annotations(
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

/// Spans of `text` holding one of `values` (every occurrence), marking those found.
fn value_spans(
    text: &str,
    values: &[(String, Category)],
    found: &mut [bool],
) -> Vec<(Span, Category)> {
    let mut out = Vec::new();
    for (k, (value, category)) in values.iter().enumerate() {
        if value.is_empty() {
            continue;
        }
        for (at, _) in text.match_indices(value.as_str()) {
            out.push(((at, at + value.len()), *category));
            if let Some(f) = found.get_mut(k) {
                *f = true;
            }
        }
    }
    out
}

/// One embedded file as extraction lists them: its stream.
struct Embedded {
    stream: ObjectId,
}

/// The embedded files in extraction's order (name tree leaves, then file attachment
/// annotations page by page), each stream once.
fn embedded_files(doc: &Document) -> Vec<Embedded> {
    let mut out: Vec<Embedded> = Vec::new();
    let mut streams = HashSet::new();
    let mut add = |spec: &Object, out: &mut Vec<Embedded>| {
        let Ok((_, Object::Dictionary(d))) = doc.dereference(spec) else {
            return;
        };
        let Some(ef) = d
            .get(b"EF")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok())
        else {
            return;
        };
        let stream = [b"F".as_slice(), b"UF", b"DOS", b"Mac", b"Unix"]
            .iter()
            .find_map(|k| ef.get(k).ok()?.as_reference().ok());
        if let Some(stream) = stream
            && streams.insert(stream)
        {
            out.push(Embedded { stream });
        }
    };
    let tree = doc
        .trailer
        .get(b"Root")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
        .and_then(|c| c.get(b"Names").ok())
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
        .and_then(|n| n.get(b"EmbeddedFiles").ok());
    if let Some(tree) = tree {
        let mut stack = vec![(tree, 0usize)];
        let mut seen = HashSet::new();
        while let Some((node, depth)) = stack.pop() {
            let Ok((id, Object::Dictionary(node))) = doc.dereference(node) else {
                continue;
            };
            if id.is_some_and(|id| !seen.insert(id)) {
                continue;
            }
            let get_array = |key: &[u8]| {
                node.get(key)
                    .ok()
                    .and_then(|o| doc.dereference(o).ok())
                    .and_then(|(_, o)| o.as_array().ok())
            };
            if let Some(pairs) = get_array(b"Names") {
                for pair in pairs.chunks_exact(2) {
                    add(&pair[1], &mut out);
                }
            }
            if let Some(kids) = get_array(b"Kids")
                && depth < MAX_DEPTH
            {
                stack.extend(kids.iter().rev().map(|kid| (kid, depth + 1)));
            }
        }
    }
    let mut seen = HashSet::new();
    for (_, page_id) in doc.get_pages() {
        let Some(annots) = doc
            .get_dictionary(page_id)
            .ok()
            .and_then(|d| d.get(b"Annots").ok())
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_array().ok())
        else {
            continue;
        };
        for annot in annots {
            let Ok((id, Object::Dictionary(a))) = doc.dereference(annot) else {
                continue;
            };
            if id.is_some_and(|id| !seen.insert(id)) {
                continue;
            }
            let subtype = a
                .get(b"Subtype")
                .and_then(Object::as_name)
                .unwrap_or_default();
            if subtype == b"FileAttachment"
                && let Ok(spec) = a.get(b"FS")
            {
                add(spec, &mut out);
            }
        }
    }
    out
}

/// Embedded files with something to remove in or below them: redacted as child parts and
/// written back (`/Params /Size` updated, `/CheckSum` dropped). A file whose name holds a
/// value is not renamed here: that fails closed.
fn embedded(
    r: &mut Redactor,
    path: &str,
    doc: &mut Document,
    depth: u32,
) -> Result<(), RedactError> {
    let files = embedded_files(doc);
    let parts = r.extraction().parts.iter().filter(|p| {
        p.path
            .strip_prefix(path)
            .map(|rest| {
                if path.is_empty() {
                    rest
                } else {
                    rest.strip_prefix('.').unwrap_or("")
                }
            })
            .is_some_and(|rest| !rest.is_empty() && !rest.contains('.'))
    });
    let children = parts.count();
    let touched = (1..=files.len().max(children)).any(|k| r.touched(&child_path(path, k)));
    if !touched {
        return Ok(());
    }
    if children != files.len() {
        return Err(RedactError::Rewrite {
            part: path.to_string(),
            what: "embedded files do not match the extraction".into(),
        });
    }
    let mut names: Vec<(String, Category)> = Vec::new();
    for (k, file) in files.iter().enumerate() {
        let child = child_path(path, k + 1);
        if !r.touched(&child) {
            continue;
        }
        // The file's name and description live in this PDF's strings (file specification,
        // name tree key): the values found there are replaced wherever they are written.
        for t in r.targets(&child) {
            let held_here = matches!(t.at, TargetAt::FileName { .. })
                || (t.origin == Origin::FileName && matches!(t.at, TargetAt::Text { .. }));
            if held_here && !t.value.trim().is_empty() {
                names.push((t.value.clone(), t.category));
            }
        }
        let bytes = doc
            .get_object(file.stream)
            .and_then(Object::as_stream)
            .ok()
            .and_then(|s| s.get_plain_content_with_limit(MAX_STREAM_BYTES).ok())
            .ok_or_else(|| RedactError::Rewrite {
                part: child.clone(),
                what: "embedded file cannot be decoded".into(),
            })?;
        let new = r.child(&child, &bytes, depth + 1)?;
        let Ok(Object::Stream(stream)) = doc.get_object_mut(file.stream) else {
            return Err(RedactError::Rewrite {
                part: child,
                what: "embedded file stream not found".into(),
            });
        };
        for key in [b"Filter".as_slice(), b"DecodeParms", b"Length"] {
            stream.dict.remove(key);
        }
        let size = i64::try_from(new.len()).unwrap_or(i64::MAX);
        stream.set_content(new);
        let _ = stream.compress();
        let params = match stream.dict.get(b"Params") {
            Ok(Object::Dictionary(p)) => Some(p.clone()),
            _ => None,
        };
        let mut params = params.unwrap_or_default();
        params.set("Size", size);
        params.remove(b"CheckSum");
        stream.dict.set("Params", params);
    }
    if !names.is_empty() && !replace_strings(doc, &names) {
        return Err(RedactError::Rewrite {
            part: path.to_string(),
            what: "an embedded file's name or description was not found".into(),
        });
    }
    Ok(())
}

/// Replaces `values` by their markers in every string of the document's objects (not in
/// stream data); true when each value was found somewhere.
fn replace_strings(doc: &mut Document, values: &[(String, Category)]) -> bool {
    if values.is_empty() {
        return true;
    }
    let mut found = vec![false; values.len()];
    for obj in doc.objects.values_mut() {
        replace_in(obj, values, &mut found, 0);
    }
    found.iter().all(|f| *f)
}

/// Objects nested deeper than this inside one object are not searched (the file would not
/// be a PDF a reader opens).
const MAX_NESTING: usize = 64;

fn replace_in(obj: &mut Object, values: &[(String, Category)], found: &mut [bool], depth: usize) {
    if depth > MAX_NESTING {
        return;
    }
    match obj {
        Object::String(bytes, _) => {
            let text = text_string(bytes);
            let spans = value_spans(&text, values, found);
            if !spans.is_empty() {
                *obj = pdf_text(&redact_str(&text, &spans));
            }
        }
        Object::Array(items) => {
            for item in items {
                replace_in(item, values, found, depth + 1);
            }
        }
        Object::Dictionary(d) => {
            for (_, v) in d.iter_mut() {
                replace_in(v, values, found, depth + 1);
            }
        }
        Object::Stream(s) => {
            for (_, v) in s.dict.iter_mut() {
                replace_in(v, values, found, depth + 1);
            }
        }
        _ => {}
    }
}

/// Drops what holds a copy of the pages made by their producer: thumbnails (`/Thumb`, a
/// picture of the page) and application data (`/PieceInfo`, where some editors keep the whole
/// original document), from every page and the catalog.
fn drop_copies(doc: &mut Document) {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for id in pages {
        if let Ok(page) = doc.get_dictionary_mut(id) {
            page.remove(b"Thumb");
            page.remove(b"PieceInfo");
        }
    }
    if let Ok(root) = catalog_id(doc)
        && let Ok(catalog) = doc.get_dictionary_mut(root)
    {
        catalog.remove(b"PieceInfo");
    }
}

/// Writes a complete new file: no earlier revision, no encryption left over, unreferenced
/// objects pruned.
fn save(mut doc: Document) -> Result<Vec<u8>, String> {
    for key in [b"Prev".as_slice(), b"XRefStm", b"Encrypt"] {
        doc.trailer.remove(key);
    }
    doc.encryption_state = None;
    doc.prune_objects();
    // Object numbers from 1 without gaps (qpdf warns about a decrypted file's otherwise).
    doc.renumber_objects();
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|_| "the PDF cannot be written")?;
    Ok(out)
}

#[cfg(test)]
mod tests;
