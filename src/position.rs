//! [`Position`]: where in a file a problem is, for every error that points at a file and a
//! line — the configuration file, the policy, the recipients directory, the Annuaire extract
//! and the trust list, the dictionaries (at build time too: `build.rs` compiles this file
//! with `scan/dictionary.rs`), the affix rules and the reveal table.
//!
//! One type and one display, the way compilers write it so that an editor jumps there:
//! `file` (the problem is the whole file: it cannot be read, a key is missing), `file:line`
//! (line-based formats) or `file:line:column` (TOML, column in characters). A column without a
//! line cannot be written. A position names a place, never what the file says there.

use std::fmt;

/// A file, and the 1-based line and column of a problem in it when there is one.
///
/// ```
/// use tamis::position::Position;
///
/// assert_eq!(Position::whole("tamis.toml").to_string(), "tamis.toml");
/// assert_eq!(Position::at_line("annuaire.csv", 3).to_string(), "annuaire.csv:3");
/// let p = Position::at_offset("politique.toml", "version = 1\nmedical = [\n", 14);
/// assert_eq!((p.line(), p.column()), (Some(2), Some(3)));
/// assert_eq!(p.to_string(), "politique.toml:2:3");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    file: String,
    place: Place,
}

/// Where in the file: a column only ever comes with its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Whole,
    Line(usize),
    Column(usize, usize),
}

impl Position {
    /// The whole file: no line to point at.
    pub fn whole(file: impl Into<String>) -> Position {
        Position {
            file: file.into(),
            place: Place::Whole,
        }
    }

    /// A 1-based line of `file`.
    pub fn at_line(file: impl Into<String>, line: usize) -> Position {
        debug_assert!(line >= 1, "lines are 1-based");
        Position {
            file: file.into(),
            place: Place::Line(line),
        }
    }

    /// A 1-based line and column (in characters) of `file`.
    pub fn at(file: impl Into<String>, line: usize, column: usize) -> Position {
        debug_assert!(line >= 1 && column >= 1, "lines and columns are 1-based");
        Position {
            file: file.into(),
            place: Place::Column(line, column),
        }
    }

    /// The line and column of byte offset `at` of `text`, the contents of `file` (an offset
    /// past the end is the end; one inside a character is that character).
    pub fn at_offset(file: impl Into<String>, text: &str, at: usize) -> Position {
        let (line, column) = line_col(text, at);
        Position::at(file, line, column)
    }

    /// The file, as the user gave it (or the shipped file's name).
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The 1-based line, if the problem is on one.
    pub fn line(&self) -> Option<usize> {
        match self.place {
            Place::Whole => None,
            Place::Line(line) | Place::Column(line, _) => Some(line),
        }
    }

    /// The 1-based column in characters, if known.
    pub fn column(&self) -> Option<usize> {
        match self.place {
            Place::Column(_, column) => Some(column),
            Place::Whole | Place::Line(_) => None,
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.place {
            Place::Whole => write!(f, "{}", self.file),
            Place::Line(line) => write!(f, "{}:{line}", self.file),
            Place::Column(line, column) => write!(f, "{}:{line}:{column}", self.file),
        }
    }
}

/// 1-based line and column (in characters) of byte offset `at` of `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    // `rsplit` yields at least one piece, even of an empty text.
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "a\nété = x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 2), (2, 1));
        // "été " is 6 bytes, 4 characters.
        assert_eq!(line_col(text, 8), (2, 5));
        // Inside a multi-byte character, and past the end: no panic.
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 999), (3, 1));
    }

    #[test]
    fn each_place_displays_as_compilers_write_it() {
        assert_eq!(Position::whole("a.toml").to_string(), "a.toml");
        assert_eq!(Position::at_line("a.tsv", 12).to_string(), "a.tsv:12");
        assert_eq!(Position::at("a.toml", 3, 7).to_string(), "a.toml:3:7");
        let p = Position::at_line("a.tsv", 12);
        assert_eq!((p.file(), p.line(), p.column()), ("a.tsv", Some(12), None));
        assert_eq!(Position::whole("a").line(), None);
    }
}
