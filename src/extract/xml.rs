//! The one XML layer: every XML format tamis reads or rewrites (CDA, an XDM `METADATA.XML`, the
//! XMP, rich text and XFA packets of a PDF, the parts of DOCX, XLSX, ODT and ODS documents)
//! goes through [`walk`], the single quick-xml read loop, as both PDF sides go through
//! `pdf/content.rs`.
//!
//! - [`Source`]: the bytes as text ([`crate::input`]: UTF-8, else Windows-1252, ISO-8859-1
//!   declarations included) with its map back to the bytes.
//! - [`walk`] reads the source once, hands each event to a [`Visitor`] with its text offset (a
//!   start tag as a [`Tag`]: its name and attributes, parsed once), and builds the [`Index`] on
//!   the way: every element with its qualified name (interned), parent, attributes and byte
//!   span, its path (`/ClinicalDocument/component[2]/…`, a name indexed when its parent has
//!   several children of that name), every text node, comment and CDATA section with its byte
//!   span, and the base64 payloads (`representation="B64"`) numbered in document order — the
//!   numbers child parts get. [`Options::lenient`] lets an end tag close whatever is open (the
//!   PDF's packets).
//! - Entities are refused: nothing is expanded, nothing fetched. The five predefined entities and
//!   character references are resolved ([`resolve_entity`]); any other reference reaches the
//!   visitor as written ([`Raw::Unresolved`]), and a document type that declares entities is
//!   flagged ([`Index::declares_entities`]): their text was never read.
//! - [`TextBuf`] builds segment text with its runs back to the bytes; [`unescape`] reads an
//!   attribute value that way.
//! - [`INS_OIDS`]: the roots of the INS, for every reader of patient identifiers.
//!
//! Extraction stores the index in the part ([`Part::xml`](super::Part::xml)) with the element of
//! each segment and fact, and redaction edits by those spans: it never reads the document
//! again to find where a value was.

use super::{Origin, Run, Segment, SourceMap, Span};
use crate::input::Decoded;
use quick_xml::Reader;
use quick_xml::events::Event;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// Deepest element nesting read; deeper is treated as malformed (a CDA nests about 30 deep).
pub const MAX_DEPTH: usize = 256;

/// XML events between two checks of the time limit.
const TIME_CHECK_EVERY: u32 = 4096;

/// Roots of the patient identifiers that are an INS (matricule INS, `../shared/FORMATS.md`
/// §1.2): INS-NIR, INS-NIA, test INS-NIR, demonstration INS-NIR.
pub const INS_OIDS: [&str; 4] = [
    "1.2.250.1.213.1.4.8",
    "1.2.250.1.213.1.4.9",
    "1.2.250.1.213.1.4.10",
    "1.2.250.1.213.1.4.11",
];

/// Whether `oid` (trimmed) is an INS root.
pub fn is_ins_oid(oid: &str) -> bool {
    INS_OIDS.contains(&oid.trim())
}

/// The local part of a qualified name (`sdtc:id` → `id`).
pub fn local_name(qname: &str) -> &str {
    qname.rsplit_once(':').map_or(qname, |(_, l)| l)
}

// ---------------------------------------------------------------------------------------------
// The source
// ---------------------------------------------------------------------------------------------

/// The XML bytes as text, with the map back to the bytes.
pub struct Source<'b> {
    decoded: Decoded<'b>,
}

impl<'b> Source<'b> {
    /// UTF-8 as is; anything else is read as Windows-1252 (ISO-8859-1 declarations included,
    /// as the WHATWG labels do), one byte per character. quick-xml reads the text, so a
    /// declaration of another encoding is not followed.
    pub fn new(bytes: &'b [u8]) -> Source<'b> {
        Source {
            decoded: crate::input::decode(bytes),
        }
    }

    pub fn text(&self) -> &str {
        &self.decoded.text
    }

    /// Whether the bytes are UTF-8 (after any byte-order mark).
    pub fn is_utf8(&self) -> bool {
        self.decoded.is_utf8()
    }

    /// The byte offset where text from offset `d` on comes from (`d` at most the length).
    pub fn src(&self, d: usize) -> usize {
        self.decoded.offset(d)
    }

    /// The byte offset where text up to offset `d` ends.
    pub fn src_end(&self, d: usize) -> usize {
        self.decoded.end_offset(d)
    }

    /// The text offset of `s`, a slice borrowed from the text (event content); `None` if it is
    /// not (an owned copy).
    pub fn offset_of(&self, s: &str) -> Option<usize> {
        let text = self.text();
        let base = text.as_ptr() as usize;
        let p = s.as_ptr() as usize;
        (p >= base && p + s.len() <= base + text.len()).then(|| p - base)
    }
}

// ---------------------------------------------------------------------------------------------
// The index
// ---------------------------------------------------------------------------------------------

/// An element of the document. Offsets are byte offsets of the bytes as received.
#[derive(Debug, Clone)]
pub struct Element {
    /// Qualified name as written ([`Index::qname`]): an interned name.
    name: u32,
    pub parent: Option<u32>,
    /// 1-based rank among its parent's children of the same name.
    pub ordinal: u32,
    /// Whether its parent has several children of its name (its path then carries `[ordinal]`).
    pub multi: bool,
    /// Offset of its `<`.
    pub start: usize,
    /// Offset just after its start tag's `>`.
    pub open_end: usize,
    /// Offset of its end tag's `<` (`open_end` for an empty element).
    pub close_start: usize,
    /// Offset just after its end tag (`open_end` for an empty element).
    pub end: usize,
    /// Its attributes: `Index::attrs[attrs.0..attrs.1]`.
    attrs: (u32, u32),
    /// The child part number (1-based) of its base64 payload, if it holds one.
    pub payload: Option<usize>,
}

impl Element {
    pub fn span(&self) -> Span {
        (self.start, self.end)
    }
}

/// An attribute as written: its interned qualified name, and where its raw value (not
/// unescaped) is in [`Index::strings`].
#[derive(Debug, Clone, Copy)]
struct Attr {
    name: u32,
    value: (u32, u32),
    /// Text offset of the value in the source, during the walk (`u32::MAX`: not known).
    at: u32,
}

/// An interned name: its range in [`Index::strings`], and where its local part starts.
#[derive(Debug, Clone, Copy)]
struct Name {
    range: (u32, u32),
    local: u32,
}

/// What a text node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// Text or an entity reference: markup there is written with references.
    Text,
    /// A comment or CDATA section: references are not read there.
    Literal,
}

/// A text node, entity reference, comment or CDATA section, with its byte span.
#[derive(Debug, Clone)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
    pub blank: bool,
}

/// Where a segment or fact of an XML part was read: its element (`None` for a comment outside
/// the root element).
pub type Locus = Option<u32>;

/// The elements and text nodes of a document in document order, as [`walk`] read them; with
/// the element each segment and fact of the part came from (filled by extraction).
#[derive(Debug, Clone, Default)]
pub struct Index {
    pub elements: Vec<Element>,
    attrs: Vec<Attr>,
    /// Element and attribute names (each distinct name once) and attribute values, one after
    /// the other: one allocation for all of them.
    strings: String,
    /// The interned names.
    names: Vec<Name>,
    pub nodes: Vec<Node>,
    /// The spans of the comments and CDATA sections, in order.
    literals: Vec<Span>,
    /// Whether the document type declares entities (never expanded: what they hold was not
    /// read).
    pub declares_entities: bool,
    /// Whether the bytes are UTF-8 (else read as Windows-1252).
    pub utf8: bool,
    /// Whether the document was read to its end, well-formed.
    pub complete: bool,
    /// The element of each segment of the part, in the part's order.
    pub segments: Vec<Locus>,
    /// The element of each fact of the part, in the part's order.
    pub facts: Vec<Locus>,
}

impl Index {
    pub fn element(&self, i: u32) -> &Element {
        &self.elements[i as usize]
    }

    fn string(&self, (a, b): (u32, u32)) -> &str {
        &self.strings[a as usize..b as usize]
    }

    /// The qualified name of element `i`, as written (`sdtc:id`).
    pub fn qname(&self, i: u32) -> &str {
        self.string(self.names[self.element(i).name as usize].range)
    }

    /// The local name of element `i` (`id`).
    pub fn local(&self, i: u32) -> &str {
        let n = self.names[self.element(i).name as usize];
        self.string((n.local, n.range.1))
    }

    fn attr_list(&self, i: u32) -> &[Attr] {
        let (a, b) = self.element(i).attrs;
        &self.attrs[a as usize..b as usize]
    }

    /// The qualified and local name of an attribute.
    fn attr_name(&self, a: &Attr) -> (&str, &str) {
        let n = self.names[a.name as usize];
        (self.string(n.range), self.string((n.local, n.range.1)))
    }

    /// The attributes of element `i`: qualified name and raw value (not unescaped).
    pub fn attrs(&self, i: u32) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.attr_list(i)
            .iter()
            .map(|a| (self.attr_name(a).0, self.string(a.value)))
    }

    /// The raw value of attribute `name` (local name) of element `i`.
    pub fn attr(&self, i: u32, name: &str) -> Option<&str> {
        self.attr_list(i)
            .iter()
            .find(|a| self.attr_name(a).1 == name)
            .map(|a| self.string(a.value))
    }

    /// The path of element `i`: `/ClinicalDocument/component/structuredBody/component[2]`.
    pub fn path(&self, i: u32) -> String {
        let mut chain = vec![i];
        let mut k = i;
        while let Some(p) = self.element(k).parent {
            chain.push(p);
            k = p;
        }
        let mut out = String::new();
        for &k in chain.iter().rev() {
            let e = self.element(k);
            out.push('/');
            out.push_str(self.qname(k));
            if e.multi {
                out.push('[');
                out.push_str(&e.ordinal.to_string());
                out.push(']');
            }
        }
        out
    }

    /// The path of a locus (`""` outside the root element).
    pub fn locus_path(&self, at: Locus) -> String {
        at.map(|i| self.path(i)).unwrap_or_default()
    }

    /// Direct children of element `i`.
    pub fn children(&self, i: u32) -> impl Iterator<Item = u32> + '_ {
        self.descendants(i)
            .filter(move |&k| self.element(k).parent == Some(i))
    }

    /// Elements inside element `i` (not itself), in document order.
    pub fn descendants(&self, i: u32) -> impl Iterator<Item = u32> + '_ {
        let end = self.element(i).end;
        (i + 1..self.elements.len() as u32).take_while(move |&k| self.element(k).start < end)
    }

    /// Element `i`'s ancestors, innermost first.
    pub fn ancestors(&self, i: u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors(self.element(i).parent, |&p| self.element(p).parent)
    }

    /// The text nodes inside byte range `from..to`.
    pub fn nodes_in(&self, from: usize, to: usize) -> impl Iterator<Item = &Node> + '_ {
        let at = self.nodes.partition_point(|n| n.span.0 < from);
        self.nodes[at..]
            .iter()
            .take_while(move |n| n.span.0 < to)
            .filter(move |n| n.span.1 <= to)
    }

    /// Whether byte offset `at` is inside a comment or CDATA section.
    pub fn in_literal(&self, at: usize) -> bool {
        let i = self.literals.partition_point(|s| s.0 <= at);
        i > 0 && self.literals.get(i - 1).is_some_and(|s| at < s.1)
    }
}

// ---------------------------------------------------------------------------------------------
// The walk
// ---------------------------------------------------------------------------------------------

/// How a piece of text came out of the source.
#[derive(Clone, Copy, Debug)]
pub enum Raw {
    /// The source text is the text.
    Verbatim,
    /// Decoded from this many source text bytes (an entity reference).
    Decoded(usize),
    /// A reference XML does not define (an entity of a DTD, a bad character reference), as
    /// written: never expanded.
    Unresolved,
}

/// An element's start tag, as a [`Visitor`] sees it: its name and attributes, read once by the
/// walk (values borrowed from the source text, so that [`attr_value`] maps them back).
pub struct Tag<'a> {
    pub index: &'a Index,
    pub el: u32,
    text: &'a str,
}

impl<'a> Tag<'a> {
    pub fn qname(&self) -> &'a str {
        self.index.qname(self.el)
    }

    pub fn local(&self) -> &'a str {
        self.index.local(self.el)
    }

    fn value(&self, a: &Attr) -> &'a str {
        let len = (a.value.1 - a.value.0) as usize;
        let at = a.at as usize;
        match self.text.get(at..at + len) {
            Some(v) if a.at != u32::MAX => v,
            _ => self.index.string(a.value),
        }
    }

    /// The attributes: qualified name and raw value (not unescaped).
    pub fn attrs(&self) -> impl Iterator<Item = (&'a str, &'a str)> + '_ {
        self.index
            .attr_list(self.el)
            .iter()
            .map(|a| (self.index.attr_name(a).0, self.value(a)))
    }

    /// The raw value of attribute `name` (local name).
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        self.index
            .attr_list(self.el)
            .iter()
            .find(|a| self.index.attr_name(a).1 == name)
            .map(|a| self.value(a))
    }

    /// The value of attribute `name` (local name), unescaped (predefined entities and
    /// character references; an unknown entity stays as written).
    pub fn attr_text(&self, name: &str) -> Option<String> {
        self.attr(name).map(unescape_str)
    }
}

/// What a [`Visitor`] is told. Offsets are text offsets of the [`Source`].
pub trait Visitor {
    /// An element starts at text offset `at` (its `<`); `empty` for `<x/>`, whose
    /// [`Visitor::end`] follows at once.
    fn start(&mut self, _tag: &Tag, _empty: bool, _at: usize) {}
    /// Element `el` ends; `at` is where its end tag is.
    fn end(&mut self, _index: &Index, _el: u32, _at: usize) {}
    /// Text, a CDATA section or a resolved reference at text offset `at` (`raw` says how it is
    /// written). An entity XML does not define comes as written ([`Raw::Unresolved`]).
    fn text(&mut self, _index: &Index, _s: &str, _at: usize, _raw: Raw) {}
    /// A comment's content at text offset `at`.
    fn comment(&mut self, _index: &Index, _s: &str, _at: usize) {}
    /// The base64 payload of element `el` (its number is the element's
    /// [`Element::payload`]), whitespace removed. Nothing inside a payload reaches the visitor.
    fn payload(&mut self, _index: &Index, _el: u32, _data: String) {}
}

/// A visitor that wants nothing (to index, or check that a document is well-formed).
pub struct NoVisitor;
impl Visitor for NoVisitor {}

/// How a walk ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Read to the end, well-formed.
    Complete,
    /// An XML error at this byte offset (what was read before is kept).
    Malformed(usize),
    /// The input ends inside an element.
    Unclosed,
    /// No element at all.
    Empty,
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep,
}

impl Outcome {
    /// Why the part is unreadable, in French for the sender; `None` when complete.
    pub fn why(&self) -> Option<String> {
        Some(match self {
            Outcome::Complete => return None,
            Outcome::Malformed(at) => format!(
                "XML mal formé (erreur vers l'octet {at}) : la suite du document n'a pas été lue"
            ),
            Outcome::Unclosed => {
                "XML mal formé : le document s'arrête avant la fin de ses éléments".into()
            }
            Outcome::Empty => "XML mal formé : aucun élément".into(),
            Outcome::TooDeep => format!(
                "XML imbriqué sur plus de {MAX_DEPTH} niveaux : la suite du document n'a pas été lue"
            ),
        })
    }
}

/// What a walk reads besides elements and text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Number the base64 payloads (HL7 `representation="B64"`) and hand them to
    /// [`Visitor::payload`] instead of their text.
    pub payloads: bool,
    /// Let an end tag close whatever element is open (the small XML packets of a PDF, XMP and
    /// XFA, are not always well-formed); a stray end tag is ignored.
    pub lenient: bool,
}

/// An open element during the walk.
struct Open {
    el: u32,
    /// Children's interned names → (how many, the first one).
    children: FxHashMap<u32, (u32, u32)>,
}

/// Names interned during a walk: each distinct name stored once in [`Index::strings`].
struct Interner<'t> {
    ids: FxHashMap<Cow<'t, str>, u32>,
}

impl<'t> Interner<'t> {
    fn intern(&mut self, index: &mut Index, name: Cow<'t, str>) -> u32 {
        if let Some(&id) = self.ids.get(name.as_ref()) {
            return id;
        }
        let id = index.names.len() as u32;
        let range = push_string(&mut index.strings, &name);
        let local = range.1 - local_name(&name).len() as u32;
        index.names.push(Name { range, local });
        self.ids.insert(name, id);
        id
    }
}

/// Appends `s` to `strings`: its range there.
fn push_string(strings: &mut String, s: &str) -> (u32, u32) {
    let a = strings.len() as u32;
    strings.push_str(s);
    (a, strings.len() as u32)
}

/// Reads `src` once: the visitor is told every event, and the returned [`Index`] holds every
/// element and text node. `tick` is called every few thousand events (the time limit); its
/// error stops the walk. Bad XML is no error: the walk stops there, and the [`Outcome`] says
/// why.
pub fn walk<E>(
    src: &Source,
    options: Options,
    visitor: &mut dyn Visitor,
    mut tick: impl FnMut() -> Result<(), E>,
) -> Result<(Index, Outcome), E> {
    let text = src.text();
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = !options.lenient;
    let mut index = Index {
        utf8: src.is_utf8(),
        ..Index::default()
    };
    let mut stack: Vec<Open> = Vec::new();
    let mut top: FxHashMap<u32, (u32, u32)> = FxHashMap::default();
    let mut interner = Interner {
        ids: FxHashMap::default(),
    };
    // A name of the text, borrowed from it (always, with a slice reader), so that it is
    // interned without a copy; else as an owned copy.
    let name_of = |s: &str| -> Cow<'_, str> {
        match src.offset_of(s).and_then(|at| text.get(at..at + s.len())) {
            Some(t) => Cow::Borrowed(t),
            None => Cow::Owned(s.to_string()),
        }
    };
    // The payload element being read, and its data.
    let mut payload: Option<(u32, String)> = None;
    let mut payloads = 0usize;
    let mut events = 0u32;
    let outcome = loop {
        events = events.wrapping_add(1);
        if events.is_multiple_of(TIME_CHECK_EVERY) {
            tick()?;
        }
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(_) => break Outcome::Malformed(src.src(reader.error_position() as usize)),
        };
        // Where the event's markup starts in the text: its content is borrowed from the text
        // (slice reader), so its offset is known; the reader's position is only a fallback.
        let pos = reader.buffer_position() as usize;
        let content_at =
            |s: &str, markup: usize| src.offset_of(s).map_or(pos, |o| o.saturating_sub(markup));
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                if stack.len() >= MAX_DEPTH {
                    break Outcome::TooDeep;
                }
                let content = content_at(e, 0);
                let at = content.saturating_sub(1);
                let close = tag_end(text, content + e.len()).unwrap_or(text.len());
                let el = index.elements.len() as u32;
                let qname = e.name();
                let qname: &str = qname.as_ref();
                let name = interner.intern(&mut index, name_of(qname));
                let siblings = match stack.last_mut() {
                    Some(o) => &mut o.children,
                    None => &mut top,
                };
                let (ordinal, multi) = match siblings.get_mut(&name) {
                    Some((count, first)) => {
                        *count += 1;
                        let first = *first;
                        index.elements[first as usize].multi = true;
                        (*count, true)
                    }
                    None => {
                        siblings.insert(name, (1, el));
                        (1, false)
                    }
                };
                let a0 = index.attrs.len() as u32;
                for a in e.attributes().with_checks(false).flatten() {
                    let k: &str = a.key.as_ref();
                    let name = interner.intern(&mut index, name_of(k));
                    let at = src.offset_of(&a.value).map_or(u32::MAX, |at| at as u32);
                    let value = push_string(&mut index.strings, &a.value);
                    index.attrs.push(Attr { name, value, at });
                }
                let open_end = src.src(close);
                index.elements.push(Element {
                    name,
                    parent: stack.last().map(|o| o.el),
                    ordinal,
                    multi,
                    start: src.src(at),
                    open_end,
                    close_start: open_end,
                    end: open_end,
                    attrs: (a0, index.attrs.len() as u32),
                    payload: None,
                });
                if payload.is_none() {
                    if options.payloads && !empty && index.attr(el, "representation") == Some("B64")
                    {
                        payloads += 1;
                        index.elements[el as usize].payload = Some(payloads);
                        payload = Some((el, String::new()));
                    } else {
                        let tag = Tag {
                            index: &index,
                            el,
                            text,
                        };
                        visitor.start(&tag, empty, at);
                        if empty {
                            visitor.end(&index, el, at);
                        }
                    }
                }
                if !empty {
                    stack.push(Open {
                        el,
                        children: FxHashMap::default(),
                    });
                }
            }
            Event::End(ref e) => {
                let content = content_at(e, 0);
                let at = content.saturating_sub(2);
                let close = tag_end(text, content + e.len()).unwrap_or(text.len());
                let Some(open) = stack.pop() else {
                    if options.lenient {
                        continue;
                    }
                    break Outcome::Malformed(src.src(at));
                };
                let elem = &mut index.elements[open.el as usize];
                elem.close_start = src.src(at);
                elem.end = src.src(close);
                match payload.take() {
                    Some((p, data)) if p == open.el => visitor.payload(&index, p, data),
                    Some(other) => payload = Some(other),
                    None => visitor.end(&index, open.el, at),
                }
            }
            Event::Text(ref t) => {
                let s: &str = t;
                let at = content_at(s, 0);
                node(&mut index, src, NodeKind::Text, at, at + s.len(), s);
                match &mut payload {
                    Some((_, data)) => data.extend(s.chars().filter(|c| !c.is_ascii_whitespace())),
                    None => visitor.text(&index, s, at, Raw::Verbatim),
                }
            }
            Event::CData(ref t) => {
                let s: &str = t;
                let at = content_at(s, 0);
                node(&mut index, src, NodeKind::Literal, at, at + s.len(), s);
                match &mut payload {
                    Some((_, data)) => data.extend(s.chars().filter(|c| !c.is_ascii_whitespace())),
                    None => visitor.text(&index, s, at, Raw::Verbatim),
                }
            }
            Event::GeneralRef(ref r) => {
                let name: &str = r;
                let at = content_at(name, 1);
                let raw_len = name.len() + 2;
                node(&mut index, src, NodeKind::Text, at, at + raw_len, "&");
                let resolved = resolve_entity(name);
                match (&mut payload, resolved) {
                    (Some((_, data)), Some(s)) => {
                        data.extend(s.chars().filter(|c| !c.is_ascii_whitespace()))
                    }
                    (Some(_), None) => {}
                    (None, Some(s)) => visitor.text(&index, &s, at, Raw::Decoded(raw_len)),
                    // An entity XML does not define: kept as written, never expanded.
                    (None, None) => {
                        if let Some(raw) = text.get(at..at + raw_len) {
                            visitor.text(&index, raw, at, Raw::Unresolved);
                        }
                    }
                }
            }
            Event::Comment(ref c) => {
                let s: &str = c;
                let at = content_at(s, 0);
                node(&mut index, src, NodeKind::Literal, at, at + s.len(), s);
                if payload.is_none() {
                    visitor.comment(&index, s, at);
                }
            }
            Event::DocType(ref d) => {
                let d: &str = d;
                index.declares_entities |= d.contains("<!ENTITY");
            }
            Event::Eof => {
                break if !stack.is_empty() {
                    Outcome::Unclosed
                } else if index.elements.is_empty() {
                    Outcome::Empty
                } else {
                    Outcome::Complete
                };
            }
            _ => {}
        }
    };
    // Close what is open (an error, the end of the input): what was read is kept, a payload
    // cut short is dropped.
    if let Some((p, _)) = payload.take() {
        while let Some(open) = stack.pop() {
            if open.el == p {
                break;
            }
        }
    }
    let end = text.len();
    while let Some(open) = stack.pop() {
        visitor.end(&index, open.el, end);
    }
    index.complete = outcome == Outcome::Complete;
    Ok((index, outcome))
}

/// The offset just after the `>` that ends a tag whose name and attributes end at `from`.
fn tag_end(text: &str, from: usize) -> Option<usize> {
    text.get(from..)?.find('>').map(|k| from + k + 1)
}

fn node(index: &mut Index, src: &Source, kind: NodeKind, from: usize, to: usize, s: &str) {
    let span = (src.src(from), src.src_end(to));
    if kind == NodeKind::Literal {
        index.literals.push(span);
    }
    index.nodes.push(Node {
        kind,
        span,
        blank: s.trim().is_empty(),
    });
}

/// Walks `bytes` with no visitor: whether they are well-formed XML to the end.
pub fn well_formed(bytes: &[u8]) -> bool {
    let src = Source::new(bytes);
    let result: Result<_, std::convert::Infallible> =
        walk(&src, Options::default(), &mut NoVisitor, || Ok(()));
    result.is_ok_and(|(_, outcome)| outcome == Outcome::Complete)
}

// ---------------------------------------------------------------------------------------------
// Text with runs
// ---------------------------------------------------------------------------------------------

/// The replacement text of entity reference `name` (`amp`, `#233`, `#xE9`); `None` for an
/// entity that XML does not predefine (kept verbatim by the caller).
pub fn resolve_entity(name: &str) -> Option<Cow<'static, str>> {
    let s = match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "apos" => "'",
        "quot" => "\"",
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse::<u32>().ok()?,
            };
            return char::from_u32(code).map(|c| Cow::Owned(c.to_string()));
        }
    };
    Some(Cow::Borrowed(s))
}

/// Segment text under construction, with runs back to the bytes.
#[derive(Default, Clone)]
pub struct TextBuf {
    pub text: String,
    pub runs: Vec<Run>,
}

impl TextBuf {
    /// Appends `s`, which is the text bytes `at..at + s.len()` verbatim. In a transcoded
    /// input (Windows-1252), ASCII stretches map byte for byte and every other character to
    /// its own source byte, so that a value's source range is exactly its bytes.
    pub fn verbatim(&mut self, src: &Source, s: &str, at: usize) {
        if s.is_empty() {
            return;
        }
        if src.is_utf8() || s.is_ascii() {
            let (from, to) = (src.src(at), src.src_end(at + s.len()));
            self.push(s, from, to - from);
            return;
        }
        let mut start = 0;
        for (i, c) in s.char_indices() {
            if c.is_ascii() {
                continue;
            }
            if start < i {
                self.verbatim(src, &s[start..i], at + start);
            }
            let end = i + c.len_utf8();
            let (from, to) = (src.src(at + i), src.src_end(at + end));
            self.push(&s[i..end], from, to - from);
            start = end;
        }
        if start < s.len() {
            self.verbatim(src, &s[start..], at + start);
        }
    }

    /// Appends `s`, decoded from the text bytes `at..at + raw_len` (an entity reference).
    pub fn decoded(&mut self, src: &Source, s: &str, at: usize, raw_len: usize) {
        if s.is_empty() {
            return;
        }
        let (from, to) = (src.src(at), src.src_end(at + raw_len));
        self.push(s, from, to - from);
    }

    /// Appends `s` as `raw` says it is written at text offset `at`.
    pub fn append(&mut self, src: &Source, s: &str, at: usize, raw: Raw) {
        match raw {
            Raw::Verbatim | Raw::Unresolved => self.verbatim(src, s, at),
            Raw::Decoded(len) => self.decoded(src, s, at, len),
        }
    }

    /// Appends a separator that is not in the source (a tab between table cells), mapped to
    /// the empty source range at text offset `at`.
    pub fn separator(&mut self, src: &Source, s: &str, at: usize) {
        let from = src.src(at);
        self.push(s, from, 0);
    }

    fn push(&mut self, s: &str, src: usize, src_len: usize) {
        let text = self.text.len() as u32;
        // Extend the last run when this one continues it verbatim in the source.
        if let Some(last) = self.runs.last_mut() {
            let len = text - last.text;
            if last.src_len == len
                && src_len == s.len()
                && (last.src + last.src_len) as usize == src
            {
                last.src_len += src_len as u32;
                self.text.push_str(s);
                return;
            }
        }
        self.runs.push(Run {
            text,
            src: src as u32,
            src_len: src_len as u32,
        });
        self.text.push_str(s);
    }

    /// Whether there is nothing but whitespace.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Ends with a line break (or is empty).
    pub fn at_line_start(&self) -> bool {
        self.text.is_empty() || self.text.ends_with('\n')
    }

    /// The source byte range of all the text, when mapped.
    pub fn span(&self) -> Option<Span> {
        self.span_of(0, self.text.len())
    }

    /// The source byte range of text `start..end`.
    pub fn span_of(&self, start: usize, end: usize) -> Option<Span> {
        if self.runs.is_empty() {
            return None;
        }
        let len = self.text.len();
        let at = |t: usize, is_end| crate::input::map_offset(&self.runs, len, t, is_end);
        Some((at(start, false), at(end, true)))
    }

    /// The segment of this text, from `origin`.
    pub fn into_segment(self, origin: Origin) -> Segment {
        Segment {
            text: self.text,
            origin,
            map: SourceMap::Runs(self.runs),
        }
    }
}

/// An attribute value unescaped, with runs back to the input. `raw` is the value as written,
/// at text offset `at`.
pub fn unescape(src: &Source, raw: &str, at: usize) -> TextBuf {
    let mut out = TextBuf::default();
    let mut rest = raw;
    let mut pos = at;
    while let Some(amp) = rest.find('&') {
        out.verbatim(src, &rest[..amp], pos);
        let after = &rest[amp + 1..];
        let Some(semi) = after.find(';').filter(|&s| s <= 32) else {
            // A lone '&' (not well-formed, but keep the text).
            out.verbatim(src, "&", pos + amp);
            rest = after;
            pos += amp + 1;
            continue;
        };
        let name = &after[..semi];
        let raw_len = semi + 2;
        match resolve_entity(name) {
            Some(s) => out.decoded(src, &s, pos + amp, raw_len),
            None => out.verbatim(src, &rest[amp..amp + raw_len], pos + amp),
        }
        rest = &after[semi + 1..];
        pos += amp + raw_len;
    }
    out.verbatim(src, rest, pos);
    out
}

/// An attribute's value unescaped, with its map back to the source when `raw` is borrowed from
/// the source text (always with the slice reader [`walk`] uses).
pub fn attr_value(src: &Source, raw: &str) -> TextBuf {
    match src.offset_of(raw) {
        Some(at) => unescape(src, raw, at),
        None => TextBuf {
            text: raw.to_string(),
            runs: Vec::new(),
        },
    }
}

/// An attribute value as XML 1.0 normalises it (§3.3.3: line ends, tabs and line feeds become
/// spaces, then references are resolved); `None` when it holds a reference XML does not define.
pub fn normalized_attr(raw: &str) -> Option<String> {
    let spaced = raw.replace("\r\n", " ").replace(['\t', '\n', '\r'], " ");
    let mut rest = spaced.as_str();
    while let Some(amp) = rest.find('&') {
        let after = &rest[amp + 1..];
        let semi = after.find(';').filter(|&s| s <= 32)?;
        resolve_entity(&after[..semi])?;
        rest = &after[semi + 1..];
    }
    Some(unescape_str(&spaced))
}

/// `raw` with its references resolved (no map).
pub fn unescape_str(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match after
            .find(';')
            .filter(|&s| s <= 32)
            .and_then(|semi| Some((semi, resolve_entity(&after[..semi])?)))
        {
            Some((semi, s)) => {
                out.push_str(&s);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(xml: &[u8]) -> (Index, Outcome) {
        let src = Source::new(xml);
        let options = Options {
            payloads: true,
            lenient: false,
        };
        let r: Result<_, ()> = walk(&src, options, &mut NoVisitor, || Ok(()));
        r.unwrap()
    }

    #[test]
    fn attribute_values_unescape_with_runs() {
        let xml = r#"<x a="D&amp;Fils &#233;t&eacute;"/>"#;
        let src = Source::new(xml.as_bytes());
        let at = xml.find("D&").unwrap();
        let raw = &xml[at..xml.rfind('"').unwrap()];
        let v = unescape(&src, raw, at);
        assert_eq!(v.text, "D&Fils ét&eacute;");
        let fils = v.text.find("Fils").unwrap();
        let (s, e) = v.span_of(fils, fils + 4).unwrap();
        assert_eq!(&xml[s..e], "Fils");
        let (s, e) = v.span_of(0, v.text.len()).unwrap();
        assert_eq!(&xml[s..e], raw);
        assert_eq!(
            unescape_str("D&amp;Fils &#233;t&eacute;"),
            "D&Fils ét&eacute;"
        );
    }

    #[test]
    fn windows_1252_text_maps_each_word_to_its_bytes() {
        let bytes = b"<a>R\xe9sidente pour chute.</a>";
        let src = Source::new(bytes);
        let mut buf = TextBuf::default();
        let text = "Résidente pour chute.";
        buf.verbatim(&src, text, src.text().find('R').unwrap());
        assert_eq!(buf.text, text);
        let at = text.find("chute").unwrap();
        let (s, e) = buf.span_of(at, at + 5).unwrap();
        assert_eq!(&bytes[s..e], b"chute");
        let (s, e) = buf.span_of(0, text.find(' ').unwrap()).unwrap();
        assert_eq!(&bytes[s..e], b"R\xe9sidente");
    }

    #[test]
    fn windows_1252_input_maps_to_its_bytes() {
        let bytes = b"<a>H\xe9l\xe8ne</a>";
        let src = Source::new(bytes);
        assert_eq!(src.text(), "<a>Hélène</a>");
        assert_eq!(src.src(src.text().find("</a>").unwrap()), 9);
        let (idx, outcome) = index(bytes);
        assert_eq!(outcome, Outcome::Complete);
        assert_eq!(idx.element(0).span(), (0, bytes.len()));
        assert_eq!(idx.nodes[0].span, (3, 9));
    }

    #[test]
    fn paths_index_repeated_names_only() {
        let (idx, _) = index(b"<r><a/><b><c/></b><a><c/><c/></a></r>");
        let paths: Vec<String> = (0..idx.elements.len() as u32)
            .map(|i| idx.path(i))
            .collect();
        assert_eq!(
            paths,
            [
                "/r",
                "/r/a[1]",
                "/r/b",
                "/r/b/c",
                "/r/a[2]",
                "/r/a[2]/c[1]",
                "/r/a[2]/c[2]"
            ]
        );
        assert_eq!(idx.children(0).count(), 3);
        assert_eq!(idx.descendants(4).count(), 2);
        assert_eq!(idx.ancestors(6).collect::<Vec<_>>(), vec![4, 0]);
    }

    #[test]
    fn spans_frame_the_tags() {
        let xml = b"\xEF\xBB\xBF<a x='1'><b>t</b><c/></a>";
        let (idx, _) = index(xml);
        for (i, e) in idx.elements.iter().enumerate() {
            let whole = &xml[e.start..e.end];
            assert!(whole.starts_with(format!("<{}", idx.qname(i as u32)).as_bytes()));
            assert_eq!(xml[e.open_end - 1], b'>');
            assert!(whole.ends_with(b">"));
        }
        assert_eq!(idx.attr(0, "x"), Some("1"));
    }

    #[test]
    fn payloads_are_numbered_in_document_order() {
        let xml = br#"<r><t representation="B64">QQ==</t><x/><v representation="B64"/><w representation="B64">Qg==</w></r>"#;
        let (idx, _) = index(xml);
        let numbered: Vec<usize> = idx.elements.iter().filter_map(|e| e.payload).collect();
        assert_eq!(numbered, vec![1, 2], "an empty element holds no payload");
    }

    #[test]
    fn entities_are_refused_and_bad_xml_is_an_outcome() {
        let (idx, outcome) =
            index(br#"<!DOCTYPE a [<!ENTITY n SYSTEM "file:///etc/passwd">]><a>&n;</a>"#);
        assert!(idx.declares_entities);
        assert_eq!(outcome, Outcome::Complete);
        assert!(!index(b"<a>b</a>").0.declares_entities);
        assert!(matches!(index(b"<a><b></a>").1, Outcome::Malformed(_)));
        assert_eq!(index(b"<a><b>").1, Outcome::Unclosed);
        assert_eq!(index(b"  ").1, Outcome::Empty);
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert_eq!(index(deep.as_bytes()).1, Outcome::TooDeep);
        assert!(well_formed(b"<a><b/></a>"));
        assert!(!well_formed(b"<a><b></a>"));
    }

    #[test]
    fn literals_are_known() {
        let xml = b"<a><!-- Jean --><b>Jean</b></a>";
        let (idx, _) = index(xml);
        assert!(idx.in_literal(9));
        assert!(!idx.in_literal(19));
    }
}
