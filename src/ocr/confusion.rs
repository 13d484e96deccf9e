//! Reading identifiers in OCR text (issue 15 §4): the confusions Tesseract makes in digit
//! groups, and identity labels whose line is that value even when a digit is misread.
//!
//! Used for OCR'd segments only (`locate` checks the segment's map), so that typed text is
//! scanned exactly as before.
//!
//! - [`tolerant`]: the text with `O o → 0`, `l I | → 1`, `S → 5`, `B → 8` inside digit groups —
//!   same length, so offsets stay those of the text read. A token is a digit group when it
//!   has at least three digits and at most a third of confusable letters (`185O5`), or is
//!   short (up to three characters), holds a digit and stands next to an all-digit token
//!   (`1 85 O5 78`): `B12`, `5S`, `Octobre` are left alone.
//! - [`anchored`]: after an identity label at the start of a line (`N° de sécurité sociale`,
//!   `NIR`, `IPP`, `Né(e) le`, `Date de naissance`, `Nom :`, `Patient :`), the rest of the
//!   line is that value.

use crate::category::Category;

/// A confusable letter's digit.
fn digit_for(c: u8) -> Option<u8> {
    match c {
        b'O' | b'o' => Some(b'0'),
        b'l' | b'I' | b'|' => Some(b'1'),
        b'S' => Some(b'5'),
        b'B' => Some(b'8'),
        _ => None,
    }
}

fn is_token_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'|'
}

/// `text` with the confusable letters of digit groups read as digits (same byte length).
pub fn tolerant(text: &str) -> String {
    let bytes = text.as_bytes();
    // Tokens: runs of ASCII letters, digits and `|` (a multi-byte letter ends a token).
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if is_token_byte(bytes[i]) {
            let start = i;
            while i < bytes.len() && is_token_byte(bytes[i]) {
                i += 1;
            }
            tokens.push((start, i));
        } else {
            i += 1;
        }
    }
    let digits = |t: (usize, usize)| {
        bytes[t.0..t.1]
            .iter()
            .filter(|c| c.is_ascii_digit())
            .count()
    };
    let all_digits = |t: (usize, usize)| digits(t) == t.1 - t.0;
    let mut out = bytes.to_vec();
    for (k, &t) in tokens.iter().enumerate() {
        let len = t.1 - t.0;
        let d = digits(t);
        let conf = bytes[t.0..t.1]
            .iter()
            .filter(|&&c| digit_for(c).is_some())
            .count();
        if d == len || conf == 0 || d + conf != len {
            continue;
        }
        // Neighbours only when separated by spaces (a group of the same number).
        let spaced = |a: (usize, usize), b: (usize, usize)| {
            bytes[a.1..b.0].iter().all(|&c| c == b' ') && b.0 - a.1 <= 2
        };
        let next_to_digits = (k > 0 && spaced(tokens[k - 1], t) && all_digits(tokens[k - 1]))
            || (k + 1 < tokens.len() && spaced(t, tokens[k + 1]) && all_digits(tokens[k + 1]));
        let group = (d >= 3 && conf * 3 <= len) || (len <= 3 && d >= 1 && next_to_digits);
        if group {
            for j in t.0..t.1 {
                if let Some(dig) = digit_for(bytes[j]) {
                    out[j] = dig;
                }
            }
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes: still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// The identity labels: folded prefix (lowercase, no accents), whether a colon must follow,
/// and the category of the rest of the line.
const LABELS: &[(&str, bool, Category)] = &[
    ("n° de securite sociale", false, Category::Nir),
    ("no de securite sociale", false, Category::Nir),
    ("n° securite sociale", false, Category::Nir),
    ("numero de securite sociale", false, Category::Nir),
    ("nir", false, Category::Nir),
    ("ins", false, Category::Nir),
    ("ipp", false, Category::Ipp),
    ("ne(e) le", false, Category::BirthDate),
    ("nee le", false, Category::BirthDate),
    ("ne le", false, Category::BirthDate),
    ("date de naissance", false, Category::BirthDate),
    ("nom", true, Category::PersonName),
    ("patient", true, Category::PersonName),
    ("patiente", true, Category::PersonName),
    ("patient(e)", true, Category::PersonName),
];

/// Folds a line's start for label matching: lowercase, accents of French letters removed.
fn fold(s: &str) -> String {
    s.chars()
        .take(40)
        .map(|c| match c {
            'é' | 'è' | 'ê' | 'É' | 'È' => 'e',
            'à' | 'â' => 'a',
            'º' | '°' => '°',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The identity label `line` starts with: its category, and the byte offset in `line` where
/// the value starts (after the label, spaces and a colon).
pub fn identity_label(line: &str) -> Option<(Category, usize)> {
    let lead = line.len() - line.trim_start().len();
    let rest = &line[lead..];
    let folded = fold(rest);
    for &(label, colon, category) in LABELS {
        if !folded.starts_with(label) {
            continue;
        }
        // The label's length in the original: as many characters as the folded label.
        let chars = label.chars().count();
        let Some(end) = rest
            .char_indices()
            .nth(chars)
            .map(|(i, _)| i)
            .or((rest.chars().count() == chars).then_some(rest.len()))
        else {
            continue;
        };
        let after = &rest[end..];
        // A whole word: `Nomenclature`, `INSEE` are not labels.
        if after.chars().next().is_some_and(char::is_alphanumeric) {
            continue;
        }
        let trimmed = after.trim_start_matches([' ', '.', '\t']);
        let has_colon = trimmed.starts_with(':');
        if colon && !has_colon {
            continue;
        }
        let value = trimmed.trim_start_matches(':').trim_start();
        return Some((category, line.len() - value.len()));
    }
    None
}

/// The values after identity labels in `text`: `(category, start, end)` byte ranges, one per
/// labelled line whose value looks like its category (a NIR has at least 10 digits or
/// confusable letters, an IPP 4, a birth date a digit, a name two letters).
pub fn anchored(text: &str) -> Vec<(Category, usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split('\n') {
        if let Some((category, start)) = identity_label(line) {
            let value = line[start..].trim_end();
            let digits = value
                .bytes()
                .filter(|&c| c.is_ascii_digit() || digit_for(c).is_some())
                .count();
            let plausible = match category {
                Category::Nir => digits >= 10,
                Category::Ipp => digits >= 4,
                Category::BirthDate => value.bytes().any(|c| c.is_ascii_digit()),
                _ => value.chars().filter(|c| c.is_alphabetic()).count() >= 2,
            };
            if plausible && !value.is_empty() {
                out.push((category, at + start, at + start + value.len()));
            }
        }
        at += line.len() + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_groups_tolerate_confusions() {
        assert_eq!(
            tolerant("NIR : 1 85 O5 78 0O6 084 36"),
            "NIR : 1 85 05 78 006 084 36"
        );
        assert_eq!(tolerant("185O57800608436"), "185057800608436");
        assert_eq!(tolerant("IPP 2O24l1"), "IPP 202411");
        assert_eq!(tolerant("tél. 06 l2 34 S6 78"), "tél. 06 12 34 56 78");
        // Words, and a vitamin, are left alone.
        assert_eq!(
            tolerant("Octobre, vitamine B12, Sous"),
            "Octobre, vitamine B12, Sous"
        );
        assert_eq!(tolerant("Né le 3 Octobre"), "Né le 3 Octobre");
        let s = "Lésion à 5 cm, ISO 9001";
        assert_eq!(tolerant(s).len(), s.len());
    }

    #[test]
    fn labels_anchor_the_rest_of_the_line() {
        let text = "Madame,\nN° de sécurité sociale : 2 69 O5 49 588 157 8O\nNom : MARTIN Jeanne\n\
                    Nomenclature des actes\nNé(e) le 14/O6/1936\nIPP: 88 1234";
        let found = anchored(text);
        let cats: Vec<Category> = found.iter().map(|f| f.0).collect();
        assert_eq!(
            cats,
            vec![
                Category::Nir,
                Category::PersonName,
                Category::BirthDate,
                Category::Ipp
            ]
        );
        let (_, s, e) = found[0];
        assert_eq!(&text[s..e], "2 69 O5 49 588 157 8O");
        let (_, s, e) = found[1];
        assert_eq!(&text[s..e], "MARTIN Jeanne");
        // A name label needs its colon; a word that starts like a label is none.
        assert!(identity_label("Nom du médecin traitant").is_none());
        assert!(identity_label("INSEE 2024").is_none());
        assert!(identity_label("Nom").is_none());
    }
}
