//! The summary of a batch run, for the data-protection officer (issue 20 §2, §3): read back
//! from the JSON Lines (so a resumed run, or the outputs of several shards, are summarised
//! whole), as a few lines for a terminal and as one self-contained French HTML page — a
//! register to read and print: the timeline by month, where mail went (inside or outside the
//! MSSanté trust space, patient mailboxes, ordinary providers), which sender mailboxes, the
//! reasons with their law, and the messages to review first. No script, no network, no asset:
//! it opens offline; a print stylesheet makes it a PDF.
//!
//! Never a patient's value: the page shows counts, French labels of the vocabularies (one table
//! each: [`Category`], [`Rule`], [`Verdict`], [`Purpose`]), dates, sender mailboxes (the
//! structure's), recipient domains and Message-IDs as the lines give them (hashed by default),
//! never an input's file name nor a finding's text.
//!
//! Two summaries compare ([`Summary::html_compared`], `--summarise --before`): the same
//! indicators side by side with their difference, before and after a policy or training change.

use super::audit::{Audit, DomainClass};
use crate::category::Category;
use crate::decide::{Rule, Verdict};
use crate::policy::Purpose;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Distinct senders (and recipient domains) counted one by one; beyond, they are counted
/// together (bounded memory).
const MAX_SENDERS: usize = 10_000;
const OTHER_SENDERS: &str = "(autres expéditeurs)";
const OTHER_DOMAINS: &str = "(autres domaines)";
/// The messages to review first kept for the page.
const REVIEW: usize = 25;
/// Rows of a breakdown shown on the page.
const TOP: usize = 15;

/// Counts over a set of report lines.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub inputs: u64,
    /// Inputs that could not be checked (unreadable file, broken limit).
    pub errors: u64,
    pub verdicts: BTreeMap<String, u64>,
    pub categories: BTreeMap<String, CategoryCount>,
    pub purposes: BTreeMap<String, u64>,
    pub senders: BTreeMap<String, SenderCount>,
    /// Reasons given, by rule (`trust_space`, `strictly_necessary`…): inputs.
    pub rules: BTreeMap<String, u64>,
    /// Parts that could not be read, by kind (`encrypted`, `image_pages`…).
    pub opaque: BTreeMap<String, u64>,
    /// By month of the message's date (`2025-03`; `(sans date)` for a document).
    pub months: BTreeMap<String, Tally>,
    /// What enforce mode would have done, by verdict (inputs with recipients).
    pub enforce: BTreeMap<String, u64>,
    /// The rules enforce mode would have applied: inputs.
    pub enforce_rules: BTreeMap<String, u64>,
    /// By recipient domain: messages sent there.
    pub domains: BTreeMap<String, DomainCount>,
    /// By kind of recipient domain: messages sent there.
    pub classes: BTreeMap<DomainClass, Tally>,
    /// The whole set.
    pub total: Tally,
    /// The messages to review first, most serious first (the first few).
    pub review: Vec<ReviewItem>,
    /// How many messages are to review, by seriousness.
    pub to_review: BTreeMap<u8, u64>,
}

/// One category's counts.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CategoryCount {
    pub findings: u64,
    /// Inputs with at least one finding of it.
    pub inputs: u64,
    /// Findings whose action is `remove`.
    pub removed: u64,
}

/// One sender's counts.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SenderCount {
    pub inputs: u64,
    /// To be minimised, blocked: as enforce mode would have done, else as the line says.
    pub minimise: u64,
    pub block: u64,
    /// Messages with health data sent outside the trust space.
    pub outside: u64,
}

/// The counts of a set of messages (a month, a kind of recipient, the whole).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub inputs: u64,
    /// To be minimised, blocked: as enforce mode would have done, else as the line says.
    pub minimise: u64,
    pub block: u64,
    /// With health data; with data of the sensitive tier.
    pub health: u64,
    pub sensitive: u64,
    /// With health data sent outside the MSSanté trust space.
    pub outside: u64,
}

/// One recipient domain's counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DomainCount {
    pub class: DomainClass,
    pub inputs: u64,
    /// Messages with health data sent there.
    pub health: u64,
}

/// A message to review, as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewItem {
    /// Higher is more serious (see [`seriousness`]).
    pub seriousness: u8,
    pub sensitive: u32,
    pub health: u32,
    /// `2025-03-14`, when the message has a date.
    pub date: Option<String>,
    pub sender: Option<String>,
    /// The domains outside the trust space first.
    pub domains: Vec<String>,
    pub rules: Vec<String>,
    pub message_id: Option<String>,
}

#[derive(Deserialize)]
struct LineHead {
    #[serde(default)]
    verdict: Option<String>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    purpose: Option<String>,
    #[serde(default)]
    sender: Option<String>,
    #[serde(default)]
    reasons: Vec<ReasonHead>,
    #[serde(default)]
    parts: Vec<PartHead>,
    #[serde(default)]
    findings: Vec<FindingHead>,
    #[serde(default)]
    audit: Option<Audit>,
}

#[derive(Deserialize)]
struct ReasonHead {
    rule: String,
}

#[derive(Deserialize)]
struct PartHead {
    #[serde(default)]
    opaque: Option<String>,
}

#[derive(Deserialize)]
struct FindingHead {
    category: String,
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    health: bool,
    #[serde(default)]
    sensitive: bool,
}

/// How serious a message is for the review list: health data of the sensitive tier outside the
/// trust space (5), health data outside it (4), what enforce would reject (3) or minimise with
/// sensitive data (2), or minimise (1); 0 is not listed.
pub fn seriousness(audit: &Audit, verdict: Verdict) -> u8 {
    match (audit.outside_trust_space, audit.sensitive > 0, verdict) {
        (true, true, _) => 5,
        (true, false, _) => 4,
        (false, _, Verdict::Block) => 3,
        (false, true, Verdict::Minimise) => 2,
        (false, false, Verdict::Minimise) => 1,
        (false, _, Verdict::Pass) => 0,
    }
}

impl Summary {
    /// Adds one JSON line (a report or an error line); other lines are ignored.
    pub fn add_line(&mut self, line: &str) {
        let Ok(head) = serde_json::from_str::<LineHead>(line) else {
            return;
        };
        self.inputs += 1;
        if head.error.is_some() {
            self.errors += 1;
            return;
        }
        let verdict = head.verdict.unwrap_or_else(|| "?".into());
        *self.verdicts.entry(verdict.clone()).or_default() += 1;
        let purpose = head.purpose.unwrap_or_else(|| "(non déclarée)".into());
        *self.purposes.entry(purpose).or_default() += 1;
        // Lines without audit fields (an older run) still count, from their findings.
        let audit = head.audit.unwrap_or_else(|| Audit {
            health: count(head.findings.iter().filter(|f| f.health)),
            sensitive: count(head.findings.iter().filter(|f| f.health && f.sensitive)),
            ..Audit::default()
        });
        let effective = audit
            .enforce
            .as_ref()
            .map(|e| e.verdict)
            .or_else(|| Verdict::from_name(&verdict))
            // A line whose verdict cannot be read is not counted as passed: the register puts
            // it with what would be refused, to be looked at.
            .unwrap_or(Verdict::Block);
        let tally = |t: &mut Tally| {
            t.inputs += 1;
            t.minimise += u64::from(effective == Verdict::Minimise);
            t.block += u64::from(effective == Verdict::Block);
            t.health += u64::from(audit.health > 0);
            t.sensitive += u64::from(audit.sensitive > 0);
            t.outside += u64::from(audit.outside_trust_space);
        };
        tally(&mut self.total);
        let month = audit
            .date
            .as_deref()
            .and_then(|d| d.get(..7))
            .unwrap_or("(sans date)");
        tally(self.months.entry(month.to_string()).or_default());
        let mut classes: Vec<DomainClass> = audit.domains.iter().map(|d| d.class).collect();
        classes.sort_unstable();
        classes.dedup();
        for c in classes {
            tally(self.classes.entry(c).or_default());
        }
        for d in &audit.domains {
            let key = if self.domains.len() < MAX_SENDERS || self.domains.contains_key(&d.domain) {
                d.domain.clone()
            } else {
                OTHER_DOMAINS.to_string()
            };
            let e = self.domains.entry(key).or_insert(DomainCount {
                class: d.class,
                inputs: 0,
                health: 0,
            });
            e.inputs += 1;
            e.health += u64::from(audit.health > 0);
        }
        // The sender's mailbox as the audit gives it (in clear by default), else the report's.
        let sender = audit
            .mailbox
            .clone()
            .or(head.sender)
            .unwrap_or_else(|| "(inconnu)".into());
        let key = if self.senders.len() < MAX_SENDERS || self.senders.contains_key(&sender) {
            sender.clone()
        } else {
            OTHER_SENDERS.to_string()
        };
        let s = self.senders.entry(key).or_default();
        s.inputs += 1;
        s.minimise += u64::from(effective == Verdict::Minimise);
        s.block += u64::from(effective == Verdict::Block);
        s.outside += u64::from(audit.outside_trust_space);
        let mut rules: Vec<&str> = head.reasons.iter().map(|r| r.rule.as_str()).collect();
        rules.sort_unstable();
        rules.dedup();
        for r in rules {
            *self.rules.entry(r.to_string()).or_default() += 1;
        }
        if let Some(e) = &audit.enforce {
            *self
                .enforce
                .entry(e.verdict.as_str().to_string())
                .or_default() += 1;
            for r in &e.rules {
                *self.enforce_rules.entry(r.clone()).or_default() += 1;
            }
        }
        for p in &head.parts {
            if let Some(o) = &p.opaque {
                *self.opaque.entry(o.clone()).or_default() += 1;
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for f in &head.findings {
            let c = self.categories.entry(f.category.clone()).or_default();
            c.findings += 1;
            c.removed += u64::from(f.action.as_deref() == Some("remove"));
            if !seen.contains(&f.category.as_str()) {
                seen.push(&f.category);
                c.inputs += 1;
            }
        }
        let serious = seriousness(&audit, effective);
        if serious > 0 {
            *self.to_review.entry(serious).or_default() += 1;
            let mut domains: Vec<&super::audit::DomainInfo> = audit.domains.iter().collect();
            domains.sort_by_key(|d| d.trusted);
            let mut rules: Vec<String> = match &audit.enforce {
                Some(e) => e.rules.clone(),
                None => head.reasons.iter().map(|r| r.rule.clone()).collect(),
            };
            rules.dedup();
            self.review.push(ReviewItem {
                seriousness: serious,
                sensitive: audit.sensitive,
                health: audit.health,
                date: audit
                    .date
                    .as_deref()
                    .and_then(|d| d.get(..10))
                    .map(str::to_string),
                sender: Some(sender),
                domains: domains.iter().map(|d| d.domain.clone()).collect(),
                rules,
                message_id: audit.message_id.clone(),
            });
            // Bounded: sorted and cut when twice as long as what the page shows.
            if self.review.len() >= 2 * REVIEW {
                self.sort_review();
            }
        }
    }

    fn sort_review(&mut self) {
        self.review.sort_by(review_order);
        self.review.truncate(REVIEW);
    }

    /// Adds every line of a JSON Lines text.
    pub fn add_lines(&mut self, jsonl: &str) {
        for line in jsonl.lines() {
            self.add_line(line);
        }
    }

    /// A few lines for a terminal.
    pub fn text(&self) -> String {
        let mut out = format!("{} entrée(s), {} erreur(s)\n", self.inputs, self.errors);
        let join = |m: &BTreeMap<String, u64>| {
            m.iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!("verdicts : {}\n", join(&self.verdicts)));
        out.push_str(&format!("finalités : {}\n", join(&self.purposes)));
        out.push_str(&format!("règles : {}\n", join(&self.rules)));
        let cats: BTreeMap<String, u64> = self
            .categories
            .iter()
            .map(|(k, c)| (k.clone(), c.inputs))
            .collect();
        out.push_str(&format!("catégories (entrées) : {}\n", join(&cats)));
        if !self.opaque.is_empty() {
            out.push_str(&format!("parties illisibles : {}\n", join(&self.opaque)));
        }
        if !self.enforce.is_empty() {
            out.push_str(&format!(
                "en mode bloquant : {} ; règles : {}\n",
                join(&self.enforce),
                join(&self.enforce_rules)
            ));
        }
        out.push_str(&format!(
            "données de santé hors espace de confiance : {} message(s)\n",
            self.total.outside
        ));
        out
    }

    /// The differences from `before` for a terminal: the indicators that changed.
    pub fn text_compared(&self, before: &Summary) -> String {
        let mut out = String::from("différences (avant → après) :\n");
        for (label, b, a) in indicators(before, self) {
            if b != a {
                out.push_str(&format!("  {label} : {b} → {a}\n"));
            }
        }
        out
    }

    /// The page, readable offline and printable.
    pub fn html(&self, title: &str) -> String {
        page(title, &self.body())
    }

    /// The page of `self` preceded by its differences from `before` (an earlier run, another
    /// quarter).
    pub fn html_compared(&self, before: &Summary, title: &str) -> String {
        let mut body = comparison(before, self);
        body.push_str(&self.body());
        page(title, &body)
    }

    fn body(&self) -> String {
        let mut b = String::new();
        let t = &self.total;
        let _ = write!(
            b,
            "<section id=\"essentiel\"><h2>L'essentiel</h2><div class=\"cards\">{}{}{}{}{}</div>",
            card("messages et documents examinés", &t.inputs.to_string(), ""),
            card(
                "avec des données de santé",
                &t.health.to_string(),
                &share(t.health, t.inputs)
            ),
            card(
                "données de santé hors espace de confiance",
                &t.outside.to_string(),
                &share(t.outside, t.inputs)
            ),
            card(
                "à minimiser",
                &t.minimise.to_string(),
                &share(t.minimise, t.inputs)
            ),
            card("bloqués", &t.block.to_string(), &share(t.block, t.inputs)),
        );
        let _ = writeln!(
            b,
            "<p class=\"note\">{} entrée(s) en erreur (illisibles ou hors limites). « À minimiser » et « bloqués » disent ce qu'aurait fait le mode bloquant (<code>enforce</code>) avec l'annuaire et la politique de cette analyse ; sans annuaire (<code>--directory</code>), aucun destinataire n'est connu comme habilité et le mode bloquant refuse toute donnée de santé.</p></section>",
            self.errors
        );
        b.push_str(&self.review_html());
        b.push_str(&self.timeline_html());
        b.push_str(&self.domains_html());
        b.push_str(&self.senders_html());
        b.push_str(&self.reasons_html());
        b.push_str(&self.categories_html());
        b.push_str(&self.others_html());
        b
    }

    fn review_html(&self) -> String {
        let mut review = self.review.clone();
        review.sort_by(review_order);
        review.truncate(REVIEW);
        let mut b = String::from(
            "<section id=\"a-revoir\"><h2>Messages à revoir en priorité</h2>\n<p class=\"note\">Classés par gravité : données sensibles hors de l'espace de confiance d'abord, puis données de santé hors de l'espace de confiance, envois que le mode bloquant aurait refusés, puis à minimiser. Retrouvez un message par sa date, son expéditeur et son Message-ID (haché avec le sel de l'analyse, sauf <code>--message-ids clear</code>).</p>\n",
        );
        if review.is_empty() {
            b.push_str("<p>Aucun message à revoir.</p></section>\n");
            return b;
        }
        let total: u64 = self.to_review.values().sum();
        let _ = writeln!(
            b,
            "<p>{} message(s) à revoir, dont {} avec des données de santé hors de l'espace de confiance ; les {} premiers :</p>",
            total,
            self.to_review.get(&5).copied().unwrap_or(0)
                + self.to_review.get(&4).copied().unwrap_or(0),
            review.len()
        );
        b.push_str("<table class=\"review\"><thead><tr><th>n°</th><th>Gravité</th><th>Date</th><th>Expéditeur</th><th>Domaine(s) destinataire(s)</th><th>Règles</th><th>Message-ID</th></tr></thead><tbody>\n");
        for (i, r) in review.iter().enumerate() {
            let rules = r
                .rules
                .iter()
                .map(|id| rule_label(id))
                .collect::<Vec<_>>()
                .join(" · ");
            let _ = writeln!(
                b,
                "<tr class=\"s{}\"><td>{}</td><td>{}</td><td class=\"nowrap\">{}</td><td>{}</td><td>{}</td><td class=\"rules\">{}</td><td class=\"mid\">{}</td></tr>",
                r.seriousness,
                i + 1,
                seriousness_label(r.seriousness, r.sensitive, r.health),
                escape(
                    &r.date
                        .as_deref()
                        .map(french_date)
                        .unwrap_or_else(|| "—".into())
                ),
                escape(r.sender.as_deref().unwrap_or("—")),
                escape(&r.domains.join(", ")),
                rules,
                escape(r.message_id.as_deref().unwrap_or("—")),
            );
        }
        b.push_str("</tbody></table></section>\n");
        b
    }

    fn timeline_html(&self) -> String {
        let mut b = String::from(
            "<section id=\"chronologie\"><h2>Chronologie par mois</h2>\n<p class=\"note\">Barres : messages du mois ; en orange la part à minimiser, en rouge la part bloquée (mode bloquant).</p>\n",
        );
        b.push_str(&month_chart(&self.months));
        b.push_str("<table><thead><tr><th>Mois</th><th>Messages</th><th>À minimiser</th><th>Bloqués</th><th>Données de santé</th><th>Données sensibles</th><th>Santé hors espace de confiance</th></tr></thead><tbody>\n");
        for (m, t) in &self.months {
            let _ = writeln!(
                b,
                "<tr><td class=\"nowrap\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&month_label(m)),
                t.inputs,
                share(t.minimise, t.inputs),
                share(t.block, t.inputs),
                t.health,
                t.sensitive,
                t.outside,
            );
        }
        b.push_str("</tbody></table></section>\n");
        b
    }

    fn domains_html(&self) -> String {
        let mut b = String::from(
            "<section id=\"destinataires\"><h2>Où sont allés les messages</h2>\n<p class=\"note\">Un message compte une fois par type de destinataire. La règle du canal s'applique sans annuaire : des données de santé vers une adresse hors de l'espace de confiance MSSanté sont un constat en soi.</p>\n<table><thead><tr><th>Type de destinataire</th><th>Messages</th><th>Avec données de santé</th><th>Dont sensibles</th></tr></thead><tbody>\n",
        );
        for c in DomainClass::ALL {
            let t = self.classes.get(c).copied().unwrap_or_default();
            let _ = writeln!(
                b,
                "<tr{}><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                if *c != DomainClass::TrustSpace && *c != DomainClass::Patient && t.health > 0 {
                    " class=\"alert\""
                } else {
                    ""
                },
                c.label(),
                t.inputs,
                t.health,
                t.sensitive,
            );
        }
        b.push_str("</tbody></table>\n");
        let mut rows: Vec<(&String, &DomainCount)> = self.domains.iter().collect();
        rows.sort_by(|a, b| {
            (b.1.class != DomainClass::TrustSpace && b.1.class != DomainClass::Patient)
                .cmp(&(a.1.class != DomainClass::TrustSpace && a.1.class != DomainClass::Patient))
                .then(b.1.health.cmp(&a.1.health))
                .then(b.1.inputs.cmp(&a.1.inputs))
                .then(a.0.cmp(b.0))
        });
        let _ = writeln!(
            b,
            "<h3>Domaines destinataires ({} premiers sur {})</h3><table><thead><tr><th>Domaine</th><th>Type</th><th>Messages</th><th>Avec données de santé</th></tr></thead><tbody>",
            TOP.min(rows.len()),
            rows.len()
        );
        for (d, c) in rows.iter().take(TOP) {
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(d),
                c.class.label(),
                c.inputs,
                c.health
            );
        }
        b.push_str("</tbody></table></section>\n");
        b
    }

    fn senders_html(&self) -> String {
        let mut rows: Vec<(&String, &SenderCount)> = self.senders.iter().collect();
        rows.sort_by(|a, b| {
            b.1.outside
                .cmp(&a.1.outside)
                .then((b.1.block + b.1.minimise).cmp(&(a.1.block + a.1.minimise)))
                .then(b.1.inputs.cmp(&a.1.inputs))
                .then(a.0.cmp(b.0))
        });
        let mut b = format!(
            "<section id=\"expediteurs\"><h2>Par messagerie expéditrice ({} premières sur {})</h2>\n<p class=\"note\">La messagerie d'un service ou d'un professionnel de la structure : celles qui envoient des données de santé hors de l'espace de confiance sont les services à former d'abord.</p>\n<table><thead><tr><th>Messagerie</th><th>Messages</th><th>Santé hors espace de confiance</th><th>À minimiser</th><th>Bloqués</th></tr></thead><tbody>\n",
            TOP.min(rows.len()),
            rows.len()
        );
        for (s, c) in rows.iter().take(TOP) {
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(s),
                c.inputs,
                c.outside,
                c.minimise,
                c.block
            );
        }
        b.push_str("</tbody></table></section>\n");
        b
    }

    fn reasons_html(&self) -> String {
        // The rules enforce mode would have applied, else the lines' own reasons.
        let source = if self.enforce_rules.is_empty() {
            &self.rules
        } else {
            &self.enforce_rules
        };
        let mut rows: Vec<(&String, &u64)> = source.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let mut b = String::from(
            "<section id=\"motifs\"><h2>Principaux motifs</h2>\n<table><thead><tr><th>Motif</th><th>Messages</th><th>Ce que dit la règle</th><th>Fondement</th></tr></thead><tbody>\n",
        );
        if rows.is_empty() {
            b.push_str("<tr><td colspan=\"4\">Aucun.</td></tr>\n");
        }
        for (id, n) in rows {
            let (sentence, law) = Rule::from_id(id)
                .map(|r| (r.sentence(), r.law()))
                .unwrap_or(("", ""));
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td class=\"n\">{n}</td><td>{}</td><td class=\"law\">{}</td></tr>",
                rule_label(id),
                escape(sentence),
                escape(law)
            );
        }
        b.push_str("</tbody></table></section>\n");
        b
    }

    fn categories_html(&self) -> String {
        let mut rows: Vec<(&String, &CategoryCount)> = self.categories.iter().collect();
        rows.sort_by(|a, b| b.1.inputs.cmp(&a.1.inputs).then(a.0.cmp(b.0)));
        let mut b = String::from(
            "<section id=\"categories\"><h2>Données trouvées</h2>\n<table><thead><tr><th>Catégorie</th><th>Messages concernés</th><th>Occurrences</th><th>À retirer</th></tr></thead><tbody>\n",
        );
        if rows.is_empty() {
            b.push_str("<tr><td colspan=\"4\">Aucune.</td></tr>\n");
        }
        for (k, c) in rows {
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                category_label(k),
                c.inputs,
                c.findings,
                c.removed
            );
        }
        b.push_str("</tbody></table></section>\n");
        b
    }

    fn others_html(&self) -> String {
        let mut b = String::from(
            "<section id=\"finalites\"><h2>Finalités déclarées et verdicts</h2>\n<table><thead><tr><th>Finalité</th><th>Messages</th></tr></thead><tbody>\n",
        );
        for (p, n) in &self.purposes {
            let label = p
                .parse::<Purpose>()
                .map(|p| labelled(p.label(), p.as_str()))
                .unwrap_or_else(|_| escape(p));
            let _ = writeln!(b, "<tr><td>{label}</td><td class=\"n\">{n}</td></tr>");
        }
        b.push_str("</tbody></table>\n<table><thead><tr><th>Verdict des lignes</th><th>Messages</th><th>En mode bloquant</th></tr></thead><tbody>\n");
        for v in Verdict::ALL {
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                labelled(v.label(), v.as_str()),
                self.verdicts.get(v.as_str()).copied().unwrap_or(0),
                self.enforce.get(v.as_str()).copied().unwrap_or(0),
            );
        }
        b.push_str("</tbody></table>\n");
        if !self.opaque.is_empty() {
            b.push_str("<h3>Parties illisibles</h3><table><thead><tr><th>Nature</th><th>Parties</th></tr></thead><tbody>\n");
            for (k, n) in &self.opaque {
                let _ = writeln!(
                    b,
                    "<tr><td>{}</td><td class=\"n\">{n}</td></tr>",
                    labelled(opaque_label(k), k)
                );
            }
            b.push_str("</tbody></table>\n");
        }
        b.push_str("</section>\n");
        b
    }
}

/// Most serious first, then more sensitive data, more health data, the latest; a total order
/// (so the first few are the same whatever order the lines came in: shards, resumed runs).
fn review_order(a: &ReviewItem, b: &ReviewItem) -> std::cmp::Ordering {
    b.seriousness
        .cmp(&a.seriousness)
        .then(b.sensitive.cmp(&a.sensitive))
        .then(b.health.cmp(&a.health))
        .then(b.date.cmp(&a.date))
        .then_with(|| a.message_id.cmp(&b.message_id))
        .then_with(|| a.sender.cmp(&b.sender))
        .then_with(|| a.domains.cmp(&b.domains))
        .then_with(|| a.rules.cmp(&b.rules))
}

fn count<T>(it: impl Iterator<Item = T>) -> u32 {
    u32::try_from(it.count()).unwrap_or(u32::MAX)
}

/// The indicators two summaries are compared on: label, before, after.
fn indicators(before: &Summary, after: &Summary) -> Vec<(String, String, String)> {
    let mut rows = Vec::new();
    let mut pair = |label: &str, f: &dyn Fn(&Summary) -> String| {
        rows.push((label.to_string(), f(before), f(after)));
    };
    pair("messages examinés", &|s| s.total.inputs.to_string());
    pair("avec des données de santé", &|s| {
        share(s.total.health, s.total.inputs)
    });
    pair("données de santé hors espace de confiance", &|s| {
        share(s.total.outside, s.total.inputs)
    });
    pair("avec des données sensibles", &|s| {
        share(s.total.sensitive, s.total.inputs)
    });
    pair("à minimiser", &|s| share(s.total.minimise, s.total.inputs));
    pair("bloqués", &|s| share(s.total.block, s.total.inputs));
    for r in Rule::ALL {
        pair(&format!("motif : {}", r.label()), &|s| {
            let rules = if s.enforce_rules.is_empty() {
                &s.rules
            } else {
                &s.enforce_rules
            };
            rules.get(r.id()).copied().unwrap_or(0).to_string()
        });
    }
    for c in DomainClass::ALL {
        pair(
            &format!("données de santé vers : {}", c.label()),
            &|s: &Summary| s.classes.get(c).map(|t| t.health).unwrap_or(0).to_string(),
        );
    }
    for c in Category::ALL {
        pair(&format!("catégorie : {}", c.label_fr()), &|s| {
            s.categories
                .get(c.as_str())
                .map(|c| c.inputs)
                .unwrap_or(0)
                .to_string()
        });
    }
    rows
}

/// The comparison section: every indicator that is not zero on both sides.
fn comparison(before: &Summary, after: &Summary) -> String {
    let mut b = String::from(
        "<section id=\"comparaison\"><h2>Évolution : avant → après</h2>\n<p class=\"note\">« Avant » : le premier jeu de rapports (<code>--before</code>) ; « après » : celui de cette page. Pourcentages : part des messages examinés.</p>\n<table class=\"compare\"><thead><tr><th>Indicateur</th><th>Avant</th><th>Après</th><th>Écart</th></tr></thead><tbody>\n",
    );
    for (label, x, y) in indicators(before, after) {
        if is_zero(&x) && is_zero(&y) {
            continue;
        }
        let diff = difference(&x, &y);
        let _ = writeln!(
            b,
            "<tr{}><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            if x != y { " class=\"changed\"" } else { "" },
            escape(&label),
            escape(&x),
            escape(&y),
            escape(&diff)
        );
    }
    b.push_str("</tbody></table></section>\n");
    b
}

fn is_zero(s: &str) -> bool {
    s == "0" || s.starts_with("0 (")
}

/// The leading number of an indicator (`12` of `12 (4,0 %)`) and its share, if any.
fn numbers(s: &str) -> (f64, Option<f64>) {
    let n = s
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.0);
    let pct = s
        .split_once('(')
        .and_then(|(_, p)| p.trim_end_matches(" %)").replace(',', ".").parse().ok());
    (n, pct)
}

fn difference(before: &str, after: &str) -> String {
    let (a, pa) = numbers(before);
    let (b, pb) = numbers(after);
    match (pa, pb) {
        (Some(x), Some(y)) => format!("{:+.1} point(s)", y - x).replace('.', ","),
        _ => format!("{:+}", b - a),
    }
}

/// `12 (4,0 %)`.
fn share(n: u64, of: u64) -> String {
    if of == 0 {
        return n.to_string();
    }
    format!("{n} ({:.1} %)", n as f64 * 100.0 / of as f64).replace('.', ",")
}

fn card(label: &str, value: &str, detail: &str) -> String {
    let detail = detail
        .split_once('(')
        .map(|(_, p)| p.trim_end_matches(')'))
        .unwrap_or("");
    format!(
        "<div class=\"card\"><div class=\"v\">{}</div><div class=\"l\">{}</div><div class=\"d\">{}</div></div>",
        escape(value),
        escape(label),
        escape(detail)
    )
}

/// A French label with its code in small print.
fn labelled(label: &str, code: &str) -> String {
    format!(
        "{} <small class=\"code\">{}</small>",
        escape(label),
        escape(code)
    )
}

fn rule_label(id: &str) -> String {
    match Rule::from_id(id) {
        Some(r) => labelled(r.label(), id),
        None => escape(id),
    }
}

fn category_label(name: &str) -> String {
    match name.parse::<Category>() {
        Ok(c) => labelled(c.label_fr(), name),
        Err(_) => escape(name),
    }
}

fn opaque_label(kind: &str) -> &'static str {
    match kind {
        "encrypted" => "chiffrée",
        "image_pages" => "pages scannées (images)",
        "image" | "inline_image" => "image",
        "binary" => "format inconnu",
        _ => "illisible",
    }
}

fn seriousness_label(s: u8, sensitive: u32, health: u32) -> String {
    let what = match s {
        5 => "sensibles hors MSSanté",
        4 => "santé hors MSSanté",
        3 => "aurait été bloqué",
        2 => "sensibles, à minimiser",
        _ => "à minimiser",
    };
    format!(
        "<span class=\"grade\">{what}</span><br><small>{health} donnée(s) de santé{}</small>",
        if sensitive > 0 {
            format!(", {sensitive} sensible(s)")
        } else {
            String::new()
        }
    )
}

/// `2025-03-14` → `14/03/2025`; anything else as it is.
fn french_date(iso: &str) -> String {
    match (iso.get(..4), iso.get(5..7), iso.get(8..10)) {
        (Some(y), Some(m), Some(d)) if iso.len() == 10 => format!("{d}/{m}/{y}"),
        _ => iso.to_string(),
    }
}

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const SHORT_MONTHS: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];

/// `2025-03` → `mars 2025`; anything else as it is.
fn month_label(key: &str) -> String {
    let month = key
        .get(5..7)
        .and_then(|m| m.parse::<usize>().ok())
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)));
    match (key.get(..4), month) {
        (Some(y), Some(m)) if key.len() == 7 => format!("{m} {y}"),
        _ => key.to_string(),
    }
}

/// Columns per month (inline SVG): height the messages, the parts minimised and blocked in
/// colour, the numbers written out.
fn month_chart(months: &BTreeMap<String, Tally>) -> String {
    if months.is_empty() {
        return "<p>Aucun message.</p>\n".into();
    }
    let max = months.values().map(|t| t.inputs).max().unwrap_or(1).max(1) as f64;
    let (col, gap, plot_h, top, bottom) = (38.0, 12.0, 160.0, 18.0, 40.0);
    let width = (col + gap) * months.len() as f64 + gap;
    let mut out = format!(
        "<svg class=\"timeline\" role=\"img\" aria-label=\"Messages par mois\" viewBox=\"0 0 {width:.0} {:.0}\" width=\"{width:.0}\" height=\"{:.0}\">\n",
        top + plot_h + bottom,
        top + plot_h + bottom
    );
    for (i, (m, t)) in months.iter().enumerate() {
        let x = gap + i as f64 * (col + gap);
        let h = |n: u64| n as f64 / max * plot_h;
        let base = top + plot_h;
        let total_h = h(t.inputs).max(1.0);
        let _ = write!(
            out,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{col}\" height=\"{total_h:.1}\" fill=\"#9db8d6\"/>",
            base - total_h
        );
        let block_h = h(t.block);
        let min_h = h(t.minimise);
        if block_h > 0.0 {
            let _ = write!(
                out,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{col}\" height=\"{block_h:.1}\" fill=\"#c0392b\"/>",
                base - block_h
            );
        }
        if min_h > 0.0 {
            let _ = write!(
                out,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{col}\" height=\"{min_h:.1}\" fill=\"#e67e22\"/>",
                base - block_h - min_h
            );
        }
        let (short, year) = match (
            m.get(5..7).and_then(|n| n.parse::<usize>().ok()),
            m.get(..4),
        ) {
            (Some(n @ 1..=12), Some(y)) => (SHORT_MONTHS[n - 1].to_string(), y.to_string()),
            _ => (m.clone(), String::new()),
        };
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"small\">{}</text>",
            x + col / 2.0,
            base - total_h - 4.0,
            t.inputs,
            x + col / 2.0,
            base + 15.0,
            escape(&short),
            x + col / 2.0,
            base + 30.0,
            escape(&year),
        );
    }
    out.push_str("</svg>\n");
    out
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{t}</title>\n<style>{CSS}</style></head>\n<body><header><h1>{t}</h1><nav><a href=\"#a-revoir\">À revoir</a> · <a href=\"#chronologie\">Chronologie</a> · <a href=\"#destinataires\">Destinataires</a> · <a href=\"#expediteurs\">Expéditeurs</a> · <a href=\"#motifs\">Motifs</a> · <a href=\"#categories\">Données</a></nav></header>\n{body}\n<p class=\"foot\">Produit par tamis {v}. Ce registre ne contient aucune valeur d'un document (nom, identifiant, donnée de santé) : des comptes, des dates, les messageries expéditrices de la structure, les domaines destinataires et les Message-ID tels que les rapports les donnent.</p></body></html>\n",
        t = escape(title),
        v = env!("CARGO_PKG_VERSION"),
    )
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;max-width:72em;margin:1.5em auto;padding:0 1em;color:#1d2329;line-height:1.4}\
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.8em;border-bottom:2px solid #3b6ea5;padding-bottom:.15em}h3{font-size:1.05em}\
nav{font-size:.9em;color:#555}nav a{color:#3b6ea5}\
.cards{display:flex;flex-wrap:wrap;gap:.8em}.card{border:1px solid #c9d3de;border-radius:6px;padding:.6em .9em;min-width:9em;flex:1}\
.card .v{font-size:1.7em;font-weight:600}table.review{font-size:.86em}td.rules{font-size:.92em}span.grade{font-weight:600}tr.s5 span.grade,tr.s4 span.grade{color:#a93226}tr.s3 span.grade{color:#b9770e}.card .l{font-size:.9em}.card .d{color:#555;font-size:.85em}\
table{border-collapse:collapse;width:100%;margin:.6em 0 1em;font-size:.92em}th,td{border-bottom:1px solid #dde3ea;padding:.3em .5em;text-align:left;vertical-align:top}\
th{background:#eef2f6;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.nowrap{white-space:nowrap}\
td.mid{font-family:ui-monospace,monospace;font-size:.8em;word-break:break-all;max-width:16em}td.law{font-size:.85em;color:#444;white-space:nowrap}\
tr.s5 td:first-child,tr.s4 td:first-child{border-left:4px solid #c0392b}tr.s3 td:first-child{border-left:4px solid #e67e22}tr.s2 td:first-child,tr.s1 td:first-child{border-left:4px solid #f1c40f}\
tr.alert td{background:#fdecea}tr.changed td{background:#fff8e1}\
small.code{color:#777;font-family:ui-monospace,monospace;font-size:.75em}.note{color:#555;font-size:.9em}\
svg text{font-size:11px;font-family:sans-serif;fill:#1d2329}svg text.small{fill:#666;font-size:10px}svg.timeline{max-width:100%;height:auto}\
.foot{margin-top:3em;color:#666;font-size:.85em}\
@media print{body{max-width:none;margin:0;font-size:9pt}nav{display:none}.card{min-width:0;padding:.3em .6em}.cards{flex-wrap:nowrap}h2{break-after:avoid}tr,.card{break-inside:avoid}section{break-inside:auto}\
th{background:#eee!important;-webkit-print-color-adjust:exact;print-color-adjust:exact}tr.alert td,tr.changed td,svg rect{-webkit-print-color-adjust:exact;print-color-adjust:exact}a{color:inherit;text-decoration:none}@page{size:A4 landscape;margin:12mm}}";

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_verdicts_categories_senders_and_errors() {
        let mut s = Summary::default();
        s.add_lines(concat!(
            r#"{"version":1,"input":"a","verdict":"minimise","purpose":"prevention","sender":"sha256:1","reasons":[{"rule":"strictly_necessary","law":"","message":""}],"parts":[],"findings":[{"category":"diagnosis","action":"remove"},{"category":"diagnosis","action":"remove"},{"category":"nir","action":"keep"}]}"#,
            "\n",
            r#"{"version":1,"input":"b","verdict":"block","sender":"sha256:1","reasons":[],"parts":[{"opaque":"encrypted"}],"findings":[]}"#,
            "\n",
            r#"{"version":1,"input":"c","error":"larger than the limit"}"#,
            "\n",
            "{\"version\":1,\"input\":\"d\",\"verd",
        ));
        assert_eq!((s.inputs, s.errors), (3, 1));
        assert_eq!(s.verdicts["minimise"], 1);
        assert_eq!(s.verdicts["block"], 1);
        assert_eq!(
            s.categories["diagnosis"],
            CategoryCount {
                findings: 2,
                inputs: 1,
                removed: 2
            }
        );
        assert_eq!(s.senders["sha256:1"].block, 1);
        assert_eq!(s.purposes["(non déclarée)"], 1);
        assert_eq!(s.opaque["encrypted"], 1);
        let html = s.html("Archive <2024>");
        assert!(html.contains("Archive &lt;2024&gt;"));
        assert!(html.contains("<svg"));
        assert!(!html.contains("<script"));
        // French labels, codes in small print.
        assert!(html.contains("diagnostic <small class=\"code\">diagnosis</small>"));
        assert!(html.contains("prévention <small class=\"code\">prevention</small>"));
        assert!(html.contains("strictement nécessaire"));
    }

    fn line(date: &str, mailbox: &str, domain: &str, class: &str, trusted: bool) -> String {
        let outside = !trusted;
        format!(
            r#"{{"version":1,"input":"x","verdict":"minimise","reasons":[{{"rule":"health_data_found","law":"","message":""}}],"parts":[],"findings":[{{"category":"diagnosis","health":true,"sensitive":true}}],"audit":{{"date":"{date}T10:00:00+01:00","message_id":"sha256:{date}","mailbox":"{mailbox}","domains":[{{"domain":"{domain}","recipients":1,"trusted":{trusted},"kind":"unknown","class":"{class}"}}],"health":1,"sensitive":1,"outside_trust_space":{outside},"enforce":{{"verdict":"block","action":"reject","rules":["trust_space"]}}}}}}"#
        )
    }

    #[test]
    fn months_domains_review_and_comparison() {
        let mut before = Summary::default();
        before.add_line(&line(
            "2025-01-10",
            "accueil@ehpad.fr",
            "gmail.com",
            "ordinary_provider",
            false,
        ));
        before.add_line(&line(
            "2025-02-03",
            "ide@ehpad.mssante.fr",
            "ch.mssante.fr",
            "trust_space",
            true,
        ));
        assert_eq!(before.months["2025-01"].outside, 1);
        assert_eq!(before.months["2025-02"].block, 1);
        assert_eq!(before.classes[&DomainClass::OrdinaryProvider].health, 1);
        assert_eq!(before.enforce_rules["trust_space"], 2);
        assert_eq!(before.senders["accueil@ehpad.fr"].outside, 1);
        // Sensitive data outside the trust space first.
        let html = before.html("t");
        let first = html.find("10/01/2025").unwrap();
        let second = html.find("03/02/2025").unwrap();
        assert!(first < second, "the gmail message is reviewed first");
        assert!(html.contains("janvier 2025") && html.contains("messagerie grand public"));
        assert!(html.contains("CSP L1110-4-1"));
        let mut after = Summary::default();
        after.add_line(&line(
            "2025-04-01",
            "ide@ehpad.mssante.fr",
            "ch.mssante.fr",
            "trust_space",
            true,
        ));
        let text = after.text_compared(&before);
        assert!(
            text.contains("données de santé hors espace de confiance : 1 (50,0 %) → 0 (0,0 %)"),
            "{text}"
        );
        let page = after.html_compared(&before, "t");
        assert!(page.contains("Évolution") && page.contains("-50,0 point(s)"));
    }

    #[test]
    fn the_review_list_is_bounded() {
        let mut s = Summary::default();
        for i in 0..1000 {
            s.add_line(&line(
                &format!("2025-01-{:02}", i % 28 + 1),
                "a@b.fr",
                "gmail.com",
                "ordinary_provider",
                false,
            ));
        }
        assert!(s.review.len() < 2 * REVIEW);
        assert_eq!(s.total.inputs, 1000);
    }

    #[test]
    fn a_line_whose_verdict_cannot_be_read_is_not_counted_as_passed() {
        let mut s = Summary::default();
        s.add_line(r#"{"verdict":"???","findings":[]}"#);
        s.add_line(r#"{"findings":[]}"#);
        s.add_line(r#"{"verdict":"pass","findings":[]}"#);
        assert_eq!((s.total.inputs, s.total.block), (3, 2));
    }
}
