//! The rules: for each recipient, whether the exchange may happen and what must be removed, with
//! the rule, the law and a sentence for the person sending (DESIGN §1; CSP L1110-4, L1110-12,
//! R1110-2; RGPD art. 5.1.c and 9).
//!
//! Inputs are already resolved: the findings (classified: `health`), the recipients with their
//! role, trust and care-team membership, the declared purpose. The rules, per recipient, in the
//! order a DPO checks them:
//! 1. opposition — the person opposed the exchange: block;
//! 2. channel — health data only to mailboxes of the MSSanté trust space: block;
//! 3. qualified recipient — health data only to the professionals of R1110-2 (or the person
//!    themself): block for an unknown role;
//! 4. care team — outside the care team, only with consent (L1110-4 III): block;
//! 5. strictly necessary — what the purpose does not need for that role is removed; the
//!    sensitive tier only to the roles the policy allows, in the care team: minimise.
//!
//! Unreadable content blocks the whole message (fail closed), whoever receives it.

use crate::category::Category;
use crate::context::Context;
use crate::policy::{Policy, Purpose, Role};
use crate::recipients::{Directory, Recipient, same_structure};
use crate::report::{Finding, Reason, Report, Values, Verdict};
use serde::{Deserialize, Serialize};

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
                let ins = (r.role == crate::recipients::RecipientRole::Patient)
                    .then(|| r.address.split('@').next().unwrap_or("").to_string());
                Addressee {
                    address: r.address.clone(),
                    role: r.role.into(),
                    trusted: r.trusted,
                    care_team: context.care_team || same,
                    ins,
                }
            })
            .collect()
    }

    /// Decides for every recipient of `context` and applies it to `report` (nothing to do
    /// without recipients). Addresses in the report follow `values`: a patient's mailbox holds
    /// their INS.
    pub fn apply(&self, report: &mut Report, context: &Context, values: Values) {
        let sender = context.from.as_deref().map(|a| self.directory.resolve(a));
        let sender_applicative = sender
            .as_ref()
            .is_some_and(|s| s.kind == crate::recipients::MailboxKind::Applicative);
        let declared = Declared {
            purpose: context.purpose.as_deref().and_then(|p| p.parse().ok()),
            consent: context.consent,
            opposition: context.opposition,
            sender_applicative,
        };
        let mut decisions = decide(
            &self.policy,
            declared,
            &self.addressees_from(context, sender.as_ref()),
            &report.findings,
        );
        for (i, d) in decisions.iter_mut().enumerate() {
            d.address = values
                .show(&d.address)
                .unwrap_or_else(|| format!("destinataire {}", i + 1));
        }
        report.apply(decisions);
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

fn reason(rule: &str, law: &str, message: String) -> Reason {
    Reason {
        rule: rule.into(),
        law: law.into(),
        message,
    }
}

/// Whether the findings can concern the owner of a patient mailbox: true unless the input
/// carries NIRs and none is theirs (compared on the 13 digits before the key).
fn about_them(r: &Addressee, findings: &[Finding]) -> bool {
    let digits = |s: &str| -> String { s.chars().filter(char::is_ascii_digit).take(13).collect() };
    let Some(ins) = r.ins.as_deref().map(digits) else {
        return true;
    };
    let mut nirs = findings
        .iter()
        .filter(|f| f.category == Category::Nir)
        .filter_map(|f| f.found.as_deref())
        .map(digits)
        .peekable();
    nirs.peek().is_none() || nirs.any(|n| n == ins)
}

/// Applies the rules for every recipient. `findings` are classified.
pub fn decide(
    policy: &Policy,
    declared: Declared,
    recipients: &[Addressee],
    findings: &[Finding],
) -> Vec<RecipientDecision> {
    let health = findings.iter().any(|f| f.health);
    recipients
        .iter()
        .map(|r| decide_one(policy, declared, r, findings, health))
        .collect()
}

fn decide_one(
    policy: &Policy,
    declared: Declared,
    r: &Addressee,
    findings: &[Finding],
    health: bool,
) -> RecipientDecision {
    let mut reasons = Vec::new();
    let block = |reasons: &mut Vec<Reason>, rule: &str, law: &str, message: String| {
        reasons.push(reason(rule, law, message));
    };
    let patient = r.role == Role::Patient;
    if declared.opposition && health {
        block(
            &mut reasons,
            "opposition",
            "CSP L1110-4 II",
            "La personne s'est opposée à l'échange de ses données : rien ne peut être envoyé."
                .into(),
        );
    }
    if health && declared.sender_applicative && declared.purpose.is_none() {
        block(
            &mut reasons,
            "purpose_required",
            "RGPD art. 5.1.b ; référentiel MSSanté (BAL applicatives)",
            "Une messagerie applicative (un logiciel) envoie des données de santé sans déclarer la finalité de l'envoi.".into(),
        );
    }
    if health && patient && !about_them(r, findings) {
        block(
            &mut reasons,
            "wrong_patient",
            "CSP L1110-4 ; RGPD art. 5.1.f",
            "Le document porte le NIR/INS d'une autre personne que le titulaire de cette messagerie patient.".into(),
        );
    }
    if health && !r.trusted {
        block(
            &mut reasons,
            "trust_space",
            "CSP L1110-4-1 ; RGPD art. 32",
            "Cette adresse n'appartient pas à l'espace de confiance MSSanté : aucune donnée de santé ne peut y être envoyée.".into(),
        );
    }
    if health && r.role == Role::Unknown {
        block(
            &mut reasons,
            "qualified_recipient",
            "CSP L1110-4 ; R1110-2",
            "Le destinataire n'est pas un professionnel habilité à recevoir des données de santé (ou il n'est pas connu de l'annuaire).".into(),
        );
    }
    if health && !patient && r.role != Role::Unknown && !r.care_team && !declared.consent {
        block(
            &mut reasons,
            "care_team",
            "CSP L1110-4 III ; L1110-12",
            "Le destinataire ne fait pas partie de l'équipe de soins : il faut le consentement de la personne.".into(),
        );
    }
    let blocked = !reasons.is_empty();

    // Strictly necessary: what the purpose does not need for this role goes.
    let mut remove = Vec::new();
    match declared.purpose {
        Some(purpose) => {
            let mut removed: Vec<Category> = Vec::new();
            let mut sensitive_removed = 0;
            for (i, f) in findings.iter().enumerate() {
                // Data by crossing about no one is not personal data: nothing to remove.
                if f.basis == crate::Basis::Crossing && !f.health {
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
            // One reason per sentence of the policy: categories removed for the same reason
            // are named together. A blocked recipient gets nothing: no need to list.
            let mut grouped: Vec<(&str, Vec<&str>)> = Vec::new();
            for c in removed {
                let why = policy.needed_reason(purpose, r.role, c);
                match grouped.iter_mut().find(|(w, _)| *w == why) {
                    Some((_, cats)) => cats.push(c.as_str()),
                    None => grouped.push((why, vec![c.as_str()])),
                }
            }
            for (why, cats) in grouped.into_iter().filter(|_| !blocked) {
                let names: Vec<String> = cats.iter().map(|c| format!("« {c} »")).collect();
                reasons.push(reason(
                    "strictly_necessary",
                    "RGPD art. 5.1.c ; CSP L1110-4",
                    format!(
                        "{} : pas nécessaire pour {} ({}). {why}",
                        names.join(", "),
                        r.role.as_str(),
                        purpose.as_str(),
                    ),
                ));
            }
            if sensitive_removed > 0 && !blocked {
                reasons.push(reason(
                    "sensitive_tier",
                    "RGPD art. 9 ; CSP L1110-4",
                    format!(
                        "{sensitive_removed} donnée(s) de la catégorie sensible (santé mentale, VIH, addictions, santé reproductive, génétique) réservée(s) aux professionnels de santé de l'équipe de soins."
                    ),
                ));
            }
        }
        None if health => reasons.push(reason(
            "purpose_undeclared",
            "RGPD art. 5.1.b et 5.1.c",
            "La finalité de l'échange n'est pas déclarée : le strict nécessaire ne peut pas être établi, à vérifier avant l'envoi.".into(),
        )),
        None => {}
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Location;

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
        assert!(d.reasons[0].message.contains("iban"));
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
