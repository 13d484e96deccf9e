//! The report as a user's program reads it: our own copy of the wire schema, and `tamis scan`
//! run as a user runs it.

use assert_cmd::Command;
use serde::Deserialize;
use std::path::Path;

/// The report as the wire carries it, decoded with our own copy of the schema
/// (`deny_unknown_fields`): a change to the wire format must show up here (STYLE.md §10).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireReport {
    pub version: u32,
    pub input: String,
    pub verdict: String,
    pub purpose: Option<String>,
    pub sender: Option<String>,
    pub reasons: Vec<WireReason>,
    #[serde(default)]
    pub recipients: Vec<WireRecipient>,
    pub envelope: Option<WireEnvelope>,
    pub parts: Vec<WirePart>,
    #[serde(default)]
    pub notices: Vec<WireNotice>,
    pub findings: Vec<WireFinding>,
    /// `tamis batch` lines only: what an auditor needs (README, batch section).
    pub audit: Option<WireAudit>,
}

/// The audit fields of a `tamis batch` line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireAudit {
    pub date: Option<String>,
    pub message_id: Option<String>,
    pub mailbox: Option<String>,
    #[serde(default)]
    pub domains: Vec<WireDomain>,
    pub health: u32,
    pub sensitive: u32,
    pub outside_trust_space: bool,
    pub enforce: Option<WireEnforce>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireDomain {
    pub domain: String,
    pub recipients: u32,
    pub trusted: bool,
    pub kind: String,
    pub class: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireEnforce {
    pub verdict: String,
    pub action: String,
    #[serde(default)]
    pub rules: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireRecipient {
    pub address: String,
    pub role: String,
    pub trusted: bool,
    pub care_team: bool,
    pub verdict: String,
    pub reasons: Vec<WireReason>,
    #[serde(default)]
    pub remove: Vec<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireEnvelope {
    pub from: Vec<String>,
    pub to: Vec<String>,
    #[serde(default)]
    pub cc: Vec<String>,
    #[serde(default)]
    pub bcc: Vec<String>,
    pub purpose: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WirePart {
    pub part: String,
    pub format: String,
    pub name: Option<String>,
    pub media_type: Option<String>,
    pub size: usize,
    pub pages: Option<u32>,
    pub opaque: Option<String>,
    pub detail: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireNotice {
    pub part: String,
    pub kind: String,
    pub message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireReason {
    pub rule: String,
    pub law: String,
    pub message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireFinding {
    pub category: String,
    pub basis: String,
    pub health: bool,
    pub linked_to: Option<usize>,
    /// `cared_for`, `professional`, `relative`, `structure`, `unknown`.
    pub whose: Option<String>,
    /// The clinical section it is in: `history`, `present_illness`, `physical_exam`,
    /// `results`, `hospital_course`, `assessment`, `medications`… (`src/section.rs`).
    pub section: Option<String>,
    pub text: Option<String>,
    pub code: Option<String>,
    pub system: Option<String>,
    pub sensitive: bool,
    pub confidence: f64,
    pub location: WireLocation,
    pub action: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireLocation {
    pub part: String,
    pub origin: String,
    pub name: Option<String>,
    pub page: Option<u32>,
    pub element: Option<String>,
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub glyphs: Vec<WireGlyphs>,
    /// Present (true) only when the text was not shown to the reader.
    #[serde(default)]
    pub hidden: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireGlyphs {
    pub stream: String,
    pub op: u32,
    pub first: u32,
    pub last: u32,
}

/// The `tamis` binary under test.
pub fn tamis() -> Command {
    Command::cargo_bin("tamis").unwrap()
}

/// `tamis scan --format json [args] path`: exit status and the one report.
pub fn scan_json_with(path: &Path, args: &[&str]) -> (i32, WireReport) {
    let out = tamis()
        .args(["scan", "--format", "json"])
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let report: WireReport = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| {
        panic!(
            "{}: bad report: {e}\n{stdout}\n{}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), report)
}

/// `tamis scan --format json path`.
pub fn scan_json(path: &Path) -> (i32, WireReport) {
    scan_json_with(path, &[])
}
