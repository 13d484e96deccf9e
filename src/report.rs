//! The report: what tamis tells its caller about one input. These are wire types, kept apart
//! from the domain types and versioned ([`REPORT_VERSION`]); `tests/` decodes them with its own
//! copy of the schema so that a change to the wire format is a deliberate one.

use crate::category::{Basis, Category};
use crate::extract::{CodeSystem, Extraction, Opaque, Origin, Part, Segment, SourceMap, Stream};
use crate::scan::{Engine, Match, Scratch};
use serde::{Deserialize, Serialize};

/// Version of the report schema. Bump on any incompatible change.
pub const REPORT_VERSION: u32 = 1;

/// The verdict on an input: sent as is, minimised, or blocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    Minimise,
    Block,
}

impl Verdict {
    /// Its wire name: `pass`, `minimise`, `block`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Minimise => "minimise",
            Verdict::Block => "block",
        }
    }
}

/// How found values appear in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Values {
    /// The text as found (a person checking one document).
    #[default]
    Clear,
    /// A salted hash of the value (`sha256:` and 24 hex digits), the same for the same value
    /// however it is spaced or capitalised: a DPO scanning an archive sees that one NIR
    /// appears in forty messages without the report holding it.
    Hashed(Salt),
    /// No text at all: category, offsets and codes only.
    None,
}

/// The secret mixed into hashed values; without it a hash cannot be tested against guesses.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Salt(pub [u8; 32]);

impl std::fmt::Debug for Salt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Salt(..)")
    }
}

impl Salt {
    /// A salt derived from a secret of any length (a file's contents, an environment variable).
    pub fn from_secret(secret: &[u8]) -> Salt {
        use sha2::Digest;
        Salt(sha2::Sha256::digest(secret).into())
    }
}

impl Values {
    /// How `text` appears in the report.
    pub fn show(&self, text: &str) -> Option<String> {
        match self {
            Values::Clear => Some(text.to_string()),
            Values::Hashed(salt) => Some(hash_value(salt, text)),
            Values::None => None,
        }
    }
}

/// `sha256:` + the first 24 hex digits of SHA-256(salt ‖ value), the value folded (case,
/// accents) and stripped of everything but letters and digits.
fn hash_value(salt: &Salt, text: &str) -> String {
    use sha2::Digest;
    let folded = crate::scan::normalize::fold(text);
    let mut h = sha2::Sha256::new();
    h.update(salt.0);
    for c in folded.chars().filter(|c| c.is_alphanumeric()) {
        let mut buf = [0u8; 4];
        h.update(c.encode_utf8(&mut buf).as_bytes());
    }
    let digest = h.finalize();
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// A reason for the verdict, with its rule and its law.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub rule: String,
    pub law: String,
    /// A sentence in French for the person who sends.
    pub message: String,
}

/// Where a finding is in its input.
///
/// `start..end` are byte offsets into the part's own bytes (the file, the decoded MIME body, the
/// XML source) when the origin maps to bytes (`body`, `element`); otherwise (`page`, `header`,
/// PDF metadata, `filename`) they are offsets into the text extracted from that origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Part path: `""` for the input itself, `"2.1"` for a nested part (see [`PartInfo`]).
    pub part: String,
    /// What holds it: `body`, `header`, `filename`, `page`, `pdf_info`, `xmp`, `annotation`,
    /// `form_field`, `outline`, `element`.
    pub origin: String,
    /// The header name, PDF Info key or form field name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// PDF page (1-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// XML element path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element: Option<String>,
    pub start: usize,
    pub end: usize,
    /// PDF: the glyphs that show the text, by content stream and text operation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub glyphs: Vec<GlyphLocation>,
}

impl Location {
    /// The byte range `start..end` of the body of part `part`.
    pub fn body(part: &str, start: usize, end: usize) -> Location {
        Location {
            part: part.to_string(),
            origin: "body".into(),
            name: None,
            page: None,
            element: None,
            start,
            end,
            glyphs: Vec::new(),
        }
    }
}

/// Consecutive glyphs `first..=last` of text operation `op` (index among the content stream's
/// operations) in `stream` (`page 3`, `xobject 12 0`, `appearance 40 0`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GlyphLocation {
    pub stream: String,
    pub op: u32,
    pub first: u32,
    pub last: u32,
}

/// One part of the input as the report lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartInfo {
    pub part: String,
    /// `text`, `html`, `mail`, `pdf`, `cda`, `xml`, `zip`, `image`, `encrypted`, `binary`.
    pub format: String,
    /// File name, shown as values are (names of files often hold a patient's name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    pub size: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    /// Why the part could not be read: `encrypted`, `image_pages`, `image`, `binary`,
    /// `unreadable`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opaque: Option<String>,
    /// Details of `opaque` (the pages without text; what failed), never document content.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// The addresses of an e-mail, as its headers give them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnvelopeInfo {
    pub from: Vec<String>,
    pub to: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cc: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bcc: Vec<String>,
    /// The declared purpose (`X-Tamis-Purpose` header), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
}

/// Something worth telling that is not a finding (an MSSanté header that does not match).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeInfo {
    pub part: String,
    pub kind: String,
    pub message: String,
}

/// One finding.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub category: Category,
    pub basis: Basis,
    /// Health data in this input: always for data by nature; for data by crossing (a weight,
    /// a care setting, a benefit, a sick leave) only when the input identifies a person.
    pub health: bool,
    /// Index (in `findings`) of the identifying finding this one is linked to: the person it
    /// most likely concerns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_to: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The code system of a coded entry (`cim10`, `atc`, `ccam`, `loinc`, `snomed_ct`,
    /// `cis_cip_ucd` or an OID); absent for codes recognised in text (CIM-10 or ATC by shape).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    pub sensitive: bool,
    pub confidence: f32,
    pub location: Location,
    /// What happens to it: `remove` when some recipient's purpose does not need it (decided
    /// per recipient, see `recipients`), else `keep`; absent until recipients are known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
    /// The value as found, whatever `Values` shows: for the rules that compare values (the INS
    /// of a patient's mailbox). Never serialised, never in `Debug`.
    #[serde(skip)]
    pub found: Option<String>,
    /// What in the extraction the finding comes from, for redaction. Never serialised.
    #[serde(skip)]
    pub source: Option<Source>,
}

/// The place in an [`Extraction`] a finding comes from: part index, then a segment's text
/// offsets, a fact, or the part's file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// Index into [`Extraction::parts`].
    pub part: usize,
    pub what: SourceKind,
}

/// See [`Source`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// Offsets `start..end` in the text of segment `index` of the part.
    Segment {
        index: usize,
        start: usize,
        end: usize,
    },
    /// Fact `index` of the part.
    Fact(usize),
    /// Offsets `start..end` in the part's file name.
    FileName { start: usize, end: usize },
}

impl Finding {
    /// A finding of `category` at `location`, with no value, code or decision yet.
    pub fn new(category: Category, location: Location) -> Finding {
        Finding {
            category,
            basis: category.basis(),
            health: false,
            linked_to: None,
            text: None,
            code: None,
            system: None,
            sensitive: false,
            confidence: 1.0,
            location,
            action: None,
            found: None,
            source: None,
        }
    }
}

/// What becomes of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Keep,
    Remove,
}

impl std::fmt::Debug for Finding {
    // Never print the value: a Debug line may end up in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Finding")
            .field("category", &self.category)
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

/// The report on one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub version: u32,
    pub input: String,
    pub verdict: Verdict,
    /// The declared purpose of the exchange (`--purpose`, or the e-mail's purpose header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// The sender (`--from`, or the e-mail's From), shown as values are (hashed, or absent
    /// with `--values none`): batch summaries count by sender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<String>,
    pub reasons: Vec<Reason>,
    /// The decision for each recipient, when recipients are known (`--to`, or the e-mail's).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<crate::decide::RecipientDecision>,
    /// Sender and recipients of an e-mail input, from its headers (with `--values clear` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub envelope: Option<EnvelopeInfo>,
    pub parts: Vec<PartInfo>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<NoticeInfo>,
    pub findings: Vec<Finding>,
}

impl Report {
    /// Builds the report on an extracted input: every segment is scanned with `engine`, every
    /// fact the format itself gave (CDA header, coded entries) becomes a finding, and every file
    /// name is scanned too.
    ///
    /// Until the minimisation policy exists, the verdict is `block` when a part could not be
    /// read (fail closed), `minimise` when there is health data, `pass` otherwise.
    pub fn from_extraction(
        input: &str,
        doc: &Extraction,
        engine: &Engine,
        scratch: &mut Scratch,
        values: Values,
    ) -> Report {
        let mut findings = Vec::new();
        for (p, part) in doc.parts.iter().enumerate() {
            for (index, seg) in part.segments.iter().enumerate() {
                let mut matches = scan_segment(engine, scratch, seg);
                drop_routing_addresses(seg, &mut matches);
                findings.extend(matches.iter().map(|m| Finding {
                    source: Some(Source {
                        part: p,
                        what: SourceKind::Segment {
                            index,
                            start: m.start,
                            end: m.end,
                        },
                    }),
                    ..finding(part, seg, m, values)
                }));
            }
            if let Some(name) = &part.name {
                let seg = Segment {
                    text: name.clone(),
                    origin: Origin::FileName,
                    map: SourceMap::None,
                };
                let matches = engine.scan(name, scratch);
                findings.extend(matches.iter().map(|m| Finding {
                    source: Some(Source {
                        part: p,
                        what: SourceKind::FileName {
                            start: m.start,
                            end: m.end,
                        },
                    }),
                    ..finding(part, &seg, m, values)
                }));
            }
            for (index, fact) in part.facts.iter().enumerate() {
                let (code, system, sensitive, category) = match &fact.code {
                    Some((system, code)) => {
                        let (category, sensitive) = match system {
                            CodeSystem::Cim10 => {
                                engine.cim10_code(code).unwrap_or((fact.category, false))
                            }
                            CodeSystem::Atc => {
                                (fact.category, engine.atc_code(code).unwrap_or(false))
                            }
                            _ => (fact.category, false),
                        };
                        (
                            Some(code.clone()),
                            Some(system.as_str().to_string()),
                            sensitive,
                            category,
                        )
                    }
                    None => (None, None, false, fact.category),
                };
                let (start, end) = fact.span.unwrap_or((0, 0));
                findings.push(Finding {
                    category,
                    basis: category.basis(),
                    health: false,
                    linked_to: None,
                    text: fact.text.as_deref().and_then(|t| values.show(t)),
                    found: fact.text.clone(),
                    code,
                    system,
                    sensitive,
                    confidence: round(fact.confidence),
                    location: location(part, &fact.origin, start, end, Vec::new()),
                    action: None,
                    source: Some(Source {
                        part: p,
                        what: SourceKind::Fact(index),
                    }),
                });
            }
        }
        let parts: Vec<PartInfo> = doc.parts.iter().map(|p| part_info(p, values)).collect();
        let notices = doc
            .notices
            .iter()
            .map(|n| NoticeInfo {
                part: n.part.clone(),
                kind: n.kind.to_string(),
                message: n.message.clone(),
            })
            .collect();
        let mut report = Report::assemble(input, findings, parts);
        report.notices = notices;
        if values == Values::Clear {
            report.envelope = doc.envelope.as_ref().map(|e| {
                let addresses =
                    |v: &[crate::extract::Mailbox]| v.iter().map(|m| m.address.clone()).collect();
                EnvelopeInfo {
                    from: addresses(&e.from),
                    to: addresses(&e.to),
                    cc: addresses(&e.cc),
                    bcc: addresses(&e.bcc),
                    purpose: e.header("X-Tamis-Purpose").map(str::to_string),
                }
            });
        }
        report
    }

    /// Builds the report on one text (named `input`) from the engine's matches. `offset` maps a
    /// byte offset of `text` to the original input bytes (identity for UTF-8 input).
    pub fn from_matches(
        input: &str,
        text: &str,
        matches: &[Match],
        values: Values,
        offset: impl Fn(usize) -> usize,
    ) -> Report {
        let findings: Vec<Finding> = matches
            .iter()
            .map(|m| Finding {
                text: values.show(&text[m.start..m.end]),
                found: Some(text[m.start..m.end].to_string()),
                code: m.code.as_deref().map(str::to_string),
                sensitive: m.sensitive,
                confidence: round(m.confidence),
                ..Finding::new(
                    m.category,
                    Location::body("", offset(m.start), offset(m.end)),
                )
            })
            .collect();
        let parts = vec![PartInfo {
            part: String::new(),
            format: "text".into(),
            name: None,
            media_type: None,
            size: text.len(),
            pages: None,
            opaque: None,
            detail: None,
        }];
        Report::assemble(input, findings, parts)
    }

    /// Applies the per-recipient decisions: each finding is kept or removed (removed when one
    /// recipient may not have it), and the verdict becomes the strictest of the recipients'
    /// (unreadable content still blocks). The general `health_data_found` reason gives way to
    /// the recipients' reasons.
    pub fn apply(&mut self, decisions: Vec<crate::decide::RecipientDecision>) {
        if decisions.is_empty() {
            return;
        }
        for (i, f) in self.findings.iter_mut().enumerate() {
            let removed = decisions.iter().any(|d| d.remove.contains(&i));
            f.action = Some(if removed {
                Action::Remove
            } else {
                Action::Keep
            });
        }
        let opaque = self.parts.iter().any(|p| p.opaque.is_some());
        self.verdict = decisions.iter().map(|d| d.verdict).fold(
            if opaque {
                Verdict::Block
            } else {
                Verdict::Pass
            },
            Verdict::max,
        );
        self.reasons.retain(|r| r.rule != "health_data_found");
        for d in &decisions {
            for r in &d.reasons {
                if !self.reasons.contains(r) {
                    self.reasons.push(r.clone());
                }
            }
        }
        self.recipients = decisions;
    }

    fn assemble(input: &str, mut findings: Vec<Finding>, parts: Vec<PartInfo>) -> Report {
        crate::classify::classify(&mut findings);
        let health = findings.iter().filter(|f| f.health).count();
        let sensitive = findings.iter().filter(|f| f.health && f.sensitive).count();
        let opaque = parts.iter().filter(|p| p.opaque.is_some()).count();
        let mut reasons = Vec::new();
        if opaque > 0 {
            reasons.push(Reason {
                rule: "unreadable_content".into(),
                law: "RGPD art. 5.1.c et 32".into(),
                message: format!(
                    "{opaque} partie(s) illisible(s) (chiffrée, image, format inconnu) : leur contenu ne peut pas être vérifié, l'envoi est bloqué par prudence."
                ),
            });
        }
        if health > 0 {
            reasons.push(Reason {
                rule: "health_data_found".into(),
                law: "RGPD art. 9 ; CSP L1110-4".into(),
                message: format!(
                    "{health} donnée(s) de santé trouvée(s){} : vérifiez qu'elles sont strictement nécessaires au destinataire.",
                    if sensitive > 0 {
                        format!(", dont {sensitive} de la catégorie sensible")
                    } else {
                        String::new()
                    }
                ),
            });
        }
        let verdict = if opaque > 0 {
            Verdict::Block
        } else if health > 0 {
            Verdict::Minimise
        } else {
            Verdict::Pass
        };
        Report {
            version: REPORT_VERSION,
            input: input.to_string(),
            verdict,
            purpose: None,
            sender: None,
            reasons,
            recipients: Vec::new(),
            envelope: None,
            parts,
            notices: Vec::new(),
            findings,
        }
    }
}

/// The addresses of an e-mail's address headers (`To: Dr Roux <roux@…>`) route the message:
/// they are the envelope (reported in `envelope`, decided on per recipient), not content, and
/// nothing can be removed from them. What is found inside them (the address itself, the NIR of
/// `<NIR>@patient.mssante.fr`) is dropped; display names stay scanned.
fn drop_routing_addresses(seg: &Segment, matches: &mut Vec<Match>) {
    const ADDRESS_HEADERS: [&str; 6] = ["From", "To", "Cc", "Bcc", "Reply-To", "Sender"];
    let Origin::Header(h) = &seg.origin else {
        return;
    };
    if !ADDRESS_HEADERS.iter().any(|a| a.eq_ignore_ascii_case(h)) {
        return;
    }
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in seg
        .text
        .char_indices()
        .chain(std::iter::once((seg.text.len(), ' ')))
    {
        let sep = c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>' | '"');
        match (sep, start) {
            (false, None) => start = Some(i),
            (true, Some(st)) => {
                if seg.text[st..i].contains('@') {
                    spans.push((st, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    matches.retain(|m| !spans.iter().any(|&(a, b)| m.start < b && a < m.end));
}

/// Scans a segment. A value that comes with a label outside its text (a PDF form field's
/// name, the `Author` of a PDF) is scanned behind that label, as a reader sees it
/// (`Date de naissance : 14/06/1936`), so that the label serves as a cue; what is found in the
/// label alone is dropped and offsets stay those of the segment's text.
fn scan_segment(engine: &Engine, scratch: &mut Scratch, seg: &Segment) -> Vec<Match> {
    let label = match &seg.origin {
        Origin::FormField(name) => field_label(name),
        Origin::PdfInfo(key) if key == "Author" => "Nom".to_string(),
        _ => return engine.scan(&seg.text, scratch),
    };
    let prefix = format!("{label} : ");
    let text = format!("{prefix}{}", seg.text);
    let cut = prefix.len();
    engine
        .scan(&text, scratch)
        .into_iter()
        .filter(|m| m.end > cut)
        .map(|mut m| {
            m.start = m.start.max(cut) - cut;
            m.end -= cut;
            m
        })
        .collect()
}

/// The label of a form field from its fully qualified name: the last partial name, with
/// `_`, `-` and camel case turned into spaces (`patient.date_naissance` → `date naissance`).
fn field_label(name: &str) -> String {
    let last = name.rsplit('.').next().unwrap_or(name);
    let mut out = String::with_capacity(last.len() + 4);
    let mut prev_lower = false;
    for c in last.chars() {
        if c == '_' || c == '-' {
            out.push(' ');
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower {
            out.push(' ');
        }
        prev_lower = c.is_lowercase();
        out.push(c);
    }
    out
}

fn round(confidence: f32) -> f32 {
    (confidence * 100.0).round() / 100.0
}

fn finding(part: &Part, seg: &Segment, m: &Match, values: Values) -> Finding {
    let (start, end) = seg.source_span(m.start, m.end).unwrap_or((m.start, m.end));
    let glyphs = seg
        .glyph_ranges(m.start, m.end)
        .into_iter()
        .map(|g| GlyphLocation {
            stream: part
                .streams
                .get(g.stream as usize)
                .map_or_else(|| format!("stream {}", g.stream), stream_name),
            op: g.op,
            first: g.first,
            last: g.last,
        })
        .collect();
    Finding {
        category: m.category,
        basis: m.category.basis(),
        health: false,
        linked_to: None,
        text: values.show(&seg.text[m.start..m.end]),
        found: Some(seg.text[m.start..m.end].to_string()),
        code: m.code.as_deref().map(str::to_string),
        system: None,
        sensitive: m.sensitive,
        confidence: round(m.confidence),
        location: location(part, &seg.origin, start, end, glyphs),
        action: None,
        source: None,
    }
}

fn stream_name(s: &Stream) -> String {
    match s {
        Stream::Page(p) => format!("page {p}"),
        Stream::XObject { object: (n, g), .. } => format!("xobject {n} {g}"),
        Stream::Appearance { object: (n, g), .. } => format!("appearance {n} {g}"),
    }
}

fn location(
    part: &Part,
    origin: &Origin,
    start: usize,
    end: usize,
    glyphs: Vec<GlyphLocation>,
) -> Location {
    let (name, page, element) = match origin {
        Origin::Header(h) | Origin::PdfInfo(h) | Origin::FormField(h) => {
            (Some(h.clone()), None, None)
        }
        Origin::Page(p) | Origin::Annotation(p) => (None, Some(*p), None),
        Origin::Element(e) => (None, None, Some(e.clone())),
        Origin::Body | Origin::FileName | Origin::Xmp | Origin::Outline => (None, None, None),
    };
    Location {
        part: part.path.clone(),
        origin: origin.kind().to_string(),
        name,
        page,
        element,
        start,
        end,
        glyphs,
    }
}

fn part_info(p: &Part, values: Values) -> PartInfo {
    let detail = match &p.opaque {
        Some(Opaque::ImagePages(pages)) => Some(format!(
            "page(s) sans texte : {}",
            pages
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Some(Opaque::Unreadable(why)) => Some(why.clone()),
        _ => None,
    };
    PartInfo {
        part: p.path.clone(),
        format: p.format.as_str().to_string(),
        name: p.name.as_deref().and_then(|n| values.show(n)),
        media_type: p.declared.clone(),
        size: p.size,
        pages: p.pages,
        opaque: p.opaque.as_ref().map(|o| o.as_str().to_string()),
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::field_label;

    #[test]
    fn hashed_values_match_however_written_and_depend_on_the_salt() {
        use super::{Salt, Values};
        let a = Values::Hashed(Salt::from_secret(b"structure A"));
        let b = Values::Hashed(Salt::from_secret(b"structure B"));
        let h = a.show("2 79 03 51 215 189 89").unwrap();
        assert!(h.starts_with("sha256:") && h.len() == 31, "{h}");
        assert_eq!(a.show("279035121518989"), Some(h.clone()));
        assert_eq!(a.show("Hélène DURAND"), a.show("helene durand"));
        assert_ne!(b.show("279035121518989"), Some(h));
        assert_ne!(a.show("DURAND"), a.show("DUPONT"));
        assert!(!format!("{:?}", a).contains("structure"));
    }

    #[test]
    fn form_field_labels_read_like_words() {
        assert_eq!(field_label("patient.date_naissance"), "date naissance");
        assert_eq!(field_label("dateDeNaissance"), "date De Naissance");
        assert_eq!(field_label("Nom"), "Nom");
        assert_eq!(field_label("a.b.num-secu"), "num secu");
    }
}
