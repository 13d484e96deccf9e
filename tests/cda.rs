//! Extraction of HL7 CDA R2 documents: every sample of `../shared/samples/cda/` (read in place,
//! skipped when absent), the licensed copies in `corpus/cda/`, and our fictional EHPAD letter
//! with its exact findings.

use crate::wire::{WireFinding, WireReport, scan_json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;
use tamis::Category;
use tamis::extract::{Extraction, Format, Limits, Opaque, Origin, extract};

const SAMPLES: &str = "../shared/samples/cda";
const CORPUS: &str = "corpus/cda";
const LETTER: &str = "corpus/cda/tamis_lettre_liaison_ehpad.xml";
const PATIENT: &str = "/ClinicalDocument/recordTarget/patientRole";

/// The XML files of `dir`, sorted; `None` (with a message) when the folder is absent.
fn xml_files(dir: &str) -> Option<Vec<PathBuf>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        crate::common::skipped("the CDA sample tests", &format!("{dir} is absent"));
        return None;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    Some(files)
}

fn name_of(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

fn read(path: &Path) -> (Vec<u8>, Extraction) {
    let bytes = std::fs::read(path).unwrap();
    let doc = extract(&bytes, Some(&name_of(path)), &Limits::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (bytes, doc)
}

/// The element path of a fact or segment origin.
fn element(origin: &Origin) -> &str {
    match origin {
        Origin::Element(p) => p,
        _ => "",
    }
}

/// `<patientRole>…</patientRole>` of the raw XML (our own look, independent of the extractor).
fn patient_role(xml: &str) -> Option<&str> {
    let start = xml.find("<patientRole")?;
    let end = xml[start..].find("</patientRole>")? + start;
    Some(&xml[start..end])
}

/// Whether the raw XML says a level-1 body carries a base64 PDF.
fn has_pdf_body(xml: &str) -> bool {
    let Some(at) = xml.find("<nonXMLBody") else {
        return false;
    };
    let body = &xml[at..];
    let tag_end = body
        .find("<text")
        .and_then(|t| body[t..].find('>').map(|e| (t, t + e)));
    tag_end.is_some_and(|(s, e)| {
        let tag = &body[s..e];
        tag.contains("application/pdf") && tag.contains("B64")
    })
}

/// Checks the structure of one sample and adds it to `stats`; returns its failures.
fn check_sample(path: &Path, stats: &mut Stats) -> Vec<String> {
    let name = name_of(path);
    let started = Instant::now();
    let (bytes, doc) = read(path);
    stats.time += started.elapsed().as_secs_f64();
    stats.files += 1;
    stats.parts += doc.parts.len();
    let xml = String::from_utf8_lossy(&bytes);
    let mut failures = Vec::new();
    let root = &doc.parts[0];
    if root.format != Format::Cda {
        failures.push(format!("{name}: read as {:?}", root.format));
    }
    for p in &doc.parts {
        // A payload that did not decode (bad base64, compressed) would be an unreadable binary;
        // images and PDFs without text are opaque for their own reasons.
        if p.format == Format::Binary && !name.contains("Care_Plan") {
            failures.push(format!(
                "{name}: part {:?} is an unreadable payload",
                p.path
            ));
        }
        for f in &p.facts {
            *stats.facts.entry(f.category.as_str()).or_default() += 1;
        }
        stats.segments += p.segments.len();
    }
    if root.opaque.is_some() {
        failures.push(format!("{name}: the CDA part is opaque"));
    }
    let facts = |category: Category, under: &str| {
        root.facts
            .iter()
            .filter(|f| f.category == category && element(&f.origin).starts_with(under))
            .count()
    };
    if let Some(role) = patient_role(&xml) {
        let has_id = role.split("<id ").skip(1).any(|id| {
            id.split("/>")
                .next()
                .is_some_and(|a| a.contains("extension="))
        });
        if name.starts_with("fr_") && has_id {
            stats.checked[0] += 1;
            if facts(Category::Nir, PATIENT) + facts(Category::Ipp, PATIENT) == 0 {
                failures.push(format!("{name}: no nir or ipp fact for patientRole/id"));
            }
        }
        if role.contains("<family") {
            stats.checked[1] += 1;
            if facts(Category::PersonName, PATIENT) == 0 {
                failures.push(format!("{name}: patient name not found"));
            }
        }
        if role.contains("<birthTime value=") {
            stats.checked[2] += 1;
            if facts(Category::BirthDate, PATIENT) == 0 {
                failures.push(format!("{name}: birth date not found"));
            }
        }
    }
    if has_pdf_body(&xml) {
        stats.checked[3] += 1;
        if !doc.parts.iter().any(|p| p.format == Format::Pdf) {
            failures.push(format!("{name}: no pdf part for the nonXMLBody"));
        }
    }
    // Every segment and fact maps back inside the source.
    for f in &root.facts {
        if let Some((s, e)) = f.span
            && (s > e || e > bytes.len())
        {
            failures.push(format!("{name}: fact span out of the source"));
        }
    }
    failures
}

#[derive(Default)]
struct Stats {
    files: usize,
    parts: usize,
    segments: usize,
    facts: BTreeMap<&'static str, usize>,
    time: f64,
    /// Samples checked for: patient id, patient name, birth date, PDF body.
    checked: [usize; 4],
}

#[test]
fn every_sample_extracts_with_patient_identity_and_pdf_bodies() {
    let Some(files) = xml_files(SAMPLES) else {
        return;
    };
    assert_eq!(files.len(), 39, "the 39 samples of samples/cda");
    let mut stats = Stats::default();
    let mut failures = Vec::new();
    for path in &files {
        failures.extend(check_sample(path, &mut stats));
    }
    println!(
        "{} CDA samples: {} parts, {} segments, facts {:?}, {:.2} s (extraction, debug build); checked {:?}",
        stats.files, stats.parts, stats.segments, stats.facts, stats.time, stats.checked
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // 31 French samples with a patient id; a name and a birth date in all 39; 5 PDF bodies.
    assert_eq!(stats.checked, [31, 39, 39, 5]);
}

#[test]
fn corpus_copies_extract_without_shared_samples() {
    let files = xml_files(CORPUS).expect("corpus/cda is committed");
    assert_eq!(files.len(), 9);
    let mut stats = Stats::default();
    let mut failures = Vec::new();
    for path in &files {
        failures.extend(check_sample(path, &mut stats));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The DUI export's INS has an invalid key on purpose: a fact all the same.
    let (_, dui) = read(Path::new(
        "corpus/cda/fr_medicosocial_TDDUI_Exemple_v1.0.1.xml",
    ));
    assert!(
        dui.parts[0]
            .facts
            .iter()
            .any(|f| f.category == Category::Nir && f.text.as_deref() == Some("147720425367411"))
    );
    // Base64 text/plain body: a text part holding the consult.
    let (_, plain) = read(Path::new("corpus/cda/us_ccda_Embedded_Text_Plain.xml"));
    assert_eq!(plain.parts.len(), 2);
    assert_eq!(plain.parts[1].format, Format::Text);
    assert_eq!(plain.parts[1].declared.as_deref(), Some("text/plain"));
    assert!(plain.parts[1].segments[0].text.contains("SURGICAL CONSULT"));
    // The care plan's signatures are placeholders (`omSJ… ...`), not base64: unreadable parts.
    let (_, plan) = read(Path::new("corpus/cda/us_ccda_Care_Plan.xml"));
    let bad: Vec<_> = plan
        .parts
        .iter()
        .filter(|p| p.format == Format::Binary)
        .collect();
    assert_eq!(bad.len(), 2);
    for p in bad {
        assert_eq!(
            p.opaque,
            Some(Opaque::Unreadable(
                "base64 invalide dans le document CDA".into()
            ))
        );
        assert_eq!(p.declared.as_deref(), Some("text/xml"));
    }
    // A level-1 body as the user sees it: part "1", a PDF declared by the CDA.
    let (_, report) = scan_json(Path::new(
        "corpus/cda/us_ccda_Unstructured_Document_embed_PDF.xml",
    ));
    let pdf = &report.parts[1];
    assert_eq!((pdf.part.as_str(), pdf.format.as_str()), ("1", "pdf"));
    assert_eq!(pdf.media_type.as_deref(), Some("application/pdf"));
    // A body that only refers to a PDF elsewhere has no payload.
    let (_, reference) = read(Path::new(
        "corpus/cda/us_ccda_Unstructured_Document_reference.xml",
    ));
    assert_eq!(reference.parts.len(), 1);
}

/// The element a location's path names encloses the location's bytes: the last step's tag
/// opens before `start` and is not closed in between (for `/@attr`, the attribute is in the
/// tag; for `/comment()`, a comment is open).
fn encloses(xml: &str, path: &str, start: usize) -> bool {
    let before = &xml[..start];
    let last = path.rsplit('/').next().unwrap_or("");
    if last == "comment()" {
        return before
            .rfind("<!--")
            .is_some_and(|o| !before[o..].contains("-->"));
    }
    if let Some(attr) = last.strip_prefix('@') {
        let tag = before.rfind('<').map_or("", |o| &before[o..]);
        return tag.contains(&format!("{attr}="));
    }
    let name = last.split('[').next().unwrap_or(last);
    let open = [" ", ">", "/", "\n", "\t", "\r"]
        .iter()
        .filter_map(|c| before.rfind(&format!("<{name}{c}")))
        .max();
    open.is_some_and(|o| !before[o..].contains(&format!("</{name}>")))
}

/// Checks the locations of element findings against the XML source.
fn check_locations(name: &str, xml: &str, report: &WireReport) -> Vec<String> {
    let mut failures = Vec::new();
    for f in report
        .findings
        .iter()
        .filter(|f| f.location.part.is_empty() && f.location.origin == "element")
    {
        let loc = &f.location;
        let path = loc.element.as_deref().unwrap_or("");
        let Some(bytes) = xml.get(loc.start..loc.end) else {
            failures.push(format!("{name}: {} {:?} out of range", f.category, path));
            continue;
        };
        if !encloses(xml, path, loc.start) {
            failures.push(format!("{name}: {} not inside {path}", f.category));
        }
        let Some(text) = &f.text else { continue };
        let unescaped = bytes
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&apos;", "'")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        if !bytes.contains(['<', '&']) && f.system.is_none() {
            // One verbatim run: the bytes are the text.
            if bytes != text {
                failures.push(format!("{name}: {} at {path} is not its text", f.category));
            }
        } else if f.system.is_none() && !text.split_whitespace().all(|w| unescaped.contains(w)) {
            failures.push(format!("{name}: {} at {path} misses words", f.category));
        }
    }
    failures
}

/// Samples whose report is checked through the binary (coded entries and locations).
const SCANNED: [&str; 6] = [
    "fr_VSM_1.4_2022.01.xml",
    "fr_IPS-FR_2024.01.xml",
    "fr_CARD-F-PRC-AVK_2022.01.xml",
    "fr_DLU-EHPAD-DLU_2022.01.xml",
    "fr_LDL-SES_2022.01.xml",
    "fr_CSE-CS8_2025.01.xml",
];

fn coded<'r>(report: &'r WireReport, system: &str) -> Vec<&'r WireFinding> {
    report
        .findings
        .iter()
        .filter(|f| f.system.as_deref() == Some(system))
        .collect()
}

#[test]
fn coded_entries_and_locations_in_the_users_report() {
    if xml_files(SAMPLES).is_none() {
        return;
    }
    let mut failures = Vec::new();
    for name in SCANNED {
        let path = Path::new(SAMPLES).join(name);
        let xml = std::fs::read_to_string(&path).unwrap();
        let (_, report) = scan_json(&path);
        // Each CIM-10 / ATC code written in an entry is a finding with its system and code.
        for (oid, system) in [
            ("2.16.840.1.113883.6.3", "cim10"),
            ("2.16.840.1.113883.6.73", "atc"),
        ] {
            let found = coded(&report, system);
            for code in entry_codes(&xml, oid) {
                if !found.iter().any(|f| f.code.as_deref() == Some(&code)) {
                    failures.push(format!("{name}: {system} {code} not found"));
                }
            }
            for f in found {
                let expected = if system == "cim10" {
                    "diagnosis"
                } else {
                    "medication"
                };
                if f.location.origin != "element" || f.code.is_none() {
                    failures.push(format!("{name}: {system} finding without element or code"));
                }
                if system == "atc" && f.category != expected {
                    failures.push(format!("{name}: atc finding is {}", f.category));
                }
            }
        }
        failures.extend(check_locations(name, &xml, &report));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The codes of `codeSystem=oid` written inside `<entry>` elements (raw look at the XML).
fn entry_codes(xml: &str, oid: &str) -> Vec<String> {
    let mut codes = Vec::new();
    for entry in xml.split("<entry").skip(1) {
        let entry = entry.split("</entry>").next().unwrap_or("");
        for tag in entry
            .split('<')
            .filter(|t| t.contains(&format!("codeSystem=\"{oid}\"")))
        {
            if let Some(code) = tag
                .split(" code=\"")
                .nth(1)
                .and_then(|c| c.split('"').next())
            {
                codes.push(code.to_string());
            }
        }
    }
    codes.sort();
    codes.dedup();
    codes
}

fn find<'r>(report: &'r WireReport, category: &str, text: &str) -> &'r WireFinding {
    report
        .findings
        .iter()
        .find(|f| f.category == category && f.text.as_deref() == Some(text))
        .unwrap_or_else(|| panic!("no {category} {text:?}"))
}

#[test]
fn ehpad_letter_findings_are_exact_and_located() {
    let xml = std::fs::read_to_string(LETTER).unwrap();
    let (code, report) = scan_json(Path::new(LETTER));
    assert_eq!(code, 1, "health data found");
    assert_eq!(report.parts.len(), 1);
    assert_eq!(report.parts[0].format, "cda");
    assert!(report.parts[0].opaque.is_none());
    let at = |f: &WireFinding| &xml[f.location.start..f.location.end];
    let el = |f: &WireFinding| f.location.element.clone().unwrap_or_default();

    let nir = find(&report, "nir", "238047511204544");
    assert_eq!(el(nir), format!("{PATIENT}/id[1]"));
    assert_eq!(at(nir), "238047511204544");
    let ipp = find(&report, "ipp", "R0004217");
    assert_eq!(el(ipp), format!("{PATIENT}/id[2]"));

    let patient = find(&report, "person_name", "Germaine Alice LEFEBVRE");
    assert_eq!(el(patient), format!("{PATIENT}/patient/name"));
    assert!(
        at(patient).starts_with("LEFEBVRE</family>") && at(patient).ends_with("Germaine Alice")
    );
    let birth = find(&report, "birth_date", "19380412");
    assert_eq!(el(birth), format!("{PATIENT}/patient/birthTime"));
    assert_eq!(at(birth), "19380412");
    let home = find(
        &report,
        "address",
        "Résidence Les Tilleuls, 12 rue des Acacias 37000 TOURS",
    );
    assert_eq!(el(home), format!("{PATIENT}/addr"));
    find(&report, "address", "75112 PARIS 12");

    // The guardian (a third person): name and telecoms.
    let son = find(&report, "person_name", "Paul LEFEBVRE");
    assert_eq!(
        el(son),
        format!("{PATIENT}/patient/guardian/guardianPerson/name")
    );
    let phone = find(&report, "phone", "0611223344");
    assert_eq!(el(phone), format!("{PATIENT}/patient/guardian/telecom[1]"));
    assert_eq!(at(phone), "0611223344");
    find(&report, "email", "paul.lefebvre@exemple.fr");
    find(&report, "phone", "0247000111");

    // The author and the structure.
    let rpps = find(&report, "rpps", "10005173140");
    assert_eq!(
        el(rpps),
        "/ClinicalDocument/author/assignedAuthor/id".to_string()
    );
    find(&report, "person_name", "Hélène MOREAU");
    let finess: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.category == "finess" && f.text.as_deref() == Some("370012346"))
        .collect();
    assert_eq!(finess.len(), 2, "author organisation and custodian");

    // Coded entries.
    let dx = find(&report, "diagnosis", "Maladie d'Alzheimer à début tardif");
    assert_eq!(
        (dx.system.as_deref(), dx.code.as_deref()),
        (Some("cim10"), Some("G30.1"))
    );
    assert_eq!(
        el(dx),
        "/ClinicalDocument/component/structuredBody/component[1]/section/entry/observation/value"
    );
    assert_eq!(at(dx), "Maladie d&apos;Alzheimer à début tardif");
    let drug = find(&report, "medication", "donépézil");
    assert_eq!(
        (drug.system.as_deref(), drug.code.as_deref()),
        (Some("atc"), Some("N06DA02"))
    );
    // The problem section's own code is not a finding, nor the document's type.
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.code.as_deref() != Some("11450-4"))
    );
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.code.as_deref() != Some("83981-1"))
    );

    // The narrative is scanned: weight and GIR, located in the section text.
    let narrative = "/ClinicalDocument/component/structuredBody/component[1]/section/text";
    for (category, text) in [
        ("body_measure", "52 kg"),
        ("disability_dependency", "GIR 2"),
    ] {
        let f = report
            .findings
            .iter()
            .find(|f| f.category == category && f.text.as_deref().is_some_and(|t| t.contains(text)))
            .unwrap_or_else(|| panic!("no {category} {text:?}"));
        assert_eq!(el(f), narrative);
        assert!(at(f).contains(text));
    }
    let failures = check_locations("letter", &xml, &report);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn truncated_documents_keep_what_was_read_and_are_opaque() {
    let bytes = std::fs::read(LETTER).unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    // From inside the root start tag (earlier, the input is no longer recognised as a CDA).
    let start = text.find("<ClinicalDocument").unwrap() + 30;
    let end = bytes.len() - "</ClinicalDocument>\n".len();
    for cut in (start..end).step_by(7) {
        let doc = extract(&bytes[..cut], None, &Limits::default()).unwrap();
        let root = &doc.parts[0];
        assert!(
            matches!(&root.opaque, Some(Opaque::Unreadable(why)) if why.starts_with("XML mal formé")),
            "cut at {cut}: not opaque"
        );
        for f in &root.facts {
            let (s, e) = f.span.unwrap();
            assert!(s <= e && e <= cut, "cut at {cut}: span out of the input");
        }
    }
    // Cut after the INS: the INS is already a fact.
    let cut = text.find("R0004217").unwrap();
    let doc = extract(&bytes[..cut], None, &Limits::default()).unwrap();
    assert!(
        doc.parts[0]
            .facts
            .iter()
            .any(|f| f.category == Category::Nir)
    );
}

#[test]
fn ehpad_letter_is_valid_against_the_ans_cda_schema() {
    let schema = "../shared/samples/schema/fr-cisis-extended/infrastructure/cda/CDA_extended.xsd";
    if !Path::new(schema).exists() {
        crate::common::skipped("the schema check", &format!("{schema} is absent"));
        return;
    }
    if !crate::common::tool("xmllint", "the schema check") {
        return;
    }
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema", schema, LETTER])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every fact and mapped segment range lies inside the input, on character boundaries of it
/// when the input is UTF-8.
fn check_ranges(bytes: &[u8], doc: &Extraction) {
    let root = &doc.parts[0];
    let ranges = root.facts.iter().filter_map(|f| f.span).chain(
        root.segments
            .iter()
            .filter_map(|s| s.source_span(0, s.text.len())),
    );
    for (s, e) in ranges {
        assert!(s <= e && e <= bytes.len(), "range out of the input");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 200,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Damaged CDAs (bytes replaced by markup characters, entities, non-UTF-8 bytes) never
    /// panic nor err: they are read, possibly as opaque, with ranges inside the input.
    #[test]
    fn damaged_cda_never_panics(
        edits in proptest::collection::vec(
            (0usize..6000, proptest::sample::select(vec![
                &b"<"[..], b">", b"&", b"&#x0;", b"&#1114112;", b"\xe9", b"\xff", b"]]>", b"<!--", b"\"",
                b"</section>", b"<text>", b"representation=\"B64\"",
            ])),
            1..8,
        )
    ) {
        let mut bytes = std::fs::read(LETTER).unwrap();
        for (at, insert) in edits {
            let at = at % bytes.len();
            bytes.splice(at..at, insert.iter().copied());
        }
        let doc = extract(&bytes, None, &Limits::default()).unwrap();
        check_ranges(&bytes, &doc);
    }
}
