//! Scanned pages read by OCR (issue 15): the images a page draws, decoded by tamis
//! ([`crate::ocr::decode`]), read by the [`Extractor`]'s OCR, judged
//! ([`crate::ocr::Verdict`]). `text.rs` calls [`read`] for a page without text that draws
//! images, for a scan under a too-small invisible layer ([`Why::Scan`](super::ink::Why)) and,
//! on pages with text, for images larger than a logo ([`DECORATIVE_PIXELS`]).

use crate::extract::{DECORATIVE_PIXELS, ExtractError, Extractor, Origin, Segment};
use lopdf::{Document, ObjectId};

/// An image XObject a page draws: its object and its drawn width, in points.
#[derive(Debug, Clone, Copy)]
pub(super) struct Drawn {
    pub object: ObjectId,
    pub width: f32,
}

/// What reading a page's images gave.
#[derive(Debug)]
pub(super) enum Outcome {
    /// Read (the segments may be empty: blank images, or no image large enough).
    Read(Vec<Segment>),
    /// OCR missing or its budget spent, or an image without a word: the page stays as it was
    /// (opaque).
    Unread,
    /// Read but not trustworthy, or not decodable: the French reason (and what was read,
    /// still scanned).
    Illegible(String, Vec<Segment>),
}

/// Reads the images of page `page` larger than a logo (every image when `all`).
pub(super) fn read(
    x: &mut Extractor,
    doc: &Document,
    path: &str,
    page: u32,
    images: &[Drawn],
    all: bool,
) -> Result<Outcome, ExtractError> {
    let mut segments = Vec::new();
    let mut illegible: Option<String> = None;
    let mut seen: Vec<ObjectId> = Vec::new();
    // Whether any image was read (a page of inline images only is not: it stays an image page).
    let mut tried = false;
    for (i, drawn) in images.iter().enumerate() {
        if seen.contains(&drawn.object) {
            continue;
        }
        seen.push(drawn.object);
        let Ok(stream) = doc.get_object(drawn.object).and_then(|o| o.as_stream()) else {
            continue;
        };
        let Some((w, h)) = crate::ocr::decode::pdf_image_size(doc, stream) else {
            continue;
        };
        if !all && u64::from(w) * u64::from(h) <= DECORATIVE_PIXELS {
            continue;
        }
        let what = format!("page {page}");
        let inches = (drawn.width > 36.0).then_some(drawn.width / 72.0);
        let image =
            match crate::ocr::decode::pdf_image(doc, stream, inches, x.limits.max_ocr_pixels) {
                Ok(image) => image,
                Err(reason) => {
                    illegible.get_or_insert(format!("image non décodée ({reason})"));
                    continue;
                }
            };
        x.charge(path, image.pixels.len() as u64)?;
        let Some(read) = x.ocr(path, &what, &image)? else {
            return Ok(Outcome::Unread);
        };
        tried = true;
        let index = u16::try_from(i).unwrap_or(u16::MAX);
        let object = Some(drawn.object);
        match read.judge(&image) {
            crate::ocr::Verdict::Read { confidence } => {
                x.notice(
                    path,
                    "ocr_read",
                    format!("{what} : image lue par OCR (confiance moyenne {confidence:.0} %)"),
                );
                segments.push(Segment::ocr(&read, Origin::Page(page), index, object));
            }
            crate::ocr::Verdict::Blank => {}
            // Not a word: the page stays an image page (blocked, as before OCR).
            crate::ocr::Verdict::NoWords if all => return Ok(Outcome::Unread),
            crate::ocr::Verdict::NoWords => {}
            crate::ocr::Verdict::Illegible(reason) => {
                if !read.text.is_empty() {
                    segments.push(Segment::ocr(&read, Origin::Page(page), index, object));
                }
                illegible.get_or_insert(reason);
            }
        }
    }
    Ok(match illegible {
        Some(reason) => Outcome::Illegible(reason, segments),
        None if all && !tried => Outcome::Unread,
        None => Outcome::Read(segments),
    })
}
