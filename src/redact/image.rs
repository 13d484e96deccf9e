//! Image attachments whose values were read by OCR (issue 15 §5): the word boxes of removed
//! values, padded, painted over, and the file written again in its own format from the
//! painted pixels only (JPEG, PNG, TIFF — every page of a TIFF, in gray): no metadata, no
//! thumbnail and no copy of the original pixels is carried over. The pipeline's
//! post-condition reads the copy again by OCR and fails closed if a removed value is still
//! read. Also the helpers `pdf/pixels.rs` shares: which targets were read by OCR, and their
//! word boxes.

use crate::extract::{Part, SourceMap, WordBox};
use crate::ocr::Gray;
use crate::redact::{Target, TargetAt};

/// Gray of the painted boxes: lighter than ink (OCR counts below 110 as ink), darker than
/// paper, so a reader sees the box and a reading of the copy finds no word and no stray ink.
pub(super) const PAINT: u8 = 160;
/// Pixels added around each word box (anti-aliasing, accents, a word box cut short).
pub(super) const PAD: u32 = 6;
/// JPEG quality of a rewritten photo or scan.
const JPEG_QUALITY: u8 = 85;

/// Whether target `t` lies in a segment read by OCR.
pub(super) fn is_ocr(part: &Part, t: &Target) -> bool {
    matches!(t.at, TargetAt::Text { segment, .. }
        if part.segments.get(segment).is_some_and(|s| s.is_ocr()))
}

/// The word boxes behind segment text `start..end` of a segment read by OCR.
pub(super) fn boxes(boxes: &[WordBox], len: usize, start: usize, end: usize) -> Vec<WordBox> {
    boxes
        .iter()
        .enumerate()
        .filter(|(i, b)| {
            let b_end = boxes.get(i + 1).map_or(len, |n| n.text as usize);
            (b.text as usize) < end && start < b_end
        })
        .map(|(_, b)| *b)
        .collect()
}

/// The word boxes of every OCR'd target of `part`. Errs (without content) when one has none.
pub(super) fn target_boxes(part: &Part, targets: &[Target]) -> Result<Vec<WordBox>, String> {
    let mut out = Vec::new();
    for t in targets.iter().filter(|t| is_ocr(part, t)) {
        let TargetAt::Text {
            segment,
            start,
            end,
            ..
        } = t.at
        else {
            continue;
        };
        let Some(seg) = part.segments.get(segment) else {
            continue;
        };
        let SourceMap::Boxes(all) = &seg.map else {
            continue;
        };
        let found = boxes(all, seg.text.len(), start, end);
        if found.is_empty() {
            return Err("a value read by OCR without its word boxes".into());
        }
        out.extend(found);
    }
    Ok(out)
}

/// Paints `words` (padded) over `image`.
pub(super) fn paint(image: &mut Gray, words: &[WordBox]) {
    let (w, h) = (image.width, image.height);
    for b in words.iter().filter(|b| !b.rendered) {
        let (x0, y0) = (b.left.saturating_sub(PAD), b.top.saturating_sub(PAD));
        let x1 = b.left.saturating_add(b.width).saturating_add(PAD).min(w);
        let y1 = b.top.saturating_add(b.height).saturating_add(PAD).min(h);
        for y in y0..y1 {
            let row = (y as usize) * (w as usize);
            image.pixels[row + x0.min(x1) as usize..row + x1 as usize].fill(PAINT);
        }
    }
}

/// The image file `bytes` of `part` with its OCR'd targets painted out, in its own format.
pub(super) fn redact(
    bytes: &[u8],
    part: &Part,
    targets: &[Target],
    max_pixels: u64,
) -> Result<Vec<u8>, String> {
    let words = target_boxes(part, targets)?;
    let mut pages = crate::ocr::decode::image_file(bytes, max_pixels, usize::MAX)?;
    for (i, page) in pages.iter_mut().enumerate() {
        let here: Vec<WordBox> = words
            .iter()
            .filter(|b| usize::from(b.image) == i)
            .copied()
            .collect();
        paint(page, &here);
    }
    let fail = |_| "the painted image cannot be written".to_string();
    let mut out = Vec::new();
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let [page] = pages.as_slice() else {
            return Err("a JPEG of several images".into());
        };
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
            .encode(
                &page.pixels,
                page.width,
                page.height,
                image::ExtendedColorType::L8,
            )
            .map_err(|_| "the painted image cannot be written")?;
    } else if bytes.starts_with(b"\x89PNG") {
        let [page] = pages.as_slice() else {
            return Err("a PNG of several images".into());
        };
        let mut enc = png::Encoder::new(&mut out, page.width, page.height);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().map_err(fail)?;
        writer.write_image_data(&page.pixels).map_err(fail)?;
        writer.finish().map_err(fail)?;
    } else {
        let mut enc = tiff::encoder::TiffEncoder::new(std::io::Cursor::new(&mut out))
            .map_err(|_| "the painted image cannot be written")?;
        for page in &pages {
            enc.write_image::<tiff::encoder::colortype::Gray8>(
                page.width,
                page.height,
                &page.pixels,
            )
            .map_err(|_| "the painted image cannot be written")?;
        }
    }
    Ok(out)
}
