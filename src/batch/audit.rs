//! What an auditor needs on each line of a batch run (issue 20 §1): when the message was sent,
//! how to find it again, who sent it, where it went — each recipient domain with its trust-space
//! status and mailbox kind — and what enforce mode would have done with it.
//!
//! The channel rule needs no directory: health data to an address outside the MSSanté trust
//! space is a finding in itself. The trust space and the mailbox kinds are the directory's
//! ([`crate::recipients::Directory::resolve`], the same the rules use); the enforce verdict is
//! the rules' own ([`crate::decide::Setup::decide`]) on the findings already made, so nothing
//! is scanned twice and nothing is decided by a second implementation.
//!
//! Values: a Message-ID is hashed with the run's salt by default (it can hold a patient's name
//! in some clients), a sender mailbox is in clear by default (a structure's staff mailbox is the
//! structure's data, not a patient's); each has its option. Recipients appear by domain only,
//! never by address (a patient mailbox's local part is an INS).

use crate::context::Context;
use crate::decide::{Setup, Verdict};
use crate::extract::Extraction;
use crate::recipients::{MailboxAddress, MailboxKind};
use crate::report::{Report, Values};
use serde::{Deserialize, Serialize};

/// How the audit fields show what may identify someone.
#[derive(Debug, Clone, Copy)]
pub struct Shown {
    /// The Message-ID (hashed by default).
    pub message_id: Values,
    /// The sender's mailbox (clear by default).
    pub mailbox: Values,
}

/// The audit fields of one line (`audit` in the JSON line).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Audit {
    /// The message's `Date`, RFC 3339, as its sender wrote it (its offset kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The `Message-ID`, hashed with the run's salt unless asked in clear.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The sender's mailbox, in clear unless asked hashed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mailbox: Option<String>,
    /// The recipients, one entry per domain and kind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<DomainInfo>,
    /// Findings that are health data here, and of them of the sensitive tier.
    #[serde(default)]
    pub health: u32,
    #[serde(default)]
    pub sensitive: u32,
    /// Health data addressed outside the MSSanté trust space (the channel rule, whatever the
    /// directory says).
    #[serde(default)]
    pub outside_trust_space: bool,
    /// What enforce mode would have done (absent for an input without recipients).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enforce: Option<Enforce>,
}

/// The recipients of one domain and mailbox kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainInfo {
    pub domain: String,
    /// How many of the message's recipients.
    pub recipients: u32,
    /// Inside the MSSanté trust space (or a domain the structure trusts).
    pub trusted: bool,
    /// `nominative`, `organisationnelle`, `applicative`, `patient`, `unknown`.
    pub kind: String,
    pub class: DomainClass,
}

/// What kind of place a recipient domain is, for the DPO's breakdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DomainClass {
    /// A patient's Mon espace santé mailbox.
    Patient,
    /// Inside the MSSanté trust space.
    TrustSpace,
    /// A consumer mail provider (gmail.com, orange.fr…): outside, and a private person's.
    OrdinaryProvider,
    /// Any other domain outside the trust space.
    Outside,
}

impl DomainClass {
    /// Every class, in the page's order.
    pub const ALL: &'static [DomainClass] = &[
        DomainClass::TrustSpace,
        DomainClass::Patient,
        DomainClass::Outside,
        DomainClass::OrdinaryProvider,
    ];

    /// Its French name.
    pub fn label(self) -> &'static str {
        match self {
            DomainClass::Patient => "messagerie patient (Mon espace santé)",
            DomainClass::TrustSpace => "espace de confiance MSSanté",
            DomainClass::OrdinaryProvider => "messagerie grand public",
            DomainClass::Outside => "autre domaine hors espace de confiance",
        }
    }
}

/// What enforce mode would have done with the message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enforce {
    pub verdict: Verdict,
    /// `accept`, `minimise` or `reject`, as the milter would.
    pub action: String,
    /// The rules of its reasons, each once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
}

/// Consumer mail providers in France: mail to them leaves every professional space. A domain
/// not listed is only "outside"; the list names the big ones, it need not be complete.
const ORDINARY_PROVIDERS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.fr",
    "yahoo.com",
    "hotmail.fr",
    "hotmail.com",
    "outlook.fr",
    "outlook.com",
    "live.fr",
    "live.com",
    "msn.com",
    "icloud.com",
    "me.com",
    "orange.fr",
    "wanadoo.fr",
    "free.fr",
    "sfr.fr",
    "neuf.fr",
    "laposte.net",
    "bbox.fr",
    "aol.com",
    "aol.fr",
    "gmx.fr",
    "gmx.com",
    "proton.me",
    "protonmail.com",
];

/// The audit fields of a checked input: its extraction (envelope), its report, the context as
/// completed from its headers, the set-up the rules use.
pub fn audit(
    setup: &Setup,
    extraction: &Extraction,
    report: &Report,
    context: &Context,
    shown: Shown,
) -> Audit {
    let header = |name: &str| {
        extraction
            .envelope
            .as_ref()
            .and_then(|e| e.header(name))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let health = report.findings.iter().filter(|f| f.health).count();
    let sensitive = report
        .findings
        .iter()
        .filter(|f| f.health && f.sensitive)
        .count();
    let domains = domains(setup, &context.to);
    let outside_trust_space = health > 0 && domains.iter().any(|d| !d.trusted);
    Audit {
        date: header("Date").map(str::to_string),
        message_id: header("Message-ID").and_then(|m| shown.message_id.show(m)),
        mailbox: context
            .from
            .as_deref()
            .and_then(|a| shown.mailbox.show(&a.trim().to_ascii_lowercase())),
        domains,
        health: u32::try_from(health).unwrap_or(u32::MAX),
        sensitive: u32::try_from(sensitive).unwrap_or(u32::MAX),
        outside_trust_space,
        enforce: enforce(setup, extraction, report, context),
    }
}

/// The recipients grouped by domain and kind, in order of first appearance.
fn domains(setup: &Setup, to: &[String]) -> Vec<DomainInfo> {
    crate::work::add(to.len());
    let mut out: Vec<DomainInfo> = Vec::new();
    // A message has a handful of recipients; a list with thousands would still be grouped in
    // one pass through the index below.
    let mut index: std::collections::HashMap<(String, &'static str), usize> =
        std::collections::HashMap::new();
    for address in to {
        let r = setup.directory.resolve(address);
        let domain = MailboxAddress::parse(&r.address)
            .map(|a| a.domain().to_ascii_lowercase())
            .unwrap_or_else(|| "(adresse invalide)".to_string());
        let class = if r.kind == MailboxKind::Patient {
            DomainClass::Patient
        } else if r.trusted {
            DomainClass::TrustSpace
        } else if ORDINARY_PROVIDERS.contains(&domain.as_str()) {
            DomainClass::OrdinaryProvider
        } else {
            DomainClass::Outside
        };
        let key = (domain, r.kind.as_str());
        match index.get(&key) {
            Some(&i) => {
                if let Some(d) = out.get_mut(i) {
                    d.recipients += 1;
                    d.trusted &= r.trusted;
                }
            }
            None => {
                index.insert(key.clone(), out.len());
                out.push(DomainInfo {
                    domain: key.0,
                    recipients: 1,
                    trusted: r.trusted,
                    kind: key.1.to_string(),
                    class,
                });
            }
        }
    }
    out
}

/// What enforce mode would have done: the report's own verdict when the rules ran, else the
/// rules run now on the findings already made, for the message's recipients.
fn enforce(
    setup: &Setup,
    extraction: &Extraction,
    report: &Report,
    context: &Context,
) -> Option<Enforce> {
    if context.to.is_empty() {
        return None;
    }
    let (verdict, reasons) = if report.recipients.is_empty() {
        let unreadable = crate::pipeline::unreadable(extraction, &report.findings);
        let d = setup.decide(&report.findings, unreadable, context);
        (d.verdict, d.reasons)
    } else {
        (report.verdict, report.reasons.clone())
    };
    let mut rules: Vec<String> = Vec::new();
    for r in reasons {
        if !rules.contains(&r.rule) {
            rules.push(r.rule);
        }
    }
    Some(Enforce {
        verdict,
        action: match verdict {
            Verdict::Pass => "accept",
            Verdict::Minimise => "minimise",
            Verdict::Block => "reject",
        }
        .to_string(),
        rules,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_grouped_and_classed_without_a_directory() {
        let setup = Setup::default();
        let to: Vec<String> = [
            "a@gmail.com",
            "b@GMAIL.com",
            "ide@ch-exemple.mssante.fr",
            "185057800608491@patient.mssante.fr",
            "contact@mairie-exemple.fr",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let d = domains(&setup, &to);
        let got: Vec<(&str, u32, bool, DomainClass)> = d
            .iter()
            .map(|d| (d.domain.as_str(), d.recipients, d.trusted, d.class))
            .collect();
        assert_eq!(
            got,
            vec![
                ("gmail.com", 2, false, DomainClass::OrdinaryProvider),
                ("ch-exemple.mssante.fr", 1, true, DomainClass::TrustSpace),
                ("patient.mssante.fr", 1, true, DomainClass::Patient),
                ("mairie-exemple.fr", 1, false, DomainClass::Outside),
            ]
        );
        assert_eq!(d[2].kind, "patient");
    }
}
