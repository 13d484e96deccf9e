//! Clinical sections (issue 13 §6), end to end through the command line: the letters of
//! `corpus/sections/` (a hospital discharge letter as text and as a Word document, an e-mail
//! from an EHPAD nurse to an APA team) minimised for a recipient whose purpose does not need
//! the sections' main category. The minimised copy, read back by a reader other than tamis
//! (the bytes of the text; Python's `email` parser; LibreOffice's text export of the Word
//! file), keeps every heading, says `[section retirée : …]` under it, and holds no sentence of
//! a removed section — including the diagnosis no dictionary knows ("Syndrome de Sjögren"),
//! which term-by-term removal left behind. What the recipient needs stays: the "Mode de vie"
//! section (GIR, APA), the treatment an APA team may know, the closing and the signature.
//! The sentences are listed here by hand: the test does not ask tamis where its sections are.

use crate::wire::{scan_json_with, tamis};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const DIRECTORY: &str = "corpus/directory/annuaire.csv";

/// The sentences of the discharge letter's sections that a social worker in social follow-up
/// may not receive (diagnoses, findings, drugs): none may be left.
const LETTER_GONE: [&str; 12] = [
    "Chute à domicile avec station au sol prolongée",
    "Maladie de Parkinson diagnostiquée en 2018",
    "Cardiopathie ischémique stentée en 2015",
    "Syndrome de Sjögren suivi par le Dr Bordes",
    "Retrouvée au sol par son aide à domicile",
    "Confusion à l'arrivée, rhabdomyolyse modérée",
    "Tremblement de repos du membre supérieur droit",
    "Escarre talon gauche de stade 2",
    "Modopar 125 mg",
    "Kardegic 75 mg",
    "Chute sur hypotension orthostatique",
    "Pas de fracture",
];

/// What the social worker keeps: the headings with their notices, the "Mode de vie" section,
/// the closing and the signature.
const LETTER_KEPT: [&str; 9] = [
    "ANTECEDENTS\n[section retirée : antécédents]",
    "HISTOIRE DE LA MALADIE\n[section retirée : histoire de la maladie]",
    "EXAMEN CLINIQUE\n[section retirée : examen clinique]",
    "TRAITEMENT DE SORTIE\n[section retirée : traitement]",
    "CONCLUSION\n[section retirée : conclusion]",
    "Vit seule en appartement au deuxième étage, GIR 3.",
    "Bénéficie de l'APA à domicile depuis 2024",
    "Je reste à votre disposition pour organiser le retour à domicile.",
    "Dr Anne DUCASSE",
];

/// `tamis redact` of `input` with `args`, written to a file named like the input; its path.
fn redact(input: &str, args: &[&str]) -> tempfile::TempPath {
    let ext = Path::new(input).extension().unwrap().to_string_lossy();
    let out = tempfile::Builder::new()
        .suffix(&format!(".{ext}"))
        .tempfile()
        .unwrap()
        .into_temp_path();
    let status = tamis()
        .args(["redact", "--directory", DIRECTORY, "--care-team", "-o"])
        .arg(&out)
        .args(args)
        .arg(input)
        .output()
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(0),
        "{input}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    out
}

const TO_SOCIAL_WORKER: [&str; 4] = [
    "--purpose",
    "social_follow_up",
    "--to",
    "ass.sociale@ccas-exemple.mssante.fr",
];

/// `text` with runs of blank lines (what an empty Word paragraph leaves) made one line break,
/// and line ends without the spaces before them.
fn lines(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn check_letter(text: &str, what: &str) {
    let text = lines(text);
    for gone in LETTER_GONE {
        assert!(!text.contains(gone), "{what}: {gone:?} left in the copy");
    }
    for kept in LETTER_KEPT {
        assert!(text.contains(kept), "{what}: {kept:?} lost:\n{text}");
    }
}

#[test]
fn a_minimised_text_letter_keeps_no_sentence_of_a_removed_section() {
    let input = "corpus/sections/lettre_sortie.txt";
    // Term by term, a diagnosis no dictionary knows would stay: the section takes it.
    let (_, before) = scan_json_with(Path::new(input), &[]);
    assert!(
        !before
            .findings
            .iter()
            .any(|f| f.text.as_deref().is_some_and(|t| t.contains("Sjögren"))),
        "the test needs a diagnosis tamis does not find"
    );
    let out = redact(input, &TO_SOCIAL_WORKER);
    let copy = String::from_utf8(std::fs::read(&out).unwrap()).unwrap();
    check_letter(&copy, "text");
    // The headings of the sections that stay, and the findings outside any section.
    assert!(copy.contains("MODE DE VIE\nVit seule"));
    assert!(copy.contains("Objet : Mme Hélène LAFITTE, née le 12/05/1938"));
}

#[test]
fn a_minimised_word_letter_keeps_no_paragraph_of_a_removed_section() {
    if !crate::common::tool("soffice", "reading the minimised DOCX with LibreOffice") {
        return;
    }
    let out = redact("corpus/sections/compte_rendu.docx", &TO_SOCIAL_WORKER);
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            dir.path().display()
        ))
        .args(["--headless", "--convert-to", "txt:Text (encoded):UTF8"])
        .arg("--outdir")
        .arg(dir.path())
        .arg(&out)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "soffice failed");
    let name = Path::new(&out).with_extension("txt");
    let text = std::fs::read_to_string(dir.path().join(name.file_name().unwrap()))
        .expect("LibreOffice wrote the text");
    check_letter(&text, "docx");
}

/// Python's `email` package: the text of every text/plain part of the message on stdin.
const MAIL_TEXT: &str = r#"
import email, email.policy, sys
m = email.message_from_binary_file(sys.stdin.buffer, policy=email.policy.default)
print("\n".join(p.get_content() for p in m.walk() if p.get_content_type() == "text/plain"))
"#;

#[test]
fn a_minimised_email_to_an_apa_team_keeps_the_treatment_but_not_the_diagnoses() {
    if !crate::common::tool(
        "python3",
        "reading the minimised e-mail with Python's parser",
    ) {
        return;
    }
    // The recipient and the purpose come from the message's headers.
    let out = redact("corpus/sections/courriel_dac.eml", &[]);
    let mut child = Command::new("python3")
        .args(["-c", MAIL_TEXT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(&out).unwrap())
        .unwrap();
    let done = child.wait_with_output().unwrap();
    assert!(done.status.success());
    let text = lines(&String::from_utf8(done.stdout).unwrap());
    for gone in [
        "Insuffisance rénale chronique stade 4",
        "Diabète de type 2 sous insuline",
        "pneumopathie d'inhalation sur troubles de la déglutition",
        "Pneumopathie d'inhalation traitée, dénutrition modérée",
        "Reprise de l'alimentation en texture mixée",
    ] {
        assert!(!text.contains(gone), "{gone:?} left in the e-mail");
    }
    for kept in [
        "Antécédents :\n[section retirée : antécédents]",
        "Motif de l'hospitalisation : [section retirée : motif]",
        "Conclusion :\n[section retirée : conclusion]",
        // An APA team may know the drugs it helps with: the treatment section stays (the
        // insulin goes, it gives the removed diabetes away).
        "Traitement en cours :\n[retiré : médicament], Kardegic 75 mg le midi.",
        "Autonomie : GIR 2, fauteuil roulant pour les déplacements.",
        "Bien cordialement,\nSophie Larrieu",
    ] {
        assert!(text.contains(kept), "{kept:?} lost:\n{text}");
    }
}

/// The report says which section each finding is in (`section`), and a finding by crossing
/// in a clinical section is health data even far from any name.
#[test]
fn the_report_names_each_finding_s_section() {
    let (_, r) = scan_json_with(Path::new("corpus/sections/lettre_sortie.txt"), &[]);
    let section = |text: &str| {
        r.findings
            .iter()
            .find(|f| f.text.as_deref().is_some_and(|t| t.contains(text)))
            .unwrap_or_else(|| panic!("no finding {text:?}"))
            .section
            .clone()
    };
    assert_eq!(section("Maladie de Parkinson").as_deref(), Some("history"));
    assert_eq!(section("Escarre").as_deref(), Some("physical_exam"));
    assert_eq!(section("Modopar").as_deref(), Some("medications"));
    assert_eq!(section("GIR 3").as_deref(), Some("social_history"));
    assert_eq!(section("Hélène LAFITTE"), None, "a name is in no section");
    assert_eq!(
        section("hypotension orthostatique").as_deref(),
        Some("physical_exam")
    );
}

/// The same letter as HTML (a paragraph a block, `<br>` a line), read back with the markup
/// stripped and the character references decoded here.
#[test]
fn a_minimised_html_letter_keeps_no_sentence_of_a_removed_section() {
    let text = std::fs::read_to_string("corpus/sections/lettre_sortie.txt").unwrap();
    let escape = |l: &str| {
        l.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut html = String::from("<html><head><meta charset=\"utf-8\"></head><body>\n");
    for p in text.split("\n\n") {
        let lines: Vec<String> = p.lines().map(escape).collect();
        html.push_str(&format!("<p>{}</p>\n", lines.join("<br>")));
    }
    html.push_str("</body></html>\n");
    let input = tempfile::Builder::new()
        .suffix(".html")
        .tempfile()
        .unwrap()
        .into_temp_path();
    std::fs::write(&input, html).unwrap();
    let out = redact(input.to_str().unwrap(), &TO_SOCIAL_WORKER);
    let copy = std::fs::read_to_string(&out).unwrap();
    // The text a browser shows: tags out, `<br>` and paragraphs as line breaks, references in.
    let mut shown = String::new();
    let mut rest = copy.replace("<br>", "\n").replace("</p>", "\n");
    while let Some(open) = rest.find('<') {
        shown.push_str(&rest[..open]);
        rest = rest[open..]
            .find('>')
            .map_or(String::new(), |c| rest[open + c + 1..].to_string());
    }
    shown.push_str(&rest);
    let mut decoded = String::new();
    let mut rest = shown.as_str();
    while let Some(amp) = rest.find("&#") {
        decoded.push_str(&rest[..amp]);
        let after = &rest[amp + 2..];
        let end = after.find(';').expect("a reference ends");
        decoded.push(char::from_u32(after[..end].parse().unwrap()).unwrap());
        rest = &after[end + 1..];
    }
    decoded.push_str(rest);
    let decoded = decoded
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    check_letter(&decoded, "html");
}
