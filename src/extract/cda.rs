//! HL7 CDA R2 documents and other XML, read in one pass of the XML layer ([`super::xml`]),
//! which turns a `ClinicalDocument` into:
//! - **facts** for what the format states without any scanning: the patient's identifiers
//!   (`patientRole/id`: INS → `nir`, local OIDs → `ipp`), every person's name, address, telecom
//!   and birth date, the professionals' and structures' national identifiers (IdNat_PS → `rpps`,
//!   IdNat_Struct → `finess`…), and the coded entries (CIM-10, ATC, CIS/CIP/UCD, CCAM, LOINC,
//!   SNOMED CT);
//! - **segments** for free text: one per section narrative (`section/text`, table cells and
//!   paragraphs kept apart), and one per other element holding text (titles, `observation/text`,
//!   `value xsi:type="ST"`, organisation names…), plus every XML comment (the ANS samples carry
//!   explanatory ones, and comments leave with the document), every `displayName` that made no
//!   fact (header codes, local code systems) and every `reference/@value` naming a file. No
//!   text is left unrouted: what is not a fact is a segment;
//! - **child parts** for base64 payloads (`nonXMLBody/text`, `observationMedia/value`, any
//!   element with `representation="B64"`), numbered by the layer and read by
//!   [`Extractor::nested`].
//!
//! Other XML (an XDM `METADATA.XML`) gives one segment per element holding text, and one per
//! attribute value that reads as text (`value`, `displayName`, values with spaces), and facts
//! for the patient's identity in its XDS slots (the PID fields of `sourcePatientInfo`).
//!
//! Every origin is an element path, `/ClinicalDocument/component/structuredBody/component[2]/
//! section/text`: a name gets a 1-based index when its parent has several children of that name
//! (set once the document is indexed, so the first of several is `[1]`). Every segment and fact
//! maps back to byte offsets of the XML as received, and the part keeps the layer's
//! [`Index`] with the element of each segment and fact: redaction edits by
//! it. Malformed XML keeps what was read before the error and makes the part opaque; so does
//! nesting deeper than [`MAX_DEPTH`]. Input that is not UTF-8 is read as Windows-1252
//! (ISO-8859-1 declarations included), mapped byte by byte.

mod codes;

use super::xml::{
    self, Index, Locus, Options, Raw, Source, Tag, TextBuf, Visitor, attr_value, local_name,
};
use super::{CodeSystem, ExtractError, Extractor, Fact, Format, Opaque, Origin, Part, child_path};
use crate::category::Category;
use base64::Engine as _;
use codes::{IdPlace, classify_id, classify_telecom, code_category, patient_mss_nir};
use std::sync::Arc;

pub use xml::MAX_DEPTH;

/// Elements whose `name` is a person's name even when written as plain text (no parts).
/// Besides the patient and the professionals, they include third persons: the guardian
/// (`guardianPerson`), the emergency contact or trusted person (`informant/relatedEntity/
/// relatedPerson`), participants (`associatedPerson`), relatives in family history (`subject`).
/// Their names, addresses, telecoms and birth dates are personal data too and are reported
/// like the patient's, so that the policy can remove them.
const PERSON_PARENTS: [&str; 9] = [
    "patient",
    "guardianPerson",
    "relatedPerson",
    "associatedPerson",
    "assignedPerson",
    "informationRecipient",
    "maintainingPerson",
    "person",
    "subject",
];

/// Narrative elements that start or end a line.
const NARRATIVE_BLOCKS: [&str; 11] = [
    "paragraph",
    "tr",
    "item",
    "list",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "footnote",
    "renderMultiMedia",
];

/// Extracts the XML `bytes` as the part at `path`: a CDA document when `format` is
/// [`Format::Cda`], any other XML when it is [`Format::Xml`].
pub fn extract(
    x: &mut Extractor,
    path: &str,
    format: Format,
    bytes: &[u8],
    depth: u32,
) -> Result<(), ExtractError> {
    let part_index = x.push(Part::new(path, format, bytes.len()))?;
    let src = Source::new(bytes);
    let cda = format == Format::Cda;
    let mut walker = Walker::new(&src, cda);
    let (mut index, outcome) = xml::walk(
        &src,
        Options {
            payloads: cda,
            lenient: false,
        },
        &mut walker,
        || x.check_time(),
    )?;
    let Walker {
        mut segments,
        seg_loci,
        section_of,
        facts,
        fact_loci,
        payloads,
        ..
    } = walker;
    // Origins are element paths: known once the whole document is indexed (the first of
    // several same-name siblings is `[1]`).
    for (seg, (locus, suffix)) in segments.iter_mut().zip(&seg_loci) {
        let mut p = index.locus_path(*locus);
        match suffix {
            Suffix::None => {}
            Suffix::Attr(name) => {
                p.push_str("/@");
                p.push_str(name);
            }
            Suffix::Comment => p.push_str("/comment()"),
        }
        seg.origin = Origin::Element(p);
    }
    let mut facts: Vec<Fact> = facts;
    for (fact, locus) in facts.iter_mut().zip(&fact_loci) {
        fact.origin = Origin::Element(index.locus_path(*locus));
    }
    index.segments = seg_loci.into_iter().map(|(l, _)| l).collect();
    index.facts = fact_loci;
    let part = x.part_mut(part_index);
    part.segments = segments;
    part.sections = section_of;
    part.facts = facts;
    part.xml = Some(Arc::new(index));
    if let Some(why) = outcome.why() {
        part.opaque = Some(Opaque::Unreadable(why));
    }
    for (k, payload) in payloads.into_iter().enumerate() {
        nest(x, &child_path(path, k + 1), payload, depth)?;
    }
    Ok(())
}

/// What follows the element path in a segment's origin.
enum Suffix {
    None,
    /// `/@name`: an attribute's value.
    Attr(String),
    /// `/comment()`.
    Comment,
}

/// An open element.
struct Frame {
    el: u32,
    /// Its own text, when it is not routed to a narrative or a collector.
    text: Option<TextBuf>,
    /// The context counter it raised, to lower it at its end.
    counter: Counter,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Counter {
    None,
    Section,
    Entry,
    ServiceEvent,
}

/// A section narrative being read.
struct Narrative {
    depth: usize,
    el: u32,
    buf: TextBuf,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CollectKind {
    Name,
    Addr,
}

/// A `name` or `addr` being read, part by part.
struct Collector {
    depth: usize,
    kind: CollectKind,
    el: u32,
    /// Local name of the element holding it (`patient`, `assignedPerson`…).
    parent: String,
    parts: Vec<Piece>,
    open: Option<Piece>,
}

/// A part of a name or an address (`given`, `family`, `city`…), or text written directly in
/// the `name`/`addr` element (`local` empty).
struct Piece {
    depth: usize,
    local: String,
    el: u32,
    buf: TextBuf,
}

/// A base64 payload read.
struct Payload {
    media: Option<String>,
    compressed: bool,
    data: String,
}

/// The [`Visitor`] that turns the document into segments, facts and payloads.
struct Walker<'s, 'b> {
    src: &'s Source<'b>,
    cda: bool,
    stack: Vec<Frame>,
    /// LOINC code of each open section (innermost last).
    sections: Vec<Option<String>>,
    /// The section kind of each segment in a section of known code (`Part::sections`).
    section_of: Vec<(usize, crate::section::SectionKind)>,
    entries: u32,
    service_events: u32,
    narrative: Option<Narrative>,
    collector: Option<Collector>,
    segments: Vec<super::Segment>,
    /// The element (and what of it) each segment comes from.
    seg_loci: Vec<(Locus, Suffix)>,
    facts: Vec<Fact>,
    fact_loci: Vec<Locus>,
    payloads: Vec<Payload>,
    /// Other XML: the XDS `Slot` being read (its depth and `name`).
    slot: Option<(usize, String)>,
}

impl Visitor for Walker<'_, '_> {
    fn start(&mut self, e: &Tag, empty: bool, at: usize) {
        let (index, el) = (e.index, e.el);
        let parent = self.stack.last().map_or("", |f| index.local(f.el));
        self.stack.push(Frame {
            el,
            text: None,
            counter: Counter::None,
        });
        let depth = self.stack.len() - 1;
        let local = index.local(el);
        if self.cda {
            self.cda_start(e, local, parent, depth, empty, at);
        } else {
            if local == "Slot" {
                self.slot = e.attr("name").map(|n| (depth, n.to_string()));
            }
            self.xml_attributes(e);
        }
    }

    fn end(&mut self, index: &Index, el: u32, at: usize) {
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        debug_assert_eq!(frame.el, el, "elements end in the order they started");
        let text = frame.text.take();
        let counter = frame.counter;
        let depth = self.stack.len() - 1;
        let local = index.local(el);
        if let Some(n) = self.narrative.take_if(|n| n.depth == depth) {
            if !n.buf.is_blank() {
                self.segment(n.buf, Some(n.el), Suffix::None);
            }
        } else if let Some(n) = &mut self.narrative
            && NARRATIVE_BLOCKS.contains(&local)
            && !n.buf.at_line_start()
        {
            n.buf.separator(self.src, "\n", at);
        }
        if let Some(c) = &mut self.collector
            && let Some(piece) = c.open.take_if(|p| p.depth == depth)
        {
            c.parts.push(piece);
        }
        if let Some(c) = self.collector.take_if(|c| c.depth == depth) {
            self.finish_collector(c);
        }
        if let Some(buf) = text
            && !buf.is_blank()
            && !(!self.cda && local == "Value" && self.xds_value_facts(&buf))
        {
            self.segment(buf, Some(el), Suffix::None);
        }
        if self.slot.as_ref().is_some_and(|(d, _)| *d == depth) {
            self.slot = None;
        }
        match counter {
            Counter::Section => {
                self.sections.pop();
            }
            Counter::Entry => self.entries = self.entries.saturating_sub(1),
            Counter::ServiceEvent => self.service_events = self.service_events.saturating_sub(1),
            Counter::None => {}
        }
        self.stack.pop();
    }

    fn text(&mut self, _index: &Index, s: &str, at: usize, raw: Raw) {
        self.on_text(s, at, raw);
    }

    fn comment(&mut self, _index: &Index, s: &str, at: usize) {
        self.on_comment(s, at);
    }

    fn payload(&mut self, index: &Index, el: u32, data: String) {
        self.payloads.push(Payload {
            media: index.attr(el, "mediaType").map(str::to_string),
            compressed: index.attr(el, "compression").is_some(),
            data,
        });
    }
}

impl<'s, 'b> Walker<'s, 'b> {
    fn new(src: &'s Source<'b>, cda: bool) -> Self {
        Walker {
            src,
            cda,
            stack: Vec::new(),
            sections: Vec::new(),
            section_of: Vec::new(),
            entries: 0,
            service_events: 0,
            narrative: None,
            collector: None,
            segments: Vec::new(),
            seg_loci: Vec::new(),
            facts: Vec::new(),
            fact_loci: Vec::new(),
            payloads: Vec::new(),
            slot: None,
        }
    }

    /// The innermost open element.
    fn here(&self) -> Locus {
        self.stack.last().map(|f| f.el)
    }

    /// A segment from `buf`, of element `at` (its origin is set once the document is read).
    fn segment(&mut self, buf: TextBuf, at: Locus, suffix: Suffix) {
        // The kind of the section the text is in, by its LOINC code.
        if let Some(kind) = self
            .sections
            .last()
            .and_then(|s| s.as_deref())
            .and_then(crate::section::SectionKind::from_loinc)
        {
            self.section_of.push((self.segments.len(), kind));
        }
        self.segments
            .push(buf.into_segment(Origin::Element(String::new())));
        self.seg_loci.push((at, suffix));
    }

    fn set_counter(&mut self, counter: Counter) {
        if let Some(f) = self.stack.last_mut() {
            f.counter = counter;
        }
    }

    /// What a CDA element start means.
    fn cda_start(
        &mut self,
        e: &Tag,
        local: &str,
        parent: &str,
        depth: usize,
        empty: bool,
        at: usize,
    ) {
        // `start` has just pushed this element's frame.
        let here = e.el;
        if e.attr("representation") == Some("B64") {
            // An empty payload element (a full one is the walk's: see `Visitor::payload`).
            return;
        }
        if local == "linkHtml" && self.narrative.is_some() {
            self.attribute_segment(e, "href");
        }
        if let Some(n) = &mut self.narrative {
            if matches!(local, "td" | "th") {
                if !n.buf.text.is_empty() && !n.buf.text.ends_with(['\t', '\n']) {
                    n.buf.separator(self.src, "\t", at);
                }
            } else if (local == "br" || NARRATIVE_BLOCKS.contains(&local)) && !n.buf.at_line_start()
            {
                n.buf.separator(self.src, "\n", at);
            }
            return;
        }
        match local {
            "section" => {
                self.sections.push(None);
                self.set_counter(Counter::Section);
            }
            "entry" => {
                self.entries += 1;
                self.set_counter(Counter::Entry);
            }
            "serviceEvent" => {
                self.service_events += 1;
                self.set_counter(Counter::ServiceEvent);
            }
            "code" if parent == "section" => {
                if let Some(top) = self.sections.last_mut() {
                    *top = e.attr("code").map(str::to_string);
                }
            }
            _ => {}
        }
        if local == "text" && parent == "section" && !empty {
            self.narrative = Some(Narrative {
                depth,
                el: here,
                buf: TextBuf::default(),
            });
            return;
        }
        if let Some(c) = &mut self.collector {
            // A part of a name or address; a direct text piece before it is complete.
            if depth == c.depth + 1 {
                if let Some(piece) = c.open.take() {
                    c.parts.push(piece);
                }
                if !empty {
                    c.open = Some(Piece {
                        depth,
                        local: local.to_string(),
                        el: here,
                        buf: TextBuf::default(),
                    });
                }
            }
            return;
        }
        if matches!(local, "name" | "addr") && !empty {
            self.collector = Some(Collector {
                depth,
                kind: if local == "name" {
                    CollectKind::Name
                } else {
                    CollectKind::Addr
                },
                el: here,
                parent: parent.to_string(),
                parts: Vec::new(),
                open: None,
            });
            return;
        }
        match local {
            "id" => self.id_fact(e, parent),
            "telecom" => self.telecom_fact(e),
            "birthTime" => self.birth_fact(e),
            // A reference to a file elsewhere: its name may hold the patient's.
            "reference" => self.attribute_segment(e, "value"),
            _ => {}
        }
        let coded = (self.entries > 0 || self.service_events > 0) && self.code_fact(e);
        if !coded {
            // A display name that is no fact (header codes, local code systems): scanned.
            self.attribute_segment(e, "displayName");
        }
    }

    /// Attribute `name` of `e` as a segment (`path/@name`), unless blank or a local reference
    /// (`#id`).
    fn attribute_segment(&mut self, e: &Tag, name: &str) {
        let Some(raw) = e.attr(name) else {
            return;
        };
        if raw.trim().is_empty() || raw.starts_with('#') {
            return;
        }
        let value = self.value(raw);
        self.segment(value, self.here(), Suffix::Attr(name.to_string()));
    }

    /// An attribute's value with its map back to the source.
    fn value(&self, raw: &str) -> TextBuf {
        attr_value(self.src, raw)
    }

    fn fact(&mut self, category: Category, text: Option<String>, span: Option<(usize, usize)>) {
        self.fact_coded(category, text, None, span, 0.99);
    }

    fn fact_coded(
        &mut self,
        category: Category,
        text: Option<String>,
        code: Option<(CodeSystem, String)>,
        span: Option<(usize, usize)>,
        confidence: f32,
    ) {
        self.facts.push(Fact {
            category,
            text,
            code,
            // Set once the document is read, from the element.
            origin: Origin::Element(String::new()),
            span,
            confidence,
            // The kind of the section the entry is in, by its LOINC code.
            section: self
                .sections
                .last()
                .and_then(|s| s.as_deref())
                .and_then(crate::section::SectionKind::from_loinc),
        });
        self.fact_loci.push(self.here());
    }

    /// `id root extension`: a NIR, IPP, RPPS, FINESS… by its root and place.
    fn id_fact(&mut self, e: &Tag, parent: &str) {
        let (Some(root), Some(ext)) = (e.attr("root"), e.attr("extension")) else {
            return;
        };
        let place = match parent {
            "patientRole" => IdPlace::PatientRole,
            "encompassingEncounter" => IdPlace::Encounter,
            _ => IdPlace::Other,
        };
        let value = self.value(ext);
        let Some(kind) = classify_id(root.trim(), &value.text, place) else {
            return;
        };
        let Some(text) = value.text.get(kind.start..kind.end) else {
            return;
        };
        let span = value.span_of(kind.start, kind.end);
        self.fact_coded(
            kind.category,
            Some(text.to_string()),
            None,
            span,
            kind.confidence,
        );
    }

    /// `telecom value="tel:…|mailto:…"`: a phone or an e-mail (and the NIR of a patient's
    /// MSSanté address).
    fn telecom_fact(&mut self, e: &Tag) {
        let Some(raw) = e.attr("value") else {
            return;
        };
        let value = self.value(raw);
        let Some((category, start, end)) = classify_telecom(&value.text) else {
            return;
        };
        let Some(text) = value.text.get(start..end) else {
            return;
        };
        self.fact(category, Some(text.to_string()), value.span_of(start, end));
        if category == Category::Email
            && let Some((s, e)) = patient_mss_nir(text)
        {
            let nir = text.get(s..e).map(str::to_string);
            let span = value.span_of(start + s, start + e);
            self.fact(Category::Nir, nir, span);
        }
    }

    /// `birthTime value="19790328"` (patient, guardian, relative…).
    fn birth_fact(&mut self, e: &Tag) {
        let Some(raw) = e.attr("value") else {
            return;
        };
        let value = self.value(raw);
        let text = value.text.trim();
        if text.is_empty() {
            return;
        }
        let start = value.text.len() - value.text.trim_start().len();
        let span = value.span_of(start, start + text.len());
        self.fact(Category::BirthDate, Some(text.to_string()), span);
    }

    /// A coded element inside an entry (or the service event): `code`, `value xsi:type="CD"`,
    /// `translation`…
    /// Whether it made a fact.
    fn code_fact(&mut self, e: &Tag) -> bool {
        let (Some(code), Some(system)) = (e.attr("code"), e.attr("codeSystem")) else {
            return false;
        };
        let system = CodeSystem::from_oid(system.trim());
        if self.entries == 0 && system == CodeSystem::Loinc {
            // The service event's LOINC code says what kind of document this is.
            return false;
        }
        let section = self.sections.last().and_then(|s| s.as_deref());
        let Some(category) = code_category(&system, section) else {
            return false;
        };
        let code_value = self.value(code);
        let code_text = code_value.text.trim().to_string();
        if code_text.is_empty() {
            return false;
        }
        let (text, span) = match e.attr("displayName") {
            Some(raw) if !raw.trim().is_empty() => {
                let v = self.value(raw);
                let start = v.text.len() - v.text.trim_start().len();
                let end = v.text.trim_end().len().max(start);
                match v.text.get(start..end).filter(|t| !t.is_empty()) {
                    Some(t) => (Some(t.to_string()), v.span_of(start, end)),
                    None => (None, code_value.span()),
                }
            }
            _ => (None, code_value.span()),
        };
        self.fact_coded(category, text, Some((system, code_text)), span, 0.99);
        true
    }

    /// A `name` or `addr` is complete: a fact, or segments when it is not a person's name.
    fn finish_collector(&mut self, mut c: Collector) {
        if let Some(piece) = c.open.take() {
            c.parts.push(piece);
        }
        // Called at the element's end, while the walker's path is still the element's.
        match c.kind {
            CollectKind::Addr => {
                let pieces: Vec<&Piece> = c.parts.iter().filter(|p| !p.buf.is_blank()).collect();
                if let Some((text, span)) = joined(&pieces) {
                    self.fact(Category::Address, Some(text), span);
                }
            }
            CollectKind::Name => {
                let has_parts = c
                    .parts
                    .iter()
                    .any(|p| matches!(p.local.as_str(), "given" | "family"));
                let person = has_parts || PERSON_PARENTS.contains(&c.parent.as_str());
                let mut chosen: Vec<&Piece> = Vec::new();
                let mut others: Vec<&Piece> = Vec::new();
                // Given names first, then family names; a part already contained in an
                // earlier one (the birth first name in the list of first names) is left out.
                for want in ["given", "", "family"] {
                    for p in c
                        .parts
                        .iter()
                        .filter(|p| p.local == want && !p.buf.is_blank())
                    {
                        if !person || (want.is_empty() && has_parts) {
                            others.push(p);
                            continue;
                        }
                        let t = p.buf.text.trim();
                        let dup = chosen
                            .iter()
                            .any(|q| q.local == p.local && q.buf.text.contains(t));
                        if !dup {
                            chosen.push(p);
                        }
                    }
                }
                if let Some((text, span)) = joined(&chosen) {
                    self.fact(Category::PersonName, Some(text), span);
                }
                // Prefix, suffix, a direct text beside the parts, an organisation's name:
                // scanned like any text.
                others.extend(c.parts.iter().filter(|p| {
                    !matches!(p.local.as_str(), "given" | "family" | "") && !p.buf.is_blank()
                }));
                for p in others {
                    let el = if p.local.is_empty() { c.el } else { p.el };
                    self.segment(p.buf.clone(), Some(el), Suffix::None);
                }
            }
        }
    }

    /// Text, a CDATA section or a resolved entity at text offset `at`.
    fn on_text(&mut self, s: &str, at: usize, raw: Raw) {
        let src = self.src;
        let push = |buf: &mut TextBuf| buf.append(src, s, at, raw);
        if let Some(n) = &mut self.narrative {
            push(&mut n.buf);
            return;
        }
        if let Some(c) = &mut self.collector {
            match &mut c.open {
                Some(piece) => push(&mut piece.buf),
                None if s.trim().is_empty() => {}
                None => {
                    let mut piece = Piece {
                        depth: usize::MAX,
                        local: String::new(),
                        el: c.el,
                        buf: TextBuf::default(),
                    };
                    push(&mut piece.buf);
                    c.open = Some(piece);
                }
            }
            return;
        }
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        match &mut frame.text {
            Some(buf) => push(buf),
            None if s.trim().is_empty() => {}
            None => push(frame.text.insert(TextBuf::default())),
        }
    }

    /// An XML comment at text offset `at`: its own segment.
    fn on_comment(&mut self, s: &str, at: usize) {
        if s.trim().is_empty() {
            return;
        }
        let mut buf = TextBuf::default();
        buf.verbatim(self.src, s, at);
        self.segment(buf, self.here(), Suffix::Comment);
    }

    /// An XDS `rim:Value` that holds the patient's identity: a PID field, or the
    /// `sourcePatientId` slot's CX. Whether it made facts (else it is text to scan).
    fn xds_value_facts(&mut self, buf: &TextBuf) -> bool {
        let patient_id = self
            .slot
            .as_ref()
            .is_some_and(|(_, name)| name == "sourcePatientId");
        if patient_id {
            self.patient_id_facts(buf)
        } else {
            self.pid_facts(buf)
        }
    }

    /// An XDS `rim:Value` holding an HL7 v2 PID field, as the `sourcePatientInfo` slot of an
    /// XDM `METADATA.XML` writes the patient's identity (`PID-3|<INS>^^^&1.2.250.1.213.1.4.8&ISO^NH`,
    /// `PID-5|DUPONT^JEAN^^^^^L`, `PID-7|19450312`, `PID-11|<street>^^<city>^^<postcode>`):
    /// facts for the identifiers (by their assigning authority's OID, as a CDA `patientRole/id`),
    /// the name, the birth date and the address, each repetition (`~`) its own, spanning the
    /// field's value (the `PID-n|` prefix stays). Whether it made facts: other fields (the sex,
    /// PID-8) stay text to scan.
    fn pid_facts(&mut self, buf: &TextBuf) -> bool {
        let text = buf.text.as_str();
        let lead = text.len() - text.trim_start().len();
        let Some(rest) = text.trim().strip_prefix("PID-") else {
            return false;
        };
        let Some((num, value)) = rest.split_once('|') else {
            return false;
        };
        let Ok(field) = num.parse::<u32>() else {
            return false;
        };
        if !matches!(field, 3 | 5 | 7 | 11) {
            return false;
        }
        let at = lead + "PID-".len() + num.len() + 1;
        let mut made = false;
        for (start, rep) in repetitions(value, at) {
            let comps: Vec<&str> = rep.split('^').collect();
            let words = |idx: &[usize]| -> String {
                idx.iter()
                    .filter_map(|&i| comps.get(i))
                    .flat_map(|c| c.split('&'))
                    .map(str::trim)
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let span = buf.span_of(start, start + rep.len());
            let (category, found) = match field {
                3 => {
                    made |= self.cx_fact(buf, start, rep);
                    continue;
                }
                // XPN: family ^ given ^ further given names ^ suffix ^ prefix: given first.
                5 => (Category::PersonName, words(&[1, 2, 0])),
                7 => (Category::BirthDate, rep.to_string()),
                // XAD: street ^ other ^ city ^ state ^ postal code ^ country (not the type).
                _ => (Category::Address, words(&[0, 1, 2, 3, 4, 5])),
            };
            if found.is_empty() || span.is_none() {
                continue;
            }
            self.fact(category, Some(found), span);
            made = true;
        }
        made
    }

    /// The patient identifiers of an XDS `sourcePatientId` slot value or `patientId` external
    /// identifier (HL7 v2 CX, repetitions `~`), at offset `at` of `buf`: facts, as in
    /// [`Walker::pid_facts`]. Whether it made any.
    fn patient_id_facts(&mut self, buf: &TextBuf) -> bool {
        let mut made = false;
        for (start, rep) in repetitions(&buf.text, 0) {
            made |= self.cx_fact(buf, start, rep);
        }
        made
    }

    /// One HL7 v2 CX (`id^^^&OID&ISO^type`) at offset `start` of `buf`: a NIR (INS roots), an
    /// IPP (any other authority, as a CDA `patientRole/id`). Whether it made a fact.
    fn cx_fact(&mut self, buf: &TextBuf, start: usize, cx: &str) -> bool {
        let mut comps = cx.split('^');
        let id = comps.next().unwrap_or_default();
        let root = comps
            .nth(2)
            .and_then(|a| a.split('&').nth(1))
            .unwrap_or_default();
        let Some(kind) = classify_id(root.trim(), id, IdPlace::PatientRole) else {
            return false;
        };
        let (Some(found), Some(span)) = (
            id.get(kind.start..kind.end),
            buf.span_of(start + kind.start, start + kind.end),
        ) else {
            return false;
        };
        self.fact(kind.category, Some(found.to_string()), Some(span));
        true
    }

    /// Generic XML: attribute values that read as text become segments (`path/@name`).
    fn xml_attributes(&mut self, e: &Tag) {
        // XDSSubmissionSet.patientId and XDSDocumentEntry.patientId (IHE ITI TF-3 4.2.3):
        // the patient's id as a CX, facts like the PID-3 of `sourcePatientInfo`.
        const PATIENT_ID_SCHEMES: [&str; 2] = [
            "urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446",
            "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427",
        ];
        let patient_id = e.local() == "ExternalIdentifier"
            && e.attr("identificationScheme")
                .is_some_and(|s| PATIENT_ID_SCHEMES.contains(&s.trim()));
        for (key, raw) in e.attrs() {
            if key.starts_with("xmlns") || key.starts_with("xsi:") {
                continue;
            }
            let texty = matches!(
                local_name(key),
                "value"
                    | "displayName"
                    | "name"
                    | "title"
                    | "alt"
                    | "description"
                    | "label"
                    | "extension"
            ) || (raw.contains(' ') && raw.chars().any(char::is_alphabetic));
            if !texty
                || raw.trim().is_empty()
                || raw.starts_with("urn:uuid:")
                || raw.starts_with("urn:oid:")
            {
                continue;
            }
            let value = self.value(raw);
            if patient_id && local_name(key) == "value" && self.patient_id_facts(&value) {
                continue;
            }
            self.segment(value, self.here(), Suffix::Attr(key.to_string()));
        }
    }
}

/// The non-blank repetitions (`~`) of an HL7 v2 field `value` that starts at offset `at` of its
/// text: each trimmed, with its own offset.
fn repetitions(value: &str, at: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = at;
    for rep in value.split('~') {
        let start = from + (rep.len() - rep.trim_start().len());
        from += rep.len() + 1;
        let rep = rep.trim();
        if !rep.is_empty() {
            out.push((start, rep));
        }
    }
    out
}

/// Name or address parts joined with spaces, and the source range from the first to the last.
fn joined(pieces: &[&Piece]) -> Option<(String, Option<(usize, usize)>)> {
    if pieces.is_empty() {
        return None;
    }
    let mut text = String::new();
    let mut span: Option<(usize, usize)> = None;
    for p in pieces {
        let t = &p.buf.text;
        for word in t.split_whitespace() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(word);
        }
        let start = t.len() - t.trim_start().len();
        let end = t.trim_end().len();
        if let Some((s, e)) = p.buf.span_of(start, end) {
            span = Some(match span {
                None => (s, e),
                Some((s0, e0)) => (s0.min(s), e0.max(e)),
            });
        }
    }
    Some((text, span))
}

/// Decodes a base64 payload and reads it as child part `path`.
fn nest(x: &mut Extractor, path: &str, p: Payload, depth: u32) -> Result<(), ExtractError> {
    let media = p.media.as_deref().unwrap_or("text/plain");
    let unreadable = |x: &mut Extractor, why: &str| -> Result<(), ExtractError> {
        let mut part = Part::new(path, Format::Binary, p.data.len());
        part.declared = Some(media.to_string());
        part.opaque = Some(Opaque::Unreadable(why.to_string()));
        x.push(part).map(|_| ())
    };
    if p.compressed {
        return unreadable(x, "contenu compressé (attribut compression) non lu");
    }
    x.charge(path, (p.data.len() / 4 * 3) as u64)?;
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    match engine.decode(p.data.as_bytes()) {
        Ok(bytes) => x.nested(path, None, Some(media), &bytes, depth + 1),
        Err(_) => unreadable(x, "base64 invalide dans le document CDA"),
    }
}

#[cfg(test)]
mod tests;
