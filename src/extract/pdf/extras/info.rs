//! The document Info dictionary: one segment per string entry, standard or custom.

use super::{Out, get_dict, resolve, text_string};
use crate::extract::Origin;
use lopdf::{Document, Object};

/// Dates are structure, not content.
const SKIPPED: [&[u8]; 2] = [b"CreationDate", b"ModDate"];

/// Adds every string entry of the trailer's `/Info` as `Origin::PdfInfo(key)`.
pub(super) fn read(doc: &Document, out: &mut Out) {
    let Some(info) = get_dict(doc, &doc.trailer, b"Info") else {
        return;
    };
    for (key, value) in info.iter() {
        if SKIPPED.contains(&key.as_slice()) {
            continue;
        }
        if let Some((_, Object::String(bytes, _))) = resolve(doc, value) {
            let key = String::from_utf8_lossy(key).into_owned();
            out.push(text_string(bytes), Origin::PdfInfo(key));
        }
    }
}
