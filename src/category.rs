//! The categories of personal and health data tamis finds (`shared/DESIGN.md` §3).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Why a category is personal or health data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// It identifies a person (or a professional, a structure).
    Identifier,
    /// Health data by nature: diagnoses, drugs, acts, findings, disability.
    Nature,
    /// Health data once crossed with an identified person: weight, care setting, benefit, leave.
    Crossing,
}

macro_rules! categories {
    ($($variant:ident = $name:literal, $basis:ident, $label:literal;)*) => {
        /// A category of finding. The wire name is the snake_case string of the report.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Category { $($variant,)* }

        impl Category {
            /// Every category, in report order.
            pub const ALL: &'static [Category] = &[$(Category::$variant,)*];

            /// The wire name (`"nir"`, `"diagnosis"`, …).
            pub fn as_str(self) -> &'static str {
                match self { $(Category::$variant => $name,)* }
            }

            /// Identifier, nature or crossing.
            pub fn basis(self) -> Basis {
                match self { $(Category::$variant => Basis::$basis,)* }
            }

            /// The category's name in French, for what a reader of a minimised document sees
            /// (`[retiré : diagnostic]`) and for the DPO's summary page.
            pub fn label_fr(self) -> &'static str {
                match self { $(Category::$variant => $label,)* }
            }
        }

        impl FromStr for Category {
            type Err = UnknownCategory;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($name => Ok(Category::$variant),)*
                    _ => Err(UnknownCategory(s.to_string())),
                }
            }
        }
    };
}

categories! {
    Nir = "nir", Identifier, "NIR";
    Rpps = "rpps", Identifier, "RPPS";
    Adeli = "adeli", Identifier, "ADELI";
    Finess = "finess", Identifier, "FINESS";
    Siret = "siret", Identifier, "SIRET";
    Ipp = "ipp", Identifier, "IPP";
    PersonName = "person_name", Identifier, "nom";
    BirthDate = "birth_date", Identifier, "date de naissance";
    Address = "address", Identifier, "adresse";
    Phone = "phone", Identifier, "téléphone";
    Email = "email", Identifier, "courriel";
    Iban = "iban", Identifier, "IBAN";
    Diagnosis = "diagnosis", Nature, "diagnostic";
    Medication = "medication", Nature, "médicament";
    Procedure = "procedure", Nature, "acte";
    ClinicalFinding = "clinical_finding", Nature, "donnée clinique";
    DisabilityDependency = "disability_dependency", Nature, "handicap ou dépendance";
    BodyMeasure = "body_measure", Crossing, "mesure corporelle";
    CareSetting = "care_setting", Crossing, "lieu de prise en charge";
    SocialBenefit = "social_benefit", Crossing, "prestation sociale";
    SickLeave = "sick_leave", Crossing, "arrêt de travail";
}

impl Category {
    /// Health data, by nature or by crossing (as opposed to an identifier).
    pub fn is_health(self) -> bool {
        self.basis() != Basis::Identifier
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A category name that tamis does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown category {0:?} (known: nir, rpps, adeli, finess, siret, ipp, person_name, birth_date, address, phone, email, iban, diagnosis, medication, procedure, clinical_finding, disability_dependency, body_measure, care_setting, social_benefit, sick_leave)"
)]
pub struct UnknownCategory(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>().unwrap(), c);
            assert_eq!(
                serde_json::to_string(&c).unwrap(),
                format!("\"{}\"", c.as_str())
            );
        }
        assert!("weight".parse::<Category>().is_err());
        assert_eq!(Category::CareSetting.basis(), Basis::Crossing);
    }
}
