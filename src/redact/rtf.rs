//! RTF in place: each removed value's bytes — plain text, `\'hh` escapes, `\uN` with their
//! fallback characters, as extraction mapped them (`extract/office/rtf.rs`) — are cut out of
//! the text, the first piece replaced by the marker; the groups and control words around and
//! inside the value (bold, a font change, a hidden run) stay, so the rest of the document keeps
//! its formatting. The marker is written in a group of its own, `{\uc1 [retir\u233?…]}`: its
//! accented letters are Unicode escapes whatever the document's code page, and the group keeps
//! its `\uc1` from changing how the rest is read.

use super::{RedactError, Redactor, TargetAt, apply_edits, piece_edits};
use crate::extract::Origin;

/// `text` as RTF text: `\`, `{`, `}` escaped, anything but printable ASCII as `\uN?`
/// (UTF-16 units, signed as RTF writes them), in a group with `\uc1`.
pub fn escape(text: &str) -> String {
    let mut out = String::from("{\\uc1 ");
    for c in text.chars() {
        match c {
            '\\' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{}?", *u as i16));
                }
            }
        }
    }
    out.push('}');
    out
}

/// An RTF part with its values cut out.
pub fn redact(r: &Redactor, path: &str, bytes: &[u8]) -> Result<Vec<u8>, RedactError> {
    let mut targets = Vec::new();
    for t in r.targets(path) {
        match &t.at {
            TargetAt::FileName { .. } => continue,
            TargetAt::Text { .. } if t.origin == Origin::FileName => continue,
            TargetAt::Text { pieces, .. } if !pieces.is_empty() => targets.push(t.clone()),
            _ => return Err(r.unsupported(path, "a value without a place in the bytes")),
        }
    }
    let edits = piece_edits(&targets, |m| escape(m).into_bytes());
    Ok(apply_edits(bytes, edits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_ascii_rtf() {
        assert_eq!(
            escape("[retiré : diagnostic]"),
            r"{\uc1 [retir\u233? : diagnostic]}"
        );
        assert_eq!(escape("a{b}😊"), r"{\uc1 a\{b\}\u-10179?\u-8694?}");
    }
}
