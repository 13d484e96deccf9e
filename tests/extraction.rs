//! Extraction over hostile input, all formats: no panic, no error but a broken limit, and
//! locators that stay inside what they point at.

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use tamis::extract::{ExtractError, Format, Limits, SourceMap, extract, extract_as};

const FORMATS: [Format; 7] = [
    Format::Mail,
    Format::Pdf,
    Format::Cda,
    Format::Xml,
    Format::Zip,
    Format::Html,
    Format::Text,
];

fn limits() -> Limits {
    Limits {
        max_expanded: 16 << 20,
        ..Limits::default()
    }
}

/// Every file of `corpus/` except the expectation files.
fn corpus_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if !p.to_string_lossy().ends_with(".toml") && !p.ends_with("README.md") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
        &mut out,
    );
    out.sort();
    out
}

/// The checks every extraction must pass: runs sorted and inside the segment, glyphs sorted,
/// byte spans of the root part inside the input.
fn check(bytes: &[u8], result: Result<tamis::extract::Extraction, ExtractError>) {
    let doc = match result {
        Ok(doc) => doc,
        // A broken limit is the only error; its message names no content (checked elsewhere).
        Err(_) => return,
    };
    for part in &doc.parts {
        for seg in &part.segments {
            match &seg.map {
                SourceMap::Runs(runs) => {
                    assert!(
                        runs.windows(2).all(|w| w[0].text <= w[1].text),
                        "runs out of order"
                    );
                    assert!(runs.iter().all(|r| r.text as usize <= seg.text.len()));
                    // An empty text has no byte to map to.
                    if part.path.is_empty() && part.format == Format::Text && !seg.text.is_empty() {
                        let (a, b) = seg.source_span(0, seg.text.len()).unwrap();
                        assert!(a <= b && b <= bytes.len(), "span outside the input");
                    }
                }
                SourceMap::Glyphs(glyphs) => {
                    assert!(
                        glyphs.windows(2).all(|w| w[0].text <= w[1].text),
                        "glyphs out of order"
                    );
                    assert!(
                        glyphs
                            .iter()
                            .all(|g| (g.stream as usize) < part.streams.len())
                    );
                }
                SourceMap::Header { .. } => {
                    assert_eq!(part.format, Format::Mail, "a header outside a message");
                }
                SourceMap::Boxes(boxes) => {
                    assert!(
                        boxes.windows(2).all(|w| w[0].text < w[1].text),
                        "OCR words out of order"
                    );
                    assert!(boxes.iter().all(|b| (b.text as usize) < seg.text.len()));
                }
                SourceMap::None => {}
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_as_any_format_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), f in 0..FORMATS.len()) {
        check(&bytes, extract_as(FORMATS[f], &bytes, &limits()));
        check(&bytes, extract(&bytes, None, &limits()));
    }

    #[test]
    fn format_headers_followed_by_noise_never_panic(
        head in prop::sample::select(vec![
            &b"%PDF-1.7\n"[..], b"PK\x03\x04", b"From: a@b.fr\r\nTo: c@d.fr\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n",
            b"<?xml version=\"1.0\"?><ClinicalDocument xmlns=\"urn:hl7-org:v3\">", b"<html><body><p>",
        ]),
        tail in proptest::collection::vec(any::<u8>(), 0..4096),
    ) {
        let mut bytes = head.to_vec();
        bytes.extend_from_slice(&tail);
        check(&bytes, extract(&bytes, None, &limits()));
    }
}

/// Every corpus file cut short and with bytes flipped: still no panic (the damaged mail, PDF,
/// zip and XML an archive scan meets every day).
#[test]
fn damaged_corpus_files_never_panic() {
    let files = corpus_files();
    assert!(files.len() >= 16, "corpus too small: {}", files.len());
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        for cut in [bytes.len() / 3, bytes.len() / 2, bytes.len() * 9 / 10] {
            check(&bytes[..cut], extract(&bytes[..cut], None, &limits()));
        }
        let mut flipped = bytes.clone();
        let step = (flipped.len() / 64).max(1);
        for i in (7..flipped.len()).step_by(step) {
            flipped[i] ^= 0x5a;
        }
        check(&flipped, extract(&flipped, None, &limits()));
    }
}

#[test]
fn limits_are_errors_that_name_the_limit_and_no_content() {
    let text = "Mme Claire MARTIN, diabète de type 2".repeat(10);
    let small = Limits {
        max_input: 100,
        ..Limits::default()
    };
    let err = extract(text.as_bytes(), None, &small).unwrap_err();
    assert_eq!(err, ExtractError::TooLarge { limit: 100 });
    let msg = err.to_string();
    assert!(msg.contains("100") && !msg.contains("MARTIN"), "{msg}");

    let no_time = Limits {
        max_time: std::time::Duration::ZERO,
        ..Limits::default()
    };
    std::thread::sleep(std::time::Duration::from_millis(2));
    let err = extract(text.as_bytes(), None, &no_time).unwrap_err();
    assert!(matches!(err, ExtractError::Timeout { .. }), "{err}");
}

#[test]
fn every_format_is_recognised_by_content_in_the_corpus() {
    // One file per format that the corpus must hold, recognised whatever its name says.
    let files = corpus_files();
    let mut seen = std::collections::BTreeSet::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        if let Ok(doc) = extract(&bytes, Some("renamed.bin"), &limits()) {
            seen.insert(doc.parts[0].format.as_str());
        }
    }
    for f in ["text", "mail", "pdf", "cda", "zip"] {
        assert!(seen.contains(f), "no corpus file read as {f}: {seen:?}");
    }
}
