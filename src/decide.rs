//! The rules: for each recipient, whether the exchange may happen and what must be removed, with
//! the rule, the law and a sentence for the person sending (DESIGN §1; CSP L1110-4, L1110-12,
//! R1110-2; RGPD art. 5.1.c and 9).
//!
//! Inputs are already resolved: the findings (classified: `health`), the recipients with their
//! role, trust and care-team membership, the declared purpose, how many parts could not be
//! read. Output: [`Decisions`] — the message's verdict and reasons, each recipient's decision,
//! each finding's action. The rules ([`Rule`]), per recipient, in the order a DPO checks them
//! (`BARRIERS`, then the strictly necessary):
//! 1. opposition — the person opposed the exchange: block;
//! 2. purpose required — a software mailbox sends health data without a purpose: block;
//! 3. wrong patient — a patient's mailbox, a document about someone else: block;
//! 4. channel — health data only to mailboxes of the MSSanté trust space: block;
//! 5. qualified recipient — health data only to the professionals of R1110-2 (or the person
//!    themself): block for an unknown role;
//! 6. care team — outside the care team, only with consent (L1110-4 III): block;
//! 7. strictly necessary — what the purpose does not need for that role is removed; the
//!    sensitive tier only to the roles the policy allows, in the care team: minimise;
//! 8. what a kept word gives away ([`reveal`]) — a kept drug or care setting that names a
//!    diagnosis removed for that recipient is removed too.
//!
//! Unreadable content blocks the whole message (fail closed), whoever receives it.

pub mod reveal;

use crate::category::{Basis, Category};
use crate::context::Context;
use crate::finding::{Action, Finding, Subject};
use crate::policy::{Policy, Purpose, Role};
use crate::recipients::{Directory, Recipient, same_structure};
use serde::{Deserialize, Serialize};

/// The verdict on an input: sent as is, minimised, or blocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    Minimise,
    Block,
}

impl Verdict {
    /// Every verdict, from the mildest.
    pub const ALL: &'static [Verdict] = &[Verdict::Pass, Verdict::Minimise, Verdict::Block];

    /// Its wire name: `pass`, `minimise`, `block`.
    pub fn as_str(self) -> &'static str {
        self.names().0
    }

    /// Its French name, for the DPO's page (`à minimiser`).
    pub fn label(self) -> &'static str {
        self.names().1
    }

    /// Wire name and French name side by side: one place per verdict.
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Verdict::Pass => ("pass", "envoyé tel quel"),
            Verdict::Minimise => ("minimise", "à minimiser"),
            Verdict::Block => ("block", "bloqué"),
        }
    }

    /// The verdict of a wire name.
    pub fn from_name(name: &str) -> Option<Verdict> {
        Verdict::ALL.iter().copied().find(|v| v.as_str() == name)
    }
}

/// A reason for the verdict, with its rule and its law.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub rule: String,
    pub law: String,
    /// A sentence in French for the person who sends.
    pub message: String,
}

macro_rules! rules {
    ($($variant:ident = $id:literal, $law:literal, $label:literal, $sentence:literal;)*) => {
        /// A rule of the decision, with its wire id and its law: one table, so that a reason
        /// cannot name a rule without its law.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Rule { $($variant,)* }

        impl Rule {
            /// Every rule.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// Its wire id (`trust_space`).
            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)* }
            }

            /// The law it applies.
            pub fn law(self) -> &'static str {
                match self { $(Rule::$variant => $law,)* }
            }

            /// Its short French name (`espace de confiance`), for the DPO's page.
            pub fn label(self) -> &'static str {
                match self { $(Rule::$variant => $label,)* }
            }

            /// One French sentence saying what the rule asks, for the DPO's page.
            pub fn sentence(self) -> &'static str {
                match self { $(Rule::$variant => $sentence,)* }
            }

            /// The rule of a wire id.
            pub fn from_id(id: &str) -> Option<Rule> {
                match id { $($id => Some(Rule::$variant),)* _ => None }
            }
        }
    };
}

rules! {
    UnreadableContent = "unreadable_content", "RGPD art. 5.1.c et 32",
        "contenu illisible",
        "Une pièce chiffrée, scannée ou d'un format inconnu ne peut pas être vérifiée : elle ne part pas sans contrôle.";
    HealthDataFound = "health_data_found", "RGPD art. 9 ; CSP L1110-4",
        "données de santé présentes",
        "Le message contient des données de santé : elles ne se partagent que si elles sont strictement nécessaires au destinataire.";
    Opposition = "opposition", "CSP L1110-4 II",
        "opposition de la personne",
        "La personne s'est opposée à l'échange de ses données : rien ne peut être envoyé.";
    PurposeRequired = "purpose_required", "RGPD art. 5.1.b ; référentiel MSSanté (BAL applicatives)",
        "finalité obligatoire",
        "Une messagerie applicative doit déclarer la finalité de chaque envoi de données de santé.";
    WrongPatient = "wrong_patient", "CSP L1110-4 ; RGPD art. 5.1.f",
        "mauvais patient",
        "Un document envoyé à la messagerie d'un patient doit le concerner, pas une autre personne.";
    TrustSpace = "trust_space", "CSP L1110-4-1 ; RGPD art. 32",
        "espace de confiance MSSanté",
        "Les données de santé ne circulent que par des messageries de l'espace de confiance MSSanté, jamais vers une messagerie ordinaire.";
    QualifiedRecipient = "qualified_recipient", "CSP L1110-4 ; R1110-2",
        "destinataire habilité",
        "Seuls les professionnels listés à l'article R1110-2 (ou la personne elle-même) peuvent recevoir des données de santé.";
    CareTeam = "care_team", "CSP L1110-4 III ; L1110-12",
        "équipe de soins",
        "Hors de l'équipe de soins, le partage de données de santé demande le consentement de la personne.";
    StrictlyNecessary = "strictly_necessary", "RGPD art. 5.1.c ; CSP L1110-4",
        "strictement nécessaire",
        "Seules les données dont la finalité a besoin pour ce destinataire sont envoyées ; le reste est retiré.";
    SensitiveTier = "sensitive_tier", "RGPD art. 9 ; CSP L1110-4",
        "données sensibles",
        "Les données les plus sensibles (santé mentale, VIH, addictions, santé reproductive, génétique) ne vont qu'aux professionnels de santé de l'équipe de soins.";
    RevealsRemovedDiagnosis = "reveals_removed_diagnosis", "RGPD art. 5.1.c ; CSP L1110-4",
        "révèle un diagnostic retiré",
        "Un médicament ou un lieu de soins qui trahit un diagnostic retiré est retiré avec lui.";
    PurposeUndeclared = "purpose_undeclared", "RGPD art. 5.1.b et 5.1.c",
        "finalité non déclarée",
        "Sans finalité déclarée, le strict nécessaire ne peut pas être établi : l'envoi de données de santé est à vérifier.";
}

impl Rule {
    /// A reason of this rule.
    pub fn reason(self, message: impl Into<String>) -> Reason {
        Reason {
            rule: self.id().into(),
            law: self.law().into(),
            message: message.into(),
        }
    }
}

/// What the rules decided about one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Decisions {
    /// The strictest of the recipients' verdicts (unreadable content blocks); without
    /// recipients, `block` for unreadable content, `minimise` for health data, else `pass`.
    pub verdict: Verdict,
    /// The message's reasons, each once, in the order they arose.
    pub reasons: Vec<Reason>,
    /// One decision per recipient, in the context's order (none when the rules did not run).
    pub recipients: Vec<RecipientDecision>,
    /// Per finding (same order): removed when one recipient may not have it, else kept; absent
    /// when the rules did not run.
    pub actions: Option<Vec<Action>>,
}

impl Decisions {
    /// Before anyone is known to receive: the input's own state — unreadable parts block (fail
    /// closed), health data is to be minimised, the rest passes.
    pub fn undecided(findings: &[Finding], unreadable: usize) -> Decisions {
        let health = findings.iter().filter(|f| f.health).count();
        let sensitive = findings.iter().filter(|f| f.health && f.sensitive).count();
        let mut reasons = Vec::new();
        if unreadable > 0 {
            reasons.push(unreadable_reason(unreadable));
        }
        if health > 0 {
            reasons.push(Rule::HealthDataFound.reason(format!(
                "{health} donnée(s) de santé trouvée(s){} : vérifiez qu'elles sont strictement nécessaires au destinataire.",
                if sensitive > 0 {
                    format!(", dont {sensitive} de la catégorie sensible")
                } else {
                    String::new()
                }
            )));
        }
        let verdict = if unreadable > 0 {
            Verdict::Block
        } else if health > 0 {
            Verdict::Minimise
        } else {
            Verdict::Pass
        };
        Decisions {
            verdict,
            reasons,
            recipients: Vec::new(),
            actions: None,
        }
    }

    /// The message's decisions from its recipients': each finding kept or removed (removed
    /// when one recipient may not have it), the strictest verdict, every reason once.
    fn of_recipients(findings: usize, recipients: Vec<RecipientDecision>) -> Decisions {
        crate::work::add(findings + recipients.iter().map(|d| d.remove.len()).sum::<usize>());
        let mut actions = vec![Action::Keep; findings];
        for &i in recipients.iter().flat_map(|d| &d.remove) {
            if let Some(a) = actions.get_mut(i) {
                *a = Action::Remove;
            }
        }
        let mut reasons: Vec<Reason> = Vec::new();
        for r in recipients.iter().flat_map(|d| &d.reasons) {
            if !reasons.contains(r) {
                reasons.push(r.clone());
            }
        }
        Decisions {
            verdict: recipients
                .iter()
                .map(|d| d.verdict)
                .fold(Verdict::Pass, Verdict::max),
            reasons,
            recipients,
            actions: Some(actions),
        }
    }
}

fn unreadable_reason(parts: usize) -> Reason {
    Rule::UnreadableContent.reason(format!(
        "{parts} partie(s) illisible(s) (chiffrée, image, format inconnu) : leur contenu ne peut pas être vérifié, l'envoi est bloqué par prudence."
    ))
}

/// What the rules need besides the document: the policy and the directory of recipients (with
/// its trust space). Built once, shared.
#[derive(Debug, Default)]
pub struct Setup {
    pub policy: Policy,
    pub directory: Directory,
}

impl Setup {
    /// The context's recipients as the rules see them: role and trust from the directory,
    /// care team when declared or when the recipient belongs to the sender's structure.
    pub fn addressees(&self, context: &Context) -> Vec<Addressee> {
        let sender = context.from.as_deref().map(|a| self.directory.resolve(a));
        self.addressees_from(context, sender.as_ref())
    }

    fn addressees_from(&self, context: &Context, sender: Option<&Recipient>) -> Vec<Addressee> {
        context
            .to
            .iter()
            .map(|address| {
                let r = self.directory.resolve(address);
                let same = sender.is_some_and(|s| same_structure(s, &r));
                let ins = (r.role == crate::recipients::RecipientRole::Patient).then(|| {
                    r.address
                        .split_once('@')
                        .map_or(&*r.address, |(l, _)| l)
                        .to_string()
                });
                Addressee {
                    address: r.address.clone(),
                    role: r.role,
                    trusted: r.trusted,
                    care_team: context.care_team || same,
                    ins,
                }
            })
            .collect()
    }

    /// Decides for every recipient of `context` (classified `findings`, `unreadable` parts).
    /// Without recipients, the rules have no one to decide for: [`Decisions::undecided`].
    pub fn decide(&self, findings: &[Finding], unreadable: usize, context: &Context) -> Decisions {
        if context.to.is_empty() {
            return Decisions::undecided(findings, unreadable);
        }
        let sender = context.from.as_deref().map(|a| self.directory.resolve(a));
        let sender_applicative = sender
            .as_ref()
            .is_some_and(|s| s.kind == crate::recipients::MailboxKind::Applicative);
        let declared = Declared {
            purpose: context.purpose.as_deref().and_then(|p| p.parse().ok()),
            consent: context.consent,
            opposition: context.opposition,
            sender_applicative,
            unreadable,
        };
        let mut recipients = decide(
            &self.policy,
            declared,
            &self.addressees_from(context, sender.as_ref()),
            findings,
        );
        // A kept drug or care setting that gives a removed diagnosis away goes with it.
        reveal::extend(&mut recipients, findings);
        Decisions::of_recipients(findings.len(), recipients)
    }
}

/// A recipient as the rules see it.
#[derive(Debug, Clone)]
pub struct Addressee {
    pub address: String,
    pub role: Role,
    /// In the MSSanté trust space (or a domain the structure trusts).
    pub trusted: bool,
    /// A member of the person's care team (declared, or same structure as the sender).
    pub care_team: bool,
    /// For a patient's own mailbox (`<INS>@patient.mssante.fr`): the INS it belongs to.
    pub ins: Option<String>,
}

/// What the sender declares.
#[derive(Debug, Clone, Copy, Default)]
pub struct Declared {
    pub purpose: Option<Purpose>,
    pub consent: bool,
    pub opposition: bool,
    /// The sender is an applicative mailbox (a software sending on its own): it must declare
    /// the purpose of what it sends.
    pub sender_applicative: bool,
    /// Parts of the input that could not be read (and may matter): they block every
    /// recipient but the ones who may receive everything the input could hold.
    pub unreadable: usize,
}

/// The decision for one recipient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecipientDecision {
    pub address: String,
    pub role: Role,
    pub trusted: bool,
    pub care_team: bool,
    pub verdict: Verdict,
    pub reasons: Vec<Reason>,
    /// Indexes (in the report's `findings`) of what must be removed before it goes to them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<usize>,
}

/// Whether the findings can concern the owner of a patient mailbox: true unless the input
/// carries NIRs and none is theirs (compared on the 13 digits before the key).
fn about_them(r: &Addressee, findings: &[Finding]) -> bool {
    let digits = |s: &str| -> String { s.chars().filter(char::is_ascii_digit).take(13).collect() };
    let Some(ins) = r.ins.as_deref().map(digits) else {
        return true;
    };
    crate::work::add(findings.len());
    let mut nirs = findings
        .iter()
        .filter(|f| f.category == Category::Nir)
        .filter_map(|f| f.found.as_deref())
        .map(digits)
        .peekable();
    nirs.peek().is_none() || nirs.any(|n| n == ins)
}

/// Applies the rules for every recipient. `findings` are classified. Recipients the rules
/// cannot tell apart (same role, trust, care team and mailbox owner) are decided once: the
/// work is linear in the findings times the kinds of recipient, not the recipients.
pub fn decide(
    policy: &Policy,
    declared: Declared,
    recipients: &[Addressee],
    findings: &[Finding],
) -> Vec<RecipientDecision> {
    let health = findings.iter().any(|f| f.health);
    crate::work::add(recipients.len());
    let mut seen: std::collections::HashMap<(Role, bool, bool, Option<&str>), RecipientDecision> =
        std::collections::HashMap::new();
    recipients
        .iter()
        .map(|r| {
            let kind = (r.role, r.trusted, r.care_team, r.ins.as_deref());
            let d = seen.entry(kind).or_insert_with(|| {
                let mut d = decide_one(policy, declared, r, findings, health);
                // A kept drug or care setting that gives a removed diagnosis away goes with it.
                reveal::extend(std::slice::from_mut(&mut d), findings);
                d
            });
            RecipientDecision {
                address: r.address.clone(),
                ..d.clone()
            }
        })
        .collect()
}

/// What a barrier rule sees of one recipient.
struct Case<'a> {
    declared: Declared,
    r: &'a Addressee,
    findings: &'a [Finding],
    health: bool,
}

/// A rule that stops the exchange for a recipient: when it applies, and what the sender reads.
struct Barrier {
    rule: Rule,
    applies: fn(&Case) -> bool,
    message: &'static str,
}

/// The barriers, in the order a DPO checks them; every one that applies is a reason, and one
/// is enough to block.
const BARRIERS: &[Barrier] = &[
    Barrier {
        rule: Rule::Opposition,
        applies: |c| c.declared.opposition && c.health,
        message: "La personne s'est opposée à l'échange de ses données : rien ne peut être envoyé.",
    },
    Barrier {
        rule: Rule::PurposeRequired,
        applies: |c| c.health && c.declared.sender_applicative && c.declared.purpose.is_none(),
        message: "Une messagerie applicative (un logiciel) envoie des données de santé sans déclarer la finalité de l'envoi.",
    },
    Barrier {
        rule: Rule::WrongPatient,
        applies: |c| c.health && c.r.role == Role::Patient && !about_them(c.r, c.findings),
        message: "Le document porte le NIR/INS d'une autre personne que le titulaire de cette messagerie patient.",
    },
    Barrier {
        rule: Rule::TrustSpace,
        applies: |c| c.health && !c.r.trusted,
        message: "Cette adresse n'appartient pas à l'espace de confiance MSSanté : aucune donnée de santé ne peut y être envoyée.",
    },
    Barrier {
        rule: Rule::QualifiedRecipient,
        applies: |c| c.health && c.r.role == Role::Unknown,
        message: "Le destinataire n'est pas un professionnel habilité à recevoir des données de santé (ou il n'est pas connu de l'annuaire).",
    },
    Barrier {
        rule: Rule::CareTeam,
        applies: |c| {
            c.health
                && !matches!(c.r.role, Role::Patient | Role::Unknown)
                && !c.r.care_team
                && !c.declared.consent
        },
        message: "Le destinataire ne fait pas partie de l'équipe de soins : il faut le consentement de la personne.",
    },
];

fn decide_one(
    policy: &Policy,
    declared: Declared,
    r: &Addressee,
    findings: &[Finding],
    health: bool,
) -> RecipientDecision {
    let case = Case {
        declared,
        r,
        findings,
        health,
    };
    let mut reasons: Vec<Reason> = BARRIERS
        .iter()
        .filter(|b| (b.applies)(&case))
        .map(|b| b.rule.reason(b.message))
        .collect();
    if declared.unreadable > 0 && !receives_everything(policy, declared, r) {
        reasons.insert(0, unreadable_reason(declared.unreadable));
    }
    let blocked = !reasons.is_empty();
    let remove = match declared.purpose {
        Some(purpose) => strictly_necessary(policy, purpose, r, findings, blocked, &mut reasons),
        None => {
            if health {
                reasons.push(Rule::PurposeUndeclared.reason(
                    "La finalité de l'échange n'est pas déclarée : le strict nécessaire ne peut pas être établi, à vérifier avant l'envoi.",
                ));
            }
            Vec::new()
        }
    };
    let verdict = if blocked {
        Verdict::Block
    } else if !remove.is_empty() || (declared.purpose.is_none() && health) {
        Verdict::Minimise
    } else {
        Verdict::Pass
    };
    RecipientDecision {
        address: r.address.clone(),
        role: r.role,
        trusted: r.trusted,
        care_team: r.care_team,
        verdict,
        reasons,
        remove,
    }
}

/// Whether `r` may receive everything an input could hold, so that a part tamis cannot read
/// does not need to be checked for them: in the trust space, qualified, in the care team (or
/// with consent where the policy lets consent open the sensitive tier), no opposition, and a
/// declared purpose whose policy cell needs every category and opens the sensitive tier.
fn receives_everything(policy: &Policy, declared: Declared, r: &Addressee) -> bool {
    let Some(purpose) = declared.purpose else {
        return false;
    };
    r.trusted
        && !declared.opposition
        && !matches!(r.role, Role::Unknown | Role::Patient)
        && (r.care_team || (declared.consent && !policy.sensitive_needs_care_team()))
        && policy.sensitive_allowed(r.role)
        && Category::ALL
            .iter()
            .all(|&c| policy.is_needed(purpose, r.role, c))
}

/// Whether the strictly necessary applies to `f`: health data about someone does, health terms
/// about no one do not; the structure's own identity (its letterhead, its signature: name,
/// address, switchboard, FINESS, SIRET) is the sender's and never removed. Where the input
/// holds no health data, only what is certainly the cared-for person's (a NIR, an IPP, a named
/// résident) is the policy's: the staff's names and numbers, a name of unknown role in an
/// ordinary message (a supplier, a visitor) are kept. With health data, professionals,
/// relatives and unknown persons are the policy's as well (their identity next to a
/// person's health data is not every recipient's business).
fn concerns_the_cared_for(f: &Finding, health: bool) -> bool {
    if f.basis != Basis::Identifier {
        return f.health;
    }
    match f.whose {
        Some(Subject::Structure) => false,
        Some(Subject::CaredFor) => true,
        _ => health,
    }
}

/// The strictly necessary (RGPD art. 5.1.c): what `purpose` does not need for the recipient's
/// role is removed, and the sensitive tier goes to the roles the policy allows only. Returns
/// the indexes to remove; adds the reasons (none for a blocked recipient, who gets nothing).
fn strictly_necessary(
    policy: &Policy,
    purpose: Purpose,
    r: &Addressee,
    findings: &[Finding],
    blocked: bool,
    reasons: &mut Vec<Reason>,
) -> Vec<usize> {
    let patient = r.role == Role::Patient;
    let mut remove = Vec::new();
    let mut removed: Vec<Category> = Vec::new();
    let mut sensitive_removed = 0;
    crate::work::add(findings.len());
    let health = findings.iter().any(|f| f.health);
    for (i, f) in findings.iter().enumerate() {
        // Health terms about no one (an activity report, a newsletter) are not personal
        // data, and the professionals' and the structure's own identity is the sender's:
        // nothing to remove — unless the recipient is blocked, who gets nothing at all.
        if !blocked && !concerns_the_cared_for(f, health) {
            continue;
        }
        let needed = policy.is_needed(purpose, r.role, f.category);
        let sensitive_ok = !f.sensitive
            || !f.health
            || patient
            || (policy.sensitive_allowed(r.role)
                && (r.care_team || !policy.sensitive_needs_care_team()));
        if !needed {
            remove.push(i);
            if !removed.contains(&f.category) {
                removed.push(f.category);
            }
        } else if !sensitive_ok {
            remove.push(i);
            sensitive_removed += 1;
        }
    }
    if blocked {
        return remove;
    }
    // One reason per sentence of the policy: categories removed for the same reason are
    // named together.
    // The sentence is for the person who sends: the French names of the categories, the role
    // and the purpose, not their wire names (the rule id is the machine-readable part).
    let mut grouped: Vec<(&str, Vec<&str>)> = Vec::new();
    for c in removed {
        let why = policy.needed_reason(purpose, r.role, c);
        match grouped.iter_mut().find(|(w, _)| *w == why) {
            Some((_, cats)) => cats.push(c.label_fr()),
            None => grouped.push((why, vec![c.label_fr()])),
        }
    }
    for (why, cats) in grouped {
        let names: Vec<String> = cats.iter().map(|c| format!("« {c} »")).collect();
        reasons.push(Rule::StrictlyNecessary.reason(format!(
            "{} : pas nécessaire pour ce destinataire ({}) dans la finalité « {} ». {why}",
            names.join(", "),
            r.role.label(),
            purpose.label(),
        )));
    }
    if sensitive_removed > 0 {
        reasons.push(Rule::SensitiveTier.reason(format!(
            "{sensitive_removed} donnée(s) de la catégorie sensible (santé mentale, VIH, addictions, santé reproductive, génétique) réservée(s) aux professionnels de santé de l'équipe de soins."
        )));
    }
    remove
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Location;

    fn f(category: Category, health: bool, sensitive: bool) -> Finding {
        Finding {
            health,
            sensitive,
            ..Finding::new(category, Location::body("", 0, 1))
        }
    }

    fn letter() -> Vec<Finding> {
        vec![
            f(Category::PersonName, false, false),
            f(Category::Diagnosis, true, false),
            f(Category::DisabilityDependency, true, false),
            f(Category::Iban, false, false),
        ]
    }

    fn to(role: Role, trusted: bool, care_team: bool) -> Addressee {
        Addressee {
            address: "x@y.mssante.fr".into(),
            role,
            trusted,
            care_team,
            ins: None,
        }
    }

    fn purpose(p: Purpose) -> Declared {
        Declared {
            purpose: Some(p),
            ..Declared::default()
        }
    }

    fn rules(d: &RecipientDecision) -> Vec<&str> {
        d.reasons.iter().map(|r| r.rule.as_str()).collect()
    }

    fn one(declared: Declared, r: Addressee, findings: &[Finding]) -> RecipientDecision {
        decide(Policy::shipped(), declared, &[r], findings).remove(0)
    }

    #[test]
    fn a_physician_of_the_care_team_gets_the_diagnosis_but_never_the_iban() {
        let d = one(
            purpose(Purpose::CareCoordination),
            to(Role::HealthProfessional, true, true),
            &letter(),
        );
        assert_eq!(d.verdict, Verdict::Minimise);
        assert_eq!(d.remove, [3]);
        assert_eq!(rules(&d), ["strictly_necessary"]);
        // In French for the person who sends: the category's, role's and purpose's names.
        assert!(
            d.reasons[0].message.starts_with(
                "« IBAN » : pas nécessaire pour ce destinataire (professionnel de santé) dans la finalité « coordination des soins »."
            ),
            "{}",
            d.reasons[0].message
        );
    }

    #[test]
    fn a_home_help_service_gets_the_dependency_not_the_diagnosis() {
        let d = one(
            purpose(Purpose::MedicoSocialFollowUp),
            to(Role::MedicoSocialStaff, true, true),
            &letter(),
        );
        assert!(
            d.remove.contains(&1) && !d.remove.contains(&2),
            "{:?}",
            d.remove
        );
        assert_eq!(d.verdict, Verdict::Minimise);
    }

    #[test]
    fn health_data_to_a_mailbox_outside_the_trust_space_is_blocked() {
        let d = one(
            purpose(Purpose::CareCoordination),
            to(Role::HealthProfessional, false, true),
            &letter(),
        );
        assert_eq!(d.verdict, Verdict::Block);
        assert_eq!(rules(&d)[0], "trust_space");
    }

    #[test]
    fn an_unqualified_recipient_is_blocked() {
        let d = one(
            purpose(Purpose::CareCoordination),
            to(Role::Unknown, true, false),
            &letter(),
        );
        assert_eq!(d.verdict, Verdict::Block);
        assert!(rules(&d).contains(&"qualified_recipient"));
        assert!(!rules(&d).contains(&"care_team"));
    }

    #[test]
    fn outside_the_care_team_consent_is_needed() {
        let r = to(Role::HealthProfessional, true, false);
        let d = one(purpose(Purpose::CareCoordination), r.clone(), &letter());
        assert_eq!((d.verdict, rules(&d)[0]), (Verdict::Block, "care_team"));
        let consent = Declared {
            consent: true,
            ..purpose(Purpose::CareCoordination)
        };
        assert_eq!(one(consent, r, &letter()).verdict, Verdict::Minimise);
    }

    #[test]
    fn opposition_blocks_even_the_care_team() {
        let declared = Declared {
            opposition: true,
            ..purpose(Purpose::CareCoordination)
        };
        let d = one(
            declared,
            to(Role::HealthProfessional, true, true),
            &letter(),
        );
        assert_eq!((d.verdict, rules(&d)[0]), (Verdict::Block, "opposition"));
    }

    #[test]
    fn the_sensitive_tier_needs_a_health_professional_of_the_care_team() {
        let findings = [
            f(Category::PersonName, false, false),
            f(Category::Diagnosis, true, true),
        ];
        let team = one(
            purpose(Purpose::CareCoordination),
            to(Role::HealthProfessional, true, true),
            &findings,
        );
        assert_eq!(team.verdict, Verdict::Pass);
        let consent_only = Declared {
            consent: true,
            ..purpose(Purpose::CareCoordination)
        };
        let d = one(
            consent_only,
            to(Role::HealthProfessional, true, false),
            &findings,
        );
        // The shipped policy: consent opens the care team's data, not the sensitive tier.
        assert!(Policy::default().sensitive_needs_care_team());
        assert_eq!(d.remove, [1]);
        assert!(rules(&d).contains(&"sensitive_tier"));
    }

    #[test]
    fn a_software_mailbox_must_declare_its_purpose() {
        let declared = Declared {
            sender_applicative: true,
            ..Declared::default()
        };
        let d = one(
            declared,
            to(Role::HealthProfessional, true, true),
            &letter(),
        );
        assert_eq!(
            (d.verdict, rules(&d)[0]),
            (Verdict::Block, "purpose_required")
        );
        let declared = Declared {
            sender_applicative: true,
            ..purpose(Purpose::CareCoordination)
        };
        let d = one(
            declared,
            to(Role::HealthProfessional, true, true),
            &letter(),
        );
        assert_ne!(d.verdict, Verdict::Block);
    }

    #[test]
    fn a_patient_mailbox_gets_only_documents_about_its_owner() {
        let nir = |text: &str| Finding {
            found: Some(text.into()),
            ..f(Category::Nir, false, false)
        };
        let me = Addressee {
            ins: Some("279035121518989".into()),
            ..to(Role::Patient, true, false)
        };
        let mine = [
            nir("2 79 03 51 215 189 89"),
            f(Category::Diagnosis, true, false),
        ];
        let d = one(purpose(Purpose::CareContinuity), me.clone(), &mine);
        assert_ne!(d.verdict, Verdict::Block, "{:?}", d.reasons);
        let theirs = [
            nir("1 48 09 76 259 112 30"),
            f(Category::Diagnosis, true, false),
        ];
        let d = one(purpose(Purpose::CareContinuity), me, &theirs);
        assert_eq!((d.verdict, rules(&d)[0]), (Verdict::Block, "wrong_patient"));
    }

    #[test]
    fn without_a_purpose_health_data_is_to_be_checked() {
        let d = one(
            Declared::default(),
            to(Role::HealthProfessional, true, true),
            &letter(),
        );
        assert_eq!(
            (d.verdict, rules(&d)[0]),
            (Verdict::Minimise, "purpose_undeclared")
        );
    }

    #[test]
    fn statistics_about_no_one_pass_for_an_administrative_purpose() {
        let memo = [
            f(Category::BodyMeasure, false, false),
            f(Category::SocialBenefit, false, false),
        ];
        let d = one(
            purpose(Purpose::Administrative),
            to(Role::Unknown, false, false),
            &memo,
        );
        assert_eq!(d.verdict, Verdict::Pass, "{:?}", d.reasons);
    }
}
