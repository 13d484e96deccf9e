//! Clinical sections (issue 13 §6): the kinds of section a French clinical letter or report is
//! cut into ("Antécédents :", "Histoire de la maladie", "Examen clinique", "Conclusion",
//! "Traitement de sortie"…), the same kinds a CDA names by the LOINC code of its `section`.
//!
//! The scanner finds the headings (`scan/sections.rs`, from `dictionaries/sections/`), `locate`
//! gives each finding the kind of the section it is in and lists the sections of each part
//! ([`Section`]), `classify` takes a finding inside a clinical section as the health data of
//! the person the document is about, and [`plan`] says which sections a minimised copy
//! empties: those whose main category the policy removes for a recipient, where term-by-term
//! removal would leave a readable diagnosis behind.
//!
//! This file depends on `category.rs` only: `build.rs` compiles it too, to check the kinds of
//! the heading table.

use crate::category::Category;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

macro_rules! kinds {
    ($($variant:ident = $name:literal, $label:literal, $main:expr, [$($loinc:literal),*];)*) => {
        /// A kind of clinical section. The wire name is the snake_case string of the report.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum SectionKind { $($variant,)* }

        impl SectionKind {
            /// Every kind, in table order (`build.rs` numbers them so).
            pub const ALL: &'static [SectionKind] = &[$(SectionKind::$variant,)*];

            /// The wire name (`"history"`, `"assessment"`…).
            pub fn as_str(self) -> &'static str {
                match self { $(SectionKind::$variant => $name,)* }
            }

            /// The section's name in French, as the notice of an emptied section says it.
            pub fn label_fr(self) -> &'static str {
                match self { $(SectionKind::$variant => $label,)* }
            }

            /// The category a section of this kind is about: when the policy removes it for a
            /// recipient, the section's clinical content goes with it. `None` for sections
            /// that give context only (mode de vie, conduite à tenir) or none (`other`).
            pub fn main(self) -> Option<Category> {
                match self { $(SectionKind::$variant => $main,)* }
            }

            /// The kind of a CDA section of LOINC code `code`.
            pub fn from_loinc(code: &str) -> Option<SectionKind> {
                let code = code.trim();
                $(if [$($loinc),*].contains(&code) {
                    return Some(SectionKind::$variant);
                })*
                None
            }
        }

        impl FromStr for SectionKind {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($name => Ok(SectionKind::$variant),)*
                    _ => Err(format!("unknown section kind {s:?}")),
                }
            }
        }
    };
}

// The LOINC codes are those of the CI-SIS CDA sections (FR-Antecedents-medicaux,
// FR-Traitements, FR-Resultats-examens…) and of C-CDA for the same content.
kinds! {
    History = "history", "antécédents", Some(Category::Diagnosis),
        ["11348-0", "11450-4", "10155-0"];
    FamilyHistory = "family_history", "antécédents familiaux", Some(Category::Diagnosis),
        ["10157-6"];
    Allergies = "allergies", "allergies", Some(Category::Diagnosis), ["48765-2"];
    Reason = "reason", "motif", Some(Category::Diagnosis),
        ["29299-5", "46239-0", "42349-1", "46241-6"];
    PresentIllness = "present_illness", "histoire de la maladie", Some(Category::Diagnosis),
        ["10164-2"];
    PhysicalExam = "physical_exam", "examen clinique", Some(Category::ClinicalFinding),
        ["29545-1", "8716-3", "10210-3"];
    Results = "results", "examens complémentaires", Some(Category::ClinicalFinding),
        ["30954-2", "18748-4", "11502-2"];
    HospitalCourse = "hospital_course", "évolution", Some(Category::ClinicalFinding),
        ["8648-8"];
    Assessment = "assessment", "conclusion", Some(Category::Diagnosis),
        ["51848-0", "29548-5", "11535-2", "11301-9"];
    Medications = "medications", "traitement", Some(Category::Medication),
        ["10160-0", "10183-2", "42346-7", "18610-6"];
    Procedures = "procedures", "actes", Some(Category::Procedure), ["47519-4", "29554-3"];
    Immunizations = "immunizations", "vaccinations", Some(Category::Procedure), ["11369-6"];
    Plan = "plan", "conduite à tenir", None, ["18776-5"];
    SocialHistory = "social_history", "mode de vie", None, ["29762-2"];
    Other = "other", "autre", None, [];
}

impl SectionKind {
    /// Whether a finding inside a section of this kind is clinical content (everything but
    /// `other`: an "Objet :" or a "Copie à :" only ends the section before it).
    pub fn clinical(self) -> bool {
        self != SectionKind::Other
    }

    /// Whether a section of this kind is only ever about one person's health (a medical
    /// history, an examination, allergies): a health finding in it makes the input speak of
    /// someone in particular, named or not. "Conclusion", "Traitement" or "Bilan" head
    /// activity reports too.
    pub fn personal(self) -> bool {
        matches!(
            self,
            SectionKind::History
                | SectionKind::FamilyHistory
                | SectionKind::Allergies
                | SectionKind::PresentIllness
                | SectionKind::PhysicalExam
                | SectionKind::Immunizations
        )
    }

    /// The notice an emptied section of this kind holds in a minimised copy:
    /// `[section retirée : antécédents]`.
    pub fn notice(self) -> String {
        format!("{NOTICE_OPEN}{}]", self.label_fr())
    }
}

/// How the notice of an emptied section opens (the check on a minimised copy skips it as it
/// skips `[retiré : …]` markers).
pub const NOTICE_OPEN: &str = "[section retirée : ";

/// A place in a part's text: segment `segment`, byte offset `at` in its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct At {
    pub segment: usize,
    pub at: usize,
}

/// One section of a part, as `locate` found it: its heading, where its body starts (after the
/// heading and its colon) and where it ends (the next heading of the part, or the end of its
/// last text segment), and how far its clinical content goes (`content`: the end of the last
/// paragraph that holds a health-data finding, or of the first paragraph of the body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Index into [`crate::extract::Extraction::parts`].
    pub part: usize,
    pub kind: SectionKind,
    /// The heading's text offsets in its segment.
    pub heading: (At, usize),
    pub body: At,
    pub end: At,
    /// Where the section's clinical content ends (set by `locate` once findings are known;
    /// `None` when the section holds no health finding).
    pub content: Option<At>,
    /// Set by [`plan`]: the minimised copy replaces the body up to `content` by the notice.
    pub cut: bool,
}

/// Marks the sections a minimised copy empties: a clinical section that holds health data
/// and whose main category `removed(category)` says the policy removes for a recipient.
/// Linear in the sections.
pub fn plan(sections: &mut [Section], removed: impl Fn(Category) -> bool) {
    for s in sections {
        s.cut = s.content.is_some() && s.kind.main().is_some_and(&removed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_cda_codes_map_once() {
        for &k in SectionKind::ALL {
            assert_eq!(k.as_str().parse::<SectionKind>(), Ok(k));
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
        }
        assert_eq!(
            SectionKind::from_loinc("11348-0"),
            Some(SectionKind::History)
        );
        assert_eq!(
            SectionKind::from_loinc("10183-2"),
            Some(SectionKind::Medications)
        );
        assert_eq!(SectionKind::from_loinc("0000-0"), None);
        assert!("diagnosis".parse::<SectionKind>().is_err());
    }

    #[test]
    fn notices_are_french_and_main_categories_are_clinical() {
        assert_eq!(
            SectionKind::History.notice(),
            "[section retirée : antécédents]"
        );
        for &k in SectionKind::ALL {
            if let Some(c) = k.main() {
                assert_ne!(c.basis(), crate::category::Basis::Identifier, "{k:?}");
            }
        }
    }

    #[test]
    fn only_sections_with_health_data_and_a_removed_main_category_are_cut() {
        let at = |segment, at| At { segment, at };
        let section = |kind, content| Section {
            part: 0,
            kind,
            heading: (at(0, 0), 12),
            body: at(0, 14),
            end: at(2, 0),
            content,
            cut: false,
        };
        let mut s = vec![
            section(SectionKind::History, Some(at(1, 20))),
            section(SectionKind::Medications, Some(at(1, 20))),
            section(SectionKind::Assessment, None),
            section(SectionKind::SocialHistory, Some(at(1, 5))),
        ];
        plan(&mut s, |c| c == Category::Diagnosis);
        let cut: Vec<bool> = s.iter().map(|s| s.cut).collect();
        assert_eq!(cut, [true, false, false, false]);
    }
}
