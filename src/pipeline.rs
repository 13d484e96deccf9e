//! The whole pipeline on one input, as every front end runs it (command line, and later the
//! milter, the HTTP service and batch scanning): bytes and a context in, a report out — and, for
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

use crate::context::{Context, PURPOSE_HEADER};
use crate::decide::Setup;
use crate::extract::{ExtractError, Extraction, Limits};
use crate::redact::{RedactError, Summary};
use crate::report::{Action, Report, SourceKind, Values, Verdict};
use crate::scan::{Engine, Scratch};

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

    /// Extracts, scans and classifies `bytes` (named `name`, a hint only), then — when
    /// `decide` — applies the rules for the context's recipients.
    pub fn check(
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
        let input = name.unwrap_or("-");
        let mut report = Report::from_extraction(input, &extraction, &self.engine, scratch, values);
        let context = context.completed(extraction.envelope.as_ref(), &self.purpose_header);
        if decide {
            self.setup.apply(&mut report, &context, values);
        }
        report.purpose = context.purpose.clone();
        report.sender = context.from.as_deref().and_then(|a| values.show(a));
        log_check(&extraction, &report, bytes.len(), started);
        Ok(Checked {
            extraction,
            report,
            context,
        })
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
        let checked = self.check(bytes, name, context, values, true, &mut scratch)?;
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
            .check(output, name, &checked.context, Values::None, true, scratch)
            .map_err(|e| RedactError::Rewrite {
                part: String::new(),
                what: format!("the minimised copy cannot be read again: {e}"),
            })?;
        let mut left = crate::redact::leftovers(&again.extraction, &expected);
        for f in &again.report.findings {
            if f.action != Some(Action::Remove) {
                continue;
            }
            let in_marker = f.source.is_some_and(|s| {
                let part = again.extraction.parts.get(s.part);
                match s.what {
                    SourceKind::Segment { index, start, end } => part
                        .and_then(|p| p.segments.get(index))
                        .is_some_and(|seg| inside_marker(&seg.text, start, end)),
                    SourceKind::FileName { start, end } => part
                        .and_then(|p| p.name.as_deref())
                        .is_some_and(|name| inside_marker(name, start, end)),
                    SourceKind::Fact(_) => false,
                }
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

/// Whether `start..end` of `text` lies inside a redaction marker (`[retiré : dépendance]`):
/// the category's name in a marker is not data.
fn inside_marker(text: &str, start: usize, end: usize) -> bool {
    const OPEN: &str = "[retiré : ";
    let Some(open) = text.get(..start).and_then(|t| t.rfind(OPEN)) else {
        return false;
    };
    let between = &text[open + OPEN.len()..start];
    if between.contains(']') {
        return false;
    }
    text.get(end..)
        .and_then(|t| t.find(']'))
        .is_some_and(|close| !text[end..end + close].contains('['))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_category_named_in_a_marker_is_not_data() {
        let t = "Autonomie : [retiré : handicap ou dépendance]. GIR 2.";
        let at = t.find("dépendance").unwrap();
        assert!(inside_marker(t, at, at + "dépendance".len()));
        let gir = t.find("GIR").unwrap();
        assert!(!inside_marker(t, gir, gir + 5));
    }
}
