//! `tamis scan` as a user runs it: over the documents of `corpus/text/`, each with the findings it
//! must and must not report and its exit status (format in `corpus/README.md`).

use crate::common::{Expect, Seen, check};
use crate::wire::{WireReport, scan_json, tamis};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expectation {
    description: String,
    exit: i32,
    #[serde(default)]
    must_find: Vec<Expect>,
    #[serde(default)]
    must_not_find: Vec<Expect>,
}

fn corpus_texts() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/text");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    v
}

/// Every corpus document: expected findings present, traps absent, exit status as expected,
/// and the offsets of every finding point at its text in the file's bytes.
#[test]
fn scan_corpus_documents() {
    let files = corpus_texts();
    assert!(
        files.len() >= 10,
        "corpus/text holds {} documents",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let exp_path = path.with_extension("expect.toml");
        let exp: Expectation = toml::from_str(
            &std::fs::read_to_string(&exp_path)
                .unwrap_or_else(|e| panic!("{}: {e}", exp_path.display())),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", exp_path.display()));
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (code, report) = scan_json(path);
        assert_eq!(report.version, 1);
        assert_eq!(report.input, path.display().to_string());
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if code != exp.exit {
            failures.push(format!(
                "{name} ({}): exit {code}, expected {}",
                exp.description, exp.exit
            ));
        }
        let expected_verdict = if exp.exit == 0 { "pass" } else { "minimise" };
        if report.verdict != expected_verdict {
            failures.push(format!("{name}: verdict {}", report.verdict));
        }
        let mut seen = Vec::new();
        for f in &report.findings {
            let value = f.text.clone().unwrap();
            assert_eq!(
                &bytes[f.location.start..f.location.end],
                value.as_bytes(),
                "{name}: offsets"
            );
            assert!(f.category.parse::<tamis::Category>().is_ok());
            assert!(["identifier", "nature", "crossing"].contains(&f.basis.as_str()));
            assert!((0.0..=1.0).contains(&f.confidence));
            seen.push(Seen {
                category: f.category.clone(),
                text: value,
                start: f.location.start,
                end: f.location.end,
                code: f.code.clone(),
                sensitive: f.sensitive,
                section: Some(f.section.clone().unwrap_or_default()),
            });
        }
        for r in &report.reasons {
            assert!(!r.rule.is_empty() && !r.law.is_empty() && !r.message.is_empty());
        }
        for f in check(&text, &seen, &exp.must_find, &[], &exp.must_not_find) {
            failures.push(format!("{name}: {f}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn text_format_lists_findings_for_a_person() {
    let letter = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/text/lettre_liaison_ehpad.txt");
    let out = tamis().arg("scan").arg(&letter).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("minimise"), "{s}");
    assert!(s.contains("person_name") && s.contains("diagnosis"), "{s}");
}

#[test]
fn values_none_keeps_every_value_out_of_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("l.txt");
    std::fs::write(
        &p,
        "Mme Claire MARTIN, NIR 2 79 03 51 215 189 89, schizophrénie.",
    )
    .unwrap();
    let out = tamis()
        .args(["scan", "--format", "json", "--values", "none"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let s = String::from_utf8(out.stdout).unwrap();
    for secret in ["MARTIN", "Claire", "2 79 03", "189 89", "schizo"] {
        assert!(!s.contains(secret), "{secret} leaked: {s}");
    }
    let r: WireReport = serde_json::from_str(s.trim()).unwrap();
    assert_eq!(r.findings.len(), 3);
}

#[test]
fn nothing_to_report_exits_zero() {
    let out = tamis()
        .args(["scan", "--format", "json", "-"])
        .write_stdin("Réunion du comité le 4 mars à 14 h, salle B. Ordre du jour : budget.")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let r: WireReport =
        serde_json::from_str(String::from_utf8(out.stdout).unwrap().trim()).unwrap();
    assert_eq!(r.verdict, "pass");
    assert!(r.findings.is_empty());
}

#[test]
fn latin1_input_reports_offsets_in_its_own_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("latin1.txt");
    let bytes = b"Ant\xe9c\xe9dents : diab\xe8te de type 2. T\xe9l : 01 23 45 67 89".to_vec();
    std::fs::write(&p, &bytes).unwrap();
    let (code, r) = scan_json(&p);
    assert_eq!(code, 1);
    let d = r
        .findings
        .iter()
        .find(|f| f.category == "diagnosis")
        .unwrap();
    assert_eq!(
        &bytes[d.location.start..d.location.end],
        b"diab\xe8te de type 2"
    );
    let t = r.findings.iter().find(|f| f.category == "phone").unwrap();
    assert_eq!(&bytes[t.location.start..t.location.end], b"01 23 45 67 89");
}

#[test]
fn a_missing_file_is_an_error_that_names_it_and_exits_2() {
    let out = tamis()
        .args(["scan", "/nonexistent/lettre.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("/nonexistent/lettre.txt"), "{err}");
}

#[test]
fn an_input_over_the_limit_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.txt");
    std::fs::write(&p, "diabète ".repeat(1000)).unwrap();
    let out = tamis()
        .args(["scan", "--max-input", "1000"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("limit") && !err.contains("diab"), "{err}");
}

/// By crossing, a weight or the APA is health data only about someone: in the anonymous
/// activity memo it is not (nor are the memo's terms by nature); in the EHPAD letter the
/// weight is, linked to the resident named before it.
#[test]
fn crossing_findings_are_health_data_only_when_a_person_is_identified() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/text");
    let (_, memo) = scan_json(&dir.join("memo_activite_anonyme.txt"));
    let crossing: Vec<_> = memo
        .findings
        .iter()
        .filter(|f| f.basis == "crossing")
        .collect();
    assert!(crossing.len() >= 4, "{crossing:?}");
    assert!(crossing.iter().all(|f| !f.health && f.linked_to.is_none()));
    // Nor are its terms by nature: "31 résidents atteints de maladie d'Alzheimer" is about no
    // one in particular (issue 18 §5).
    assert!(
        memo.findings
            .iter()
            .filter(|f| f.basis == "nature")
            .all(|f| !f.health)
    );

    let (_, letter) = scan_json(&dir.join("lettre_liaison_ehpad.txt"));
    let weight = letter
        .findings
        .iter()
        .find(|f| f.category == "body_measure")
        .expect("a weight in the letter");
    assert!(weight.health);
    let person = &letter.findings[weight.linked_to.expect("linked to someone")];
    assert!(
        ["person_name", "nir", "ipp", "birth_date"].contains(&person.category.as_str()),
        "{person:?}"
    );
    assert!(person.location.start < weight.location.start);
}

/// `--values hashed`: no value in clear, and one NIR gets one hash however it is spaced, across
/// inputs of one run; another salt gives other hashes.
#[test]
fn hashed_values_link_one_nir_across_inputs_without_showing_it() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(
        &a,
        "Patiente : Mme Claire MARTIN, NIR 2 79 03 51 215 189 89.",
    )
    .unwrap();
    std::fs::write(
        &b,
        "Relance pour l'assurée n° 279035121518989, diabète de type 2.",
    )
    .unwrap();
    let salt = dir.path().join("salt");
    std::fs::write(&salt, "sel secret de l'établissement, 32+ octets").unwrap();
    let run = |salt: &Path| {
        let out = tamis()
            .args([
                "scan",
                "--format",
                "json",
                "--values",
                "hashed",
                "--salt-file",
            ])
            .arg(salt)
            .arg(&a)
            .arg(&b)
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            !stdout.contains("MARTIN") && !stdout.contains("189 89") && !stdout.contains("diabète")
        );
        let reports: Vec<WireReport> = stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let nir = |r: &WireReport| {
            r.findings
                .iter()
                .find(|f| f.category == "nir")
                .and_then(|f| f.text.clone())
                .expect("a hashed NIR")
        };
        (nir(&reports[0]), nir(&reports[1]))
    };
    let (h1, h2) = run(&salt);
    assert!(h1.starts_with("sha256:"));
    assert_eq!(h1, h2);
    let other = dir.path().join("other");
    std::fs::write(&other, "un autre sel, celui d'une autre structure").unwrap();
    assert_ne!(run(&other).0, h1);
}

/// `-v --log-format json`: one JSON object per input on standard error, ready for a log
/// collector, with the verdict, the counts per category and the rules — and the report alone
/// on standard output.
#[test]
fn verbose_json_logs_give_one_object_per_input_with_its_verdict() {
    let out = tamis()
        .args(["-v", "--log-format", "json", "scan", "--format", "json"])
        .args(["--directory", "corpus/directory/annuaire.csv"])
        .args([
            "corpus/text/consultation_cardiologie.txt",
            "corpus/mail/07_mssante.eml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let checked: Vec<&serde_json::Value> = events
        .iter()
        .filter(|e| e["message"] == "checked")
        .collect();
    assert_eq!(checked.len(), 2, "one event per input");
    for (e, report) in checked
        .iter()
        .zip(String::from_utf8_lossy(&out.stdout).lines())
    {
        let r: WireReport = serde_json::from_str(report).unwrap();
        assert_eq!(e["level"], "DEBUG");
        assert_eq!(e["findings"].as_u64(), Some(r.findings.len() as u64));
        assert_eq!(e["verdict"].as_str(), Some(r.verdict.as_str()));
        assert!(e["categories"].as_str().unwrap().contains("person_name="));
    }
}

/// Whose data it is, on the wire (issue 18): in a social worker's note, the beneficiary is the
/// cared-for person, the signatory a professional, the service's switchboard the structure's.
#[test]
fn whose_each_identity_is_is_reported() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/cases/docs/whose/note_assistante_sociale.txt");
    let (_, r) = scan_json(&path);
    let whose = |text: &str| {
        r.findings
            .iter()
            .find(|f| f.text.as_deref() == Some(text))
            .and_then(|f| f.whose.clone())
            .unwrap_or_else(|| panic!("no whose for {text}"))
    };
    assert_eq!(whose("Fatou DIALLO"), "cared_for");
    assert_eq!(whose("Sophie Caron"), "professional");
    assert_eq!(whose("05 58 56 80 00"), "structure");
    // Her sick leave and diagnosis are linked to her, never to the social worker.
    let leave = r
        .findings
        .iter()
        .find(|f| f.category == "sick_leave")
        .expect("the sick leave");
    let person = &r.findings[leave.linked_to.expect("linked")];
    assert_eq!(person.whose.as_deref(), Some("cared_for"));
}
