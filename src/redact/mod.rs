//! Redaction: a minimised copy of the input, in its own format, from which every finding the
//! policy removed is gone from the bytes — not hidden under a box, not left in metadata.
//!
//! The [`Redactor`] walks the input's parts as extraction numbered them (`""`, `"2"`, `"2.1"`),
//! each format module rewriting its own bytes and asking the redactor for the redacted bytes of
//! its children ([`Redactor::child`]) before putting them back (a PDF attached to a message, a
//! CDA in an IHE_XDM package). A part with nothing to remove in it or below it comes back
//! byte for byte. What must go is given per part as [`Target`]s, built from the report's
//! findings whose action is `remove` and the extraction's locators (source byte ranges, PDF
//! glyphs, CDA facts).
//!
//! Anything a module cannot remove for sure is an error ([`RedactError`]): redaction fails
//! closed, it never returns a document that may still hold what had to go. The caller then
//! checks the output once more ([`leftovers`], and a new scan: see `pipeline`).

pub mod archive;
pub mod cda;
mod image;
pub mod mail;
pub mod office;
pub mod pdf;
pub mod rtf;
pub mod text;

use crate::category::Category;
use crate::extract::{ExtractError, Extraction, Format, GlyphRange, Limits, Origin, Span};
use crate::finding::Subject;
use crate::report::{Action, Report, SourceKind, Verdict};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::time::Instant;

/// Why a document could not be minimised. Messages describe structure, never content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RedactError {
    /// A limit broke while rewriting (depth, time, size).
    #[error(transparent)]
    Limit(#[from] ExtractError),
    /// The verdict is `block`: no minimised copy can be sent.
    #[error("the message is blocked ({rules}): no minimised copy can be made")]
    Blocked { rules: String },
    /// Nothing was decided: the findings have no action (no recipients known).
    #[error(
        "nothing decided: redaction needs the recipients (--to, or the e-mail's To) and their roles"
    )]
    NotDecided,
    /// A value to remove sits where this part's format module cannot remove it.
    #[error("part {part:?} ({format}): cannot remove {what}")]
    Unsupported {
        part: String,
        format: &'static str,
        what: String,
    },
    /// The part could not be rewritten (damaged, or rewriting failed).
    #[error("part {part:?}: cannot rewrite it: {what}")]
    Rewrite { part: String, what: String },
    /// The output still holds what had to go (checked after redaction).
    #[error("the minimised copy still holds {count} value(s) that had to go ({categories})")]
    Leftover { count: usize, categories: String },
}

impl RedactError {
    /// A stable name for logs: `blocked`, `unsupported`, `leftover`, or the limit's kind.
    pub fn kind(&self) -> &'static str {
        match self {
            RedactError::Limit(e) => e.kind(),
            RedactError::Blocked { .. } => "blocked",
            RedactError::NotDecided => "not_decided",
            RedactError::Unsupported { .. } => "unsupported",
            RedactError::Rewrite { .. } => "rewrite",
            RedactError::Leftover { .. } => "leftover",
        }
    }
}

/// One value to remove from a part.
#[derive(Clone)]
pub struct Target {
    pub category: Category,
    /// Where in the part: the segment's origin (page, header, element…).
    pub origin: Origin,
    /// The value as found (segment text, fact text, or part of a file name).
    pub value: String,
    pub at: TargetAt,
    /// What replaces it instead of the category's marker: the notice of an emptied section
    /// (`[section retirée : antécédents]`), or nothing for the rest of its text.
    pub notice: Option<String>,
}

impl std::fmt::Debug for Target {
    // Never print the value.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target")
            .field("category", &self.category)
            .field("origin", &self.origin.kind())
            .field("at", &self.at)
            .finish_non_exhaustive()
    }
}

/// Where a [`Target`] is, in the terms of the part's extraction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetAt {
    /// In the text of segment `segment` at `start..end`; `pieces` are the source byte ranges
    /// behind it (empty when the segment has no byte map: a header value, a PDF metadata
    /// string, a form field value), `glyphs` the PDF glyphs that draw it.
    Text {
        segment: usize,
        start: usize,
        end: usize,
        pieces: Vec<Span>,
        glyphs: Vec<GlyphRange>,
    },
    /// Fact `index` of the part (a CDA header item, a coded entry) and its source range.
    Fact { index: usize, span: Option<Span> },
    /// In the part's file name at `start..end`: the parent (a MIME header, a zip entry name)
    /// removes it.
    FileName { start: usize, end: usize },
}

/// What a redaction did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Values removed, per category.
    pub removed: BTreeMap<Category, usize>,
    /// Parts rewritten (paths).
    pub rewritten: Vec<String>,
    /// Clinical sections emptied (their heading kept, a notice in place).
    pub sections: usize,
}

impl Summary {
    /// `diagnosis=2, nir=1`: for a header, counts only.
    pub fn counts(&self) -> String {
        self.removed
            .iter()
            .map(|(c, n)| format!("{}={n}", c.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The minimised copy and what was done.
pub struct Redacted {
    pub bytes: Vec<u8>,
    pub summary: Summary,
}

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redacted")
            .field("len", &self.bytes.len())
            .field("summary", &self.summary)
            .finish()
    }
}

/// The marker left where a value was removed from text: `[retiré : diagnostic]`.
pub fn marker(category: Category) -> String {
    format!("[retiré : {}]", category.label_fr())
}

/// Redacts `bytes`, the input that `doc` was extracted from and `report` decided on (its
/// findings carry their action). A `pass` report gives the bytes back as they are; a `block`
/// one is an error: a blocked message is not sent, minimised or not.
pub fn redact(
    bytes: &[u8],
    doc: &Extraction,
    report: &Report,
    limits: &Limits,
) -> Result<Redacted, RedactError> {
    if report.verdict == Verdict::Block {
        let rules: Vec<&str> = report.reasons.iter().map(|r| r.rule.as_str()).collect();
        return Err(RedactError::Blocked {
            rules: rules.join(", "),
        });
    }
    if report.findings.iter().all(|f| f.action.is_none()) && !report.findings.is_empty() {
        return Err(RedactError::NotDecided);
    }
    let mut r = Redactor::new(doc, report, limits);
    let out = r.child("", bytes, 0)?;
    Ok(Redacted {
        bytes: out,
        summary: r.summary,
    })
}

/// Drives the rewriting of one input: holds the targets of each part and dispatches each part
/// to its format's module.
pub struct Redactor<'a> {
    doc: &'a Extraction,
    by_path: FxHashMap<&'a str, usize>,
    targets: Vec<Vec<Target>>,
    /// The findings kept, per part, located like targets (a CDA section is emptied only when
    /// none of its findings is kept).
    kept: Vec<Vec<Target>>,
    /// Paths with a target in them or below them.
    touched: rustc_hash::FxHashSet<String>,
    limits: &'a Limits,
    started: Instant,
    verdict: Verdict,
    pub summary: Summary,
}

impl<'a> Redactor<'a> {
    /// A redactor for the findings of `report` whose action is `remove`.
    pub fn new(doc: &'a Extraction, report: &Report, limits: &'a Limits) -> Redactor<'a> {
        let mut targets: Vec<Vec<Target>> = vec![Vec::new(); doc.parts.len()];
        let mut summary = Summary::default();
        let mut kept: Vec<Vec<Target>> = vec![Vec::new(); doc.parts.len()];
        // The kept values that keep their sentence in an emptied section.
        let mut holds: Vec<Vec<Target>> = vec![Vec::new(); doc.parts.len()];
        crate::work::add(report.findings.len());
        for f in &report.findings {
            let Some(source) = f.source else { continue };
            let Some(target) = target_of(doc, f.category, source) else {
                debug_assert!(
                    false,
                    "a finding's source is in the extraction it came from"
                );
                continue;
            };
            if f.action != Some(Action::Remove) {
                // A professional's or the structure's own name ("suivi par le Dr Bordes") does
                // not keep a sentence of an emptied section: the recipient needs it for no
                // one's care there.
                if !matches!(f.whose, Some(Subject::Professional | Subject::Structure)) {
                    holds[source.part].push(target.clone());
                }
                kept[source.part].push(target);
                continue;
            }
            *summary.removed.entry(f.category).or_default() += 1;
            targets[source.part].push(target);
        }
        crate::work::add(report.sections.len());
        // Per part with a section to empty: whether its sections are emptied (its format),
        // and the spans of the kept values that keep their sentence, by segment, in order.
        let formats: FxHashMap<&str, Format> = doc
            .parts
            .iter()
            .map(|p| (p.path.as_str(), p.format))
            .collect();
        let mut by_part: FxHashMap<usize, (bool, FxHashMap<usize, Vec<Span>>)> =
            FxHashMap::default();
        for s in report.sections.iter().filter(|s| s.cut) {
            let (cuts, kept_at) = by_part.entry(s.part).or_insert_with(|| {
                let cuts = doc.parts.get(s.part).is_some_and(|part| {
                    // A Word or ODF document's text is in its XML entries (child parts).
                    let parent = part.path.rfind('.').map_or("", |k| &part.path[..k]);
                    sections_cut_in(part.format)
                        || (part.format == Format::Xml
                            && !part.path.is_empty()
                            && matches!(formats.get(parent), Some(Format::Docx | Format::Odt)))
                });
                let mut kept_at: FxHashMap<usize, Vec<Span>> = FxHashMap::default();
                for t in holds.get(s.part).map_or(&[][..], Vec::as_slice) {
                    if let TargetAt::Text {
                        segment,
                        start,
                        end,
                        ..
                    } = t.at
                    {
                        kept_at.entry(segment).or_default().push((start, end));
                    }
                }
                for spans in kept_at.values_mut() {
                    spans.sort_unstable();
                }
                (cuts, kept_at)
            });
            if !*cuts {
                continue;
            }
            let cut = section_targets(doc, s, kept_at);
            if !cut.is_empty() {
                summary.sections += 1;
            }
            if let Some(t) = targets.get_mut(s.part) {
                t.extend(cut);
            }
        }
        let mut touched = rustc_hash::FxHashSet::default();
        for (i, t) in targets.iter().enumerate() {
            if t.is_empty() {
                continue;
            }
            let mut path = doc.parts[i].path.as_str();
            loop {
                touched.insert(path.to_string());
                if path.is_empty() {
                    break;
                }
                path = path.rfind('.').map_or("", |k| &path[..k]);
            }
        }
        Redactor {
            doc,
            by_path: doc
                .parts
                .iter()
                .enumerate()
                .map(|(i, p)| (p.path.as_str(), i))
                .collect(),
            targets,
            kept,
            touched,
            limits,
            started: Instant::now(),
            verdict: report.verdict,
            summary,
        }
    }

    /// The extracted part at `path`.
    pub fn part(&self, path: &str) -> Option<&'a crate::extract::Part> {
        self.by_path.get(path).and_then(|&i| self.doc.parts.get(i))
    }

    /// The extraction being redacted (its envelope, its parts).
    pub fn extraction(&self) -> &'a Extraction {
        self.doc
    }

    /// What must go from the part at `path` (file-name targets included: they are the
    /// parent's to remove).
    pub fn targets(&self, path: &str) -> &[Target] {
        self.by_path
            .get(path)
            .and_then(|&i| self.targets.get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// What stays in the part at `path`: the findings whose action is not `remove`.
    pub fn kept(&self, path: &str) -> &[Target] {
        self.by_path
            .get(path)
            .and_then(|&i| self.kept.get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// The spans of the part's file name to remove, with their categories (for the parent
    /// that writes the name: a MIME parameter, a zip entry name).
    pub fn file_name_spans(&self, path: &str) -> Vec<(Span, Category)> {
        self.targets(path)
            .iter()
            .filter_map(|t| match t.at {
                TargetAt::FileName { start, end } => Some(((start, end), t.category)),
                _ => None,
            })
            .collect()
    }

    /// The words (folded, three characters or more) of every value removed anywhere in the
    /// input: what an identifier built from the content (a MIME `Content-ID`) may not keep.
    pub fn removed_words(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .targets
            .iter()
            .flatten()
            .flat_map(|t| {
                words(&t.value)
                    .split(' ')
                    .filter(|w| w.chars().count() >= 3)
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Whether anything must go from the part at `path` or below it.
    pub fn touched(&self, path: &str) -> bool {
        self.touched.contains(path)
    }

    /// The verdict of the report being applied (for a summary header).
    pub fn verdict(&self) -> Verdict {
        self.verdict
    }

    /// The redacted bytes of the part at `path`, whose bytes (as extraction read them: decoded
    /// from any transfer encoding) are `bytes`, at nesting `depth`. Untouched parts come back
    /// as they are.
    pub fn child(&mut self, path: &str, bytes: &[u8], depth: u32) -> Result<Vec<u8>, RedactError> {
        if !self.touched(path) {
            return Ok(bytes.to_vec());
        }
        if depth > self.limits.max_depth {
            return Err(ExtractError::TooDeep {
                limit: self.limits.max_depth,
                part: path.to_string(),
            }
            .into());
        }
        self.check_time()?;
        let Some(part) = self.part(path) else {
            return Err(RedactError::Rewrite {
                part: path.to_string(),
                what: "part not found in the extraction".into(),
            });
        };
        let out = match part.format {
            // A calendar's or card's values are mapped to their bytes like a text's.
            Format::Text | Format::Calendar => text::redact_text(self, path, bytes)?,
            Format::Html => text::redact_html(self, path, bytes)?,
            Format::Mail => mail::redact(self, path, bytes, depth)?,
            Format::Zip => archive::redact(self, path, bytes, depth)?,
            Format::Docx | Format::Xlsx | Format::Odt | Format::Ods => {
                office::redact(self, path, bytes, depth)?
            }
            Format::Csv => office::redact_csv(self, path, bytes)?,
            Format::Rtf => rtf::redact(self, path, bytes)?,
            // Never a half-redacted copy: a message Outlook is refused, with what to do.
            Format::Msg => {
                return Err(self.unsupported(path, crate::extract::office::msg::REFUSAL));
            }
            Format::Pdf => pdf::redact(self, path, bytes, depth)?,
            Format::Cda | Format::Xml => cda::redact(self, path, bytes, depth)?,
            // An image attachment read by OCR: painted and written again (`image.rs`).
            Format::Image if self.targets(path).iter().any(|t| image::is_ocr(part, t)) => {
                image::redact(bytes, part, self.targets(path), self.limits.max_ocr_pixels).map_err(
                    |what| RedactError::Rewrite {
                        part: path.to_string(),
                        what,
                    },
                )?
            }
            Format::Image | Format::Binary | Format::Encrypted => {
                // Only its file name can hold a target, and the parent removes that.
                if self.targets(path).iter().any(|t| t.at_text_or_fact()) {
                    return Err(self.unsupported(path, "values in content it cannot read"));
                }
                bytes.to_vec()
            }
        };
        self.summary.rewritten.push(path.to_string());
        Ok(out)
    }

    /// An [`RedactError::Unsupported`] for the part at `path`.
    pub fn unsupported(&self, path: &str, what: &str) -> RedactError {
        RedactError::Unsupported {
            part: path.to_string(),
            format: self.part(path).map_or("?", |p| p.format.as_str()),
            what: what.to_string(),
        }
    }

    /// Errs once the input's time is up.
    pub fn check_time(&self) -> Result<(), RedactError> {
        if self.started.elapsed() > self.limits.max_time {
            return Err(ExtractError::Timeout {
                limit: self.limits.max_time,
            }
            .into());
        }
        Ok(())
    }
}

/// The formats whose sections a minimised copy empties (the text of a text part, an e-mail
/// body, an HTML body, a Word or ODF paragraph). A PDF's, an RTF's and a CDA's sections are
/// left to their findings (the CDA redactor empties its own sections).
fn sections_cut_in(format: Format) -> bool {
    matches!(
        format,
        Format::Text | Format::Html | Format::Docx | Format::Odt
    )
}

/// The targets that empty section `s` (marked `cut`): the sentences of its body, from its
/// first word to the end of its clinical content, that hold nothing kept (`kept_at`: the kept
/// values' spans by segment, in order). A kept value — a GIR level, the person's name — keeps
/// its sentence, where the removed values go one by one; a professional's name does not.
/// Consecutive sentences make one target; a run at the start or after a kept sentence says
/// the section's notice, a run that goes on in the next segment (a Word paragraph) nothing.
/// The heading stays.
fn section_targets(
    doc: &Extraction,
    s: &crate::section::Section,
    kept_at: &FxHashMap<usize, Vec<Span>>,
) -> Vec<Target> {
    let (Some(part), Some(content), Some(category)) =
        (doc.parts.get(s.part), s.content, s.kind.main())
    else {
        return Vec::new();
    };
    let mut out: Vec<Target> = Vec::new();
    // Whether the last sentence seen was removed (the next run goes on without a notice).
    let mut going = false;
    for index in s.body.segment..=content.segment {
        let Some(seg) = part.segments.get(index) else {
            break;
        };
        if !matches!(seg.origin, Origin::Body | Origin::Element(_)) {
            continue;
        }
        let from = if index == s.body.segment {
            s.body.at
        } else {
            0
        };
        let to = if index == content.segment {
            content.at.min(seg.text.len())
        } else {
            seg.text.len()
        };
        if from >= to || !seg.text.is_char_boundary(from) || !seg.text.is_char_boundary(to) {
            continue;
        }
        // The kept spans, by start; `first` moves forward with the sentences.
        let spans = kept_at.get(&index).map_or(&[][..], Vec::as_slice);
        let mut first = 0;
        let mut run: Option<Span> = None;
        let flush = |run: &mut Option<Span>, out: &mut Vec<Target>, going: bool| {
            if let Some((start, end)) = run.take() {
                let notice = if going {
                    String::new()
                } else {
                    s.kind.notice()
                };
                let value = seg.text[start..end].to_string();
                out.push(Target::in_segment(
                    category,
                    seg,
                    index,
                    (start, end),
                    value,
                    Some(notice),
                ));
            }
        };
        let mut run_going = going;
        for (start, end) in sentences(&seg.text, from, to) {
            while spans.get(first).is_some_and(|&(_, b)| b <= start) {
                first += 1;
            }
            let keeps = spans[first..]
                .iter()
                .take_while(|&&(a, _)| a < end)
                .any(|&(_, b)| start < b);
            if keeps {
                flush(&mut run, &mut out, run_going);
                going = false;
                run_going = false;
                continue;
            }
            match &mut run {
                Some(r) => r.1 = end,
                None => {
                    run = Some((start, end));
                    run_going = going;
                }
            }
            going = true;
        }
        flush(&mut run, &mut out, run_going);
    }
    out
}

/// The sentences of `text[from..to]`, trimmed: cut after `.`, `!`, `?` or `;` followed by a
/// space, and at line breaks.
fn sentences(text: &str, from: usize, to: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut push = |a: usize, b: usize| {
        let piece = &text[a..b];
        let start = a + (piece.len() - piece.trim_start().len());
        let end = a + piece.trim_end().len();
        if start < end {
            out.push((start, end));
        }
    };
    let mut start = from;
    let mut chars = text[from..to].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = from + i;
        let next = chars.peek().map(|&(_, n)| n);
        if c == '\n' {
            push(start, at);
            start = at + 1;
        } else if matches!(c, '.' | '!' | '?' | ';') && next.is_none_or(char::is_whitespace) {
            push(start, at + 1);
            start = at + 1;
        }
    }
    push(start, to);
    out
}

/// The finding at `source`, located in the terms of its part's extraction.
fn target_of(
    doc: &Extraction,
    category: Category,
    source: crate::report::Source,
) -> Option<Target> {
    let part = doc.parts.get(source.part)?;
    Some(match source.what {
        SourceKind::Segment { index, start, end } => {
            let seg = part.segments.get(index)?;
            // Offsets come from the scan of this very text, on character boundaries. Were they
            // not, the target is still removed by its pieces; only the leftover check lacks
            // the value.
            let value = seg.text.get(start..end);
            debug_assert!(
                value.is_some(),
                "a finding's offsets cut its segment's characters"
            );
            let value = value.unwrap_or_default().to_string();
            Target::in_segment(category, seg, index, (start, end), value, None)
        }
        SourceKind::Fact(index) => {
            let fact = part.facts.get(index)?;
            Target {
                category,
                origin: fact.origin.clone(),
                value: fact.text.clone().unwrap_or_default(),
                at: TargetAt::Fact {
                    index,
                    span: fact.span,
                },
                notice: None,
            }
        }
        SourceKind::FileName { start, end } => Target {
            category,
            origin: Origin::FileName,
            value: part
                .name
                .as_deref()
                .and_then(|n| n.get(start..end))
                .unwrap_or_default()
                .to_string(),
            at: TargetAt::FileName { start, end },
            notice: None,
        },
    })
}

impl Target {
    /// A target over `start..end` of segment `index` (`seg`), located by the segment's source
    /// pieces and glyphs.
    fn in_segment(
        category: Category,
        seg: &crate::extract::Segment,
        index: usize,
        (start, end): Span,
        value: String,
        notice: Option<String>,
    ) -> Self {
        Target {
            category,
            origin: seg.origin.clone(),
            value,
            at: TargetAt::Text {
                segment: index,
                start,
                end,
                pieces: seg.source_pieces(start, end),
                glyphs: seg.glyph_ranges(start, end),
            },
            notice,
        }
    }

    /// What replaces the value: its category's marker (`[retiré : diagnostic]`), or the
    /// notice of the section it empties.
    pub fn marker(&self) -> String {
        self.notice.clone().unwrap_or_else(|| marker(self.category))
    }

    /// Whether the target is in the part's content (not its file name).
    pub fn at_text_or_fact(&self) -> bool {
        !matches!(self.at, TargetAt::FileName { .. })
    }
}

/// A replacement of source bytes `span` by `with`.
#[derive(Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub with: Vec<u8>,
}

/// Applies `edits` to `src`. Overlapping edits are joined into one (the first one's
/// replacement wins: two findings on the same words leave one marker).
pub fn apply_edits(src: &[u8], mut edits: Vec<Edit>) -> Vec<u8> {
    edits.sort_by_key(|e| (e.span.0, std::cmp::Reverse(e.span.1)));
    let mut out = Vec::with_capacity(src.len());
    let mut at = 0usize;
    for e in edits {
        let (start, end) = (e.span.0.min(src.len()), e.span.1.min(src.len()));
        if end <= at && start < at {
            continue; // inside an edit already applied
        }
        if start < at {
            // Overlaps the previous edit: extend it over the rest.
            at = end.max(at);
            continue;
        }
        out.extend_from_slice(&src[at..start]);
        out.extend_from_slice(&e.with);
        at = end.max(start);
    }
    out.extend_from_slice(&src[at.min(src.len())..]);
    out
}

/// The edits that replace text targets' source pieces: the first piece of each target by
/// `marker(category)` as `encode` renders it, the other pieces by nothing (markup between them
/// stays).
pub fn piece_edits(targets: &[Target], encode: impl Fn(&str) -> Vec<u8>) -> Vec<Edit> {
    let mut edits = Vec::new();
    for t in targets {
        if let TargetAt::Text { pieces, .. } = &t.at {
            for (k, &span) in pieces.iter().enumerate() {
                edits.push(Edit {
                    span,
                    with: if k == 0 {
                        encode(&t.marker())
                    } else {
                        Vec::new()
                    },
                });
            }
        }
    }
    edits
}

/// Replaces `spans` (byte offsets, each with its category) of `text` by markers: for values
/// held as strings (a header, a PDF metadata entry, a form field value).
pub fn redact_str(text: &str, spans: &[(Span, Category)]) -> String {
    let edits = spans
        .iter()
        .map(|&(span, c)| Edit {
            span,
            with: marker(c).into_bytes(),
        })
        .collect();
    let out = apply_edits(text.as_bytes(), edits);
    // Spans are on character boundaries; a bad one is replaced rather than trusted.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The values of a redaction that must not be found again, with how often each may still
/// appear in the output (occurrences in the input's text minus those removed): a value kept
/// elsewhere on purpose (a street named after a saint, the same word in a kept place) is not
/// a leftover.
pub fn expected_counts(doc: &Extraction, report: &Report) -> Vec<(Category, String, usize)> {
    let mut removed: BTreeMap<String, (Category, usize)> = BTreeMap::new();
    for f in &report.findings {
        if f.action != Some(Action::Remove) {
            continue;
        }
        let Some(value) = f.found.as_deref() else {
            continue;
        };
        let key = words(value);
        if key.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            continue;
        }
        removed.entry(key).or_insert((f.category, 0)).1 += 1;
    }
    let keys: Vec<&str> = removed.keys().map(String::as_str).collect();
    let before = count_words(&all_text(doc), &keys);
    removed
        .into_iter()
        .zip(before)
        .map(|((key, (category, n)), before)| (category, key, before.saturating_sub(n)))
        .collect()
}

/// Checks a redacted output's extraction against [`expected_counts`]: the categories of the
/// values found more often than allowed.
pub fn leftovers(output: &Extraction, expected: &[(Category, String, usize)]) -> Vec<Category> {
    let keys: Vec<&str> = expected.iter().map(|(_, key, _)| key.as_str()).collect();
    let found = count_words(&all_text(output), &keys);
    expected
        .iter()
        .zip(found)
        .filter(|((_, _, allowed), found)| found > allowed)
        .map(|((c, _, _), _)| *c)
        .collect()
}

/// Every text of an extraction (segments, facts, file names), as folded words.
fn all_text(doc: &Extraction) -> String {
    let mut all = String::from(" ");
    for p in &doc.parts {
        for s in &p.segments {
            all.push_str(&words(&without_markers(&s.text)));
            all.push(' ');
        }
        for f in &p.facts {
            if let Some(t) = &f.text {
                all.push_str(&words(t));
                all.push(' ');
            }
        }
        if let Some(n) = &p.name {
            all.push_str(&words(&without_markers(n)));
            all.push(' ');
        }
    }
    all
}

/// `text` without the markers redaction wrote (a category's name in a marker is not data:
/// `[retiré : arrêt de travail]`).
fn without_markers(text: &str) -> std::borrow::Cow<'_, str> {
    const OPEN: &str = "[retiré : ";
    const NOTICE: &str = crate::section::NOTICE_OPEN;
    if !text.contains(OPEN) && !text.contains(NOTICE) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = [rest.find(OPEN), rest.find(NOTICE)]
        .into_iter()
        .flatten()
        .min()
    {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        match after.find(']') {
            Some(close) => rest = &after[close + 1..],
            None => {
                out.push_str(after);
                rest = "";
            }
        }
        out.push(' ');
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Folded (case, accents) words joined by single spaces.
fn words(text: &str) -> String {
    let folded = crate::scan::normalize::fold(text);
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `text` holds one of `keys` (from [`Redactor::removed_words`]: single words, sorted)
/// as a whole word.
pub fn holds_a_word(text: &str, keys: &[String]) -> bool {
    words(text)
        .split(' ')
        .any(|w| keys.binary_search_by(|k| k.as_str().cmp(w)).is_ok())
}

/// Occurrences of each of `keys` (words from [`words`]) in `all` (from [`all_text`]: starts and
/// ends with a space), as whole words: one pass of an automaton over `all` for all the keys,
/// so that a copy with thousands of removed values is checked in time linear in its size.
/// Occurrences of one key may overlap (`a a` twice in `a a a`).
fn count_words(all: &str, keys: &[&str]) -> Vec<usize> {
    crate::work::add(all.len() + keys.len());
    let mut counts = vec![0; keys.len()];
    if keys.is_empty() {
        return counts;
    }
    let needles: Vec<String> = keys.iter().map(|k| format!(" {k} ")).collect();
    let Ok(ac) = aho_corasick::AhoCorasick::new(&needles) else {
        // Only the automaton's size limit refuses to build it: every key then counts as found
        // without limit, so that the copy's check fails closed.
        return vec![usize::MAX; keys.len()];
    };
    for m in ac.find_overlapping_iter(all) {
        counts[m.pattern().as_usize()] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_edits_leave_one_replacement() {
        let src = b"Patient Jean Dupont, 12 rue X";
        let edits = vec![
            Edit {
                span: (8, 19),
                with: b"[nom]".to_vec(),
            },
            Edit {
                span: (13, 29),
                with: b"[adresse]".to_vec(),
            },
        ];
        assert_eq!(apply_edits(src, edits), b"Patient [nom]".to_vec());
    }

    #[test]
    fn nested_edits_keep_the_outer_one() {
        let src = b"a 12 rue Jean Moulin b";
        let edits = vec![
            Edit {
                span: (9, 20),
                with: b"N".to_vec(),
            },
            Edit {
                span: (2, 20),
                with: b"A".to_vec(),
            },
        ];
        assert_eq!(apply_edits(src, edits), b"a A b".to_vec());
    }

    #[test]
    fn leftover_counts_whole_words_only() {
        let all = format!(" {} ", words("Rue Saint-Martin ; M. MARTIN ; Martinez"));
        assert_eq!(count_words(&all, &[&words("Martin")]), [2]);
        assert_eq!(count_words(&all, &[&words("saint martin")]), [1]);
        let (a, b) = (words("Martin"), words("saint martin"));
        assert_eq!(count_words(&all, &[&a, &b]), [2, 1]);
    }

    #[test]
    fn markers_are_not_counted_as_values() {
        let t = "Certificat : [retiré : arrêt de travail] du 3 mars.";
        assert_eq!(without_markers(t), "Certificat :   du 3 mars.");
    }

    #[test]
    fn markers_name_the_category_in_french() {
        assert_eq!(marker(Category::Diagnosis), "[retiré : diagnostic]");
        assert_eq!(
            redact_str("Objet : Jean Dupont", &[((8, 19), Category::PersonName)]),
            "Objet : [retiré : nom]"
        );
    }
}
