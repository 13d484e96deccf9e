//! Classification: which findings are health data *here*, and whose.
//!
//! What the law protects is the health data of the person cared for (CSP L1110-4, R1110-2;
//! RGPD art. 9). Each finding already knows whose it is when it is an identifier or the
//! structure's own (`crate::whose`): the cared-for person, a professional, a relative, the
//! structure, or unknown. Here:
//! - **links**: each health finding is linked to the identity it most likely concerns — the
//!   nearest cared-for-or-unknown identity before it in the same place (segment), or just
//!   after it ("la plaie de M. FAURE"), else the first cared-for identity of the same part,
//!   else of the whole input (a message's subject patient, a CDA's recordTarget); never a
//!   professional, a relative or the structure;
//! - **by nature** (a diagnosis, a drug, a GIR level) a finding is health data when it is
//!   linked to someone, or when the input speaks of one person in particular even unnamed
//!   ("le patient présente…": pseudonymous data is still personal data, RGPD recital 26) —
//!   negated or hypothetical mentions included ("pas de diabète" says something about a
//!   person's health). A newsletter on flu prevention or an activity report ("31 résidents
//!   atteints de maladie d'Alzheimer") speaks of no one: no health data;
//! - **by crossing** (a weight, a care setting, a benefit, a sick leave) it is health data only
//!   when linked to a cared-for person — or to an unknown one on the same line or just before
//!   ("Mme X, 64 kg") — (RGPD art. 4(1) and 4(15): health data are personal data);
//! - **in a clinical section** ("Antécédents :", "Examen clinique", a CDA section; the
//!   finding's `section`) a finding by crossing is health data as one by nature is: the
//!   section says it is about the health of the person the document is about;
//! - the structure's letterhead and signature (its name "EHPAD Résidence des Tilleuls", its
//!   address) are nobody's health data.

use crate::category::{Basis, Category};
use crate::finding::{Finding, Subject};
use std::collections::HashMap;

/// Categories that identify a person (the patient, the resident, the user).
pub fn identifies(category: Category) -> bool {
    matches!(
        category,
        Category::PersonName | Category::Nir | Category::Ipp | Category::BirthDate
    )
}

/// Bytes before a crossing finding within which an identity of unknown role is taken as the
/// person it concerns ("Mme Roux, 64 kg").
const CROSSING_REACH: usize = 300;

/// Bytes after a finding by nature within which the next identity is the person it concerns
/// ("la plaie de M. Lucien FAURE").
const AFTER_REACH: usize = 60;

/// Sets `health` and `linked_to` on every finding. `findings` are in document order (parts in
/// order, and inside a part by segment then offset); `about_someone` says whether the input
/// speaks of one cared-for person in particular.
///
/// Linear in the number of findings (plus a sort of the identities by place): every finding
/// looks its identity up in three indexes built once, never by walking the identities.
pub fn classify(findings: &mut [Finding], about_someone: bool) {
    crate::work::add(findings.len());
    let index = Identities::index(findings);
    let links: Vec<Option<usize>> = findings
        .iter()
        .map(|f| match f.category.basis() {
            Basis::Identifier => None,
            // The structure's own name ("CMP Charcot", "EHPAD Résidence des Tilleuls") says
            // something only of a cared-for person the input names: where it is followed.
            _ if f.whose == Some(Subject::Structure) => index.first_cared_for(f),
            Basis::Nature => index.nearest(findings, f, usize::MAX),
            // A weight under "Examen clinique", a ward under "Histoire de la maladie": the
            // section says whose health it is, as a finding by nature.
            Basis::Crossing if f.section.is_some() => index.nearest(findings, f, usize::MAX),
            Basis::Crossing => index.nearest(findings, f, CROSSING_REACH),
        })
        .collect();
    for (f, link) in findings.iter_mut().zip(links) {
        f.health = match f.category.basis() {
            Basis::Identifier => false,
            _ if f.whose == Some(Subject::Structure) => link.is_some(),
            Basis::Nature => link.is_some() || about_someone,
            Basis::Crossing if f.section.is_some() => link.is_some() || about_someone,
            Basis::Crossing => link.is_some(),
        };
        f.linked_to = link;
    }
}

/// Where a finding is, as far as linking goes: the same part, origin, header or field name and
/// page (a letter's segment, a PDF page, one header).
type Place<'a> = (&'a str, &'a str, Option<&'a str>, Option<u32>);

fn place(f: &Finding) -> Place<'_> {
    let l = &f.location;
    (&l.part, &l.origin, l.name.as_deref(), l.page)
}

/// Whether `f` is an identity that may be the cared-for person's.
fn candidate(f: &Finding) -> bool {
    identifies(f.category) && f.whose.is_none_or(Subject::may_be_cared_for)
}

fn cared_for(f: &Finding) -> bool {
    identifies(f.category) && f.whose.is_none_or(|w| w == Subject::CaredFor)
}

/// The identities of an input, indexed for [`Identities::nearest`].
struct Identities<'a> {
    /// Per place, the candidate identities' `(start, index)` in increasing order.
    by_place: HashMap<Place<'a>, Vec<(usize, usize)>>,
    /// Per part, its first cared-for identity.
    first_in_part: HashMap<&'a str, usize>,
    /// The input's first cared-for identity.
    first: Option<usize>,
}

impl<'a> Identities<'a> {
    fn index(findings: &'a [Finding]) -> Identities<'a> {
        let mut by_place: HashMap<Place<'a>, Vec<(usize, usize)>> = HashMap::new();
        let mut first_in_part = HashMap::new();
        let mut first = None;
        for (j, g) in findings.iter().enumerate() {
            if !candidate(g) {
                continue;
            }
            by_place
                .entry(place(g))
                .or_default()
                .push((g.location.start, j));
            if cared_for(g) {
                first_in_part.entry(g.location.part.as_str()).or_insert(j);
                first.get_or_insert(j);
            }
        }
        for v in by_place.values_mut() {
            v.sort_unstable();
        }
        Identities {
            by_place,
            first_in_part,
            first,
        }
    }

    /// The identity finding `f` most likely concerns: 1. the closest candidate identity before
    /// it in the same place (a letter's patient banner; the later one of two at the same
    /// offset) — an unknown one only within `reach` bytes —, 2. for data by nature, the next
    /// one just after it ("la plaie de M. FAURE", within [`AFTER_REACH`]), 3. the first
    /// cared-for identity of the same part, 4. of the whole input (a message's subject
    /// patient, a CDA's recordTarget).
    fn nearest(&self, findings: &[Finding], f: &Finding, reach: usize) -> Option<usize> {
        let at = f.location.start;
        let here = self.by_place.get(&place(f));
        let n = here.map_or(0, |v| v.partition_point(|&(start, _)| start <= at));
        let before = here
            .and_then(|v| n.checked_sub(1).map(|k| v[k]))
            .and_then(|(start, j)| (cared_for(&findings[j]) || at - start <= reach).then_some(j));
        // By nature, just after it in the same sentence: "la plaie de M. Lucien FAURE".
        let after = || {
            here.and_then(|v| v.get(n)).and_then(|&(start, j)| {
                (f.category.basis() == Basis::Nature && start - at <= AFTER_REACH).then_some(j)
            })
        };
        before.or_else(after).or_else(|| self.first_cared_for(f))
    }

    /// The first cared-for identity of `f`'s part, else of the input.
    fn first_cared_for(&self, f: &Finding) -> Option<usize> {
        self.first_in_part
            .get(f.location.part.as_str())
            .copied()
            .or(self.first)
    }
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
        classify(&mut f, true);
        assert_eq!(
            f.iter().map(|f| f.health).collect::<Vec<_>>(),
            [false, false, true]
        );
        assert!(f.iter().all(|f| f.linked_to.is_none()));
        // A text about no one in particular (an activity report): no health data at all.
        classify(&mut f, false);
        assert!(f.iter().all(|f| !f.health));
    }

    fn whose(mut f: Finding, w: Subject) -> Finding {
        f.whose = Some(w);
        f
    }

    #[test]
    fn only_the_cared_for_person_s_identity_makes_health_data() {
        // A signature: the director's name, the structure's name as a care setting.
        let mut f = vec![
            whose(finding(Category::PersonName, "", 0), Subject::Professional),
            whose(finding(Category::CareSetting, "", 20), Subject::Structure),
            finding(Category::BodyMeasure, "", 40),
            finding(Category::Diagnosis, "", 60),
        ];
        classify(&mut f, false);
        assert!(f.iter().all(|f| !f.health && f.linked_to.is_none()));
        // The resident named before: the weight and the diagnosis are hers.
        f.insert(
            0,
            whose(finding(Category::PersonName, "", 0), Subject::CaredFor),
        );
        classify(&mut f, false);
        // The structure's name now says where she is followed: linked to her too.
        assert_eq!(
            f.iter()
                .map(|f| (f.health, f.linked_to))
                .collect::<Vec<_>>(),
            [
                (false, None),
                (false, None),
                (true, Some(0)),
                (true, Some(0)),
                (true, Some(0))
            ]
        );
    }

    #[test]
    fn an_unknown_person_counts_for_crossing_data_only_close_by() {
        let mut f = vec![
            whose(finding(Category::PersonName, "", 0), Subject::Unknown),
            finding(Category::BodyMeasure, "", 30),
            finding(Category::CareSetting, "", 30 + CROSSING_REACH + 10),
            finding(Category::Diagnosis, "", 30 + CROSSING_REACH + 20),
        ];
        classify(&mut f, false);
        assert_eq!(
            f.iter().map(|f| f.health).collect::<Vec<_>>(),
            [false, true, false, true]
        );
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
        classify(&mut f, false);
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
        classify(&mut f, false);
        assert_eq!((f[2].health, f[2].linked_to), (true, Some(0)));
        assert_eq!((f[3].health, f[3].linked_to), (true, Some(1)));
    }
}
