//! The local directory file: a small RFC 4180 reader (no crate) and the
//! `address,role,structure,trusted[,kind]` schema on top of it.

use super::address::{MailboxAddress, PatientMailbox};
use super::{DirectoryError, Entry, MailboxKind, RecipientRole};
use std::collections::HashMap;

/// Longest record accepted, in fields: a directory line has four or five.
const MAX_FIELDS: usize = 64;

/// One CSV record and the line it starts on (1-based).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Splits RFC 4180 text into records: `,` separates fields, a field in `"…"` may hold commas,
/// line breaks and `""` for a quote; CRLF or LF end records. Outside quotes, a record whose
/// first character is `#` is a comment and a blank line is skipped. Errors give the line and
/// a structural problem (unclosed quote, text after a closing quote, too many fields).
pub(crate) fn records(text: &str) -> Result<Vec<Record>, (usize, &'static str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    loop {
        // At the start of a record: skip blank lines and comments.
        match chars.peek() {
            None => return Ok(out),
            Some('\n') => {
                chars.next();
                line += 1;
                continue;
            }
            Some('\r') => {
                chars.next();
                continue;
            }
            Some('#') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
                line += 1;
                continue;
            }
            Some(_) => {}
        }
        let start = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        loop {
            // At the start of a field.
            if chars.peek() == Some(&'"') {
                chars.next();
                loop {
                    match chars.next() {
                        None => return Err((start, "guillemet non fermé")),
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(c) => {
                            if c == '\n' {
                                line += 1;
                            }
                            field.push(c);
                        }
                    }
                }
                // After a closing quote: a separator or the end of the record.
                if chars.peek() == Some(&'\r') {
                    chars.next();
                }
                match chars.peek() {
                    None | Some(',') | Some('\n') => {}
                    Some(_) => return Err((line, "texte après un guillemet fermant")),
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c == ',' || c == '\n' {
                        break;
                    }
                    if c == '"' {
                        return Err((line, "guillemet au milieu d'un champ non cité"));
                    }
                    chars.next();
                    field.push(c);
                }
                if field.ends_with('\r') {
                    field.pop();
                }
            }
            fields.push(std::mem::take(&mut field));
            if fields.len() > MAX_FIELDS {
                return Err((start, "trop de colonnes"));
            }
            match chars.next() {
                Some(',') => continue,
                Some('\n') => {
                    line += 1;
                    break;
                }
                _ => break,
            }
        }
        out.push(Record {
            line: start,
            fields,
        });
    }
}

/// The directory's columns, in order; `kind` is optional.
const COLUMNS: [&str; 4] = ["address", "role", "structure", "trusted"];

/// Parses a local directory file into entries (see `Directory::add_csv`).
pub(crate) fn parse_directory(file: &str, text: &str) -> Result<Vec<Entry>, DirectoryError> {
    let records = records(text).map_err(|(line, p)| DirectoryError::at(file, line, p))?;
    let mut records = records.into_iter();
    let Some(header) = records.next() else {
        return Err(DirectoryError::whole(
            file,
            "fichier vide (en-tête attendu)",
        ));
    };
    let names: Vec<String> = header
        .fields
        .iter()
        .map(|f| f.trim().to_ascii_lowercase())
        .collect();
    let with_kind = match names.as_slice() {
        [a, b, c, d] if [a, b, c, d] == COLUMNS => false,
        [a, b, c, d, k] if [a, b, c, d] == COLUMNS && k == "kind" => true,
        _ => {
            return Err(DirectoryError::at(
                file,
                header.line,
                "en-tête attendu: address,role,structure,trusted[,kind]",
            ));
        }
    };
    let width = if with_kind { 5 } else { 4 };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut entries = Vec::new();
    for record in records {
        // A line of spaces only is blank too.
        if let [only] = record.fields.as_slice()
            && only.trim().is_empty()
        {
            continue;
        }
        let entry =
            parse_entry(&record, width).map_err(|p| DirectoryError::at(file, record.line, p))?;
        if let Some(first) = seen.insert(entry.address.clone(), record.line) {
            return Err(DirectoryError::at(
                file,
                record.line,
                format!("adresse en double (déjà ligne {first})"),
            ));
        }
        entries.push(entry);
    }
    Ok(entries)
}

/// One data record → entry; the error names the column, never its content.
fn parse_entry(record: &Record, width: usize) -> Result<Entry, String> {
    let f = &record.fields;
    if f.len() != width {
        return Err(format!("{} colonnes au lieu de {width}", f.len()));
    }
    let field = |i: usize| f.get(i).map(|s| s.trim()).unwrap_or_default();
    let address = MailboxAddress::parse(field(0))
        .ok_or_else(|| "colonne address: adresse invalide".to_owned())?;
    let role: RecipientRole = field(1)
        .parse()
        .map_err(|_| "colonne role: rôle inconnu".to_owned())?;
    let structure = Some(field(2)).filter(|s| !s.is_empty()).map(str::to_owned);
    let trusted = match field(3).to_ascii_lowercase().as_str() {
        "true" => true,
        "false" => false,
        _ => return Err("colonne trusted: true ou false attendu".to_owned()),
    };
    let kind = if width == 5 && !field(4).is_empty() {
        match MailboxKind::from_code(field(4)) {
            MailboxKind::Unknown if !field(4).eq_ignore_ascii_case("unknown") => {
                return Err("colonne kind: type de boîte inconnu".to_owned());
            }
            k => k,
        }
    } else if address.patient_mailbox() == Some(PatientMailbox::ValidIns) {
        MailboxKind::Patient
    } else {
        MailboxKind::Unknown
    };
    Ok(Entry {
        address: address.normalized(),
        role,
        structure,
        trusted,
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<Vec<String>> {
        records(text)
            .unwrap()
            .into_iter()
            .map(|r| r.fields)
            .collect()
    }

    #[test]
    fn quoted_fields_hold_commas_quotes_and_line_breaks() {
        let got = fields("a,\"b, c\",\"say \"\"hi\"\"\",\"two\r\nlines\",\r\nx,y\n");
        assert_eq!(
            got,
            vec![
                vec!["a", "b, c", "say \"hi\"", "two\r\nlines", ""],
                vec!["x", "y"]
            ]
        );
    }

    #[test]
    fn comments_and_blank_lines_are_skipped_and_lines_counted() {
        let recs = records("# comment\n\nh1,h2\n\"multi\nline\",z\nlast,one").unwrap();
        let lines: Vec<usize> = recs.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![3, 4, 6]);
    }

    #[test]
    fn broken_quoting_is_an_error_with_its_line() {
        assert_eq!(records("a,b\n\"open,c\n"), Err((2, "guillemet non fermé")));
        assert_eq!(
            records("a,b\nc,\"d\"e\n"),
            Err((2, "texte après un guillemet fermant"))
        );
        assert_eq!(
            records("a,b\nc,d\"e\n"),
            Err((2, "guillemet au milieu d'un champ non cité"))
        );
    }

    const HEADER: &str = "address,role,structure,trusted\n";

    #[test]
    fn a_directory_file_gives_entries() {
        let text = format!(
            "{HEADER}# the pharmacy\n\"officine@Pharmacie-Exemple.MSSante.fr\",health_professional,\"Pharmacie du Parc, Lyon\",true\nx@y.fr,unknown,,FALSE\n"
        );
        let entries = parse_directory("dir.csv", &text).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].address, "officine@pharmacie-exemple.mssante.fr");
        assert_eq!(entries[0].role, RecipientRole::HealthProfessional);
        assert_eq!(
            entries[0].structure.as_deref(),
            Some("Pharmacie du Parc, Lyon")
        );
        assert!(entries[0].trusted);
        assert_eq!(entries[1].structure, None);
        assert!(!entries[1].trusted);
    }

    #[test]
    fn a_bad_role_is_an_error_naming_file_line_and_column_not_the_address() {
        let text =
            format!("{HEADER}a@b.mssante.fr,nurse,S,true\nsecret.person@x.fr,doctor,S,true\n");
        let err = parse_directory("dir.csv", &text).unwrap_err().to_string();
        assert_eq!(err, "dir.csv:2: colonne role: rôle inconnu");
        assert!(!err.contains("a@b"));
    }

    #[test]
    fn a_bad_column_count_is_an_error_with_its_line() {
        let text = format!("{HEADER}a@b.mssante.fr,patient,S,true\n  \nsecret@x.fr,patient,true\n");
        let err = parse_directory("d.csv", &text).unwrap_err().to_string();
        assert_eq!(err, "d.csv:4: 3 colonnes au lieu de 4");
    }

    #[test]
    fn bad_header_trusted_address_and_duplicates_are_errors() {
        let e = |t: &str| parse_directory("d.csv", t).unwrap_err().to_string();
        assert_eq!(
            e("mail,role,structure,trusted\n"),
            "d.csv:1: en-tête attendu: address,role,structure,trusted[,kind]"
        );
        assert_eq!(
            e(&format!("{HEADER}a@b.fr,patient,S,yes\n")),
            "d.csv:2: colonne trusted: true ou false attendu"
        );
        assert_eq!(
            e(&format!("{HEADER}not-an-address,patient,S,true\n")),
            "d.csv:2: colonne address: adresse invalide"
        );
        assert_eq!(
            e(&format!(
                "{HEADER}a@B.fr,patient,S,true\na@b.FR,patient,S,true\n"
            )),
            "d.csv:3: adresse en double (déjà ligne 2)"
        );
        assert_eq!(e(""), "d.csv: fichier vide (en-tête attendu)");
    }

    #[test]
    fn an_optional_kind_column_sets_the_mailbox_kind() {
        let text = "address,role,structure,trusted,kind\na@b.mssante.fr,medico_social_staff,S,true,organisationnelle\nc@d.mssante.fr,health_professional,S,true,\n";
        let entries = parse_directory("d.csv", text).unwrap();
        assert_eq!(entries[0].kind, MailboxKind::Organisational);
        assert_eq!(entries[1].kind, MailboxKind::Unknown);
        let bad = "address,role,structure,trusted,kind\na@b.mssante.fr,patient,S,true,shared\n";
        assert_eq!(
            parse_directory("d.csv", bad).unwrap_err().to_string(),
            "d.csv:2: colonne kind: type de boîte inconnu"
        );
    }
}
