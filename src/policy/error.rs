//! [`PolicyError`]: what is wrong in a policy file, and where.

use super::{Purpose, Role, UnknownPurpose, UnknownRole};
use crate::category::{Category, UnknownCategory};
use crate::position::Position;

/// An error in a policy file: where (the file, and the 1-based line and column of the problem,
/// none when the file cannot be read at all) and what.
///
/// Displayed as `file:line:column: problem`, or `file: problem` (one [`Position`] display for
/// every error that points into a file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{position}: {kind}")]
pub struct PolicyError {
    /// The file as given to [`super::Policy::from_toml`] or [`super::Policy::load`], and where.
    pub position: Position,
    /// What is wrong.
    pub kind: PolicyErrorKind,
}

/// The kinds of problems a policy file can have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyErrorKind {
    /// The file cannot be read (I/O error, not UTF-8).
    #[error("cannot read the policy file: {0}")]
    Read(String),
    /// The file is not valid TOML.
    #[error("TOML syntax: {0}")]
    Syntax(String),
    /// No `version` key at the top.
    #[error("missing `version = 1` at the top of the file")]
    MissingVersion,
    /// A `version` this tamis does not read.
    #[error("unsupported version {0} (this tamis reads version 1)")]
    Version(String),
    /// A table name that is not a purpose.
    #[error("{0}")]
    UnknownPurpose(UnknownPurpose),
    /// A table name (under a purpose) or a list item that is not a role.
    #[error("{0}")]
    UnknownRole(UnknownRole),
    /// A list item or note key that is not a category.
    #[error("{0}")]
    UnknownCategory(UnknownCategory),
    /// A key the format does not have (a typo, most often).
    #[error("unknown key {key:?} (known: {known})")]
    UnknownKey { key: String, known: &'static str },
    /// A value of the wrong TOML type.
    #[error("`{key}` must be {expected}")]
    WrongType { key: String, expected: &'static str },
    /// A category written twice in one `needed` list.
    #[error("category {0} is listed twice")]
    DuplicateCategory(Category),
    /// A role written twice in `sensitive_roles`.
    #[error("role {0} is listed twice")]
    DuplicateRole(Role),
    /// A purpose × role cell that is not written out: every cell is explicit, no hidden default.
    #[error(
        "missing cell [{purpose}.{role}]: every purpose × role must be written out, even with needed = []"
    )]
    MissingCell { purpose: Purpose, role: Role },
    /// A key every file or every cell must have (`needed`, `sensitive_roles`…).
    #[error("missing `{key}` {place}")]
    MissingKey { key: &'static str, place: String },
    /// A cell without its one-line reason.
    #[error("missing `reason` in [{purpose}.{role}]: every cell says why, in one line")]
    MissingReason { purpose: Purpose, role: Role },
    /// A reason or note that is empty.
    #[error("`{key}` is empty: write one line saying why")]
    EmptyText { key: String },
}
