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
//! What cannot be removed for sure fails the redaction: a value whose place disagrees with its
//! element, a part that could not be read whole, a document declaring its own entities (their
//! text was never read). The rewritten XML is parsed once more before it is returned. Entities
//! are never expanded (quick-xml does not).

use super::text::html_ascii;
use super::{Edit, RedactError, Redactor, Target, TargetAt, apply_edits, marker};
use crate::extract::cda::source::Source;
use crate::extract::{Format, Origin, Span, child_path};
use base64::Engine as _;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;

/// What a section emptied by redaction says instead of its narrative.
pub const NOTICE: &str = "Contenu retiré par tamis : non nécessaire à la finalité de l'échange.";

/// Roots of the patient identifiers that are an INS (`../shared/FORMATS.md` §1.2): production
/// INS-NIR and INS-NIA, test and demonstration INS-NIR.
const INS_ROOTS: [&str; 4] = [
    "1.2.250.1.213.1.4.8",
    "1.2.250.1.213.1.4.9",
    "1.2.250.1.213.1.4.10",
    "1.2.250.1.213.1.4.11",
];

/// Deepest nesting read (as in extraction).
const MAX_DEPTH: usize = crate::extract::cda::MAX_DEPTH;

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
    let doc = Doc::index(bytes, cda, path, &|| r.check_time())?;
    if doc.declares_entities && has_content_targets {
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
    check_well_formed(&out).map_err(|what| rewrite(path, what))?;
    Ok(out)
}

fn rewrite(path: &str, what: &str) -> RedactError {
    RedactError::Rewrite {
        part: path.to_string(),
        what: what.to_string(),
    }
}

fn local_name(qname: &str) -> &str {
    qname.rsplit_once(':').map_or(qname, |(_, l)| l)
}

/// The prefix of a qualified name, with its colon (`cda:`), or nothing.
fn prefix(qname: &str) -> &str {
    qname
        .rsplit_once(':')
        .map_or("", |(p, _)| &qname[..p.len() + 1])
}

/// An element of the source, with its byte offsets.
struct Elem {
    /// Qualified name as written.
    qname: String,
    parent: Option<usize>,
    /// Path as extraction writes it (`/ClinicalDocument/component/…/section[3]`).
    path: String,
    /// Offset of its `<`.
    start: usize,
    /// Offset just after its start tag's `>`.
    open_end: usize,
    /// Offset of its end tag's `<` (`open_end` for an empty element).
    close_start: usize,
    /// Offset just after its end tag.
    end: usize,
    /// Attributes as written: qualified name, raw value.
    attrs: Vec<(String, String)>,
    /// The child part number of its base64 payload, if it holds one.
    payload: Option<usize>,
}

impl Elem {
    fn local(&self) -> &str {
        local_name(&self.qname)
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| local_name(k) == name)
            .map(|(_, v)| v.as_str())
    }

    fn span(&self) -> Span {
        (self.start, self.end)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NodeKind {
    /// Text or an entity reference: markers are written with references.
    Text,
    /// A comment or CDATA section: references are not read there.
    Literal,
}

/// A text node, comment or CDATA section of the source.
struct Node {
    kind: NodeKind,
    span: Span,
    blank: bool,
}

/// The source's elements and text nodes, in document order.
struct Doc {
    elems: Vec<Elem>,
    nodes: Vec<Node>,
    by_path: HashMap<String, usize>,
    /// The comments and CDATA sections, in order.
    literals: Vec<Span>,
    /// Whether the source is UTF-8 (else read as Windows-1252).
    utf8: bool,
    /// Whether its document type declares entities: their text was never read (entities are
    /// not expanded), so what they hold cannot be vouched for.
    declares_entities: bool,
}

impl Doc {
    /// Indexes `bytes`; in a CDA (`cda`), numbers the base64 payloads as extraction does.
    fn index(
        bytes: &[u8],
        cda: bool,
        path: &str,
        check_time: &dyn Fn() -> Result<(), RedactError>,
    ) -> Result<Doc, RedactError> {
        let src = Source::new(bytes);
        let text: &str = &src.text;
        let mut reader = Reader::from_str(text);
        let mut elems: Vec<Elem> = Vec::new();
        let mut nodes: Vec<Node> = Vec::new();
        let mut stack: Vec<usize> = Vec::new();
        let mut in_payload: Option<usize> = None;
        let mut payloads = 0usize;
        let mut events = 0u32;
        let mut declares_entities = false;
        let malformed = || rewrite(path, "malformed XML");
        let offset = |s: &str| {
            let base = text.as_ptr() as usize;
            let p = s.as_ptr() as usize;
            (p >= base && p + s.len() <= base + text.len()).then(|| p - base)
        };
        loop {
            events = events.wrapping_add(1);
            if events.is_multiple_of(4096) {
                check_time()?;
            }
            let event = reader.read_event().map_err(|_| malformed())?;
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(event, Event::Empty(_));
                    if stack.len() >= MAX_DEPTH {
                        return Err(malformed());
                    }
                    let content = offset(e).ok_or_else(malformed)?;
                    let at = content.saturating_sub(1);
                    let close = tag_end(text, content + e.len()).ok_or_else(malformed)?;
                    let index = elems.len();
                    let mut elem = new_elem(e, stack.last().copied(), src.src(at), src.src(close));
                    if cda
                        && !empty
                        && in_payload.is_none()
                        && elem.attr("representation") == Some("B64")
                    {
                        payloads += 1;
                        elem.payload = Some(payloads);
                        in_payload = Some(index);
                    }
                    if empty {
                        elem.close_start = elem.open_end;
                        elem.end = elem.open_end;
                    } else {
                        stack.push(index);
                    }
                    elems.push(elem);
                }
                Event::End(ref e) => {
                    let content = offset(e).ok_or_else(malformed)?;
                    let at = content.saturating_sub(2);
                    let close = tag_end(text, content + e.len()).ok_or_else(malformed)?;
                    let index = stack.pop().ok_or_else(malformed)?;
                    let elem = elems.get_mut(index).ok_or_else(malformed)?;
                    elem.close_start = src.src(at);
                    elem.end = src.src(close);
                    if in_payload == Some(index) {
                        in_payload = None;
                    }
                }
                Event::Text(ref t) => {
                    let s: &str = t;
                    if let Some(at) = offset(s) {
                        nodes.push(node(&src, NodeKind::Text, at, at + s.len(), s));
                    }
                }
                Event::GeneralRef(ref g) => {
                    let s: &str = g;
                    if let Some(at) = offset(s) {
                        nodes.push(node(
                            &src,
                            NodeKind::Text,
                            at.saturating_sub(1),
                            at + s.len() + 1,
                            "&",
                        ));
                    }
                }
                Event::CData(ref t) => {
                    let s: &str = t;
                    if let Some(at) = offset(s) {
                        nodes.push(node(&src, NodeKind::Literal, at, at + s.len(), s));
                    }
                }
                Event::Comment(ref t) => {
                    let s: &str = t;
                    if let Some(at) = offset(s) {
                        nodes.push(node(&src, NodeKind::Literal, at, at + s.len(), s));
                    }
                }
                Event::DocType(ref d) => {
                    let d: &str = d;
                    declares_entities |= d.contains("<!ENTITY");
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if !stack.is_empty() || elems.is_empty() {
            return Err(malformed());
        }
        let by_path = assign_paths(&mut elems);
        let literals = nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Literal)
            .map(|n| n.span)
            .collect();
        Ok(Doc {
            elems,
            nodes,
            literals,
            by_path,
            utf8: std::str::from_utf8(bytes).is_ok(),
            declares_entities,
        })
    }

    fn elem_at(&self, path: &str) -> Option<usize> {
        self.by_path.get(path).copied()
    }

    /// Direct children of element `i`.
    fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.elems
            .iter()
            .enumerate()
            .skip(i + 1)
            .take_while(move |(_, e)| e.start < self.elems[i].end)
            .filter(move |(_, e)| e.parent == Some(i))
            .map(|(k, _)| k)
    }

    /// Elements inside element `i` (not itself).
    fn descendants(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.elems[i].end;
        self.elems
            .iter()
            .enumerate()
            .skip(i + 1)
            .take_while(move |(_, e)| e.start < end)
            .map(|(k, _)| k)
    }

    /// The local names of `i`'s ancestors, innermost first.
    fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.elems[i].parent, |&p| self.elems[p].parent)
    }

    /// How a marker is written at source offset `at`: literally inside a comment or CDATA.
    fn encode_at(&self, at: usize, text: &str) -> Vec<u8> {
        let i = self.literals.partition_point(|s| s.0 <= at);
        let literal = i > 0 && self.literals.get(i - 1).is_some_and(|s| at < s.1);
        if !literal {
            return html_ascii(text).into_bytes();
        }
        if self.utf8 {
            text.as_bytes().to_vec()
        } else {
            encoding_rs::WINDOWS_1252.encode(text).0.into_owned()
        }
    }
}

/// The offset just after the `>` that ends a tag whose name and attributes end at `from`
/// (the reader's position is not used: it does not count a byte order mark).
fn tag_end(text: &str, from: usize) -> Option<usize> {
    text.get(from..)?.find('>').map(|k| from + k + 1)
}

fn new_elem(e: &BytesStart, parent: Option<usize>, start: usize, open_end: usize) -> Elem {
    let qname = e.name();
    let qname: &str = qname.as_ref();
    let attrs = e
        .attributes()
        .with_checks(false)
        .flatten()
        .map(|a| {
            let k: &str = a.key.as_ref();
            let v: &str = &a.value;
            (k.to_string(), v.to_string())
        })
        .collect();
    Elem {
        qname: qname.to_string(),
        parent,
        path: String::new(),
        start,
        open_end,
        close_start: open_end,
        end: open_end,
        attrs,
        payload: None,
    }
}

fn node(src: &Source, kind: NodeKind, from: usize, to: usize, s: &str) -> Node {
    Node {
        kind,
        span: (src.src(from), src.src(to)),
        blank: s.trim().is_empty(),
    }
}

/// Element paths as extraction writes them: a name gets `[i]` (1-based) when its parent has
/// several children of that name.
fn assign_paths(elems: &mut [Elem]) -> HashMap<String, usize> {
    let mut counts: HashMap<(Option<usize>, String), u32> = HashMap::new();
    let mut ordinal: Vec<u32> = Vec::with_capacity(elems.len());
    for e in elems.iter() {
        let c = counts.entry((e.parent, e.qname.clone())).or_default();
        *c += 1;
        ordinal.push(*c);
    }
    let mut by_path = HashMap::with_capacity(elems.len());
    for i in 0..elems.len() {
        let parent_path = elems[i]
            .parent
            .and_then(|p| elems.get(p))
            .map(|p| p.path.clone())
            .unwrap_or_default();
        let many = counts
            .get(&(elems[i].parent, elems[i].qname.clone()))
            .is_some_and(|&n| n > 1);
        let mut path = format!("{parent_path}/{}", elems[i].qname);
        if many {
            path.push_str(&format!("[{}]", ordinal[i]));
        }
        by_path.insert(path.clone(), i);
        elems[i].path = path;
    }
    by_path
}

/// The edits being planned for one part.
struct Plan<'d> {
    doc: &'d Doc,
    edits: Vec<Edit>,
    /// Source ranges replaced as a whole (masked elements, emptied narratives, removed
    /// entries): payloads inside them are not redacted, they are gone.
    removed: Vec<Span>,
    /// Elements masked.
    masked: std::collections::HashSet<usize>,
}

impl<'d> Plan<'d> {
    fn new(doc: &'d Doc) -> Plan<'d> {
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
                    let el = element_path(&t.origin)
                        .and_then(|p| self.doc.elem_at(p))
                        .ok_or_else(|| {
                            r.unsupported(path, "a value whose element was not found")
                        })?;
                    if span.is_some_and(|s| !self.inside(el, s)) {
                        return Err(r.unsupported(path, "a value outside its element"));
                    }
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
                    if !self.pieces_in_place(&t.origin, pieces) {
                        return Err(r.unsupported(path, "a value outside its element"));
                    }
                    self.text_edit(&t.origin, pieces, t.category);
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

    /// Whether text `pieces` are inside the element their origin names (its attribute, its
    /// comment): extraction and this index agree on where the value is. A comment outside the
    /// root element has no element to check.
    fn pieces_in_place(&self, origin: &Origin, pieces: &[Span]) -> bool {
        let Some(p) = element_path(origin) else {
            return false;
        };
        let p = p.rsplit_once("/@").map_or(p, |(e, _)| e);
        let p = p.strip_suffix("/comment()").unwrap_or(p);
        if p.is_empty() {
            return true;
        }
        self.doc
            .elem_at(p)
            .is_some_and(|el| pieces.iter().all(|&s| self.inside(el, s)))
    }

    /// Replaces text at `pieces` of a segment from `origin`: by a marker, or by masking the
    /// element when the text is an attribute that cannot hold one.
    fn text_edit(&mut self, origin: &Origin, pieces: &[Span], category: crate::Category) {
        match self.owner_to_mask(origin) {
            Some(el) => self.mask(el),
            None => self.marker_pieces(pieces, category),
        }
    }

    /// The element a text target in an attribute takes with it: a display name in an entry
    /// that made no fact (its code goes too), a reference's URL (a marker is no URL).
    fn owner_to_mask(&self, origin: &Origin) -> Option<usize> {
        let path = element_path(origin)?;
        let owner = if let Some(p) = path.strip_suffix("/@displayName") {
            p.contains("/entry").then_some(p)?
        } else {
            let (p, attr) = path.rsplit_once("/@")?;
            let el = self.doc.elem_at(p)?;
            (attr == "value" && self.doc.elems[el].local() == "reference").then_some(p)?
        };
        self.doc.elem_at(owner)
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
        let mut out = format!("<{}", e.qname);
        for (k, v) in &e.attrs {
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
        let at = self.doc.nodes.partition_point(|n| n.span.0 < from);
        for n in self.doc.nodes.get(at..).unwrap_or_default() {
            if n.span.0 >= to {
                break;
            }
            if n.blank || n.span.1 > to {
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
            if let Some(el) = element_path(&t.origin).and_then(|p| self.doc.elem_at(p)) {
                for id in self.references(el) {
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
        for (i, e) in self.doc.elems.iter().enumerate() {
            if let Some(id) = e.attr("ID") {
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
        for seg in part.segments.iter().filter(|s| is_narrative(&s.origin)) {
            for m in ac.find_iter(&seg.text) {
                if !word_bounded(&seg.text, m.start(), m.end()) {
                    continue;
                }
                let Some(&category) = categories.get(m.pattern().as_usize()) else {
                    continue;
                };
                let pieces = seg.source_pieces(m.start(), m.end());
                self.text_edit(&seg.origin, &pieces, category);
            }
        }
        Ok(())
    }

    /// The narrative ids that element `i` and its parent's `text` refer to (`#diag1` →
    /// `diag1`).
    fn references(&self, i: usize) -> Vec<String> {
        let mut places: Vec<usize> = self.doc.descendants(i).collect();
        if let Some(p) = self.doc.elems[i].parent {
            for c in self.doc.children(p) {
                if self.doc.elems[c].local() == "text" {
                    places.push(c);
                    places.extend(self.doc.descendants(c));
                }
            }
        }
        places
            .into_iter()
            .filter(|&k| self.doc.elems[k].local() == "reference")
            .filter_map(|k| self.doc.elems[k].attr("value"))
            .filter_map(|v| v.trim().strip_prefix('#'))
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// Sections all of whose findings go (and that have some): narrative → notice, entries
    /// removed; code and title stay.
    fn sections(&mut self, r: &Redactor, path: &str) {
        let targets = r.targets(path);
        let kept = r.kept(path);
        let within = |t: &Target, s: &str| {
            element_path(&t.origin)
                .is_some_and(|p| p == s || p.strip_prefix(s).is_some_and(|x| x.starts_with('/')))
        };
        for i in 0..self.doc.elems.len() {
            let s = &self.doc.elems[i];
            if s.local() != "section" {
                continue;
            }
            let has = targets
                .iter()
                .any(|t| t.at_text_or_fact() && within(t, &s.path));
            if !has || kept.iter().any(|t| within(t, &s.path)) {
                continue;
            }
            let children: Vec<usize> = self.doc.children(i).collect();
            for c in children {
                let e = &self.doc.elems[c];
                match e.local() {
                    "text" => {
                        let p = prefix(&e.qname);
                        let mut with = format!("<{}", e.qname);
                        for (k, v) in &e.attrs {
                            if k == "xmlns" || k.starts_with("xmlns:") {
                                with.push_str(&format!(" {k}=\"{}\"", v.replace('"', "&quot;")));
                            }
                        }
                        with.push_str(&format!(
                            "><{p}paragraph>{}</{p}paragraph></{}>",
                            html_ascii(NOTICE),
                            e.qname
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
            if let Some(role) = doc
                .ancestors(i)
                .find(|&a| doc.elems[a].local() == "patientRole")
                && !roles.contains(&role)
            {
                roles.push(role);
            }
        }
        for role in roles {
            let ids: Vec<usize> = doc
                .children(role)
                .filter(|&c| doc.elems[c].local() == "id")
                .filter(|&c| {
                    doc.elems[c]
                        .attr("root")
                        .is_some_and(|root| INS_ROOTS.contains(&root.trim()))
                })
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
    let e = &doc.elems[i];
    let parent = e.parent.map(|p| &doc.elems[p]);
    let under_patient = |p: &Elem| {
        p.local() == "patient"
            && p.parent
                .is_some_and(|g| doc.elems[g].local() == "patientRole")
    };
    match parent {
        Some(p) if under_patient(p) => matches!(
            e.local(),
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
    for e in &doc.elems {
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
        let bytes = src.get(e.open_end..e.close_start).unwrap_or_default();
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

/// Parses the rewritten XML to its end.
fn check_well_formed(bytes: &[u8]) -> Result<(), &'static str> {
    let src = Source::new(bytes);
    let mut reader = Reader::from_str(&src.text);
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(_) => return Err("the rewritten XML is not well-formed"),
        }
    }
    if depth != 0 {
        return Err("the rewritten XML is not well-formed");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Limits, extract};

    const LETTER: &[u8] = include_bytes!("../../corpus/cda/tamis_lettre_liaison_ehpad.xml");

    fn index(bytes: &[u8]) -> Doc {
        Doc::index(bytes, true, "", &|| Ok(())).expect("indexed")
    }

    /// Every element path extraction gives a fact or a segment is found, and every element's
    /// offsets frame its tags, whatever the encoding or a byte order mark.
    fn paths_and_spans_agree(bytes: &[u8]) {
        let doc = index(bytes);
        let x = extract(bytes, Some("l.xml"), &Limits::default()).expect("extracted");
        let part = &x.parts[0];
        let origins = part
            .facts
            .iter()
            .map(|f| &f.origin)
            .chain(part.segments.iter().map(|s| &s.origin));
        for o in origins {
            let p = element_path(o).expect("an element origin");
            let p = p.rsplit_once("/@").map_or(p, |(e, _)| e);
            let p = p.strip_suffix("/comment()").unwrap_or(p);
            if p.is_empty() {
                continue; // a comment before the root
            }
            assert!(doc.elem_at(p).is_some(), "no element at an extracted path");
        }
        for e in &doc.elems {
            let whole = &bytes[e.start..e.end];
            assert!(whole.starts_with(format!("<{}", e.qname).as_bytes()));
            assert!(whole.ends_with(b">"));
            assert_eq!(bytes[e.open_end - 1], b'>');
            if e.close_start < e.end {
                assert!(bytes[e.close_start..].starts_with(b"</"));
            }
        }
    }

    #[test]
    fn element_paths_and_offsets_match_extraction() {
        paths_and_spans_agree(LETTER);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(LETTER);
        paths_and_spans_agree(&bom);
        let text = std::str::from_utf8(LETTER).unwrap();
        let latin = encoding_rs::WINDOWS_1252.encode(text).0.into_owned();
        assert_ne!(latin.len(), LETTER.len(), "the letter has accents");
        paths_and_spans_agree(&latin);
    }

    #[test]
    fn repeated_names_get_an_index_and_single_ones_do_not() {
        let doc = index(LETTER);
        assert!(
            doc.elem_at("/ClinicalDocument/recordTarget/patientRole/id[2]")
                .is_some()
        );
        assert!(
            doc.elem_at("/ClinicalDocument/recordTarget/patientRole/patient/birthTime")
                .is_some()
        );
        assert!(doc.elem_at("/ClinicalDocument/templateId").is_none());
    }

    #[test]
    fn a_mask_keeps_the_type_and_use_only() {
        let xml = br#"<a xmlns:xsi="x"><value xsi:type="CD" code="G30.1" displayName="d"><originalText>t</originalText></value><telecom use="H" value="tel:1"/></a>"#;
        let doc = index(xml);
        let mut plan = Plan::new(&doc);
        plan.mask(doc.elem_at("/a/value").unwrap());
        plan.mask(doc.elem_at("/a/telecom").unwrap());
        let out = apply_edits(xml, plan.edits);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"<a xmlns:xsi="x"><value xsi:type="CD" nullFlavor="MSK"/><telecom use="H" nullFlavor="MSK"/></a>"#
        );
    }

    #[test]
    fn markers_are_literal_in_comments_and_references_in_text() {
        let xml = "<a><!-- Jean --><b>Jean</b></a>".as_bytes();
        let doc = index(xml);
        assert_eq!(doc.encode_at(9, "é"), "é".as_bytes());
        assert_eq!(doc.encode_at(19, "é"), b"&#233;");
    }

    #[test]
    fn payloads_are_numbered_in_document_order() {
        let xml = br#"<r><t representation="B64">QQ==</t><x/><v representation="B64"/><w representation="B64">Qg==</w></r>"#;
        let doc = index(xml);
        let numbered: Vec<usize> = doc.elems.iter().filter_map(|e| e.payload).collect();
        assert_eq!(numbered, vec![1, 2], "an empty element holds no payload");
    }

    #[test]
    fn a_coded_value_takes_the_narrative_it_references() {
        let xml = br##"<s><text><table><tr><td><content ID="d1">Angine <b>instable</b></content></td></tr></table></text><entry><obs><value code="I20.0"><originalText><reference value="#d1"/></originalText></value></obs></entry></s>"##;
        let doc = index(xml);
        let plan = Plan::new(&doc);
        let value = doc.elem_at("/s/entry/obs/value").unwrap();
        assert_eq!(plan.references(value), vec!["d1".to_string()]);
        let mut plan = plan;
        let content = doc.elem_at("/s/text/table/tr/td/content").unwrap();
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
    fn declared_entities_are_noticed() {
        let xml = br#"<!DOCTYPE a [<!ENTITY n "x">]><a>&n;</a>"#;
        assert!(index(xml).declares_entities);
        assert!(!index(b"<a>b</a>").declares_entities);
    }

    #[test]
    fn base64_is_wrapped_and_well_formedness_checked() {
        let wrapped = wrap_base64(&[0u8; 100]);
        assert!(wrapped.split(|&b| b == b'\n').all(|l| l.len() <= B64_LINE));
        assert!(check_well_formed(b"<a><b/></a>").is_ok());
        assert!(check_well_formed(b"<a><b></a>").is_err());
        assert!(word_bounded("la toux.", 3, 7));
        assert!(!word_bounded("latoux", 2, 6));
    }
}
