//! iCalendar (RFC 5545: an invitation `.ics`) and vCard (RFC 6350: a contact card `.vcf`), read
//! as the structured formats they are: content lines unfolded (a line break followed by a
//! space or a tab continues the line), escapes decoded (`\n`, `\,`, `\;`, `\\`), and each
//! property value that a person reads — `SUMMARY`, `DESCRIPTION`, `LOCATION`, `COMMENT`,
//! the `CN` of an `ORGANIZER` or `ATTENDEE` and its address, `FN`, `N`, `ORG`, `TITLE`, `ADR`,
//! `TEL`, `EMAIL`, `NOTE`… — one segment, named by its component and property
//! (`VEVENT/DESCRIPTION`, `VCARD/FN`) and mapped back to its bytes across folds and escapes,
//! so that redaction replaces the value in place. Property names, parameters and technical
//! values (`UID`, `DTSTART`, `RRULE`, time zones) are not text: `BEGIN` is no person's name.
//!
//! A file that is not UTF-8 (the RFCs require it) is read as plain text.

use super::{ExtractError, Extractor, Format, Origin, Part, Run, Segment, SourceMap};

/// Properties whose value is not text a person wrote: identifiers, dates, rules, versions.
const TECHNICAL: &[&str] = &[
    "BEGIN",
    "END",
    "VERSION",
    "PRODID",
    "UID",
    "DTSTAMP",
    "DTSTART",
    "DTEND",
    "DUE",
    "DURATION",
    "RRULE",
    "RDATE",
    "EXDATE",
    "SEQUENCE",
    "STATUS",
    "TRANSP",
    "CLASS",
    "PRIORITY",
    "METHOD",
    "CALSCALE",
    "TZID",
    "TZOFFSETFROM",
    "TZOFFSETTO",
    "TZNAME",
    "TZURL",
    "CREATED",
    "LAST-MODIFIED",
    "ACTION",
    "TRIGGER",
    "REPEAT",
    "REV",
    "PHOTO",
    "LOGO",
    "KEY",
    "SOUND",
    "GEO",
    "KIND",
    "GENDER",
    "LANG",
    "TZ",
    "SOURCE",
    "CLIENTPIDMAP",
    "RECURRENCE-ID",
    "FREEBUSY",
    "ATTACH",
    "X-ALT-DESC",
];

/// Whether `head` (the start of a file, past blanks) opens an iCalendar or a vCard object.
pub fn looks_like(lower_head: &[u8]) -> bool {
    lower_head.starts_with(b"begin:vcalendar") || lower_head.starts_with(b"begin:vcard")
}

/// Extracts a calendar or contact card: one segment per text value (and per `CN` parameter).
pub fn extract(x: &mut Extractor, path: &str, bytes: &[u8]) -> Result<(), ExtractError> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return super::text::extract(x, path, bytes);
    };
    let mut part = Part::new(path, Format::Calendar, bytes.len());
    part.segments = segments(text);
    x.push(part)?;
    Ok(())
}

/// One unfolded content line: its text and, for each of its pieces, where it starts in the
/// line and in the file.
struct Line {
    text: String,
    /// `(line offset, file offset)` at the start of each physical piece.
    pieces: Vec<(usize, usize)>,
}

impl Line {
    /// The file offset of line offset `at`.
    fn src(&self, at: usize) -> usize {
        let k = self
            .pieces
            .partition_point(|&(l, _)| l <= at)
            .saturating_sub(1);
        let (l, s) = self.pieces[k];
        s + (at - l)
    }
}

/// The content lines of `text`, unfolded.
fn lines(text: &str) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut at = 0;
    for raw in text.split_inclusive('\n') {
        let start = at;
        at += raw.len();
        let body = raw.trim_end_matches(['\n', '\r']);
        match (body.as_bytes().first(), out.last_mut()) {
            (Some(b' ' | b'\t'), Some(line)) => {
                let piece = &body[1..];
                line.pieces.push((line.text.len(), start + 1));
                line.text.push_str(piece);
            }
            _ => out.push(Line {
                text: body.to_string(),
                pieces: vec![(0, start)],
            }),
        }
    }
    out
}

/// The segments of a calendar or card.
fn segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut path: Vec<String> = Vec::new();
    for line in lines(text) {
        let Some((name, params, value_at)) = split(&line.text) else {
            continue;
        };
        let upper = name.to_ascii_uppercase();
        let property = upper
            .rsplit_once('.')
            .map_or(&*upper, |(_, p)| p)
            .to_string();
        match property.as_str() {
            "BEGIN" => path.push(line.text[value_at..].trim().to_ascii_uppercase()),
            "END" => {
                path.pop();
            }
            _ => {}
        }
        if TECHNICAL.contains(&property.as_str())
            || (property.starts_with("X-") && !matches!(property.as_str(), "X-WR-CALNAME"))
        {
            continue;
        }
        let here = format!("{}/{}", path.last().map_or("", String::as_str), property);
        // The common name of an organizer, an attendee, a contact: a parameter.
        for (p_name, p_start, p_end) in params {
            if p_name.eq_ignore_ascii_case("CN") {
                out.push(value_segment(
                    &line,
                    p_start,
                    p_end,
                    format!("{here};CN"),
                    false,
                ));
            }
        }
        if value_at < line.text.len() {
            out.push(value_segment(
                &line,
                value_at,
                line.text.len(),
                here.clone(),
                true,
            ));
        }
    }
    out.retain(|s| !s.text.trim().is_empty());
    out
}

/// A parameter of a property: its name, and where its value starts and ends in the line
/// (quotes excluded).
type Param<'a> = (&'a str, usize, usize);

/// A property's name, its parameters and where its value starts, in an unfolded line; `None`
/// for a line that is not a content line.
fn split(line: &str) -> Option<(&str, Vec<Param<'_>>, usize)> {
    let name_end = line.find([';', ':'])?;
    let name = &line[..name_end];
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    {
        return None;
    }
    let mut params = Vec::new();
    let bytes = line.as_bytes();
    let mut i = name_end;
    while bytes.get(i) == Some(&b';') {
        let p_start = i + 1;
        let eq = p_start + line[p_start..].find('=')?;
        let p_name = &line[p_start..eq];
        let mut j = eq + 1;
        let (v_start, v_end);
        if bytes.get(j) == Some(&b'"') {
            v_start = j + 1;
            v_end = v_start + line[v_start..].find('"')?;
            j = v_end + 1;
        } else {
            v_start = j;
            while j < bytes.len() && !matches!(bytes[j], b';' | b':') {
                j += 1;
            }
            v_end = j;
        }
        // A parameter may hold a list (`a,b`): keep going to the next `;` or `:`.
        while j < bytes.len() && !matches!(bytes[j], b';' | b':') {
            j += 1;
        }
        params.push((p_name, v_start, v_end));
        i = j;
    }
    (bytes.get(i) == Some(&b':')).then_some((name, params, i + 1))
}

/// The text of `line[start..end]` with escapes decoded (`escaped`: a property value), mapped
/// back to the file's bytes.
fn value_segment(line: &Line, start: usize, end: usize, path: String, escaped: bool) -> Segment {
    let raw = &line.text[start..end];
    let mut text = String::with_capacity(raw.len());
    let mut runs: Vec<Run> = Vec::new();
    // A verbatim stretch maps byte for byte; a fold inside it starts a new run.
    let push_verbatim = |text: &mut String, runs: &mut Vec<Run>, from: usize, s: &str| {
        for (k, c) in s.char_indices() {
            let at = from + k;
            let src = line.src(at) as u32;
            let t = text.len() as u32;
            match runs.last_mut() {
                Some(r) if r.src + r.src_len == src && r.text + r.src_len == t => {
                    r.src_len += c.len_utf8() as u32;
                }
                _ => runs.push(Run {
                    text: t,
                    src,
                    src_len: c.len_utf8() as u32,
                }),
            }
            text.push(c);
        }
    };
    let mut k = 0;
    while k < raw.len() {
        let rest = &raw[k..];
        let esc = escaped
            .then(|| rest.strip_prefix('\\'))
            .flatten()
            .and_then(|r| r.chars().next());
        match esc {
            Some(c @ ('n' | 'N' | ',' | ';' | '\\' | ':')) => {
                let decoded = if matches!(c, 'n' | 'N') { '\n' } else { c };
                runs.push(Run {
                    text: text.len() as u32,
                    src: line.src(start + k) as u32,
                    src_len: 2,
                });
                text.push(decoded);
                k += 2;
            }
            _ => {
                let c = rest.chars().next().unwrap_or(' ');
                push_verbatim(&mut text, &mut runs, start + k, &rest[..c.len_utf8()]);
                k += c.len_utf8();
            }
        }
    }
    Segment {
        text,
        origin: Origin::Element(path),
        map: SourceMap::Runs(runs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1@x\r\nSUMMARY:Consultation Mme Jeanne DUPONT\r\nLOCATION:Salle Pasteur\\, RDC\r\nORGANIZER;CN=\"Dr Paul Bernard\":mailto:p.bernard@ch.fr\r\nDESCRIPTION:Bilan du diab\r\n ète\\nApporter l'ordonnance\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    fn seg<'a>(segs: &'a [Segment], path: &str) -> &'a Segment {
        segs.iter()
            .find(|s| s.origin == Origin::Element(path.into()))
            .unwrap_or_else(|| panic!("no {path}"))
    }

    #[test]
    fn values_are_unfolded_unescaped_and_named() {
        let segs = segments(ICS);
        assert_eq!(
            seg(&segs, "VEVENT/SUMMARY").text,
            "Consultation Mme Jeanne DUPONT"
        );
        assert_eq!(seg(&segs, "VEVENT/LOCATION").text, "Salle Pasteur, RDC");
        assert_eq!(
            seg(&segs, "VEVENT/DESCRIPTION").text,
            "Bilan du diabète\nApporter l'ordonnance"
        );
        assert_eq!(seg(&segs, "VEVENT/ORGANIZER;CN").text, "Dr Paul Bernard");
        assert!(!segs.iter().any(|s| s.text.contains("VCALENDAR")));
        assert!(!segs.iter().any(|s| s.text == "1@x"));
    }

    #[test]
    fn values_map_back_to_their_bytes_across_folds_and_escapes() {
        let segs = segments(ICS);
        let d = seg(&segs, "VEVENT/DESCRIPTION");
        let at = d.text.find("diabète").unwrap();
        let pieces = d.source_pieces(at, at + "diabète".len());
        let got: String = pieces.iter().map(|&(a, b)| &ICS[a..b]).collect();
        assert_eq!(got, "diabète");
        assert_eq!(pieces.len(), 2, "the fold splits the word: {pieces:?}");
        let l = seg(&segs, "VEVENT/LOCATION");
        let (a, b) = l.source_span(0, l.text.len()).unwrap();
        assert_eq!(&ICS[a..b], "Salle Pasteur\\, RDC");
        let name = seg(&segs, "VEVENT/ORGANIZER;CN");
        let (a, b) = name.source_span(0, name.text.len()).unwrap();
        assert_eq!(&ICS[a..b], "Dr Paul Bernard");
    }

    #[test]
    fn a_vcard_gives_its_fields() {
        let vcf = "BEGIN:VCARD\nVERSION:4.0\nFN:Claire Martin\nTITLE:Directrice\nORG:EHPAD Résidence des Tilleuls\nTEL;TYPE=work:05 58 74 21 30\nNOTE:Dialyse le mardi\nEND:VCARD\n";
        let segs = segments(vcf);
        assert_eq!(seg(&segs, "VCARD/FN").text, "Claire Martin");
        assert_eq!(seg(&segs, "VCARD/TEL").text, "05 58 74 21 30");
        assert_eq!(seg(&segs, "VCARD/NOTE").text, "Dialyse le mardi");
        assert!(looks_like(b"begin:vcard\r\n"));
    }

    #[test]
    fn garbage_never_panics() {
        for t in [
            "BEGIN:VCALENDAR\n;;;\n:\nA;B=\"x\nC;D=e:f\\",
            "\n\n \t\nX:\\",
            "N;CN=\"é",
        ] {
            let _ = segments(t);
        }
    }
}
