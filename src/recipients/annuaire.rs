//! The Annuaire Santé extract of MSSanté mailboxes (`Extraction_Correspondance_MSSante`,
//! FORMATS.md §1.12): `|`-separated, 31 columns, an optional header line, and the tables that
//! map its profession codes, labels and structure names onto [`RecipientRole`]s.
//!
//! What is confirmed and what is assumed:
//! - the 31 columns and their order: FORMATS.md §1.12 (from two third-party sources consistent
//!   with each other, not from ANS documentation);
//! - `Type de BAL` values `PER`, `ORG`, `APP`: FORMATS.md §1.12 (ANS Annuaire documentation);
//! - the profession codes of [`PROFESSIONS`]: every code of the ANS nomenclatures
//!   TRE_G15-ProfessionSante (version 20250328120000: the health professions of the CSP part
//!   4), TRE_R94-ProfessionSocial (version 20241213120000: the social professions) and
//!   TRE_R95-UsagerTitre (version 20241213120000: the titled professions — psychologue,
//!   psychothérapeute, ostéopathe, chiropracteur), as published in ANS's FHIR implementation
//!   guide "Terminologies de Santé" v1.12.0 (CodeSystems `TRE-G15-ProfessionSante`,
//!   `TRE-R94-ProfessionSocial`, `TRE-R95-UsagerTitre`; read from the copies vendored in
//!   public ANS repositories, `ansforge/IG-terminologie-de-sante`), deprecated codes included
//!   (an extract may still carry them) and marked so;
//! - a profession without a code is recognised by its label (`Libellé Profession`);
//! - organisational and applicative mailboxes without a profession: by keywords of the
//!   structure's name ([`role_for_structure_name`]), an assumption to refine with the FINESS
//!   category of the structure when that file is at hand.
//!
//! The `Catégorie profession` column (C civil, M militaire, E étudiant) does not change the
//! role: a resident (R1110-2 k) has the profession's role, as DESIGN.md §3 counts residents
//! among health professionals. The public extract comes as a zip of one `.txt`: unzip it first.

use super::address::MailboxAddress;
use super::{DirectoryError, Entry, MailboxKind, RecipientRole};

/// Columns of the extract (FORMATS.md §1.12).
pub const COLUMNS: usize = 31;

/// 0-based column indexes used here.
mod col {
    pub const TYPE_BAL: usize = 0;
    pub const ADRESSE_BAL: usize = 1;
    pub const ID_STRUCTURE: usize = 6;
    pub const CODE_PROFESSION: usize = 13;
    pub const LIBELLE_PROFESSION: usize = 14;
    pub const RAISON_SOCIALE: usize = 18;
    pub const ENSEIGNE: usize = 19;
    pub const SERVICE: usize = 7;
}

/// One profession code of an ANS nomenclature and the role its holders have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profession {
    /// The code as the extract writes it (`Code Profession`).
    pub code: &'static str,
    /// The nomenclature's label.
    pub label: &'static str,
    /// The R1110-2 group.
    pub role: RecipientRole,
    /// The nomenclature: `G15` (ProfessionSante), `R94` (ProfessionSocial), `R95`
    /// (UsagerTitre).
    pub nomenclature: &'static str,
    /// Still active in that version of the nomenclature (`false`: deprecated, still read).
    pub active: bool,
}

/// A code of TRE_G15-ProfessionSante.
const fn p(
    code: &'static str,
    label: &'static str,
    role: RecipientRole,
    active: bool,
) -> Profession {
    Profession {
        code,
        label,
        role,
        nomenclature: "G15",
        active,
    }
}

/// A code of TRE_R94-ProfessionSocial.
const fn s94(
    code: &'static str,
    label: &'static str,
    role: RecipientRole,
    active: bool,
) -> Profession {
    Profession {
        code,
        label,
        role,
        nomenclature: "R94",
        active,
    }
}

/// A code of TRE_R95-UsagerTitre.
const fn t95(
    code: &'static str,
    label: &'static str,
    role: RecipientRole,
    active: bool,
) -> Profession {
    Profession {
        code,
        label,
        role,
        nomenclature: "R95",
        active,
    }
}

use RecipientRole::{
    HealthProfessional as HP, MedicoSocialStaff as MS, PsyTitled as PSY, SocialWorker as SW,
};

/// Profession code → role. Health professions of the CSP part 4 → `health_professional`;
/// the titled professions of R1110-2 b) (psychologue, psychothérapeute, ostéopathe,
/// chiropracteur) → `psy_titled`.
pub const PROFESSIONS: &[Profession] = &[
    // TRE_G15-ProfessionSante, version 20250328120000.
    p("10", "Médecin", HP, true),
    p("21", "Pharmacien", HP, true),
    p("26", "Audioprothésiste", HP, true),
    p("28", "Opticien-Lunetier", HP, true),
    p("31", "Assistant dentaire", HP, true),
    p("32", "Physicien médical", HP, true),
    p("35", "Aide-soignant", HP, false),
    p("36", "Ambulancier", HP, false),
    p("37", "Auxiliaire de puériculture", HP, false),
    p("38", "Préparateur en pharmacie hospitalière", HP, false),
    p("39", "Préparateur en pharmacie (officine)", HP, false),
    p("40", "Chirurgien-Dentiste", HP, true),
    p("50", "Sage-Femme", HP, true),
    p("60", "Infirmier", HP, true),
    p("69", "Infirmier psychiatrique", HP, true),
    p("70", "Masseur-Kinésithérapeute", HP, true),
    p("80", "Pédicure-Podologue", HP, true),
    p("81", "Orthoprothésiste", HP, true),
    p("82", "Podo-Orthésiste", HP, true),
    p("83", "Orthopédiste-Orthésiste", HP, true),
    p("84", "Oculariste", HP, true),
    p("85", "Epithésiste", HP, true),
    p("86", "Technicien de laboratoire médical", HP, true),
    p("91", "Orthophoniste", HP, true),
    p("92", "Orthoptiste", HP, true),
    p("94", "Ergothérapeute", HP, true),
    p("95", "Diététicien", HP, true),
    p("96", "Psychomotricien", HP, true),
    p("98", "Manipulateur ERM", HP, true),
    // TRE_R95-UsagerTitre, version 20241213120000 (93 is also in TRE_G15, deprecated there:
    // the titled professions of R1110-2 b).
    t95("71", "Ostéopathe", PSY, true),
    t95("72", "Psychothérapeute", PSY, true),
    t95("73", "Chiropracteur", PSY, true),
    t95("93", "Psychologue", PSY, true),
    t95("97", "Conseiller en génétique", HP, false),
    t95("171", "Ostéopathe", PSY, false),
    t95("172", "Psychothérapeute", PSY, false),
    t95("173", "Chiropracteur", PSY, false),
    t95("193", "Psychologue", PSY, false),
    t95("194", "Conseiller en génétique", HP, false),
    // TRE_R94-ProfessionSocial, version 20241213120000: social workers (CASF L411-1) and the
    // staff of social and medico-social services.
    s94("41", "Assistant de service social", SW, true),
    s94("42", "Auxiliaire de vie sociale", MS, false),
    s94(
        "43",
        "Technicien de l'intervention sociale et familiale",
        MS,
        false,
    ),
    s94(
        "44",
        "Conseiller en économie sociale et familiale",
        SW,
        false,
    ),
    s94("45", "Médiateur familial", SW, false),
    s94("46", "Assistant familial", MS, false),
    s94("47", "Aide médico-psychologique", MS, false),
    s94("48", "Moniteur éducateur", MS, false),
    s94("49", "Educateur de jeunes enfants", MS, false),
    s94("51", "Educateur spécialisé", MS, false),
    s94("52", "Educateur technique spécialisé", MS, false),
    s94("53", "Accompagnant éducatif et social", MS, false),
    s94("200", "Assistant de service social", SW, false),
    s94("201", "Auxiliaire de vie sociale", MS, false),
    s94(
        "202",
        "Technicien de l'intervention sociale et familiale",
        MS,
        false,
    ),
    s94(
        "203",
        "Conseiller en économie sociale et familiale",
        SW,
        false,
    ),
    s94("204", "Médiateur familial", SW, false),
    s94("205", "Assistant familial", MS, false),
    s94("206", "Aide médico-psychologique", MS, false),
    s94("207", "Moniteur éducateur", MS, false),
    s94("208", "Educateur de jeunes enfants", MS, false),
    s94("209", "Educateur spécialisé", MS, false),
    s94("210", "Educateur technique spécialisé", MS, false),
    s94("211", "Aide à domicile", MS, false),
    s94("212", "Assistant(e) maternel(le)", MS, false),
    s94("213", "Accompagnant éducatif et social", MS, false),
];

/// Label fragments (accents folded, lower case) for professions without a confirmed code, and
/// their role; the first that the label contains wins.
const LABELS: &[(&str, RecipientRole)] = &[
    ("assistant de service social", RecipientRole::SocialWorker),
    ("assistante de service social", RecipientRole::SocialWorker),
    (
        "conseiller en economie sociale",
        RecipientRole::SocialWorker,
    ),
    ("mandataire judiciaire", RecipientRole::LegalProtection),
    (
        "delegue aux prestations familiales",
        RecipientRole::LegalProtection,
    ),
    ("coordinat", RecipientRole::CoordinationStaff),
    ("educat", RecipientRole::MedicoSocialStaff),
    ("accompagnant educatif", RecipientRole::MedicoSocialStaff),
    (
        "aide medico-psychologique",
        RecipientRole::MedicoSocialStaff,
    ),
    ("assistant familial", RecipientRole::MedicoSocialStaff),
    ("assistant maternel", RecipientRole::MedicoSocialStaff),
    (
        "technicien de l'intervention sociale",
        RecipientRole::MedicoSocialStaff,
    ),
    ("psychologue", RecipientRole::PsyTitled),
    ("psychotherapeute", RecipientRole::PsyTitled),
    ("osteopathe", RecipientRole::PsyTitled),
    ("chiropracteur", RecipientRole::PsyTitled),
];

/// The role of a profession, by code first, then by label; `None` when neither is known.
pub fn role_for_profession(code: &str, label: &str) -> Option<RecipientRole> {
    let code = code.trim();
    if let Some(p) = PROFESSIONS.iter().find(|p| p.code == code) {
        return Some(p.role);
    }
    let label = fold(label);
    if label.is_empty() {
        return None;
    }
    LABELS
        .iter()
        .find(|(frag, _)| label.contains(frag))
        .map(|&(_, role)| role)
}

/// Whole words (accents folded, lower case) and phrases of a structure's name, and the role of
/// the staff behind its organisational mailbox. Checked in this order, so that an EHPAD run by
/// a hospital is medico-social, and a DAC hosted by an association is coordination.
const STRUCTURE_RULES: &[(RecipientRole, &[&str], &[&str])] = &[
    (
        RecipientRole::CoordinationStaff,
        &["dac", "pta"],
        &[
            "dispositif d'appui",
            "appui a la coordination",
            "plateforme territoriale d'appui",
        ],
    ),
    (
        RecipientRole::LegalProtection,
        &["mjpm", "udaf", "tutelle", "tutelles", "curatelle"],
        &[
            "mandataire judiciaire",
            "protection juridique",
            "protection des majeurs",
        ],
    ),
    (
        RecipientRole::SocialWorker,
        &["ccas", "cias"],
        &["service social", "action sociale"],
    ),
    (
        RecipientRole::MedicoSocialStaff,
        &[
            "ehpad", "ehpa", "saad", "ssiad", "spasad", "ime", "esat", "sessad", "fam", "mas",
            "camsp", "cmpp", "samsah", "savs", "itep", "mecs", "foyer", "csapa", "caarud", "maia",
            "apa",
        ],
        &[
            "residence autonomie",
            "accueil de jour",
            "aide a domicile",
            "services a domicile",
            "institut medico",
            "maison d'enfants",
            "medico-social",
            "equipe medico-sociale",
        ],
    ),
    (
        RecipientRole::HealthProfessional,
        &[
            "ch",
            "chu",
            "chr",
            "hopital",
            "clinique",
            "pharmacie",
            "laboratoire",
            "msp",
            "had",
            "ght",
            "cmp",
            "radiologie",
            "imagerie",
            "polyclinique",
        ],
        &[
            "centre hospitalier",
            "cabinet medical",
            "cabinet infirmier",
            "maison de sante",
            "centre de sante",
            "hospitalisation a domicile",
        ],
    ),
];

/// The role of an organisational or applicative mailbox from its structure's name (raison
/// sociale, enseigne, service); `None` when no keyword applies.
pub fn role_for_structure_name(name: &str) -> Option<RecipientRole> {
    let folded = fold(name);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    STRUCTURE_RULES
        .iter()
        .find(|(_, ws, phrases)| {
            ws.iter().any(|w| words.contains(w)) || phrases.iter().any(|p| folded.contains(p))
        })
        .map(|&(role, _, _)| role)
}

/// Lower case, French accents removed, typographic apostrophe made straight.
fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '\u{2019}' => '\'',
            c => c,
        })
        .collect()
}

/// Parses the extract's text into entries (see `Directory::add_extract`).
///
/// A line has 31 fields; a 32nd empty one (a trailing `|`, as other Annuaire extracts write) is
/// accepted. The first line is a header when its first field is `Type de BAL`. Blank lines are
/// skipped. Every mailbox of the extract is in the trust space (`trusted`). The structure is the
/// `Identification Structure` (a national identifier, what compares reliably), else the raison
/// sociale, else the enseigne.
pub(crate) fn parse_extract(file: &str, text: &str) -> Result<Vec<Entry>, DirectoryError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut entries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let mut fields: Vec<&str> = line.split('|').collect();
        if fields.len() == COLUMNS + 1 && fields.last().is_some_and(|f| f.trim().is_empty()) {
            fields.pop();
        }
        if i == 0 && fields.first().is_some_and(|f| f.trim() == "Type de BAL") {
            if fields.len() != COLUMNS {
                return Err(DirectoryError::at(
                    file,
                    n,
                    format!("en-tête de {} colonnes au lieu de {COLUMNS}", fields.len()),
                ));
            }
            continue;
        }
        if fields.len() != COLUMNS {
            return Err(DirectoryError::at(
                file,
                n,
                format!("{} colonnes au lieu de {COLUMNS}", fields.len()),
            ));
        }
        entries.push(entry(&fields).map_err(|p| DirectoryError::at(file, n, p))?);
    }
    Ok(entries)
}

/// One 31-field line → entry; the error names the column, never its content.
fn entry(fields: &[&str]) -> Result<Entry, &'static str> {
    let field = |i: usize| fields.get(i).map(|s| s.trim()).unwrap_or_default();
    let address = MailboxAddress::parse(field(col::ADRESSE_BAL))
        .ok_or("colonne Adresse BAL: adresse invalide")?;
    let kind = MailboxKind::from_code(field(col::TYPE_BAL));
    let structure = [col::ID_STRUCTURE, col::RAISON_SOCIALE, col::ENSEIGNE]
        .into_iter()
        .map(field)
        .find(|s| !s.is_empty())
        .map(str::to_owned);
    let by_profession =
        role_for_profession(field(col::CODE_PROFESSION), field(col::LIBELLE_PROFESSION));
    let by_structure = || {
        if kind == MailboxKind::Nominative {
            return None;
        }
        let name = [col::RAISON_SOCIALE, col::ENSEIGNE, col::SERVICE]
            .into_iter()
            .map(field)
            .collect::<Vec<_>>()
            .join(" ");
        role_for_structure_name(&name)
    };
    let role = by_profession
        .or_else(by_structure)
        .unwrap_or(RecipientRole::Unknown);
    Ok(Entry {
        address: address.normalized(),
        role,
        structure,
        trusted: true,
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 31-field line with the given kind, address, profession code/label and raison sociale.
    fn line(kind: &str, address: &str, code: &str, label: &str, raison: &str) -> String {
        let mut f = vec![""; COLUMNS];
        f[col::TYPE_BAL] = kind;
        f[col::ADRESSE_BAL] = address;
        f[col::CODE_PROFESSION] = code;
        f[col::LIBELLE_PROFESSION] = label;
        f[col::RAISON_SOCIALE] = raison;
        f.join("|")
    }

    #[test]
    fn professions_map_onto_roles() {
        assert_eq!(
            role_for_profession("21", ""),
            Some(RecipientRole::HealthProfessional)
        );
        assert_eq!(
            role_for_profession("93", "Psychologue"),
            Some(RecipientRole::PsyTitled)
        );
        assert_eq!(
            role_for_profession("", "Assistant de service social"),
            Some(RecipientRole::SocialWorker)
        );
        assert_eq!(
            role_for_profession("", "Éducateur spécialisé"),
            Some(RecipientRole::MedicoSocialStaff)
        );
        assert_eq!(role_for_profession("", ""), None);
    }

    /// Every code of the three nomenclatures, with the role written here independently of the
    /// table: one case per code, and no code twice.
    #[test]
    fn every_nomenclature_code_has_its_role() {
        use RecipientRole::*;
        let expected: &[(&str, RecipientRole)] = &[
            ("10", HealthProfessional),
            ("21", HealthProfessional),
            ("26", HealthProfessional),
            ("28", HealthProfessional),
            ("31", HealthProfessional),
            ("32", HealthProfessional),
            ("35", HealthProfessional),
            ("36", HealthProfessional),
            ("37", HealthProfessional),
            ("38", HealthProfessional),
            ("39", HealthProfessional),
            ("40", HealthProfessional),
            ("50", HealthProfessional),
            ("60", HealthProfessional),
            ("69", HealthProfessional),
            ("70", HealthProfessional),
            ("80", HealthProfessional),
            ("81", HealthProfessional),
            ("82", HealthProfessional),
            ("83", HealthProfessional),
            ("84", HealthProfessional),
            ("85", HealthProfessional),
            ("86", HealthProfessional),
            ("91", HealthProfessional),
            ("92", HealthProfessional),
            ("94", HealthProfessional),
            ("95", HealthProfessional),
            ("96", HealthProfessional),
            ("98", HealthProfessional),
            ("71", PsyTitled),
            ("72", PsyTitled),
            ("73", PsyTitled),
            ("93", PsyTitled),
            ("97", HealthProfessional),
            ("171", PsyTitled),
            ("172", PsyTitled),
            ("173", PsyTitled),
            ("193", PsyTitled),
            ("194", HealthProfessional),
            ("41", SocialWorker),
            ("42", MedicoSocialStaff),
            ("43", MedicoSocialStaff),
            ("44", SocialWorker),
            ("45", SocialWorker),
            ("46", MedicoSocialStaff),
            ("47", MedicoSocialStaff),
            ("48", MedicoSocialStaff),
            ("49", MedicoSocialStaff),
            ("51", MedicoSocialStaff),
            ("52", MedicoSocialStaff),
            ("53", MedicoSocialStaff),
            ("200", SocialWorker),
            ("201", MedicoSocialStaff),
            ("202", MedicoSocialStaff),
            ("203", SocialWorker),
            ("204", SocialWorker),
            ("205", MedicoSocialStaff),
            ("206", MedicoSocialStaff),
            ("207", MedicoSocialStaff),
            ("208", MedicoSocialStaff),
            ("209", MedicoSocialStaff),
            ("210", MedicoSocialStaff),
            ("211", MedicoSocialStaff),
            ("212", MedicoSocialStaff),
            ("213", MedicoSocialStaff),
        ];
        for (code, role) in expected {
            // By code alone: the label is no help here.
            assert_eq!(role_for_profession(code, ""), Some(*role), "code {code}");
        }
        assert_eq!(expected.len(), PROFESSIONS.len());
        let mut codes: Vec<&str> = PROFESSIONS.iter().map(|p| p.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), PROFESSIONS.len(), "a code twice");
        // The active codes of each nomenclature (its version named in the module docs).
        let active = |n: &str| -> Vec<&str> {
            PROFESSIONS
                .iter()
                .filter(|p| p.nomenclature == n && p.active)
                .map(|p| p.code)
                .collect()
        };
        assert_eq!(active("R94"), ["41"]);
        assert_eq!(active("R95"), ["71", "72", "73", "93"]);
        assert_eq!(active("G15").len(), 24);
        // Codes outside the nomenclatures stay unknown (then the label decides).
        for unknown in ["11", "99", "1000", "x"] {
            assert_eq!(role_for_profession(unknown, ""), None, "{unknown}");
        }
    }

    #[test]
    fn structure_names_map_onto_roles_by_whole_words() {
        let r = role_for_structure_name;
        assert_eq!(
            r("SAAD Les Rochers"),
            Some(RecipientRole::MedicoSocialStaff)
        );
        assert_eq!(
            r("EHPAD du Centre Hospitalier de Dax"),
            Some(RecipientRole::MedicoSocialStaff)
        );
        assert_eq!(r("DAC Landes"), Some(RecipientRole::CoordinationStaff));
        assert_eq!(r("UDAF des Landes"), Some(RecipientRole::LegalProtection));
        assert_eq!(
            r("Centre Hospitalier de Dax"),
            Some(RecipientRole::HealthProfessional)
        );
        assert_eq!(r("Cabinet Thomas"), None, "MAS is not in Thomas");
    }

    #[test]
    fn extract_lines_give_entries_with_kind_role_structure() {
        let header = {
            let mut h = vec!["x"; COLUMNS];
            h[0] = "Type de BAL";
            h.join("|")
        };
        let text = format!(
            "{header}\n{}\n{}\n{}|\n",
            line("PER", "a.b@Pharmacien.MSSante.fr", "21", "Pharmacien", ""),
            line(
                "ORG",
                "accueil@saad-exemple.mssante.fr",
                "",
                "",
                "SAAD Exemple"
            ),
            line("APP", "dui@ime-exemple.mssante.fr", "", "", "Association X"),
        );
        let e = parse_extract("x.txt", &text).unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].address, "a.b@pharmacien.mssante.fr");
        assert_eq!(e[0].kind, MailboxKind::Nominative);
        assert_eq!(e[0].role, RecipientRole::HealthProfessional);
        assert_eq!(e[1].kind, MailboxKind::Organisational);
        assert_eq!(e[1].role, RecipientRole::MedicoSocialStaff);
        assert_eq!(e[1].structure.as_deref(), Some("SAAD Exemple"));
        assert_eq!(e[2].kind, MailboxKind::Applicative);
        assert_eq!(e[2].role, RecipientRole::Unknown);
        assert!(e.iter().all(|e| e.trusted));
    }

    #[test]
    fn a_bad_column_count_is_an_error_with_its_line_and_no_content() {
        let good = line("PER", "a@b.mssante.fr", "10", "Médecin", "");
        let text = format!("{good}\n\nPER|secret.person@b.mssante.fr|8|1|2\n");
        let err = parse_extract("ext.txt", &text).unwrap_err().to_string();
        assert_eq!(err, "ext.txt:3: 5 colonnes au lieu de 31");
        let text = line("PER", "not an address", "10", "", "");
        let err = parse_extract("ext.txt", &text).unwrap_err().to_string();
        assert_eq!(err, "ext.txt:1: colonne Adresse BAL: adresse invalide");
    }
}
