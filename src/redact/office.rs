//! Office documents (DOCX, XLSX, ODT, ODS) redacted in place: the package is written again entry
//! by entry through the zip machinery of [`super::archive`] (untouched entries' compressed bytes
//! copied, so an ODF `mimetype` stays first and stored), and each part the Office visitor read
//! is edited by the spans extraction kept ([`crate::extract::xml::Index`]), never regenerated
//! from a model: formatting, styles, pivot tables and charts stay as they were.
//!
//! - A removed value is cut out of the text nodes that hold it: the first piece becomes the
//!   marker (`[retiré : diagnostic]`), the others become empty, the runs and their formatting
//!   stay. A value in an attribute (a comment's author, a hyperlink, an ODF `string-value`, a
//!   pivot-cache item) is replaced by the marker there.
//! - A spreadsheet cell whose value goes (a number, a formula's result) becomes an inline
//!   string holding the marker; its formula goes with it.
//! - A cell classified by its column (a fact) loses all its text.
//! - Tracked changes are accepted: Word deletions (`w:del`, `w:moveFrom`) dropped with their
//!   text, insertions unwrapped, formatting changes dropped; ODF `text:tracked-changes` and
//!   change marks dropped. A deleted value must not stay in the copy.
//! - Comments holding a removed value are removed, not marked, with their anchors: a Word
//!   comment with `w:commentRangeStart`, `w:commentRangeEnd` and `w:commentReference`; an ODF
//!   `office:annotation` with its `office:annotation-end`; a spreadsheet note (`comment`) with
//!   the VML shape that shows it on its cell (paired through the sheet's relationships), and a
//!   threaded comment with its replies. A comment's author (`authors`, `persons`) holds the
//!   marker: the others' references to it stay valid.
//! - Thumbnails are dropped, with their relationship, content-type override or manifest
//!   entry: they are a picture of the first page as it was.
//! - Pivot-cache records (`xl/pivotCache/pivotCacheRecords*.xml`, a full copy of the source
//!   rows, kept even after the source sheet is deleted) are dropped from any workbook
//!   rewritten, with their relationship and content type; the cache definition loses its link
//!   to them and says `saveData="0"` (a spreadsheet refreshes the table from its source).
//! - A document property (`docProps/*.xml`, ODF `meta.xml`) holding a removed value is
//!   blanked: the whole value goes, no marker.
//!
//! What cannot be removed for sure fails the redaction: a package the extraction marked
//! opaque, a part read incompletely, one declaring its own entities. Each rewritten part is
//! checked to be well-formed XML.

use super::archive::{Plan, new_entry_name, read_entry, reopen, rewrite, write_archive};
use super::text::html_ascii;
use super::{Edit, RedactError, Redactor, TargetAt, apply_edits, marker};
use crate::extract::archive::unreadable_entry;
use crate::extract::office::{dialect, is_thumbnail, read::Dialect};
use crate::extract::xml::{self, Index, NoVisitor, NodeKind, Options, Source};
use crate::extract::{Format, Origin, child_path};
use rustc_hash::FxHashSet;

/// Redacts the Office package `bytes`, the part at `path` at nesting `depth`.
pub fn redact(
    r: &mut Redactor,
    path: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<Vec<u8>, RedactError> {
    let Some(part) = r.part(path) else {
        return Err(rewrite(path, "part not found in the extraction"));
    };
    let format = part.format;
    if part.opaque.is_some() {
        return Err(r.unsupported(path, "values in an Office document it cannot read whole"));
    }
    let (mut archive, entries) = reopen(r, path, bytes, "package")?;
    // Child paths as extraction numbered them.
    let mut children = Vec::with_capacity(entries.len());
    let mut k = 0;
    for e in &entries {
        if e.is_dir {
            children.push(None);
        } else {
            k += 1;
            children.push(Some(child_path(path, k)));
        }
    }
    let thumbs: Vec<String> = entries
        .iter()
        .filter(|e| !e.is_dir && is_thumbnail(format, &e.name))
        .map(|e| e.name.clone())
        .collect();
    // Pivot-cache records go from any workbook rewritten.
    let records: Vec<String> = entries
        .iter()
        .filter(|e| !e.is_dir && format == Format::Xlsx && is_pivot_records(&e.name))
        .map(|e| e.name.clone())
        .collect();
    let dropped: Vec<String> = thumbs.iter().chain(&records).cloned().collect();
    let comments = removed_comments(r, format, &entries, &children);
    let notes = removed_notes(r, format, &entries, &children);
    let ctx = Context {
        format,
        thumbs: &thumbs,
        dropped: &dropped,
        records: !records.is_empty(),
        comments: &comments,
        notes: &notes,
        name: "",
    };
    let mut plans = Vec::with_capacity(entries.len());
    for (entry, child) in entries.iter().zip(&children) {
        r.check_time()?;
        let Some(child) = child else {
            let drop = matches!(format, Format::Odt | Format::Ods)
                && entry.name.eq_ignore_ascii_case("Thumbnails/");
            plans.push(if drop { Plan::Drop } else { Plan::Copy });
            continue;
        };
        if dropped.contains(&entry.name) {
            plans.push(Plan::Drop);
            continue;
        }
        let structural = ctx.structural(&entry.name);
        let office = dialect(format, &entry.name);
        let shapes = notes.shapes.get(&entry.name);
        if !r.touched(child) && !structural && office.is_none() && shapes.is_none() {
            plans.push(Plan::Copy);
            continue;
        }
        if unreadable_entry(entry).is_some() {
            if r.touched(child) {
                return Err(r.unsupported(child, "values in an entry it cannot read"));
            }
            plans.push(Plan::Copy);
            continue;
        }
        let data = read_entry(r, &mut archive, entry.index, child)?;
        let ctx = Context {
            name: &entry.name,
            ..ctx
        };
        let mut new = match office {
            _ if r.touched(child) && is_properties(format, &entry.name) => {
                let out = blank_properties(r, child, &data)?;
                r.summary.rewritten.push(child.clone());
                out
            }
            _ if shapes.is_some() && !r.touched(child) => {
                drop_note_shapes(&data, shapes.map_or(&[][..], Vec::as_slice))
            }
            Some(d) => {
                let out = office_part(r, child, d, &data, &ctx)?;
                if out != data {
                    r.summary.rewritten.push(child.clone());
                }
                out
            }
            None => r.child(child, &data, depth + 1)?,
        };
        if structural {
            new = ctx.structure(child, &entry.name, &new)?;
        }
        let name = new_entry_name(r, child, &entry.name);
        if name.is_none() && new == data {
            plans.push(Plan::Copy);
        } else {
            plans.push(Plan::Write { data: new, name });
        }
    }
    write_archive(path, &mut archive, &entries, plans)
}

/// Redacts a CSV part: each removed field value (a scanner finding, or a field of a classified
/// column) replaced by the marker in the file's own charset; separators, quotes and line ends
/// stay.
pub fn redact_csv(r: &mut Redactor, path: &str, bytes: &[u8]) -> Result<Vec<u8>, RedactError> {
    let utf8 = crate::input::decode(bytes).is_utf8();
    let encode = |s: &str| -> Vec<u8> {
        if utf8 {
            s.as_bytes().to_vec()
        } else {
            encoding_rs::WINDOWS_1252.encode(s).0.into_owned()
        }
    };
    let mut edits = Vec::new();
    for t in r.targets(path) {
        let with = encode(&marker(t.category));
        match &t.at {
            TargetAt::Text { pieces, .. } => {
                if pieces.is_empty() {
                    return Err(r.unsupported(path, "a value without a place in the bytes"));
                }
                for (k, &span) in pieces.iter().enumerate() {
                    let with = if k == 0 { with.clone() } else { Vec::new() };
                    edits.push(Edit { span, with });
                }
            }
            TargetAt::Fact {
                span: Some(span), ..
            } => edits.push(Edit { span: *span, with }),
            TargetAt::Fact { span: None, .. } => {
                return Err(r.unsupported(path, "a value without a place in the bytes"));
            }
            TargetAt::FileName { .. } => {}
        }
    }
    Ok(apply_edits(bytes, edits))
}

/// What every part of the package needs to know.
#[derive(Clone, Copy)]
struct Context<'a> {
    format: Format,
    /// Thumbnail entries dropped.
    thumbs: &'a [String],
    /// Every entry dropped (thumbnails, pivot-cache records).
    dropped: &'a [String],
    /// Whether pivot-cache records are dropped.
    records: bool,
    /// Word comments removed (their `w:id`).
    comments: &'a FxHashSet<String>,
    /// Spreadsheet notes removed.
    notes: &'a Notes,
    /// The entry being rewritten.
    name: &'a str,
}

impl Context<'_> {
    /// Whether entry `name` lists the package's parts (a dropped entry is named there).
    fn structural(&self, name: &str) -> bool {
        !self.dropped.is_empty()
            && (name.eq_ignore_ascii_case("[Content_Types].xml")
                || name.eq_ignore_ascii_case("META-INF/manifest.xml"))
    }

    /// `[Content_Types].xml` without the thumbnails' overrides, the ODF manifest without their
    /// entries.
    fn structure(&self, child: &str, name: &str, data: &[u8]) -> Result<Vec<u8>, RedactError> {
        let index = index_of(child, data)?;
        let thumb = |v: &str| {
            let v = v.trim().trim_start_matches('/');
            self.dropped.iter().any(|t| t.eq_ignore_ascii_case(v))
                || (!self.thumbs.is_empty() && v.eq_ignore_ascii_case("Thumbnails/"))
        };
        let mut edits = Vec::new();
        for i in 0..index.elements.len() as u32 {
            let attr = match index.local(i) {
                "Override" => "PartName",
                "file-entry" => "full-path",
                _ => continue,
            };
            if index.attr(i, attr).is_some_and(thumb) {
                edits.push(Edit {
                    span: index.element(i).span(),
                    with: Vec::new(),
                });
            }
        }
        let _ = name;
        checked(child, apply_edits(data, edits))
    }
}

/// The index of XML `data`, which must be complete.
fn index_of(child: &str, data: &[u8]) -> Result<Index, RedactError> {
    let src = Source::new(data);
    let walked: Result<_, std::convert::Infallible> =
        xml::walk(&src, Options::default(), &mut NoVisitor, || Ok(()));
    match walked {
        Ok((index, xml::Outcome::Complete)) if !index.declares_entities => Ok(index),
        _ => Err(rewrite(child, "malformed XML")),
    }
}

fn checked(child: &str, out: Vec<u8>) -> Result<Vec<u8>, RedactError> {
    if xml::well_formed(&out) {
        Ok(out)
    } else {
        Err(rewrite(child, "the rewritten XML is not well-formed"))
    }
}

/// The `w:id` of every Word comment holding a value to remove.
fn removed_comments(
    r: &Redactor,
    format: Format,
    entries: &[crate::extract::archive::Entry],
    children: &[Option<String>],
) -> FxHashSet<String> {
    let mut out = FxHashSet::default();
    if format != Format::Docx {
        return out;
    }
    for (e, child) in entries.iter().zip(children) {
        let Some(child) = child else { continue };
        if !e.name.to_ascii_lowercase().starts_with("word/comments") {
            continue;
        }
        let Some(index) = r.part(child).and_then(|p| p.xml.clone()) else {
            continue;
        };
        for t in r.targets(child) {
            let Some(el) = locus(&index, &t.at) else {
                continue;
            };
            let comment = std::iter::once(el)
                .chain(index.ancestors(el))
                .find(|&a| index.local(a) == "comment");
            if let Some(id) = comment.and_then(|c| index.attr(c, "id")) {
                out.insert(id.to_string());
            }
        }
    }
    out
}

/// The element a target was read from.
fn locus(index: &Index, at: &TargetAt) -> Option<u32> {
    match at {
        TargetAt::Text { segment, .. } => index.segments.get(*segment).copied().flatten(),
        TargetAt::Fact { index: i, .. } => index.facts.get(*i).copied().flatten(),
        TargetAt::FileName { .. } => None,
    }
}

/// Whether a segment's or fact's origin is an attribute value.
fn in_attribute(origin: &Origin) -> bool {
    matches!(origin, Origin::Element(p) if p.contains("/@"))
}

/// Redacts an Office XML part read by the Office visitor.
fn office_part(
    r: &Redactor,
    child: &str,
    dialect: Dialect,
    data: &[u8],
    ctx: &Context,
) -> Result<Vec<u8>, RedactError> {
    let Some(part) = r.part(child) else {
        return Err(rewrite(child, "part not found in the extraction"));
    };
    let targets = r.targets(child);
    let Some(index) = part.xml.clone() else {
        return Err(rewrite(child, "XML part without its index"));
    };
    let has_targets = targets.iter().any(|t| t.at_text_or_fact());
    if has_targets && (part.opaque.is_some() || !index.complete || index.declares_entities) {
        return Err(r.unsupported(child, "values in XML that could not be read whole"));
    }
    if !index.complete {
        // Nothing to remove in it: left as it is.
        return Ok(data.to_vec());
    }
    let mut edits: Vec<Edit> = Vec::new();
    let encode = |s: &str| html_ascii(s).into_bytes();
    for t in targets {
        if !t.at_text_or_fact() {
            continue;
        }
        let el = locus(&index, &t.at);
        // A spreadsheet cell's value (not a string item): the cell becomes an inline string.
        if dialect == Dialect::Sheet
            && let Some(c) = el.filter(|&c| index.local(c) == "c")
        {
            edits.push(inline_cell(&index, c, &marker(t.category)));
            continue;
        }
        match &t.at {
            TargetAt::Text { pieces, .. } => {
                if pieces.is_empty() {
                    return Err(r.unsupported(child, "a value without a place in the bytes"));
                }
                // A cell's value is rewritten, not the cell of an annotation that goes.
                if dialect == Dialect::Odf
                    && let Some(el) = el
                    && !std::iter::once(el)
                        .chain(index.ancestors(el))
                        .any(|a| index.local(a) == "annotation")
                {
                    edits.extend(odf_string_cell(&index, el));
                }
                for (k, &span) in pieces.iter().enumerate() {
                    let with = if k == 0 {
                        encode(&t.marker())
                    } else {
                        Vec::new()
                    };
                    edits.push(Edit { span, with });
                }
            }
            TargetAt::Fact { span, .. } => {
                if in_attribute(&t.origin) {
                    let Some(span) = span else {
                        return Err(r.unsupported(child, "a value without a place in the bytes"));
                    };
                    edits.push(Edit {
                        span: *span,
                        with: encode(&marker(t.category)),
                    });
                } else if let Some(el) = el {
                    replace_texts(&index, el, &encode(&marker(t.category)), &mut edits);
                    if dialect == Dialect::Odf {
                        edits.extend(odf_string_cell(&index, el));
                    }
                } else {
                    return Err(r.unsupported(child, "a value whose element was not found"));
                }
            }
            TargetAt::FileName { .. } => {}
        }
    }
    if dialect == Dialect::Odf {
        odf_annotations(&index, targets, &mut edits);
    }
    structure_edits(&index, dialect, ctx, &mut edits);
    if edits.is_empty() {
        return Ok(data.to_vec());
    }
    checked(child, apply_edits(data, edits))
}

/// ODF annotations holding a removed value: removed whole (the outer edit wins over the cuts
/// inside it), with the `office:annotation-end` that closes their range.
fn odf_annotations(index: &Index, targets: &[super::Target], edits: &mut Vec<Edit>) {
    let mut names: FxHashSet<&str> = FxHashSet::default();
    for t in targets {
        let Some(el) = locus(index, &t.at) else {
            continue;
        };
        let Some(a) = std::iter::once(el)
            .chain(index.ancestors(el))
            .find(|&a| index.local(a) == "annotation")
        else {
            continue;
        };
        edits.push(Edit {
            span: index.element(a).span(),
            with: Vec::new(),
        });
        if let Some(n) = index.attr(a, "office:name") {
            names.insert(n);
        }
    }
    if names.is_empty() {
        return;
    }
    for i in 0..index.elements.len() as u32 {
        if index.local(i) == "annotation-end"
            && index
                .attr(i, "office:name")
                .is_some_and(|n| names.contains(n))
        {
            edits.push(Edit {
                span: index.element(i).span(),
                with: Vec::new(),
            });
        }
    }
}

/// Every non-blank text node inside element `el`: the first replaced by `with`, the others
/// emptied (the markup stays).
fn replace_texts(index: &Index, el: u32, with: &[u8], edits: &mut Vec<Edit>) {
    let e = index.element(el);
    let mut first = true;
    for n in index.nodes_in(e.open_end, e.close_start) {
        if n.blank || n.kind != NodeKind::Text {
            continue;
        }
        edits.push(Edit {
            span: n.span,
            with: if first { with.to_vec() } else { Vec::new() },
        });
        first = false;
    }
}

/// The start tag of the ODF table cell holding element `el`, when its value is not a string
/// (a number, a date, a formula's result: `office:value` is what a spreadsheet shows, the
/// paragraph only its rendering): rewritten as a string cell, so that the marker in its
/// paragraph is what remains.
fn odf_string_cell(index: &Index, el: u32) -> Option<Edit> {
    const VALUES: [&str; 6] = [
        "value",
        "date-value",
        "time-value",
        "boolean-value",
        "formula",
        "currency",
    ];
    let cell = std::iter::once(el)
        .chain(index.ancestors(el))
        .find(|&a| index.local(a) == "table-cell")?;
    let typed = index
        .attrs(cell)
        .any(|(k, _)| VALUES.contains(&crate::extract::xml::local_name(k)));
    if !typed {
        return None;
    }
    let e = index.element(cell);
    let mut out = format!("<{}", index.qname(cell));
    for (k, v) in index.attrs(cell) {
        let local = crate::extract::xml::local_name(k);
        if VALUES.contains(&local) || local == "value-type" {
            continue;
        }
        out.push_str(&format!(" {k}=\"{v}\""));
    }
    out.push_str(" office:value-type=\"string\"");
    out.push_str(if e.open_end == e.end { "/>" } else { ">" });
    Some(Edit {
        span: (e.start, e.open_end),
        with: out.into_bytes(),
    })
}

/// A SpreadsheetML cell rewritten as an inline string holding `text` (its reference and style
/// kept, its formula and value gone).
fn inline_cell(index: &Index, c: u32, text: &str) -> Edit {
    let qname = index.qname(c);
    let prefix = qname
        .rsplit_once(':')
        .map_or(String::new(), |(p, _)| format!("{p}:"));
    let mut out = format!("<{qname}");
    for (k, v) in index.attrs(c) {
        if k != "t" && k != "cm" && k != "vm" {
            out.push_str(&format!(" {k}=\"{v}\""));
        }
    }
    out.push_str(&format!(
        " t=\"inlineStr\"><{prefix}is><{prefix}t>{}</{prefix}t></{prefix}is></{qname}>",
        html_ascii(text)
    ));
    Edit {
        span: index.element(c).span(),
        with: out.into_bytes(),
    }
}

/// The edits every part of a redacted package gets: tracked changes accepted, removed comments
/// and their anchors gone, the thumbnail's relationship gone.
fn structure_edits(index: &Index, dialect: Dialect, ctx: &Context, edits: &mut Vec<Edit>) {
    let remove = |i: u32, edits: &mut Vec<Edit>| {
        edits.push(Edit {
            span: index.element(i).span(),
            with: Vec::new(),
        })
    };
    for i in 0..index.elements.len() as u32 {
        let local = index.local(i);
        let qname = index.qname(i);
        match dialect {
            Dialect::Word if qname.starts_with("w:") => match local {
                "del" | "moveFrom" | "rPrChange" | "pPrChange" | "sectPrChange" | "tblPrChange"
                | "tblPrExChange" | "trPrChange" | "tcPrChange" | "tblGridChange"
                | "numberingChange" | "moveFromRangeStart" | "moveFromRangeEnd"
                | "moveToRangeStart" | "moveToRangeEnd" => remove(i, edits),
                "ins" | "moveTo" => {
                    let e = index.element(i);
                    if e.open_end == e.end {
                        remove(i, edits);
                    } else {
                        edits.push(Edit {
                            span: (e.start, e.open_end),
                            with: Vec::new(),
                        });
                        edits.push(Edit {
                            span: (e.close_start, e.end),
                            with: Vec::new(),
                        });
                    }
                }
                "comment" | "commentRangeStart" | "commentRangeEnd" | "commentReference"
                    if index
                        .attr(i, "id")
                        .is_some_and(|id| ctx.comments.contains(id)) =>
                {
                    remove(i, edits)
                }
                _ => {}
            },
            Dialect::Odf
                if matches!(
                    local,
                    "tracked-changes" | "change" | "change-start" | "change-end"
                ) =>
            {
                remove(i, edits)
            }
            Dialect::Rels if local == "Relationship" => {
                let thumb = !ctx.thumbs.is_empty()
                    && index
                        .attr(i, "Type")
                        .is_some_and(|t| t.ends_with("/thumbnail"));
                let gone = index.attr(i, "Target").is_some_and(|t| {
                    let t = resolve(ctx.name, t);
                    ctx.dropped.iter().any(|n| n.eq_ignore_ascii_case(&t))
                });
                if thumb || gone {
                    remove(i, edits);
                }
            }
            Dialect::Sheet if ctx.records && local == "pivotCacheDefinition" => {
                edits.push(unlinked_cache(index, i));
            }
            _ => {}
        }
    }
    if let Some(gone) = ctx.notes.elements.get(ctx.name) {
        for &i in gone {
            remove(i, edits);
        }
    }
    let _ = ctx.format;
}

/// Whether entry `name` is a pivot cache's records.
fn is_pivot_records(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("xl/pivotcache/pivotcacherecords") && lower.ends_with(".xml")
}

/// Whether entry `name` holds the document's properties.
fn is_properties(format: Format, name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    match format {
        Format::Docx | Format::Xlsx => lower.starts_with("docprops/") && lower.ends_with(".xml"),
        Format::Odt | Format::Ods => lower == "meta.xml",
        _ => false,
    }
}

/// The package name a relationship `target` of the `.rels` entry `rels` points to: relative to
/// the folder of the part the `.rels` describes (`xl/pivotCache/_rels/x.xml.rels` → the folder
/// `xl/pivotCache/`), or from the root when it starts with `/`.
fn resolve(rels: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let base = rels
        .rsplit_once("_rels/")
        .map_or("", |(folder, _)| folder)
        .trim_end_matches('/');
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for p in target.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The start tag of a pivot cache definition whose records were dropped: without its link to
/// them (`r:id`), with `saveData="0"` (no records saved; the table is refreshed from its
/// source).
fn unlinked_cache(index: &Index, i: u32) -> Edit {
    let e = index.element(i);
    let mut out = format!("<{}", index.qname(i));
    for (k, v) in index.attrs(i) {
        let local = crate::extract::xml::local_name(k);
        if (local == "id" && k.contains(':')) || local == "saveData" {
            continue;
        }
        out.push_str(&format!(" {k}=\"{}\"", html_ascii(v)));
    }
    out.push_str(" saveData=\"0\"");
    out.push_str(if e.open_end == e.end { "/>" } else { ">" });
    Edit {
        span: (e.start, e.open_end),
        with: out.into_bytes(),
    }
}

/// A document-properties part with each property that holds a removed value blanked: the
/// element's text (or the attribute's value) emptied, no marker (a property is one value).
fn blank_properties(r: &Redactor, child: &str, data: &[u8]) -> Result<Vec<u8>, RedactError> {
    let Some(part) = r.part(child) else {
        return Err(rewrite(child, "part not found in the extraction"));
    };
    let Some(index) = part.xml.clone() else {
        return Err(r.unsupported(child, "document properties without their index"));
    };
    if part.opaque.is_some() || !index.complete || index.declares_entities {
        return Err(r.unsupported(child, "values in XML that could not be read whole"));
    }
    let mut edits = Vec::new();
    for t in r.targets(child) {
        if !t.at_text_or_fact() {
            continue;
        }
        match (&t.at, locus(&index, &t.at)) {
            (TargetAt::Text { pieces, .. }, _) if in_attribute(&t.origin) => {
                if pieces.is_empty() {
                    return Err(r.unsupported(child, "a value without a place in the bytes"));
                }
                edits.extend(pieces.iter().map(|&span| Edit {
                    span,
                    with: Vec::new(),
                }));
            }
            (
                TargetAt::Fact {
                    span: Some(span), ..
                },
                _,
            ) if in_attribute(&t.origin) => edits.push(Edit {
                span: *span,
                with: Vec::new(),
            }),
            (_, Some(el)) => replace_texts(&index, el, b"", &mut edits),
            _ => return Err(r.unsupported(child, "a value whose element was not found")),
        }
    }
    checked(child, apply_edits(data, edits))
}

/// Spreadsheet notes removed: the note and threaded-comment elements of each comments part,
/// and the cells (row, column, 0-based) whose VML note shapes go, per drawing entry.
#[derive(Default)]
struct Notes {
    elements: rustc_hash::FxHashMap<String, Vec<u32>>,
    shapes: rustc_hash::FxHashMap<String, Vec<(u64, u64)>>,
}

/// The row and column (0-based) of a cell reference `B2`.
fn cell_ref(r: &str) -> Option<(u64, u64)> {
    let r = r.trim().replace('$', "");
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col = letters
        .bytes()
        .try_fold(0u64, |acc, b| {
            b.is_ascii_alphabetic()
                .then(|| acc * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1))
        })?
        .checked_sub(1)?;
    let row = digits.parse::<u64>().ok()?.checked_sub(1)?;
    Some((row, col))
}

/// The notes and threaded comments of a workbook that hold a value to remove, and the VML
/// shapes that anchor the notes (paired with their comments part by the sheet's relationships).
fn removed_notes(
    r: &Redactor,
    format: Format,
    entries: &[crate::extract::archive::Entry],
    children: &[Option<String>],
) -> Notes {
    let mut notes = Notes::default();
    if format != Format::Xlsx {
        return notes;
    }
    // comments part → its sheet's VML drawing.
    let mut drawing_of: rustc_hash::FxHashMap<String, String> = Default::default();
    for (e, child) in entries.iter().zip(children) {
        let Some(child) = child else { continue };
        if !e.name.to_ascii_lowercase().ends_with(".rels") {
            continue;
        }
        let Some(index) = r.part(child).and_then(|p| p.xml.clone()) else {
            continue;
        };
        let (mut comments, mut vml) = (None, None);
        for i in 0..index.elements.len() as u32 {
            if index.local(i) != "Relationship" {
                continue;
            }
            let (Some(t), Some(target)) = (index.attr(i, "Type"), index.attr(i, "Target")) else {
                continue;
            };
            if t.ends_with("/comments") {
                comments = Some(resolve(&e.name, target));
            } else if t.ends_with("/vmlDrawing") {
                vml = Some(resolve(&e.name, target));
            }
        }
        if let (Some(c), Some(v)) = (comments, vml) {
            drawing_of.insert(c.to_ascii_lowercase(), v);
        }
    }
    for (e, child) in entries.iter().zip(children) {
        let Some(child) = child else { continue };
        let Some(index) = r.part(child).and_then(|p| p.xml.clone()) else {
            continue;
        };
        let mut gone: Vec<u32> = Vec::new();
        for t in r.targets(child) {
            let Some(el) = locus(&index, &t.at) else {
                continue;
            };
            let note = std::iter::once(el)
                .chain(index.ancestors(el))
                .find(|&a| matches!(index.local(a), "comment" | "threadedComment"));
            if let Some(n) = note {
                gone.push(n);
            }
        }
        if gone.is_empty() {
            continue;
        }
        // The replies of a threaded comment removed go with it.
        let ids: FxHashSet<&str> = gone.iter().filter_map(|&n| index.attr(n, "id")).collect();
        for i in 0..index.elements.len() as u32 {
            if index.local(i) == "threadedComment"
                && index.attr(i, "parentId").is_some_and(|p| ids.contains(p))
            {
                gone.push(i);
            }
        }
        gone.sort_unstable();
        gone.dedup();
        if let Some(vml) = drawing_of.get(&e.name.to_ascii_lowercase()) {
            let cells = gone
                .iter()
                .filter(|&&n| index.local(n) == "comment")
                .filter_map(|&n| index.attr(n, "ref").and_then(cell_ref));
            notes.shapes.entry(vml.clone()).or_default().extend(cells);
        }
        notes.elements.insert(e.name.clone(), gone);
    }
    notes
}

/// A VML drawing without the note shapes of `cells`. A drawing that is not well-formed XML
/// (some writers' VML is not) is left as it is: the note's text is gone already, only its
/// empty frame would stay.
fn drop_note_shapes(data: &[u8], cells: &[(u64, u64)]) -> Vec<u8> {
    let src = Source::new(data);
    let walked: Result<_, std::convert::Infallible> =
        xml::walk(&src, Options::default(), &mut NoVisitor, || Ok(()));
    let Ok((index, xml::Outcome::Complete)) = walked else {
        return data.to_vec();
    };
    let text_of = |i: u32| -> Option<u64> {
        let e = index.element(i);
        let t: String = index
            .nodes_in(e.open_end, e.close_start)
            .filter(|n| n.kind == NodeKind::Text)
            .filter_map(|n| std::str::from_utf8(&data[n.span.0..n.span.1]).ok())
            .collect();
        t.trim().parse().ok()
    };
    let mut edits = Vec::new();
    for i in 0..index.elements.len() as u32 {
        if index.local(i) != "shape" {
            continue;
        }
        let (mut row, mut col) = (None, None);
        for d in index.descendants(i) {
            match index.local(d) {
                "Row" => row = text_of(d),
                "Column" => col = text_of(d),
                _ => {}
            }
        }
        if let (Some(r), Some(c)) = (row, col)
            && cells.contains(&(r, c))
        {
            edits.push(Edit {
                span: index.element(i).span(),
                with: Vec::new(),
            });
        }
    }
    let out = apply_edits(data, edits);
    if xml::well_formed(&out) {
        out
    } else {
        data.to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationship_targets_resolve_from_their_part() {
        assert_eq!(
            resolve(
                "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels",
                "pivotCacheRecords1.xml"
            ),
            "xl/pivotCache/pivotCacheRecords1.xml"
        );
        assert_eq!(
            resolve(
                "xl/worksheets/_rels/sheet1.xml.rels",
                "../comments/comment1.xml"
            ),
            "xl/comments/comment1.xml"
        );
        assert_eq!(
            resolve("_rels/.rels", "/docProps/thumbnail.jpeg"),
            "docProps/thumbnail.jpeg"
        );
        assert_eq!(
            resolve("_rels/.rels", "word/document.xml"),
            "word/document.xml"
        );
    }

    #[test]
    fn cell_references_are_zero_based() {
        assert_eq!(cell_ref("B2"), Some((1, 1)));
        assert_eq!(cell_ref("$AA$10"), Some((9, 26)));
        assert_eq!(cell_ref("2B"), None);
    }

    #[test]
    fn a_pivot_cache_loses_its_records_link() {
        let data = br#"<pivotCacheDefinition xmlns="m" xmlns:r="rel" r:id="rId1" saveData="1" refreshOnLoad="1"><cacheSource/></pivotCacheDefinition>"#;
        let index = index_of("x", data).unwrap();
        let out = apply_edits(data, vec![unlinked_cache(&index, 0)]);
        let out = String::from_utf8(out).unwrap();
        assert!(
            !out.contains("r:id") && out.contains("saveData=\"0\""),
            "{out}"
        );
        assert!(out.contains("refreshOnLoad=\"1\"") && xml::well_formed(out.as_bytes()));
    }
}
