//! Locating: every segment and file name of an extraction scanned, every fact the format
//! states turned into a finding, and every match's offsets carried back through the segment's
//! locator to the part's bytes (or PDF glyphs). Extraction in, located [`Finding`]s out, in
//! document order (parts in order; in a part, segments then file name then facts).

use crate::extract::{CodeSystem, Extraction, Origin, Part, Segment, SourceMap, Stream};
use crate::finding::{Finding, GlyphLocation, Location, Source, SourceKind, Subject, Values};
use crate::scan::sections::Heading;
use crate::scan::{Engine, Match, Scratch};
use crate::section::{At, Section, SectionKind};
use crate::whose;

/// What locating gives: the findings, whether the input speaks of one cared-for person
/// in particular ([`crate::whose::about_someone`]) even where no identity was found, and the
/// clinical sections of its parts' text.
#[derive(Debug, Default)]
pub struct Located {
    pub findings: Vec<Finding>,
    pub about_someone: bool,
    /// Every section of every part, in document order ([`crate::section`]).
    pub sections: Vec<Section>,
}

/// The findings of an extracted input: every segment is scanned with `engine`, every file name
/// too, and every fact the format itself gave (CDA header, coded entries; CIM-10 and ATC tiers
/// from the engine) becomes a finding; each is told whose it is ([`crate::whose`]). Values
/// appear as `values` says.
pub fn findings(
    doc: &Extraction,
    engine: &Engine,
    scratch: &mut Scratch,
    values: Values,
) -> Located {
    let mut findings = Vec::new();
    let mut about_someone = false;
    let mut sections = Vec::new();
    for (p, part) in doc.parts.iter().enumerate() {
        let mut flow = Flow::new(p, &mut sections);
        for (index, seg) in part.segments.iter().enumerate() {
            crate::work::add(seg.text.len());
            let mut matches = scan_segment(engine, scratch, seg);
            drop_routing_addresses(seg, &mut matches);
            if in_flow(&seg.origin) {
                drop_heading_words(scratch.headings(), &mut matches);
            }
            let spans: Vec<whose::Span> = matches
                .iter()
                .map(|m| whose::Span {
                    category: m.category,
                    start: m.start,
                    end: m.end,
                })
                .collect();
            let subjects = whose::subjects(&seg.text, &seg.origin, &spans);
            let in_sections = flow.segment(part, index, scratch.headings(), &matches, &subjects);
            if !about_someone && !matches!(seg.origin, Origin::Header(_)) {
                about_someone = whose::about_someone(&seg.text);
            }
            findings.extend(matches.iter().zip(subjects).zip(in_sections).map(
                |((m, whose), section)| {
                    let mut f = Finding {
                        source: Some(Source {
                            part: p,
                            what: SourceKind::Segment {
                                index,
                                start: m.start,
                                end: m.end,
                            },
                        }),
                        whose,
                        section,
                        ..finding(part, seg, m, values)
                    };
                    // Hidden text is found like the rest; the report says it was not shown.
                    f.location.hidden = part.is_hidden(index, m.start, m.end);
                    f
                },
            ));
        }
        about_someone |= flow.finish(part);
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
                // A file name says nothing of whose: conservative.
                whose: (m.category.basis() == crate::Basis::Identifier).then_some(Subject::Unknown),
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
                        CodeSystem::Atc => (fact.category, engine.atc_code(code).unwrap_or(false)),
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
                whose: fact_subject(category, &fact.origin),
                section: fact.section,
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
    same_person(&mut findings);
    Located {
        findings,
        about_someone,
        sections,
    }
}

/// The sections of one part, followed through its text segments in order: a heading opens a
/// section that lasts until the next heading of the part (in the same segment or a later one:
/// a Word paragraph, a PDF page) or the end of its text.
struct Flow<'a> {
    part: usize,
    sections: &'a mut Vec<Section>,
    /// Index in `sections` of this part's first section.
    first: usize,
    /// The open section, if any.
    open: Option<usize>,
    /// The last text segment of the part.
    last: Option<(usize, usize)>,
    /// Per section of the part (from `first`): the place of its last finding by nature or
    /// crossing.
    last_finding: Vec<Option<At>>,
}

impl<'a> Flow<'a> {
    fn new(part: usize, sections: &'a mut Vec<Section>) -> Flow<'a> {
        let first = sections.len();
        Flow {
            part,
            sections,
            first,
            open: None,
            last: None,
            last_finding: Vec::new(),
        }
    }

    /// Follows segment `index` of `part` (its `headings` and `matches` from the scan): the
    /// section kind of each match, in order.
    fn segment(
        &mut self,
        part: &Part,
        index: usize,
        headings: &[Heading],
        matches: &[Match],
        subjects: &[Option<Subject>],
    ) -> Vec<Option<SectionKind>> {
        let seg = &part.segments[index];
        if !in_flow(&seg.origin) {
            return vec![None; matches.len()];
        }
        // The section the format puts the segment in (a CDA narrative), when no heading of
        // its text says otherwise.
        let stated = part
            .sections
            .binary_search_by_key(&index, |&(i, _)| i)
            .ok()
            .map(|k| part.sections[k].1);
        // A section the format states ends the text section of the segments before it.
        if stated.is_some()
            && let Some(open) = self.open.take()
        {
            self.sections[open].end = At {
                segment: index,
                at: 0,
            };
        }
        self.last = Some((index, seg.text.len()));
        let mut kinds = Vec::with_capacity(matches.len());
        let mut h = 0;
        for (m, whose) in matches.iter().zip(subjects) {
            while let Some(head) = headings.get(h).filter(|head| head.start <= m.start) {
                self.open_section(index, head);
                h += 1;
            }
            let Some(open) = self.open else {
                let nature = m.category.basis() != crate::Basis::Identifier;
                kinds.push(stated.filter(|_| nature));
                continue;
            };
            let kind = self.sections[open].kind;
            // The section is context for health data, not for who is named in it.
            if !kind.clinical() || m.category.basis() == crate::Basis::Identifier {
                kinds.push(None);
                continue;
            }
            let after_heading = At {
                segment: index,
                at: m.start,
            } >= self.sections[open].body;
            // The letterhead's or signature's own words ("EHPAD Les Tilleuls") are no
            // clinical content of the section.
            if after_heading && *whose != Some(Subject::Structure) {
                self.last_finding[open - self.first] = Some(At {
                    segment: index,
                    at: m.start,
                });
            }
            kinds.push(Some(kind));
        }
        for head in &headings[h..] {
            self.open_section(index, head);
        }
        kinds
    }

    fn open_section(&mut self, index: usize, head: &Heading) {
        let at = |at| At { segment: index, at };
        if let Some(open) = self.open {
            self.sections[open].end = at(head.start);
        }
        self.open = Some(self.sections.len());
        self.sections.push(Section {
            part: self.part,
            kind: head.kind,
            heading: (at(head.start), head.end),
            body: at(head.body),
            end: at(head.body),
            content: None,
            cut: false,
        });
        self.last_finding.push(None);
    }

    /// Closes the part's last section and sets how far each section's clinical content goes:
    /// through the paragraph of its last finding by nature or crossing, and at least its first
    /// paragraph. Whether one of them is about one person's health in particular (a finding
    /// under "Antécédents", "Examen clinique", "Allergies"…).
    fn finish(self, part: &Part) -> bool {
        if let (Some(open), Some((segment, at))) = (self.open, self.last) {
            self.sections[open].end = At { segment, at };
        }
        let mut personal = false;
        for (k, last) in self.last_finding.iter().enumerate() {
            let s = &mut self.sections[self.first + k];
            let Some(last) = *last else { continue };
            personal |= s.kind.personal();
            let content = paragraph_end(part, last, s.end).max(paragraph_end(part, s.body, s.end));
            s.content = Some(content.min(s.end));
        }
        personal
    }
}

/// Drops the acts that are a heading's own words ("EXAMEN CLINIQUE", "Imagerie :",
/// "Vaccinations"): the heading says where the data is, it is not an act done. A heading that
/// says something of the person ("Allergie : pénicilline") stays a finding. Headings and
/// matches are in order: one walk.
fn drop_heading_words(headings: &[Heading], matches: &mut Vec<Match>) {
    if headings.is_empty() {
        return;
    }
    let mut h = 0;
    matches.retain(|m| {
        while headings.get(h).is_some_and(|head| head.end <= m.start) {
            h += 1;
        }
        let inside = headings
            .get(h)
            .is_some_and(|head| head.start <= m.start && m.end <= head.end);
        !inside || m.category != crate::Category::Procedure
    });
}

/// Whether text from `origin` is part of a document's running text, where sections follow one
/// another (a body, a PDF page, an XML or Office paragraph), and not a header, a file name or
/// metadata.
fn in_flow(origin: &Origin) -> bool {
    matches!(origin, Origin::Body | Origin::Page(_) | Origin::Element(_))
}

/// The end of the paragraph at or after `from` (its first non-blank text): a blank line, or the
/// end of its segment — or of the Word or ODF paragraphs that follow it with no empty one in
/// between (an empty paragraph is how a Word letter writes a blank line); never past `limit`.
fn paragraph_end(part: &Part, from: At, limit: At) -> At {
    // The paragraph's first non-blank text.
    let mut at = from;
    let (mut index, mut start) = loop {
        let Some(seg) = part.segments.get(at.segment) else {
            return limit;
        };
        if at >= limit {
            return limit;
        }
        let text = seg.text.get(at.at..).unwrap_or("");
        let lead = text.len() - text.trim_start().len();
        if lead == text.len() || !in_flow(&seg.origin) {
            // Nothing left in this segment: the paragraph is in the next one.
            at = At {
                segment: at.segment + 1,
                at: 0,
            };
            continue;
        }
        break (at.segment, at.at + lead);
    };
    loop {
        let seg = &part.segments[index];
        let rest = seg.text.get(start..).unwrap_or("");
        if let Some(k) = blank_line(rest) {
            return At {
                segment: index,
                at: start + k,
            }
            .min(limit);
        }
        let end = At {
            segment: index,
            at: seg.text.len(),
        };
        match part.segments.get(index + 1) {
            Some(next)
                if next_paragraph(&seg.origin, &next.origin)
                    && At {
                        segment: index + 1,
                        at: 0,
                    } < limit =>
            {
                index += 1;
                start = 0;
            }
            _ => return end.min(limit),
        }
    }
}

/// Whether `b` is the XML paragraph right after `a` (`…/w:p[4]` then `…/w:p[5]`): no empty
/// paragraph between them.
fn next_paragraph(a: &Origin, b: &Origin) -> bool {
    let (Origin::Element(a), Origin::Element(b)) = (a, b) else {
        return false;
    };
    // `…/w:p[3]` → (`…/w:p`, 3); a name without an index is the first of its name.
    let split = |p: &str| -> Option<(String, usize)> {
        let (head, last) = p.rsplit_once('/')?;
        Some(
            match last.strip_suffix(']').and_then(|l| l.rsplit_once('[')) {
                Some((name, n)) => (format!("{head}/{name}"), n.parse().ok()?),
                None => (p.to_string(), 1),
            },
        )
    };
    match (split(a), split(b)) {
        (Some((pa, na)), Some((pb, nb))) => pa == pb && nb == na + 1,
        _ => false,
    }
}

/// The offset of the first blank line of `text` (a line break, spaces, a line break).
fn blank_line(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut k = 0;
    while let Some(i) = text[k..].find('\n').map(|i| k + i) {
        let mut j = i + 1;
        while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b'\n' {
            return Some(i);
        }
        if j >= bytes.len() {
            return None;
        }
        k = j;
    }
    None
}

/// A name repeated without its cue ("Mme DIALLO vit seule" after "Objet : Mme Fatou DIALLO")
/// is the same person's: a name of unknown role takes the role of the names of the input that
/// share its surname, when they all agree.
fn same_person(findings: &mut [Finding]) {
    let surname = |f: &Finding| -> Option<String> {
        let text = f.found.as_deref()?;
        let last = text
            .split(|c: char| !c.is_alphabetic() && c != '-')
            .rfind(|w| w.chars().count() >= 2)?;
        Some(crate::scan::normalize::fold(last))
    };
    let mut roles: std::collections::HashMap<String, Option<Subject>> = Default::default();
    for f in findings.iter() {
        if f.category != crate::Category::PersonName {
            continue;
        }
        let (Some(whose), Some(key)) = (f.whose, surname(f)) else {
            continue;
        };
        if whose == Subject::Unknown {
            continue;
        }
        roles
            .entry(key)
            .and_modify(|r| {
                if *r != Some(whose) {
                    *r = None;
                }
            })
            .or_insert(Some(whose));
    }
    for f in findings.iter_mut() {
        if f.category == crate::Category::PersonName
            && f.whose == Some(Subject::Unknown)
            && let Some(Some(role)) = surname(f).and_then(|k| roles.get(&k).copied())
        {
            f.whose = Some(role);
        }
    }
}

/// Whose a fact is, from where the format states it: a CDA's `recordTarget` (and the PID
/// fields of an XDM package) is the cared-for person, its authors, authenticators,
/// performers and recipients are professionals, its custodian the structure, a guardian or
/// participant a relative; coded health entries are the document's subject's.
fn fact_subject(category: crate::Category, origin: &Origin) -> Option<Subject> {
    if category.basis() != crate::Basis::Identifier {
        return None;
    }
    let path = match origin {
        Origin::Element(path) => path.as_str(),
        _ => return Some(Subject::Unknown),
    };
    let has = |w: &str| path.contains(w);
    Some(
        if has("recordTarget") || has("sourcePatient") || has("patientId") {
            if has("guardian") {
                Subject::Relative
            } else {
                Subject::CaredFor
            }
        } else if has("custodian") {
            Subject::Structure
        } else if has("author")
            || has("legalAuthenticator")
            || has("authenticator")
            || has("informationRecipient")
            || has("performer")
            || has("dataEnterer")
            || has("encompassingEncounter")
        {
            Subject::Professional
        } else if has("participant") || has("informant") || has("guardian") {
            Subject::Relative
        } else {
            Subject::Unknown
        },
    )
}

/// The addresses of an e-mail's address headers (`To: Dr Roux <roux@…>`) route the message:
/// they are the envelope (reported in `envelope`, decided on per recipient), not content, and
/// nothing can be removed from them. What is found inside them (the address itself, the NIR of
/// `<NIR>@patient.mssante.fr`) is dropped; display names stay scanned.
fn drop_routing_addresses(seg: &Segment, matches: &mut Vec<Match>) {
    let Origin::Header(h) = &seg.origin else {
        return;
    };
    if !crate::extract::mail::is_address_header(h) {
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
    if seg.is_ocr() {
        return scan_ocr(engine, scratch, &seg.text);
    }
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

/// Scans OCR'd text (issue 15 §4): the text with digit-group confusions read as digits (same
/// offsets), and the value after an identity label, even misread, found as that label says
/// when the scanner found nothing there.
fn scan_ocr(engine: &Engine, scratch: &mut Scratch, text: &str) -> Vec<Match> {
    use crate::ocr::confusion;
    let tolerant = confusion::tolerant(text);
    let mut matches = engine.scan(&tolerant, scratch);
    let mut added = false;
    for (category, start, end) in confusion::anchored(text) {
        if matches
            .iter()
            .any(|m| m.start < end && start < m.end && m.category == category)
        {
            continue;
        }
        // A finding of another category inside the value (a date read as a date inside a
        // misread NIR) gives way to the labelled one.
        matches.retain(|m| !(m.start >= start && m.end <= end));
        matches.push(Match {
            category,
            start,
            end,
            confidence: 0.7,
            code: None,
            sensitive: false,
        });
        added = true;
    }
    if added {
        matches.sort_by_key(|m| (m.start, m.end));
    }
    matches
}

/// The label of a form field from its fully qualified name: the last partial name, with
/// `_`, `-` and camel case turned into spaces (`patient.date_naissance` → `date naissance`).
fn field_label(name: &str) -> String {
    let last = name.rsplit_once('.').map_or(name, |(_, ext)| ext);
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
        whose: None,
        section: None,
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
        hidden: false,
    }
}

#[cfg(test)]
mod tests {
    use super::field_label;

    #[test]
    fn form_field_labels_read_like_words() {
        assert_eq!(field_label("patient.date_naissance"), "date naissance");
        assert_eq!(field_label("dateDeNaissance"), "date De Naissance");
        assert_eq!(field_label("Nom"), "Nom");
        assert_eq!(field_label("a.b.num-secu"), "num secu");
    }
}
