//! Embedded files: each one with something to remove in or below it is redacted as a child
//! part and written back; its name and description, strings of this PDF, get markers.

use super::{MAX_DEPTH, MAX_STREAM_BYTES, replace_strings};
use crate::category::Category;
use crate::extract::{Origin, child_path};
use crate::redact::{RedactError, Redactor, TargetAt};
use lopdf::{Document, Object, ObjectId};
use std::collections::HashSet;

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
/// written back (`/Params /Size` updated, `/CheckSum` dropped); values in their names and
/// descriptions get markers wherever this PDF writes them (a value not found fails).
pub(super) fn embedded(
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
