//! Interactive form (AcroForm) field values. The field names are labels, not content: they
//! name the segment (`Origin::FormField("patient.nom")`) and are not scanned.

use super::{CLOCK_EVERY, Out, Seen, catalog, get_array, get_dict, get_text, resolve, text_string};
use crate::extract::{ExtractError, Extractor, Origin};
use lopdf::{Document, Object};

/// Fields nested deeper than this are not read (the part says so: [`Out::unchecked`]).
const MAX_DEPTH: usize = 32;

/// A field to visit: the object, its parent's fully qualified name, its nesting.
struct Pending<'a> {
    field: &'a Object,
    parent: String,
    depth: usize,
}

/// Adds the value (`/V`) of every field of the catalog's `/AcroForm`, walking `/Kids`, as
/// `Origin::FormField(fully qualified name)` (partial names `/T` joined with `.`), then the
/// values of its XFA form data that the fields do not already hold.
pub(super) fn read(
    x: &mut Extractor,
    doc: &Document,
    path: &str,
    out: &mut Out,
) -> Result<(), ExtractError> {
    let Some(form) = catalog(doc).and_then(|root| get_dict(doc, root, b"AcroForm")) else {
        return Ok(());
    };
    if let Some(fields) = get_array(doc, form, b"Fields") {
        field_values(x, doc, fields, out)?;
    }
    super::xfa::read(x, doc, path, form, out)
}

fn field_values(
    x: &mut Extractor,
    doc: &Document,
    fields: &[Object],
    out: &mut Out,
) -> Result<(), ExtractError> {
    let mut stack: Vec<Pending> = fields
        .iter()
        .rev()
        .map(|field| Pending {
            field,
            parent: String::new(),
            depth: 0,
        })
        .collect();
    let mut seen = Seen::default();
    let mut n = 0usize;
    while let Some(Pending {
        field,
        parent,
        depth,
    }) = stack.pop()
    {
        n += 1;
        if n.is_multiple_of(CLOCK_EVERY) {
            x.check_time()?;
        }
        let Some((id, Object::Dictionary(field))) = resolve(doc, field) else {
            continue;
        };
        if !seen.first(id) {
            continue;
        }
        let name = match get_text(doc, field, b"T") {
            Some(t) if parent.is_empty() => t,
            Some(t) => format!("{parent}.{t}"),
            None => parent,
        };
        if let Some(value) = field.get(b"V").ok().and_then(|v| value_text(doc, v)) {
            out.push(value, Origin::FormField(name.clone()));
        }
        let Some(kids) = get_array(doc, field, b"Kids") else {
            continue;
        };
        if depth + 1 > MAX_DEPTH {
            out.unchecked("champs de formulaire imbriqués trop profondément");
            continue;
        }
        stack.extend(kids.iter().rev().map(|kid| Pending {
            field: kid,
            parent: name.clone(),
            depth: depth + 1,
        }));
    }
    Ok(())
}

/// A field value as text: a text string, a name (a check box or radio button state; `Off` is
/// no value), or the strings and names of a multiple-choice list, one a line.
fn value_text(doc: &Document, value: &Object) -> Option<String> {
    match resolve(doc, value)?.1 {
        Object::String(bytes, _) => Some(text_string(bytes)),
        Object::Name(name) if name.as_slice() != b"Off" => {
            Some(String::from_utf8_lossy(name).into_owned())
        }
        Object::Array(items) => {
            let texts: Vec<String> = items
                .iter()
                .filter_map(|item| match resolve(doc, item)?.1 {
                    Object::String(bytes, _) => Some(text_string(bytes)),
                    Object::Name(name) => Some(String::from_utf8_lossy(name).into_owned()),
                    _ => None,
                })
                .collect();
            Some(texts.join("\n"))
        }
        _ => None,
    }
}
