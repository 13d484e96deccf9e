//! Outlines (bookmarks): their titles, in reading order.

use super::{CLOCK_EVERY, Out, Seen, catalog, get_dict, get_text, resolve};
use crate::extract::{ExtractError, Extractor, Origin};
use lopdf::{Document, Object};

/// Adds the titles of the catalog's outline tree as one `Origin::Outline` segment, one title a
/// line: each item, then its children (`/First`), then its next sibling (`/Next`).
pub(super) fn read(x: &mut Extractor, doc: &Document, out: &mut Out) -> Result<(), ExtractError> {
    let Some(outlines) = catalog(doc).and_then(|root| get_dict(doc, root, b"Outlines")) else {
        return Ok(());
    };
    let mut titles = Vec::new();
    let mut seen = Seen::default();
    let mut stack: Vec<&Object> = outlines.get(b"First").ok().into_iter().collect();
    let mut n = 0usize;
    while let Some(item) = stack.pop() {
        n += 1;
        if n.is_multiple_of(CLOCK_EVERY) {
            x.check_time()?;
        }
        let Some((id, Object::Dictionary(item))) = resolve(doc, item) else {
            continue;
        };
        if !seen.first(id) {
            continue;
        }
        if let Some(title) = get_text(doc, item, b"Title") {
            let title = title.trim();
            if !title.is_empty() {
                titles.push(title.to_string());
            }
        }
        // Popped in reverse: the children before the next sibling.
        stack.extend(item.get(b"Next").ok());
        stack.extend(item.get(b"First").ok());
    }
    out.push(titles.join("\n"), Origin::Outline);
    Ok(())
}
