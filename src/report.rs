//! The report: what tamis tells its caller about one input. These are wire types, kept apart
//! from the domain types and versioned ([`REPORT_VERSION`]); `tests/` decodes them with its own
//! copy of the schema so that a change to the wire format is a deliberate one.

use crate::category::{Basis, Category};
use crate::scan::Match;
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

/// How found values appear in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Values {
    /// The text as found (a person checking one document).
    #[default]
    Clear,
    /// No text at all: category, offsets and codes only.
    None,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Byte offsets into the input as read (the original bytes).
    pub start: usize,
    pub end: usize,
}

/// One finding.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub category: Category,
    pub basis: Basis,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub sensitive: bool,
    pub confidence: f32,
    pub location: Location,
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
    pub reasons: Vec<Reason>,
    pub findings: Vec<Finding>,
}

impl Report {
    /// Builds the report on `text` (named `input`) from the engine's matches. `offset` maps a
    /// byte offset of `text` to the original input bytes (identity for UTF-8 input).
    ///
    /// Until the minimisation policy exists, every health finding counts as found: the verdict
    /// is `minimise` when there is health data, `pass` otherwise.
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
                category: m.category,
                basis: m.category.basis(),
                text: match values {
                    Values::Clear => Some(text[m.start..m.end].to_string()),
                    Values::None => None,
                },
                code: m.code.as_deref().map(str::to_string),
                sensitive: m.sensitive,
                confidence: (m.confidence * 100.0).round() / 100.0,
                location: Location {
                    start: offset(m.start),
                    end: offset(m.end),
                },
            })
            .collect();
        let health = findings.iter().filter(|f| f.category.is_health()).count();
        let sensitive = findings.iter().filter(|f| f.sensitive).count();
        let mut reasons = Vec::new();
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
        Report {
            version: REPORT_VERSION,
            input: input.to_string(),
            verdict: if health > 0 {
                Verdict::Minimise
            } else {
                Verdict::Pass
            },
            reasons,
            findings,
        }
    }
}
