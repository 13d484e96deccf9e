//! Text and HTML: each removed value's source bytes are replaced by a marker naming its
//! category (`[retiré : diagnostic]`); in HTML the markup around and inside the value stays
//! (only the text runs are replaced), so the document keeps its structure and stays valid.

use super::{RedactError, Redactor, Target, TargetAt, apply_edits, piece_edits};

/// A text part, in the encoding it was written in (UTF-8, else Windows-1252).
pub fn redact_text(r: &Redactor, path: &str, bytes: &[u8]) -> Result<Vec<u8>, RedactError> {
    let targets = content_targets(r, path)?;
    let utf8 = std::str::from_utf8(bytes).is_ok();
    let edits = piece_edits(&targets, |m| {
        if utf8 {
            m.as_bytes().to_vec()
        } else {
            encoding_rs::WINDOWS_1252.encode(m).0.into_owned()
        }
    });
    Ok(apply_edits(bytes, edits))
}

/// An HTML part: markers written with character references, right in any encoding.
pub fn redact_html(r: &Redactor, path: &str, bytes: &[u8]) -> Result<Vec<u8>, RedactError> {
    let targets = content_targets(r, path)?;
    let edits = piece_edits(&targets, |m| html_ascii(m).into_bytes());
    Ok(apply_edits(bytes, edits))
}

/// `text` with every non-ASCII character and HTML special written as a numeric reference.
pub fn html_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '<' | '>' | '&' | '"' | '\'' => out.push_str(&format!("&#{};", c as u32)),
            c if c.is_ascii() => out.push(c),
            c => out.push_str(&format!("&#{};", c as u32)),
        }
    }
    out
}

/// The part's targets in its content, each with source pieces; a target without (no byte map)
/// cannot be removed from a text or HTML part, and fails the redaction.
fn content_targets(r: &Redactor, path: &str) -> Result<Vec<Target>, RedactError> {
    let mut out = Vec::new();
    for t in r.targets(path) {
        match &t.at {
            TargetAt::FileName { .. } => continue,
            // A description given with the file (a PDF attachment's /Desc): the parent's.
            TargetAt::Text { .. } if t.origin == crate::extract::Origin::FileName => continue,
            TargetAt::Text { pieces, .. } if !pieces.is_empty() => out.push(t.clone()),
            _ => return Err(r.unsupported(path, "a value without a place in the bytes")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_markers_are_ascii_with_references() {
        assert_eq!(
            html_ascii("[retiré : médicament]"),
            "[retir&#233; : m&#233;dicament]"
        );
    }
}
