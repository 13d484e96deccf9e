//! Reading a policy file: TOML parsed with spans (`toml::de::DeTable`), then walked by hand so
//! that every problem names its line and column.

use super::{CategorySet, Cell, Policy, PolicyError, PolicyErrorKind, Purpose, Role, cell_index};
use crate::category::Category;
use crate::position::Position;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The only format version this code reads.
const VERSION: &str = "1";

/// The keys of a cell, for the "unknown key" message.
const CELL_KEYS: &str = "needed, reason, notes";

/// The top-level keys besides the purposes.
const TOP_KEYS: &str =
    "version, sensitive_roles, sensitive_needs_care_team, and the purposes as tables";

/// The file being read, to turn byte offsets into positions.
struct Source<'a> {
    file: &'a str,
    text: &'a str,
}

type Result<T> = std::result::Result<T, PolicyError>;

impl Source<'_> {
    /// An error at byte offset `at`.
    fn err(&self, at: usize, kind: PolicyErrorKind) -> PolicyError {
        PolicyError {
            position: Position::at_offset(self.file, self.text, at),
            kind,
        }
    }

    fn err_at(&self, span: Range<usize>, kind: PolicyErrorKind) -> PolicyError {
        self.err(span.start, kind)
    }
}

type Key<'i> = Spanned<std::borrow::Cow<'i, str>>;

/// The entries of a table in the order they are written, so that the first problem reported is
/// the first in the file (the table itself is sorted by key unless toml's `preserve_order` is
/// on, which another crate may or may not enable).
fn in_file_order<'t, 'i>(table: &'t DeTable<'i>) -> Vec<(&'t Key<'i>, &'t Spanned<DeValue<'i>>)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

/// Parses and checks a whole policy file.
pub(super) fn parse(file: &str, text: &str) -> Result<Policy> {
    let src = Source { file, text };
    let doc = DeTable::parse(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        src.err(at, PolicyErrorKind::Syntax(e.message().trim().to_string()))
    })?;
    let doc = doc.get_ref();
    check_version(&src, doc)?;

    let mut cells: Vec<Option<Cell>> = vec![None; Purpose::ALL.len() * Role::ALL.len()];
    // Where each purpose first appears, to point a missing cell at its purpose.
    let mut purpose_at: Vec<Option<usize>> = vec![None; Purpose::ALL.len()];
    let mut sensitive_roles = None;
    let mut sensitive_needs_care_team = None;
    for (key, value) in in_file_order(doc) {
        match key.get_ref().as_ref() {
            "version" => {}
            "sensitive_roles" => sensitive_roles = Some(roles(&src, key, value)?),
            "sensitive_needs_care_team" => match value.get_ref() {
                DeValue::Boolean(b) => sensitive_needs_care_team = Some(*b),
                _ => return Err(wrong_type(&src, key, value, "true or false")),
            },
            name => {
                let purpose: Purpose = name.parse().map_err(|e| {
                    // A scalar at the top is a misspelt setting, a table a misspelt purpose.
                    let kind = match value.get_ref() {
                        DeValue::Table(_) => PolicyErrorKind::UnknownPurpose(e),
                        _ => PolicyErrorKind::UnknownKey {
                            key: name.to_string(),
                            known: TOP_KEYS,
                        },
                    };
                    src.err_at(key.span(), kind)
                })?;
                purpose_at[purpose.index()] = Some(key.span().start);
                let Some(table) = value.get_ref().as_table() else {
                    return Err(wrong_type(&src, key, value, "a table of roles"));
                };
                for (role_key, cell_value) in in_file_order(table) {
                    let role: Role = role_key.get_ref().parse().map_err(|e| {
                        src.err_at(role_key.span(), PolicyErrorKind::UnknownRole(e))
                    })?;
                    let cell = parse_cell(&src, purpose, role, role_key, cell_value)?;
                    if let Some(slot) = cells.get_mut(cell_index(purpose, role)) {
                        *slot = Some(cell);
                    }
                }
            }
        }
    }

    let mut complete = Vec::with_capacity(cells.len());
    for &purpose in Purpose::ALL {
        for &role in Role::ALL {
            match cells
                .get_mut(cell_index(purpose, role))
                .and_then(Option::take)
            {
                Some(cell) => complete.push(cell),
                None => {
                    let at = purpose_at[purpose.index()].unwrap_or(text.len());
                    return Err(src.err(at, PolicyErrorKind::MissingCell { purpose, role }));
                }
            }
        }
    }
    let missing = |key| {
        src.err(
            text.len(),
            PolicyErrorKind::MissingKey {
                key,
                place: "at the top of the file".into(),
            },
        )
    };
    Ok(Policy {
        cells: complete,
        sensitive_roles: sensitive_roles.ok_or_else(|| missing("sensitive_roles"))?,
        sensitive_needs_care_team: sensitive_needs_care_team
            .ok_or_else(|| missing("sensitive_needs_care_team"))?,
    })
}

fn check_version(src: &Source<'_>, doc: &DeTable<'_>) -> Result<()> {
    let Some((key, value)) = doc.iter().find(|(k, _)| k.get_ref() == "version") else {
        return Err(src.err(0, PolicyErrorKind::MissingVersion));
    };
    let found = match value.get_ref() {
        DeValue::Integer(i) if i.radix() == 10 && i.as_str() == VERSION => return Ok(()),
        DeValue::Integer(i) => i.as_str().to_string(),
        DeValue::String(s) => format!("{s:?}"),
        _ => return Err(wrong_type(src, key, value, "an integer")),
    };
    Err(src.err_at(value.span(), PolicyErrorKind::Version(found)))
}

fn wrong_type(
    src: &Source<'_>,
    key: &Key<'_>,
    value: &Spanned<DeValue<'_>>,
    expected: &'static str,
) -> PolicyError {
    src.err_at(
        value.span(),
        PolicyErrorKind::WrongType {
            key: key.get_ref().to_string(),
            expected,
        },
    )
}

/// `sensitive_roles = ["health_professional", …]`.
fn roles(src: &Source<'_>, key: &Key<'_>, value: &Spanned<DeValue<'_>>) -> Result<Vec<Role>> {
    let mut out: Vec<Role> = Vec::new();
    for (name, span) in strings(src, key, value)? {
        let role: Role = name
            .parse()
            .map_err(|e| src.err_at(span.clone(), PolicyErrorKind::UnknownRole(e)))?;
        if out.contains(&role) {
            return Err(src.err_at(span, PolicyErrorKind::DuplicateRole(role)));
        }
        out.push(role);
    }
    Ok(out)
}

/// An array of strings, each with its span.
fn strings<'v>(
    src: &Source<'_>,
    key: &Key<'_>,
    value: &'v Spanned<DeValue<'_>>,
) -> Result<Vec<(&'v str, Range<usize>)>> {
    const EXPECTED: &str = "a list of names in double quotes";
    let Some(items) = value.get_ref().as_array() else {
        return Err(wrong_type(src, key, value, EXPECTED));
    };
    items
        .iter()
        .map(|item| match item.get_ref().as_str() {
            Some(s) => Ok((s, item.span())),
            None => Err(wrong_type(src, key, item, EXPECTED)),
        })
        .collect()
}

/// A non-empty one-line text (reason or note).
fn text(src: &Source<'_>, key: &Key<'_>, value: &Spanned<DeValue<'_>>) -> Result<String> {
    let Some(s) = value.get_ref().as_str() else {
        return Err(wrong_type(src, key, value, "a text in double quotes"));
    };
    if s.trim().is_empty() {
        return Err(src.err_at(
            value.span(),
            PolicyErrorKind::EmptyText {
                key: key.get_ref().to_string(),
            },
        ));
    }
    Ok(s.trim().to_string())
}

/// One `[purpose.role]` table.
fn parse_cell(
    src: &Source<'_>,
    purpose: Purpose,
    role: Role,
    role_key: &Key<'_>,
    value: &Spanned<DeValue<'_>>,
) -> Result<Cell> {
    let Some(table) = value.get_ref().as_table() else {
        return Err(wrong_type(
            src,
            role_key,
            value,
            "a table with `needed` and `reason`",
        ));
    };
    let mut needed = None;
    let mut reason = None;
    let mut notes = Vec::new();
    for (key, value) in in_file_order(table) {
        match key.get_ref().as_ref() {
            "needed" => needed = Some(categories(src, key, value)?),
            "reason" => reason = Some(text(src, key, value)?),
            "notes" => notes = parse_notes(src, key, value)?,
            other => {
                return Err(src.err_at(
                    key.span(),
                    PolicyErrorKind::UnknownKey {
                        key: other.to_string(),
                        known: CELL_KEYS,
                    },
                ));
            }
        }
    }
    let needed = needed.ok_or_else(|| {
        src.err_at(
            role_key.span(),
            PolicyErrorKind::MissingKey {
                key: "needed",
                place: format!("in [{purpose}.{role}] (write needed = [] when nothing is)"),
            },
        )
    })?;
    let reason = reason.ok_or_else(|| {
        src.err_at(
            role_key.span(),
            PolicyErrorKind::MissingReason { purpose, role },
        )
    })?;
    Ok(Cell {
        needed,
        reason,
        notes,
    })
}

/// `needed = ["person_name", …]`: known categories, each once.
fn categories(
    src: &Source<'_>,
    key: &Key<'_>,
    value: &Spanned<DeValue<'_>>,
) -> Result<CategorySet> {
    let mut set = CategorySet::EMPTY;
    for (name, span) in strings(src, key, value)? {
        let category: Category = name
            .parse()
            .map_err(|e| src.err_at(span.clone(), PolicyErrorKind::UnknownCategory(e)))?;
        if !set.insert(category) {
            return Err(src.err_at(span, PolicyErrorKind::DuplicateCategory(category)));
        }
    }
    Ok(set)
}

/// `notes = { diagnosis = "…" }` or a `[purpose.role.notes]` table.
fn parse_notes(
    src: &Source<'_>,
    key: &Key<'_>,
    value: &Spanned<DeValue<'_>>,
) -> Result<Vec<(Category, String)>> {
    let Some(table) = value.get_ref().as_table() else {
        return Err(wrong_type(
            src,
            key,
            value,
            "a table of category = \"note\"",
        ));
    };
    let mut notes = Vec::new();
    for (name, note) in in_file_order(table) {
        let category: Category = name
            .get_ref()
            .parse()
            .map_err(|e| src.err_at(name.span(), PolicyErrorKind::UnknownCategory(e)))?;
        notes.push((category, text(src, name, note)?));
    }
    Ok(notes)
}
