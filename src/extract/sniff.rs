//! Recognising a format from content. File names and declared media types are hints that only
//! break ties: a PDF named `photo.jpg` is read as a PDF, and a `.pdf` that is not one is not.

use memchr::memmem;

/// The formats tamis tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text (UTF-8, or Windows-1252).
    Text,
    Html,
    /// An RFC 5322 message.
    Mail,
    Pdf,
    /// An HL7 CDA R2 document (`ClinicalDocument` in the HL7 v3 namespace).
    Cda,
    /// Other XML (an XDM `METADATA.XML`, an unknown schema): its text is scanned.
    Xml,
    /// A zip archive (`IHE_XDM.ZIP` or any other).
    Zip,
    /// Office Open XML word processing (`.docx`): a zip whose parts are read by
    /// [`super::office`].
    Docx,
    /// Office Open XML spreadsheet (`.xlsx`).
    Xlsx,
    /// OpenDocument text (`.odt`).
    Odt,
    /// OpenDocument spreadsheet (`.ods`).
    Ods,
    /// Rich Text Format (`{\\rtf`): read by [`super::office::rtf`].
    Rtf,
    /// An Outlook message (`.msg`, a compound file): read by [`super::office::msg`].
    Msg,
    /// A table as delimited text (named `.csv`/`.tsv` or declared `text/csv`).
    Csv,
    /// An iCalendar invitation or a vCard contact card.
    Calendar,
    Image,
    /// S/MIME or PGP encrypted content.
    Encrypted,
    Binary,
}

impl Format {
    /// Stable wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Mail => "mail",
            Format::Pdf => "pdf",
            Format::Cda => "cda",
            Format::Xml => "xml",
            Format::Zip => "zip",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Odt => "odt",
            Format::Ods => "ods",
            Format::Rtf => "rtf",
            Format::Msg => "msg",
            Format::Csv => "csv",
            Format::Calendar => "calendar",
            Format::Image => "image",
            Format::Encrypted => "encrypted",
            Format::Binary => "binary",
        }
    }
}

/// The format of `bytes`; `name` (file name) and `declared` (media type) are hints.
pub fn sniff(bytes: &[u8], name: Option<&str>, declared: Option<&str>) -> Format {
    let declared = declared.map(str::to_ascii_lowercase);
    let declared = declared.as_deref().unwrap_or("");
    let head = &bytes[..bytes.len().min(1024)];
    // Magic numbers first: they do not lie.
    if memmem::find(head, b"%PDF-").is_some() {
        return Format::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Format::Zip;
    }
    const IMAGES: [&[u8]; 7] = [
        b"\x89PNG\r\n\x1a\n",
        b"\xff\xd8\xff",
        b"GIF87a",
        b"GIF89a",
        b"II*\x00",
        b"MM\x00*",
        b"BM",
    ];
    if IMAGES.iter().any(|m| bytes.starts_with(m))
        || (bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"))
    {
        return Format::Image;
    }
    if declared.contains("pkcs7-mime")
        || declared.contains("pgp-encrypted")
        || declared == "application/x-pkcs7-mime"
    {
        return Format::Encrypted;
    }
    // Before the binary check: `\bin` data may hold any byte.
    if super::office::rtf::looks_like(bytes) {
        return Format::Rtf;
    }
    if bytes.starts_with(b"\xd0\xcf\x11\xe0") && super::office::msg::is_msg(bytes) {
        return Format::Msg;
    }
    if bytes.starts_with(b"\xd0\xcf\x11\xe0")
        || bytes.starts_with(b"\x7fELF")
        || bytes.starts_with(b"MZ")
    {
        return Format::Binary;
    }
    // Text-like formats: look past a byte-order mark and leading blanks.
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    let lead = &text[start..text.len().min(start + 4096)];
    if looks_binary(lead) {
        return Format::Binary;
    }
    // An armoured PGP message on its own. Inside a text or a message, the e-mail and text
    // readers find it themselves and keep the text around it.
    if lead.starts_with(b"-----BEGIN PGP MESSAGE-----") {
        return Format::Encrypted;
    }
    let lower: Vec<u8> = lead.iter().map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<?xml")
        || (lower.starts_with(b"<") && !is_html(&lower)) && looks_xml(&lower)
    {
        return if is_cda(text) {
            Format::Cda
        } else if is_xhtml(&lower) {
            // XHTML is read as a page is shown, not as data elements.
            Format::Html
        } else {
            Format::Xml
        };
    }
    if is_html(&lower) {
        return Format::Html;
    }
    if super::calendar::looks_like(&lower) {
        return Format::Calendar;
    }
    if is_mail(lead) {
        return Format::Mail;
    }
    let ext = name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    match (ext.as_deref(), declared) {
        (Some("eml"), _) | (_, "message/rfc822") if is_mail_loose(lead) => Format::Mail,
        (Some("csv" | "tsv"), _) | (_, "text/csv" | "text/tab-separated-values") => Format::Csv,
        _ => Format::Text,
    }
}

fn looks_binary(lead: &[u8]) -> bool {
    // NUL bytes or many control characters: not text. UTF-16 text is rare in mail and would
    // need its own decoding; it is treated as binary (opaque) rather than misread.
    let controls = lead
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)))
        .count();
    lead.contains(&0) || controls * 20 > lead.len().max(1)
}

fn looks_xml(lower: &[u8]) -> bool {
    lower.starts_with(b"<!--")
        || lower.first().is_some_and(|_| {
            lower
                .get(1)
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        })
}

/// An XML document whose root is XHTML's `html` (after the declaration, a doctype, comments).
fn is_xhtml(lower: &[u8]) -> bool {
    let ns = memchr::memmem::find(lower, b"http://www.w3.org/1999/xhtml").is_some();
    ns && (memchr::memmem::find(lower, b"<!doctype html").is_some()
        || memchr::memmem::find(lower, b"<html").is_some())
}

fn is_html(lower: &[u8]) -> bool {
    lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || (lower.starts_with(b"<")
            && [
                &b"<body"[..],
                b"<div",
                b"<p>",
                b"<p ",
                b"<table",
                b"<br",
                b"<head",
            ]
            .iter()
            .any(|t| memmem::find(lower, t).is_some()))
}

fn is_cda(text: &[u8]) -> bool {
    let head = &text[..text.len().min(64 * 1024)];
    memmem::find(head, b"ClinicalDocument").is_some()
        && memmem::find(head, b"urn:hl7-org:v3").is_some()
}

/// An RFC 5322 header block: the first lines are `Name: value` with known names.
fn is_mail(lead: &[u8]) -> bool {
    let mut known = 0;
    for line in lead.split(|&b| b == b'\n').take(40) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            continue;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            // "From sender date" mbox separator line is tolerated first.
            if line.starts_with(b"From ") && known == 0 {
                continue;
            }
            return false;
        };
        let name = &line[..colon];
        if name.is_empty() || !name.iter().all(|b| b.is_ascii_graphic()) {
            return false;
        }
        const KNOWN: [&str; 12] = [
            "from",
            "to",
            "cc",
            "subject",
            "date",
            "message-id",
            "mime-version",
            "content-type",
            "received",
            "return-path",
            "reply-to",
            "x-mss-codecda",
        ];
        if KNOWN
            .iter()
            .any(|k| k.as_bytes().eq_ignore_ascii_case(name))
        {
            known += 1;
        }
    }
    known >= 2
}

fn is_mail_loose(lead: &[u8]) -> bool {
    lead.split(|&b| b == b'\n')
        .next()
        .is_some_and(|l| l.contains(&b':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_wins_over_name() {
        assert_eq!(
            sniff(b"%PDF-1.7\n...", Some("photo.jpg"), None),
            Format::Pdf
        );
        assert_eq!(
            sniff(b"Bonjour", Some("lettre.pdf"), Some("application/pdf")),
            Format::Text
        );
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0", None, None), Format::Image);
        assert_eq!(
            sniff(b"PK\x03\x04rest", Some("IHE_XDM.ZIP"), None),
            Format::Zip
        );
    }

    #[test]
    fn text_formats() {
        let mail = b"From: a@b.fr\r\nTo: c@d.fr\r\nSubject: x\r\n\r\nbody";
        assert_eq!(sniff(mail, None, None), Format::Mail);
        let cda = br#"<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3">"#;
        assert_eq!(sniff(cda, None, None), Format::Cda);
        assert_eq!(
            sniff(b"<?xml version='1.0'?><Submit/>", None, None),
            Format::Xml
        );
        assert_eq!(
            sniff(
                b"<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>x",
                None,
                None
            ),
            Format::Html
        );
        assert_eq!(
            sniff(b"<!DOCTYPE html><html><body>x", None, None),
            Format::Html
        );
        assert_eq!(sniff(b"<p>Bonjour</p><br>", None, None), Format::Html);
        assert_eq!(
            sniff("Patient diabétique : suivi".as_bytes(), None, None),
            Format::Text
        );
        assert_eq!(
            sniff(b"Note: a colon in the first line\nand more", None, None),
            Format::Text
        );
        assert_eq!(sniff(b"\0\x01\x02\x03binary", None, None), Format::Binary);
        let pgp = b"-----BEGIN PGP MESSAGE-----\n\nhQEMA...";
        assert_eq!(sniff(pgp, None, None), Format::Encrypted);
        // A short message holding an armoured block is still a message: its headers and the
        // text around the block are read by the e-mail reader.
        let short = b"From: a@b.fr\r\nTo: c@d.fr\r\n\r\n-----BEGIN PGP MESSAGE-----\n\nhQEMA...";
        assert_eq!(sniff(short, None, None), Format::Mail);
    }
}
