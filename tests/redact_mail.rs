//! Redaction of e-mail (MIME) and zip / IHE_XDM packages: the minimised message is read by an
//! independent parser (Python's `email` package, `zipfile`) with the same structure, the values
//! that had to go are gone from its decoded headers and bodies, the kept ones are still there,
//! and a summary header says what was done without a value.

use crate::common::{engine, redact_categories, values};
use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};
use tamis::Category;
use tamis::report::{Action, Report};

/// Every category but the e-mail addresses (a recipient's address cannot be removed).
const ALL_BUT_ADDRESSES: [Category; 17] = [
    Category::PersonName,
    Category::BirthDate,
    Category::Address,
    Category::Phone,
    Category::Rpps,
    Category::Adeli,
    Category::Ipp,
    Category::Diagnosis,
    Category::Medication,
    Category::Procedure,
    Category::ClinicalFinding,
    Category::DisabilityDependency,
    Category::BodyMeasure,
    Category::CareSetting,
    Category::SocialBenefit,
    Category::SickLeave,
    Category::Finess,
];

/// Python: the content-type tree, every decoded header and text body of a message (nested
/// messages included), and its parser's defects.
const VIEW_MAIL: &str = r#"
import sys, json, email, email.policy, html, re
m = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
tree, texts, defects, names = [], [], [], []
def walk(p, depth):
    tree.append("  " * depth + p.get_content_type())
    defects.extend(type(d).__name__ for d in p.defects)
    for k, v in p.items():
        texts.append(k + ": " + str(v))
    fn = p.get_filename()
    if fn: names.append(fn)
    if p.is_multipart():
        for c in p.iter_parts():
            walk(c, depth + 1)
    elif p.get_content_maintype() == "text":
        c = p.get_content()
        texts.append(c)
        if p.get_content_subtype() == "html":
            texts.append(html.unescape(re.sub(r"<[^>]*>", " ", c)))
walk(m, 0)
print(json.dumps({"tree": tree, "texts": texts, "defects": defects, "names": names,
  "summary": m.get_all("X-Tamis-Redaction") or []}))
"#;

/// What Python's `email` package reads in a message.
#[derive(Debug)]
struct View {
    tree: Vec<String>,
    text: String,
    defects: Vec<String>,
    names: Vec<String>,
    summary: Vec<String>,
}

fn python(script: &str, input: &[u8]) -> serde_json::Value {
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child.stdin.take().unwrap().write_all(input).expect("stdin");
    let out = child.wait_with_output().expect("python3 output");
    assert!(
        out.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("python3 printed JSON")
}

fn view(bytes: &[u8]) -> View {
    let v = python(VIEW_MAIL, bytes);
    let list = |k: &str| -> Vec<String> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    View {
        tree: list("tree"),
        text: list("texts").join("\n"),
        defects: list("defects"),
        names: list("names"),
        summary: list("summary"),
    }
}

/// Every text tamis extracts from `bytes` (segments, facts, file names).
fn tamis_text(bytes: &[u8]) -> String {
    let doc = tamis::extract::extract(bytes, None, &tamis::extract::Limits::default())
        .expect("the output extracts");
    let mut all = String::new();
    for p in &doc.parts {
        for s in &p.segments {
            all.push_str(&s.text);
            all.push('\n');
        }
        for f in &p.facts {
            all.push_str(f.text.as_deref().unwrap_or_default());
            all.push('\n');
        }
        all.push_str(p.name.as_deref().unwrap_or_default());
        all.push('\n');
    }
    all
}

/// Removed values that are not also kept (the same words can be found twice under two
/// categories), and kept values.
fn removed_and_kept(report: &Report) -> (Vec<String>, Vec<String>) {
    let kept = values(report, Action::Keep);
    let removed = values(report, Action::Remove)
        .into_iter()
        .filter(|v| !kept.iter().any(|k| k.contains(v.as_str())))
        .collect();
    (removed, kept)
}

/// Counts of removed findings per category, as the summary header writes them.
fn counts(report: &Report) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for f in &report.findings {
        if f.action == Some(Action::Remove) {
            *out.entry(f.category.as_str().to_string()).or_default() += 1;
        }
    }
    out
}

/// Redacts the message at `path` removing `remove`, and checks what a reader and tamis see in
/// the output. Returns the output and the two views.
fn check_message(path: &str, remove: &[Category]) -> Option<(Vec<u8>, View, View)> {
    if !crate::common::tool("python3", "the reading with Python's email parser") {
        return None;
    }
    let original = std::fs::read(path).unwrap();
    let (out, report) = redact_categories(path, remove);
    let before = view(&original);
    let after = view(&out);
    assert_eq!(
        after.tree, before.tree,
        "{path}: the MIME structure changed"
    );
    assert!(
        out.split(|&b| b == b'\n').all(|l| l.len() <= 998),
        "{path}: a line longer than 998 bytes"
    );
    let crlf = original.windows(2).any(|w| w == b"\r\n");
    let bare_lf = |b: &[u8]| {
        b.windows(2)
            .filter(|w| w[1] == b'\n' && w[0] != b'\r')
            .count()
    };
    if crlf {
        assert_eq!(
            bare_lf(&out),
            bare_lf(&original),
            "{path}: line endings mixed"
        );
    } else {
        assert!(
            !out.windows(2).any(|w| w == b"\r\n"),
            "{path}: CRLF in an LF message"
        );
    }
    assert!(
        after.defects.len() <= before.defects.len(),
        "{path}: the output has parser defects: {:?}",
        after.defects
    );
    let (removed, kept) = removed_and_kept(&report);
    assert!(
        !removed.is_empty(),
        "{path}: nothing to remove, the test proves nothing"
    );
    let mut seen_before = 0;
    for v in &removed {
        if before.text.contains(v.as_str()) {
            seen_before += 1;
        }
        assert!(
            !after.text.contains(v.as_str()),
            "{path}: a removed {} value is still in the decoded message",
            finding_category(&report, v)
        );
    }
    assert!(
        seen_before > 0,
        "{path}: no removed value was readable before"
    );
    for v in &kept {
        if before.text.contains(v.as_str()) {
            assert!(
                after.text.contains(v.as_str()),
                "{path}: a kept {} value was lost",
                finding_category(&report, v)
            );
        }
    }
    // The summary header: verdict and counts, never a value.
    assert_eq!(after.summary.len(), 1, "{path}: one summary header");
    let summary = &after.summary[0];
    assert!(summary.starts_with("verdict=minimise;"), "{summary}");
    for (category, n) in counts(&report) {
        assert!(
            summary.contains(&format!("{category}={n}")),
            "{path}: summary lacks {category}={n}: {summary}"
        );
    }
    for v in removed.iter().chain(&kept) {
        assert!(
            !summary.contains(v.as_str()),
            "{path}: a value in the summary"
        );
    }
    // tamis itself reads the output again: nothing that had to go, counted as the pipeline
    // counts leftovers (a value kept elsewhere on purpose may stay there).
    let limits = tamis::extract::Limits::default();
    let doc = tamis::extract::extract(&original, Some(path), &limits).unwrap();
    let redone = tamis::extract::extract(&out, Some(path), &limits).unwrap();
    let expected = tamis::redact::expected_counts(&doc, &report);
    assert_eq!(
        tamis::redact::leftovers(&redone, &expected),
        Vec::<Category>::new(),
        "{path}: leftovers"
    );
    let again = tamis_text(&out);
    for v in &removed {
        assert!(
            !again.contains(v.as_str()),
            "{path}: tamis finds a removed {} value again",
            finding_category(&report, v)
        );
    }
    Some((out, before, after))
}

fn finding_category(report: &Report, value: &str) -> &'static str {
    report
        .findings
        .iter()
        .find(|f| f.found.as_deref() == Some(value))
        .map_or("?", |f| f.category.as_str())
}

#[test]
fn utf8_text_message_loses_names_and_health_data_in_subject_and_body() {
    let Some((out, _, after)) = check_message("corpus/mail/01_texte_utf8.eml", &ALL_BUT_ADDRESSES)
    else {
        return;
    };
    assert!(after.text.contains("[retiré : nom]"));
    assert!(after.text.contains("[retiré : diagnostic]"));
    assert!(out.split(|&b| b == b'\n').all(|l| l.len() <= 998));
}

#[test]
fn latin1_quoted_printable_message_comes_back_as_utf8_with_encoded_headers() {
    let path = "corpus/mail/02_latin1_qp.eml";
    let Some((out, _, after)) = check_message(path, &ALL_BUT_ADDRESSES) else {
        return;
    };
    // The From display name and the Subject are gone, the address is kept.
    assert!(after.text.contains("[retiré : nom]"));
    let text = String::from_utf8_lossy(&out);
    assert!(
        text.contains("charset=utf-8"),
        "the body is declared UTF-8 now"
    );
    assert!(
        out.is_ascii(),
        "headers and quoted-printable body stay 7-bit"
    );
}

#[test]
fn alternative_text_and_html_bodies_are_both_redacted() {
    let Some((_, _, after)) = check_message("corpus/mail/03_alternative.eml", &ALL_BUT_ADDRESSES)
    else {
        return;
    };
    assert!(after.text.contains("[retiré : diagnostic]"));
}

#[test]
fn forwarded_messages_are_redacted_at_every_level() {
    let Some((out, before, _)) =
        check_message("corpus/mail/06_transfert_double.eml", &ALL_BUT_ADDRESSES)
    else {
        return;
    };
    assert!(
        before
            .tree
            .iter()
            .filter(|t| t.trim() == "message/rfc822")
            .count()
            >= 2
    );
    // Only the top-level message has the summary.
    let text = String::from_utf8_lossy(&out);
    assert_eq!(text.matches("X-Tamis-Redaction").count(), 1);
}

#[test]
fn mssante_subject_loses_the_patient_identity() {
    let Some((_, _, after)) = check_message(
        "corpus/mail/07_mssante.eml",
        &[
            Category::PersonName,
            Category::BirthDate,
            Category::CareSetting,
        ],
    ) else {
        return;
    };
    assert!(after.text.contains("[retiré : date de naissance]"));
}

#[test]
fn a_patient_mailbox_address_is_routing_not_content() {
    // The NIR in `<NIR>@patient.mssante.fr` is the recipient's address: it is not a finding
    // (nothing to remove from it, and it must not make any document look like theirs).
    let path = "corpus/mail/07_mssante.eml";
    let (bytes, doc, mut report) = crate::common::extracted(path);
    let limits = tamis::extract::Limits::default();
    assert!(
        report
            .findings
            .iter()
            .all(|f| !(f.location.origin == "header"
                && matches!(f.category, Category::Nir | Category::Email))),
        "an address of the envelope taken for content"
    );
    for f in &mut report.findings {
        f.action = Some(if f.category == Category::Nir {
            Action::Remove
        } else {
            Action::Keep
        });
    }
    report.verdict = tamis::report::Verdict::Minimise;
    let out = tamis::redact::redact(&bytes, &doc, &report, &limits).unwrap();
    let original = String::from_utf8_lossy(&bytes);
    let to = original.lines().find(|l| l.starts_with("To:")).unwrap();
    assert!(
        String::from_utf8_lossy(&out.bytes).contains(to),
        "the To header is untouched"
    );
}

#[test]
fn windows1252_8bit_body_is_redacted() {
    check_message("corpus/mail/12_windows1252_8bit.eml", &ALL_BUT_ADDRESSES);
}

#[test]
fn html_attachment_is_redacted_in_its_own_charset() {
    let Some((out, _, _)) =
        check_message("corpus/mail/14_piece_jointe_html.eml", &ALL_BUT_ADDRESSES)
    else {
        return;
    };
    // The attachment's bytes decoded: still windows-1252, markers as references.
    let text = tamis_text(&out);
    assert!(text.contains("[retiré : nom]"), "the marker reads back");
}

#[test]
fn untouched_parts_stay_byte_for_byte() {
    // Only the Subject and body of 03 change: the HTML alternative keeps its base64 lines when
    // nothing in it is removed (no value of these categories there).
    let path = "corpus/mail/06_transfert_double.eml";
    let original = std::fs::read(path).unwrap();
    let (out, report) = redact_categories(path, &[Category::Diagnosis]);
    assert!(!values(&report, Action::Remove).is_empty());
    let text = String::from_utf8_lossy(&original);
    let new = String::from_utf8_lossy(&out);
    // The first body (part 1) has no diagnosis: its bytes are still there as they were.
    let body1 = text
        .split("\n\n")
        .nth(2)
        .expect("part 1's body")
        .to_string();
    assert!(new.contains(&body1));
    // The boundaries are the same.
    for line in text.lines().filter(|l| l.starts_with("--")) {
        assert!(new.contains(line), "boundary line lost");
    }
}

/// Python: the names, sizes and SHA-1 of a zip's entries, and METADATA.XML's size/hash slots.
const VIEW_ZIP: &str = r#"
import sys, io, json, zipfile, hashlib, re
z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
bad = z.testzip()
entries = []
for i in z.infolist():
    d = z.read(i.filename)
    entries.append({"name": i.filename, "size": len(d), "sha1": hashlib.sha1(d).hexdigest(),
                    "time": list(i.date_time), "text": d.decode("utf-8", "replace")})
print(json.dumps({"bad": bad, "entries": entries}))
"#;

/// Builds an IHE_XDM package whose documents are text (any format may be a document of a
/// subset), with `size` and `hash` slots in METADATA.XML, in a temporary file.
fn xdm_with_text_documents() -> tempfile::TempPath {
    use zip::write::SimpleFileOptions;
    let doc1 = "Compte rendu de transmission\nPatiente : Mme Léa Petit, née le 12/03/1948.\n\
                Diabète de type 2, insuffisance cardiaque. Traitement : Kardegic 75 mg.\n"
        .as_bytes();
    let doc2 = "Consignes de passage infirmier : pansement à refaire mardi.\n".as_bytes();
    let slots = |id: &str, uri: &str, data: &[u8]| {
        format!(
            "<rim:ExtrinsicObject id=\"{id}\" mimeType=\"text/plain\">\n\
             <rim:Slot name=\"size\"><rim:ValueList><rim:Value>{}</rim:Value></rim:ValueList></rim:Slot>\n\
             <rim:Slot name=\"hash\"><rim:ValueList><rim:Value>{}</rim:Value></rim:ValueList></rim:Slot>\n\
             <rim:Slot name=\"URI\"><rim:ValueList><rim:Value>{uri}</rim:Value></rim:ValueList></rim:Slot>\n\
             </rim:ExtrinsicObject>\n",
            data.len(),
            tamis::redact::archive::sha1_hex(data)
        )
    };
    let metadata = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <lcm:SubmitObjectsRequest xmlns:lcm=\"urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0\" \
         xmlns:rim=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\">\n<rim:RegistryObjectList>\n{}{}\
         </rim:RegistryObjectList>\n</lcm:SubmitObjectsRequest>\n",
        slots("Document01", "DOC0001.TXT", doc1),
        slots("Document02", "DOC0002.TXT", doc2)
    );
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let t = zip::DateTime::from_date_and_time(2026, 11, 2, 9, 30, 0).unwrap();
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(t);
    for (name, data) in [
        ("README.TXT", &b"Paquet IHE_XDM de test.\n"[..]),
        ("IHE_XDM/SUBSET01/METADATA.XML", metadata.as_bytes()),
        ("IHE_XDM/SUBSET01/DOC0001.TXT", doc1),
        ("IHE_XDM/SUBSET01/DOC0002.TXT", doc2),
    ] {
        w.start_file(name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    let mut file = tempfile::Builder::new().suffix(".zip").tempfile().unwrap();
    file.write_all(&bytes).unwrap();
    file.into_temp_path()
}

#[test]
fn xdm_package_is_rebuilt_with_metadata_matching_the_new_document() {
    let tmp = xdm_with_text_documents();
    let path = tmp.to_str().unwrap();
    let original = std::fs::read(path).unwrap();
    let (out, report) = redact_categories(
        path,
        &[
            Category::PersonName,
            Category::BirthDate,
            Category::Diagnosis,
        ],
    );
    let (removed, _) = removed_and_kept(&report);
    assert!(!removed.is_empty());
    let again = tamis_text(&out);
    for v in &removed {
        assert!(
            !again.contains(v.as_str()),
            "a removed value is in the new package"
        );
    }
    if !crate::common::tool("python3", "the reading with Python's email parser") {
        return;
    }
    let before = python(VIEW_ZIP, &original);
    let after = python(VIEW_ZIP, &out);
    assert!(after["bad"].is_null(), "python's zipfile finds a bad entry");
    let entries = |v: &serde_json::Value| -> Vec<serde_json::Value> {
        v["entries"].as_array().unwrap().clone()
    };
    let (b, a) = (entries(&before), entries(&after));
    let names = |l: &[serde_json::Value]| -> Vec<String> {
        l.iter()
            .map(|e| e["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&a), names(&b), "same entries in the same order");
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x["time"], y["time"], "timestamps kept");
    }
    let by_name = |l: &[serde_json::Value], n: &str| -> serde_json::Value {
        l.iter().find(|e| e["name"] == n).unwrap().clone()
    };
    let doc1 = by_name(&a, "IHE_XDM/SUBSET01/DOC0001.TXT");
    let doc2 = by_name(&a, "IHE_XDM/SUBSET01/DOC0002.TXT");
    assert_ne!(
        doc1["sha1"],
        by_name(&b, "IHE_XDM/SUBSET01/DOC0001.TXT")["sha1"]
    );
    assert_eq!(
        doc2["sha1"],
        by_name(&b, "IHE_XDM/SUBSET01/DOC0002.TXT")["sha1"]
    );
    assert!(doc1["text"].as_str().unwrap().contains("[retiré : nom]"));
    let metadata = by_name(&a, "IHE_XDM/SUBSET01/METADATA.XML")["text"]
        .as_str()
        .unwrap()
        .to_string();
    for doc in [&doc1, &doc2] {
        assert!(
            metadata.contains(&format!(
                "<rim:Value>{}</rim:Value>",
                doc["sha1"].as_str().unwrap()
            )),
            "METADATA.XML has the document's SHA-1"
        );
        assert!(
            metadata.contains(&format!("<rim:Value>{}</rim:Value>", doc["size"])),
            "METADATA.XML has the document's size"
        );
    }
}

#[test]
fn nested_zip_entries_are_redacted_and_untouched_ones_copied() {
    let path = "corpus/xdm/nested.zip";
    let original = std::fs::read(path).unwrap();
    let (out, report) = redact_categories(path, &[Category::PersonName, Category::Nir]);
    let (removed, kept) = removed_and_kept(&report);
    assert!(!removed.is_empty());
    let again = tamis_text(&out);
    for v in &removed {
        assert!(
            !again.contains(v.as_str()),
            "a removed value is in the new archive"
        );
    }
    for v in &kept {
        assert!(again.contains(v.as_str()), "a kept value was lost");
    }
    if !crate::common::tool("python3", "the reading with Python's email parser") {
        return;
    }
    let before = python(VIEW_ZIP, &original);
    let after = python(VIEW_ZIP, &out);
    assert!(after["bad"].is_null());
    // lisezmoi.txt had nothing to remove: same bytes.
    assert_eq!(before["entries"][0]["sha1"], after["entries"][0]["sha1"]);
}

#[test]
fn a_value_in_a_damaged_archive_fails_closed() {
    let path = "corpus/xdm/corrupt_directory.zip";
    let (bytes, doc, mut report) = crate::common::extracted(path);
    let limits = tamis::extract::Limits::default();
    for f in &mut report.findings {
        f.action = Some(Action::Remove);
    }
    report.verdict = tamis::report::Verdict::Minimise;
    let err = tamis::redact::redact(&bytes, &doc, &report, &limits).unwrap_err();
    assert!(
        matches!(err, tamis::redact::RedactError::Unsupported { .. }),
        "{err}"
    );
}

#[test]
fn attachment_file_name_loses_the_patient_name() {
    if !crate::common::tool("python3", "the reading with Python's email parser") {
        return;
    }
    let message = "From: Dr Claire Martin <claire.martin@ch-dieppe.mssante.fr>\r\n\
        To: secretariat.cardio@ch-dieppe.mssante.fr\r\n\
        Subject: Compte rendu\r\nMIME-Version: 1.0\r\n\
        Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
        --b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nCi-joint le compte rendu.\r\n\
        --b1\r\nContent-Type: text/plain; charset=utf-8; name=\"CR Mme Lea PETIT.txt\"\r\n\
        Content-Disposition: attachment;\r\n filename*=utf-8''CR%20Mme%20L%C3%A9a%20PETIT.txt\r\n\
        Content-Transfer-Encoding: base64\r\n\r\nQ29tcHRlIHJlbmR1IHNhbnMgbm9tLgo=\r\n--b1--\r\n";
    let mut file = tempfile::Builder::new().suffix(".eml").tempfile().unwrap();
    file.write_all(message.as_bytes()).unwrap();
    let tmp = file.into_temp_path();
    let path = tmp.to_str().unwrap();
    let (out, report) = redact_categories(path, &[Category::PersonName]);
    let removed = values(&report, Action::Remove);
    assert!(
        removed.iter().any(|v| v.contains("PETIT")),
        "the name in the file name is found"
    );
    let before = view(message.as_bytes());
    let after = view(&out);
    assert_eq!(after.tree, before.tree);
    assert_eq!(after.names.len(), 1, "{:?}", after.names);
    let name = &after.names[0];
    assert!(
        !name.contains("PETIT") && !name.contains("Léa"),
        "name still in the file name"
    );
    assert!(
        name.contains("[retiré : nom]") && name.ends_with(".txt"),
        "{name}"
    );
    // The attachment's content had nothing to remove: its base64 is as it was.
    assert!(String::from_utf8_lossy(&out).contains("Q29tcHRlIHJlbmR1IHNhbnMgbm9tLgo="));
    assert!(after.defects.is_empty(), "{:?}", after.defects);
    assert!(
        !out.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'),
        "a CRLF message stays CRLF"
    );
}

/// Redacts the file at `path`, removing the findings `remove` picks (by category and part
/// path) and keeping the others.
fn redact_where(path: &str, remove: impl Fn(&tamis::report::Finding) -> bool) -> (Vec<u8>, Report) {
    let (bytes, doc, mut report) = crate::common::extracted(path);
    let limits = tamis::extract::Limits::default();
    for f in &mut report.findings {
        f.action = Some(if remove(f) {
            Action::Remove
        } else {
            Action::Keep
        });
    }
    report.verdict = tamis::report::Verdict::Minimise;
    let out = tamis::redact::redact(&bytes, &doc, &report, &limits)
        .unwrap_or_else(|e| panic!("{path}: redaction failed: {e}"));
    (out.bytes, report)
}

#[test]
fn ihe_xdm_package_keeps_its_layout_and_untouched_entries() {
    // Values of README.TXT and INDEX.HTM only (the CDA, the PDF and METADATA.XML have their
    // own modules): the package is rebuilt around them.
    let path = "corpus/xdm/IHE_XDM.ZIP";
    let original = std::fs::read(path).unwrap();
    let (out, report) = redact_where(path, |f| {
        matches!(f.location.part.as_str(), "1" | "2") && f.category == Category::CareSetting
    });
    // The same words are kept in the CDA and the PDF: not filtered out here.
    let removed = values(&report, Action::Remove);
    assert!(!removed.is_empty(), "README.TXT names the establishment");
    let again = tamis_text(&out);
    let doc = tamis::extract::extract(&out, None, &tamis::extract::Limits::default()).unwrap();
    assert!(
        doc.notices.iter().any(|n| n.kind == "xdm_package"),
        "still an IHE_XDM package"
    );
    for v in &removed {
        // The CDA and the PDF still hold theirs (kept there): count README's only.
        let readme = doc
            .parts
            .iter()
            .find(|p| p.name.as_deref() == Some("README.TXT"))
            .unwrap();
        assert!(!readme.segments.iter().any(|s| s.text.contains(v.as_str())));
    }
    assert!(again.contains("[retiré : lieu de prise en charge]"));
    if !crate::common::tool("python3", "the reading with Python's email parser") {
        return;
    }
    let before = python(VIEW_ZIP, &original);
    let after = python(VIEW_ZIP, &out);
    assert!(after["bad"].is_null());
    let (b, a) = (
        before["entries"].as_array().unwrap(),
        after["entries"].as_array().unwrap(),
    );
    assert_eq!(a.len(), b.len(), "folders and files all there");
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x["name"], y["name"]);
        assert_eq!(x["time"], y["time"]);
        if x["name"] != "README.TXT" {
            assert_eq!(x["sha1"], y["sha1"], "{} changed", x["name"]);
        }
    }
}

#[test]
fn mssante_message_with_its_xdm_package_is_redacted_through_the_zip() {
    if !crate::common::tool("python3", "the reading with Python's email parser") {
        return;
    }
    let path = "corpus/xdm/mss_xdm_ok.eml";
    let original = std::fs::read(path).unwrap();
    let (out, report) = redact_where(path, |f| {
        let part = f.location.part.as_str();
        (part.is_empty() || part == "1" || part == "2.2")
            && matches!(
                f.category,
                Category::PersonName | Category::BirthDate | Category::CareSetting
            )
    });
    let before = view(&original);
    let after = view(&out);
    assert_eq!(after.tree, before.tree);
    let (removed, _) = removed_and_kept(&report);
    assert!(!removed.is_empty());
    assert!(after.text.contains("[retiré : nom]"), "subject redacted");
    // The attached package, decoded from base64, is a valid zip with README.TXT redacted.
    let doc = tamis::extract::extract(&out, None, &tamis::extract::Limits::default()).unwrap();
    let readme = doc
        .parts
        .iter()
        .find(|p| p.name.as_deref() == Some("README.TXT"))
        .expect("the package is read again");
    assert!(
        readme.segments[0]
            .text
            .contains("[retiré : lieu de prise en charge]")
    );
    assert!(doc.notices.iter().any(|n| n.kind == "xdm_package"));
    assert!(
        !doc.notices.iter().any(|n| n.kind.starts_with("mss_header")),
        "the X-MSS headers still match the package"
    );
}

#[test]
fn related_html_with_an_inline_image_is_redacted_around_the_image() {
    // Names only: the wound ("plaie") is also in the image's Content-ID, which is not text.
    let Some((out, _, _)) = check_message(
        "corpus/mail/05_related_image.eml",
        &[Category::PersonName, Category::BirthDate],
    ) else {
        return;
    };
    // The image part (opaque, nothing removed from it) is there as it was.
    let original = std::fs::read("corpus/mail/05_related_image.eml").unwrap();
    let text = String::from_utf8_lossy(&original);
    let image = text
        .split("Content-Type: image/png")
        .nth(1)
        .and_then(|s| s.split("\n\n").nth(1))
        .expect("the PNG's base64");
    assert!(String::from_utf8_lossy(&out).contains(image));
}

/// A signature over content that lost a value would no longer verify: it is cut out, the
/// container becomes `multipart/mixed`, and the summary header says so. The S/MIME corpus
/// message, and the same message as PGP/MIME.
#[test]
fn a_signed_message_that_is_minimised_loses_its_signature_and_says_so() {
    let smime = std::fs::read("corpus/mail/11_signe.eml").unwrap();
    let pgp = String::from_utf8(smime.clone())
        .unwrap()
        .replace("application/pkcs7-signature", "application/pgp-signature")
        .replace("smime.p7s", "signature.asc")
        .replace("micalg=\"sha-256\"", "micalg=\"pgp-sha256\"");
    let dir = tempfile::tempdir().unwrap();
    let pgp_path = dir.path().join("pgp.eml");
    std::fs::write(&pgp_path, &pgp).unwrap();
    for (path, signature) in [
        ("corpus/mail/11_signe.eml", "pkcs7-signature"),
        (pgp_path.to_str().unwrap(), "pgp-signature"),
    ] {
        let (out, report) = redact_categories(path, &[Category::Medication]);
        assert!(!values(&report, Action::Remove).is_empty(), "{path}");
        let text = String::from_utf8_lossy(&out);
        assert!(
            !text.contains(signature),
            "{path}: the signature is still there"
        );
        assert!(!text.contains("multipart/signed"), "{path}");
        assert!(
            text.contains("multipart/mixed; boundary=\"==signed==\""),
            "{path}"
        );
        assert!(
            text.contains("[retir=C3=A9 : m=C3=A9dicament]"),
            "{path}: {text}"
        );
        assert!(!text.contains("Kardegic"), "{path}");
        assert!(
            text.trim_end().ends_with("--==signed==--"),
            "{path}: {text}"
        );
        let summary = text
            .lines()
            .skip_while(|l| !l.starts_with("X-Tamis-Redaction:"))
            .take_while(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("");
        assert!(
            summary.contains("medication=1; signature: removed"),
            "{summary}"
        );
        // The copy reads as one text part and nothing opaque.
        let doc = tamis::extract::extract(&out, None, &tamis::extract::Limits::default()).unwrap();
        assert!(doc.parts.iter().all(|p| p.opaque.is_none()), "{path}");
        if crate::common::tool("python3", "the reading with Python's email parser") {
            let after = view(&out);
            assert!(after.defects.is_empty(), "{path}: {:?}", after.defects);
            assert!(after.tree.iter().any(|t| t.trim() == "multipart/mixed"));
            assert!(!after.tree.iter().any(|t| t.contains("signature")));
        }
    }
    // Nothing removed from the signed content: the signature stays, byte for byte.
    let (out, _) = redact_categories("corpus/mail/11_signe.eml", &[Category::Iban]);
    let text = String::from_utf8_lossy(&out);
    let original = String::from_utf8_lossy(&smime);
    let part = original
        .split("--==signed==\nContent-Type: application/pkcs7-signature")
        .nth(1)
        .expect("signature part");
    assert!(text.contains(part));
    assert!(text.contains("multipart/signed") && !text.contains("signature: removed"));
}

#[test]
fn truncated_message_text_is_redacted_and_the_damaged_part_left_alone() {
    check_message("corpus/mail/13_tronque.eml", &ALL_BUT_ADDRESSES);
}

#[test]
fn zip_entries_tamis_cannot_read_are_copied_as_they_are() {
    let path = "corpus/xdm/methods.zip";
    let original = std::fs::read(path).unwrap();
    let (out, report) = redact_categories(path, &[Category::Procedure]);
    assert!(!values(&report, Action::Remove).is_empty());
    if !crate::common::tool("python3", "the reading with Python's email parser") {
        return;
    }
    // Python reads bzip2 and LZMA: those entries are the same bytes.
    let before = python(VIEW_ZIP, &original);
    let after = python(VIEW_ZIP, &out);
    assert!(after["bad"].is_null());
    for k in [2, 3] {
        assert_eq!(after["entries"][k]["sha1"], before["entries"][k]["sha1"]);
        assert_eq!(after["entries"][k]["name"], before["entries"][k]["name"]);
    }
    for k in [0, 1] {
        assert!(
            after["entries"][k]["text"]
                .as_str()
                .unwrap()
                .contains("[retiré : acte]")
        );
    }
}

#[test]
fn inline_image_file_name_with_health_data_is_renamed() {
    if !crate::common::tool("python3", "the reading with Python's email parser") {
        return;
    }
    let path = "corpus/mail/05_related_image.eml";
    let (out, report) = redact_categories(path, &[Category::ClinicalFinding]);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.action == Some(Action::Remove) && f.location.origin == "filename"),
        "the image's file name holds a clinical finding"
    );
    let after = view(&out);
    assert_eq!(
        after.names,
        vec!["[retiré : donnée clinique].png".to_string()]
    );
    assert!(after.defects.is_empty(), "{:?}", after.defects);
    let again = tamis_text(&out);
    for v in values(&report, Action::Remove) {
        assert!(
            !again.contains(v.as_str()),
            "tamis reads a removed value again"
        );
    }
}

/// Lower case, letters and digits separated by single spaces: how a reader compares words.
fn norm(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The labelled cases whose input is an e-mail and whose verdict is `minimise`: `tamis redact`
/// with the case's context (policy, directory, recipients) writes a copy that Python reads with
/// the same structure, without the labels tamis removed and with the labels it kept. A case
/// that needs a format redacted elsewhere (a PDF attachment, before its module lands) must fail
/// closed: exit 2, nothing written.
#[test]
fn labelled_mail_cases_are_minimised_through_the_command_line() {
    if !crate::common::tool("python3", "the reading with Python's email parser") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (mut done, mut closed) = (0, 0);
    let mut failures = Vec::new();
    for (file, case) in crate::decisions::load() {
        let mail =
            crate::decisions::format_of(&case.input) == "mail" || case.input.ends_with(".eml");
        if case.verdict != "minimise" || !mail {
            continue;
        }
        let input = crate::decisions::corpus(&case.input);
        let out = dir.path().join(format!("{}.eml", case.name));
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
        match run.status.code() {
            Some(0) => {}
            Some(1) => {
                println!("{}: blocked, not minimised", case.name);
                continue;
            }
            Some(2) if stderr.contains("not yet supported") => {
                assert!(!out.exists(), "{}: a copy written on failure", case.name);
                println!("{}: fails closed: {stderr}", case.name);
                closed += 1;
                continue;
            }
            code => {
                failures.push(format!("{file} {}: exit {code:?}: {stderr}", case.name));
                continue;
            }
        }
        let before = view(&std::fs::read(&input).unwrap());
        let after = view(&std::fs::read(&out).unwrap());
        if after.tree != before.tree {
            failures.push(format!("{}: structure changed", case.name));
        }
        if after.summary.len() != 1 {
            failures.push(format!("{}: no summary header", case.name));
        }
        let words = norm(&after.text);
        let report: crate::wire::WireReport =
            serde_json::from_slice(&std::fs::read(&report_path).unwrap()).unwrap();
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
        for l in case.remove.iter().filter(|l| decided(l, "remove")) {
            if words.contains(&norm(&l.text)) {
                failures.push(format!(
                    "{}: {} {:?} still there",
                    case.name, l.category, l.text
                ));
            }
        }
        // Kept labels a reader of the original saw in its headers and text bodies (those in
        // a PDF or a CDA are their modules' tests).
        let words_before = norm(&before.text);
        for l in case.keep.iter().filter(|l| !decided(l, "remove")) {
            if words_before.contains(&norm(&l.text)) && !words.contains(&norm(&l.text)) {
                failures.push(format!("{}: {} {:?} lost", case.name, l.category, l.text));
            }
        }
        done += 1;
    }
    println!("{done} minimised e-mails checked, {closed} failed closed");
    assert!(done >= 2, "only {done} e-mail cases minimised");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn zip_entry_named_after_the_patient_is_renamed() {
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default();
    w.start_file("dossier/CR Mme Léa PETIT.txt", opts).unwrap();
    w.write_all(b"Compte rendu sans nom.\n").unwrap();
    w.start_file("lisezmoi.txt", opts).unwrap();
    w.write_all(b"Rien ici.\n").unwrap();
    let bytes = w.finish().unwrap().into_inner();
    let mut file = tempfile::Builder::new().suffix(".zip").tempfile().unwrap();
    file.write_all(&bytes).unwrap();
    let tmp = file.into_temp_path();
    let (out, report) = redact_categories(tmp.to_str().unwrap(), &[Category::PersonName]);
    assert!(
        values(&report, Action::Remove)
            .iter()
            .any(|v| v.contains("PETIT"))
    );
    let doc = tamis::extract::extract(&out, None, &tamis::extract::Limits::default()).unwrap();
    let names: Vec<&str> = doc.parts.iter().filter_map(|p| p.name.as_deref()).collect();
    assert_eq!(names, ["dossier/CR Mme [retiré : nom].txt", "lisezmoi.txt"]);
}

/// Every finding of `bytes` marked `remove`, redacted: an error or a copy, never a panic.
fn redact_everything(bytes: &[u8]) -> Result<Vec<u8>, tamis::redact::RedactError> {
    let limits = tamis::extract::Limits::default();
    let Ok(doc) = tamis::extract::extract(bytes, None, &limits) else {
        return Ok(Vec::new());
    };
    let mut report = tamis::pipeline::report(
        "",
        &doc,
        engine(),
        &mut Default::default(),
        tamis::report::Values::Clear,
    );
    for f in &mut report.findings {
        f.action = Some(Action::Remove);
    }
    report.verdict = tamis::report::Verdict::Minimise;
    tamis::redact::redact(bytes, &doc, &report, &limits).map(|r| r.bytes)
}

#[test]
fn damaged_messages_and_archives_never_panic() {
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    for dir in ["corpus/mail", "corpus/xdm"] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x != "md") {
                inputs.push(std::fs::read(p).unwrap());
            }
        }
    }
    let mut cases = 0;
    for bytes in &inputs {
        // Cut short, and bytes flipped at a few fixed places (deterministic).
        for k in 1..8 {
            let cut = bytes.len() * k / 8;
            let _ = redact_everything(&bytes[..cut]);
            let mut flipped = bytes.clone();
            for j in 0..4 {
                let at = (cut + j * 131) % flipped.len().max(1);
                if let Some(b) = flipped.get_mut(at) {
                    *b ^= 0x5a;
                }
            }
            let _ = redact_everything(&flipped);
            cases += 2;
        }
    }
    assert!(cases > 100);
}

#[test]
fn latin1_html_body_stays_latin1_with_references() {
    if !crate::common::tool("python3", "the reading with Python's email parser") {
        return;
    }
    let message = "From: a@ch-dieppe.mssante.fr\r\nTo: b@ch-dieppe.mssante.fr\r\n\
        Subject: Suivi\r\nMIME-Version: 1.0\r\n\
        Content-Type: text/html; charset=\"iso-8859-1\"\r\n\
        Content-Transfer-Encoding: quoted-printable\r\n\r\n\
        <html><head><meta charset=3D\"iso-8859-1\"></head><body>\r\n\
        <p>Mme L=E9a Petit, n=E9e le 12/03/1956, pr=E9sente un diab=E8te de type 2.</p>\r\n\
        </body></html>\r\n";
    let mut file = tempfile::Builder::new().suffix(".eml").tempfile().unwrap();
    file.write_all(message.as_bytes()).unwrap();
    let tmp = file.into_temp_path();
    let path = tmp.to_str().unwrap();
    let (out, report) = redact_categories(
        path,
        &[
            Category::PersonName,
            Category::BirthDate,
            Category::Diagnosis,
        ],
    );
    let (removed, _) = removed_and_kept(&report);
    assert!(removed.len() >= 3, "name, birth date and diabetes found");
    let text = String::from_utf8_lossy(&out);
    assert!(
        text.contains("charset=\"iso-8859-1\""),
        "the charset is kept"
    );
    assert!(text.contains("Content-Transfer-Encoding: quoted-printable"));
    let after = view(&out);
    assert!(after.defects.is_empty(), "{:?}", after.defects);
    for v in &removed {
        assert!(!after.text.contains(v.as_str()));
    }
    assert!(after.text.contains("[retiré : nom]"));
    assert!(after.text.contains("présente un [retiré : diagnostic]"));
}

#[test]
fn whole_ihe_xdm_package_is_minimised_or_refused() {
    // Every removable category in every document of the package: the CDA and the PDF go
    // through their own modules; until those exist the redaction must refuse (fail closed).
    let path = "corpus/xdm/IHE_XDM.ZIP";
    let (bytes, doc, mut report) = crate::common::extracted(path);
    let limits = tamis::extract::Limits::default();
    for f in &mut report.findings {
        f.action = Some(Action::Remove);
    }
    report.verdict = tamis::report::Verdict::Minimise;
    let out = match tamis::redact::redact(&bytes, &doc, &report, &limits) {
        Ok(out) => out.bytes,
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.contains("not yet supported"), "{msg}");
            println!("refused until every module exists: {msg}");
            return;
        }
    };
    let redone = tamis::extract::extract(&out, Some(path), &limits).unwrap();
    let expected = tamis::redact::expected_counts(&doc, &report);
    assert_eq!(
        tamis::redact::leftovers(&redone, &expected),
        Vec::<Category>::new()
    );
    assert!(redone.notices.iter().any(|n| n.kind == "xdm_package"));
    assert_eq!(
        redone.parts.len(),
        doc.parts.len(),
        "every entry is still there"
    );
    if crate::common::tool("python3", "the reading with Python's email parser") {
        let after = python(VIEW_ZIP, &out);
        assert!(after["bad"].is_null(), "python's zipfile reads every entry");
    }
}

/// Python: the Content-IDs of a message's parts, the `cid:` references of its HTML parts, and
/// the Content-Location and Content-Description fields.
const VIEW_CIDS: &str = r#"
import sys, json, email, email.policy, re
m = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
ids, refs, fields = [], [], []
for p in m.walk():
    if p["Content-ID"]:
        ids.append(str(p["Content-ID"]).strip().strip("<>"))
    for k in ("Content-Location", "Content-Description"):
        if p[k]:
            fields.append(k + ": " + str(p[k]))
    if p.get_content_type() == "text/html":
        refs.extend(re.findall(r'cid:([^"\'\s>]+)', p.get_content()))
print(json.dumps({"ids": ids, "refs": refs, "fields": fields}))
"#;

#[test]
fn content_id_and_description_of_an_inline_image_are_scanned() {
    let (_, _, report) = crate::common::extracted("corpus/mail/15_image_cid.eml");
    let in_header = |name: &str, category: Category, needle: &str| {
        report.findings.iter().any(|f| {
            f.location.origin == "header"
                && f.location.name.as_deref() == Some(name)
                && f.category == category
                && f.found.as_deref().is_some_and(|v| v.contains(needle))
        })
    };
    assert!(
        in_header("Content-ID", Category::ClinicalFinding, "escarre")
            || in_header("Content-ID", Category::Diagnosis, "escarre"),
        "the wound in the image's Content-ID is found"
    );
    assert!(
        in_header("Content-Location", Category::ClinicalFinding, "escarre")
            || in_header("Content-Location", Category::Diagnosis, "escarre"),
        "the wound in the image's Content-Location is found"
    );
    assert!(
        in_header("Content-Description", Category::PersonName, "DUPUIS"),
        "the patient's name in the image's description is found"
    );
}

#[test]
fn inline_image_content_id_is_replaced_and_the_html_still_points_to_it() {
    let path = "corpus/mail/15_image_cid.eml";
    let Some((out, _, after)) = check_message(
        path,
        &[
            Category::PersonName,
            Category::ClinicalFinding,
            Category::Diagnosis,
        ],
    ) else {
        return;
    };
    let original = std::fs::read(path).unwrap();
    let before = python(VIEW_CIDS, &original);
    let cids = python(VIEW_CIDS, &out);
    let list = |v: &serde_json::Value, k: &str| -> Vec<String> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        list(&before, "ids"),
        vec!["photo-plaie-escarre-sacrum-dupuis@ch-exemple.fr".to_string()]
    );
    assert_eq!(list(&before, "refs"), list(&before, "ids"));
    // After: one neutral Content-ID, and the HTML's image still resolves to it.
    let (ids, refs) = (list(&cids, "ids"), list(&cids, "refs"));
    assert_eq!(ids, vec!["tamis-1@redacted.invalid".to_string()]);
    assert_eq!(refs, ids, "the cid: reference follows the Content-ID");
    let fields = list(&cids, "fields").join("\n").to_lowercase();
    for word in ["escarre", "dupuis"] {
        assert!(
            !fields.contains(word),
            "{word} still in a MIME field: {fields}"
        );
    }
    // The description keeps what was not removed; the location (a URL) is neutral. The
    // finding is the whole phrase, "Escarre sacrum" (issue 13 §3).
    assert!(
        fields.contains("content-description: [retiré : donnée clinique] mme [retiré : nom]"),
        "{fields}"
    );
    assert!(
        fields.contains("content-location: tamis-2.invalid"),
        "{fields}"
    );
    let raw = String::from_utf8_lossy(&out).to_lowercase();
    assert!(!raw.contains("escarre") && !raw.contains("dupuis"));
    assert!(after.defects.is_empty(), "{:?}", after.defects);
    // The image itself is there as it was.
    assert!(
        String::from_utf8_lossy(&out).contains(
            "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAADklEQVR4nGNoaGBoaAAABgYCASzB"
        )
    );
}

#[test]
fn content_id_holding_a_name_removed_elsewhere_is_replaced() {
    // Names only: "dupuis" in the Content-ID is in lower case (not found there as a name),
    // but the patient's name is removed from the bodies, so the identifier goes too.
    if !crate::common::tool("python3", "the reading with Python's email parser") {
        return;
    }
    let path = "corpus/mail/15_image_cid.eml";
    let (out, report) = redact_categories(path, &[Category::PersonName]);
    assert!(
        values(&report, Action::Remove)
            .iter()
            .any(|v| v.contains("DUPUIS"))
    );
    let cids = python(VIEW_CIDS, &out);
    assert_eq!(cids["ids"], serde_json::json!(["tamis-1@redacted.invalid"]));
    assert_eq!(cids["refs"], cids["ids"]);
    assert!(
        !String::from_utf8_lossy(&out)
            .to_lowercase()
            .contains("dupuis")
    );
}

#[test]
fn xdm_metadata_loses_the_patient_identity_with_the_cda() {
    let path = "corpus/xdm/xdm_pid.zip";
    let identity = [
        Category::PersonName,
        Category::BirthDate,
        Category::Nir,
        Category::Ipp,
        Category::Address,
    ];
    let (out, report) = redact_categories(path, &identity);
    let in_metadata = |f: &&tamis::report::Finding| {
        f.location
            .element
            .as_deref()
            .is_some_and(|e| e.contains("sourcePatientInfo") || e.contains("rim:Value"))
    };
    let removed: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.action == Some(Action::Remove))
        .filter(in_metadata)
        .map(|f| f.category)
        .collect();
    for c in identity {
        assert!(removed.contains(&c), "no {c:?} removed from METADATA.XML");
    }
    let limits = tamis::extract::Limits::default();
    let redone = tamis::extract::extract(&out, Some(path), &limits).unwrap();
    assert!(redone.notices.iter().any(|n| n.kind == "xdm_package"));
    let metadata = |bytes: &[u8]| -> String {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut f = z.by_name("IHE_XDM/SUBSET01/METADATA.XML").unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut f, &mut s).unwrap();
        s
    };
    let before = metadata(&std::fs::read(path).unwrap());
    let after = metadata(&out);
    for v in [
        "19380412",
        "DARTOIS",
        "Odette",
        "238046444512370",
        "R-0412",
        "chemin des Vignes",
    ] {
        assert!(before.contains(v), "{v} was in METADATA.XML");
        assert!(!after.contains(v), "{v} is still in METADATA.XML");
    }
    // The PID fields keep their prefix; the sex (no category) stays.
    for prefix in ["PID-3|", "PID-5|", "PID-7|", "PID-8|F", "PID-11|"] {
        assert!(after.contains(prefix), "{prefix} lost");
    }
    // The marker is written with character references (any declared encoding holds it).
    assert!(
        after
            .replace("&#233;", "é")
            .contains("PID-7|[retiré : date de naissance]"),
        "{after}"
    );
    // Still XML that xmllint reads, with the same slots.
    if !crate::common::tool("xmllint", "reading METADATA.XML with xmllint") {
        return;
    }
    let file = tempfile::Builder::new().suffix(".xml").tempfile().unwrap();
    std::fs::write(file.path(), &after).unwrap();
    let count = std::process::Command::new("xmllint")
        .args(["--xpath", "count(//*[local-name()='Value'])"])
        .arg(file.path())
        .output()
        .unwrap();
    assert!(count.status.success(), "xmllint reads the new METADATA.XML");
    let n_before = before.matches("<rim:Value>").count();
    assert_eq!(
        String::from_utf8_lossy(&count.stdout).trim(),
        n_before.to_string()
    );
}

#[test]
fn outlook_plain_text_cid_placeholder_follows_the_new_content_id() {
    // Outlook writes the inline image's reference in the text alternative too.
    if !crate::common::tool("python3", "the reading with Python's email parser") {
        return;
    }
    let message = "From: Sophie Lemaire <sophie.lemaire@ssiad-caux.mssante.fr>\r\n\
        To: claire.martin@ch-dieppe.mssante.fr\r\nSubject: Photo\r\nMIME-Version: 1.0\r\n\
        Content-Type: multipart/related; boundary=\"r1\"; type=\"multipart/alternative\"\r\n\r\n\
        --r1\r\nContent-Type: multipart/alternative; boundary=\"a1\"\r\n\r\n\
        --a1\r\nContent-Type: text/plain; charset=\"us-ascii\"\r\n\r\n\
        Plaie de Mme Jeanne DUPUIS :\r\n[cid:image001.png@escarre-dupuis.01DB8C]\r\n\r\n\
        --a1\r\nContent-Type: text/html; charset=\"us-ascii\"\r\n\r\n\
        <p>Plaie de Mme Jeanne DUPUIS :</p><img src=\"cid:image001.png@escarre-dupuis.01DB8C\">\r\n\
        --a1--\r\n\r\n\
        --r1\r\nContent-Type: image/png; name=\"image001.png\"\r\n\
        Content-ID: <image001.png@escarre-dupuis.01DB8C>\r\nContent-Transfer-Encoding: base64\r\n\r\n\
        iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAADklEQVR4nGNoaGBoaAAABgYCASzB\r\n\
        UNcAAAAASUVORK5CYII=\r\n--r1--\r\n";
    let mut file = tempfile::Builder::new().suffix(".eml").tempfile().unwrap();
    file.write_all(message.as_bytes()).unwrap();
    let tmp = file.into_temp_path();
    let (out, _) = redact_categories(tmp.to_str().unwrap(), &[Category::PersonName]);
    let cids = python(VIEW_CIDS, &out);
    assert_eq!(cids["ids"], serde_json::json!(["tamis-1@redacted.invalid"]));
    assert_eq!(cids["refs"], cids["ids"], "the HTML follows");
    let text = String::from_utf8_lossy(&out);
    assert!(text.contains("[cid:tamis-1@redacted.invalid]"), "{text}");
    assert!(!text.to_lowercase().contains("dupuis"));
}

/// The links, images and tooltips of an HTML body as a browser reads them.
const VIEW_LINKS: &str = r#"
import sys, json, email, email.policy
from html.parser import HTMLParser
m = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.attrs = []; self.text = []
    def handle_starttag(self, tag, attrs):
        self.attrs += [f"{tag}.{k}={v}" for k, v in attrs if k in ("href", "src", "title", "alt")]
    def handle_data(self, d):
        self.text.append(d)
p = P()
for part in m.walk():
    if part.get_content_type() == "text/html":
        p.feed(part.get_content())
print(json.dumps({"attrs": p.attrs, "text": "".join(p.text)}))
"#;

#[test]
fn values_in_links_and_tooltips_of_an_html_body_are_removed_and_the_links_stay() {
    // A link to the patient's record in the care software, with the NIR and a diagnosis in its
    // address and its tooltip; a PACS image whose address holds the NIR. (A name written in an
    // address as a slug, `dupuis-jeanne`, or percent-encoded is not found: a known limit.)
    if !crate::common::tool("python3", "the reading with Python's email parser") {
        return;
    }
    let message = "From: Secretariat <secretariat.medical@ch-exemple.mssante.fr>\r\n\
        To: interne.pediatrie@ch-exemple.mssante.fr\r\nSubject: Dossier\r\nMIME-Version: 1.0\r\n\
        Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\
        <html><body><p>Bonjour, le dossier est <a href=\"https://dpi.ch-exemple.fr/dossier?\
        nir=2850775123456&amp;motif=diabete\" title=\"Dossier de Mme Jeanne DUPUIS, \
        diab\u{e8}te de type 2\">ici</a>.</p><img src=\"https://pacs.ch-exemple.fr/wado?\
        nir=2850775123456&amp;serie=3\" alt=\"radio\"></body></html>\r\n";
    let mut file = tempfile::Builder::new().suffix(".eml").tempfile().unwrap();
    file.write_all(message.as_bytes()).unwrap();
    let tmp = file.into_temp_path();
    let before = python(VIEW_LINKS, message.as_bytes());
    let attrs = before["attrs"].to_string();
    for value in ["2850775123456", "diabete", "DUPUIS", "diabète"] {
        assert!(attrs.contains(value), "{value} not in the original");
    }
    let (out, _) = redact_categories(
        tmp.to_str().unwrap(),
        &[Category::Nir, Category::Diagnosis, Category::PersonName],
    );
    let after = python(VIEW_LINKS, &out);
    let attrs = after["attrs"].as_array().unwrap();
    let all = after["attrs"].to_string();
    for value in ["2850775123456", "diabete", "DUPUIS", "diabète", "Jeanne"] {
        assert!(!all.contains(value), "{value} left in {all}");
    }
    // The same elements and attributes, the link still pointing at the care software.
    assert_eq!(attrs.len(), 4, "{all}");
    assert!(
        attrs[0]
            .as_str()
            .unwrap()
            .starts_with("a.href=https://dpi.ch-exemple.fr/dossier?")
    );
    assert!(all.contains("[retiré : "), "no marker: {all}");
    assert_eq!(
        after["text"], before["text"],
        "the text a reader sees is unchanged"
    );
}
