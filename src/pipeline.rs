//! The whole pipeline on one input, as every front end runs it (command line, HTTP service,
//! milter, batch): bytes and a context in, a report out — and, for
//! redaction, the minimised bytes, checked once more before they are returned.
//!
//! A care software written in Rust checks a letter before it is sent, and sends the minimised
//! copy (or nothing, when the send is blocked):
//!
//! ```
//! use tamis::context::Context;
//! use tamis::decide::Setup;
//! use tamis::pipeline::Pipeline;
//! use tamis::recipients::Directory;
//! use tamis::report::{Values, Verdict};
//!
//! // Once, at start-up: the engine (~0.2 s), the policy, the structure's directory.
//! let mut directory = Directory::new();
//! directory.load_extract("corpus/directory/extract_mssante.txt".as_ref())?;
//! let pipeline = Pipeline::new(Setup { directory, ..Setup::default() })?;
//!
//! // For each send: the document and what the sender declares.
//! let context = Context {
//!     purpose: Some("medico_social_follow_up".into()),
//!     to: vec!["planning@saad-les-rochers.mssante.fr".into()],
//!     care_team: true,
//!     ..Context::default()
//! };
//! let sheet = std::fs::read("corpus/text/saad_fiche_liaison.txt")?;
//! let done = pipeline.redact(&sheet, Some("fiche.txt"), &context, Values::None)?;
//! assert_eq!(done.report.verdict, Verdict::Minimise);
//! let copy = String::from_utf8(done.bytes)?;
//! assert!(copy.contains("[retiré : diagnostic]")); // the disease is not the home help's business
//! assert!(copy.contains("GIR 4"));                 // the level of dependency is
//! for reason in &done.report.reasons {
//!     println!("{} ({}) : {}", reason.rule, reason.law, reason.message);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::category::Category;
use crate::context::{Context, PURPOSE_HEADER};
use crate::decide::{Decisions, Setup};
use crate::extract::{ExtractError, Extraction, Limits, Opaque};
use crate::finding::{Action, SourceKind, Values};
use crate::redact::{RedactError, Summary};
use crate::report::{Report, Verdict};
use crate::scan::{Engine, Scratch};
use std::collections::HashMap;

/// Everything one structure's filter needs, built once and shared by all inputs (and threads).
pub struct Pipeline {
    pub engine: Engine,
    pub setup: Setup,
    pub limits: Limits,
    /// The e-mail header that carries the purpose.
    pub purpose_header: String,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// An input read and decided on.
#[derive(Debug)]
pub struct Checked {
    pub extraction: Extraction,
    pub report: Report,
    /// The context completed from the e-mail's headers.
    pub context: Context,
}

/// A minimised copy, the report it applies, and what was removed.
#[derive(Debug)]
pub struct Minimised {
    /// The bytes to send: the input itself when nothing had to go.
    pub bytes: Vec<u8>,
    pub report: Report,
    pub summary: Summary,
}

impl Pipeline {
    /// A pipeline with the shipped dictionaries, the given policy and directory, default limits.
    pub fn new(setup: Setup) -> Result<Pipeline, crate::scan::BuildError> {
        Ok(Pipeline {
            engine: Engine::builtin()?,
            setup,
            limits: Limits::default(),
            purpose_header: PURPOSE_HEADER.to_string(),
        })
    }

    /// Whether the rules run on a check for `context` (as the caller gave it): when the
    /// caller named recipients or the structure's directory is loaded. Otherwise the report
    /// says what the input holds, without deciding for the recipients an e-mail's headers
    /// name. A minimised copy is made for recipients: [`Pipeline::check_to_minimise`] always
    /// decides. One rule for every front end.
    pub fn decides(&self, context: &Context) -> bool {
        !context.to.is_empty() || !self.setup.directory.is_empty()
    }

    /// [`Pipeline::check`] for an input that may have to be minimised (the milter, `tamis
    /// redact`, `/v1/redact`): the rules always run, for the recipients the caller named or
    /// else the e-mail's own.
    pub fn check_to_minimise(
        &self,
        bytes: &[u8],
        name: Option<&str>,
        context: &Context,
        values: Values,
        scratch: &mut Scratch,
    ) -> Result<Checked, ExtractError> {
        self.run(bytes, name, context, values, true, scratch)
    }

    /// The stages in order on `bytes` (named `name`, a hint only): extract → locate (scan) →
    /// classify → decide (when [`Pipeline::decides`]) → report.
    pub fn check(
        &self,
        bytes: &[u8],
        name: Option<&str>,
        context: &Context,
        values: Values,
        scratch: &mut Scratch,
    ) -> Result<Checked, ExtractError> {
        self.run(bytes, name, context, values, self.decides(context), scratch)
    }

    fn run(
        &self,
        bytes: &[u8],
        name: Option<&str>,
        context: &Context,
        values: Values,
        decide: bool,
        scratch: &mut Scratch,
    ) -> Result<Checked, ExtractError> {
        let started = std::time::Instant::now();
        let extraction = crate::extract::extract(bytes, name, &self.limits).inspect_err(|e| {
            tracing::debug!(bytes = bytes.len(), error = %e.kind(), "input refused");
        })?;
        let mut located = crate::locate::findings(&extraction, &self.engine, scratch, values);
        let mut findings = std::mem::take(&mut located.findings);
        crate::classify::classify(&mut findings, located.about_someone);
        let context = context.completed(extraction.envelope.as_ref(), &self.purpose_header);
        let unreadable = unreadable(&extraction, &findings);
        let decisions = if decide {
            self.setup.decide(&findings, unreadable, &context)
        } else {
            Decisions::undecided(&findings, unreadable)
        };
        let removed = self.removed_categories(&decisions, &context);
        let mut report = Report::build(
            name.unwrap_or("-"),
            &extraction,
            findings,
            decisions,
            &context,
            values,
            &self.purpose_header,
        );
        let mut sections = located.sections;
        crate::section::plan(&mut sections, |c| removed.contains(&c));
        report.sections = sections;
        log_check(&extraction, &report, bytes.len(), started);
        Ok(Checked {
            extraction,
            report,
            context,
        })
    }

    /// The categories the policy removes for at least one recipient who is not blocked (in
    /// the declared purpose, for the recipient's role): a section about one of them is
    /// emptied in the minimised copy ([`crate::section::plan`]).
    fn removed_categories(&self, decisions: &Decisions, context: &Context) -> Vec<Category> {
        let Some(purpose) = context
            .purpose
            .as_deref()
            .and_then(|p| p.parse::<crate::policy::Purpose>().ok())
        else {
            return Vec::new();
        };
        let mut removed = Vec::new();
        for r in decisions
            .recipients
            .iter()
            .filter(|r| r.verdict != Verdict::Block)
        {
            for &c in Category::ALL {
                if !removed.contains(&c) && !self.setup.policy.is_needed(purpose, r.role, c) {
                    removed.push(c);
                }
            }
        }
        removed
    }

    /// The minimised copy of `bytes` for the context's recipients. A `pass` input comes back
    /// as it is; a `block` one is an error. The copy is read and scanned again before it is
    /// returned: if a value that had to go is still found, redaction fails (closed).
    pub fn redact(
        &self,
        bytes: &[u8],
        name: Option<&str>,
        context: &Context,
        values: Values,
    ) -> Result<Minimised, RedactError> {
        let mut scratch = Scratch::default();
        let checked = self.check_to_minimise(bytes, name, context, values, &mut scratch)?;
        self.minimise(bytes, name, checked)
    }

    /// [`Pipeline::redact`] on an input already checked (with `decide`): a front end that has
    /// read the report (the milter, the HTTP service) does not scan the input a second time.
    pub fn minimise(
        &self,
        bytes: &[u8],
        name: Option<&str>,
        checked: Checked,
    ) -> Result<Minimised, RedactError> {
        let mut scratch = Scratch::default();
        if checked.report.recipients.is_empty() {
            return Err(RedactError::NotDecided);
        }
        if checked.report.verdict == Verdict::Block {
            let rules: Vec<&str> = checked
                .report
                .reasons
                .iter()
                .map(|r| r.rule.as_str())
                .collect();
            return Err(RedactError::Blocked {
                rules: rules.join(", "),
            });
        }
        if checked.report.verdict == Verdict::Pass {
            return Ok(Minimised {
                bytes: bytes.to_vec(),
                report: checked.report,
                summary: Summary::default(),
            });
        }
        let started = std::time::Instant::now();
        let done = crate::redact::redact(bytes, &checked.extraction, &checked.report, &self.limits)
            .inspect_err(|e| tracing::debug!(error = %e.kind(), "redaction refused"))?;
        self.verify(&checked, &done.bytes, name, &mut scratch)
            .inspect_err(
                |e| tracing::warn!(error = %e.kind(), "minimised copy rejected by its check"),
            )?;
        tracing::debug!(
            removed = ?done.summary.counts(),
            parts = done.summary.rewritten.len(),
            bytes = done.bytes.len(),
            ms = started.elapsed().as_millis() as u64,
            "minimised"
        );
        Ok(Minimised {
            bytes: done.bytes,
            report: checked.report,
            summary: done.summary,
        })
    }

    /// The post-condition of redaction: the copy reads, none of the removed values is found in
    /// it more often than it was kept elsewhere, and a new scan with the same context finds
    /// nothing that would have to go (markers aside).
    fn verify(
        &self,
        checked: &Checked,
        output: &[u8],
        name: Option<&str>,
        scratch: &mut Scratch,
    ) -> Result<(), RedactError> {
        let expected = crate::redact::expected_counts(&checked.extraction, &checked.report);
        let _span = tracing::debug_span!("verify").entered();
        let again = self
            .run(output, name, &checked.context, Values::None, true, scratch)
            .map_err(|e| RedactError::Rewrite {
                part: String::new(),
                what: format!("the minimised copy cannot be read again: {e}"),
            })?;
        let mut left = crate::redact::leftovers(&again.extraction, &expected);
        // The markers of each text, found once per text (not once per finding).
        let mut markers: HashMap<(usize, Option<usize>), Vec<Marker>> = HashMap::new();
        crate::work::add(again.report.findings.len());
        for f in &again.report.findings {
            if f.action != Some(Action::Remove) {
                continue;
            }
            let in_marker = f.source.is_some_and(|s| {
                let part = again.extraction.parts.get(s.part);
                let (text, index, start, end) = match s.what {
                    SourceKind::Segment { index, start, end } => (
                        part.and_then(|p| p.segments.get(index))
                            .map(|seg| seg.text.as_str()),
                        Some(index),
                        start,
                        end,
                    ),
                    SourceKind::FileName { start, end } => {
                        (part.and_then(|p| p.name.as_deref()), None, start, end)
                    }
                    SourceKind::Fact(_) => (None, None, 0, 0),
                };
                text.is_some_and(|text| {
                    let spans = markers
                        .entry((s.part, index))
                        .or_insert_with(|| markers_of(text));
                    inside_marker(text, spans, start, end)
                })
            });
            if !in_marker {
                left.push(f.category);
            }
        }
        if again.report.parts.iter().any(|p| p.opaque.is_some())
            && !checked.report.parts.iter().any(|p| p.opaque.is_some())
        {
            return Err(RedactError::Rewrite {
                part: String::new(),
                what: "a part of the minimised copy can no longer be read".into(),
            });
        }
        if left.is_empty() {
            return Ok(());
        }
        left.sort();
        let count = left.len();
        left.dedup();
        Err(RedactError::Leftover {
            count,
            categories: left
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
    }
}

/// The report on an extracted input, before anyone is known to receive it: the stages after
/// extraction (locate, classify) and the report, without the rules. For tools and tests that
/// extract themselves and then set the actions by hand.
pub fn report(
    input: &str,
    doc: &Extraction,
    engine: &Engine,
    scratch: &mut Scratch,
    values: Values,
) -> Report {
    let located = crate::locate::findings(doc, engine, scratch, values);
    let mut findings = located.findings;
    crate::classify::classify(&mut findings, located.about_someone);
    let decisions = Decisions::undecided(&findings, unreadable(doc, &findings));
    Report::build(
        input,
        doc,
        findings,
        decisions,
        &Context::default(),
        values,
        PURPOSE_HEADER,
    )
}

/// The parts that cannot be read and may matter: every opaque part but a decorative image (an
/// HTML body's logo, banner or tracking pixel) of which the input says nothing — no finding in
/// its file name, nor in any `Content-ID`, `Content-Location` or `Content-Description` (a
/// `photo-plaie-escarre-dupuis` is no logo).
pub(crate) fn unreadable(extraction: &Extraction, findings: &[crate::finding::Finding]) -> usize {
    let mut named = vec![false; extraction.parts.len()];
    let mut entity = false;
    for f in findings {
        entity |= matches!(
            f.location.name.as_deref(),
            Some("Content-ID" | "Content-Location" | "Content-Description")
        );
        if let Some(s) = f.source
            && matches!(s.what, SourceKind::FileName { .. })
            && let Some(n) = named.get_mut(s.part)
        {
            *n = true;
        }
    }
    extraction
        .parts
        .iter()
        .zip(named)
        .filter(|(p, named)| match p.opaque {
            Some(Opaque::InlineImage { .. }) => entity || *named,
            Some(_) => true,
            None => false,
        })
        .count()
}

/// The log events of a check: one per part (trace), one for the input (debug). Structure and
/// counts only — part paths, formats, sizes, categories, rule ids — never a name or a value
/// (file names and declared media types come from the document: they stay out).
fn log_check(extraction: &Extraction, report: &Report, size: usize, started: std::time::Instant) {
    if tracing::enabled!(tracing::Level::TRACE) {
        for part in &extraction.parts {
            tracing::trace!(
                part = %if part.path.is_empty() { "-" } else { part.path.as_str() },
                format = %part.format.as_str(),
                bytes = part.size,
                segments = part.segments.len(),
                facts = part.facts.len(),
                opaque = %part.opaque.as_ref().map_or("-", |o| o.as_str()),
                "part read"
            );
        }
    }
    if !tracing::enabled!(tracing::Level::DEBUG) {
        return;
    }
    let mut categories = std::collections::BTreeMap::<&str, usize>::new();
    for f in &report.findings {
        *categories.entry(f.category.as_str()).or_default() += 1;
    }
    let categories: Vec<String> = categories.iter().map(|(c, n)| format!("{c}={n}")).collect();
    let rules: Vec<&str> = report.reasons.iter().map(|r| r.rule.as_str()).collect();
    tracing::debug!(
        bytes = size,
        parts = extraction.parts.len(),
        opaque = extraction.parts.iter().filter(|p| p.opaque.is_some()).count(),
        findings = report.findings.len(),
        categories = %categories.join(","),
        recipients = report.recipients.len(),
        verdict = %report.verdict.as_str(),
        rules = %rules.join(","),
        ms = started.elapsed().as_millis() as u64,
        "checked"
    );
}

const MARKER_OPEN: &str = "[retiré : ";

/// A redaction marker in a text: where its category's name starts (after `[retiré : `, or a
/// section's name after `[section retirée : `) and where its `]` is, if it has one.
type Marker = (usize, Option<usize>);

/// The markers of `text`, in order: one pass over it for each kind.
fn markers_of(text: &str) -> Vec<Marker> {
    crate::work::add(2 * text.len());
    let mut out: Vec<Marker> = [MARKER_OPEN, crate::section::NOTICE_OPEN]
        .into_iter()
        .flat_map(|open| {
            text.match_indices(open).map(move |(at, _)| {
                let inner = at + open.len();
                (inner, text[inner..].find(']').map(|c| inner + c))
            })
        })
        .collect();
    out.sort_unstable();
    out
}

/// Whether `start..end` of `text` lies inside a redaction marker (`[retiré : dépendance]`):
/// the category's name in a marker is not data. `markers` are [`markers_of`] `text`; the
/// marker that counts is the last one opened before `start`.
fn inside_marker(text: &str, markers: &[Marker], start: usize, end: usize) -> bool {
    let opened = markers.partition_point(|&(inner, _)| inner <= start);
    let Some(&(_, close)) = opened.checked_sub(1).and_then(|k| markers.get(k)) else {
        return false;
    };
    close.is_some_and(|close| {
        close >= end
            && text
                .get(end..close)
                .is_some_and(|between| !between.contains('['))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_category_named_in_a_marker_is_not_data() {
        let t = "Autonomie : [retiré : handicap ou dépendance]. GIR 2.";
        let m = markers_of(t);
        let at = t.find("dépendance").unwrap();
        assert!(inside_marker(t, &m, at, at + "dépendance".len()));
        let gir = t.find("GIR").unwrap();
        assert!(!inside_marker(t, &m, gir, gir + 5));
        let before = t.find("Autonomie").unwrap();
        assert!(!inside_marker(t, &m, before, before + 4));
    }
}
