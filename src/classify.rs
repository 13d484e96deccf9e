//! Classification: which findings are health data *here*, and whose.
//!
//! Health data by nature (a diagnosis, a drug, a GIR level) is health data wherever it is,
//! negated or hypothetical mentions included ("pas de diabète" says something about a person's
//! health): the rule is conservative because a name the scanner missed must not turn a letter
//! into "anonymous" text, and a clinical note about one unnamed patient is pseudonymous data,
//! still personal data (RGPD recital 26). Known limit: aggregate statistics ("22 résidents en
//! GIR 1 ou 2") are about no one, yet their terms by nature still count (`corpus/cases`,
//! `anonymous_statistics_*`). Health data by crossing (a weight, an IME, the APA, a sick leave) is
//! health data only when the input — the message with all its attachments — identifies a
//! person: an activity memo that says "poids moyen 64 kg, 12 bénéficiaires de l'APA" about no
//! one carries none (RGPD art. 4(1) and 4(15): health data are personal data).
//!
//! Each health finding is linked to the identity it most likely concerns: the nearest
//! identifying finding before it in the same place (segment), else the nearest in the same
//! part, else the input's first identity.

use crate::category::{Basis, Category};
use crate::report::Finding;

/// Categories that identify a person (the patient, the resident, the user).
pub fn identifies(category: Category) -> bool {
    matches!(
        category,
        Category::PersonName | Category::Nir | Category::Ipp | Category::BirthDate
    )
}

/// Sets `health` and `linked_to` on every finding. `findings` are in document order (parts in
/// order, and inside a part by segment then offset).
pub fn classify(findings: &mut [Finding]) {
    let identities: Vec<usize> = (0..findings.len())
        .filter(|&i| identifies(findings[i].category))
        .collect();
    for i in 0..findings.len() {
        let f = &findings[i];
        let link = match f.category.basis() {
            Basis::Identifier => None,
            Basis::Nature | Basis::Crossing => nearest_identity(findings, &identities, i),
        };
        let health = match f.category.basis() {
            Basis::Identifier => false,
            Basis::Nature => true,
            Basis::Crossing => link.is_some(),
        };
        let f = &mut findings[i];
        f.health = health;
        f.linked_to = link;
    }
}

fn same_place(a: &Finding, b: &Finding) -> bool {
    let (a, b) = (&a.location, &b.location);
    a.part == b.part && a.origin == b.origin && a.name == b.name && a.page == b.page
}

fn nearest_identity(findings: &[Finding], identities: &[usize], i: usize) -> Option<usize> {
    let f = &findings[i];
    let before = |&&j: &&usize| {
        let g = &findings[j];
        same_place(f, g) && g.location.start <= f.location.start
    };
    // 1. The closest identity before it in the same segment (a letter's patient banner).
    if let Some(&j) = identities
        .iter()
        .filter(before)
        .max_by_key(|&&j| findings[j].location.start)
    {
        return Some(j);
    }
    // 2. The first identity of the same part, 3. of the whole input (a message's subject
    // patient, a CDA's recordTarget).
    identities
        .iter()
        .find(|&&j| findings[j].location.part == f.location.part)
        .or_else(|| identities.first())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Location;

    fn finding(category: Category, part: &str, start: usize) -> Finding {
        Finding::new(category, Location::body(part, start, start + 1))
    }

    #[test]
    fn crossing_data_about_no_one_is_not_health_data() {
        let mut f = vec![
            finding(Category::BodyMeasure, "", 10),
            finding(Category::SocialBenefit, "", 20),
            finding(Category::Diagnosis, "", 30),
        ];
        classify(&mut f);
        assert_eq!(
            f.iter().map(|f| f.health).collect::<Vec<_>>(),
            [false, false, true]
        );
        assert!(f.iter().all(|f| f.linked_to.is_none()));
    }

    #[test]
    fn crossing_data_next_to_a_person_is_health_data_linked_to_that_person() {
        let mut f = vec![
            finding(Category::PersonName, "", 0),
            finding(Category::BodyMeasure, "", 40),
            finding(Category::Nir, "", 60),
            finding(Category::CareSetting, "", 90),
            finding(Category::Phone, "", 95),
        ];
        classify(&mut f);
        assert!(f[1].health && f[3].health);
        assert_eq!((f[1].linked_to, f[3].linked_to), (Some(0), Some(2)));
        assert!(!f[0].health && !f[4].health && f[4].linked_to.is_none());
    }

    #[test]
    fn an_identity_anywhere_in_the_message_makes_crossing_data_health_data() {
        // The patient is named in the subject (part ""), the weight is in an attachment.
        let mut f = vec![
            finding(Category::PersonName, "", 0),
            finding(Category::Ipp, "2", 5),
            finding(Category::BodyMeasure, "3", 10),
            finding(Category::SickLeave, "2", 50),
        ];
        classify(&mut f);
        assert_eq!((f[2].health, f[2].linked_to), (true, Some(0)));
        assert_eq!((f[3].health, f[3].linked_to), (true, Some(1)));
    }
}
