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
        "pdf" => {
            let out = match std::process::Command::new("pdftotext")
                .arg(path)
                .arg("-")
                .output()
            {
                Ok(o) => o,
                Err(_) if std::env::var_os("TAMIS_REQUIRE_TOOLS").is_none() => return None,
                Err(e) => panic!("pdftotext: {e}"),
            };
            assert!(
                out.status.success(),
                "pdftotext cannot read {}",
                path.display()
            );
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        "cda" => xmllint_html(path, true).map(|(text, _)| text),
        _ => None,
    }
}

/// The formats whose minimised copies this test reads.
const REDACTED_FORMATS: [&str; 3] = ["text", "pdf", "cda"];

/// Every labelled decision case whose verdict is `minimise`: `tamis redact` with the case's
/// context writes a copy from which the labels to remove are gone and the labels to keep are
/// still there, as an independent reader sees them (the bytes for text, `pdftotext`, the XML
/// text by `xmllint`; e-mails are checked the same way with Python's parser in
/// `redact_mail.rs`).
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
        // The markers name the category removed (`[retiré : arrêt de travail]`): not data.
        let words = norm(&without_markers(&text));
        // What the same reader saw in the input: a value kept outside the page text (PDF
        // metadata) is not the reader's to check.
        let before = norm(&output_text(format, &input).unwrap_or_default());
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
            if decided(l, "remove") || !before.contains(&norm(&l.text)) {
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

/// What `xmllint` reads in an HTML (or XHTML) file: its text, and how many complaints it has
/// about the markup. `None` when xmllint is absent (and not required).
fn xmllint_html(path: &std::path::Path, xml: bool) -> Option<(String, usize)> {
    let mut cmd = std::process::Command::new("xmllint");
    if !xml {
        cmd.arg("--html");
    }
    let out = match cmd.args(["--xpath", "string(/*)"]).arg(path).output() {
        Ok(o) => o,
        Err(_) if std::env::var_os("TAMIS_REQUIRE_TOOLS").is_none() => {
            println!("xmllint not installed: HTML output not checked");
            return None;
        }
        Err(e) => panic!("xmllint: {e}"),
    };
    let complaints = String::from_utf8_lossy(&out.stderr).lines().count();
    Some((
        String::from_utf8_lossy(&out.stdout).into_owned(),
        complaints,
    ))
}

/// The HTML letters of LibreOffice (two filters, two encodings): names, birth dates, NIRs and
/// diagnoses are gone from what a browser shows, everything else is there, the markup is as
/// valid as it was, and the file keeps its encoding.
#[test]
fn html_letters_from_libreoffice_lose_what_had_to_go() {
    let remove = [
        Category::PersonName,
        Category::BirthDate,
        Category::Nir,
        Category::Diagnosis,
    ];
    let dir = tempfile::tempdir().unwrap();
    for (file, xml) in [
        ("libreoffice-writer.html", false),
        ("libreoffice-writer-windows-1252.html", false),
        ("libreoffice-xhtml.html", true),
    ] {
        let path = format!("corpus/html/{file}");
        let (out, report) = redact_categories(&path, &remove);
        let out_path = dir.path().join(file);
        std::fs::write(&out_path, &out).unwrap();
        let Some((before, before_complaints)) = xmllint_html(std::path::Path::new(&path), xml)
        else {
            return;
        };
        let (after, after_complaints) = xmllint_html(&out_path, xml).unwrap();
        assert!(
            after_complaints <= before_complaints,
            "{file}: the markup got worse ({before_complaints} → {after_complaints} complaints)"
        );
        // Block boundaries: xmllint joins paragraphs without a space, tamis with a line break.
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        let (before, after) = (squash(&before), squash(&after));
        let removed = values(&report, Action::Remove);
        assert!(removed.len() >= 6, "{file}: only {} removed", removed.len());
        for v in &removed {
            assert!(
                before.contains(&squash(v)),
                "{file}: xmllint does not see a value"
            );
            assert!(
                !after.contains(&squash(v)),
                "{file}: a removed value is still shown"
            );
        }
        for v in values(&report, Action::Keep) {
            let v = squash(&v);
            if removed
                .iter()
                .any(|r| squash(r).contains(&v) || v.contains(&squash(r)))
            {
                continue; // overlaps a removed value
            }
            assert!(
                after.contains(&v),
                "{file}: a kept value is no longer shown"
            );
        }
        assert!(after.contains("[retiré:diagnostic]"), "{file}: no marker");
        assert!(after.contains("[retiré:nom]"), "{file}: no marker");
        let utf8 = std::str::from_utf8(&out).is_ok();
        assert_eq!(utf8, !file.contains("1252"), "{file}: encoding changed");
    }
}

/// A letter written in Windows-1252 (older office software) stays in Windows-1252: the marker's
/// `é` is one byte, the rest of the file is untouched.
#[test]
fn windows_1252_text_keeps_its_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string("corpus/text/lettre_liaison_ehpad.txt").unwrap();
    let (latin, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&src);
    assert!(!unmappable);
    let path = dir.path().join("lettre-cp1252.txt");
    std::fs::write(&path, &latin).unwrap();
    let (out, report) = redact_categories(path.to_str().unwrap(), &[Category::Diagnosis]);
    assert!(std::str::from_utf8(&out).is_err(), "re-encoded as UTF-8");
    let (text, _, bad) = encoding_rs::WINDOWS_1252.decode(&out);
    assert!(!bad);
    assert!(text.contains("[retiré : diagnostic]"));
    for v in values(&report, Action::Remove) {
        assert!(!text.contains(v.as_str()), "removed value still there");
    }
    // Only the removed spans changed: the line count and the first line are the same.
    assert_eq!(text.lines().count(), src.lines().count());
    assert_eq!(text.lines().next(), src.lines().next());
}

/// The post-condition: a copy that still holds a removed value is refused. Here the "copy" is
/// the original itself, as a broken redactor would return it.
#[test]
fn a_copy_that_still_holds_a_removed_value_is_refused() {
    let path = "corpus/text/lettre_liaison_ehpad.txt";
    let bytes = std::fs::read(path).unwrap();
    let (_, report) = redact_categories(path, &[Category::Diagnosis, Category::PersonName]);
    let limits = tamis::extract::Limits::default();
    let doc = tamis::extract::extract(&bytes, Some(path), &limits).unwrap();
    let expected = tamis::redact::expected_counts(&doc, &report);
    assert!(!expected.is_empty());
    let left = tamis::redact::leftovers(&doc, &expected);
    assert!(left.contains(&Category::Diagnosis));
    assert!(left.contains(&Category::PersonName));
    // And the real copy passes.
    let (out, _) = redact_categories(path, &[Category::Diagnosis, Category::PersonName]);
    let copy = tamis::extract::extract(&out, Some(path), &limits).unwrap();
    assert!(tamis::redact::leftovers(&copy, &expected).is_empty());
}

/// `text` without redaction markers (`[retiré : catégorie]`).
fn without_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("[retiré : ") {
        out.push_str(&rest[..i]);
        match rest[i..].find(']') {
            Some(close) => rest = &rest[i + close + 1..],
            None => {
                rest = "";
            }
        }
        out.push(' ');
    }
    out.push_str(rest);
    out
}
