//! Embedded files: the catalog's `/Names/EmbeddedFiles` name tree and the files of file
//! attachment annotations, each extracted as a child part (whatever its format: text, PDF,
//! CDA, zip…). A file listed twice (name tree and annotation) is extracted once.

use super::{
    CLOCK_EVERY, Out, Seen, catalog, dict, get_array, get_dict, get_name, get_text, stream_bytes,
    text_string,
};
use crate::extract::{
    ExtractError, Extractor, Format, Opaque, Origin, Part, Segment, SourceMap, child_path,
};
use lopdf::{Document, Object, ObjectId};
use std::collections::HashSet;

/// Name tree nodes nested deeper than this are not read (the part says so).
const MAX_DEPTH: usize = 32;

/// One embedded file: its stream, the name it was given, its description (`/Desc`).
struct File {
    stream: ObjectId,
    name: Option<String>,
    description: Option<String>,
}

/// The embedded files found so far, in document order, each stream once.
#[derive(Default)]
pub(super) struct Files {
    list: Vec<File>,
    streams: HashSet<ObjectId>,
}

impl Files {
    /// Adds the file embedded by file specification `spec` (a string file specification names
    /// a file outside the PDF: nothing to add). `key` is its name in the name tree, if any.
    pub(super) fn add(&mut self, doc: &Document, spec: &Object, key: Option<String>) {
        let Some(spec) = dict(doc, spec) else {
            return;
        };
        let Some(ef) = get_dict(doc, spec, b"EF") else {
            return;
        };
        let stream = [b"F".as_slice(), b"UF", b"DOS", b"Mac", b"Unix"]
            .iter()
            .find_map(|k| ef.get(k).ok()?.as_reference().ok());
        let Some(stream) = stream else {
            return;
        };
        if !self.streams.insert(stream) {
            return;
        }
        let name = [b"UF".as_slice(), b"F"]
            .iter()
            .find_map(|k| get_text(doc, spec, k).filter(|n| !n.trim().is_empty()))
            .or(key.filter(|k| !k.trim().is_empty()));
        let description = get_text(doc, spec, b"Desc").filter(|d| !d.trim().is_empty());
        self.list.push(File {
            stream,
            name,
            description,
        });
    }
}

/// Collects the files of the catalog's `/Names/EmbeddedFiles` name tree, leaves in order.
pub(super) fn name_tree(
    x: &mut Extractor,
    doc: &Document,
    out: &mut Out,
    files: &mut Files,
) -> Result<(), ExtractError> {
    let Some(names) = catalog(doc).and_then(|root| get_dict(doc, root, b"Names")) else {
        return Ok(());
    };
    let Some(tree) = names.get(b"EmbeddedFiles").ok() else {
        return Ok(());
    };
    let mut stack = vec![(tree, 0usize)];
    let mut seen = Seen::default();
    let mut n = 0usize;
    while let Some((node, depth)) = stack.pop() {
        n += 1;
        if n.is_multiple_of(CLOCK_EVERY) {
            x.check_time()?;
        }
        let Some((id, Object::Dictionary(node))) = doc.dereference(node).ok() else {
            continue;
        };
        if !seen.first(id) {
            continue;
        }
        if let Some(pairs) = get_array(doc, node, b"Names") {
            for pair in pairs.chunks_exact(2) {
                let key = match doc.dereference(&pair[0]).ok() {
                    Some((_, Object::String(bytes, _))) => Some(text_string(bytes)),
                    _ => None,
                };
                files.add(doc, &pair[1], key);
            }
        }
        if let Some(kids) = get_array(doc, node, b"Kids") {
            if depth >= MAX_DEPTH {
                out.unchecked("arborescence des fichiers joints trop profonde");
                continue;
            }
            stack.extend(kids.iter().rev().map(|kid| (kid, depth + 1)));
        }
    }
    Ok(())
}

/// Extracts every collected file as the next child of the part at `path`. A file whose stream
/// is missing or cannot be decoded becomes an unreadable child part. The file's description,
/// written by the sender like its name, becomes a segment of the child with the name's origin
/// (`Origin::FileName`).
pub(super) fn extract(
    x: &mut Extractor,
    doc: &Document,
    path: &str,
    files: &Files,
    depth: u32,
) -> Result<(), ExtractError> {
    for (k, file) in files.list.iter().enumerate() {
        let child = child_path(path, k + 1);
        let stream = match doc.get_object(file.stream) {
            Ok(Object::Stream(stream)) => Some(stream),
            _ => None,
        };
        let declared = stream
            .and_then(|s| get_name(doc, &s.dict, b"Subtype"))
            .map(|n| String::from_utf8_lossy(n).into_owned());
        let bytes = match stream {
            Some(stream) => stream_bytes(x, &child, stream)?,
            None => None,
        };
        let index = x.out.parts.len();
        match bytes {
            Some(bytes) => x.nested(
                &child,
                file.name.as_deref(),
                declared.as_deref(),
                &bytes,
                depth + 1,
            )?,
            None => {
                let mut part = Part::new(&child, Format::Binary, 0);
                part.name = file.name.clone();
                part.declared = declared;
                part.opaque = Some(Opaque::Unreadable(
                    "fichier joint au PDF illisible : flux absent ou non décodable".to_string(),
                ));
                x.push(part)?;
            }
        }
        if let Some(description) = &file.description
            && x.out.parts.get(index).is_some_and(|p| p.path == child)
        {
            x.part_mut(index).segments.push(Segment {
                text: description.clone(),
                origin: Origin::FileName,
                map: SourceMap::None,
            });
        }
    }
    Ok(())
}
