//! Extraction of e-mail (MIME): the messages of `corpus/mail/` (made by
//! `scripts/corpus/mail/make_mail.py` with Python's `email` package), read as a user reads the
//! report, and their structure through the library.

use crate::wire::{WireFinding, WireReport, scan_json, scan_json_with, tamis};
use std::path::PathBuf;
use tamis::extract::{Extraction, Limits, Opaque, extract};

fn corpus(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/mail")
        .join(name)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(corpus(name)).unwrap()
}

fn structure(name: &str) -> Extraction {
    extract(&read(name), Some(name), &Limits::default()).unwrap()
}

/// `(path, format, opaque)` of every part.
fn parts(doc: &Extraction) -> Vec<(String, String, Option<String>)> {
    doc.parts
        .iter()
        .map(|p| {
            (
                p.path.clone(),
                p.format.as_str().to_string(),
                p.opaque.as_ref().map(|o| o.as_str().to_string()),
            )
        })
        .collect()
}

fn part(path: &str, format: &str, opaque: Option<&str>) -> (String, String, Option<String>) {
    (path.into(), format.into(), opaque.map(str::to_string))
}

/// The findings whose text contains `needle`.
fn findings<'r>(report: &'r WireReport, needle: &str) -> Vec<&'r WireFinding> {
    report
        .findings
        .iter()
        .filter(|f| f.text.as_deref().is_some_and(|t| t.contains(needle)))
        .collect()
}

fn all_messages() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus(""))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_message_is_read_as_mail() {
    let files = all_messages();
    assert!(
        files.len() >= 13,
        "corpus/mail/ has {} messages",
        files.len()
    );
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let doc = extract(&bytes, None, &Limits::default())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(doc.parts[0].format.as_str(), "mail", "{}", path.display());
        assert!(doc.envelope.is_some(), "{}", path.display());
        assert!(doc.parts.len() >= 2, "{}: no body part", path.display());
    }
}

#[test]
fn single_part_message_body_is_part_1() {
    let doc = structure("01_texte_utf8.eml");
    assert_eq!(
        parts(&doc),
        vec![part("", "mail", None), part("1", "text", None)]
    );
    let body = &doc.parts[1].segments[0].text;
    assert!(body.contains("insuffisance cardiaque"));
}

#[test]
fn alternative_parts_are_numbered_like_imap() {
    let doc = structure("03_alternative.eml");
    assert_eq!(
        parts(&doc),
        vec![
            part("", "mail", None),
            part("1", "text", None),
            part("2", "html", None)
        ]
    );
    assert_eq!(doc.parts[2].declared.as_deref(), Some("text/html"));
}

#[test]
fn attachments_are_recognised_by_content_not_by_name() {
    let doc = structure("04_mixte_pdf.eml");
    let got = parts(&doc);
    let shape: Vec<(&str, &str)> = got
        .iter()
        .map(|(p, f, _)| (p.as_str(), f.as_str()))
        .collect();
    assert_eq!(
        shape,
        vec![
            ("", "mail"),
            ("1.1", "text"),
            ("1.2", "html"),
            ("2", "pdf"),
            ("3", "text"), // photo.jpg declared image/jpeg: it is text
            ("4", "pdf"),  // note.txt declared text/plain: it is a PDF
        ]
    );
    let by_path = |p: &str| doc.parts.iter().find(|x| x.path == p).unwrap();
    // RFC 2231 file name, decoded.
    assert_eq!(by_path("2").name.as_deref(), Some("compte-rendu_été.pdf"));
    assert_eq!(by_path("3").name.as_deref(), Some("photo.jpg"));
    assert_eq!(by_path("3").declared.as_deref(), Some("image/jpeg"));
    assert!(
        by_path("3").segments[0]
            .text
            .contains("Escarre talon gauche")
    );
    assert_eq!(by_path("4").declared.as_deref(), Some("text/plain"));

    let (_, report) = scan_json(&corpus("04_mixte_pdf.eml"));
    let escarre = findings(&report, "scarre");
    assert!(
        escarre.iter().any(|f| f.location.part == "3"),
        "health data of the misnamed attachment: {escarre:?}"
    );
}

#[test]
fn subject_health_term_is_found_in_the_subject_header() {
    let (_, report) = scan_json(&corpus("02_latin1_qp.eml"));
    let subject: Vec<_> = findings(&report, "diabète")
        .into_iter()
        .filter(|f| f.location.origin == "header" && f.location.name.as_deref() == Some("Subject"))
        .collect();
    assert_eq!(subject.len(), 1, "{:?}", report.findings);
    assert_eq!(subject[0].location.part, "");
    assert_eq!(subject[0].category, "diagnosis");
}

#[test]
fn from_display_name_is_found_and_its_address_is_routing() {
    let (_, report) = scan_json(&corpus("02_latin1_qp.eml"));
    let from: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.location.origin == "header" && f.location.name.as_deref() == Some("From"))
        .collect();
    assert!(
        from.iter()
            .any(|f| f.category == "person_name" && f.text.as_deref() == Some("Hélène Lefèvre")),
        "{from:?}"
    );
    // The address routes the message (the report's envelope has it): not content.
    assert!(!from.iter().any(|f| f.category == "email"), "{from:?}");
}

#[test]
fn latin1_quoted_printable_body_is_decoded() {
    let doc = structure("02_latin1_qp.eml");
    let body = &doc.parts[1].segments[0].text;
    assert!(
        body.contains("Mme Odile BERNARD présente un oedème"),
        "{body}"
    );
    let (_, report) = scan_json(&corpus("02_latin1_qp.eml"));
    let name = findings(&report, "Odile BERNARD");
    assert!(
        name.iter()
            .any(|f| f.location.part == "1" && f.location.origin == "body"),
        "{name:?}"
    );
    // Offsets are in the decoded body.
    let f = name[0];
    assert_eq!(
        &body[f.location.start..f.location.end],
        f.text.as_deref().unwrap()
    );
}

#[test]
fn windows_1252_8bit_body_is_decoded() {
    let doc = structure("12_windows1252_8bit.eml");
    let body = &doc.parts[1].segments[0].text;
    assert!(body.contains("œdème des chevilles"), "{body}");
    assert!(body.contains("25 €"), "{body}");
}

/// The HTML body as the message carries it, transfer encoding and charset undone.
fn html_source(name: &str) -> String {
    let bytes = read(name);
    let message = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    message
        .parts
        .iter()
        .find_map(|p| match &p.body {
            mail_parser::PartType::Html(h) => Some(h.to_string()),
            _ => None,
        })
        .unwrap()
}

#[test]
fn html_body_findings_map_back_to_the_html_source() {
    let html = html_source("03_alternative.eml");
    let (_, report) = scan_json(&corpus("03_alternative.eml"));
    let in_html: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.location.part == "2" && f.location.origin == "body")
        .collect();
    assert!(!in_html.is_empty());
    let source = |f: &WireFinding| &html[f.location.start..f.location.end];
    let diabete = in_html
        .iter()
        .find(|f| f.text.as_deref() == Some("diabète"))
        .expect("diabète found in the HTML body");
    assert_eq!(source(diabete), "diab&egrave;te");
    let name = in_html
        .iter()
        .find(|f| {
            f.category == "person_name" && f.text.as_deref().is_some_and(|t| t.contains("Dupont"))
        })
        .expect("the patient's name found in the HTML body");
    assert!(source(name).contains("Jean Dupont"), "{}", source(name));
    // Nothing from the head, the style sheet or the comment.
    let doc = structure("03_alternative.eml");
    let text = &doc.parts[2].segments[0].text;
    assert!(
        !text.contains("padding") && !text.contains("brouillon"),
        "{text}"
    );
    assert!(text.contains("10/03\t61 kg"), "{text}");
}

#[test]
fn html_attachment_in_windows_1252_maps_back_to_its_bytes() {
    let doc = structure("14_piece_jointe_html.eml");
    let html = doc.parts.iter().find(|p| p.path == "2").unwrap();
    assert_eq!(html.format.as_str(), "html");
    assert_eq!(html.name.as_deref(), Some("courrier.html"));
    let text = &html.segments[0].text;
    assert!(
        text.contains("Lettre de liaison\nMme Léa Petit, née le 12/03/1956"),
        "{text}"
    );
    assert!(!text.contains("Content-Type"), "{text}");
    // The attachment as saved: quoted-printable undone, still in windows-1252.
    let bytes = read("14_piece_jointe_html.eml");
    let message = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    let attachment = message.attachments().next().unwrap();
    let raw = &bytes[attachment.raw_body_offset() as usize..attachment.raw_end_offset() as usize];
    let saved = mail_parser::decoders::quoted_printable::quoted_printable_decode(raw).unwrap();
    assert!(saved.windows(5).any(|w| w == b"\x9cd\xe8me"));
    let (_, report) = scan_json(&corpus("14_piece_jointe_html.eml"));
    let at = |needle: &str| {
        let f = findings(&report, needle)
            .into_iter()
            .find(|f| f.location.part == "2")
            .unwrap_or_else(|| panic!("{needle} in part 2: {:?}", report.findings));
        &saved[f.location.start..f.location.end]
    };
    assert_eq!(at("Léa Petit"), b"L&eacute;a Petit");
    // The finding is the whole phrase ("œdème des membres inférieurs", issue 13 §3): it
    // starts with the œ of windows-1252.
    assert!(at("dème").starts_with(b"\x9cd\xe8me"), "{:?}", at("dème"));
}

#[test]
fn doubly_forwarded_attachment_findings_carry_the_nested_part_path() {
    let doc = structure("06_transfert_double.eml");
    assert_eq!(
        parts(&doc),
        vec![
            part("", "mail", None),
            part("1", "text", None),
            part("2", "mail", None),
            part("2.1", "text", None),
            part("2.2", "mail", None),
            part("2.2.1", "text", None),
            part("2.2.2", "text", None),
        ]
    );
    assert_eq!(doc.parts[6].name.as_deref(), Some("bilan.txt"));
    let (_, report) = scan_json(&corpus("06_transfert_double.eml"));
    let renal = findings(&report, "insuffisance rénale");
    assert!(
        renal.iter().any(|f| f.location.part == "2.2.2"),
        "{renal:?}"
    );
    // The nested messages' headers are scanned at their own paths.
    let lab = report.findings.iter().find(|f| {
        f.location.part == "2.2" && f.location.origin == "header" && f.category == "procedure"
    });
    assert!(lab.is_some(), "{:?}", report.findings);
    // The envelope is the outer message's.
    let env = doc.envelope.unwrap();
    assert_eq!(
        env.from[0].address,
        "secretariat.cardio@ch-dieppe.mssante.fr"
    );
}

#[test]
fn mssante_envelope_has_addresses_and_mss_headers() {
    let doc = structure("07_mssante.eml");
    let env = doc.envelope.as_ref().unwrap();
    assert_eq!(env.from.len(), 1);
    assert_eq!(env.from[0].address, "claire.martin@ch-dieppe.mssante.fr");
    assert_eq!(env.from[0].name.as_deref(), Some("Dr Claire Martin"));
    assert_eq!(env.to[0].address, "256037511234510@patient.mssante.fr");
    assert_eq!(env.to[0].name.as_deref(), Some("Odile BERNARD"));
    assert!(env.cc.is_empty() && env.bcc.is_empty());
    assert_eq!(env.header("X-MSS-INS"), Some("256037511234510"));
    assert_eq!(env.header("x-mss-codecda"), Some("34133-9"));
    assert_eq!(env.header("X-Tamis-Purpose"), Some("care_coordination"));
    assert!(
        env.header("Content-Type")
            .is_some_and(|c| c.starts_with("multipart/mixed")),
        "{:?}",
        env.header("Content-Type")
    );
    let zip = doc.parts.iter().find(|p| p.path == "2").unwrap();
    assert_eq!(zip.format.as_str(), "zip");
    assert_eq!(zip.name.as_deref(), Some("IHE_XDM.ZIP"));

    let (_, report) = scan_json(&corpus("07_mssante.eml"));
    // The patient's NIR in the To address is the mailbox, not content: the envelope has it.
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.category == "nir" && f.location.origin == "header"),
        "the routing address taken for content"
    );
    let subject = findings(&report, "BERNARD");
    assert!(
        subject
            .iter()
            .any(|f| f.location.name.as_deref() == Some("Subject")),
        "{subject:?}"
    );
}

#[test]
fn encrypted_parts_are_opaque_and_block() {
    let cases = [
        (
            "08_smime_chiffre.eml",
            vec![part("1", "encrypted", Some("encrypted"))],
        ),
        (
            "09_pgp_mime.eml",
            vec![
                part("1", "binary", None), // the PGP/MIME control part ("Version: 1")
                part("2", "encrypted", Some("encrypted")),
            ],
        ),
        (
            "10_pgp_inline.eml",
            vec![part("1", "text", Some("encrypted"))],
        ),
    ];
    for (name, expected) in cases {
        let doc = structure(name);
        assert_eq!(parts(&doc)[1..], expected[..], "{name}");
        let (code, report) = scan_json(&corpus(name));
        assert_eq!(report.verdict, "block", "{name}");
        assert_eq!(code, 1, "{name}");
        assert!(
            report
                .parts
                .iter()
                .any(|p| p.opaque.as_deref() == Some("encrypted")),
            "{name}"
        );
    }
}

#[test]
fn detached_signature_is_listed_but_does_not_block() {
    let doc = structure("11_signe.eml");
    assert_eq!(
        parts(&doc),
        vec![
            part("", "mail", None),
            part("1", "text", None),
            part("2", "binary", None),
        ]
    );
    assert_eq!(
        doc.parts[2].declared.as_deref(),
        Some("application/pkcs7-signature")
    );
    let (_, report) = scan_json(&corpus("11_signe.eml"));
    assert_ne!(report.verdict, "block");
    assert!(!findings(&report, "Kardegic").is_empty());
}

#[test]
fn inline_image_of_a_related_message_is_an_opaque_image() {
    let doc = structure("05_related_image.eml");
    assert_eq!(
        parts(&doc),
        vec![
            part("", "mail", None),
            part("1", "html", None),
            part("2", "image", Some("inline_image")),
        ]
    );
    // Small and shown in the body, but its name and Content-ID say "plaie": no logo, it blocks.
    let (_, report) = scan_json(&corpus("05_related_image.eml"));
    assert_eq!(report.verdict, "block");
    assert!(
        report
            .reasons
            .iter()
            .any(|r| r.rule == "unreadable_content")
    );
}

#[test]
fn damaged_message_is_read_in_part_and_blocks() {
    let doc = structure("13_tronque.eml");
    let got = parts(&doc);
    assert_eq!(got[1], part("1", "text", None));
    assert_eq!(got[2].0, "2");
    assert!(
        matches!(doc.parts[2].opaque, Some(Opaque::Unreadable(_))),
        "{:?}",
        doc.parts[2]
    );
    let (code, report) = scan_json(&corpus("13_tronque.eml"));
    assert_eq!(code, 1);
    assert_eq!(report.verdict, "block");
    assert!(!findings(&report, "FAURE").is_empty());
}

#[test]
fn garbage_declared_as_mail_gives_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [&[u8]; 4] = [
        b"From: a@b.fr\r\nTo: c@d.fr\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n",
        b"From: a@b.fr\r\nTo: c@d.fr\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=E9=\r\n=",
        b"From: a@b.fr\r\nTo: c@d.fr\r\nContent-Type: message/rfc822\r\n\r\nnot a message",
        b"From: =?utf-8?b?!!!?= <@>\r\nTo: ,,,\r\nSubject: =?x?q?\r\n\r\n",
    ];
    for (k, bytes) in cases.iter().enumerate() {
        let path = dir.path().join(format!("g{k}.eml"));
        std::fs::write(&path, bytes).unwrap();
        let (code, report) = scan_json(&path);
        assert!(code == 0 || code == 1, "case {k}: exit {code}");
        assert_eq!(report.parts[0].format, "mail", "case {k}");
    }
}

#[test]
fn values_none_leaks_no_value_into_stdout() {
    let secrets = [
        "Dupont",
        "FAURE",
        "BERNARD",
        "Lefèvre",
        "256037511234510",
        "diabète",
        "jean.dupont@gmail.com",
        "compte-rendu",
        "bilan.txt",
    ];
    for path in all_messages() {
        let out = tamis()
            .args(["scan", "--format", "json", "--values", "none"])
            .arg(&path)
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(!stdout.is_empty(), "{}", path.display());
        for s in secrets {
            assert!(
                !stdout.contains(s),
                "{}: {s:?} in the report with --values none",
                path.display()
            );
        }
    }
    // The same check through the wire schema: no text, no file name.
    let (_, report) = scan_json_with(&corpus("04_mixte_pdf.eml"), &["--values", "none"]);
    assert!(report.findings.iter().all(|f| f.text.is_none()));
    assert!(report.parts.iter().all(|p| p.name.is_none()));
}

/// A message forwarded inside a message `levels` times.
fn nested_message(levels: usize) -> Vec<u8> {
    let mut msg = b"From: a@ch-x.mssante.fr\r\nTo: b@ch-x.mssante.fr\r\nSubject: fond\r\n\r\nPatient diabetique.\r\n".to_vec();
    for k in 0..levels {
        let mut outer = format!(
            "From: a@ch-x.mssante.fr\r\nTo: b@ch-x.mssante.fr\r\nSubject: Tr {k}\r\n\
             MIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n"
        )
        .into_bytes();
        outer.extend_from_slice(&msg);
        msg = outer;
    }
    msg
}

#[test]
fn messages_nested_beyond_the_depth_limit_are_an_error() {
    let err = extract(&nested_message(12), None, &Limits::default()).unwrap_err();
    assert!(
        err.to_string()
            .contains("nested deeper than the limit of 8"),
        "{err}"
    );
    // Within the limit, the innermost body is found at its IMAP path.
    let doc = extract(&nested_message(5), None, &Limits::default()).unwrap();
    let last = doc.parts.last().unwrap();
    assert_eq!(last.path, "1.1.1.1.1.1");
    assert_eq!(last.format.as_str(), "text");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.eml");
    std::fs::write(&path, nested_message(12)).unwrap();
    let out = tamis()
        .args(["scan", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("nested deeper than the limit"), "{stderr}");
}

#[test]
fn mssante_example_messages_from_the_ans_guides_are_read() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/samples/text");
    if !dir.exists() {
        crate::common::skipped(
            "the ANS example messages",
            "../shared/samples/text is absent",
        );
        return;
    }
    // A notification of an integration error: the original message, the IHE_XDM.zip and the PDF
    // are placeholders in the example ("<Ici apparaît le fichier … encodé en base64>").
    let path = dir.join("mss_email_notification_erreur_integration.eml");
    let doc = extract(&std::fs::read(&path).unwrap(), None, &Limits::default()).unwrap();
    let got: Vec<(&str, Option<&str>)> = doc
        .parts
        .iter()
        .map(|p| (p.path.as_str(), p.declared.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("", Some("multipart/mixed")),
            ("1", Some("text/plain")),
            ("2", Some("message/rfc822")),
            ("3", Some("application/zip")),
            ("4", Some("application/pdf")),
        ]
    );
    // "base64" that is not: read as far as it goes, and unreadable.
    assert!(matches!(doc.parts[3].opaque, Some(Opaque::Unreadable(_))));
    let env = doc.envelope.as_ref().unwrap();
    assert_eq!(env.from[0].address, "serviceY_auto@chb.mssante.fr");
    let (_, report) = scan_json(&path);
    assert_eq!(report.verdict, "block");
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.location.name.as_deref() == Some("Subject")
                && f.text.as_deref() == Some("ECHOGRAPHIE")),
        "{:?}",
        report.findings
    );
    // A malformed read-receipt (no blank line after the headers, "—" boundaries): no panic, the
    // text is still read.
    let name = "mss_mdn_accuse_lecture_negatif.eml";
    let bytes = std::fs::read(dir.join(name)).unwrap();
    let doc = extract(&bytes, Some(name), &Limits::default()).unwrap();
    assert_eq!(doc.parts[0].format.as_str(), "mail");
    assert!(doc.parts.iter().any(|p| {
        p.segments
            .iter()
            .any(|s| s.text.contains("Identifiant de patient inconnu"))
    }));
}

/// The MSSanté message: its addresses and declared purpose come from its headers, and its
/// X-MSS-* headers announce an IHE_XDM package that the message does not carry (its zip holds
/// a plain text file), which the report tells without repeating the headers' values.
#[test]
fn mssante_message_reports_envelope_and_headers_without_a_package() {
    let (_, r) = scan_json(&corpus("07_mssante.eml"));
    let env = r.envelope.as_ref().expect("envelope");
    assert_eq!(env.from.len(), 1);
    assert!(env.from[0].ends_with(".mssante.fr"), "{:?}", env.from);
    assert!(
        env.to.iter().any(|a| a.ends_with("@patient.mssante.fr")),
        "{:?}",
        env.to
    );
    assert!(env.purpose.is_some());
    assert!(
        env.cc.is_empty() && env.bcc.is_empty(),
        "the message has no Cc nor Bcc"
    );
    let kinds: Vec<_> = r
        .notices
        .iter()
        .map(|n| (n.part.as_str(), n.kind.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [("", "mss_header_mismatch"), ("", "mss_header_mismatch")]
    );
    let ins = env
        .to
        .iter()
        .find(|a| a.ends_with("@patient.mssante.fr"))
        .unwrap();
    let local = ins.split('@').next().unwrap();
    assert!(r.notices.iter().all(|n| !n.message.contains(local)));
    // The purpose comes from the X-Tamis-Purpose header, unless the caller says otherwise.
    assert_eq!(r.purpose.as_deref(), Some("care_coordination"));
    let (_, r) = scan_json_with(&corpus("07_mssante.eml"), &["--purpose", "prevention"]);
    assert_eq!(r.purpose.as_deref(), Some("prevention"));
    // Without --values clear, no address at all.
    let (_, r) = scan_json_with(&corpus("07_mssante.eml"), &["--values", "none"]);
    assert!(r.envelope.is_none());
}

/// An HTML newsletter-style message whose preheader and a white-on-white line are hidden by
/// its style sheet (classes and an id, as mailing tools write them): the hidden values are
/// read, found and said hidden; the shown ones are not; the minimised copy has none of them.
#[test]
fn html_mail_text_hidden_by_a_style_sheet_is_found_said_hidden_and_removed() {
    let html = "<html><head><style type=\"text/css\">\r\n\
        .preheader { display: none !important; mso-hide: all; font-size: 0; }\r\n\
        #pied { color: #ffffff; background-color: #FFF; }\r\n\
        @media only screen and (max-width: 480px) { .large { display: none } }\r\n\
        </style></head><body>\r\n\
        <div class=\"preheader\">Dossier de Mme Jeanne LEROUX, NIR 2 36 06 76 217 045 04, \
        maladie d'Alzheimer</div>\r\n\
        <p class=\"large\">Bonjour, veuillez trouver le compte rendu de Mme Claire MARTIN.</p>\r\n\
        <p>Elle est suivie pour un diab&egrave;te de type 2.</p>\r\n\
        <p id=\"pied\">T&eacute;l&eacute;phone de la patiente : 06 12 34 56 78</p>\r\n\
        </body></html>\r\n";
    let eml = format!(
        "From: secretariat.medical@ch-exemple.mssante.fr\r\n\
         To: interne.pediatrie@ch-exemple.mssante.fr\r\n\
         Subject: Compte rendu\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{html}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feuille-de-style.eml");
    std::fs::write(&path, &eml).unwrap();
    let (_, r) = scan_json(&path);
    let said: Vec<(&str, &str, bool)> = r
        .findings
        .iter()
        .filter(|f| f.location.origin == "body")
        .map(|f| {
            (
                f.category.as_str(),
                f.text.as_deref().unwrap_or(""),
                f.location.hidden,
            )
        })
        .collect();
    let hidden = |text: &str| {
        said.iter()
            .find(|(_, t, _)| t.contains(text))
            .map(|&(_, _, h)| h)
    };
    assert_eq!(hidden("Jeanne LEROUX"), Some(true), "{said:?}");
    assert_eq!(hidden("2 36 06 76 217 045 04"), Some(true), "{said:?}");
    assert_eq!(hidden("06 12 34 56 78"), Some(true), "{said:?}");
    assert_eq!(hidden("Alzheimer"), Some(true), "{said:?}");
    // Shown: plain text, and a rule inside @media (hidden on small screens only).
    assert_eq!(hidden("diab"), Some(false), "{said:?}");
    assert_eq!(hidden("Claire MARTIN"), Some(false), "{said:?}");
    // Removed from the minimised copy like shown text: the administrative purpose needs no
    // diagnosis, hidden or not.
    let out = dir.path().join("minimise.eml");
    let run = tamis()
        .args([
            "redact",
            "--purpose",
            "administrative",
            "--directory",
            "corpus/directory/annuaire.csv",
            "--to",
            "interne.pediatrie@ch-exemple.mssante.fr",
            "-o",
        ])
        .arg(&out)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let copy = std::fs::read_to_string(&out).unwrap();
    assert!(
        !copy.contains("Alzheimer") && !copy.contains("diab&egrave;te"),
        "{copy}"
    );
    assert!(copy.contains("removed: diagnosis=2"), "{copy}");
}
