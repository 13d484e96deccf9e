//! HL7 CDA R2 documents and other XML: the source bytes are edited in place, so that whatever
//! is not redacted stays byte for byte (declaration, namespaces, comments, layout), and the
//! result still validates against the CDA schema.
//!
//! - **Header items and coded entries** (facts) are masked: the element is replaced by an empty
//!   one saying `nullFlavor="MSK"` (`<birthTime nullFlavor="MSK"/>`, `<name nullFlavor="MSK"/>`,
//!   `<value xsi:type="CD" nullFlavor="MSK"/>`), which every CDA datatype allows; only its
//!   namespace declarations, `xsi:type` and `use` stay, no code, display name, original text or
//!   parts. A masked INS trait of the patient (name, birth date, sex, birthplace) masks the
//!   patient's INS identifiers too: the CI-SIS forbids masked traits next to an INS
//!   (`../shared/FORMATS.md` §1.2, §2.7).
//! - **Text** (narrative, element text, display names that made no fact, comments) keeps its
//!   markup: each value's source pieces are replaced by a marker (`[retiré : diagnostic]`)
//!   written with character references, right in any declared encoding (literally in comments
//!   and CDATA, where references are not read).
//! - A **coded value** removed takes with it the narrative that shows it: the narrative element
//!   its `reference` points to (`<reference value="#diag1"/>` → `ID="diag1"`), unless something
//!   kept is written there, and every place of a section narrative where its display name is
//!   written.
//! - A value in an attribute that cannot hold a marker takes its element: a `reference` URL
//!   masks the reference, a display name in an entry that made no fact masks its coded
//!   element (its code would tell the same).
//! - A **section** all of whose findings go (and that has some) keeps its `code` and `title`; its
//!   `text` becomes a short notice and its `entry` elements are removed.
//! - **Base64 payloads** (`nonXMLBody/text`, `observationMedia/value`) are child parts, numbered
//!   as extraction numbered them: redacted in their own format and encoded back in place.
//!
//! Other XML (an XDM `METADATA.XML`) has no sections or payloads: its text and attribute
//! values get markers, and so do its facts (the PID fields of `sourcePatientInfo`), in place of
//! their value.
//!
//! Every place comes from the extraction: the part keeps the XML layer's
//! [`Index`] (elements, text nodes, payloads, with their byte spans)
//! and the element of each segment and fact, so the document is not read again here. What
//! cannot be removed for sure fails the redaction: a part that could not be read whole, a
//! document declaring its own entities (their text was never read). The rewritten XML is
//! walked once more before it is returned. Entities are never expanded.

use super::text::html_ascii;
use super::{Edit, RedactError, Redactor, Target, TargetAt, apply_edits, marker};
use crate::extract::xml::{self, Element, Index, Locus, local_name};
use crate::extract::{Format, Origin, Span, child_path};
use base64::Engine as _;
use std::collections::HashMap;

/// What a section emptied by redaction says instead of its narrative.
pub const NOTICE: &str = "Contenu retiré par tamis : non nécessaire à la finalité de l'échange.";

/// Characters per line of re-encoded base64.
const B64_LINE: usize = 76;

/// Redacts the CDA or XML part at `path`, whose bytes are `bytes`.
pub fn redact(
    r: &mut Redactor,
    path: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<Vec<u8>, RedactError> {
    let Some(part) = r.part(path) else {
        return Err(rewrite(path, "part not found in the extraction"));
    };
    let cda = part.format == Format::Cda;
    let has_content_targets = r.targets(path).iter().any(Target::at_text_or_fact);
    if part.opaque.is_some() && has_content_targets {
        return Err(r.unsupported(path, "values in XML that could not be read whole"));
    }
    let Some(index) = part.xml.clone() else {
        debug_assert!(false, "an XML part without its index");
        return Err(rewrite(path, "XML part without its index"));
    };
    debug_assert_eq!(part.size, bytes.len(), "the bytes extraction read");
    if !index.complete {
        return Err(rewrite(path, "malformed XML"));
    }
    let doc = Doc::new(&index);
    if index.declares_entities && has_content_targets {
        return Err(r.unsupported(path, "values in a document that declares its own entities"));
    }
    let mut plan = Plan::new(&doc);
    plan.targets(r, path, cda)?;
    if cda {
        plan.coded_narrative(r, path)
            .map_err(|what| r.unsupported(path, what))?;
        plan.sections(r, path);
        plan.ins_rule();
    }
    let mut edits = plan.edits;
    if cda {
        edits.extend(payload_edits(r, path, bytes, &doc, &plan.removed, depth)?);
    }
    let out = apply_edits(bytes, edits);
    if !xml::well_formed(&out) {
        return Err(rewrite(path, "the rewritten XML is not well-formed"));
    }
    Ok(out)
}

fn rewrite(path: &str, what: &str) -> RedactError {
    RedactError::Rewrite {
        part: path.to_string(),
        what: what.to_string(),
    }
}

/// The prefix of a qualified name, with its colon (`cda:`), or nothing.
fn prefix(qname: &str) -> &str {
    qname
        .rsplit_once(':')
        .map_or("", |(p, _)| &qname[..p.len() + 1])
}

/// The part's index, read by element number.
struct Doc<'i> {
    index: &'i Index,
    elems: &'i [Element],
}

impl<'i> Doc<'i> {
    fn new(index: &'i Index) -> Doc<'i> {
        Doc {
            index,
            elems: &index.elements,
        }
    }

    fn attrs(&self, i: usize) -> impl Iterator<Item = (&'i str, &'i str)> + 'i {
        self.index.attrs(i as u32)
    }

    fn qname(&self, i: usize) -> &'i str {
        self.index.qname(i as u32)
    }

    fn local(&self, i: usize) -> &'i str {
        self.index.local(i as u32)
    }

    fn attr(&self, i: usize, name: &str) -> Option<&'i str> {
        self.index.attr(i as u32, name)
    }

    fn parent(&self, i: usize) -> Option<usize> {
        self.elems[i].parent.map(|p| p as usize)
    }

    /// Direct children of element `i`.
    fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.index.children(i as u32).map(|k| k as usize)
    }

    /// Elements inside element `i` (not itself).
    fn descendants(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.index.descendants(i as u32).map(|k| k as usize)
    }

    /// Element `i`'s ancestors, innermost first.
    fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.index.ancestors(i as u32).map(|k| k as usize)
    }

    /// The element a target was read from (`None`: a comment outside the root element).
    fn locus(&self, t: &Target) -> Locus {
        let locus = match t.at {
            TargetAt::Text { segment, .. } => self.index.segments.get(segment).copied(),
            TargetAt::Fact { index, .. } => self.index.facts.get(index).copied(),
            TargetAt::FileName { .. } => None,
        };
        debug_assert!(
            locus.is_some() || !t.at_text_or_fact(),
            "every segment and fact of an XML part has its element"
        );
        locus.flatten()
    }

    /// Whether element `el` is element `of` or inside it.
    fn within(&self, el: Locus, of: usize) -> bool {
        el.is_some_and(|e| e as usize == of || self.ancestors(e as usize).any(|a| a == of))
    }

    /// How a marker is written at source offset `at`: literally inside a comment or CDATA.
    fn encode_at(&self, at: usize, text: &str) -> Vec<u8> {
        if !self.index.in_literal(at) {
            return html_ascii(text).into_bytes();
        }
        if self.index.utf8 {
            text.as_bytes().to_vec()
        } else {
            encoding_rs::WINDOWS_1252.encode(text).0.into_owned()
        }
    }
}

/// The edits being planned for one part.
struct Plan<'d> {
    doc: &'d Doc<'d>,
    edits: Vec<Edit>,
    /// Source ranges replaced as a whole (masked elements, emptied narratives, removed
    /// entries): payloads inside them are not redacted, they are gone.
    removed: Vec<Span>,
    /// Elements masked.
    masked: std::collections::HashSet<usize>,
}

impl<'d> Plan<'d> {
    fn new(doc: &'d Doc<'d>) -> Plan<'d> {
        Plan {
            doc,
            edits: Vec::new(),
            removed: Vec::new(),
            masked: std::collections::HashSet::new(),
        }
    }

    /// The part's own targets: facts masked, text replaced by markers.
    fn targets(&mut self, r: &Redactor, path: &str, cda: bool) -> Result<(), RedactError> {
        for t in r.targets(path) {
            r.check_time()?;
            match &t.at {
                TargetAt::FileName { .. } => {}
                TargetAt::Fact { span, .. } => {
                    let Some(el) = self.doc.locus(t) else {
                        return Err(r.unsupported(path, "a value whose element was not found"));
                    };
                    let el = el as usize;
                    debug_assert!(
                        span.is_none_or(|s| self.inside(el, s)),
                        "a fact's span is inside its element"
                    );
                    match span {
                        // Other XML (an XDM METADATA.XML PID field) has no nullFlavor: the
                        // value is replaced by a marker, the element and the rest of its text
                        // (`PID-7|`) stay.
                        Some(s) if !cda => self.marker_pieces(&[*s], t.category),
                        _ => self.mask(el),
                    }
                }
                TargetAt::Text { pieces, .. } => {
                    if pieces.is_empty() {
                        return Err(r.unsupported(path, "a value without a place in the bytes"));
                    }
                    let locus = self.doc.locus(t);
                    debug_assert!(
                        locus.is_none_or(|el| pieces.iter().all(|&s| self.inside(el as usize, s))),
                        "a segment's pieces are inside its element"
                    );
                    self.text_edit(&t.origin, locus, pieces, t.category);
                }
            }
        }
        Ok(())
    }

    /// Whether `span` is inside element `i`.
    fn inside(&self, i: usize, span: Span) -> bool {
        let e = &self.doc.elems[i];
        e.start <= span.0 && span.1 <= e.end && span.0 <= span.1
    }

    /// Replaces text at `pieces` of a segment from `origin`, read from element `locus`: by a
    /// marker, or by masking the element when the text is an attribute that cannot hold one.
    fn text_edit(
        &mut self,
        origin: &Origin,
        locus: Locus,
        pieces: &[Span],
        category: crate::Category,
    ) {
        match self.owner_to_mask(origin, locus) {
            Some(el) => self.mask(el),
            None => self.marker_pieces(pieces, category),
        }
    }

    /// The element a text target in an attribute takes with it: a display name in an entry
    /// that made no fact (its code goes too), a reference's URL (a marker is no URL).
    fn owner_to_mask(&self, origin: &Origin, locus: Locus) -> Option<usize> {
        let (p, attr) = element_path(origin)?.rsplit_once("/@")?;
        let el = locus? as usize;
        let owns = match attr {
            "displayName" => p.contains("/entry"),
            "value" => self.doc.local(el) == "reference",
            _ => false,
        };
        owns.then_some(el)
    }

    /// Replaces `pieces`: the first by the marker of `category`, the others by nothing.
    fn marker_pieces(&mut self, pieces: &[Span], category: crate::Category) {
        for (k, &span) in pieces.iter().enumerate() {
            let with = if k == 0 {
                self.doc.encode_at(span.0, &marker(category))
            } else {
                Vec::new()
            };
            self.edits.push(Edit { span, with });
        }
    }

    /// Element `i` becomes `<name nullFlavor="MSK"/>`, keeping namespace declarations,
    /// `xsi:type` and `use`.
    fn mask(&mut self, i: usize) {
        if !self.masked.insert(i) {
            return;
        }
        let e = &self.doc.elems[i];
        let mut out = format!("<{}", self.doc.qname(i));
        for (k, v) in self.doc.attrs(i) {
            let keep = k == "xmlns"
                || k.starts_with("xmlns:")
                || (k.contains(':') && local_name(k) == "type")
                || k == "use";
            if keep {
                out.push_str(&format!(" {k}=\"{}\"", v.replace('"', "&quot;")));
            }
        }
        out.push_str(" nullFlavor=\"MSK\"/>");
        self.edits.push(Edit {
            span: e.span(),
            with: out.into_bytes(),
        });
        self.removed.push(e.span());
    }

    /// Every non-blank text node inside element `i` is replaced: the first by `with`, the
    /// others by nothing (the markup stays).
    fn replace_texts(&mut self, i: usize, with: &str) {
        let e = &self.doc.elems[i];
        let (from, to) = (e.open_end, e.close_start);
        let mut first = true;
        for n in self.doc.index.nodes_in(from, to) {
            if n.blank {
                continue;
            }
            let bytes = if first {
                self.doc.encode_at(n.span.0, with)
            } else {
                Vec::new()
            };
            first = false;
            self.edits.push(Edit {
                span: n.span,
                with: bytes,
            });
        }
    }

    /// A coded value removed takes the narrative that shows it: what its references point to,
    /// and its display name wherever else the part writes it.
    fn coded_narrative(&mut self, r: &Redactor, path: &str) -> Result<(), &'static str> {
        let Some(part) = r.part(path) else {
            return Ok(());
        };
        let kept = kept_spans(r.kept(path));
        let mut ids: Vec<(String, crate::Category)> = Vec::new();
        let mut names: Vec<(String, crate::Category)> = Vec::new();
        for t in r.targets(path) {
            let TargetAt::Fact { index, .. } = t.at else {
                continue;
            };
            let Some(fact) = part.facts.get(index) else {
                continue;
            };
            if fact.code.is_none() {
                continue;
            }
            if let Some(el) = self.doc.locus(t) {
                for id in self.references(el as usize) {
                    ids.push((id, t.category));
                }
            }
            if let Some(text) = fact.text.as_deref().filter(|s| s.chars().count() >= 3) {
                names.push((text.to_string(), t.category));
            }
        }
        let mut kept = kept;
        kept.sort_unstable();
        let mut by_id: HashMap<&str, usize> = HashMap::new();
        for i in 0..self.doc.elems.len() {
            if let Some(id) = self.doc.attr(i, "ID") {
                by_id.entry(id).or_insert(i);
            }
        }
        for (id, category) in ids {
            let Some(&el) = by_id.get(id.as_str()) else {
                continue;
            };
            let span = self.doc.elems[el].span();
            // Kept findings that start before the element's end: does one end inside it?
            let before_end = kept.partition_point(|k| k.0 < span.1);
            if kept[..before_end].iter().any(|k| span.0 < k.1) {
                continue;
            }
            self.replace_texts(el, &marker(category));
        }
        self.display_names(part, &names)
    }

    /// Every whole-word occurrence of the display names `names` in the section narratives (any
    /// case of ASCII letters) is replaced like a text target of their category.
    fn display_names(
        &mut self,
        part: &crate::extract::Part,
        names: &[(String, crate::Category)],
    ) -> Result<(), &'static str> {
        let mut unique: Vec<&str> = Vec::new();
        let mut categories: Vec<crate::Category> = Vec::new();
        let mut seen: HashMap<String, ()> = HashMap::new();
        for (name, category) in names {
            if seen.insert(name.to_ascii_lowercase(), ()).is_none() {
                unique.push(name);
                categories.push(*category);
            }
        }
        if unique.is_empty() {
            return Ok(());
        }
        let ac = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&unique)
            .map_err(|_| "too many coded values to look for in the narrative")?;
        for (k, seg) in part.segments.iter().enumerate() {
            if !is_narrative(&seg.origin) {
                continue;
            }
            let locus = self.doc.index.segments.get(k).copied().flatten();
            for m in ac.find_iter(&seg.text) {
                if !word_bounded(&seg.text, m.start(), m.end()) {
                    continue;
                }
                let Some(&category) = categories.get(m.pattern().as_usize()) else {
                    continue;
                };
                let pieces = seg.source_pieces(m.start(), m.end());
                self.text_edit(&seg.origin, locus, &pieces, category);
            }
        }
        Ok(())
    }

    /// The narrative ids that element `i` and its parent's `text` refer to (`#diag1` →
    /// `diag1`).
    fn references(&self, i: usize) -> Vec<String> {
        let mut places: Vec<usize> = self.doc.descendants(i).collect();
        if let Some(p) = self.doc.parent(i) {
            for c in self.doc.children(p) {
                if self.doc.local(c) == "text" {
                    places.push(c);
                    places.extend(self.doc.descendants(c));
                }
            }
        }
        places
            .into_iter()
            .filter(|&k| self.doc.local(k) == "reference")
            .filter_map(|k| self.doc.attr(k, "value"))
            .filter_map(|v| v.trim().strip_prefix('#'))
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// Sections all of whose findings go (and that have some): narrative → notice, entries
    /// removed; code and title stay.
    fn sections(&mut self, r: &Redactor, path: &str) {
        let removed: Vec<Locus> = r
            .targets(path)
            .iter()
            .filter(|t| t.at_text_or_fact())
            .map(|t| self.doc.locus(t))
            .collect();
        let kept: Vec<Locus> = r.kept(path).iter().map(|t| self.doc.locus(t)).collect();
        for i in 0..self.doc.elems.len() {
            if self.doc.local(i) != "section" {
                continue;
            }
            let has = removed.iter().any(|&l| self.doc.within(l, i));
            if !has || kept.iter().any(|&l| self.doc.within(l, i)) {
                continue;
            }
            let children: Vec<usize> = self.doc.children(i).collect();
            for c in children {
                let e = &self.doc.elems[c];
                let qname = self.doc.qname(c);
                match self.doc.local(c) {
                    "text" => {
                        let p = prefix(qname);
                        let mut with = format!("<{qname}");
                        for (k, v) in self.doc.attrs(c) {
                            if k == "xmlns" || k.starts_with("xmlns:") {
                                with.push_str(&format!(" {k}=\"{}\"", v.replace('"', "&quot;")));
                            }
                        }
                        with.push_str(&format!(
                            "><{p}paragraph>{}</{p}paragraph></{}>",
                            html_ascii(NOTICE),
                            qname
                        ));
                        self.edits.push(Edit {
                            span: e.span(),
                            with: with.into_bytes(),
                        });
                        self.removed.push(e.span());
                    }
                    "entry" => {
                        self.edits.push(Edit {
                            span: e.span(),
                            with: Vec::new(),
                        });
                        self.removed.push(e.span());
                    }
                    _ => {}
                }
            }
        }
    }

    /// A changed INS trait (the patient's name, birth date, sex or birthplace) masks the
    /// patient's INS identifiers: the CI-SIS allows no masked trait next to an INS.
    fn ins_rule(&mut self) {
        let doc = self.doc;
        let mut roles: Vec<usize> = Vec::new();
        for (i, e) in doc.elems.iter().enumerate() {
            if !is_ins_trait(doc, i) {
                continue;
            }
            let touched = self
                .edits
                .iter()
                .any(|ed| e.start <= ed.span.0 && ed.span.1 <= e.end && ed.span != (0, 0));
            if !touched {
                continue;
            }
            if let Some(role) = doc.ancestors(i).find(|&a| doc.local(a) == "patientRole")
                && !roles.contains(&role)
            {
                roles.push(role);
            }
        }
        for role in roles {
            let ids: Vec<usize> = doc
                .children(role)
                .filter(|&c| doc.local(c) == "id")
                .filter(|&c| doc.attr(c, "root").is_some_and(xml::is_ins_oid))
                .collect();
            for id in ids {
                self.mask(id);
            }
        }
    }
}

/// Whether element `i` is an INS trait of a patient: `patient/name`, `patient/birthTime`,
/// `patient/administrativeGenderCode`, or what is in `patient/birthplace`.
fn is_ins_trait(doc: &Doc, i: usize) -> bool {
    let under_patient = |p: usize| {
        doc.local(p) == "patient" && doc.parent(p).is_some_and(|g| doc.local(g) == "patientRole")
    };
    match doc.parent(i) {
        Some(p) if under_patient(p) => matches!(
            doc.local(i),
            "name" | "birthTime" | "administrativeGenderCode" | "birthplace"
        ),
        _ => false,
    }
}

/// The element path of an origin (`…/@displayName`, `…/comment()` included as written).
fn element_path(origin: &Origin) -> Option<&str> {
    match origin {
        Origin::Element(p) => Some(p.as_str()),
        _ => None,
    }
}

/// Whether a segment is a section's narrative (`…/section[2]/text`).
fn is_narrative(origin: &Origin) -> bool {
    element_path(origin)
        .and_then(|p| p.strip_suffix("/text"))
        .and_then(|p| p.rsplit('/').next())
        .is_some_and(|last| last == "section" || last.starts_with("section["))
}

/// The source ranges of kept findings.
fn kept_spans(kept: &[Target]) -> Vec<Span> {
    let mut out = Vec::new();
    for t in kept {
        match &t.at {
            TargetAt::Text { pieces, .. } => out.extend(pieces.iter().copied()),
            TargetAt::Fact { span: Some(s), .. } => out.push(*s),
            _ => {}
        }
    }
    out
}

/// Whether `s..e` of `text` is a whole word (or words).
fn word_bounded(text: &str, s: usize, e: usize) -> bool {
    let before = text.get(..s).and_then(|t| t.chars().next_back());
    let after = text.get(e..).and_then(|t| t.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The base64 engine extraction decodes payloads with (padding optional, trailing bits
/// allowed).
fn lenient_base64() -> base64::engine::GeneralPurpose {
    base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    )
}

/// Payloads with something to remove: decoded, redacted as their own part, encoded back.
fn payload_edits(
    r: &mut Redactor,
    path: &str,
    src: &[u8],
    doc: &Doc,
    removed: &[Span],
    depth: u32,
) -> Result<Vec<Edit>, RedactError> {
    let mut edits = Vec::new();
    for e in doc.elems.iter() {
        let Some(k) = e.payload else { continue };
        let child = child_path(path, k);
        if !r.touched(&child) {
            continue;
        }
        if removed.iter().any(|s| s.0 <= e.start && e.end <= s.1) {
            continue; // gone with the element around it
        }
        if r.part(&child).is_none() {
            return Err(r.unsupported(path, "an embedded document extraction did not number"));
        }
        let Some(bytes) = src.get(e.open_end..e.close_start) else {
            // The index was made from these bytes: a span outside them is a bug, and redaction
            // fails closed rather than write an empty payload.
            return Err(r.unsupported(path, "a payload outside its document"));
        };
        let data: Vec<u8> = bytes
            .iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        if data.iter().any(|&b| b == b'<' || b == b'&') {
            return Err(r.unsupported(path, "an embedded document written with markup"));
        }
        let decoded = lenient_base64()
            .decode(&data)
            .map_err(|_| rewrite(path, "invalid base64 in an embedded document"))?;
        let redacted = r.child(&child, &decoded, depth + 1)?;
        edits.push(Edit {
            span: (e.open_end, e.close_start),
            with: wrap_base64(&redacted),
        });
    }
    Ok(edits)
}

/// `bytes` in base64, in lines of [`B64_LINE`] characters.
fn wrap_base64(bytes: &[u8]) -> Vec<u8> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    let mut out = Vec::with_capacity(encoded.len() + encoded.len() / B64_LINE + 2);
    out.push(b'\n');
    for line in encoded.as_bytes().chunks(B64_LINE) {
        out.extend_from_slice(line);
        out.push(b'\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Limits, Part, extract_as};

    const LETTER: &[u8] = include_bytes!("../../corpus/cda/tamis_lettre_liaison_ehpad.xml");

    fn part(bytes: &[u8]) -> Part {
        let x = extract_as(Format::Cda, bytes, &Limits::default()).expect("extracted");
        x.parts.into_iter().next().expect("a part")
    }

    fn index(bytes: &[u8]) -> std::sync::Arc<Index> {
        part(bytes).xml.expect("an XML part keeps its index")
    }

    fn elem_at(index: &Index, path: &str) -> Option<usize> {
        (0..index.elements.len() as u32)
            .find(|&i| index.path(i) == path)
            .map(|i| i as usize)
    }

    /// Every fact and segment extraction gives has its element, whose path is the origin's and
    /// whose span holds the value; every element's offsets frame its tags, whatever the
    /// encoding or a byte order mark.
    fn loci_and_spans_agree(bytes: &[u8]) {
        let part = part(bytes);
        let index = part.xml.as_deref().expect("an index");
        assert_eq!(index.segments.len(), part.segments.len());
        assert_eq!(index.facts.len(), part.facts.len());
        let origins = part
            .facts
            .iter()
            .map(|f| &f.origin)
            .zip(&index.facts)
            .chain(part.segments.iter().map(|s| &s.origin).zip(&index.segments));
        for (o, locus) in origins {
            let p = element_path(o).expect("an element origin");
            let p = p.rsplit_once("/@").map_or(p, |(e, _)| e);
            let p = p.strip_suffix("/comment()").unwrap_or(p);
            assert_eq!(index.locus_path(*locus), p);
        }
        for (f, locus) in part.facts.iter().zip(&index.facts) {
            let e = index.element(locus.expect("a fact's element"));
            if let Some((s, end)) = f.span {
                assert!(e.start <= s && end <= e.end, "a fact inside its element");
            }
        }
        for (i, e) in index.elements.iter().enumerate() {
            let whole = &bytes[e.start..e.end];
            assert!(whole.starts_with(format!("<{}", index.qname(i as u32)).as_bytes()));
            assert!(whole.ends_with(b">"));
            assert_eq!(bytes[e.open_end - 1], b'>');
            if e.close_start < e.end {
                assert!(bytes[e.close_start..].starts_with(b"</"));
            }
        }
    }

    #[test]
    fn element_loci_and_offsets_match_extraction() {
        loci_and_spans_agree(LETTER);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(LETTER);
        loci_and_spans_agree(&bom);
        let text = std::str::from_utf8(LETTER).unwrap();
        let latin = encoding_rs::WINDOWS_1252.encode(text).0.into_owned();
        assert_ne!(latin.len(), LETTER.len(), "the letter has accents");
        loci_and_spans_agree(&latin);
    }

    #[test]
    fn repeated_names_get_an_index_and_single_ones_do_not() {
        let index = index(LETTER);
        let at = |p: &str| elem_at(&index, p);
        assert!(at("/ClinicalDocument/recordTarget/patientRole/id[2]").is_some());
        assert!(at("/ClinicalDocument/recordTarget/patientRole/patient/birthTime").is_some());
        assert!(at("/ClinicalDocument/templateId").is_none());
    }

    #[test]
    fn a_mask_keeps_the_type_and_use_only() {
        let xml = br#"<a xmlns:xsi="x"><value xsi:type="CD" code="G30.1" displayName="d"><originalText>t</originalText></value><telecom use="H" value="tel:1"/></a>"#;
        let index = index(xml);
        let doc = Doc::new(&index);
        let mut plan = Plan::new(&doc);
        plan.mask(elem_at(&index, "/a/value").unwrap());
        plan.mask(elem_at(&index, "/a/telecom").unwrap());
        let out = apply_edits(xml, plan.edits);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"<a xmlns:xsi="x"><value xsi:type="CD" nullFlavor="MSK"/><telecom use="H" nullFlavor="MSK"/></a>"#
        );
    }

    #[test]
    fn markers_are_literal_in_comments_and_references_in_text() {
        let xml = "<a><!-- Jean --><b>Jean</b></a>".as_bytes();
        let index = index(xml);
        let doc = Doc::new(&index);
        assert_eq!(doc.encode_at(9, "é"), "é".as_bytes());
        assert_eq!(doc.encode_at(19, "é"), b"&#233;");
    }

    #[test]
    fn a_coded_value_takes_the_narrative_it_references() {
        let xml = br##"<s><text><table><tr><td><content ID="d1">Angine <b>instable</b></content></td></tr></table></text><entry><obs><value code="I20.0"><originalText><reference value="#d1"/></originalText></value></obs></entry></s>"##;
        let index = index(xml);
        let doc = Doc::new(&index);
        let plan = Plan::new(&doc);
        let value = elem_at(&index, "/s/entry/obs/value").unwrap();
        assert_eq!(plan.references(value), vec!["d1".to_string()]);
        let mut plan = plan;
        let content = elem_at(&index, "/s/text/table/tr/td/content").unwrap();
        plan.replace_texts(content, "[x]");
        let out = String::from_utf8(apply_edits(xml, plan.edits)).unwrap();
        assert!(
            out.contains(r#"<content ID="d1">[x]<b></b></content>"#),
            "{out}"
        );
    }

    #[test]
    fn narratives_are_section_texts() {
        let o = |p: &str| Origin::Element(p.to_string());
        assert!(is_narrative(&o(
            "/ClinicalDocument/component/structuredBody/component[2]/section/text"
        )));
        assert!(is_narrative(&o("/a/section[3]/text")));
        assert!(!is_narrative(&o("/a/section/entry/observation/text")));
        assert!(!is_narrative(&o("/a/section/text/comment()")));
    }

    #[test]
    fn base64_is_wrapped() {
        let wrapped = wrap_base64(&[0u8; 100]);
        assert!(wrapped.split(|&b| b == b'\n').all(|l| l.len() <= B64_LINE));
        assert!(word_bounded("la toux.", 3, 7));
        assert!(!word_bounded("latoux", 2, 6));
    }
}
