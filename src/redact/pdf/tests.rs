//! Page text rewriting on small hand-made PDFs: the glyphs go, what follows keeps its place,
//! the box is drawn in the stream's own space, and what cannot be done for sure fails.

use super::meta::{decode_char_refs, replace_values};
use super::pages::{Key, Labels, Removals, rewrite};
use super::save;
use crate::category::Category;
use crate::extract::pdf::fonts::Font;
use crate::extract::{Limits, Part, Stream as PartStream, extract};
use lopdf::content::Content;
use lopdf::{Document, Object, Stream, dictionary};
use std::collections::BTreeSet;

/// A one-page PDF drawing `content` with Helvetica as /F1, `/X1` a Form XObject drawing
/// `form` (moved down 100 points by its /Matrix), `/Im1` an [`Image`].
fn pdf(content: &[u8], form: Option<&[u8]>, image: Option<Image>) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1",
    "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" });
    let mut xobjects = lopdf::Dictionary::new();
    if let Some(form) = form {
        let form_id = doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 600.into(), 800.into()],
            "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 0.into(), (-100).into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } } },
            form.to_vec(),
        ));
        xobjects.set("X1", form_id);
    }
    if let Some(Image {
        w,
        h,
        space,
        pixels,
    }) = image
    {
        let space: Object = match space {
            // A two-colour palette: black and white.
            "Indexed" => vec![
                "Indexed".into(),
                "DeviceRGB".into(),
                1.into(),
                Object::String(
                    vec![0, 0, 0, 255, 255, 255],
                    lopdf::StringFormat::Hexadecimal,
                ),
            ]
            .into(),
            name => name.into(),
        };
        let mut stream = Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => w,
            "Height" => h, "ColorSpace" => space, "BitsPerComponent" => 8 },
            pixels,
        );
        stream.compress().unwrap();
        let image_id = doc.add_object(stream);
        xobjects.set("Im1", image_id);
    }
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
    let page = |content: lopdf::ObjectId| {
        dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id },
                "XObject" => xobjects.clone() },
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }
    };
    let page_id = doc.add_object(page(content_id));
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// An 8-bit image: size, colour space, pixels.
struct Image {
    w: i64,
    h: i64,
    space: &'static str,
    pixels: Vec<u8>,
}

/// A `w`×`h` gray image, all mid-gray (a scan's background).
fn gray(w: i64, h: i64) -> Image {
    Image {
        w,
        h,
        space: "DeviceGray",
        pixels: vec![200; usize::try_from(w * h).unwrap()],
    }
}

/// A `side`² RGB image: black and white modules (a 2-D code) or a colour gradient (a photo).
fn rgb(side: i64, code: bool) -> Image {
    let mut pixels = Vec::new();
    for y in 0..side {
        for x in 0..side {
            let v = if code {
                if (x / 4 + y / 4) % 2 == 0 { 0 } else { 255 }
            } else {
                u8::try_from((x * 255 / side + y) % 256).unwrap()
            };
            pixels.extend([v, if code { v } else { 128 }, v]);
        }
    }
    Image {
        w: side,
        h: side,
        space: "DeviceRGB",
        pixels,
    }
}

fn part_of(bytes: &[u8]) -> Part {
    let mut x = extract(bytes, Some("t.pdf"), &Limits::default()).unwrap();
    x.parts.remove(0)
}

fn page_text(part: &Part) -> String {
    part.segments
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Removes every occurrence of `word` from the page text, as the redactor would from its
/// targets; `codes` as [`rewrite`] takes it. No markers.
fn remove(bytes: &[u8], word: &str, codes: bool) -> Result<Vec<u8>, String> {
    remove_as(bytes, word, codes, None)
}

/// [`remove`], with markers naming `category` when given.
fn remove_as(
    bytes: &[u8],
    word: &str,
    codes: bool,
    category: Option<Category>,
) -> Result<Vec<u8>, String> {
    let part = part_of(bytes);
    let mut labels = Labels::new();
    let mut removals = Removals::new();
    let mut pages = BTreeSet::new();
    for seg in &part.segments {
        for (at, _) in seg.text.match_indices(word) {
            for g in seg.glyph_ranges(at, at + word.len()) {
                let key = match &part.streams[usize::from(g.stream)] {
                    PartStream::Page(n) => {
                        pages.insert(*n);
                        Key::Page(*n)
                    }
                    PartStream::XObject { page, object } => {
                        pages.insert(*page);
                        Key::Object(*object)
                    }
                    PartStream::Appearance { .. } => unreachable!(),
                };
                removals
                    .entry(key)
                    .or_default()
                    .entry(g.op)
                    .or_default()
                    .extend(g.first..=g.last);
                if let Some(category) = category {
                    labels.extend((g.first..=g.last).map(|glyph| ((key, g.op, glyph), category)));
                }
            }
        }
    }
    let mut doc = Document::load_mem(bytes).unwrap();
    rewrite(
        &mut doc,
        &pages,
        &removals,
        &labels,
        &Default::default(),
        codes,
        &|| false,
    )?;
    save(doc)
}

/// The operations of page 1's content.
fn page_ops(bytes: &[u8]) -> Vec<lopdf::content::Operation> {
    let doc = Document::load_mem(bytes).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    Content::decode(&doc.get_page_content(page))
        .unwrap()
        .operations
}

/// Start x (text space, from the operation's start) of each glyph of the TJ/Tj operations of
/// page 1, with its byte, for Helvetica at `size` with Tc `tc`, Tw `tw`, Tz `tz` %.
fn glyph_x(bytes: &[u8], size: f32, tc: f32, tw: f32, tz: f32) -> Vec<(u8, f32)> {
    let doc = Document::load_mem(bytes).unwrap();
    let font_dict = dictionary! { "Type" => "Font", "Subtype" => "Type1",
    "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" };
    let (font, _) = Font::load(&doc, &font_dict, 0);
    let mut out = Vec::new();
    let mut x = 0f32;
    for op in page_ops(bytes) {
        let items = match (op.operator.as_str(), op.operands.first()) {
            ("TJ", Some(Object::Array(a))) => a.clone(),
            ("Tj", Some(s)) => vec![s.clone()],
            _ => continue,
        };
        for item in items {
            match item {
                Object::String(s, _) => {
                    for code in font.codes(&s) {
                        out.push((code.value as u8, x));
                        let mut tx = font.width(code) * size + tc;
                        if code.value == 32 {
                            tx += tw;
                        }
                        x += tx * tz / 100.0;
                    }
                }
                Object::Integer(n) => x -= n as f32 / 1000.0 * size * tz / 100.0,
                Object::Real(n) => x -= n / 1000.0 * size * tz / 100.0,
                _ => {}
            }
        }
    }
    out
}

#[test]
fn removed_glyphs_become_one_advance_and_the_rest_of_the_line_stays_put() {
    // Kerned inside the name (LibreOffice, pdfTeX), with char and word spacing and scaling.
    let input = pdf(
        b"BT /F1 10 Tf 2 Tc 3 Tw 80 Tz 72 700 Td \
          [(M. Jean) -250 (Du) -20 (pont, 7) 30 (6 ans)] TJ ET",
        None,
        None,
    );
    assert_eq!(page_text(&part_of(&input)), "M. Jean Dupont, 76 ans");
    let output = remove(&input, "Dupont", false).unwrap();
    assert_eq!(page_text(&part_of(&output)), "M. Jean , 76 ans");
    let before = glyph_x(&input, 10.0, 2.0, 3.0, 80.0);
    let after = glyph_x(&output, 10.0, 2.0, 3.0, 80.0);
    // Every glyph kept is where it was.
    // "M. Jean" is glyphs 0..7, "Dupont" 7..13.
    let kept: Vec<(u8, f32)> = before
        .iter()
        .enumerate()
        .filter(|(i, _)| !(7..13).contains(i))
        .map(|(_, g)| *g)
        .collect();
    assert_eq!(kept.len(), after.len());
    for ((b1, x1), (b2, x2)) in kept.iter().zip(&after) {
        assert_eq!(b1, b2);
        assert!((x1 - x2).abs() < 0.01, "glyph {b1} moved from {x1} to {x2}");
    }
}

#[test]
fn quote_operators_keep_their_line_moves_and_spacing() {
    let input = pdf(
        b"BT /F1 10 Tf 12 TL 72 700 Td (Patient :) Tj (Jean DUPONT) ' 2 1 (DUPONT Jean, suite) \" ET",
        None,
        None,
    );
    let output = remove(&input, "DUPONT", false).unwrap();
    assert_eq!(page_text(&part_of(&output)), "Patient :\nJean\nJean, suite");
    let ops: Vec<String> = page_ops(&output)
        .iter()
        .map(|o| o.operator.clone())
        .collect();
    for op in ["'", "\""] {
        assert!(!ops.iter().any(|o| o == op), "{op} rewritten as TJ");
    }
    assert!(ops.iter().filter(|o| *o == "T*").count() >= 2);
    assert!(ops.iter().any(|o| o == "Tw") && ops.iter().any(|o| o == "Tc"));
}

#[test]
fn text_in_a_form_is_removed_there_and_boxed_in_the_form_space() {
    let input = pdf(
        b"q /X1 Do Q BT /F1 10 Tf 72 750 Td (En-tete) Tj ET",
        Some(b"BT /F1 10 Tf 72 700 Td (Patiente : Mme LEROUX) Tj ET"),
        None,
    );
    let output = remove(&input, "LEROUX", false).unwrap();
    let part = part_of(&output);
    assert_eq!(page_text(&part), "En-tete\nPatiente : Mme");
    let doc = Document::load_mem(&output).unwrap();
    let form = doc
        .objects
        .values()
        .find_map(|o| {
            o.as_stream()
                .ok()
                .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form"))
        })
        .unwrap();
    let content = String::from_utf8(form.get_plain_content().unwrap()).unwrap();
    // The box sits on the form's baseline (y 700 in form space, not 600 on the page).
    let fill = content
        .lines()
        .find(|l| l.ends_with(" h f"))
        .expect("a box");
    let ys: Vec<f32> = fill
        .split_whitespace()
        .collect::<Vec<_>>()
        .chunks(3)
        .filter_map(|c| c.get(1).and_then(|y| y.parse().ok()))
        .collect();
    assert!(ys.iter().all(|y| (695.0..712.0).contains(y)), "{fill}");
    // The page's own content is untouched.
    assert!(
        page_ops(&output)
            .iter()
            .any(|o| o.operator == "Tj" || o.operator == "TJ")
    );
}

#[test]
fn glyph_locators_that_do_not_match_the_content_fail() {
    let input = pdf(b"BT /F1 10 Tf 72 700 Td (Jean DUPONT) Tj ET", None, None);
    let mut doc = Document::load_mem(&input).unwrap();
    let mut removals = Removals::new();
    // Operation 2 is a Td; glyph 40 of operation 3 does not exist.
    removals
        .entry(Key::Page(1))
        .or_default()
        .entry(2)
        .or_default()
        .insert(0);
    assert!(
        rewrite(
            &mut doc,
            &BTreeSet::from([1]),
            &removals,
            &Labels::new(),
            &Default::default(),
            false,
            &|| false
        )
        .is_err()
    );
    let mut removals = Removals::new();
    removals
        .entry(Key::Page(1))
        .or_default()
        .entry(3)
        .or_default()
        .insert(40);
    assert!(
        rewrite(
            &mut doc,
            &BTreeSet::from([1]),
            &removals,
            &Labels::new(),
            &Default::default(),
            false,
            &|| false
        )
        .is_err()
    );
}

#[test]
fn invisible_text_removed_over_an_image_fails_since_the_scan_shows_it() {
    // An OCR layer over a scan: the words go, the picture of them would stay.
    let input = pdf(
        b"q 400 0 0 100 60 680 cm /Im1 Do Q BT 3 Tr /F1 10 Tf 72 700 Td (Jean DUPONT) Tj ET",
        None,
        Some(gray(400, 100)),
    );
    let err = remove(&input, "DUPONT", false).unwrap_err();
    assert!(err.contains("image"), "{err}");
    // Visible text over a picture (a letterhead's background) is covered by its box.
    let input = pdf(
        b"q 400 0 0 100 60 680 cm /Im1 Do Q BT /F1 10 Tf 72 700 Td (Jean DUPONT) Tj ET",
        None,
        Some(gray(400, 100)),
    );
    assert!(remove(&input, "DUPONT", false).is_ok());
    // Elsewhere on the page, an image is no concern.
    let input = pdf(
        b"q 40 0 0 40 400 100 cm /Im1 Do Q BT 3 Tr /F1 10 Tf 72 700 Td (Jean DUPONT) Tj ET",
        None,
        Some(gray(400, 100)),
    );
    assert!(remove(&input, "DUPONT", false).is_ok());
}

#[test]
fn a_two_d_code_image_goes_with_the_identity() {
    // A small gray square image: what the INS DataMatrix of a CI-SIS rendering looks like.
    let input = pdf(
        b"q 60 0 0 60 450 700 cm /Im1 Do Q BT /F1 10 Tf 72 700 Td (Jean DUPONT) Tj ET",
        None,
        Some(gray(44, 44)),
    );
    let output = remove(&input, "DUPONT", true).unwrap();
    let doc = Document::load_mem(&output).unwrap();
    assert!(
        !page_ops(&output).iter().any(|o| o.operator == "Do"),
        "the code is no longer drawn"
    );
    // Its data is gone from the file: no 44×44 image left.
    let big_images = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
        .filter(|s| s.dict.get(b"Width").and_then(Object::as_i64).ok() != Some(1))
        .count();
    assert_eq!(big_images, 0);
    // Without an identity removed, the image stays.
    let output = remove(&input, "Jean", false).unwrap();
    assert!(page_ops(&output).iter().any(|o| o.operator == "Do"));
}

#[test]
fn marked_content_that_spells_the_removed_text_loses_its_actual_text() {
    // Tagged PDFs give the text of a span in /ActualText, which pdftotext prefers.
    let input = pdf(
        b"/Span << /ActualText (Jean DUPONT) /MCID 0 >> BDC BT /F1 10 Tf 72 700 Td (Jean DUPONT) Tj ET EMC \
          /Span << /ActualText (suite) >> BDC BT /F1 10 Tf 72 600 Td (suite) Tj ET EMC",
        None,
        None,
    );
    let output = remove(&input, "DUPONT", false).unwrap();
    let spans: Vec<lopdf::content::Operation> = page_ops(&output)
        .into_iter()
        .filter(|o| o.operator == "BDC")
        .collect();
    assert_eq!(spans.len(), 2);
    let actual = |op: &lopdf::content::Operation| {
        op.operands
            .get(1)
            .and_then(|d| d.as_dict().ok())
            .is_some_and(|d| d.has(b"ActualText"))
    };
    assert!(
        !actual(&spans[0]),
        "the span around the name keeps no ActualText"
    );
    assert!(actual(&spans[1]), "another span keeps its own");
}

#[test]
fn xmp_values_are_found_escaped_once_twice_or_as_character_references() {
    let xml = "<dc:title>Mme LEROUX, maladie d&amp;apos;Alzheimer</dc:title>\
               <x:note>n&#233;e le 14/06/1936 &#x3C;ok&#x3E;</x:note>";
    assert_eq!(
        decode_char_refs(xml),
        "<dc:title>Mme LEROUX, maladie d&amp;apos;Alzheimer</dc:title>\
         <x:note>née le 14/06/1936 &lt;ok&gt;</x:note>"
    );
    let values = [
        ("maladie d'Alzheimer".to_string(), Category::Diagnosis),
        ("14/06/1936".to_string(), Category::BirthDate),
        ("LEROUX".to_string(), Category::PersonName),
    ];
    let out = replace_values(xml, &values).expect("all found");
    assert!(!out.contains("Alzheimer") && !out.contains("1936") && !out.contains("LEROUX"));
    assert!(out.contains("[retiré : diagnostic]") && out.contains("née le"));
    // A value not in the packet, or a reference that cannot be read: the packet is dropped.
    assert!(replace_values(xml, &[("DUPONT".to_string(), Category::PersonName)]).is_none());
    assert!(replace_values("<a>&#xZZ; LEROUX</a>", &values[2..]).is_none());
}

#[test]
fn a_colour_image_is_a_two_d_code_when_its_pixels_are_black_and_white() {
    let draw = b"q 60 0 0 60 450 700 cm /Im1 Do Q BT /F1 10 Tf 72 700 Td (Jean DUPONT) Tj ET";
    let code = pdf(draw, None, Some(rgb(48, true)));
    let output = remove(&code, "DUPONT", true).unwrap();
    assert!(!page_ops(&output).iter().any(|o| o.operator == "Do"));
    // A two-colour palette image (a PNG of the code) too.
    let palette = Image {
        w: 40,
        h: 40,
        space: "Indexed",
        pixels: (0..1600).map(|i| u8::from(i % 7 < 3)).collect(),
    };
    let output = remove(&pdf(draw, None, Some(palette)), "DUPONT", true).unwrap();
    assert!(!page_ops(&output).iter().any(|o| o.operator == "Do"));
    // A small photo or logo in colour stays.
    let photo = pdf(draw, None, Some(rgb(48, false)));
    let output = remove(&photo, "DUPONT", true).unwrap();
    assert!(page_ops(&output).iter().any(|o| o.operator == "Do"));
}

#[test]
fn text_in_a_vertical_font_fails_rather_than_being_placed_wrong() {
    let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange \
        1 beginbfrange <0001> <0003> <0041> endbfrange";
    let mut doc = Document::load_mem(&pdf(
        b"BT /F1 10 Tf 72 700 Td <000100020003> Tj ET",
        None,
        None,
    ))
    .unwrap();
    let cmap_id = doc.add_object(Stream::new(dictionary! {}, cmap.to_vec()));
    let cid_font = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "CIDFontType2",
    "BaseFont" => "Subset", "DW" => 1000 });
    let font_id = doc
        .objects
        .iter()
        .find(|(_, o)| o.as_dict().is_ok_and(|d| d.has_type(b"Font")))
        .map(|(id, _)| *id)
        .unwrap();
    doc.objects.insert(
        font_id,
        Object::Dictionary(dictionary! { "Type" => "Font", "Subtype" => "Type0",
        "BaseFont" => "Subset", "Encoding" => "Identity-V",
        "DescendantFonts" => vec![cid_font.into()], "ToUnicode" => cmap_id }),
    );
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    assert_eq!(page_text(&part_of(&bytes)), "ABC");
    let err = remove(&bytes, "BC", false).unwrap_err();
    assert!(err.contains("vertical"), "{err}");
}

#[test]
fn a_removed_space_keeps_its_word_spacing() {
    let input = pdf(
        b"BT /F1 10 Tf 1 Tc 6 Tw 72 700 Td [(M. Jean Du) -20 (pont, 7) 30 (6 ans)] TJ ET",
        None,
        None,
    );
    let output = remove(&input, "Jean Dupont", false).unwrap();
    assert_eq!(page_text(&part_of(&output)), "M. , 76 ans");
    let before = glyph_x(&input, 10.0, 1.0, 6.0, 100.0);
    let after = glyph_x(&output, 10.0, 1.0, 6.0, 100.0);
    // "M. " is glyphs 0..3, "Jean Dupont" 3..14 (its space, widened by Tw, is glyph 7).
    let kept: Vec<(u8, f32)> = before
        .iter()
        .enumerate()
        .filter(|(i, _)| !(3..14).contains(i))
        .map(|(_, g)| *g)
        .collect();
    assert_eq!(kept.len(), after.len());
    for ((b1, x1), (b2, x2)) in kept.iter().zip(&after) {
        assert_eq!(b1, b2);
        assert!((x1 - x2).abs() < 0.01, "glyph {b1} moved from {x1} to {x2}");
    }
}

#[test]
fn operator_soup_never_panics_and_what_comes_out_loads() {
    // Random content (a fixed LCG: reproducible); the first word found is removed.
    const TOKENS: &[&[u8]] = &[
        b"BT",
        b"ET",
        b"q",
        b"Q",
        b"Tj",
        b"TJ",
        b"'",
        b"\"",
        b"Td",
        b"TD",
        b"Tm",
        b"T*",
        b"Tf",
        b"Tc",
        b"Tw",
        b"Tz",
        b"TL",
        b"Ts",
        b"cm",
        b"Do",
        b"/F1",
        b"/X1",
        b"/Im1",
        b"0",
        b"-1",
        b"1e38",
        b"3.5",
        b"(abc)",
        b"(Jean DUPONT)",
        b"<00FF01>",
        b"[(a) -300 (b)]",
        b"BDC",
        b"/Span",
        b"<< /ActualText (x) >>",
        b"EMC",
        b"10",
        b"72",
        b"700",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut removed = 0;
    for _ in 0..150 {
        let mut content = b"BT /F1 10 Tf 72 700 Td ".to_vec();
        for _ in 0..60 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            content.extend_from_slice(TOKENS[(seed >> 33) as usize % TOKENS.len()]);
            content.push(b' ');
        }
        let input = pdf(
            &content,
            Some(b"BT /F1 9 Tf (DUPONT) Tj ET"),
            Some(gray(8, 8)),
        );
        let part = part_of(&input);
        let Some(word) = part
            .segments
            .first()
            .and_then(|s| s.text.split_whitespace().next().map(str::to_string))
        else {
            continue;
        };
        if let Ok(output) = remove(&input, &word, true) {
            let again = part_of(&output);
            assert!(
                !page_text(&again).split_whitespace().any(|w| w == word),
                "the word is gone"
            );
            removed += 1;
        }
    }
    assert!(removed > 10, "some contents were redacted ({removed})");
}

#[test]
fn an_inline_image_elsewhere_on_the_page_comes_through_unchanged() {
    let input = pdf(
        b"q 20 0 0 20 400 100 cm BI /W 2 /H 2 /CS /RGB /BPC 8 ID \x10\x80\x30\xF0\x50\x60\x70\x80\x90\xA0\xB0\xC0 EI Q \
          BT /F1 10 Tf 72 700 Td (Jean DUPONT) Tj ET",
        None,
        None,
    );
    let output = remove(&input, "DUPONT", false).unwrap();
    assert_eq!(page_text(&part_of(&output)), "Jean");
    let image = |bytes: &[u8]| {
        page_ops(bytes)
            .into_iter()
            .find(|o| o.operator == "BI")
            .and_then(|o| o.operands.first().and_then(|s| s.as_stream().ok()).cloned())
            .map(|s| s.content)
    };
    assert_eq!(image(&output), image(&input));
    assert!(image(&input).is_some_and(|d| d.len() == 12));
}

#[test]
fn a_marker_names_what_was_removed_in_its_box() {
    let input = pdf(
        b"BT /F1 10 Tf 72 700 Td (Patient : Jean DUPONT, 76 ans) Tj ET",
        None,
        None,
    );
    let output = remove_as(&input, "Jean DUPONT", false, Some(Category::PersonName)).unwrap();
    assert_eq!(
        page_text(&part_of(&output)),
        "Patient : [retiré : nom], 76 ans"
    );
    // In a form: written there, its font named in the form's own resources.
    let input = pdf(
        b"q /X1 Do Q",
        Some(b"BT /F1 10 Tf 72 700 Td (Patiente : Mme LEROUX) Tj ET"),
        None,
    );
    let output = remove_as(&input, "LEROUX", false, Some(Category::PersonName)).unwrap();
    assert_eq!(
        page_text(&part_of(&output)),
        "Patiente : Mme [retiré : nom]"
    );
}

#[test]
fn without_resources_of_its_own_a_page_gets_boxes_but_no_marker() {
    // The page inherits its resources from the page tree: naming a font in a new dictionary
    // of its own would hide them.
    let input = pdf(b"BT /F1 10 Tf 72 700 Td (Jean DUPONT) Tj ET", None, None);
    let mut doc = Document::load_mem(&input).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let resources = doc
        .get_dictionary_mut(page)
        .unwrap()
        .remove(b"Resources")
        .unwrap();
    let parent = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"Parent")
        .unwrap()
        .as_reference()
        .unwrap();
    doc.get_dictionary_mut(parent)
        .unwrap()
        .set("Resources", resources);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    assert_eq!(page_text(&part_of(&bytes)), "Jean DUPONT");
    let output = remove_as(&bytes, "DUPONT", false, Some(Category::PersonName)).unwrap();
    assert_eq!(page_text(&part_of(&output)), "Jean");
    let content = String::from_utf8_lossy(
        &Document::load_mem(&output).unwrap().get_page_content(
            *Document::load_mem(&output)
                .unwrap()
                .get_pages()
                .get(&1)
                .unwrap(),
        ),
    )
    .into_owned();
    assert!(content.contains(" h f"), "the box is drawn");
}
