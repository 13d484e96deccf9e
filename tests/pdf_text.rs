//! PDF page text: the same three fictional letters (corpus/text/) made into PDFs by several
//! producers (`corpus/pdf/producers/`, built by `scripts/corpus/pdf/producers/make.sh`).
//!
//! - Words agree with `pdftotext` (poppler) for every producer.
//! - Glyph locators: a name's glyph ranges point at the operations whose glyphs spell it,
//!   checked by re-decoding the content stream with lopdf.
//! - Accents, ligatures, the NIR and the telephone number come out right everywhere.

use lopdf::content::{Content, Operation};
use lopdf::{Document, ObjectId};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use tamis::extract::{Extraction, Limits, Opaque, Origin, Part, Segment, Stream, extract};
use unicode_normalization::UnicodeNormalization;

fn producers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/pdf/producers")
}

/// The producer PDFs, by producer name (file stem), sorted.
fn producer_files() -> Vec<(String, PathBuf)> {
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(producers_dir())
        .expect("corpus/pdf/producers exists")
        .map(|e| e.expect("readable directory").path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    files.sort();
    assert!(
        files.len() >= 8,
        "expected the producer PDFs, found {}",
        files.len()
    );
    files
}

fn extract_file(path: &Path) -> Extraction {
    let bytes = std::fs::read(path).expect("readable PDF");
    extract(
        &bytes,
        path.file_name().and_then(|n| n.to_str()),
        &Limits::default(),
    )
    .expect("within limits")
}

/// The PDF part (the root).
fn pdf_part(x: &Extraction) -> &Part {
    let part = &x.parts[0];
    assert_eq!(part.format, tamis::extract::Format::Pdf);
    part
}

/// All page segments' text, pages joined by `\n`.
fn page_text(part: &Part) -> String {
    part.segments
        .iter()
        .filter(|s| matches!(s.origin, Origin::Page(_)))
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn words(text: &str) -> Vec<String> {
    text.nfkc()
        .collect::<String>()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Word agreement of two texts: the size of the multiset intersection of their words
/// (NFKC, split on whitespace) divided by the larger word count. 1.0 means the same words the
/// same number of times (order and line breaks do not count).
fn agreement(a: &[String], b: &[String]) -> f64 {
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for w in a {
        *counts.entry(w).or_default() += 1;
    }
    let mut common = 0usize;
    for w in b {
        if let Some(c) = counts.get_mut(w.as_str())
            && *c > 0
        {
            *c -= 1;
            common += 1;
        }
    }
    let max = a.len().max(b.len());
    if max == 0 {
        1.0
    } else {
        common as f64 / max as f64
    }
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn page_text_agrees_with_pdftotext_for_every_producer() {
    if !crate::common::tool("pdftotext", "the word agreement with pdftotext") {
        return;
    }
    let mut table = String::from(
        "| producer | files | pages | words (tamis / pdftotext) | agreement | tamis | pdftotext |\n|---|---|---|---|---|---|---|\n",
    );
    let mut failures = Vec::new();
    let (mut ours_total, mut theirs_total) = (Duration::ZERO, Duration::ZERO);
    for (producer, path) in producer_files() {
        let started = Instant::now();
        let x = extract_file(&path);
        let ours_time = started.elapsed();
        let started = Instant::now();
        let reference = pdftotext(&path);
        let theirs_time = started.elapsed();
        ours_total += ours_time;
        theirs_total += theirs_time;
        let part = pdf_part(&x);
        assert!(
            part.opaque.is_none(),
            "{producer}: read fully, nothing opaque"
        );
        let ours = words(&page_text(part));
        let theirs = words(&reference);
        let a = agreement(&ours, &theirs);
        table.push_str(&format!(
            "| {producer} | 1 | {} | {} / {} | {:.2} % | {:.1} ms | {:.1} ms |\n",
            part.pages.unwrap_or(0),
            ours.len(),
            theirs.len(),
            a * 100.0,
            ours_time.as_secs_f64() * 1000.0,
            theirs_time.as_secs_f64() * 1000.0,
        ));
        if a < 0.99 {
            let missing: Vec<&String> = theirs
                .iter()
                .filter(|w| !ours.contains(w))
                .take(12)
                .collect();
            let extra: Vec<&String> = ours
                .iter()
                .filter(|w| !theirs.contains(w))
                .take(12)
                .collect();
            failures.push(format!(
                "{producer}: {:.2} %; pdftotext only: {missing:?}; tamis only: {extra:?}",
                a * 100.0
            ));
        }
    }
    table.push_str(&format!(
        "\nTotal time (debug build of tamis, one run): tamis {:.0} ms, pdftotext {:.0} ms (process start included)\n",
        ours_total.as_secs_f64() * 1000.0,
        theirs_total.as_secs_f64() * 1000.0
    ));
    println!("{table}");
    assert!(
        failures.is_empty(),
        "word agreement below 99 %:\n{}",
        failures.join("\n")
    );
}

/// Where the three letters' patients are, per producer: (name, page). LibreOffice's HTML import
/// lays each letter on two pages.
fn expected_pages(producer: &str) -> [(&'static str, u32); 3] {
    if producer == "libreoffice-html" {
        [
            ("André CARON", 1),
            ("Jeanne LEROUX", 3),
            ("Thomas RENAUD", 5),
        ]
    } else {
        [
            ("André CARON", 1),
            ("Jeanne LEROUX", 2),
            ("Thomas RENAUD", 3),
        ]
    }
}

/// The decoded operations of a content stream of the part, re-read with lopdf alone:
/// a page's `/Contents` joined by `\n` (as `get_page_content` does), or a Form XObject's stream.
fn stream_operations(doc: &Document, stream: &Stream) -> (Vec<Operation>, Option<ObjectId>) {
    match stream {
        Stream::Page(n) => {
            let page = doc.get_pages()[n];
            let ops = Content::decode(&doc.get_page_content(page))
                .unwrap()
                .operations;
            (ops, None)
        }
        Stream::XObject { object, .. } => {
            let s = doc.get_object(*object).unwrap().as_stream().unwrap();
            let ops = Content::decode(&s.get_plain_content().unwrap())
                .unwrap()
                .operations;
            (ops, Some(*object))
        }
        Stream::Appearance { .. } => panic!("no appearance streams in these files"),
    }
}

/// The font dictionary in effect at operation `at` (the last `Tf` before it).
fn font_at<'d>(
    doc: &'d Document,
    ops: &[Operation],
    at: usize,
    page: ObjectId,
    form: Option<ObjectId>,
) -> &'d lopdf::Dictionary {
    let tf = ops[..at]
        .iter()
        .rev()
        .find(|o| o.operator == "Tf")
        .expect("a Tf before the text");
    let name = tf.operands[0].as_name().unwrap();
    let resources = match form {
        Some(id) => {
            let d = &doc.get_object(id).unwrap().as_stream().unwrap().dict;
            doc.dereference(d.get(b"Resources").unwrap())
                .unwrap()
                .1
                .as_dict()
                .unwrap()
        }
        None => {
            let (own, ids) = doc.get_page_resources(page).unwrap();
            own.unwrap_or_else(|| doc.get_dictionary(ids[0]).unwrap())
        }
    };
    let fonts = doc
        .dereference(resources.get(b"Font").unwrap())
        .unwrap()
        .1
        .as_dict()
        .unwrap();
    doc.dereference(fonts.get(name).unwrap())
        .unwrap()
        .1
        .as_dict()
        .unwrap()
}

/// The glyph codes (bytes) of operation `op`, glyphs `first..=last`.
fn glyph_bytes(op: &Operation, two_byte: bool, first: u32, last: u32) -> Vec<u8> {
    let strings: Vec<&[u8]> = match op.operator.as_str() {
        "Tj" | "'" => vec![op.operands[0].as_str().unwrap()],
        "\"" => vec![op.operands[2].as_str().unwrap()],
        "TJ" => op.operands[0]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|o| o.as_str().ok())
            .collect(),
        other => panic!("glyph locator points at a {other} operation"),
    };
    let width = if two_byte { 2 } else { 1 };
    let codes: Vec<&[u8]> = strings.iter().flat_map(|s| s.chunks(width)).collect();
    codes[first as usize..=last as usize].concat()
}

/// The text that lopdf decodes for the glyphs a segment range points at.
fn lopdf_text_of(
    doc: &Document,
    part: &Part,
    seg: &Segment,
    page: u32,
    start: usize,
    end: usize,
) -> String {
    let page_id = doc.get_pages()[&page];
    let mut out = String::new();
    for r in seg.glyph_ranges(start, end) {
        let stream = &part.streams[r.stream as usize];
        let (ops, form) = stream_operations(doc, stream);
        let op = &ops[r.op as usize];
        let font = font_at(doc, &ops, r.op as usize, page_id, form);
        let two_byte = font.get(b"Subtype").unwrap().as_name().unwrap() == b"Type0";
        let bytes = glyph_bytes(op, two_byte, r.first, r.last);
        let encoding = font.get_font_encoding(doc).unwrap();
        out.push_str(&Document::decode_text(&encoding, &bytes).unwrap());
    }
    out
}

#[test]
fn patient_names_are_on_their_page_and_glyph_locators_spell_them() {
    for (producer, path) in producer_files() {
        let x = extract_file(&path);
        let part = pdf_part(&x);
        let doc = Document::load(&path).unwrap();
        for (name, page) in expected_pages(&producer) {
            let hits: Vec<&Segment> = part
                .segments
                .iter()
                .filter(|s| s.text.contains(name))
                .collect();
            assert_eq!(
                hits.len(),
                1,
                "{producer}: {name} should be on exactly one page"
            );
            let seg = hits[0];
            assert_eq!(seg.origin, Origin::Page(page), "{producer}: page of {name}");
            let start = seg.text.find(name).unwrap();
            let end = start + name.len();
            let ranges = seg.glyph_ranges(start, end);
            assert!(!ranges.is_empty(), "{producer}: {name} has no glyphs");
            if producer.contains("xobject") {
                assert!(
                    ranges.iter().all(|r| matches!(part.streams[r.stream as usize], Stream::XObject { page: p, .. } if p == page)),
                    "{producer}: {name} should be located in a Form XObject of page {page}"
                );
            }
            let spelled = lopdf_text_of(&doc, part, seg, page, start, end);
            let squash = |s: &str| s.nfkc().filter(|c| !c.is_whitespace()).collect::<String>();
            assert_eq!(
                squash(&spelled),
                squash(name),
                "{producer}: glyphs behind {name}"
            );
        }
    }
}

#[test]
fn accents_ligatures_nir_and_phone_come_out_right_for_every_producer() {
    for (producer, path) in producer_files() {
        let x = extract_file(&path);
        let text = page_text(pdf_part(&x));
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let oedemes = if producer == "fpdf2-helvetica" {
            "oedèmes"
        } else {
            "œdèmes"
        };
        for expected in [
            "fraction d'éjection altérée",
            "Discrets",
            oedemes,
            "fibrillation atriale",
            "NIR : 1 48 09 76 259 112 30",
            "Mme Claire LEROUX, 06 12 34 56 78.",
            "Bénéficiaire de l'APA",
            "TRANSFERT D'UNE RÉSIDENTE",
            "schizophrénie paranoïde",
            "Sotteville-lès-Rouen",
            "créatinine 118 μmol/l",
            "Tél. 02 32 95 11 00",
        ] {
            assert!(
                flat.contains(expected),
                "{producer}: {expected:?} not in the page text"
            );
        }
    }
}

#[test]
fn text_in_form_xobjects_is_located_in_its_own_stream() {
    let x = extract_file(&producers_dir().join("qpdf-overlay-xobject.pdf"));
    let part = pdf_part(&x);
    assert_eq!(part.pages, Some(3));
    // qpdf draws each overlaid page as Form XObjects (two per page here): every glyph of a
    // page lies in a form drawn from that page.
    assert_eq!(part.segments.len(), 3);
    for seg in &part.segments {
        let Origin::Page(page) = seg.origin else {
            panic!("only page segments here")
        };
        let tamis::extract::SourceMap::Glyphs(glyphs) = &seg.map else {
            panic!("page segments map to glyphs")
        };
        assert!(!glyphs.is_empty());
        assert!(glyphs.iter().all(|g| matches!(
            part.streams[g.stream as usize],
            Stream::XObject { page: p, .. } if p == page
        )));
    }
}

#[test]
fn a_page_with_only_an_image_makes_the_pdf_partly_opaque() {
    let x = extract_file(&producers_dir().join("image-page/reportlab-text-then-image.pdf"));
    let part = pdf_part(&x);
    assert_eq!(part.pages, Some(2));
    assert_eq!(part.opaque, Some(Opaque::ImagePages(vec![2])));
    assert_eq!(
        part.segments
            .iter()
            .filter(|s| matches!(s.origin, Origin::Page(_)))
            .count(),
        1
    );
    assert!(page_text(part).contains("André CARON"));
}

#[test]
fn pages_and_decompressed_bytes_are_charged_to_the_limits() {
    let bytes = std::fs::read(producers_dir().join("libreoffice-odt.pdf")).unwrap();
    let few_pages = Limits {
        max_pages: 2,
        ..Limits::default()
    };
    assert!(matches!(
        extract(&bytes, None, &few_pages),
        Err(tamis::extract::ExtractError::TooManyPages { limit: 2 })
    ));
    // The page contents and fonts' CMaps decompress to more than 4 kB.
    let small_budget = Limits {
        max_expanded: 4_000,
        ..Limits::default()
    };
    assert!(matches!(
        extract(&bytes, None, &small_budget),
        Err(tamis::extract::ExtractError::TooMuchExpanded { .. })
    ));
    assert!(extract(&bytes, None, &Limits::default()).is_ok());
}
