//! Who receives a message: the recipients directory, the MSSanté trust space and mailbox kinds.
//!
//! DESIGN.md §1 and §3: health data goes only to qualified recipients (R1110-2 groups, here
//! [`RecipientRole`]) through mailboxes of the MSSanté trust space ([`TrustSpace`]). A
//! [`Directory`] maps mailbox addresses onto roles, structures and trust, loaded from a local CSV
//! file ([`Directory::load_csv`]) and from the public Annuaire Santé extract of MSSanté mailboxes
//! ([`Directory::load_extract`]); [`Directory::resolve`] turns any address into a [`Recipient`],
//! and [`same_structure`] tells whether two recipients share a structure (care team, criterion 2).
//!
//! The module is pure: no I/O beyond reading the files it is given, no global state.
//!
//! Addresses are personal data (a patient mailbox's local part *is* an INS): no error message and
//! no `Debug` output of this module prints one.

mod address;
mod annuaire;
mod csv;
mod trust;

pub use address::{MailboxAddress, PatientMailbox};
pub use annuaire::{PROFESSIONS, Profession, role_for_profession, role_for_structure_name};
pub use trust::{TrustSpace, TrustSpaceError};

use crate::position::Position;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

/// The recipient roles, one per group of R1110-2 CSP that may receive health data, plus the
/// person themself (`patient`) and `unknown` (not qualified): the policy's roles, one table
/// (`policy::Role`).
pub use crate::policy::Role as RecipientRole;

/// The kind of an MSSanté mailbox (BAL): the Annuaire distinguishes personal (`PER`),
/// organisational (`ORG`, a service or team) and applicative (`APP`, software) mailboxes; a Mon
/// espace santé mailbox `<matricule INS>@patient.mssante.fr` is the patient's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailboxKind {
    /// One professional's mailbox (`PER`).
    Nominative,
    /// A service's or team's mailbox, under a qualified professional's responsibility (`ORG`).
    Organisational,
    /// A software's mailbox for automated sending (`APP`).
    Applicative,
    /// A patient's Mon espace santé mailbox.
    Patient,
    /// Not said by any source.
    Unknown,
}

impl MailboxKind {
    /// The wire name (`nominative`, `organisationnelle`, `applicative`, `patient`, `unknown`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Nominative => "nominative",
            Self::Organisational => "organisationnelle",
            Self::Applicative => "applicative",
            Self::Patient => "patient",
            Self::Unknown => "unknown",
        }
    }

    /// The kind named by the extract's `Type de BAL` column (`PER`, `ORG`, `APP`), or by its
    /// wire name in a local CSV; anything else is `Unknown`.
    pub fn from_code(code: &str) -> MailboxKind {
        match code.trim().to_ascii_uppercase().as_str() {
            "PER" | "NOMINATIVE" | "PERSONNELLE" => Self::Nominative,
            "ORG" | "ORGANISATIONNELLE" => Self::Organisational,
            "APP" | "APPLICATIVE" => Self::Applicative,
            "PATIENT" => Self::Patient,
            _ => Self::Unknown,
        }
    }
}

impl fmt::Display for MailboxKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One mailbox of the directory. `Debug` does not print the address (personal data).
#[derive(Clone, PartialEq, Eq)]
pub struct Entry {
    /// The normalised address (domain in lower case, local part as written).
    pub address: String,
    /// The R1110-2 group of whoever reads the mailbox.
    pub role: RecipientRole,
    /// The structure the mailbox belongs to (name or national identifier), when known.
    pub structure: Option<String>,
    /// Whether the mailbox is in the MSSanté trust space; overrides the [`TrustSpace`] rule.
    pub trusted: bool,
    /// Personal, organisational, applicative, patient, or unknown.
    pub kind: MailboxKind,
}

impl fmt::Debug for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entry")
            .field("address", &"<redacted>")
            .field("role", &self.role)
            .field("structure", &self.structure.as_ref().map(|_| "<redacted>"))
            .field("trusted", &self.trusted)
            .field("kind", &self.kind)
            .finish()
    }
}

/// What the directory says about one recipient address, known or not. `Debug` does not print
/// the address.
#[derive(Clone, PartialEq, Eq)]
pub struct Recipient {
    /// The normalised address (domain in lower case), or the input trimmed when it is not an
    /// address.
    pub address: String,
    /// The role; `unknown` for an address the directory does not list (patients aside).
    pub role: RecipientRole,
    /// The structure, when the directory names one.
    pub structure: Option<String>,
    /// Whether mail to this address stays inside the MSSanté trust space.
    pub trusted: bool,
    /// The mailbox kind.
    pub kind: MailboxKind,
    /// Whether the directory lists the address.
    pub known: bool,
    /// A mailbox at `patient.mssante.fr` whose local part is not a matricule INS with a valid
    /// key: not the patient's for sure (role `unknown`); the report should say so.
    pub invalid_patient_ins: bool,
}

impl fmt::Debug for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Recipient")
            .field("address", &"<redacted>")
            .field("role", &self.role)
            .field("structure", &self.structure.as_ref().map(|_| "<redacted>"))
            .field("trusted", &self.trusted)
            .field("kind", &self.kind)
            .field("known", &self.known)
            .field("invalid_patient_ins", &self.invalid_patient_ins)
            .finish()
    }
}

/// A directory file that cannot be loaded: `file:line: problem`. The problem names a column or a
/// structural fault, never a field's content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{position}: {problem}")]
pub struct DirectoryError {
    /// The file as given to the loader, and the 1-based line when the problem is on one.
    pub position: Position,
    /// What is wrong, in French.
    pub problem: String,
}

impl DirectoryError {
    fn at(file: &str, line: usize, problem: impl Into<String>) -> Self {
        DirectoryError {
            position: Position::at_line(file, line),
            problem: problem.into(),
        }
    }

    fn whole(file: &str, problem: impl Into<String>) -> Self {
        DirectoryError {
            position: Position::whole(file),
            problem: problem.into(),
        }
    }
}

/// The recipients directory: mailbox → role, structure, trust, kind, plus the trust space that
/// decides for addresses it does not list.
///
/// Load the extract and the local CSV in any order: an entry of a local CSV (a structure's own
/// knowledge) replaces any earlier entry for the same address, an extract's entry never
/// replaces one (within the extract the first line of an address wins: the extract lists a
/// mailbox once per activity).
///
/// `Debug` prints the number of entries and the trust space, never an address.
///
/// ```
/// use tamis::recipients::{Directory, MailboxKind, RecipientRole};
///
/// let mut directory = Directory::new();
/// directory
///     .add_csv(
///         "annuaire.csv",
///         "address,role,structure,trusted\n\
///          infirmerie@ehpad-exemple.mssante.fr,medico_social_staff,EHPAD Exemple,true\n",
///     )
///     .unwrap();
/// let nurse = directory.resolve("infirmerie@EHPAD-Exemple.mssante.fr");
/// assert_eq!(nurse.role, RecipientRole::MedicoSocialStaff);
/// let friend = directory.resolve("someone@gmail.com");
/// assert!(!friend.trusted && friend.role == RecipientRole::Unknown);
/// let patient = directory.resolve("185057800608491@patient.mssante.fr");
/// assert_eq!(patient.kind, MailboxKind::Patient);
/// ```
#[derive(Clone, Default)]
pub struct Directory {
    entries: HashMap<String, Entry>,
    trust: TrustSpace,
}

impl fmt::Debug for Directory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Directory")
            .field("entries", &self.entries.len())
            .field("trust", &self.trust)
            .finish()
    }
}

impl Directory {
    /// An empty directory with the default trust space (`*.mssante.fr`).
    pub fn new() -> Directory {
        Directory::default()
    }

    /// Replaces the trust space (default: `*.mssante.fr`).
    pub fn with_trust_space(mut self, trust: TrustSpace) -> Directory {
        self.trust = trust;
        self
    }

    /// The trust space used for addresses the directory does not list.
    pub fn trust_space(&self) -> &TrustSpace {
        &self.trust
    }

    /// How many mailboxes the directory lists.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the directory lists no mailbox.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry for an address (domain compared case-insensitively, local part exactly).
    pub fn get(&self, address: &str) -> Option<&Entry> {
        let key = MailboxAddress::parse(address)?.normalized();
        self.entries.get(&key)
    }

    /// Loads a local CSV file `address,role,structure,trusted[,kind]` (see [`Directory::add_csv`]).
    pub fn load_csv(&mut self, path: &Path) -> Result<usize, DirectoryError> {
        let name = path.display().to_string();
        let text = read_utf8(path, &name)?;
        self.add_csv(&name, &text)
    }

    /// Adds the entries of a local CSV text: header line `address,role,structure,trusted` (an
    /// optional fifth column `kind`), RFC 4180 quoting, `#` comment lines and blank lines
    /// skipped; `trusted` is `true` or `false`; an empty `structure` is none. An address listed
    /// twice in the file is an error. Returns how many entries were added; on error nothing is
    /// added. `file` only names the source in errors.
    pub fn add_csv(&mut self, file: &str, text: &str) -> Result<usize, DirectoryError> {
        let entries = csv::parse_directory(file, text)?;
        let n = entries.len();
        for entry in entries {
            let key = entry.address.clone();
            self.entries.insert(key, entry);
        }
        Ok(n)
    }

    /// Loads an Annuaire Santé `Extraction_Correspondance_MSSante` file (see
    /// [`Directory::add_extract`]).
    pub fn load_extract(&mut self, path: &Path) -> Result<usize, DirectoryError> {
        let name = path.display().to_string();
        let text = read_utf8(path, &name)?;
        self.add_extract(&name, &text)
    }

    /// Adds the mailboxes of an Annuaire Santé extract text (`|`-separated, 31 columns, optional
    /// header line; FORMATS.md §1.12). Roles come from the profession code and label, or for
    /// organisational and applicative mailboxes without a profession from the structure's name
    /// ([`role_for_profession`], [`role_for_structure_name`]); every mailbox of the extract is
    /// trusted. Returns how many lines were read as mailboxes; on error nothing is added.
    pub fn add_extract(&mut self, file: &str, text: &str) -> Result<usize, DirectoryError> {
        let entries = annuaire::parse_extract(file, text)?;
        let n = entries.len();
        for entry in entries {
            let key = entry.address.clone();
            self.entries.entry(key).or_insert(entry);
        }
        Ok(n)
    }

    /// What the directory says about an address (bare, or in angle brackets):
    /// 1. the directory's entry, if any (its `trusted` overrides the trust space);
    /// 2. else a Mon espace santé mailbox with a valid matricule INS → `patient`, trusted;
    ///    one whose local part is not a valid INS → `unknown`, flagged;
    /// 3. else an address of the trust space → `unknown`, trusted;
    /// 4. else `unknown`, untrusted (gmail.com, not an address at all…).
    pub fn resolve(&self, address: &str) -> Recipient {
        let Some(parsed) = MailboxAddress::parse(address) else {
            return Recipient {
                address: address.trim().to_owned(),
                role: RecipientRole::Unknown,
                structure: None,
                trusted: false,
                kind: MailboxKind::Unknown,
                known: false,
                invalid_patient_ins: false,
            };
        };
        let key = parsed.normalized();
        if let Some(entry) = self.entries.get(&key) {
            return Recipient {
                address: key,
                role: entry.role,
                structure: entry.structure.clone(),
                trusted: entry.trusted,
                kind: entry.kind,
                known: true,
                invalid_patient_ins: false,
            };
        }
        let trusted = self.trust.is_trusted_domain(parsed.domain());
        let (role, kind, invalid_patient_ins) = match parsed.patient_mailbox() {
            Some(PatientMailbox::ValidIns) => (RecipientRole::Patient, MailboxKind::Patient, false),
            Some(PatientMailbox::InvalidIns) => {
                (RecipientRole::Unknown, MailboxKind::Patient, true)
            }
            None => (RecipientRole::Unknown, MailboxKind::Unknown, false),
        };
        Recipient {
            address: key,
            role,
            structure: None,
            trusted,
            kind,
            known: false,
            invalid_patient_ins,
        }
    }
}

/// MSSanté domains shared by many independent structures (the operators' per-profession domains
/// and the patients' domain): the same domain there says nothing about the structure.
/// Assumption: `medecin.mssante.fr` is documented (FORMATS.md §1.12, Mailiz); the other
/// per-profession Mailiz domains follow the same pattern and are not verified.
pub const SHARED_MSSANTE_DOMAINS: &[&str] = &[
    "patient.mssante.fr",
    "medecin.mssante.fr",
    "pharmacien.mssante.fr",
    "chirurgien-dentiste.mssante.fr",
    "sage-femme.mssante.fr",
    "infirmier.mssante.fr",
    "masseur-kinesitherapeute.mssante.fr",
    "pedicure-podologue.mssante.fr",
];

/// Whether two recipients belong to the same structure (care team, R1110-2 / L1110-12 1°).
///
/// The choice, in order:
/// 1. both have a structure in the directory: same structure (compared without case or
///    surrounding spaces) ⇔ yes; different ⇔ no, whatever the domains;
/// 2. otherwise, when at least one of them is an organisational mailbox, both are in the trust
///    space and they share an MSSanté domain (`*.mssante.fr`) that is not one of the
///    [`SHARED_MSSANTE_DOMAINS`]: yes — a structure's own MSSanté domain
///    (`infirmerie@ehpadstmichel.mssante.fr`) names the structure, and an organisational
///    mailbox is the structure's;
/// 3. otherwise no: a shared domain, or nominative mailboxes alone, prove nothing.
pub fn same_structure(a: &Recipient, b: &Recipient) -> bool {
    if let (Some(sa), Some(sb)) = (&a.structure, &b.structure) {
        return sa.trim().to_lowercase() == sb.trim().to_lowercase();
    }
    let organisational =
        a.kind == MailboxKind::Organisational || b.kind == MailboxKind::Organisational;
    if !organisational || !a.trusted || !b.trusted {
        return false;
    }
    let (Some(da), Some(db)) = (domain_of(&a.address), domain_of(&b.address)) else {
        return false;
    };
    da == db && da.ends_with(".mssante.fr") && !SHARED_MSSANTE_DOMAINS.contains(&da)
}

/// The (already lower-case) domain of a normalised address.
fn domain_of(address: &str) -> Option<&str> {
    address.rsplit_once('@').map(|(_, d)| d)
}

/// Reads a directory file as UTF-8; an invalid byte is reported with its line.
fn read_utf8(path: &Path, name: &str) -> Result<String, DirectoryError> {
    let bytes = std::fs::read(path)
        .map_err(|e| DirectoryError::whole(name, format!("lecture impossible ({})", e.kind())))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        DirectoryError::at(name, line, "texte qui n'est pas en UTF-8")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directory() -> Directory {
        let mut d = Directory::new().with_trust_space(
            TrustSpace::new()
                .with(["ght-exemple.fr", "*.ght-exemple.fr"])
                .unwrap(),
        );
        d.add_csv(
            "d.csv",
            "address,role,structure,trusted,kind\n\
             Officine@Pharmacie-Exemple.mssante.fr,health_professional,Pharmacie Exemple,true,nominative\n\
             accueil@ehpad-exemple.mssante.fr,medico_social_staff,,true,organisationnelle\n\
             secretariat@ght-exemple.fr,health_professional,GHT,false,\n\
             tuteur@orange.fr,legal_protection,UDAF,true,\n",
        )
        .unwrap();
        d
    }

    #[test]
    fn role_names_round_trip_and_typos_are_refused() {
        for &role in RecipientRole::ALL {
            assert_eq!(role.as_str().parse::<RecipientRole>(), Ok(role));
        }
        // Exact names only (the directory's reader trims its fields before parsing).
        assert!("Patient".parse::<RecipientRole>().is_err());
        assert!("health professional".parse::<RecipientRole>().is_err());
    }

    #[test]
    fn domains_compare_without_case_local_parts_exactly() {
        let d = directory();
        let r = d.resolve("<Officine@PHARMACIE-EXEMPLE.MSSANTE.FR>");
        assert!(r.known);
        assert_eq!(r.role, RecipientRole::HealthProfessional);
        assert_eq!(r.address, "Officine@pharmacie-exemple.mssante.fr");
        let other = d.resolve("officine@pharmacie-exemple.mssante.fr");
        assert!(!other.known, "the local part is compared exactly");
        assert_eq!(other.role, RecipientRole::Unknown);
        assert!(other.trusted, "still in *.mssante.fr");
    }

    #[test]
    fn gmail_is_unknown_and_untrusted() {
        let r = directory().resolve("jean.dupont@gmail.com");
        assert_eq!(
            (r.role, r.trusted, r.known, r.kind),
            (RecipientRole::Unknown, false, false, MailboxKind::Unknown)
        );
        let r = directory().resolve("pas une adresse");
        assert!(!r.trusted && !r.known);
    }

    #[test]
    fn the_entry_trust_overrides_the_trust_space() {
        let d = directory();
        assert!(d.trust_space().is_trusted("secretariat@ght-exemple.fr"));
        assert!(!d.resolve("secretariat@ght-exemple.fr").trusted);
        assert!(d.resolve("tuteur@orange.fr").trusted);
        let unlisted = d.resolve("x@ch.ght-exemple.fr");
        assert!(unlisted.trusted && !unlisted.known);
    }

    #[test]
    fn patient_mailboxes_need_a_valid_ins_key() {
        let d = directory();
        let ok = d.resolve("185057800608491@patient.mssante.fr");
        assert_eq!(
            (ok.role, ok.kind),
            (RecipientRole::Patient, MailboxKind::Patient)
        );
        assert!(ok.trusted && !ok.known && !ok.invalid_patient_ins);
        let bad = d.resolve("185057800608492@patient.mssante.fr");
        assert_eq!(
            (bad.role, bad.kind),
            (RecipientRole::Unknown, MailboxKind::Patient)
        );
        assert!(bad.invalid_patient_ins);
    }

    #[test]
    fn local_entries_win_over_the_extract_whatever_the_order() {
        let mut line = vec![""; annuaire::COLUMNS];
        line[0] = "PER";
        line[1] = "Officine@pharmacie-exemple.mssante.fr";
        line[13] = "93";
        let mut d = directory();
        d.add_extract("x.txt", &line.join("|")).unwrap();
        let r = d.resolve("Officine@pharmacie-exemple.mssante.fr");
        assert_eq!(r.role, RecipientRole::HealthProfessional);
        let mut d = Directory::new();
        d.add_extract("x.txt", &line.join("|")).unwrap();
        assert_eq!(
            d.get("Officine@pharmacie-exemple.mssante.fr").unwrap().role,
            RecipientRole::PsyTitled
        );
        d.add_csv("d.csv", "address,role,structure,trusted\nOfficine@pharmacie-exemple.mssante.fr,health_professional,,true\n")
            .unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(
            d.get("Officine@pharmacie-exemple.mssante.fr").unwrap().role,
            RecipientRole::HealthProfessional
        );
    }

    #[test]
    fn same_structure_by_directory_or_by_an_organisational_domain() {
        let d = directory();
        let ehpad_org = d.resolve("accueil@ehpad-exemple.mssante.fr");
        let ehpad_nurse = d.resolve("ide@ehpad-exemple.mssante.fr");
        assert!(same_structure(&ehpad_org, &ehpad_nurse));
        let a = d.resolve("a@medecin.mssante.fr");
        let b = d.resolve("b@medecin.mssante.fr");
        assert!(
            !same_structure(&a, &b),
            "a shared operator domain proves nothing"
        );
        let pharmacy = d.resolve("Officine@pharmacie-exemple.mssante.fr");
        let pharmacy2 = d.resolve("Officine@PHARMACIE-exemple.mssante.fr");
        assert!(same_structure(&pharmacy, &pharmacy2));
        assert!(!same_structure(&pharmacy, &d.resolve("tuteur@orange.fr")));
        assert!(!same_structure(
            &ehpad_nurse,
            &d.resolve("autre@ehpad-exemple.mssante.fr")
        ));
    }

    #[test]
    fn errors_and_debug_do_not_print_addresses() {
        let r = directory().resolve("185057800608491@patient.mssante.fr");
        assert!(!format!("{r:?}").contains("185057800608491"));
        let mut d = Directory::new();
        let err = d
            .add_csv("d.csv", "address,role,structure,trusted\n185057800608491@patient.mssante.fr,patient,,maybe\n")
            .unwrap_err();
        assert!(!err.to_string().contains("185057800608491"));
        assert!(d.is_empty(), "nothing is added on error");
    }
}
