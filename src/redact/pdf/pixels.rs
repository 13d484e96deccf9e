//! Values read by OCR taken out of the pixels (issue 15 §5): the boxes of the words that hold
//! a removed value, padded, are painted over in the image that was read, and the image object
//! is replaced by the painted pixels alone — 8-bit DeviceGray, Flate — so that no copy of the
//! original picture stays in the file (same object number: every page that drew it now draws
//! the painted one; its `/SMask`, `/Metadata`, `/Alternates` and filters go with it).
//!
//! The paint is a flat mid-gray (`image::PAINT`): a reader sees the box, OCR reads no word in it,
//! and it is not counted as ink outside the words when the copy is read again (the pipeline's
//! post-condition OCRs the output and fails closed if a removed value is still read, or if the
//! page no longer reads).

use crate::extract::{Part, WordBox};
use crate::redact::Target;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use std::collections::BTreeMap;

pub(super) use super::super::image::is_ocr;
use super::super::image::target_boxes;

/// Paints the OCR'd targets of `part` out of the images of `doc`. Errs (without content) when
/// a value was read from an image this cannot rewrite.
pub(super) fn paint(
    doc: &mut Document,
    part: &Part,
    targets: &[Target],
    max_pixels: u64,
) -> Result<usize, String> {
    let mut by_object: BTreeMap<ObjectId, Vec<WordBox>> = BTreeMap::new();
    for b in target_boxes(part, targets)?
        .into_iter()
        .filter(|b| !b.rendered)
    {
        let Some(object) = b.object else {
            return Err("a value read by OCR outside a PDF image".into());
        };
        by_object.entry(object).or_default().push(b);
    }
    let count = by_object.len();
    for (object, words) in by_object {
        let stream = doc
            .get_object(object)
            .and_then(Object::as_stream)
            .map_err(|_| "an image read by OCR is missing")?;
        let mut image = crate::ocr::decode::pdf_image(doc, stream, None, max_pixels)
            .map_err(|_| "an image read by OCR no longer decodes")?;
        super::super::image::paint(&mut image, &words);
        let (w, h) = (image.width, image.height);
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"XObject".to_vec()));
        dict.set("Subtype", Object::Name(b"Image".to_vec()));
        dict.set("Width", Object::Integer(i64::from(w)));
        dict.set("Height", Object::Integer(i64::from(h)));
        dict.set("ColorSpace", Object::Name(b"DeviceGray".to_vec()));
        dict.set("BitsPerComponent", Object::Integer(8));
        let mut painted = Stream::new(dict, image.pixels);
        painted
            .compress()
            .map_err(|_| "the painted image cannot be compressed")?;
        doc.objects.insert(object, Object::Stream(painted));
    }
    Ok(count)
}

/// The boxes, in page space and padded, of the removed values read on the rendering of a page
/// whose text is drawn (issue 21 §4), by page: `pages.rs` deletes the paths under them. The
/// page-to-pixel frame is the one extraction rendered in (same page box, same pixel budget).
pub(super) fn drawn(
    doc: &Document,
    part: &Part,
    targets: &[Target],
    max_pixels: u64,
) -> Result<super::pages::Erase, String> {
    let mut out = super::pages::Erase::new();
    let pages = doc.get_pages();
    for t in targets.iter().filter(|t| is_ocr(part, t)) {
        let words = target_boxes(part, std::slice::from_ref(t))?;
        if !words.iter().any(|w| w.rendered) {
            continue;
        }
        let crate::extract::Origin::Page(page) = t.origin else {
            return Err("a value read on a rendering outside a page".into());
        };
        let id = pages.get(&page).ok_or("a rendered page is missing")?;
        let media = crate::extract::pdf::text::media_box(doc, *id);
        let frame = crate::extract::pdf::render::Frame::new(media, max_pixels)
            .ok_or("a rendered page no longer fits the pixel budget")?;
        let pad = super::super::image::PAD as f32;
        for w in words.iter().filter(|w| w.rendered) {
            let (x0, y0) = frame.page((w.left as f32 - pad, w.top as f32 - pad));
            let (x1, y1) = frame.page((
                (w.left + w.width) as f32 + pad,
                (w.top + w.height) as f32 + pad,
            ));
            out.entry(page)
                .or_default()
                .push((x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::extract::WordBox;
    use crate::redact::image::boxes;

    #[test]
    fn the_boxes_of_a_value_are_those_its_text_overlaps() {
        let b = |text, left| WordBox {
            text,
            image: 0,
            object: Some((5, 0)),
            left,
            top: 0,
            width: 10,
            height: 10,
            confidence: 90,
            rendered: false,
        };
        // "NIR : 1 85 05" — words at 0, 4, 6, 8, 11.
        let all = [b(0, 0), b(4, 40), b(6, 60), b(8, 80), b(11, 110)];
        let found = boxes(&all, 13, 6, 13);
        assert_eq!(
            found.iter().map(|w| w.left).collect::<Vec<_>>(),
            vec![60, 80, 110]
        );
        let colon = boxes(&all, 13, 4, 5);
        assert_eq!(colon.iter().map(|w| w.left).collect::<Vec<_>>(), vec![40]);
        assert!(boxes(&all, 13, 13, 13).is_empty());
    }
}
