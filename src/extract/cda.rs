//! HL7 CDA R2 documents and other XML.
//!
//! Two streaming passes over the XML (quick-xml): the first counts same-name siblings for the
//! element paths, the second turns a `ClinicalDocument` into:
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
//!   element with `representation="B64"`), read by [`Extractor::nested`].
//!
//! Other XML (an XDM `METADATA.XML`) gives one segment per element holding text, and one per
//! attribute value that reads as text (`value`, `displayName`, values with spaces), no facts.
//!
//! Every origin is an element path, `/ClinicalDocument/component/structuredBody/component[2]/
//! section/text`: a name gets a 1-based index when its parent has several children of that name
//! (a first pass counts them, so the first of several is `[1]`). Every segment and fact maps
//! back to byte offsets of the XML as received. Malformed XML keeps what was read before the
//! error and makes the part opaque; so does nesting deeper than [`MAX_DEPTH`]. Input that is
//! not UTF-8 is read as Windows-1252 (ISO-8859-1 declarations included), mapped byte by byte.

mod codes;
pub(crate) mod source;

use super::{
    CodeSystem, ExtractError, Extractor, Fact, Format, Opaque, Origin, Part, Segment, child_path,
};
use crate::category::Category;
use base64::Engine as _;
use codes::{IdPlace, classify_id, classify_telecom, code_category, patient_mss_nir};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use source::{Source, TextBuf, resolve_entity, unescape};
use std::borrow::Cow;
use std::collections::HashMap;

/// Deepest element nesting read; deeper is treated as malformed (a CDA nests about 30 deep).
pub const MAX_DEPTH: usize = 256;

/// XML events between two checks of the time limit.
const TIME_CHECK_EVERY: u32 = 4096;

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
    let index = x.push(Part::new(path, format, bytes.len()))?;
    let src = Source::new(bytes);
    let multi = sibling_flags(x, &src.text)?;
    let mut walker = Walker::new(&src, format == Format::Cda, multi);
    let failure = walker.run(x)?;
    let Walker {
        segments,
        facts,
        payloads,
        ..
    } = walker;
    let part = x.part_mut(index);
    part.segments = segments;
    part.facts = facts;
    if let Some(why) = failure {
        part.opaque = Some(Opaque::Unreadable(why));
    }
    for (k, payload) in payloads.into_iter().enumerate() {
        nest(x, &child_path(path, k + 1), payload, depth)?;
    }
    Ok(())
}

/// First pass: for each element in document order, whether its parent has other children of
/// the same name (then its path carries an index).
fn sibling_flags(x: &Extractor, text: &str) -> Result<Vec<bool>, ExtractError> {
    let mut reader = Reader::from_str(text);
    let mut flags: Vec<bool> = Vec::new();
    // Per open element: its children's names → how many, and the ordinal of the first one
    // (a map: a parent may have thousands of differently named children).
    let mut stack: Vec<HashMap<String, (u32, usize)>> = vec![HashMap::new()];
    let mut events = 0u32;
    loop {
        events = events.wrapping_add(1);
        if events.is_multiple_of(TIME_CHECK_EVERY) {
            x.check_time()?;
        }
        let (e, empty) = match reader.read_event() {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(_)) => {
                stack.pop();
                if stack.is_empty() {
                    break;
                }
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => continue,
        };
        if stack.len() > MAX_DEPTH + 1 {
            break;
        }
        let ordinal = flags.len();
        flags.push(false);
        let name = e.name();
        let name: &str = name.as_ref();
        let Some(siblings) = stack.last_mut() else {
            break;
        };
        match siblings.get_mut(name) {
            Some((count, first)) => {
                *count += 1;
                if let Some(first) = flags.get_mut(*first) {
                    *first = true;
                }
                if let Some(this) = flags.last_mut() {
                    *this = true;
                }
            }
            None => {
                siblings.insert(name.to_string(), (1, ordinal));
            }
        }
        if !empty {
            stack.push(HashMap::new());
        }
    }
    Ok(flags)
}

/// An open element.
struct Frame {
    /// Qualified name as written (`sdtc:id`).
    name: String,
    /// Length of the walker's path before this element was appended.
    path_len: usize,
    /// Names of the children seen so far and how many of each.
    children: HashMap<String, u32>,
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
    path: String,
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
    path: String,
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
    path: String,
    buf: TextBuf,
}

/// A base64 payload being read.
struct Payload {
    depth: usize,
    media: Option<String>,
    compressed: bool,
    data: String,
}

/// Second pass: the document's segments, facts and payloads.
struct Walker<'s, 'b> {
    src: &'s Source<'b>,
    cda: bool,
    multi: Vec<bool>,
    ordinal: usize,
    path: String,
    stack: Vec<Frame>,
    top_children: HashMap<String, u32>,
    /// LOINC code of each open section (innermost last).
    sections: Vec<Option<String>>,
    entries: u32,
    service_events: u32,
    narrative: Option<Narrative>,
    collector: Option<Collector>,
    payload: Option<Payload>,
    segments: Vec<Segment>,
    facts: Vec<Fact>,
    payloads: Vec<Payload>,
    /// Other XML: the XDS `Slot` being read (its depth and `name`).
    slot: Option<(usize, String)>,
}

/// How a piece of text came out of the source.
#[derive(Clone, Copy)]
enum Raw {
    /// The source bytes are the text.
    Verbatim,
    /// Decoded from this many source bytes (an entity reference).
    Decoded(usize),
}

fn local_name(qname: &str) -> &str {
    qname.rsplit_once(':').map_or(qname, |(_, l)| l)
}

impl<'s, 'b> Walker<'s, 'b> {
    fn new(src: &'s Source<'b>, cda: bool, multi: Vec<bool>) -> Self {
        Walker {
            src,
            cda,
            multi,
            ordinal: 0,
            path: String::new(),
            stack: Vec::new(),
            top_children: HashMap::new(),
            sections: Vec::new(),
            entries: 0,
            service_events: 0,
            narrative: None,
            collector: None,
            payload: None,
            segments: Vec::new(),
            facts: Vec::new(),
            payloads: Vec::new(),
            slot: None,
        }
    }

    /// Reads the whole document. `Ok(Some(why))` when it is malformed (what was read is kept).
    fn run(&mut self, x: &Extractor) -> Result<Option<String>, ExtractError> {
        let src: &'s Source<'b> = self.src;
        let mut reader = Reader::from_str(&src.text);
        let mut events = 0u32;
        loop {
            events = events.wrapping_add(1);
            if events.is_multiple_of(TIME_CHECK_EVERY) {
                x.check_time()?;
            }
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(_) => {
                    let at = src.src(reader.error_position() as usize);
                    self.close_all();
                    return Ok(Some(format!(
                        "XML mal formé (erreur vers l'octet {at}) : la suite du document n'a pas été lue"
                    )));
                }
            };
            // Where the event's markup starts in the text: its content is borrowed from the
            // text (slice reader), so its offset is known; the reader's position is only a
            // fallback (it does not always point at the event's start).
            let pos = reader.buffer_position() as usize;
            let content_at =
                |s: &str, markup: usize| src.offset_of(s).map_or(pos, |o| o.saturating_sub(markup));
            match event {
                // The guard opens the element; it fails only when nesting is too deep.
                Event::Start(e) if !self.start(&e, false, content_at(&e, 1)) => {
                    self.close_all();
                    return Ok(Some(too_deep()));
                }
                Event::Start(_) => {}
                Event::Empty(e) => {
                    let at = content_at(&e, 1);
                    if !self.start(&e, true, at) {
                        self.close_all();
                        return Ok(Some(too_deep()));
                    }
                    self.end(at);
                }
                Event::End(e) => self.end(content_at(&e, 2)),
                Event::Text(t) => {
                    let s: &str = &t;
                    self.text(s, content_at(s, 0), Raw::Verbatim);
                }
                Event::CData(t) => {
                    let s: &str = &t;
                    self.text(s, content_at(s, 0), Raw::Verbatim);
                }
                Event::GeneralRef(r) => {
                    let name: &str = &r;
                    let at = content_at(name, 1);
                    let raw_len = name.len() + 2;
                    match resolve_entity(name) {
                        Some(s) => self.text(&s, at, Raw::Decoded(raw_len)),
                        // An entity XML does not define: keep it as written.
                        None => {
                            if let Some(raw) = src.text.get(at..at + raw_len) {
                                self.text(raw, at, Raw::Verbatim);
                            }
                        }
                    }
                }
                Event::Comment(c) => {
                    let s: &str = &c;
                    self.comment(s, content_at(s, 0));
                }
                Event::Eof => break,
                _ => {}
            }
        }
        let unclosed = !self.stack.is_empty();
        self.close_all();
        Ok(if unclosed {
            Some("XML mal formé : le document s'arrête avant la fin de ses éléments".into())
        } else if self.ordinal == 0 {
            Some("XML mal formé : aucun élément".into())
        } else {
            None
        })
    }

    /// Closes every open element (end of input or error): keeps what was read, drops a payload
    /// cut short.
    fn close_all(&mut self) {
        self.payload = None;
        let at = self.src.text.len();
        while !self.stack.is_empty() {
            self.end(at);
        }
    }

    /// An element starts at text offset `at`. `false` when nesting is too deep.
    fn start(&mut self, e: &BytesStart, empty: bool, at: usize) -> bool {
        if self.stack.len() >= MAX_DEPTH {
            return false;
        }
        let qname = e.name();
        let qname: &str = qname.as_ref();
        let local = local_name(qname);
        let siblings = match self.stack.last_mut() {
            Some(f) => &mut f.children,
            None => &mut self.top_children,
        };
        let index = match siblings.get_mut(qname) {
            Some(count) => {
                *count += 1;
                *count
            }
            None => {
                siblings.insert(qname.to_string(), 1);
                1
            }
        };
        let multi = self.multi.get(self.ordinal).copied().unwrap_or(index > 1);
        self.ordinal += 1;
        let path_len = self.path.len();
        self.path.push('/');
        self.path.push_str(qname);
        if multi {
            self.path.push_str(&format!("[{index}]"));
        }
        let parent = self
            .stack
            .last()
            .map(|f| local_name(&f.name).to_string())
            .unwrap_or_default();
        self.stack.push(Frame {
            name: qname.to_string(),
            path_len,
            children: HashMap::new(),
            text: None,
            counter: Counter::None,
        });
        let depth = self.stack.len() - 1;
        if self.payload.is_some() {
            return true;
        }
        if self.cda {
            self.cda_start(e, local, &parent, depth, empty, at);
        } else {
            if local == "Slot" {
                self.slot = attr(e, "name").map(|n| (depth, n.into_owned()));
            }
            self.xml_attributes(e);
        }
        true
    }

    /// The element at `depth` (the innermost) ends; text offset `at` is where its end tag is.
    fn end(&mut self, at: usize) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let depth = self.stack.len();
        let local = local_name(&frame.name);
        if let Some(p) = self.payload.take_if(|p| p.depth == depth) {
            self.payloads.push(p);
        }
        if let Some(n) = self.narrative.take_if(|n| n.depth == depth) {
            if !n.buf.is_blank() {
                self.segments
                    .push(n.buf.into_segment(Origin::Element(n.path)));
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
        if let Some(buf) = frame.text
            && !buf.is_blank()
            && !(!self.cda && local == "Value" && self.xds_value_facts(&buf))
        {
            self.segments
                .push(buf.into_segment(Origin::Element(self.path.clone())));
        }
        if self.slot.as_ref().is_some_and(|(d, _)| *d == depth) {
            self.slot = None;
        }
        match frame.counter {
            Counter::Section => {
                self.sections.pop();
            }
            Counter::Entry => self.entries = self.entries.saturating_sub(1),
            Counter::ServiceEvent => self.service_events = self.service_events.saturating_sub(1),
            Counter::None => {}
        }
        self.path.truncate(frame.path_len);
    }

    fn set_counter(&mut self, counter: Counter) {
        if let Some(f) = self.stack.last_mut() {
            f.counter = counter;
        }
    }

    /// What a CDA element start means.
    fn cda_start(
        &mut self,
        e: &BytesStart,
        local: &str,
        parent: &str,
        depth: usize,
        empty: bool,
        at: usize,
    ) {
        if attr(e, "representation").as_deref() == Some("B64") {
            if !empty {
                self.payload = Some(Payload {
                    depth,
                    media: attr(e, "mediaType").map(Cow::into_owned),
                    compressed: attr(e, "compression").is_some(),
                    data: String::new(),
                });
            }
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
                    *top = attr(e, "code").map(Cow::into_owned);
                }
            }
            _ => {}
        }
        if local == "text" && parent == "section" && !empty {
            self.narrative = Some(Narrative {
                depth,
                path: self.path.clone(),
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
                        path: self.path.clone(),
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
                path: self.path.clone(),
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
    fn attribute_segment(&mut self, e: &BytesStart, name: &str) {
        let Some(raw) = attr(e, name) else {
            return;
        };
        if raw.trim().is_empty() || raw.starts_with('#') {
            return;
        }
        let value = self.value(&raw);
        let origin = Origin::Element(format!("{}/@{name}", self.path));
        self.segments.push(value.into_segment(origin));
    }

    /// An attribute's value with its map back to the source.
    fn value(&self, raw: &str) -> TextBuf {
        match self.src.offset_of(raw) {
            Some(at) => unescape(self.src, raw, at),
            None => {
                // Not borrowed from the source (never with a slice reader): text, no map.
                let mut buf = TextBuf::default();
                buf.text.push_str(raw);
                buf
            }
        }
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
            origin: Origin::Element(self.path.clone()),
            span,
            confidence,
        });
    }

    /// `id root extension`: a NIR, IPP, RPPS, FINESS… by its root and place.
    fn id_fact(&mut self, e: &BytesStart, parent: &str) {
        let (Some(root), Some(ext)) = (attr(e, "root"), attr(e, "extension")) else {
            return;
        };
        let place = match parent {
            "patientRole" => IdPlace::PatientRole,
            "encompassingEncounter" => IdPlace::Encounter,
            _ => IdPlace::Other,
        };
        let value = self.value(&ext);
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
    fn telecom_fact(&mut self, e: &BytesStart) {
        let Some(raw) = attr(e, "value") else {
            return;
        };
        let value = self.value(&raw);
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
    fn birth_fact(&mut self, e: &BytesStart) {
        let Some(raw) = attr(e, "value") else {
            return;
        };
        let value = self.value(&raw);
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
    fn code_fact(&mut self, e: &BytesStart) -> bool {
        let (Some(code), Some(system)) = (attr(e, "code"), attr(e, "codeSystem")) else {
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
        let code_value = self.value(&code);
        let code_text = code_value.text.trim().to_string();
        if code_text.is_empty() {
            return false;
        }
        let (text, span) = match attr(e, "displayName") {
            Some(raw) if !raw.trim().is_empty() => {
                let v = self.value(&raw);
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
                    let seg = TextBuf {
                        text: p.buf.text.clone(),
                        runs: p.buf.runs.clone(),
                    };
                    let origin = Origin::Element(if p.local.is_empty() {
                        c.path.clone()
                    } else {
                        p.path.clone()
                    });
                    self.segments.push(seg.into_segment(origin));
                }
            }
        }
    }

    /// Text, a CDATA section or a resolved entity at text offset `at`.
    fn text(&mut self, s: &str, at: usize, raw: Raw) {
        if let Some(p) = &mut self.payload {
            p.data
                .extend(s.chars().filter(|c| !c.is_ascii_whitespace()));
            return;
        }
        let src = self.src;
        let push = |buf: &mut TextBuf| match raw {
            Raw::Verbatim => buf.verbatim(src, s, at),
            Raw::Decoded(len) => buf.decoded(src, s, at, len),
        };
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
                        path: c.path.clone(),
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
    fn comment(&mut self, s: &str, at: usize) {
        if self.payload.is_some() || s.trim().is_empty() {
            return;
        }
        let mut buf = TextBuf::default();
        buf.verbatim(self.src, s, at);
        let origin = Origin::Element(format!("{}/comment()", self.path));
        self.segments.push(buf.into_segment(origin));
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
    fn xml_attributes(&mut self, e: &BytesStart) {
        // XDSSubmissionSet.patientId and XDSDocumentEntry.patientId (IHE ITI TF-3 4.2.3):
        // the patient's id as a CX, facts like the PID-3 of `sourcePatientInfo`.
        const PATIENT_ID_SCHEMES: [&str; 2] = [
            "urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446",
            "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427",
        ];
        let qname = e.name();
        let qname: &str = qname.as_ref();
        let patient_id = local_name(qname) == "ExternalIdentifier"
            && attr(e, "identificationScheme")
                .is_some_and(|s| PATIENT_ID_SCHEMES.contains(&s.trim()));
        for a in e.attributes().with_checks(false).flatten() {
            let key: &str = a.key.as_ref();
            if key.starts_with("xmlns") || key.starts_with("xsi:") {
                continue;
            }
            let raw: &str = &a.value;
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
            let origin = Origin::Element(format!("{}/@{key}", self.path));
            self.segments.push(value.into_segment(origin));
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

/// The value of attribute `name` (local name) as written (not unescaped).
fn attr<'e>(e: &'e BytesStart, name: &str) -> Option<Cow<'e, str>> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| local_name(a.key.as_ref()) == name)
        .map(|a| a.value)
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

fn too_deep() -> String {
    format!("XML imbriqué sur plus de {MAX_DEPTH} niveaux : la suite du document n'a pas été lue")
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
