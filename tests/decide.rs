//! The rules through the command line: a letter, a directory, a purpose, recipients; what each
//! recipient may receive and why.

use crate::wire::{WireReport, scan_json_with, tamis};
use std::path::{Path, PathBuf};

fn corpus(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(p)
}

const LETTER: &str = "text/lettre_liaison_ehpad.txt";

fn decide(input: &str, args: &[&str]) -> (i32, WireReport) {
    let dir = corpus("directory/annuaire.csv");
    let mut all = vec!["--directory", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    scan_json_with(&corpus(input), &all)
}

fn actions<'r>(r: &'r WireReport, category: &str) -> Vec<&'r str> {
    r.findings
        .iter()
        .filter(|f| f.category == category)
        .map(|f| {
            f.action
                .as_deref()
                .expect("an action once recipients are known")
        })
        .collect()
}

fn rules(r: &WireReport) -> Vec<&str> {
    r.reasons.iter().map(|x| x.rule.as_str()).collect()
}

#[test]
fn the_hospital_of_the_care_team_gets_the_diagnoses() {
    let (code, r) = decide(
        LETTER,
        &[
            "--purpose",
            "care_coordination",
            "--to",
            "secretariat.medical@ch-exemple.mssante.fr",
            "--care-team",
        ],
    );
    let to = &r.recipients[0];
    assert_eq!(
        (to.role.as_str(), to.trusted, to.care_team),
        ("health_professional", true, true)
    );
    assert!(actions(&r, "diagnosis").iter().all(|a| *a == "keep"));
    assert!(actions(&r, "medication").iter().all(|a| *a == "keep"));
    assert_ne!(r.verdict, "block");
    assert_eq!(code, if r.verdict == "pass" { 0 } else { 1 });
}

#[test]
fn a_home_help_team_gets_the_dependency_but_not_the_diagnoses() {
    let (code, r) = decide(
        LETTER,
        &[
            "--purpose",
            "medico_social_follow_up",
            "--to",
            "equipe.apa@departement-exemple.mssante.fr",
            "--care-team",
        ],
    );
    assert_eq!((code, r.verdict.as_str()), (1, "minimise"));
    assert_eq!(r.recipients[0].role, "medico_social_staff");
    assert!(!actions(&r, "diagnosis").is_empty());
    assert!(actions(&r, "diagnosis").iter().all(|a| *a == "remove"));
    assert!(
        actions(&r, "disability_dependency")
            .iter()
            .all(|a| *a == "keep")
    );
    let why = r
        .reasons
        .iter()
        .find(|x| x.message.contains("« diagnostic »"))
        .expect("a reason");
    assert_eq!(why.rule, "strictly_necessary");
    assert!(why.law.contains("5.1.c"));
    // The removed findings are those the recipient's decision lists.
    let removed: Vec<usize> = (0..r.findings.len())
        .filter(|&i| r.findings[i].action.as_deref() == Some("remove"))
        .collect();
    assert_eq!(removed, r.recipients[0].remove);
}

#[test]
fn a_gmail_address_gets_no_health_data() {
    let (code, r) = decide(
        LETTER,
        &[
            "--purpose",
            "care_coordination",
            "--to",
            "famille.dupuis@gmail.com",
        ],
    );
    assert_eq!((code, r.verdict.as_str()), (1, "block"));
    assert!(rules(&r).contains(&"trust_space"));
    assert!(
        !rules(&r).contains(&"strictly_necessary"),
        "a blocked recipient needs no list"
    );
}

#[test]
fn the_strictest_recipient_decides_for_the_message() {
    let (_, r) = decide(
        LETTER,
        &[
            "--purpose",
            "care_coordination",
            "--care-team",
            "--to",
            "secretariat.medical@ch-exemple.mssante.fr",
            "--to",
            "benevoles@association-exemple.fr",
        ],
    );
    let verdicts: Vec<&str> = r.recipients.iter().map(|d| d.verdict.as_str()).collect();
    assert_ne!(verdicts[0], "block");
    assert_eq!(verdicts[1], "block");
    assert_eq!(r.verdict, "block");
    // Each recipient carries its own reasons; the message gathers them.
    assert!(
        r.recipients[1]
            .reasons
            .iter()
            .any(|x| x.rule == "qualified_recipient")
    );
    assert!(
        !r.recipients[0]
            .reasons
            .iter()
            .any(|x| x.rule == "qualified_recipient")
    );
    assert!(rules(&r).contains(&"qualified_recipient"));
}

#[test]
fn outside_the_care_team_consent_opens_and_opposition_closes() {
    let to = [
        "--purpose",
        "care_coordination",
        "--to",
        "Dr.Roux@Cabinet-Roux.MSSante.fr",
    ];
    let (_, r) = decide(LETTER, &to);
    assert!(rules(&r).contains(&"care_team"));
    let (_, r) = decide(LETTER, &[&to[..], &["--consent"]].concat());
    assert!(!rules(&r).contains(&"care_team"));
    assert_ne!(r.verdict, "block");
    let (_, r) = decide(LETTER, &[&to[..], &["--consent", "--opposition"]].concat());
    assert_eq!((r.verdict.as_str(), rules(&r)[0]), ("block", "opposition"));
}

#[test]
fn an_email_s_recipients_and_purpose_come_from_its_headers() {
    // The MSSanté message goes to the emergency department of another hospital, unknown to this
    // directory: not a qualified recipient as far as tamis can tell.
    let (_, r) = decide("xdm/mss_xdm_ok.eml", &[]);
    let env = r.envelope.as_ref().unwrap();
    let addresses: Vec<&str> = r.recipients.iter().map(|d| d.address.as_str()).collect();
    assert_eq!(
        addresses,
        env.to.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert!(rules(&r).contains(&"qualified_recipient"));
    // With --values none, the recipients are numbered, not named.
    let (_, r) = decide("xdm/mss_xdm_ok.eml", &["--values", "none"]);
    assert_eq!(r.recipients[0].address, "destinataire 1");
}

#[test]
fn a_broken_policy_file_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("politique.toml");
    let text = std::fs::read_to_string(corpus("../policy/default.toml")).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("\"diagnosis\""))
        .unwrap()
        + 1;
    std::fs::write(&bad, text.replacen("\"diagnosis\"", "\"diagnostic\"", 1)).unwrap();
    let out = tamis()
        .args(["scan", "--policy"])
        .arg(&bad)
        .arg(corpus(LETTER))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("politique.toml:{line}:")), "{err}");
    assert!(err.contains("diagnostic"), "{err}");
}

#[test]
fn a_care_software_sending_without_a_purpose_is_blocked() {
    let annuaire = corpus("directory/extract_mssante.txt");
    let from = [
        "--annuaire",
        annuaire.to_str().unwrap(),
        "--from",
        "dui@ehpad-saint-michel.mssante.fr",
    ];
    let to = [
        "--to",
        "secretariat.medical@ch-exemple.mssante.fr",
        "--care-team",
    ];
    let (_, r) = decide(LETTER, &[&from[..], &to[..]].concat());
    assert_eq!(
        (r.verdict.as_str(), rules(&r)[0]),
        ("block", "purpose_required")
    );
    let (_, r) = decide(
        LETTER,
        &[&from[..], &to[..], &["--purpose", "care_continuity"]].concat(),
    );
    assert!(!rules(&r).contains(&"purpose_required"));
}

#[test]
fn a_patient_mailbox_gets_only_documents_about_its_owner() {
    let to = [
        "--purpose",
        "care_continuity",
        "--to",
        "295109912611193@patient.mssante.fr",
    ];
    // The EHPAD letter is about another resident (her NIR is in it).
    let (_, r) = decide(LETTER, &to);
    assert_eq!(r.recipients[0].role, "patient");
    assert_eq!(
        (r.verdict.as_str(), rules(&r)[0]),
        ("block", "wrong_patient")
    );
    // A note carrying the mailbox owner's own NIR may go to them.
    let dir = tempfile::tempdir().unwrap();
    let note = dir.path().join("note.txt");
    std::fs::write(
        &note,
        "Compte rendu pour M. Paul GIRARD, NIR 2 95 10 99 126 111 93 : diabète de type 2 équilibré.",
    )
    .unwrap();
    let annuaire = corpus("directory/annuaire.csv");
    let mut args = vec!["--directory", annuaire.to_str().unwrap()];
    args.extend_from_slice(&to);
    let (_, r) = scan_json_with(&note, &args);
    assert!(
        r.findings.iter().any(|f| f.category == "nir"),
        "the owner's NIR is found"
    );
    assert!(!rules(&r).contains(&"wrong_patient"), "{:?}", r.reasons);
}

/// A message to a patient's own MSSanté mailbox (`<INS>@patient.mssante.fr`) that carries
/// somebody else's NIR is blocked: the mailbox's INS in the To header is the address, not a NIR
/// of the document, and cannot make the document look like theirs.
#[test]
fn a_patient_mailbox_receiving_someone_else_s_document_is_blocked() {
    let dir = tempfile::tempdir().unwrap();
    let mail = |nir: &str| {
        format!(
            "From: Dr Claire Martin <claire.martin@ch-dieppe.mssante.fr>\r\n\
             To: <279035121518989@patient.mssante.fr>\r\n\
             Subject: Compte rendu\r\n\
             X-Tamis-Purpose: care_coordination\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\r\n\
             Compte rendu de M. Lucien FAURE, NIR {nir}.\r\n\
             Diagnostic : diabète de type 2.\r\n"
        )
    };
    let other = dir.path().join("autre.eml");
    std::fs::write(&other, mail("1 85 05 78 006 084 91")).unwrap();
    let (_, r) = scan_json_with(&other, &["--directory", "corpus/directory/annuaire.csv"]);
    assert_eq!(r.verdict, "block");
    assert!(rules(&r).contains(&"wrong_patient"), "{:?}", rules(&r));
    let own = dir.path().join("sien.eml");
    std::fs::write(&own, mail("2 79 03 51 215 189 89")).unwrap();
    let (_, r) = scan_json_with(&own, &["--directory", "corpus/directory/annuaire.csv"]);
    assert!(!rules(&r).contains(&"wrong_patient"), "{:?}", rules(&r));
}
