//! Redaction of HL7 CDA R2 documents and other XML: what had to go is gone from the text, the
//! attributes and the comments (read back by `xmllint`, not by tamis), header items are masked
//! with `nullFlavor="MSK"`, and the minimised document still validates against the schema the
//! original validated against (the ANS CI-SIS extended schema for the French samples).
//!
//! The French samples are read in place from `../shared/samples/cda` (skipped with a message
//! when absent). `xmllint` is needed (skipped with a message when absent, unless
//! `TAMIS_REQUIRE_TOOLS=1`).

use crate::common::{engine, redact_categories, values};
use base64::Engine as _;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use tamis::Category;
use tamis::extract::{Limits, extract};
use tamis::redact::{RedactError, redact};
use tamis::report::{Action, Report, Values, Verdict};
use tamis::scan::Scratch;

const LETTER: &str = "corpus/cda/tamis_lettre_liaison_ehpad.xml";
const SAMPLES: &str = "../shared/samples/cda";
const SCHEMAS: &str = "../shared/samples/schema";
const CISIS: &str = "fr-cisis-extended/infrastructure/cda/CDA_extended.xsd";
const NORMATIVE: &str = "hl7-cda-r2-normative/infrastructure/cda/CDA.xsd";
const SDTC: &str = "hl7-cda-r2-sdtc/infrastructure/cda/CDA_SDTC.xsd";

/// Identifiers of the patient and of the persons around them.
const IDENTITY: [Category; 7] = [
    Category::PersonName,
    Category::BirthDate,
    Category::Address,
    Category::Phone,
    Category::Email,
    Category::Nir,
    Category::Ipp,
];

/// Health data by nature.
const HEALTH: [Category; 5] = [
    Category::Diagnosis,
    Category::Medication,
    Category::Procedure,
    Category::ClinicalFinding,
    Category::DisabilityDependency,
];

/// Whether xmllint is here; panics when it is not and the tools are required.
fn xmllint() -> bool {
    let ok = Command::new("xmllint").arg("--version").output().is_ok();
    if !ok {
        if std::env::var("TAMIS_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("xmllint is required (TAMIS_REQUIRE_TOOLS=1) but absent");
        }
        println!("xmllint absent: CDA redaction checks skipped");
    }
    ok
}

/// Whether `../shared` is here (the schemas and the French samples).
fn shared() -> bool {
    let ok = Path::new(SCHEMAS).is_dir();
    if !ok {
        println!("{SCHEMAS} is absent: CDA schema checks skipped");
    }
    ok
}

/// A file holding `bytes`, removed when dropped.
struct Temp(PathBuf);

impl Temp {
    fn new(bytes: &[u8]) -> Temp {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("tamis_redact_cda_{}_{n}.xml", std::process::id()));
        let mut f = std::fs::File::create(&path).unwrap();
        f.write_all(bytes).unwrap();
        Temp(path)
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// `xmllint --noout --schema` on `file`.
fn valid(file: &Path, xsd: &str) -> bool {
    Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(Path::new(SCHEMAS).join(xsd))
        .arg(file)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// The schemas `file` validates against.
fn schemas_of(file: &Path) -> Vec<&'static str> {
    [CISIS, NORMATIVE, SDTC]
        .into_iter()
        .filter(|x| valid(file, x))
        .collect()
}

fn xpath(file: &Path, expr: &str) -> String {
    let out = Command::new("xmllint")
        .args(["--nonet", "--xpath", expr])
        .arg(file)
        .output()
        .expect("xmllint runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every text of the XML as xmllint reads it: element text, attribute values, comments;
/// folded to lower case, words separated by single spaces.
fn xml_words(file: &Path) -> String {
    let mut all = xpath(file, "string(/)");
    all.push(' ');
    // Attribute values, but not the document's internal ids and the references to them.
    all.push_str(&unescape(&xpath(
        file,
        "//@*[name()!='ID' and not(starts-with(., '#'))]",
    )));
    all.push(' ');
    all.push_str(&xpath(file, "//comment()"));
    let all = without_markers(&all);
    let mut out = String::from(" ");
    out.push_str(&words(&all));
    out.push(' ');
    out
}

/// `text` without what redaction writes: markers (`[retiré : nom]`) and the notice of an
/// emptied section.
fn without_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("[retiré : ") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find(']').map_or("", |e| &rest[i + e + 1..]);
    }
    out.push_str(rest);
    out.replace(tamis::redact::cda::NOTICE, " ")
}

/// The predefined and numeric references of serialised attributes.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(semi) = after.find(';').filter(|&k| k < 10) else {
            out.push('&');
            rest = after;
            continue;
        };
        let name = &after[..semi];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => out.push(c),
            None => out.push_str(&rest[i..i + semi + 2]),
        }
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    out
}

/// Lower-case alphanumeric words joined by single spaces.
fn words(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Occurrences of the words `phrase` in `all` (both from [`words`], `all` with a space at both
/// ends), whole words only; neighbours sharing a space both count.
fn count(all: &str, phrase: &str) -> usize {
    let needle = format!(" {phrase} ");
    let (mut n, mut from) = (0, 0);
    while let Some(i) = all[from..].find(&needle) {
        n += 1;
        from += i + needle.len() - 1;
    }
    n
}

/// `values` as phrases of folded words (those with three letters or digits or more), with
/// how many times each was found.
fn phrase_counts(values: &[String]) -> HashMap<String, usize> {
    let mut out: HashMap<String, usize> = HashMap::new();
    for v in values {
        let p = words(v);
        if p.chars().filter(|c| c.is_alphanumeric()).count() >= 3 {
            *out.entry(p).or_default() += 1;
        }
    }
    out
}

/// The values of the findings in the XML itself (not in an embedded document) with `action`.
fn root_values(report: &Report, action: Action) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.action == Some(action) && f.location.part.is_empty())
        .filter_map(|f| f.found.clone())
        .collect()
}

/// Checks that removed values are gone (a value may stay only as often as it was there and
/// not found) and kept values still there; returns the failures, without the values (set
/// TAMIS_DEBUG_VALUES to see them).
fn check_words(before: &str, after: &str, report: &Report) -> Vec<String> {
    let show = |p: &str| {
        if std::env::var("TAMIS_DEBUG_VALUES").is_ok() {
            format!(": {p}")
        } else {
            String::new()
        }
    };
    let mut failures = Vec::new();
    let removed = phrase_counts(&root_values(report, Action::Remove));
    for (p, n) in &removed {
        let allowed = count(before, p).saturating_sub(*n);
        let left = count(after, p);
        if left > allowed {
            failures.push(format!(
                "a removed value is still there ({left} > {allowed}){}",
                show(p)
            ));
        }
    }
    for p in phrase_counts(&root_values(report, Action::Keep)).keys() {
        if removed
            .keys()
            .any(|r| r.contains(p.as_str()) || p.contains(r.as_str()))
        {
            continue;
        }
        if count(before, p) > 0 && count(after, p) == 0 {
            failures.push(format!("a kept value is gone{}", show(p)));
        }
    }
    failures
}

/// Extracts, scans, marks the findings of `remove` for removal (the others kept) and redacts.
fn redact_file(path: &Path, remove: &[Category]) -> (Result<Vec<u8>, RedactError>, Report) {
    let bytes = std::fs::read(path).unwrap();
    let limits = Limits::default();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let doc = extract(&bytes, Some(&name), &limits).expect("extraction");
    let mut report = tamis::pipeline::report(
        &name,
        &doc,
        engine(),
        &mut Scratch::default(),
        Values::Clear,
    );
    for f in &mut report.findings {
        f.action = Some(if remove.contains(&f.category) {
            Action::Remove
        } else {
            Action::Keep
        });
    }
    report.verdict = Verdict::Minimise;
    let out = redact(&bytes, &doc, &report, &limits).map(|r| r.bytes);
    // The library's own post-condition, over every part (embedded PDFs included): the copy,
    // extracted again, holds no removed value more often than allowed.
    if let Ok(out) = &out {
        let expected = tamis::redact::expected_counts(&doc, &report);
        let again = extract(out, Some(&name), &limits).expect("the copy extracts");
        let left = tamis::redact::leftovers(&again, &expected);
        assert!(left.is_empty(), "{name}: leftovers of {left:?}");
    }
    (out, report)
}

fn all_of(a: &[Category], b: &[Category]) -> Vec<Category> {
    a.iter().chain(b).copied().collect()
}

/// The element `<local …>` or `<local …/>` whose start tag contains `needle`, as written.
fn tag<'a>(xml: &'a str, local: &str, needle: &str) -> Vec<&'a str> {
    let open = format!("<{local}");
    xml.match_indices(&open)
        .filter_map(|(i, _)| xml[i..].find('>').map(|e| &xml[i..=i + e]))
        .filter(|t| t.contains(needle))
        .collect()
}

#[test]
fn letter_header_identity_is_masked_and_the_letter_still_validates() {
    let (out, report) = redact_categories(LETTER, &IDENTITY);
    let xml = String::from_utf8(out.clone()).expect("still UTF-8");
    // The patient's birth date, names, address, phone and INS: masked, not emptied.
    assert!(xml.contains("<birthTime nullFlavor=\"MSK\"/>"));
    assert!(!xml.contains("19380412"));
    assert!(
        tag(&xml, "name", "nullFlavor=\"MSK\"").len() >= 3,
        "names masked"
    );
    assert!(xml.contains("<addr nullFlavor=\"MSK\"/>"));
    assert!(xml.contains("<telecom use=\"H\" nullFlavor=\"MSK\"/>"));
    assert!(!xml.contains("238047511204544"), "the INS is gone");
    assert!(
        !xml.contains("1.2.250.1.213.1.4.8"),
        "no INS id stays beside masked traits"
    );
    assert!(!xml.contains("R0004217"), "the IPP is gone");
    // The clinical content was not asked for removal: it stays.
    assert!(xml.contains("G30.1"));
    assert!(xml.contains("Donépézil 10 mg"));
    if !xmllint() {
        return;
    }
    let before = xml_words(Path::new(LETTER));
    let file = Temp::new(&out);
    let after = xml_words(&file.0);
    let failures = check_words(&before, &after, &report);
    assert!(failures.is_empty(), "{failures:#?}");
    if shared() {
        assert!(valid(&file.0, CISIS), "the letter no longer validates");
    }
}

#[test]
fn letter_loses_its_health_data_from_entries_and_narrative() {
    let (out, report) = redact_categories(LETTER, &HEALTH);
    let xml = String::from_utf8(out.clone()).expect("still UTF-8");
    assert!(!values(&report, Action::Remove).is_empty());
    // The coded diagnosis is masked in place: no code, no display name.
    assert!(!xml.contains("G30.1"));
    assert!(!xml.to_lowercase().contains("alzheimer"));
    assert!(!xml.to_lowercase().contains("donépézil"));
    // The patient's identity was not asked for removal.
    assert!(xml.contains("238047511204544"));
    assert!(xml.contains("LEFEBVRE"));
    if !xmllint() {
        return;
    }
    let before = xml_words(Path::new(LETTER));
    let file = Temp::new(&out);
    let after = xml_words(&file.0);
    let failures = check_words(&before, &after, &report);
    assert!(failures.is_empty(), "{failures:#?}");
    if shared() {
        assert!(valid(&file.0, CISIS), "the letter no longer validates");
    }
}

#[test]
fn letter_treatment_section_all_removed_keeps_its_code_and_title() {
    let (out, _) = redact_categories(LETTER, &[Category::Medication]);
    let xml = String::from_utf8(out).expect("still UTF-8");
    let start = xml
        .find("<title>Traitement en cours</title>")
        .expect("title kept");
    let section = &xml[xml[..start].rfind("<section>").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(section.contains("code=\"10160-0\""), "section code kept");
    assert!(section.contains("Contenu retir&#233; par tamis"));
    assert!(!section.contains("<entry"), "entries removed");
    assert!(!section.contains("N06DA02"));
    // The other section keeps its entry: it has findings that stay.
    assert!(xml.contains("G30.1"));
}

/// `count(expr)` by xmllint.
fn xcount(file: &Path, expr: &str) -> usize {
    xpath(file, &format!("count({expr})"))
        .trim()
        .parse()
        .unwrap_or(0)
}

/// Patient traits with a null flavor beside an INS id, which the CI-SIS forbids.
const TRAITS_BESIDE_INS: &str = "//*[local-name()='patientRole'][*[local-name()='id'][\
    @root='1.2.250.1.213.1.4.8' or @root='1.2.250.1.213.1.4.9' or @root='1.2.250.1.213.1.4.10' \
    or @root='1.2.250.1.213.1.4.11']]/*[local-name()='patient']/*[local-name()='name' or \
    local-name()='birthTime' or local-name()='administrativeGenderCode'][@nullFlavor]";

/// Sections without a code or a title.
const SECTIONS_WITHOUT_HEADING: &str =
    "//*[local-name()='section'][not(*[local-name()='code']) or not(*[local-name()='title'])]";

/// Sections emptied by redaction: their text is the notice.
fn emptied_sections() -> String {
    format!(
        "//*[local-name()='section'][*[local-name()='text']/*[local-name()='paragraph'] = \"{}\"]",
        tamis::redact::cda::NOTICE
    )
}

/// What a sweep over the CDA samples measured.
#[derive(Default)]
struct Sweep {
    files: usize,
    redacted: usize,
    schema_checks: usize,
    emptied_sections: usize,
}

/// Every CDA sample (ours, the licensed copies, the French and international ones read in
/// place) with the findings of `remove` removed: redacted, schema-valid against every schema
/// it validated against, nothing removed left and nothing kept lost, no INS beside a masked
/// trait, emptied sections with their code and title. None is refused: the PDFs inside are
/// redacted as PDFs.
fn sweep(remove: &[Category]) -> Option<Sweep> {
    if !xmllint() {
        return None;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir("corpus/cda")
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    let have_shared = shared();
    if have_shared && let Ok(dir) = std::fs::read_dir(SAMPLES) {
        files.extend(
            dir.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "xml")),
        );
    }
    files.sort();
    let mut seen = Sweep {
        files: files.len(),
        ..Sweep::default()
    };
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (out, report) = redact_file(path, remove);
        let out = match out {
            Ok(out) => out,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        seen.redacted += 1;
        let file = Temp::new(&out);
        for f in check_words(&xml_words(path), &xml_words(&file.0), &report) {
            failures.push(format!("{name}: {f}"));
        }
        if xcount(path, TRAITS_BESIDE_INS) == 0 && xcount(&file.0, TRAITS_BESIDE_INS) > 0 {
            failures.push(format!("{name}: a masked INS trait beside an INS id"));
        }
        if xcount(path, SECTIONS_WITHOUT_HEADING) == 0
            && xcount(&file.0, SECTIONS_WITHOUT_HEADING) > 0
        {
            failures.push(format!("{name}: a section lost its code or title"));
        }
        seen.emptied_sections += xcount(&file.0, &emptied_sections());
        if have_shared {
            for xsd in schemas_of(path) {
                seen.schema_checks += 1;
                if !valid(&file.0, xsd) {
                    failures.push(format!("{name}: no longer valid against {xsd}"));
                }
            }
        }
    }
    println!(
        "{} CDA files: {} redacted, {} schema checks passed, {} sections emptied",
        seen.files, seen.redacted, seen.schema_checks, seen.emptied_sections
    );
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(seen.redacted, seen.files, "every CDA is redacted");
    Some(seen)
}

#[test]
fn every_cda_sample_loses_identities_and_health_data_and_still_validates() {
    if let Some(seen) = sweep(&all_of(&IDENTITY, &HEALTH)) {
        assert!(
            seen.emptied_sections > 0,
            "some sections hold only health data"
        );
    }
}

#[test]
fn every_cda_sample_loses_every_category_and_still_validates() {
    sweep(Category::ALL);
}

/// The text/plain document embedded in base64 is redacted as text and encoded back.
#[test]
fn embedded_plain_text_body_is_redacted_and_encoded_back() {
    let path = Path::new("corpus/cda/us_ccda_Embedded_Text_Plain.xml");
    let (out, report) = redact_file(path, &[Category::PersonName, Category::BirthDate]);
    let out = out.expect("redacted");
    let xml = String::from_utf8(out).expect("still UTF-8");
    let body = &xml[xml.find("<nonXMLBody").unwrap()..];
    let start = body.find("<text").unwrap();
    let open_end = start + body[start..].find('>').unwrap() + 1;
    let close = body.find("</text>").unwrap();
    let data: String = body[open_end..close]
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(data)
        .expect("base64 written back");
    let text = String::from_utf8_lossy(&decoded);
    let removed: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.action == Some(Action::Remove) && f.location.part == "1")
        .filter_map(|f| f.found.clone())
        .collect();
    assert!(!removed.is_empty(), "the embedded text names someone");
    for v in &removed {
        assert!(
            !text.contains(v.as_str()),
            "a removed value is still embedded"
        );
    }
    assert!(text.contains("[retiré : nom]"));
}

/// An XDM package's `METADATA.XML` (generic XML, no CDA): the patient's INS in element text and
/// in attributes is replaced by markers, the rest stays byte for byte, the XML stays well-formed.
#[test]
fn xdm_metadata_loses_the_ins_in_text_and_attributes() {
    let zip = std::fs::File::open("corpus/xdm/IHE_XDM.ZIP").expect("the XDM package");
    let mut zip = zip::ZipArchive::new(zip).expect("a zip");
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut zip
            .by_name("IHE_XDM/SUBSET01/METADATA.XML")
            .expect("its metadata"),
        &mut bytes,
    )
    .unwrap();
    let limits = Limits::default();
    let doc = extract(&bytes, Some("METADATA.XML"), &limits).expect("extraction");
    assert_eq!(doc.parts[0].format, tamis::extract::Format::Xml);
    let mut report = tamis::pipeline::report(
        "METADATA.XML",
        &doc,
        engine(),
        &mut Scratch::default(),
        Values::Clear,
    );
    for f in &mut report.findings {
        f.action = Some(
            if matches!(f.category, Category::Nir | Category::PersonName) {
                Action::Remove
            } else {
                Action::Keep
            },
        );
    }
    report.verdict = Verdict::Minimise;
    let removed = values(&report, Action::Remove);
    assert!(removed.len() >= 3, "the INS is in text and attributes");
    let out = redact(&bytes, &doc, &report, &limits)
        .expect("redacted")
        .bytes;
    let xml = String::from_utf8(out.clone()).expect("still UTF-8");
    for v in &removed {
        assert!(!xml.contains(v.as_str()), "a removed value is still there");
    }
    assert!(xml.contains("[retir&#233; : NIR]^^^&amp;1.2.250.1.213.1.4.8&amp;ISO"));
    assert!(
        xml.contains("<rim:Value>PID-8|F</rim:Value>"),
        "the rest stays"
    );
    if !xmllint() {
        return;
    }
    let file = Temp::new(&out);
    let ok = Command::new("xmllint")
        .args(["--noout", "--nonet"])
        .arg(&file.0)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "the metadata is no longer well-formed");
    let after = xml_words(&file.0);
    for v in &removed {
        assert_eq!(
            count(&after, &words(v)),
            0,
            "a removed value is still there"
        );
    }
}

/// A level-1 CDA whose embedded PDF names the patient: the PDF is redacted as a PDF and encoded
/// back in place; what it shows (read by pdftotext) no longer holds what had to go.
#[test]
fn embedded_pdf_is_redacted_as_a_pdf_and_encoded_back() {
    let path = Path::new("corpus/cda/us_ccda_Unstructured_Document_embed_PDF.xml");
    let (out, report) = redact_file(path, &IDENTITY);
    let in_pdf = report
        .findings
        .iter()
        .any(|f| f.action == Some(Action::Remove) && f.location.part == "1");
    assert!(in_pdf, "the embedded PDF holds something to remove");
    let out = out.unwrap_or_else(|e| panic!("redaction failed: {e}"));
    let payload = |xml: &str| -> Vec<u8> {
        let body = &xml[xml.find("<nonXMLBody").unwrap()..];
        let start = body.find("<text").unwrap();
        let open_end = start + body[start..].find('>').unwrap() + 1;
        let data: String = body[open_end..body.find("</text>").unwrap()]
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        base64::engine::general_purpose::STANDARD
            .decode(data)
            .expect("base64")
    };
    let before = payload(&std::fs::read_to_string(path).unwrap());
    let after = payload(std::str::from_utf8(&out).expect("UTF-8"));
    assert!(after.starts_with(b"%PDF"), "still a PDF");
    assert_ne!(before, after, "the PDF was rewritten");
    // What the PDF shows, read by pdftotext, no longer holds what had to go (a value may stay
    // as often as it was there and not found).
    let pdftotext = |bytes: &[u8]| -> Option<String> {
        let pdf = Temp::new(bytes);
        let out = Command::new("pdftotext")
            .arg(&pdf.0)
            .arg("-")
            .output()
            .ok()?;
        Some(format!(
            " {} ",
            words(&String::from_utf8_lossy(&out.stdout))
        ))
    };
    let (Some(text_before), Some(text_after)) = (pdftotext(&before), pdftotext(&after)) else {
        if std::env::var("TAMIS_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("pdftotext is required (TAMIS_REQUIRE_TOOLS=1) but absent");
        }
        println!("pdftotext absent: the embedded PDF's text is not checked");
        return;
    };
    let removed: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.action == Some(Action::Remove) && f.location.part == "1")
        .filter_map(|f| f.found.clone())
        .collect();
    for (v, n) in phrase_counts(&removed) {
        let allowed = count(&text_before, &v).saturating_sub(n);
        assert!(
            count(&text_after, &v) <= allowed,
            "a removed value is still in the PDF"
        );
    }
}

/// The letter written in ISO-8859-1 (as older software still does): redacted in its own
/// encoding, markers written as character references, still valid.
#[test]
fn latin1_letter_is_redacted_in_its_own_encoding() {
    let utf8 = std::fs::read_to_string(LETTER).unwrap();
    let latin = utf8.replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&latin);
    assert!(!unmappable);
    let source = Temp::new(&bytes);
    let (out, report) = redact_file(&source.0, &all_of(&IDENTITY, &HEALTH));
    let out = out.expect("redacted");
    assert!(
        std::str::from_utf8(&out).is_err(),
        "still ISO-8859-1, not UTF-8"
    );
    let text = encoding_rs::WINDOWS_1252.decode(&out).0;
    assert!(text.contains("<birthTime nullFlavor=\"MSK\"/>"));
    assert!(text.contains("[retir&#233; : donn&#233;e clinique]"));
    assert!(
        text.contains("Résidente de 88 ans"),
        "kept text keeps its accents"
    );
    if !xmllint() {
        return;
    }
    let file = Temp::new(&out);
    let failures = check_words(&xml_words(&source.0), &xml_words(&file.0), &report);
    assert!(failures.is_empty(), "{failures:#?}");
    if shared() {
        assert!(valid(&file.0, CISIS), "the letter no longer validates");
    }
}

/// The letter's extraction and report, with the birth date (fact `k`) to remove and the rest
/// kept, after `change` was applied to the birth date's fact.
fn birth_date_only(
    bytes: &[u8],
    change: &dyn Fn(&mut tamis::extract::Fact),
) -> (tamis::extract::Extraction, Report) {
    let limits = Limits::default();
    let mut doc = extract(bytes, Some("lettre.xml"), &limits).unwrap();
    let k = doc.parts[0]
        .facts
        .iter()
        .position(|f| f.category == Category::BirthDate)
        .expect("the letter gives the birth date");
    change(&mut doc.parts[0].facts[k]);
    let mut report = tamis::pipeline::report(
        "lettre.xml",
        &doc,
        engine(),
        &mut Scratch::default(),
        Values::Clear,
    );
    for f in &mut report.findings {
        f.action = Some(if f.category == Category::BirthDate {
            Action::Remove
        } else {
            Action::Keep
        });
    }
    report.verdict = Verdict::Minimise;
    (doc, report)
}

/// Redaction places a value by the element extraction recorded for it (the part's XML index),
/// never by reading the document again and matching paths: an origin whose path names no
/// element (a label, as far as redaction goes) still has its value removed, from its element.
#[test]
fn a_value_is_placed_by_the_element_extraction_recorded() {
    let bytes = std::fs::read(LETTER).unwrap();
    let (doc, report) = birth_date_only(&bytes, &|f| {
        f.origin = tamis::extract::Origin::Element("/ClinicalDocument/nowhere".into())
    });
    let out = redact(&bytes, &doc, &report, &Limits::default()).expect("redacted");
    assert_eq!(out.summary.counts(), "birth_date=1");
    let text = String::from_utf8(out.bytes).unwrap();
    assert!(
        text.contains(r#"<birthTime nullFlavor="MSK"/>"#),
        "masked in place"
    );
}

/// A value's span outside the element extraction recorded for it would be extraction
/// contradicting itself: a debug assertion, not a state redaction handles.
#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "inside its element")]
fn a_span_outside_its_element_is_a_bug() {
    let bytes = std::fs::read(LETTER).unwrap();
    let (doc, report) = birth_date_only(&bytes, &|f| f.span = Some((0, 10)));
    let _ = redact(&bytes, &doc, &report, &Limits::default());
}

/// Issue 13 §12: a consultation report sent with consent to a physician outside the care team,
/// whose narrative repeats the coded HIV diagnosis with its code in parentheses ("Infection par
/// le VIH (B24), suivie depuis…"). It failed closed ("the minimised copy still holds 1
/// value(s) that had to go"): the code stayed after the removed words, and the marker
/// "[retiré : diagnostic]" then read as a cue for it. The code now goes with its diagnosis,
/// and a marker is no cue: the copy is minimised, without the diagnosis or its code.
#[test]
fn cda_hiv_diagnosis_repeated_with_its_code_in_the_narrative_is_minimised() {
    let input = "tests/data/cda/consultation_vih_code_in_narrative.xml";
    let dir = std::env::temp_dir().join(format!("tamis-vih-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("copy.xml");
    let run = crate::wire::tamis()
        .args(["redact", "--purpose", "care_coordination", "--consent"])
        .args(["--to", "secretariat.medical@ch-exemple.mssante.fr"])
        .args(["--directory", "corpus/directory/annuaire.csv"])
        .args(["--annuaire", "corpus/directory/extract_mssante.txt"])
        .arg("-o")
        .arg(&out)
        .arg(input)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let copy = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!copy.contains("VIH"), "the diagnosis is gone");
    assert!(!copy.contains("B24"), "and its code");
    assert!(copy.contains("entorse"), "the reason of the visit stays");
}
