//! Redaction of PDFs: the removed values are gone from the text a reader extracts (poppler's
//! `pdftotext` and tamis' own extraction), from the metadata, fields, outlines, annotations and
//! embedded files; what was kept is still there, in its place; the file is a complete valid
//! PDF of one revision (`qpdf --check`) and a black box covers where the text was
//! (`pdftoppm`), a marker naming the category written in it.

use crate::common::{redact_categories, values};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use tamis::Category;
use tamis::extract::{Limits, extract};
use tamis::report::{Action, Report};
use unicode_normalization::UnicodeNormalization;

/// What the tests remove: identity, health data by nature, contact details.
const REMOVED: &[Category] = &[
    Category::PersonName,
    Category::Diagnosis,
    Category::Nir,
    Category::Medication,
    Category::BirthDate,
    Category::Phone,
    Category::Address,
    Category::Email,
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every producer's PDF, the readable samples, and the feature files that hold text.
fn corpus() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("corpus/pdf/producers"))
        .expect("corpus/pdf/producers")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .map(|p| {
            format!(
                "corpus/pdf/producers/{}",
                p.file_name().unwrap().to_string_lossy()
            )
        })
        .collect();
    files.sort();
    assert!(files.len() >= 8, "the producer PDFs are in the corpus");
    for f in [
        "producers/image-page/reportlab-text-then-image.pdf",
        "samples/fr_aphp_edspdf_letter.pdf",
        "samples/us_ccda_UD_sample.pdf",
        "features/xobject.pdf",
        "features/annotations.pdf",
        "features/form.pdf",
        "features/metadata.pdf",
        "features/metadata_custom.pdf",
        "features/metadata_custom_objstm.pdf",
        "features/outline.pdf",
        "features/attachment.pdf",
        "features/attachment_nested.pdf",
        "features/attachment_annotation.pdf",
        "features/encrypted_empty_user_password.pdf",
    ] {
        files.push(format!("corpus/pdf/{f}"));
    }
    files
}

/// Is `tool` installed? When it is not, the test returns early, unless TAMIS_REQUIRE_TOOLS=1.
fn have_tool(tool: &str) -> bool {
    let ok = Command::new(tool).arg("--version").output().is_ok();
    if !ok {
        assert!(
            std::env::var("TAMIS_REQUIRE_TOOLS").as_deref() != Ok("1"),
            "{tool} is required (TAMIS_REQUIRE_TOOLS=1) but not installed"
        );
        println!("{tool} is not installed: test skipped");
    }
    ok
}

/// Folded words (NFKC, lowercase, accents kept), joined by single spaces, with a space at
/// both ends so that whole words can be counted.
fn words(text: &str) -> String {
    let text: String = text.nfkc().collect::<String>().to_lowercase();
    let joined = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    format!(" {joined} ")
}

fn count(all: &str, value: &str) -> usize {
    let key = words(value);
    if key.trim().is_empty() {
        return 0;
    }
    all.matches(key.as_str()).count()
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A directory of this test's own (tests run in parallel on the same files).
fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tamis-redact-pdf-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The redacted copy of `file`, written to the temp dir of `test`, and the report applied.
fn redacted(file: &str, test: &str) -> (PathBuf, Vec<u8>, Report) {
    let (bytes, report) = redact_categories(file, REMOVED);
    let name = file.replace('/', "_");
    let out = temp_dir(test).join(name);
    std::fs::write(&out, &bytes).expect("write the output");
    (out, bytes, report)
}

/// Removed values (as words) with how often each was removed.
fn removed_counts(report: &Report) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for v in values(report, Action::Remove) {
        if words(&v).chars().filter(|c| c.is_alphanumeric()).count() >= 2 {
            *m.entry(v).or_insert(0) += 1;
        }
    }
    m
}

/// Kept values that share no word with a removed one (those may go with their neighbour).
fn kept_alone(report: &Report) -> Vec<String> {
    let removed: Vec<String> = values(report, Action::Remove)
        .iter()
        .map(|v| words(v))
        .collect();
    values(report, Action::Keep)
        .into_iter()
        .filter(|k| {
            let kw = words(k);
            kw.split_whitespace().count() > 0
                && !removed
                    .iter()
                    .any(|r| kw.split_whitespace().any(|w| r.contains(&format!(" {w} "))))
        })
        .collect()
}

#[test]
fn every_producer_loses_the_removed_values_and_keeps_the_rest_for_pdftotext() {
    if !have_tool("pdftotext") {
        return;
    }
    let mut failures = Vec::new();
    let mut checked = 0;
    for file in corpus() {
        let (out, _, report) = redacted(&file, "pdftotext");
        let before = words(&pdftotext(&root().join(&file)));
        let after_text = pdftotext(&out);
        if file.contains("/producers/") && !after_text.contains("[retiré : nom]") {
            failures.push(format!("{file}: no marker where the names were"));
        }
        let after = words(&after_text);
        let removed = removed_counts(&report);
        let visible = removed.keys().filter(|v| count(&before, v) > 0).count();
        if file.contains("/producers/") && visible == 0 {
            failures.push(format!(
                "{file}: no removed value in the page text to check"
            ));
        }
        for (value, n) in removed {
            let allowed = count(&before, &value).saturating_sub(n);
            let left = count(&after, &value);
            if left > allowed {
                failures.push(format!(
                    "{file}: a removed value is still in pdftotext's text ({left} > {allowed})"
                ));
            }
        }
        for value in kept_alone(&report) {
            if count(&before, &value) > 0 && count(&after, &value) == 0 {
                failures.push(format!(
                    "{file}: a kept value is gone from pdftotext's text"
                ));
            }
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    println!("{checked} PDFs checked with pdftotext");
}

#[test]
fn tamis_finds_no_removed_value_in_any_redacted_pdf() {
    for file in corpus() {
        let bytes = std::fs::read(root().join(&file)).expect("corpus file");
        let limits = Limits::default();
        let doc = extract(&bytes, Some(&file), &limits).expect("extraction");
        let (out, _, report) = redacted(&file, "tamis");
        let expected = tamis::redact::expected_counts(&doc, &report);
        let again = extract(&std::fs::read(&out).unwrap(), Some(&file), &limits)
            .expect("the output extracts");
        assert!(
            again.parts[0].opaque.is_none() || doc.parts[0].opaque.is_some(),
            "{file}: the output became unreadable"
        );
        let left = tamis::redact::leftovers(&again, &expected);
        assert!(left.is_empty(), "{file}: values left over: {left:?}");
    }
}

/// A complete file of one revision: a single `%%EOF`, no `/Prev` in the trailer.
fn assert_one_revision(file: &str, bytes: &[u8]) {
    assert_eq!(
        memchr::memmem::find_iter(bytes, b"%%EOF").count(),
        1,
        "{file}"
    );
    let doc = lopdf::Document::load_mem(bytes).expect("the output loads");
    assert!(
        doc.trailer.get(b"Prev").is_err(),
        "{file}: no earlier revision"
    );
}

#[test]
fn every_redacted_pdf_passes_qpdf_check() {
    if !have_tool("qpdf") {
        return;
    }
    for file in corpus() {
        let (out, bytes, _) = redacted(&file, "qpdf");
        assert_one_revision(&file, &bytes);
        let check = Command::new("qpdf")
            .arg("--check")
            .arg(&out)
            .output()
            .expect("qpdf");
        assert_eq!(
            check.status.code(),
            Some(0),
            "{file}: qpdf --check: {}{}",
            String::from_utf8_lossy(&check.stdout),
            String::from_utf8_lossy(&check.stderr)
        );
    }
}

/// A word of `pdftotext -bbox`: its text and box (points, y down).
#[derive(Debug, Clone)]
struct Word {
    text: String,
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

/// The words of page 1 with their boxes.
fn bbox_words(pdf: &Path) -> Vec<Word> {
    let out = Command::new("pdftotext")
        .args(["-bbox", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let attr = |tag: &str, name: &str| -> f32 {
        let key = format!("{name}=\"");
        let at = tag.find(&key).expect("attribute") + key.len();
        tag[at..]
            .split('"')
            .next()
            .unwrap()
            .parse()
            .expect("number")
    };
    html.split("<word ")
        .skip(1)
        .map(|w| {
            let (tag, rest) = w.split_once('>').expect("tag");
            let text = rest.split("</word>").next().unwrap_or_default();
            Word {
                text: words(&text.replace("&amp;", "&")).trim().to_string(),
                x0: attr(tag, "xMin"),
                y0: attr(tag, "yMin"),
                x1: attr(tag, "xMax"),
                y1: attr(tag, "yMax"),
            }
        })
        .collect()
}

/// Page 1 rendered at 50 dpi in gray: width, height, pixels.
fn render(pdf: &Path, dir: &Path, name: &str) -> (usize, usize, Vec<u8>) {
    let prefix = dir.join(name);
    let status = Command::new("pdftoppm")
        .args(["-r", "50", "-gray", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm runs");
    assert!(status.success());
    let pgm = std::fs::read(format!("{}.pgm", prefix.display())).expect("a PGM");
    // P5 <w> <h> 255 then the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).into_owned());
    }
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, pgm[at + 1..].to_vec())
}

/// Mean gray (0 black, 255 white) of a box in points, shrunk by a pixel on each side.
fn mean_gray(image: &(usize, usize, Vec<u8>), word: &Word) -> f32 {
    let (w, h, pixels) = image;
    let px = |v: f32| (v * 50.0 / 72.0).round() as usize;
    let (x0, x1) = (px(word.x0) + 1, px(word.x1).saturating_sub(1).min(w - 1));
    let (y0, y1) = (px(word.y0) + 1, px(word.y1).saturating_sub(1).min(h - 1));
    let mut sum = 0u64;
    let mut n = 0u64;
    for y in y0..=y1 {
        for x in x0..=x1 {
            sum += u64::from(pixels[y * w + x]);
            n += 1;
        }
    }
    assert!(n > 0, "an empty box");
    sum as f32 / n as f32
}

/// For the first removed value drawn on page 1 that has a kept word after it on its line:
/// the box is dark where the value was light, and the next word has not moved.
/// `with_next`: the value must have a kept word after it (whose place is checked).
fn check_box_and_position(file: &str, with_next: bool) {
    let dir = temp_dir("render");
    let (out, _, report) = redacted(file, "render");
    let before = bbox_words(&root().join(file));
    let after = bbox_words(&out);
    let removed: Vec<Vec<String>> = values(&report, Action::Remove)
        .iter()
        .map(|v| words(v).split_whitespace().map(str::to_string).collect())
        .filter(|t: &Vec<String>| !t.is_empty())
        .collect();
    let is_removed = |w: &str| removed.iter().any(|r| r.iter().any(|t| t == w));
    let mut checked = 0;
    for value in &removed {
        let n = value.len();
        let Some(i) = (0..before.len().saturating_sub(n)).find(|&i| {
            before[i..i + n].iter().map(|w| &w.text).eq(value.iter())
                && before[i..i + n]
                    .iter()
                    .all(|w| (w.y0 - before[i].y0).abs() < 1.0)
        }) else {
            continue;
        };
        let next = before.get(i + n).filter(|w| {
            (w.y0 - before[i].y0).abs() < 1.0 && !w.text.is_empty() && !is_removed(&w.text)
        });
        if with_next && next.is_none() {
            continue;
        }
        let area = Word {
            text: String::new(),
            x0: before[i].x0,
            y0: before[i].y0,
            x1: before[i + n - 1].x1,
            y1: before[i].y1,
        };
        let original = render(
            &root().join(file),
            &dir,
            &format!("{}-before", file.replace('/', "_")),
        );
        let redacted_page = render(&out, &dir, &format!("{}-after", file.replace('/', "_")));
        let (light, dark) = (
            mean_gray(&original, &area),
            mean_gray(&redacted_page, &area),
        );
        assert!(
            light > 120.0,
            "{file}: the value's area was light ({light})"
        );
        assert!(dark < 60.0, "{file}: a dark box covers the value ({dark})");
        if let Some(next) = next {
            let moved = after
                .iter()
                .filter(|w| w.text == next.text && (w.y0 - next.y0).abs() < 1.0)
                .map(|w| (w.x0 - next.x0).abs())
                .fold(f32::INFINITY, f32::min);
            assert!(moved < 0.5, "{file}: the next word moved by {moved} pt");
        }
        checked += 1;
        break;
    }
    assert_eq!(
        checked, 1,
        "{file}: no removed value followed by a kept word on page 1"
    );
}

#[test]
fn a_black_box_covers_the_removed_text_and_the_line_keeps_its_place() {
    if !have_tool("pdftotext") || !have_tool("pdftoppm") {
        return;
    }
    // Kerned TJ arrays (LibreOffice), standard-14 widths (reportlab, fpdf2 Helvetica), CID
    // fonts (DejaVu), and a Form XObject drawn with its own matrix.
    for file in [
        "corpus/pdf/producers/libreoffice-odt.pdf",
        "corpus/pdf/producers/reportlab-helvetica.pdf",
        "corpus/pdf/producers/fpdf2-helvetica.pdf",
        "corpus/pdf/producers/fpdf2-dejavu.pdf",
        "corpus/pdf/producers/qpdf-overlay-xobject.pdf",
    ] {
        check_box_and_position(file, true);
    }
    // The form's only line is all removed: the box, no neighbour.
    check_box_and_position("corpus/pdf/features/xobject.pdf", false);
}

/// The bytes of `pdf` as `qpdf --qdf --object-streams=disable` writes them: every stream
/// uncompressed, every object on its own.
fn qdf(pdf: &Path) -> Vec<u8> {
    let out = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("qpdf runs");
    assert!(
        matches!(out.status.code(), Some(0 | 3)),
        "qpdf --qdf failed"
    );
    out.stdout
}

#[test]
fn the_output_is_a_new_file_with_no_removed_string_left_in_any_object() {
    if !have_tool("qpdf") {
        return;
    }
    // Producers whose strings are plain WinAnsi: a name written in a content stream, the
    // Info dictionary or an orphan object would show in the uncompressed bytes.
    for file in [
        "corpus/pdf/producers/reportlab-helvetica.pdf",
        "corpus/pdf/producers/fpdf2-helvetica.pdf",
    ] {
        let (out, bytes, report) = redacted(file, "qdf");
        let plain: Vec<String> = values(&report, Action::Remove)
            .into_iter()
            .filter(|v| v.len() >= 5 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' '))
            .collect();
        assert!(!plain.is_empty(), "{file}: plain values to look for");
        let original = qdf(&root().join(file));
        let found_before = plain
            .iter()
            .filter(|v| memchr::memmem::find(&original, v.as_bytes()).is_some())
            .count();
        assert!(
            found_before > 0,
            "{file}: the original holds the values as plain strings"
        );
        let redacted = qdf(&out);
        for v in &plain {
            assert!(
                memchr::memmem::find(&redacted, v.as_bytes()).is_none(),
                "{file}: a removed value is still in the file's objects"
            );
        }
        assert_one_revision(file, &bytes);
    }
}

#[test]
fn values_outside_the_page_text_are_replaced_by_markers_where_they_were() {
    // (file, where extraction found removed values, part holding them in the output)
    let cases = [
        ("features/metadata.pdf", "pdf_info", ""),
        ("features/metadata.pdf", "xmp", ""),
        ("features/metadata_custom.pdf", "pdf_info", ""),
        ("features/metadata_custom_objstm.pdf", "pdf_info", ""),
        ("features/form.pdf", "form_field", ""),
        ("features/outline.pdf", "outline", ""),
        ("features/annotations.pdf", "annotation", ""),
        ("features/attachment.pdf", "body", "1"),
        ("features/attachment_nested.pdf", "body", "1.1"),
        ("features/xobject.pdf", "page", ""),
    ];
    let limits = Limits::default();
    for (file, origin, part) in cases {
        let file = format!("corpus/pdf/{file}");
        let (out, _, report) = redacted(&file, "places");
        let removed_there = report.findings.iter().any(|f| {
            f.action == Some(Action::Remove)
                && f.location.origin == origin
                && f.location.part == part
        });
        assert!(
            removed_there,
            "{file}: values to remove in {origin} of part {part:?}"
        );
        let again = extract(&std::fs::read(&out).unwrap(), Some(&file), &limits).unwrap();
        let part = again
            .parts
            .iter()
            .find(|p| p.path == part)
            .unwrap_or_else(|| panic!("{file}: part {part:?} in the output"));
        let marked = part
            .segments
            .iter()
            .filter(|s| s.origin.kind() == origin)
            .any(|s| s.text.contains("[retiré : "));
        // Page text has no markers: its glyphs are gone (checked by the other tests).
        assert!(marked || origin == "page", "{file}: a marker in {origin}");
    }
}

#[test]
fn an_xmp_packet_with_character_references_gets_markers_where_the_values_were() {
    // The hand-written packet spells `née le 14/06/1936` with `&#233;`, and holds values as
    // attributes.
    let file = "corpus/pdf/features/metadata_custom.pdf";
    let (out, _, report) = redacted(file, "xmp");
    let removed: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.action == Some(Action::Remove) && f.location.origin == "xmp")
        .filter_map(|f| f.found.clone())
        .collect();
    assert!(!removed.is_empty(), "the packet holds values to remove");
    let again = extract(
        &std::fs::read(&out).unwrap(),
        Some(file),
        &Limits::default(),
    )
    .unwrap();
    let xmp: Vec<&str> = again.parts[0]
        .segments
        .iter()
        .filter(|s| s.origin.kind() == "xmp")
        .map(|s| s.text.as_str())
        .collect();
    assert!(!xmp.is_empty(), "the packet is kept");
    let text = words(&xmp.join("\n"));
    assert!(xmp.iter().any(|t| t.contains("[retiré : ")), "with markers");
    for v in &removed {
        assert_eq!(count(&text, v), 0, "a removed value is still in the packet");
    }
}

#[test]
fn a_240_page_letter_is_redacted_whole_within_the_limits() {
    if !have_tool("qpdf") || !have_tool("pdftotext") {
        return;
    }
    // 80 copies of the 3-page LibreOffice letter, made with qpdf.
    let dir = temp_dir("long");
    let big = dir.join("240.pdf");
    let source = root().join("corpus/pdf/producers/libreoffice-odt.pdf");
    let status = Command::new("qpdf")
        .arg("--empty")
        .arg("--pages")
        .args(std::iter::repeat_n(&source, 80))
        .arg("--")
        .arg(&big)
        .status()
        .expect("qpdf runs");
    assert!(status.success());
    let input = std::fs::read(&big).unwrap();
    let limits = Limits::default();
    let doc = extract(&input, Some("240.pdf"), &limits).expect("extraction");
    let mut report = tamis::pipeline::report(
        "240.pdf",
        &doc,
        crate::common::engine(),
        &mut tamis::scan::Scratch::default(),
        tamis::report::Values::Clear,
    );
    for f in &mut report.findings {
        f.action = Some(if REMOVED.contains(&f.category) {
            Action::Remove
        } else {
            Action::Keep
        });
    }
    report.verdict = tamis::report::Verdict::Minimise;
    let started = std::time::Instant::now();
    let bytes = tamis::redact::redact(&input, &doc, &report, &limits)
        .expect("redaction")
        .bytes;
    let elapsed = started.elapsed();
    println!("240 pages redacted in {elapsed:?} (extraction and scan not counted)");
    assert!(elapsed < limits.max_time, "within the input's time limit");
    let out = dir.join("240-redacted.pdf");
    std::fs::write(&out, &bytes).unwrap();
    let after = words(&pdftotext(&out));
    let before = words(&pdftotext(&big));
    for (value, n) in removed_counts(&report) {
        assert!(
            count(&after, &value) <= count(&before, &value).saturating_sub(n),
            "a removed value is still there"
        );
    }
}

/// The PDFs a CI-SIS CDA carries in base64 (`mediaType="application/pdf"`), read in place.
fn cda_pdfs(name: &str) -> Option<Vec<Vec<u8>>> {
    use base64::Engine as _;
    let path = root().join("../shared/samples/cda").join(name);
    let Ok(xml) = std::fs::read_to_string(&path) else {
        println!("{} is absent: test skipped", path.display());
        return None;
    };
    let mut out = Vec::new();
    for piece in xml.split("mediaType=\"application/pdf\"").skip(1) {
        let Some(body) = piece.split_once('>').map(|(_, b)| b) else {
            continue;
        };
        let b64: String = body
            .split('<')
            .next()
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(b64)
            && bytes.starts_with(b"%PDF")
        {
            out.push(bytes);
        }
    }
    Some(out)
}

#[test]
fn the_two_d_code_of_an_e_prescription_goes_with_the_patient_identity() {
    // The ANS e-prescription rendering prints a QR code (the prescription's number) beside the
    // patient's identity: when the identity goes, the code goes.
    let Some(pdfs) = cda_pdfs("fr_eP-MED-DM_2024.01_PosoStruct.xml") else {
        return;
    };
    let input = pdfs.first().expect("the CDA carries its PDF rendering");
    let dir = temp_dir("eprescription");
    let path = dir.join("eprescription.pdf");
    std::fs::write(&path, input).unwrap();
    let images = |bytes: &[u8]| {
        let doc = lopdf::Document::load_mem(bytes).unwrap();
        doc.objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .filter(|s| {
                s.dict.get(b"Subtype").and_then(lopdf::Object::as_name).ok() == Some(b"Image")
                    && s.dict.get(b"Width").and_then(lopdf::Object::as_i64).ok() == Some(245)
            })
            .count()
    };
    assert!(images(input) > 0, "the rendering holds its code image");
    let (out, report) = redact_categories(path.to_str().unwrap(), REMOVED);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.category == Category::PersonName && f.action == Some(Action::Remove)),
        "a name is removed"
    );
    assert_eq!(images(&out), 0, "the code image is gone from the file");
    let again = extract(&out, Some("eprescription.pdf"), &Limits::default()).unwrap();
    let doc = extract(input, Some("eprescription.pdf"), &Limits::default()).unwrap();
    let left = tamis::redact::leftovers(&again, &tamis::redact::expected_counts(&doc, &report));
    assert!(left.is_empty(), "values left over: {left:?}");
}

#[test]
fn an_incremental_update_and_its_orphan_objects_do_not_survive() {
    // The fpdf2 letter with an update appended: a second revision (with /Prev) that adds an
    // object nothing refers to (what an earlier version's text becomes). The copy is one
    // revision, pruned.
    let original = std::fs::read(root().join("corpus/pdf/producers/fpdf2-helvetica.pdf")).unwrap();
    let doc = lopdf::Document::load_mem(&original).unwrap();
    let (root_id, info_id) = (
        doc.trailer.get(b"Root").unwrap().as_reference().unwrap(),
        doc.trailer.get(b"Info").unwrap().as_reference().unwrap(),
    );
    let orphan = doc.max_id + 1;
    let tail = String::from_utf8_lossy(&original[original.len() - 40..]).into_owned();
    let prev: usize = tail
        .split("startxref")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("startxref");
    let mut updated = original.clone();
    let object_at = updated.len() + 1;
    updated.extend_from_slice(
        format!("\n{orphan} 0 obj\n(Ancienne version du courrier)\nendobj\n").as_bytes(),
    );
    let xref_at = updated.len();
    updated.extend_from_slice(
        format!(
            "xref\n0 1\n0000000000 65535 f \n{orphan} 1\n{object_at:010} 00000 n \n\
             trailer\n<< /Size {} /Root {} 0 R /Info {} 0 R /Prev {prev} >>\n\
             startxref\n{xref_at}\n%%EOF\n",
            orphan + 1,
            root_id.0,
            info_id.0
        )
        .as_bytes(),
    );
    let dir = temp_dir("incremental");
    let input = dir.join("updated.pdf");
    std::fs::write(&input, &updated).unwrap();
    assert_eq!(memchr::memmem::find_iter(&updated, b"%%EOF").count(), 2);
    assert!(
        lopdf::Document::load_mem(&updated)
            .unwrap()
            .objects
            .contains_key(&(orphan, 0)),
        "the update is read"
    );
    let (out, _) = redact_categories(input.to_str().unwrap(), REMOVED);
    assert_one_revision("updated.pdf", &out);
    assert!(memchr::memmem::find(&out, b"Ancienne version").is_none());
}
