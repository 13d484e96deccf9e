//! Redaction of text and HTML: what had to go is gone from the bytes, the rest is untouched.

use crate::common::{redact_categories, values};
use tamis::Category;
use tamis::report::Action;

#[test]
fn text_letter_loses_its_diagnoses_and_keeps_the_rest() {
    let path = "corpus/text/lettre_liaison_ehpad.txt";
    if !std::path::Path::new(path).exists() {
        panic!("{path} missing from the corpus");
    }
    let (out, report) = redact_categories(path, &[Category::Diagnosis, Category::Nir]);
    let out = String::from_utf8(out).expect("still UTF-8");
    let removed = values(&report, Action::Remove);
    assert!(!removed.is_empty(), "the letter has diagnoses to remove");
    for v in &removed {
        assert!(!out.contains(v.as_str()), "removed value still there");
    }
    assert!(out.contains("[retiré : diagnostic]"));
    for v in values(&report, Action::Keep) {
        assert!(out.contains(v.as_str()), "kept value lost");
    }
}

/// The text a reader of the minimised copy sees, read by a tool other than tamis where one
/// exists (`pdftotext`), else the bytes as text.
fn output_text(format: &str, path: &std::path::Path) -> Option<String> {
    match format {
        "text" => Some(String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned()),
        _ => None,
    }
}

/// The formats whose minimised copies this test reads.
const REDACTED_FORMATS: [&str; 1] = ["text"];

/// Every labelled decision case whose verdict is `minimise`: `tamis redact` with the case's
/// context writes a copy from which the labels to remove are gone and the labels to keep are
/// still there (formats whose redaction is not readable by an independent tool here are
/// skipped, and said so).
#[test]
fn labelled_cases_are_minimised_as_labelled() {
    let dir = tempfile::tempdir().unwrap();
    let mut done = 0;
    let mut failures = Vec::new();
    for (file, case) in crate::decisions::load() {
        if case.verdict != "minimise" {
            continue;
        }
        let format = crate::decisions::format_of(&case.input);
        if !REDACTED_FORMATS.contains(&format) {
            continue;
        }
        let input = crate::decisions::corpus(&case.input);
        let out = dir.path().join(format!("{}.out", case.name));
        let report_path = dir.path().join(format!("{}.json", case.name));
        let mut args = crate::decisions::args(&case);
        args.extend([
            "--values".into(),
            "clear".into(),
            "--report".into(),
            report_path.display().to_string(),
            "-o".into(),
            out.display().to_string(),
            input.display().to_string(),
        ]);
        let run = crate::wire::tamis()
            .arg("redact")
            .args(&args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        if run.status.code() == Some(1) {
            // Blocked: tamis decided otherwise than the label (see `decisions::`).
            println!("{}: blocked, not minimised", case.name);
            continue;
        }
        if run.status.code() != Some(0) {
            failures.push(format!(
                "{file} {}: exit {:?}: {stderr}",
                case.name,
                run.status.code()
            ));
            continue;
        }
        let Some(text) = output_text(format, &out) else {
            println!("{}: {format} output not checked here", case.name);
            continue;
        };
        let words = norm(&text);
        let report: crate::wire::WireReport =
            serde_json::from_slice(&std::fs::read(&report_path).unwrap()).unwrap();
        // What tamis decided against the labels is the decision evaluation's business
        // (`decisions::`): here, only labels tamis decided alike are checked.
        let decided = |l: &crate::decisions::Label, action: &str| {
            report.findings.iter().any(|f| {
                f.category == l.category
                    && f.action.as_deref() == Some(action)
                    && f.text.as_deref().is_some_and(|t| {
                        let (t, want) = (norm(t), norm(&l.text));
                        t.contains(&want) || want.contains(&t)
                    })
            })
        };
        for l in &case.remove {
            if !decided(l, "remove") {
                continue;
            }
            if words.contains(&norm(&l.text)) {
                failures.push(format!(
                    "{file} {}: {} {:?} still there",
                    case.name, l.category, l.text
                ));
            }
        }
        for l in &case.keep {
            if decided(l, "remove") {
                continue;
            }
            if !words.contains(&norm(&l.text)) {
                failures.push(format!(
                    "{file} {}: {} {:?} lost",
                    case.name, l.category, l.text
                ));
            }
        }
        done += 1;
    }
    println!("{done} minimised copies checked");
    assert!(done >= 30, "only {done} cases checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Words separated by single spaces, for comparing what a reader sees.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
