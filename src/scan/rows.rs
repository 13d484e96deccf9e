//! Rows and banners (issue 19 §1): identifiers laid out in table rows and patient banners, where
//! no label word sits next to the value and its neighbours say what it is.
//!
//! A line is cut into cells by its separators: pipes (`|`, `¦`), tabs, semicolons (an export) or,
//! for a table aligned with spaces, runs of two spaces or more (read on the original text: the
//! folded text collapses whitespace). Two models read the cells:
//!
//! - **Header and columns.** A row whose cells are column titles (`Nom`, `Prénom`, `Né(e) le`,
//!   `IPP`, `N° séjour`, `NIR`, `Adresse`, `CP`, `Ville`…: at least two of them, no digit) gives
//!   each column a category; the rows below it with the same separators (until a blank line or a
//!   line of another layout) have their cells read by column — by index, or by position for a
//!   table aligned with spaces. A name cell needs letters and no digit, a date cell a valid date
//!   of a plausible birth year, a number cell a record number.
//! - **Banner.** A row with a sex cell (`M`, `F`, `H`, `Homme`, `Femme`…) or an age cell
//!   (`55 ans`) is a patient banner: the words in capitals that end the cell before the first
//!   such cell are the name, the first date of a plausible birth year is the birth date, and
//!   the record numbers of the other cells (not a phone number, not a date) are the patient's
//!   identifiers (IPP, stay number: both reported as `ipp`).
//!
//! One pass over the lines, each cell read a bounded number of times: linear.

use super::normalize::fold;
use super::{Candidate, Ctx};
use crate::category::Category;

/// How a line is cut into cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Pipes,
    Tabs,
    Semicolons,
    Aligned,
}

/// A cell: original byte range (trimmed) and, for aligned tables, the column (in characters) it
/// starts at.
#[derive(Debug, Clone, Copy)]
struct Cell {
    s: usize,
    e: usize,
    col: usize,
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Birth,
    Record,
    Nir,
    Address,
    Other,
}

/// The table header in force.
struct Header {
    layout: Layout,
    columns: Vec<(Column, usize)>,
}

/// The longest line read as a row: a longer one is prose, not a table row.
const MAX_ROW: usize = 2_000;

pub(crate) fn find(ctx: &Ctx, out: &mut Vec<Candidate>) {
    let text = ctx.original;
    let mut header: Option<Header> = None;
    let mut cells: Vec<Cell> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            header = None;
            continue;
        }
        if line.len() > MAX_ROW {
            header = None;
            continue;
        }
        let Some(layout) = layout_of(line) else {
            header = None;
            continue;
        };
        cells.clear();
        split(line, start, layout, &mut cells);
        if cells.len() < 2 {
            header = None;
            continue;
        }
        if let Some(h) = header_of(text, &cells, layout) {
            header = Some(h);
            continue;
        }
        match &header {
            Some(h) if h.layout == layout => by_columns(text, h, &cells, out),
            _ => header = None,
        }
        banner(text, &cells, out);
    }
}

fn layout_of(line: &str) -> Option<Layout> {
    if line.contains('|') || line.contains('¦') {
        Some(Layout::Pipes)
    } else if line.contains('\t') {
        Some(Layout::Tabs)
    } else if line.bytes().filter(|b| *b == b';').count() >= 2 {
        Some(Layout::Semicolons)
    } else if line.trim().contains("  ") {
        Some(Layout::Aligned)
    } else {
        None
    }
}

/// Cuts `line` (starting at original offset `base`) into trimmed, non-empty cells.
fn split(line: &str, base: usize, layout: Layout, cells: &mut Vec<Cell>) {
    let mut cell_start: Option<(usize, usize)> = None; // (byte, column)
    let mut last_end = 0;
    let mut spaces = 0;
    let push = |s: usize, e: usize, col: usize, cells: &mut Vec<Cell>| {
        if e > s {
            cells.push(Cell {
                s: base + s,
                e: base + e,
                col,
            });
        }
    };
    for (col, (i, c)) in line.char_indices().enumerate() {
        let sep = match layout {
            Layout::Pipes => c == '|' || c == '¦',
            Layout::Tabs => c == '\t',
            Layout::Semicolons => c == ';',
            Layout::Aligned => false,
        };
        if sep {
            if let Some((s, col)) = cell_start.take() {
                push(s, last_end, col, cells);
            }
            spaces = 0;
            continue;
        }
        if c.is_whitespace() {
            spaces += 1;
            if layout == Layout::Aligned
                && spaces >= 2
                && let Some((s, col)) = cell_start.take()
            {
                push(s, last_end, col, cells);
            }
            continue;
        }
        spaces = 0;
        if cell_start.is_none() {
            cell_start = Some((i, col));
        }
        last_end = i + c.len_utf8();
    }
    if let Some((s, col)) = cell_start {
        push(s, last_end, col, cells);
    }
}

/// The column a title names, if it is one.
fn title(cell: &str) -> Option<Column> {
    let f = fold(cell);
    let f = f.trim_end_matches([':', '.', ' ', '*']).trim();
    let f = f.strip_prefix("n° ").unwrap_or(f);
    let f = f.strip_prefix("n°").unwrap_or(f);
    let f = f.strip_prefix("numero ").unwrap_or(f);
    let f = f
        .strip_prefix("de ")
        .or_else(|| f.strip_prefix("du "))
        .unwrap_or(f);
    Some(match f {
        "nom"
        | "prenom"
        | "prenoms"
        | "nom prenom"
        | "nom - prenom"
        | "nom/prenom"
        | "nom et prenom"
        | "nom, prenom"
        | "nom de naissance"
        | "nom d'usage"
        | "nom de famille"
        | "nom usuel"
        | "patient"
        | "patiente"
        | "nom du patient"
        | "identite"
        | "resident"
        | "residente"
        | "usager"
        | "beneficiaire"
        | "medecin"
        | "praticien"
        | "chirurgien"
        | "anesthesiste"
        | "infirmier"
        | "infirmiere"
        | "ide"
        | "referent"
        | "medecin traitant"
        | "prescripteur"
        | "operateur"
        | "interne"
        | "senior"
        | "nom patient"
        | "enfant"
        | "eleve"
        | "personne a prevenir"
        | "contact" => Column::Name,
        "ne(e) le" | "ne le" | "nee le" | "ne(e)" | "date de naissance" | "date naissance"
        | "date de naiss" | "date naiss" | "ddn" | "naissance" | "d. naissance" => Column::Birth,
        "ipp" | "nip" | "dossier" | "id" | "id patient" | "identifiant" | "nda" | "sejour"
        | "venue" | "entree" | "episode" | "patient (ipp)" | "dossier patient" | "ipp patient"
        | "dossier mdph" | "passage" | "visite" => Column::Record,
        "nir" | "ss" | "secu" | "securite sociale" | "nss" | "insee" | "ins" | "matricule ins"
        | "immatriculation" | "assure social" => Column::Nir,
        "adresse" | "cp" | "code postal" | "ville" | "commune" | "lieu de naissance"
        | "domicile" | "adresse du patient" | "localite" => Column::Address,
        _ => return None,
    })
}

/// A row of column titles: at least two known titles and no digit.
fn header_of(text: &str, cells: &[Cell], layout: Layout) -> Option<Header> {
    let mut known = 0;
    let mut columns = Vec::with_capacity(cells.len());
    for c in cells {
        let t = &text[c.s..c.e];
        if t.bytes().any(|b| b.is_ascii_digit()) || t.len() > 40 {
            return None;
        }
        let col = title(t);
        if col.is_some() {
            known += 1;
        }
        columns.push((col.unwrap_or(Column::Other), c.col));
    }
    (known >= 2).then_some(Header { layout, columns })
}

/// The header column of a data cell.
fn column_of(h: &Header, index: usize, cell: &Cell) -> Column {
    if h.layout == Layout::Aligned {
        // The last title starting at or before the cell (one character of slack).
        h.columns
            .iter()
            .take_while(|(_, col)| *col <= cell.col + 1)
            .last()
            .map_or(Column::Other, |(c, _)| *c)
    } else {
        h.columns.get(index).map_or(Column::Other, |(c, _)| *c)
    }
}

fn by_columns(text: &str, h: &Header, cells: &[Cell], out: &mut Vec<Candidate>) {
    for (i, cell) in cells.iter().enumerate() {
        let t = &text[cell.s..cell.e];
        match column_of(h, i, cell) {
            Column::Name => {
                if t.chars().any(char::is_alphabetic)
                    && !t.bytes().any(|b| b.is_ascii_digit())
                    && t.split_whitespace().count() <= 6
                    && t.chars().any(char::is_uppercase)
                {
                    out.push(Candidate::new(Category::PersonName, cell.s, cell.e, 0.8));
                }
            }
            Column::Birth => {
                if let Some((s, e)) = birth_date_in(t) {
                    out.push(Candidate::new(
                        Category::BirthDate,
                        cell.s + s,
                        cell.s + e,
                        0.85,
                    ));
                }
            }
            Column::Record => {
                for (s, e) in record_numbers(t, 4) {
                    out.push(Candidate::new(Category::Ipp, cell.s + s, cell.s + e, 0.8));
                }
            }
            Column::Nir => {
                let digits: Vec<u8> = t.bytes().filter(u8::is_ascii_alphanumeric).collect();
                if matches!(digits.len(), 13 | 15) && matches!(digits[0], b'1' | b'2') {
                    let conf = if super::validate::nir_is_valid(&digits) {
                        0.95
                    } else {
                        0.75
                    };
                    out.push(Candidate::new(Category::Nir, cell.s, cell.e, conf));
                }
            }
            Column::Address => {
                if t.chars().any(char::is_alphanumeric) {
                    out.push(Candidate::new(Category::Address, cell.s, cell.e, 0.75));
                }
            }
            Column::Other => {}
        }
    }
}

/// Is this cell a sex (`M`, `F`, `H`, `Homme`…) or an age (`55 ans`)?
fn marks_person(cell: &str) -> bool {
    let f = fold(cell);
    let f = f.trim_matches(|c: char| c == '(' || c == ')' || c == '.' || c.is_whitespace());
    let f = f
        .strip_prefix("sexe")
        .map_or(f, |r| r.trim_start_matches([' ', ':']));
    if matches!(
        f,
        "m" | "f" | "h" | "homme" | "femme" | "masculin" | "feminin"
    ) {
        // A one-letter sex is written in capitals.
        return f.len() > 1 || cell.trim().chars().any(char::is_uppercase);
    }
    let digits = f.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits) && matches!(f[digits..].trim_start(), "ans" | "an")
}

fn banner(text: &str, cells: &[Cell], out: &mut Vec<Candidate>) {
    let Some(first) = cells.iter().position(|c| marks_person(&text[c.s..c.e])) else {
        return;
    };
    if first > 0 {
        let c = &cells[first - 1];
        if let Some((s, e)) = trailing_name(&text[c.s..c.e]) {
            out.push(Candidate::new(Category::PersonName, c.s + s, c.s + e, 0.8));
        }
    }
    let mut dated = false;
    for (i, c) in cells.iter().enumerate() {
        if i == first {
            continue;
        }
        let t = &text[c.s..c.e];
        if !dated
            && i > first
            && let Some((s, e)) = birth_date_in(t)
        {
            dated = true;
            out.push(Candidate::new(Category::BirthDate, c.s + s, c.s + e, 0.8));
            continue;
        }
        if i > first {
            for (s, e) in record_numbers(t, 6) {
                out.push(Candidate::new(Category::Ipp, c.s + s, c.s + e, 0.75));
            }
        }
    }
}

/// The words in capitals that end a cell (`Patient : Marie Daubert` → `Marie Daubert`): up to
/// six words, each starting with a capital (particles allowed inside), no digit.
fn trailing_name(cell: &str) -> Option<(usize, usize)> {
    let words: Vec<(usize, &str)> = cell
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - cell.as_ptr() as usize, w))
        .collect();
    let end = cell.len();
    let mut start = None;
    for (k, (s, w)) in words.iter().enumerate().rev() {
        if words.len() - k > 6 {
            break;
        }
        let bare = w.trim_end_matches([',', '.']);
        let capital = bare.chars().next().is_some_and(char::is_uppercase)
            && bare
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.'))
            && bare.chars().filter(|c| c.is_alphabetic()).count() >= 1;
        let particle = matches!(
            bare,
            "de" | "du" | "le" | "la" | "da" | "van" | "von" | "di"
        );
        if capital || (particle && start.is_some()) {
            if capital {
                start = Some(*s);
            }
        } else {
            break;
        }
    }
    let s = start?;
    let name = &cell[s..end];
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    (letters >= 2).then_some((s, end))
}

/// A date of a plausible birth year in a cell: `dd/mm/yyyy`, `dd.mm.yyyy`, `dd-mm-yyyy`,
/// `yyyy-mm-dd`, `dd mm yyyy`, `yyyymmdd`; byte range in the cell.
pub(crate) fn birth_date_in(cell: &str) -> Option<(usize, usize)> {
    let b = cell.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        // Digits and single separators from here.
        let mut j = i;
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut g = i;
        while j < b.len() && groups.len() < 4 {
            if b[j].is_ascii_digit() {
                j += 1;
                continue;
            }
            if j > g
                && matches!(b[j], b'/' | b'.' | b'-' | b' ')
                && j + 1 < b.len()
                && b[j + 1].is_ascii_digit()
            {
                groups.push((g, j));
                j += 1;
                g = j;
                continue;
            }
            break;
        }
        if j > g {
            groups.push((g, j));
        }
        let num = |(s, e): (usize, usize)| cell[s..e].parse::<u32>().unwrap_or(0);
        let len = |(s, e): (usize, usize)| e - s;
        let date = match groups.as_slice() {
            [d, m, y] if len(*d) <= 2 && len(*m) <= 2 && len(*y) == 4 => {
                Some((num(*d), num(*m), num(*y), d.0, y.1))
            }
            [y, m, d] if len(*y) == 4 && len(*m) == 2 && len(*d) == 2 => {
                Some((num(*d), num(*m), num(*y), y.0, d.1))
            }
            [one] if len(*one) == 8 => {
                let s = &cell[one.0..one.1];
                let p = |a: usize, z: usize| s[a..z].parse::<u32>().unwrap_or(0);
                if s.starts_with("19") || s.starts_with("20") {
                    Some((p(6, 8), p(4, 6), p(0, 4), one.0, one.1))
                } else {
                    Some((p(0, 2), p(2, 4), p(4, 8), one.0, one.1))
                }
            }
            _ => None,
        };
        if let Some((d, m, y, s, e)) = date
            && (1900..=2026).contains(&y)
            && super::validate::date_is_valid(d, m, y)
            && !b.get(e).is_some_and(u8::is_ascii_alphanumeric)
        {
            return Some((s, e));
        }
        i = j.max(i + 1);
    }
    None
}

/// The record numbers of a cell: runs of letters, digits and inner dashes with at least
/// `min_digits` digits, not a phone number, a date or a decimal (`super::identifiers`'s rule).
fn record_numbers(cell: &str, min_digits: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let b = cell.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let s = i;
        while i < b.len()
            && (b[i].is_ascii_alphanumeric()
                || (b[i] == b'-' && i + 1 < b.len() && b[i + 1].is_ascii_alphanumeric()))
        {
            i += 1;
        }
        let w = &cell[s..i];
        let next = cell[i..].chars().next();
        let glued = next.is_some_and(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | ','))
            || cell[..s]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | ',' | '+'));
        let digits = w.bytes().filter(u8::is_ascii_digit).count();
        let letters = w.len() - digits - w.bytes().filter(|b| *b == b'-').count();
        // Six digits or more: the weak-cue rule (not a phone number, an ISO date, years).
        let shape = digits < 6 || super::identifiers::record_number(w);
        if !glued && digits >= min_digits && letters <= 3 && shape && birth_date_in(w).is_none() {
            out.push((s, i));
        }
    }
    out
}
