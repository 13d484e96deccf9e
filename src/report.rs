//! The report: what tamis tells its caller about one input. These are wire types, kept apart
//! from the domain types and versioned ([`REPORT_VERSION`]); `tests/` decodes them with its own
//! copy of the schema so that a change to the wire format is a deliberate one.

use crate::context::Context;
use crate::decide::Decisions;
use crate::extract::{Extraction, Opaque, Part};
use serde::{Deserialize, Serialize};

pub use crate::decide::{Reason, Verdict};
pub use crate::finding::{
    Action, Finding, GlyphLocation, Location, Salt, Source, SourceKind, Values,
};

/// Version of the report schema. Bump on any incompatible change.
pub const REPORT_VERSION: u32 = 1;

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
    /// The clinical sections of the input's text, each marked `cut` when the minimised copy
    /// empties it ([`crate::section::plan`]). For redaction: never serialised.
    #[serde(skip)]
    pub sections: Vec<crate::section::Section>,
}

impl Report {
    /// Assembles the report on one input named `input`: its parts and notices from the
    /// extraction, its findings (located, classified) with the actions `decisions` gave them,
    /// the verdict, reasons and recipients' decisions, the context's purpose and sender.
    /// Values (and recipients' addresses) appear as `values` says; the e-mail's own addresses
    /// and purpose header (`purpose_header`) only with clear values.
    pub fn build(
        input: &str,
        doc: &Extraction,
        mut findings: Vec<Finding>,
        decisions: Decisions,
        context: &Context,
        values: Values,
        purpose_header: &str,
    ) -> Report {
        crate::work::add(findings.len() + doc.parts.len());
        if let Some(actions) = decisions.actions {
            for (f, a) in findings.iter_mut().zip(actions) {
                f.action = Some(a);
            }
        }
        let mut recipients = decisions.recipients;
        for (i, d) in recipients.iter_mut().enumerate() {
            d.address = values
                .show(&d.address)
                .unwrap_or_else(|| format!("destinataire {}", i + 1));
        }
        let envelope = (values == Values::Clear)
            .then_some(doc.envelope.as_ref())
            .flatten()
            .map(|e| {
                let addresses =
                    |v: &[crate::extract::Mailbox]| v.iter().map(|m| m.address.clone()).collect();
                EnvelopeInfo {
                    from: addresses(&e.from),
                    to: addresses(&e.to),
                    cc: addresses(&e.cc),
                    bcc: addresses(&e.bcc),
                    purpose: e.header(purpose_header).map(str::to_string),
                }
            });
        Report {
            version: REPORT_VERSION,
            input: input.to_string(),
            verdict: decisions.verdict,
            purpose: context.purpose.clone(),
            sender: context.from.as_deref().and_then(|a| values.show(a)),
            reasons: decisions.reasons,
            recipients,
            envelope,
            parts: doc.parts.iter().map(|p| part_info(p, values)).collect(),
            notices: doc
                .notices
                .iter()
                .map(|n| NoticeInfo {
                    part: n.part.clone(),
                    kind: n.kind.to_string(),
                    message: n.message.clone(),
                })
                .collect(),
            findings,
            sections: Vec::new(),
        }
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
        Some(Opaque::Unreadable(why)) | Some(Opaque::Refused { reason: why, .. }) => {
            Some(why.clone())
        }
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
