//! Redaction of PDFs: the removed values are gone from the text a reader extracts (poppler's
//! `pdftotext` and tamis' own extraction), from the metadata, fields, outlines, annotations and
//! embedded files; what was kept is still there, in its place; the file is a complete valid
//! PDF (`qpdf --check`) and a black box covers where the text was (`pdftoppm`).

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

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tamis-redact-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The redacted copy of `file`, written to the temp dir, and the report applied.
fn redacted(file: &str) -> (PathBuf, Vec<u8>, Report) {
    let (bytes, report) = redact_categories(file, REMOVED);
    let name = file.replace('/', "_");
    let out = temp_dir().join(name);
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
        let (out, _, report) = redacted(&file);
        let before = words(&pdftotext(&root().join(&file)));
        let after = words(&pdftotext(&out));
        for (value, n) in removed_counts(&report) {
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
        let (out, _, report) = redacted(&file);
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

#[test]
fn every_redacted_pdf_passes_qpdf_check() {
    if !have_tool("qpdf") {
        return;
    }
    for file in corpus() {
        let (out, _, _) = redacted(&file);
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
