//! Image files (JPEG, PNG, TIFF — a multi-page fax TIFF page by page): decoded by tamis
//! ([`crate::ocr::decode`]) and read by OCR, one OCR'd segment per page, origin
//! [`Origin::Page`]. The part stays [`Opaque::Image`] (blocked, as before OCR) when OCR is not
//! installed, its budget is spent, or the image is logo-sized ([`super::decorative_size`]: an
//! e-mail's signature banner is judged by `mail.rs`, not read); it is
//! [`Opaque::Unreadable`] when the file does not decode or a page reads illegibly
//! ([`crate::ocr::Verdict`]).

use super::{ExtractError, Extractor, Format, Opaque, Origin, Part, Segment};
use crate::ocr::Verdict;

/// Pages of a TIFF decoded at most (each still counts against the OCR budget).
const MAX_TIFF_PAGES: usize = 200;

/// Extracts the image file `bytes` as the part at `path`.
pub fn extract(x: &mut Extractor, path: &str, bytes: &[u8]) -> Result<(), ExtractError> {
    let mut part = Part::new(path, Format::Image, bytes.len());
    part.opaque = Some(Opaque::Image);
    if super::decorative_size(bytes).is_some() {
        x.push(part)?;
        return Ok(());
    }
    let pages = match crate::ocr::decode::image_file(bytes, x.limits.max_ocr_pixels, MAX_TIFF_PAGES)
    {
        Ok(pages) => pages,
        Err(reason) => {
            part.opaque = Some(Opaque::Unreadable(format!("image illisible : {reason}")));
            x.push(part)?;
            return Ok(());
        }
    };
    let many = pages.len() > 1;
    if many {
        part.pages = Some(pages.len() as u32);
    }
    let mut illegible = None;
    let mut unread = false;
    for (i, image) in pages.iter().enumerate() {
        x.charge(path, image.pixels.len() as u64)?;
        let what = if many {
            format!("image, page {}", i + 1)
        } else {
            "image".to_string()
        };
        let Some(page) = x.ocr(path, &what, image)? else {
            unread = true;
            break;
        };
        // The page's text as a segment, with its word boxes.
        let segment = || {
            let page_number = u16::try_from(i).unwrap_or(u16::MAX);
            Segment::ocr(&page, Origin::Page(i as u32 + 1), page_number, None)
        };
        match page.judge(image) {
            Verdict::Read { confidence } => {
                x.notice(
                    path,
                    "ocr_read",
                    format!("{what} : lue par OCR (confiance moyenne {confidence:.0} %)"),
                );
                part.segments.push(segment());
            }
            Verdict::Blank => {}
            Verdict::NoWords => {
                unread = true;
                break;
            }
            Verdict::Illegible(reason) => {
                // What was read is still scanned; the part blocks all the same.
                if !page.text.is_empty() {
                    part.segments.push(segment());
                }
                illegible.get_or_insert(format!("{what} numérisée illisible : {reason}"));
            }
        }
    }
    part.opaque = if unread {
        Some(Opaque::Image)
    } else {
        illegible.map(Opaque::Unreadable)
    };
    x.push(part)?;
    Ok(())
}
