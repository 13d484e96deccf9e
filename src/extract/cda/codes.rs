//! What CDA identifiers, telecoms and codes mean (`../shared/FORMATS.md` §1–2).

use crate::category::Category;
use crate::extract::CodeSystem;

/// Patient identifier OIDs whose extension is a NIR or a NIA besides the INS roots
/// ([`INS_OIDS`](crate::extract::xml::INS_OIDS)): NIR and NIA used as social-security numbers.
const NIR_ROOTS_NOT_INS: [&str; 2] = ["1.2.250.1.213.1.4.13", "1.2.250.1.213.1.4.14"];

/// National identifier of a health professional (IdNat_PS): type prefix + identifier.
const IDNAT_PS: &str = "1.2.250.1.71.4.2.1";
/// National identifier of a structure (IdNat_Struct): type prefix + identifier.
const IDNAT_STRUCT: &str = "1.2.250.1.71.4.2.2";

/// Where an `id` element sits, for the roots that do not say it all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum IdPlace {
    /// `recordTarget/patientRole/id`: any other root is a local patient number (IPP).
    PatientRole,
    /// `encompassingEncounter/id`: the stay number (NDA), as identifying as an IPP.
    Encounter,
    Other,
}

/// What an identifier is: its category, the byte range of the identifier proper inside the
/// extension (after a type prefix), and a confidence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct IdKind {
    pub category: Category,
    pub start: usize,
    pub end: usize,
    pub confidence: f32,
}

/// Classifies `extension` under OID `root`, found at `place`; `None` for identifiers that are
/// not personal (document ids, entry ids, set ids).
pub(super) fn classify_id(root: &str, extension: &str, place: IdPlace) -> Option<IdKind> {
    let ext = extension.trim();
    if ext.is_empty() {
        return None;
    }
    let lead = extension.len() - extension.trim_start().len();
    let kind = |category, skip: usize, confidence| {
        // The identifier runs from after the prefix to a '/' (structure/internal id).
        let body = &ext[skip..];
        let len = body.find('/').unwrap_or(body.len());
        (len > 0).then_some(IdKind {
            category,
            start: lead + skip,
            end: lead + skip + len,
            confidence,
        })
    };
    if crate::extract::xml::is_ins_oid(root) || NIR_ROOTS_NOT_INS.contains(&root) {
        return kind(Category::Nir, 0, 0.99);
    }
    match root {
        IDNAT_PS => {
            let digits = ext.bytes().all(|b| b.is_ascii_digit());
            if digits && ext.len() == 11 {
                // An RPPS number written without its type prefix.
                return kind(Category::Rpps, 0, 0.95);
            }
            // TRE_G08: 0 ADELI, 1 cabinet ADELI, 3 FINESS, 4 SIREN, 5 SIRET, 6 cabinet RPPS,
            // 8 RPPS; each followed by the identifier (and '/' + an internal id for staff).
            match ext.as_bytes().first() {
                Some(b'8') => kind(Category::Rpps, 1, 0.99),
                Some(b'6') => kind(Category::Rpps, 1, 0.95),
                Some(b'0' | b'1') => kind(Category::Adeli, 1, 0.95),
                Some(b'3') => kind(Category::Finess, 1, 0.95),
                Some(b'4' | b'5') => kind(Category::Siret, 1, 0.95),
                _ => kind(Category::Rpps, 0, 0.8),
            }
        }
        IDNAT_STRUCT => match ext.as_bytes().first() {
            // TRE_G07: 0 cabinet ADELI, 1 FINESS, 2 SIREN, 3 SIRET, 4 cabinet RPPS.
            Some(b'1') => kind(Category::Finess, 1, 0.99),
            Some(b'0') => kind(Category::Adeli, 1, 0.95),
            Some(b'2' | b'3') => kind(Category::Siret, 1, 0.95),
            Some(b'4') => kind(Category::Rpps, 1, 0.95),
            // A technical number of the directory: it still names one structure.
            _ => kind(Category::Finess, 0, 0.8),
        },
        _ => match place {
            // Any other root under patientRole: the organisation's OID, so a local patient
            // number (IPP); INS-C (1.2.250.1.213.1.4.2) and the DP number land here too.
            IdPlace::PatientRole => kind(Category::Ipp, 0, 0.99),
            IdPlace::Encounter => kind(Category::Ipp, 0, 0.9),
            IdPlace::Other => None,
        },
    }
}

/// A telecom value: category and byte range of the address proper (after the scheme).
pub(super) fn classify_telecom(value: &str) -> Option<(Category, usize, usize)> {
    let (scheme, rest, skip) = match value.split_once(':') {
        Some((s, r)) if s.len() < 10 && s.bytes().all(|b| b.is_ascii_alphabetic()) => {
            (s.to_ascii_lowercase(), r, s.len() + 1)
        }
        _ => (String::new(), value, 0),
    };
    let category = match scheme.as_str() {
        "tel" | "fax" | "sms" | "mllp" => Category::Phone,
        "mailto" => Category::Email,
        "" if rest.contains('@') => Category::Email,
        "" if rest.bytes().filter(u8::is_ascii_digit).count() >= 6 => Category::Phone,
        _ => return None,
    };
    let body = rest.trim();
    if body.is_empty() {
        return None;
    }
    let lead = rest.len() - rest.trim_start().len();
    Some((category, skip + lead, skip + lead + body.len()))
}

/// The NIR that is the local part of a patient's MSSanté address
/// (`<matricule INS>@patient.mssante.fr`): its byte range in `email`.
pub(super) fn patient_mss_nir(email: &str) -> Option<(usize, usize)> {
    let (local, domain) = email.split_once('@')?;
    let nir_like = local.len() == 15 && local.bytes().all(|b| b.is_ascii_alphanumeric());
    (domain.eq_ignore_ascii_case("patient.mssante.fr") && nir_like).then_some((0, local.len()))
}

/// Sections where a SNOMED CT code names a disease: problems, medical and family history,
/// admission and discharge diagnoses, diagnoses.
const PROBLEM_SECTIONS: [&str; 8] = [
    "11450-4", "11348-0", "10157-6", "46241-6", "11535-2", "29548-5", "11329-0", "29308-4",
];

/// The category of a coded entry of `system`, inside a section of LOINC code `section`.
pub(super) fn code_category(system: &CodeSystem, section: Option<&str>) -> Option<Category> {
    Some(match system {
        CodeSystem::Cim10 => Category::Diagnosis,
        CodeSystem::Atc | CodeSystem::DrugProduct => Category::Medication,
        CodeSystem::Ccam => Category::Procedure,
        CodeSystem::Loinc => Category::ClinicalFinding,
        CodeSystem::SnomedCt => {
            if section.is_some_and(|s| PROBLEM_SECTIONS.contains(&s)) {
                Category::Diagnosis
            } else {
                Category::ClinicalFinding
            }
        }
        CodeSystem::Other(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_identifiers_lose_their_type_prefix() {
        let rpps = classify_id(IDNAT_PS, "810005173140", IdPlace::Other).unwrap();
        assert_eq!(
            (rpps.category, &"810005173140"[rpps.start..rpps.end]),
            (Category::Rpps, "10005173140")
        );
        let adeli = classify_id(IDNAT_PS, "0012800736", IdPlace::Other).unwrap();
        assert_eq!(adeli.category, Category::Adeli);
        let staff = classify_id(IDNAT_PS, "3480787529/123", IdPlace::Other).unwrap();
        assert_eq!(
            (staff.category, &"3480787529/123"[staff.start..staff.end]),
            (Category::Finess, "480787529")
        );
        let finess = classify_id(IDNAT_STRUCT, "1120456789", IdPlace::Other).unwrap();
        assert_eq!((finess.category, finess.start), (Category::Finess, 1));
        let siren = classify_id(IDNAT_STRUCT, "2801234567", IdPlace::Other).unwrap();
        assert_eq!(siren.category, Category::Siret);
    }

    #[test]
    fn patient_ids_are_nir_or_ipp_and_other_ids_nothing() {
        let nir = classify_id("1.2.250.1.213.1.4.10", "279035121518989", IdPlace::Other);
        assert_eq!(nir.unwrap().category, Category::Nir);
        let ipp = classify_id("1.2.3.4.567.8.9.10", "1234567890121", IdPlace::PatientRole);
        assert_eq!(ipp.unwrap().category, Category::Ipp);
        assert_eq!(
            classify_id("1.2.3.4.567.8.9.10", "1234", IdPlace::Other),
            None
        );
        assert_eq!(
            classify_id("1.2.250.1.213.1.4.8", "  ", IdPlace::Other),
            None
        );
    }

    #[test]
    fn telecoms_by_scheme() {
        assert_eq!(
            classify_telecom("tel:0144534551"),
            Some((Category::Phone, 4, 14))
        );
        assert_eq!(
            classify_telecom("mailto:a@b.fr"),
            Some((Category::Email, 7, 13))
        );
        assert_eq!(classify_telecom("http://example.org"), None);
        assert_eq!(
            patient_mss_nir("279035121518989@patient.mssante.fr"),
            Some((0, 15))
        );
        assert_eq!(patient_mss_nir("dr.x@medecin.mssante.fr"), None);
    }

    #[test]
    fn snomed_is_a_diagnosis_only_in_problem_sections() {
        let s = CodeSystem::SnomedCt;
        assert_eq!(
            code_category(&s, Some("11450-4")),
            Some(Category::Diagnosis)
        );
        assert_eq!(
            code_category(&s, Some("8716-3")),
            Some(Category::ClinicalFinding)
        );
        assert_eq!(code_category(&CodeSystem::from_oid("1.2.3"), None), None);
    }
}
