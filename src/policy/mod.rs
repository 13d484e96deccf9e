//! The minimisation policy: for each declared purpose and each recipient role, which categories
//! of data are strictly necessary (`shared/DESIGN.md` §1, criterion 3: CSP L1110-4, L1110-12,
//! R1110-2; GDPR art. 5(1)(c) and 9).
//!
//! A [`Policy`] is read from a TOML file (`policy/default.toml` is shipped and embedded, a
//! structure may replace it; the format is in `policy/README.md`). Every purpose × role cell is
//! written out in the file with its categories and a one-line French reason, so that every
//! decision tamis takes can be explained with the file's own words. Loading checks the whole
//! file and reports the first problem as a [`PolicyError`] with its line and column.
//!
//! This module is pure: it knows categories, purposes and roles, not documents or findings.

mod error;
mod parse;
mod set;

pub use error::{PolicyError, PolicyErrorKind};
pub use set::CategorySet;

use crate::category::Category;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

macro_rules! names {
    (
        $(#[$meta:meta])* $ty:ident, $err:ident, $what:literal,
        { $($(#[$vmeta:meta])* $variant:ident = $name:literal, $label:literal,)* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $ty { $($(#[$vmeta])* $variant,)* }

        impl $ty {
            /// Every value, in the order of `shared/DESIGN.md` §3.
            pub const ALL: &'static [$ty] = &[$($ty::$variant,)*];

            /// Every wire name, in the same order (for a command line's possible values).
            pub const NAMES: &'static [&'static str] = &[$($name,)*];

            /// The wire name, as in the policy file, the command line and the report.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $name,)* }
            }

            /// The French name, for the DPO's page and what a person reads.
            pub fn label(self) -> &'static str {
                match self { $($ty::$variant => $label,)* }
            }

            fn index(self) -> usize {
                self as usize
            }
        }

        impl FromStr for $ty {
            type Err = $err;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($name => Ok($ty::$variant),)*
                    _ => Err($err(s.to_string())),
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[doc = concat!("A ", $what, " name that tamis does not know; its message lists the known ones.")]
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $err(pub String);

        impl fmt::Display for $err {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "unknown {} {:?} (known: ", $what, self.0)?;
                for (i, v) in $ty::ALL.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(v.as_str())?;
                }
                f.write_str(")")
            }
        }

        impl std::error::Error for $err {}
    };
}

names! {
    /// The declared purpose of an exchange (CSP L1110-4, L1110-12: health data is shared only as
    /// strictly necessary to one of these; `administrative` needs no health data).
    Purpose, UnknownPurpose, "purpose",
    {
        /// Coordination of care (coordination des soins).
        CareCoordination = "care_coordination", "coordination des soins",
        /// Continuity of care: hand-over, transfer, discharge, replacement.
        CareContinuity = "care_continuity", "continuité des soins",
        /// Prevention, including prevention of the loss of autonomy.
        Prevention = "prevention", "prévention",
        /// Medico-social follow-up (ESMS, disability, dependency).
        MedicoSocialFollowUp = "medico_social_follow_up", "suivi médico-social",
        /// Social follow-up.
        SocialFollowUp = "social_follow_up", "suivi social",
        /// Administrative exchange: appointments, billing, paperwork. No health data.
        Administrative = "administrative", "échange administratif",
    }
}

names! {
    /// The role of a recipient: the groups of CSP R1110-2, the person themself, or unknown.
    Role, UnknownRole, "role",
    {
        /// Health professional (CSP part 4), residents included (R1110-2 k, l).
        HealthProfessional = "health_professional", "professionnel de santé",
        /// Psychologists and psychotherapists by title, osteopaths, chiropractors (R1110-2 b).
        PsyTitled = "psy_titled", "psychologue, psychothérapeute, ostéopathe, chiropracteur",
        /// Social workers (assistants de service social, R1110-2 a).
        SocialWorker = "social_worker", "assistant de service social",
        /// ESMS staff, educators, family assistants, host families, APA and MAIA teams
        /// (R1110-2 b–e, g–i).
        MedicoSocialStaff = "medico_social_staff", "professionnel du médico-social",
        /// Staff of the care-pathway coordination services (DAC, R1110-2 j).
        CoordinationStaff = "coordination_staff", "professionnel de la coordination (DAC)",
        /// Legal protection of adults: mandataires judiciaires (R1110-2 f).
        LegalProtection = "legal_protection", "mandataire judiciaire",
        /// The person themself (Mon espace santé mailbox).
        Patient = "patient", "la personne elle-même",
        /// A recipient whose role is not known: not qualified under R1110-2.
        Unknown = "unknown", "rôle inconnu",
    }
}

/// One purpose × role cell of the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cell {
    needed: CategorySet,
    reason: String,
    /// Per-category notes (a category kept or left out for a reason of its own).
    notes: Vec<(Category, String)>,
}

/// The minimisation policy: for each purpose × role, the categories needed and why.
///
/// Built from a TOML file ([`Policy::from_toml`], [`Policy::load`]) or the shipped one
/// ([`Policy::default`]). Immutable once built; `Send + Sync`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// `Purpose::ALL.len() * Role::ALL.len()` cells, purpose-major.
    cells: Vec<Cell>,
    sensitive_roles: Vec<Role>,
    sensitive_needs_care_team: bool,
}

/// The shipped policy file, embedded in the binary.
pub const DEFAULT_POLICY: &str = include_str!("../../policy/default.toml");

/// The name the embedded file goes by in errors.
pub const DEFAULT_POLICY_NAME: &str = "policy/default.toml";

impl Default for Policy {
    /// The shipped policy (`policy/default.toml`, embedded at build time).
    fn default() -> Self {
        // The embedded file is a constant checked by the unit tests, not input: a failure here is
        // a build defect, caught by `default_policy_loads_with_every_cell`.
        Policy::from_toml(DEFAULT_POLICY_NAME, DEFAULT_POLICY)
            .expect("the shipped policy/default.toml is valid (unit-tested)")
    }
}

impl Policy {
    /// The TOML of a policy under which no purpose needs any category for any role: everything
    /// found goes (the sensitive tier still asks for the care team). For copies that must keep
    /// no value at all, and for the fuzz target and regression tests of redaction.
    pub fn remove_everything_toml() -> String {
        let mut toml = String::from(
            "version = 1\nsensitive_roles = [\"health_professional\"]\nsensitive_needs_care_team = true\n",
        );
        for purpose in Purpose::ALL {
            for role in Role::ALL {
                toml.push_str(&format!(
                    "[{}.{}]\nneeded = []\nreason = \"Rien n'est nécessaire.\"\n",
                    purpose.as_str(),
                    role.as_str()
                ));
            }
        }
        toml
    }

    /// The shipped policy, parsed once and shared: [`Policy::default`] without parsing again.
    pub fn shipped() -> &'static Policy {
        static SHIPPED: std::sync::LazyLock<Policy> = std::sync::LazyLock::new(Policy::default);
        &SHIPPED
    }

    /// Reads a policy from TOML text; `name` is the file name used in errors.
    pub fn from_toml(name: &str, text: &str) -> Result<Policy, PolicyError> {
        parse::parse(name, text)
    }

    /// Reads a policy file.
    pub fn load(path: &Path) -> Result<Policy, PolicyError> {
        let name = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => Policy::from_toml(&name, &text),
            Err(e) => Err(PolicyError {
                position: crate::position::Position::whole(name),
                kind: PolicyErrorKind::Read(e.to_string()),
            }),
        }
    }

    fn cell(&self, purpose: Purpose, role: Role) -> &Cell {
        // Every cell exists: the parser refuses a file with a missing one.
        &self.cells[cell_index(purpose, role)]
    }

    /// The categories `role` needs for `purpose`; everything else is to be removed.
    pub fn needed(&self, purpose: Purpose, role: Role) -> &CategorySet {
        &self.cell(purpose, role).needed
    }

    /// Whether `role` needs `category` for `purpose`.
    pub fn is_needed(&self, purpose: Purpose, role: Role, category: Category) -> bool {
        self.needed(purpose, role).contains(category)
    }

    /// The cell's one-line reason, in French, for the person sending.
    pub fn reason(&self, purpose: Purpose, role: Role) -> &str {
        &self.cell(purpose, role).reason
    }

    /// The note the file gives for `category` in this cell, if it has one.
    pub fn note(&self, purpose: Purpose, role: Role, category: Category) -> Option<&str> {
        let cell = self.cell(purpose, role);
        cell.notes
            .iter()
            .find(|(c, _)| *c == category)
            .map(|(_, note)| note.as_str())
    }

    /// Why `category` is kept or removed in this cell: its own note, else the cell's reason.
    pub fn needed_reason(&self, purpose: Purpose, role: Role, category: Category) -> &str {
        self.note(purpose, role, category)
            .unwrap_or_else(|| self.reason(purpose, role))
    }

    /// The roles that may receive the sensitive tier (mental health, HIV and STIs, addictions,
    /// reproductive health, genetics) when their cell needs the category.
    pub fn sensitive_roles(&self) -> &[Role] {
        &self.sensitive_roles
    }

    /// Whether `role` may receive sensitive findings at all (see [`Policy::sensitive_roles`]).
    pub fn sensitive_allowed(&self, role: Role) -> bool {
        self.sensitive_roles.contains(&role)
    }

    /// Whether a professional must also be in the person's care team to receive the sensitive
    /// tier, consent not being enough (`shared/DESIGN.md` §3). The person themself is not part
    /// of their own care team: the integration applies this to professional roles only.
    pub fn sensitive_needs_care_team(&self) -> bool {
        self.sensitive_needs_care_team
    }
}

fn cell_index(purpose: Purpose, role: Role) -> usize {
    purpose.index() * Role::ALL.len() + role.index()
}

#[cfg(test)]
mod tests;
