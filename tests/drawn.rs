//! What the reader sees is what tamis read (issue 21): pages whose text is drawn as paths, text
//! layers that cannot be decoded, invisible layers over scans, hidden HTML text. Each file of
//! `corpus/pdf/drawn/` is either read (findings close to the original's, hidden text said to be
//! hidden) or refused as unreadable — never passed with nothing found; and no ordinary corpus
//! PDF is taken for drawn text (false positives, counted over every PDF of the corpus).

use crate::common::directory_pipeline as pipeline;
use crate::common::extracted;
use crate::wire::scan_json;
use std::collections::BTreeSet;
use std::path::Path;
use tamis::milter::{Message, Mode, Outcome, judge};
use tamis::report::{Values, Verdict};

/// The French reasons a page that was not read gets (drawn text, a scan whose invisible
/// layer does not say it).
const DRAWN: &str = "page dont le texte est dessiné, illisible sans OCR";
const SCAN: &str = "image de page dont le texte invisible ne dit pas le contenu";
const GARBLED: &str = "police mal décodée";

fn pdfs(dir: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .map(|p| p.display().to_string())
        .collect();
    out.sort();
    out
}

/// The detail of the input's own part (the PDF), when it is opaque.
fn detail(path: &str) -> (Option<String>, Verdict, usize) {
    let (_, _, report) = extracted(path);
    let root = report.parts.iter().find(|p| p.part.is_empty());
    (
        root.and_then(|p| p.detail.clone()),
        report.verdict,
        report.findings.len(),
    )
}

#[test]
fn every_corpus_pdf_turned_into_outlines_is_refused_not_passed() {
    let files = pdfs("corpus/pdf/drawn/outlines");
    // Producers (8, qpdf-objstm's outlines being libreoffice-odt's), samples (2), blind (10).
    assert!(files.len() >= 20, "{files:?}");
    for f in &files {
        let (detail, verdict, _) = detail(f);
        assert_eq!(verdict, Verdict::Block, "{f}");
        let detail = detail.unwrap_or_default();
        assert!(detail.contains(DRAWN), "{f}: {detail}");
        // The reason names the page, never the content.
        assert!(detail.starts_with("page 1 : "), "{f}: {detail}");
    }
}

#[test]
fn no_ordinary_corpus_pdf_is_taken_for_drawn_text() {
    let mut files = Vec::new();
    for dir in [
        "corpus/pdf/producers",
        "corpus/pdf/producers/image-page",
        "corpus/pdf/samples",
        "corpus/pdf/features",
        "corpus/pdf/drawn/ordinary",
        "tests/data/fuzz/redact",
    ] {
        files.extend(pdfs(dir));
    }
    files.extend(
        pdfs("corpus/blind/docs")
            .into_iter()
            .filter(|f| f.ends_with(".pdf")),
    );
    assert!(files.len() >= 40, "{}", files.len());
    let mut flagged = Vec::new();
    for f in &files {
        // Damaged and encrypted features fail to load or are opaque for their own reason.
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        let Ok(doc) = tamis::extract::extract(&bytes, Some(f), &Default::default()) else {
            continue;
        };
        for p in &doc.parts {
            if let Some(tamis::extract::Opaque::Unreadable(why)) = &p.opaque
                && [DRAWN, SCAN, GARBLED].iter().any(|r| why.contains(r))
            {
                flagged.push(format!("{f}: {why}"));
            }
        }
    }
    eprintln!(
        "drawn, scan or garbled false positives: {} of {} corpus PDFs",
        flagged.len(),
        files.len()
    );
    assert!(flagged.is_empty(), "{flagged:#?}");
    // The letterhead drawn as paths over a real letter is read as the letter.
    let (detail, verdict, found) =
        detail("corpus/pdf/drawn/ordinary/letter-under-outlined-logo.pdf");
    assert_eq!((detail, verdict), (None, Verdict::Minimise));
    assert!(found >= 20, "{found}");
}

#[test]
fn a_font_without_tounicode_is_refused() {
    let (detail, verdict, _) = detail("corpus/pdf/drawn/identity-h-without-tounicode.pdf");
    assert_eq!(verdict, Verdict::Block);
    assert!(detail.unwrap_or_default().contains("ToUnicode"));
}

#[test]
fn a_text_layer_that_is_not_language_is_refused_and_lost_accents_are_told() {
    let (detail, verdict, _) = detail("corpus/pdf/drawn/wrong-tounicode.pdf");
    assert_eq!(verdict, Verdict::Block);
    let detail = detail.unwrap_or_default();
    assert!(detail.contains(GARBLED), "{detail}");
    // Accented letters without text: read, told page by page, with their count.
    let path = "corpus/pdf/drawn/subset-without-tounicode.pdf";
    let (_, doc, report) = extracted(path);
    assert!(doc.parts.iter().all(|p| p.opaque.is_none()));
    assert!(!report.findings.is_empty());
    let told: Vec<&str> = doc
        .notices
        .iter()
        .filter(|n| n.kind == "pdf_glyphs_unmapped")
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(told.len(), 3, "{told:?}");
    assert!(told[0].starts_with("page 1 : 27 glyphe(s)"), "{told:?}");
    // The ordinary producers' files get no such notice.
    for f in pdfs("corpus/pdf/producers") {
        let (_, doc, _) = extracted(&f);
        assert!(
            doc.notices.iter().all(|n| !n.kind.starts_with("pdf_")),
            "{f}"
        );
    }
}

#[test]
fn a_scan_under_an_invisible_layer_that_does_not_say_it_is_read_from_its_pixels_or_refused() {
    let file = "corpus/pdf/drawn/scan-with-disagreeing-ocr-layer.pdf";
    let (detail, verdict, _) = detail(file);
    if !tamis::ocr::available() {
        // Without OCR (issue 15) the page is not read: refused.
        assert_eq!(verdict, Verdict::Block);
        assert!(detail.unwrap_or_default().contains(SCAN));
        return;
    }
    // With OCR the picture is read, not the layer: the letter's identity is found in it.
    let (_, doc, report) = extracted(file);
    assert!(doc.parts.iter().all(|p| p.opaque.is_none()), "{detail:?}");
    assert!(report.findings.iter().any(|f| {
        f.category == tamis::category::Category::Nir
            && f.found.as_deref() == Some("2 51 08 40 088 119 92")
    }));
}

#[test]
fn a_scan_under_its_ocr_layer_is_read_and_every_finding_of_the_layer_is_said_hidden() {
    let (_, original) = scan_json(Path::new(
        "corpus/blind/docs/047_pdf_lettre_sortie_medecine.pdf",
    ));
    let (_, layer) = scan_json(Path::new("corpus/pdf/drawn/scan-with-ocr-layer.pdf"));
    assert!(layer.parts.iter().all(|p| p.opaque.is_none()));
    assert!(!layer.findings.is_empty());
    // The invisible layer's findings are hidden; what OCR reads in the picture (issue 15) is
    // what the reader sees.
    let (_, doc, report) = extracted("corpus/pdf/drawn/scan-with-ocr-layer.pdf");
    let from_layer = |f: &tamis::finding::Finding| match f.source.map(|s| (s.part, s.what)) {
        Some((p, tamis::finding::SourceKind::Segment { index, .. })) => {
            !doc.parts[p].segments[index].is_ocr()
        }
        _ => true,
    };
    assert!(report.findings.iter().any(from_layer));
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.location.hidden == from_layer(f))
    );
    assert!(original.findings.iter().all(|f| !f.location.hidden));
    // The same identifiers as the original letter (its text, written again by pdftotext).
    let ids = |r: &crate::wire::WireReport| -> BTreeSet<String> {
        r.findings
            .iter()
            .filter(|f| f.basis == "identifier")
            .map(|f| f.category.clone())
            .collect()
    };
    let (a, b) = (ids(&original), ids(&layer));
    assert!(a.contains("nir") && a.contains("person_name"), "{a:?}");
    assert!(a.is_subset(&b), "{a:?} vs {b:?}");
}

#[test]
fn html_hidden_by_css_is_read_found_and_said_hidden() {
    let (_, r) = scan_json(Path::new("corpus/pdf/drawn/hidden-text.html"));
    let hidden: BTreeSet<&str> = r
        .findings
        .iter()
        .filter(|f| f.location.hidden)
        .map(|f| f.category.as_str())
        .collect();
    let shown: BTreeSet<&str> = r
        .findings
        .iter()
        .filter(|f| !f.location.hidden)
        .map(|f| f.category.as_str())
        .collect();
    // display:none (NIR, diagnosis), white on white (diagnosis), `hidden` (phone), font-size 0
    // (birth date); the name in the visible text is not hidden.
    assert_eq!(
        hidden,
        BTreeSet::from(["birth_date", "diagnosis", "nir", "phone"])
    );
    assert!(shown.contains("person_name"), "{shown:?}");
}

const SENDER: &str = "secretariat.medical@ch-exemple.mssante.fr";
const COLLEAGUE: &str = "interne.pediatrie@ch-exemple.mssante.fr";
const OUTLINED: &str = "corpus/pdf/drawn/outlines/producer-libreoffice-odt.pdf";

#[test]
fn a_drawn_text_pdf_is_blocked_alone_and_attached_and_never_minimised() {
    use base64::Engine as _;
    let bytes = std::fs::read(OUTLINED).unwrap();
    let context = tamis::context::Context {
        from: Some(SENDER.into()),
        to: vec![COLLEAGUE.into()],
        purpose: Some("care_coordination".into()),
        ..Default::default()
    };
    // Alone: the verdict is block, and no minimised copy is made.
    let checked = pipeline()
        .check(
            &bytes,
            Some("lettre.pdf"),
            &context,
            Values::None,
            &mut Default::default(),
        )
        .unwrap();
    assert_eq!(checked.report.verdict, Verdict::Block);
    let refused = pipeline().redact(&bytes, Some("lettre.pdf"), &context, Values::None);
    assert!(matches!(
        refused,
        Err(tamis::redact::RedactError::Blocked { .. })
    ));
    // Even when asked to rewrite it (a report forced to minimise), the PDF is refused.
    let (_, doc, mut report) = extracted(OUTLINED);
    report.verdict = Verdict::Minimise;
    for f in &mut report.findings {
        f.action = Some(tamis::report::Action::Remove);
    }
    if !report.findings.is_empty() {
        let limits = tamis::extract::Limits::default();
        assert!(tamis::redact::redact(&bytes, &doc, &report, &limits).is_err());
    }
    // Attached to an e-mail that goes through the milter: rejected.
    let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    let body = format!(
        "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBonjour, ci-joint le courrier.\r\n\
         --b\r\nContent-Type: application/pdf; name=\"courrier.pdf\"\r\n\
         Content-Disposition: attachment; filename=\"courrier.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--b--\r\n",
        lines.join("\r\n")
    );
    let h = |n: &str, v: &str| (n.to_string(), v.to_string());
    let m = Message {
        sender: SENDER.into(),
        recipients: vec![COLLEAGUE.into()],
        headers: vec![
            h("From", SENDER),
            h("To", COLLEAGUE),
            h("Subject", "Courrier"),
            h("X-Tamis-Purpose", "care_coordination"),
            h("MIME-Version", "1.0"),
            h("Content-Type", "multipart/mixed; boundary=\"b\""),
        ],
        body: body.into_bytes(),
        too_large: false,
        declares: false,
    };
    let outcome = judge(pipeline(), Mode::Enforce, &m);
    assert!(matches!(outcome, Outcome::Reject { .. }));
}
