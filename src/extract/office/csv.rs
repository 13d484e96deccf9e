//! CSV: a table exported by care software or a spreadsheet. The charset is the one every text
//! part gets ([`crate::input`]: UTF-8, else Windows-1252), the separator is sniffed from the
//! first lines (`;`, `,`, tab or `|`: the one that splits them into the same number of
//! fields), fields are read with RFC 4180 quoting (a doubled quote is one quote, a line break
//! inside quotes is part of the field). Each field is a segment mapped to its bytes; the first
//! record is the header row, and a column headed "Pathologie", "Traitement", "NIR", "GIR"…
//! makes each field below it a [`Fact`] of that category ([`super::header_category`]), as in
//! a spreadsheet.

use crate::extract::xml::{Source, TextBuf};
use crate::extract::{ExtractError, Extractor, Fact, Format, Origin, Part};

/// Lines looked at to sniff the separator.
const SNIFF_LINES: usize = 20;

/// The separator of `text` when it reads as a table: the candidate that splits the first
/// (non-empty) lines, at least two of them, into the same number (≥ 2) of fields.
pub fn separator(text: &str) -> Option<char> {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(SNIFF_LINES)
        .collect();
    if lines.len() < 2 {
        return None;
    }
    [';', '\t', ',', '|']
        .into_iter()
        .filter(|&sep| {
            let first = fields_in_line(lines[0], sep);
            first >= 2 && lines.iter().all(|l| fields_in_line(l, sep) == first)
        })
        .max_by_key(|&sep| fields_in_line(lines[0], sep))
}

/// Fields of one line with separator `sep` (quotes respected within the line).
fn fields_in_line(line: &str, sep: char) -> usize {
    let mut n = 1;
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c == sep && !quoted => n += 1,
            _ => {}
        }
    }
    n
}

/// A field read: its text with runs, its record (0-based) and column.
struct Field {
    buf: TextBuf,
    row: usize,
    col: usize,
}

/// Reads the fields of `src` with separator `sep`.
fn fields(src: &Source, sep: char, x: &Extractor) -> Result<Vec<Field>, ExtractError> {
    let text = src.text();
    let mut out = Vec::new();
    let (mut row, mut col) = (0usize, 0usize);
    let mut i = 0;
    let bytes = text.as_bytes();
    let mut count = 0u32;
    while i <= text.len() {
        count = count.wrapping_add(1);
        if count.is_multiple_of(4096) {
            x.check_time()?;
        }
        let mut buf = TextBuf::default();
        if bytes.get(i) == Some(&b'"') {
            // Quoted: up to the closing quote; `""` is one quote.
            let mut j = i + 1;
            let mut start = j;
            loop {
                match text[j..].find('"') {
                    None => {
                        buf.verbatim(src, &text[start..], start);
                        j = text.len();
                        break;
                    }
                    Some(k) => {
                        let q = j + k;
                        buf.verbatim(src, &text[start..q], start);
                        if bytes.get(q + 1) == Some(&b'"') {
                            buf.decoded(src, "\"", q, 2);
                            j = q + 2;
                            start = j;
                        } else {
                            j = q + 1;
                            break;
                        }
                    }
                }
            }
            // Whatever follows up to the separator or line end is kept as written.
            let end = next_boundary(text, j, sep);
            buf.verbatim(src, &text[j..end], j);
            i = end;
        } else {
            let end = next_boundary(text, i, sep);
            buf.verbatim(src, &text[i..end], i);
            i = end;
        }
        if !buf.is_blank() {
            out.push(Field { buf, row, col });
        }
        match text[i..].chars().next() {
            Some(c) if c == sep => {
                col += 1;
                i += c.len_utf8();
            }
            Some('\r') | Some('\n') => {
                if text[i..].starts_with("\r\n") {
                    i += 2;
                } else {
                    i += 1;
                }
                row += 1;
                col = 0;
                if i == text.len() {
                    break;
                }
            }
            _ => break,
        }
    }
    Ok(out)
}

/// The offset of the next separator or line end from `from`.
fn next_boundary(text: &str, from: usize, sep: char) -> usize {
    text[from..]
        .find([sep, '\n', '\r'])
        .map_or(text.len(), |k| from + k)
}

/// Extracts CSV `bytes` as the part at `path`: a segment per field, facts for the fields of
/// classified columns. Falls back to plain text when no separator reads it as a table.
pub fn extract(x: &mut Extractor, path: &str, bytes: &[u8]) -> Result<(), ExtractError> {
    let src = Source::new(bytes);
    let Some(sep) = separator(src.text()) else {
        return crate::extract::text::extract(x, path, bytes);
    };
    let mut part = Part::new(path, Format::Csv, bytes.len());
    let fields = fields(&src, sep, x)?;
    let mut header: rustc_hash::FxHashMap<usize, crate::Category> = Default::default();
    for f in &fields {
        if f.row == 0 {
            if let Some(c) = super::header_category(&f.buf.text) {
                header.entry(f.col).or_insert(c);
            }
            continue;
        }
        let Some(&category) = header.get(&f.col) else {
            continue;
        };
        part.facts.push(Fact {
            category,
            text: Some(f.buf.text.trim().to_string()),
            code: None,
            origin: origin(f),
            span: f.buf.span(),
            confidence: 0.9,
            section: None,
        });
    }
    for f in fields {
        let o = origin(&f);
        part.segments.push(f.buf.into_segment(o));
    }
    x.push(part)?;
    Ok(())
}

/// Where a field is: `ligne 3, colonne 2` (1-based).
fn origin(f: &Field) -> Origin {
    Origin::Element(format!("ligne {}, colonne {}", f.row + 1, f.col + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_sniffed() {
        assert_eq!(separator("a;b;c\n1;2;3\n"), Some(';'));
        assert_eq!(separator("a\tb\n1\t2\n"), Some('\t'));
        assert_eq!(
            separator("nom,pathologie\n\"Dupont, Jean\",diabète\n"),
            Some(',')
        );
        assert_eq!(separator("Bonjour, je vous écris.\nMerci.\n"), None);
        assert_eq!(separator("une ligne;seule"), None);
    }

    #[test]
    fn quoted_fields_map_to_their_bytes() {
        let csv = "Nom;Pathologie\n\"Dupont \"\"Jo\"\"\";diab\u{e8}te\r\nMartin;\"Parkinson\n(stade 2)\"\n";
        let src = Source::new(csv.as_bytes());
        let limits = crate::extract::Limits::default();
        let x = Extractor::start(csv.as_bytes(), &limits).unwrap();
        let f = fields(&src, ';', &x).unwrap();
        let texts: Vec<(&str, usize, usize)> = f
            .iter()
            .map(|f| (f.buf.text.as_str(), f.row, f.col))
            .collect();
        assert_eq!(
            texts,
            [
                ("Nom", 0, 0),
                ("Pathologie", 0, 1),
                ("Dupont \"Jo\"", 1, 0),
                ("diabète", 1, 1),
                ("Martin", 2, 0),
                ("Parkinson\n(stade 2)", 2, 1)
            ]
        );
        let (s, e) = f[3].buf.span().unwrap();
        assert_eq!(&csv[s..e], "diabète");
    }
}
