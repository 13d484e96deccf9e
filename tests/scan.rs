//! Scanned pages and images read by OCR (issue 15 §8), on the generated scans of
//! `corpus/scan/` (`scripts/corpus/scan/generate.py`: known letters drawn with a known font,
//! degraded deterministically, wrapped with each image filter and attached to e-mails). The
//! expected identifiers and diagnoses come from `labels.toml`, written from the letters' source
//! text. Skipped with one line when Tesseract or its French model is missing, unless
//! `TAMIS_REQUIRE_TOOLS=1`.

use crate::common::{extracted, skipped, tool, tools_required};
use tamis::category::Category;
use tamis::report::{Report, Verdict};

#[derive(serde::Deserialize)]
struct Labels {
    file: Vec<Labelled>,
}

#[derive(serde::Deserialize)]
struct Labelled {
    name: String,
    kind: String,
    identifiers: Vec<Identifier>,
    diagnoses: Vec<String>,
}

#[derive(serde::Deserialize)]
struct Identifier {
    category: String,
    value: String,
}

fn labels() -> Vec<Labelled> {
    let text = std::fs::read_to_string("corpus/scan/labels.toml").expect("labels.toml");
    toml::from_str::<Labels>(&text)
        .expect("labels.toml parses")
        .file
}

/// Whether OCR runs here; otherwise one line says why the test is skipped (or, with
/// `TAMIS_REQUIRE_TOOLS=1`, the test fails).
pub fn ocr_here(what: &str) -> bool {
    if tamis::ocr::available() {
        return true;
    }
    let why = "Tesseract or its French model is not installed (apt install tesseract-ocr-fra)";
    assert!(
        !tools_required(),
        "{what} cannot run (TAMIS_REQUIRE_TOOLS=1): {why}"
    );
    skipped(what, why);
    false
}

/// Letters and digits, lowercase: `1 85 05…` and `18505…` compare equal.
pub fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// (expected, found) for one file: each labelled identifier found as a finding of its
/// category, each diagnosis as a finding whose text is the diagnosis.
fn recall(l: &Labelled, report: &Report) -> (usize, usize) {
    let found = |category: Option<Category>, value: &str| {
        let want = norm(value);
        report.findings.iter().any(|f| {
            category.is_none_or(|c| f.category == c)
                && f.found.as_deref().is_some_and(|t| norm(t).contains(&want))
        })
    };
    let mut hits = 0;
    for id in &l.identifiers {
        let category: Category = id.category.parse().expect("a category");
        hits += usize::from(found(Some(category), &id.value));
    }
    for d in &l.diagnoses {
        hits += usize::from(found(None, d));
    }
    (l.identifiers.len() + l.diagnoses.len(), hits)
}

#[test]
fn copier_and_fax_scans_are_read_with_a_recall_of_at_least_0_9() {
    if !ocr_here("OCR recall on generated scans") {
        return;
    }
    for kind in ["copier", "fax"] {
        let (mut expected, mut hits) = (0, 0);
        let files: Vec<Labelled> = labels().into_iter().filter(|l| l.kind == kind).collect();
        assert!(files.len() >= 3, "{kind}: {} files", files.len());
        for l in &files {
            let (_, doc, report) = extracted(&format!("corpus/scan/{}", l.name));
            // Read, not opaque: nothing blocks for want of reading.
            assert!(
                doc.parts.iter().all(|p| p.opaque.is_none()),
                "{}: {:?}",
                l.name,
                report.parts
            );
            assert!(
                doc.parts
                    .iter()
                    .any(|p| p.segments.iter().any(|s| s.is_ocr()))
            );
            let (e, h) = recall(l, &report);
            expected += e;
            hits += h;
        }
        let r = hits as f64 / expected as f64;
        eprintln!("OCR recall on {kind} scans: {hits}/{expected} = {r:.2}");
        assert!(r >= 0.9, "{kind}: recall {r:.2}");
    }
}

#[test]
fn a_phone_photo_is_blocked_or_read_never_passed_unread() {
    if !ocr_here("OCR of a phone photo") {
        return;
    }
    for l in labels().iter().filter(|l| l.kind == "photo") {
        let (_, _, report) = extracted(&format!("corpus/scan/{}", l.name));
        let (expected, hits) = recall(l, &report);
        assert!(
            report.verdict == Verdict::Block || hits * 2 >= expected,
            "{}: {:?}, {hits}/{expected}",
            l.name,
            report.verdict
        );
        assert_ne!(report.verdict, Verdict::Pass, "{}", l.name);
    }
}

#[test]
fn a_value_read_by_ocr_is_painted_out_of_the_pixels_of_pdfs_and_image_attachments() {
    if !ocr_here("redaction of a scan") {
        return;
    }
    for (file, nir) in [
        ("copier-dupont-dct.pdf", "1 85 05 78 006 084 91"),
        ("fax-martin-g4.pdf", "2 69 05 49 588 157 80"),
    ] {
        let path = format!("corpus/scan/{file}");
        let (out, report) =
            crate::common::redact_categories(&path, &[Category::Nir, Category::PersonName]);
        assert!(report.findings.iter().any(|f| f.category == Category::Nir));
        // No copy of the original picture: its filter is gone with it.
        let text = String::from_utf8_lossy(&out);
        assert!(
            !text.contains("/DCTDecode") && !text.contains("/CCITTFaxDecode"),
            "{file}"
        );
        // tamis reads the copy again: the NIR is gone, the diagnoses are still there.
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("copie.pdf");
        std::fs::write(&copy, &out).unwrap();
        let (_, doc, again) = extracted(copy.to_str().unwrap());
        assert!(
            doc.parts.iter().all(|p| p.opaque.is_none()),
            "{file}: {:?}",
            again.parts
        );
        assert!(
            !again.findings.iter().any(|f| f.category == Category::Nir),
            "{file}"
        );
        assert!(
            again
                .findings
                .iter()
                .any(|f| f.category == Category::Diagnosis),
            "{file}"
        );
        // And an independent reader: poppler renders the page, Tesseract's own program reads it.
        if tool(
            "pdftoppm",
            "the redacted scan read by pdftoppm and tesseract",
        ) && tool(
            "tesseract",
            "the redacted scan read by pdftoppm and tesseract",
        ) {
            let png = dir.path().join("page");
            let ok = std::process::Command::new("pdftoppm")
                .args(["-r", "200", "-gray", "-png", "-singlefile"])
                .arg(&copy)
                .arg(&png)
                .status()
                .unwrap();
            assert!(ok.success());
            let read = std::process::Command::new("tesseract")
                .arg(png.with_extension("png"))
                .args(["-", "-l", "fra"])
                .env("OMP_THREAD_LIMIT", "1")
                .output()
                .unwrap();
            let read = norm(&String::from_utf8_lossy(&read.stdout));
            assert!(
                read.contains(&norm("sécurité sociale")) || read.contains("nir"),
                "{file}: the page reads"
            );
            assert!(
                !read.contains(&norm(nir)[..9]),
                "{file}: the NIR is still in the pixels"
            );
        }
    }
    // Image attachments are painted and written again in their format (a JPEG, a two-page
    // fax TIFF), in e-mails.
    for (file, nirs) in [
        ("mail-copier-jpeg.eml", vec!["2 69 05 49 588 157 80"]),
        (
            "mail-fax-tiff.eml",
            vec!["1 85 05 78 006 084 91", "2 69 05 49 588 157 80"],
        ),
    ] {
        let path = format!("corpus/scan/{file}");
        let (out, report) = crate::common::redact_categories(&path, &[Category::Nir]);
        assert_eq!(
            report
                .findings
                .iter()
                .filter(|f| f.category == Category::Nir)
                .count(),
            nirs.len(),
            "{file}"
        );
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("copie.eml");
        std::fs::write(&copy, &out).unwrap();
        let (_, doc, again) = extracted(copy.to_str().unwrap());
        assert!(
            doc.parts.iter().all(|p| p.opaque.is_none()),
            "{file}: {:?}",
            again.parts
        );
        assert!(
            !again.findings.iter().any(|f| f.category == Category::Nir),
            "{file}"
        );
        // The rest of the page still reads: the diagnoses are found again.
        assert!(
            again
                .findings
                .iter()
                .any(|f| f.category == Category::Diagnosis),
            "{file}"
        );
        let image = doc
            .parts
            .iter()
            .find(|p| p.format == tamis::extract::Format::Image);
        assert_eq!(image.map(|p| p.segments.len()), Some(nirs.len()), "{file}");
    }
}

#[test]
fn a_typed_letter_with_a_scanned_annex_is_read_on_both_pages() {
    if !ocr_here("a typed letter with a scanned annex")
        || !tool("qpdf", "a typed letter with a scanned annex")
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lettre-et-annexe.pdf");
    let typed = "corpus/pdf/producers/reportlab-dejavu.pdf";
    let status = std::process::Command::new("qpdf")
        .args([
            "--empty",
            "--pages",
            typed,
            "1",
            "corpus/scan/fax-martin-g4.pdf",
            "--",
        ])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let (_, doc, report) = extracted(out.to_str().unwrap());
    assert!(
        doc.parts.iter().all(|p| p.opaque.is_none()),
        "{:?}",
        report.parts
    );
    let pages: std::collections::BTreeSet<Option<u32>> =
        report.findings.iter().map(|f| f.location.page).collect();
    assert!(
        pages.contains(&Some(1)) && pages.contains(&Some(2)),
        "{pages:?}"
    );
    let nir = norm("2 69 05 49 588 157 80");
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.location.page == Some(2)
                && f.found.as_deref().is_some_and(|t| norm(t) == nir))
    );
}

#[test]
fn without_ocr_a_scan_blocks_and_the_notice_says_how_to_install_it() {
    // Whatever this machine has: the advice is the Debian package, and it is French.
    assert!(tamis::ocr::INSTALL_HINT.contains("apt install tesseract-ocr-fra"));
    if tamis::ocr::available() {
        return;
    }
    let (_, doc, report) = extracted("corpus/scan/fax-martin-g4.pdf");
    assert_eq!(report.verdict, Verdict::Block);
    assert!(doc.notices.iter().any(|n| n.kind == "ocr_unavailable"));
}

/// An extraction of one part whose one segment is `text`, read by OCR (`ocr`) or typed.
fn one_segment(text: &str, ocr: bool) -> tamis::extract::Extraction {
    use tamis::extract::{Extraction, Format, Origin, Part, Segment, SourceMap};
    let mut part = Part::new("", Format::Pdf, text.len());
    part.segments.push(if ocr {
        let mut words = Vec::new();
        for (n, line) in text.split('\n').enumerate() {
            for (i, w) in line.split(' ').filter(|w| !w.is_empty()).enumerate() {
                words.push(tamis::ocr::Word {
                    text: w.to_string(),
                    left: 100 * i as u32,
                    top: 50 * n as u32,
                    width: 90,
                    height: 40,
                    confidence: 90.0,
                    line: (1, 1, n as u32),
                });
            }
        }
        Segment::ocr(
            &tamis::ocr::Page::read(words),
            Origin::Page(1),
            0,
            Some((7, 0)),
        )
    } else {
        Segment {
            text: text.to_string(),
            origin: Origin::Page(1),
            map: SourceMap::None,
        }
    });
    Extraction {
        parts: vec![part],
        ..Extraction::default()
    }
}

#[test]
fn ocr_confusions_are_tolerated_in_ocr_text_only() {
    let found = |text: &str, ocr: bool| -> Vec<(Category, String)> {
        let doc = one_segment(text, ocr);
        tamis::locate::findings(
            &doc,
            crate::common::engine(),
            &mut tamis::scan::Scratch::default(),
            tamis::report::Values::Clear,
        )
        .findings
        .into_iter()
        .map(|f| (f.category, f.found.unwrap_or_default()))
        .collect()
    };
    // A NIR with O for 0 in two groups: read as the NIR in OCR text…
    let text = "Madame,\nN° de sécurité sociale : 1 85 O5 78 006 O84 91\nBien à vous";
    let nir = (Category::Nir, "1 85 O5 78 006 O84 91".to_string());
    assert!(found(text, true).contains(&nir), "{:?}", found(text, true));
    // …but typed text is scanned as before: no NIR there.
    assert!(!found(text, false).iter().any(|(c, _)| *c == Category::Nir));
    // After an identity label the line is the value even when a digit is misread (a wrong
    // key): the labelled NIR and IPP are found.
    let text = "NIR : 2 69 05 49 588 157 81\nIPP : 88l234S6";
    let got = found(text, true);
    assert!(
        got.iter()
            .any(|(c, v)| *c == Category::Nir && v == "2 69 05 49 588 157 81"),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|(c, v)| *c == Category::Ipp && v == "88l234S6"),
        "{got:?}"
    );
}

#[test]
fn past_the_ocr_limits_a_scan_stays_blocked_with_a_notice() {
    let bytes = std::fs::read("corpus/scan/fax-martin-g4.pdf").unwrap();
    let limits = tamis::extract::Limits {
        max_ocr_pages: 0,
        ..Default::default()
    };
    let doc = tamis::extract::extract(&bytes, None, &limits).unwrap();
    assert_eq!(
        doc.parts[0].opaque,
        Some(tamis::extract::Opaque::ImagePages(vec![1]))
    );
    if tamis::ocr::available() {
        assert!(doc.notices.iter().any(|n| n.kind == "ocr_limit"));
    }
    // An image larger than the pixel budget is not decoded: refused with its reason.
    let limits = tamis::extract::Limits {
        max_ocr_pixels: 1_000_000,
        ..Default::default()
    };
    let doc = tamis::extract::extract(&bytes, None, &limits).unwrap();
    assert_eq!(
        doc.parts[0].opaque,
        Some(tamis::extract::Opaque::ImagePages(vec![1]))
    );
    let why = doc
        .notices
        .iter()
        .find(|n| n.kind == "ocr_illegible")
        .map(|n| n.message.as_str())
        .unwrap_or_default();
    assert!(
        why.starts_with("page 1 : page numérisée illisible"),
        "{why}"
    );
    assert!(why.contains("limite"), "{why}");
}

#[test]
fn a_flate_bomb_in_a_scanned_image_stops_at_the_pixel_budget() {
    use lopdf::dictionary;
    use std::io::Write;
    // 1,000 × 1,000 declared, 64 MB of zeros inside: decompression stops at the cap.
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..64 {
        z.write_all(&zeros).unwrap();
    }
    let image = lopdf::Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 1000, "Height" => 1000,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => "FlateDecode",
        },
        z.finish().unwrap(),
    );
    let bytes = crate::common::one_page_pdf("1.5", b"q 595 0 0 842 0 0 cm /Im0 Do Q", Some(image));
    let limits = tamis::extract::Limits {
        max_ocr_pixels: 2_000_000,
        ..Default::default()
    };
    let doc = tamis::extract::extract(&bytes, None, &limits).unwrap();
    assert_eq!(
        doc.parts[0].opaque,
        Some(tamis::extract::Opaque::ImagePages(vec![1]))
    );
    assert!(
        doc.notices
            .iter()
            .any(|n| n.kind == "ocr_illegible" && n.message.contains("trop grand")),
        "{:?}",
        doc.notices
    );
}
