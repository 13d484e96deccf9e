//! Extraction of PDF: what a PDF holds outside its page text (Info, XMP, annotations, form
//! fields, outlines, embedded files), encrypted, image-only and damaged PDFs. The files are in
//! `corpus/pdf/features/` (made by `scripts/corpus/pdf/features/make.py`, see its README) and
//! `corpus/pdf/samples/`.

use crate::wire::{WireFinding, WireReport, scan_json, scan_json_with, tamis};
use std::path::{Path, PathBuf};
use tamis::extract::{Limits, Origin, extract};

fn feature(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/pdf/features")
        .join(name)
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/pdf/samples")
        .join(name)
}

/// The findings of `report` with this category whose text contains `text`.
fn found<'r>(report: &'r WireReport, category: &str, text: &str) -> Vec<&'r WireFinding> {
    report
        .findings
        .iter()
        .filter(|f| f.category == category && f.text.as_deref().is_some_and(|t| t.contains(text)))
        .collect()
}

/// The one finding of this category and text; fails listing what was found otherwise.
fn the<'r>(report: &'r WireReport, category: &str, text: &str) -> &'r WireFinding {
    let hits = found(report, category, text);
    assert!(
        hits.len() == 1,
        "{} × {category} {text:?} in {}; findings: {:#?}",
        hits.len(),
        report.input,
        report
            .findings
            .iter()
            .map(|f| (&f.category, &f.text, &f.location.origin, &f.location.name))
            .collect::<Vec<_>>()
    );
    hits[0]
}

/// The one finding of this category and text from `origin`.
fn the_in<'r>(report: &'r WireReport, origin: &str, category: &str, text: &str) -> &'r WireFinding {
    let hits: Vec<_> = found(report, category, text)
        .into_iter()
        .filter(|f| f.location.origin == origin)
        .collect();
    assert!(
        hits.len() == 1,
        "{} × {category} {text:?} from {origin} in {}",
        hits.len(),
        report.input
    );
    hits[0]
}

/// The segments the library extracts from a file: (part path, origin, text).
fn segments(path: &Path) -> Vec<(String, Origin, String)> {
    let bytes = std::fs::read(path).unwrap();
    let doc = extract(&bytes, None, &Limits::default()).unwrap();
    doc.parts
        .iter()
        .flat_map(|p| {
            p.segments
                .iter()
                .map(|s| (p.path.clone(), s.origin.clone(), s.text.clone()))
        })
        .collect()
}

fn text_of(segments: &[(String, Origin, String)], origin: &Origin) -> String {
    segments
        .iter()
        .filter(|(_, o, _)| o == origin)
        .map(|(_, _, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn info_dictionary_entries_are_findings_named_by_their_key() {
    let (code, r) = scan_json(&feature("metadata.pdf"));
    assert_eq!((code, r.verdict.as_str()), (1, "minimise"));
    let title = the_in(&r, "pdf_info", "person_name", "Jeanne LEROUX");
    assert_eq!(title.location.part, "");
    assert_eq!(title.location.origin, "pdf_info");
    assert_eq!(title.location.name.as_deref(), Some("Title"));
    assert_eq!(title.location.page, None);
    let author = the_in(&r, "pdf_info", "person_name", "Paul MARCHAND");
    assert_eq!(author.location.name.as_deref(), Some("Author"));
    let diagnosis = the_in(&r, "pdf_info", "diagnosis", "diabète de type 2");
    assert_eq!(diagnosis.location.name.as_deref(), Some("Subject"));
    let keywords = the_in(&r, "pdf_info", "disability_dependency", "GIR 2");
    assert_eq!(keywords.location.name.as_deref(), Some("Keywords"));
}

#[test]
fn info_dictionary_custom_keys_indirect_utf16_and_pdfdoc_strings_are_decoded() {
    let (_, r) = scan_json(&feature("metadata_custom.pdf"));
    // Custom keys.
    assert_eq!(
        the(&r, "nir", "2 36 06 76 217 045 04")
            .location
            .name
            .as_deref(),
        Some("NumeroSecu")
    );
    // A custom key, and the title held in an indirect string object.
    let patient: Vec<_> = found(&r, "person_name", "Jeanne LEROUX")
        .iter()
        .filter(|f| f.location.origin == "pdf_info")
        .filter_map(|f| f.location.name.as_deref())
        .collect();
    assert_eq!(patient, ["Patient", "Title"]);
    // UTF-16BE (≥ is not in PDFDocEncoding) and PDFDocEncoding Œ (0x96).
    assert_eq!(
        the(&r, "clinical_finding", "HbA1c ≥ 8 %")
            .location
            .name
            .as_deref(),
        Some("Subject")
    );
    assert_eq!(
        the(&r, "clinical_finding", "Œdème")
            .location
            .name
            .as_deref(),
        Some("Keywords")
    );
}

#[test]
fn xmp_values_are_one_segment_with_entities_resolved() {
    // LibreOffice escapes twice (d&amp;apos;Alzheimer): the value reads d'Alzheimer.
    let seg = segments(&feature("metadata.pdf"));
    let xmp = text_of(&seg, &Origin::Xmp);
    assert!(
        xmp.contains("Lettre de liaison de Mme Jeanne LEROUX : maladie d'Alzheimer"),
        "{xmp}"
    );
    assert!(
        xmp.contains("Suivi du diabète de type 2 & de l'HTA"),
        "{xmp}"
    );
    assert!(xmp.contains("Dr Paul MARCHAND"), "{xmp}");
    // Structure is not content: PDF/A claims and dates stay out.
    assert!(
        !xmp.contains("2026-") && !xmp.lines().any(|l| l == "B"),
        "{xmp}"
    );

    let (_, r) = scan_json(&feature("metadata.pdf"));
    let xmp_findings: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.location.origin == "xmp")
        .collect();
    for (category, text) in [
        ("person_name", "Jeanne LEROUX"),
        ("person_name", "Paul MARCHAND"),
        ("diagnosis", "maladie d'Alzheimer"),
        ("diagnosis", "diabète de type 2"),
    ] {
        assert!(
            xmp_findings
                .iter()
                .any(|f| f.category == category && f.text.as_deref() == Some(text)),
            "no {category} {text:?} in XMP"
        );
    }
    assert!(
        xmp_findings
            .iter()
            .all(|f| f.location.part.is_empty() && f.location.name.is_none())
    );
}

#[test]
fn xmp_attributes_custom_namespaces_and_character_references_are_read() {
    let seg = segments(&feature("metadata_custom.pdf"));
    let xmp = text_of(&seg, &Origin::Xmp);
    assert!(xmp.contains("Patiente : Mme Jeanne LEROUX"), "{xmp}");
    assert!(
        xmp.contains("Mme Jeanne LEROUX, née le 14/06/1936"),
        "{xmp}"
    );
    assert!(
        xmp.contains("Scène de chute & fracture du col du fémur"),
        "{xmp}"
    );
    // xmpMM:DocumentID is an identifier of the file, not of a person.
    assert!(!xmp.contains("uuid:"), "{xmp}");
    let (_, r) = scan_json(&feature("metadata_custom.pdf"));
    let birth = the(&r, "birth_date", "14/06/1936");
    assert_eq!(birth.location.origin, "xmp");
    assert_eq!(
        the(&r, "diagnosis", "fracture du col du fémur")
            .location
            .origin,
        "xmp"
    );
}

#[test]
fn annotations_give_contents_and_author_with_their_page() {
    let (code, r) = scan_json(&feature("annotations.pdf"));
    assert_eq!(code, 1);
    let note = the(&r, "person_name", "Jeanne LEROUX");
    assert_eq!(
        (note.location.origin.as_str(), note.location.page),
        ("annotation", Some(1))
    );
    // The sticky note's author (/T).
    let author = the(&r, "person_name", "Claire DUBOIS");
    assert_eq!(author.location.page, Some(1));
    // The FreeText annotation on page 2.
    let free = the(&r, "diagnosis", "Diabète de type 2");
    assert_eq!(
        (free.location.origin.as_str(), free.location.page),
        ("annotation", Some(2))
    );
    assert_eq!(
        the(&r, "person_name", "Marcel DURAND").location.page,
        Some(2)
    );
}

#[test]
fn form_field_values_are_named_by_their_field_and_names_are_not_content() {
    let (_, r) = scan_json(&feature("form.pdf"));
    let name = the(&r, "person_name", "Jeanne LEROUX");
    assert_eq!(name.location.origin, "form_field");
    assert_eq!(name.location.name.as_deref(), Some("Nom"));
    let diagnosis = the(&r, "diagnosis", "diabète de type 2");
    assert_eq!(diagnosis.location.name.as_deref(), Some("Diagnostic"));
    // The field's name is the cue a date alone lacks, as for a reader of the form.
    let birth = the(&r, "birth_date", "14/06/1936");
    assert_eq!(birth.location.name.as_deref(), Some("Date de naissance"));
    assert_eq!((birth.location.start, birth.location.end), (0, 10));
    assert_eq!(
        the(&r, "diagnosis", "Maladie d'Alzheimer")
            .location
            .name
            .as_deref(),
        Some("Diagnostic")
    );
    let seg = segments(&feature("form.pdf"));
    let fields: Vec<_> = seg
        .iter()
        .filter_map(|(_, o, t)| match o {
            Origin::FormField(n) => Some((n.as_str(), t.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("Nom", "Jeanne LEROUX"),
            ("Date de naissance", "14/06/1936"),
            ("Diagnostic", "Maladie d'Alzheimer, diabète de type 2"),
        ]
    );
}

#[test]
fn outline_titles_are_one_segment_in_reading_order() {
    let seg = segments(&feature("outline.pdf"));
    assert_eq!(
        text_of(&seg, &Origin::Outline),
        "Dossier de M. Marcel DURAND\nAntécédents : insuffisance cardiaque\nTraitement : Kardegic 75 mg"
    );
    let (_, r) = scan_json(&feature("outline.pdf"));
    let name = the(&r, "person_name", "Marcel DURAND");
    assert_eq!(
        (name.location.origin.as_str(), name.location.page),
        ("outline", None)
    );
    assert_eq!(the(&r, "medication", "Kardegic").location.origin, "outline");
}

#[test]
fn embedded_file_is_a_child_part_with_its_findings() {
    let (code, r) = scan_json(&feature("attachment.pdf"));
    assert_eq!(code, 1);
    assert_eq!(r.parts.len(), 2, "{:?}", r.parts);
    let child = &r.parts[1];
    assert_eq!(child.part, "1");
    assert_eq!(child.format, "text");
    assert_eq!(child.name.as_deref(), Some("cr_Marcel_DURAND.txt"));
    assert_eq!(child.media_type.as_deref(), Some("text/plain"));
    assert_eq!(child.opaque, None);
    let nir = the(&r, "nir", "1 52 03 75 112 048 68");
    assert_eq!(
        (nir.location.part.as_str(), nir.location.origin.as_str()),
        ("1", "body")
    );
    assert_eq!(
        the(&r, "diagnosis", "insuffisance cardiaque").location.part,
        "1"
    );
    // The file's description, written by the sender like its name, reads as the name does.
    let described = the_in(&r, "filename", "person_name", "Marcel DURAND");
    assert_eq!(described.location.part, "1");
    // The file name is scanned too.
    let in_name = found(&r, "person_name", "DURAND");
    assert!(
        in_name
            .iter()
            .any(|f| f.location.origin == "filename" && f.location.part == "1"),
        "{in_name:?}"
    );
}

#[test]
fn values_none_shows_neither_values_nor_file_names() {
    let out = tamis()
        .args(["scan", "--format", "json", "--values", "none"])
        .arg(feature("attachment_nested.pdf"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    for secret in [
        "DURAND",
        "Marcel",
        "cr_Marcel",
        "dossier.pdf",
        "112 048",
        "insuffisance",
    ] {
        assert!(!stdout.contains(secret), "{secret:?} in {stdout}");
    }
    let (_, r) = scan_json_with(&feature("attachment_nested.pdf"), &["--values", "none"]);
    assert!(r.parts.iter().all(|p| p.name.is_none()));
    assert!(r.findings.iter().all(|f| f.text.is_none()));
    assert!(
        r.findings
            .iter()
            .any(|f| f.category == "nir" && f.location.part == "1.1")
    );
}

#[test]
fn embedded_pdf_inside_a_pdf_is_extracted_recursively() {
    let (code, r) = scan_json(&feature("attachment_nested.pdf"));
    assert_eq!(code, 1);
    let parts: Vec<_> = r
        .parts
        .iter()
        .map(|p| (p.part.as_str(), p.format.as_str(), p.name.as_deref()))
        .collect();
    assert_eq!(
        parts,
        [
            ("", "pdf", None),
            ("1", "pdf", Some("dossier.pdf")),
            ("1.1", "text", Some("cr_Marcel_DURAND.txt")),
        ]
    );
    assert_eq!(r.parts[1].media_type.as_deref(), Some("application/pdf"));
    assert_eq!(the(&r, "nir", "1 52 03 75 112 048 68").location.part, "1.1");
}

#[test]
fn file_attachment_annotation_listed_twice_is_extracted_once() {
    // fpdf2 puts the file both in the name tree and in a FileAttachment annotation.
    let (_, r) = scan_json(&feature("attachment_annotation.pdf"));
    assert_eq!(r.parts.len(), 2, "{:?}", r.parts);
    assert_eq!(r.parts[1].name.as_deref(), Some("transmission.txt"));
    assert_eq!(the(&r, "person_name", "Jeanne LEROUX").location.part, "1");
    assert_eq!(the(&r, "disability_dependency", "GIR 2").location.part, "1");
}

#[test]
fn pdf_with_a_user_password_is_opaque_and_blocked() {
    let (code, r) = scan_json(&feature("encrypted_user_password.pdf"));
    assert_eq!(code, 1);
    assert_eq!(r.verdict, "block");
    assert_eq!(r.parts.len(), 1);
    assert_eq!(r.parts[0].opaque.as_deref(), Some("encrypted"));
    assert!(r.reasons.iter().any(|x| x.rule == "unreadable_content"));
    assert!(r.findings.is_empty());
}

#[test]
fn pdf_encrypted_with_an_empty_user_password_is_read() {
    let (code, r) = scan_json(&feature("encrypted_empty_user_password.pdf"));
    assert_eq!((code, r.verdict.as_str()), (1, "minimise"));
    assert_eq!(r.parts[0].opaque, None);
    let author = the_in(&r, "pdf_info", "person_name", "Paul MARCHAND");
    assert_eq!(author.location.name.as_deref(), Some("Author"));
    // The XMP stream is encrypted too.
    assert!(
        r.findings
            .iter()
            .any(|f| f.location.origin == "xmp" && f.text.as_deref() == Some("Jeanne LEROUX"))
    );
}

#[test]
fn damaged_pdfs_are_unreadable_parts_with_a_french_message() {
    for name in [
        "damaged_truncated.pdf",
        "damaged_xref.pdf",
        "damaged_header_only.pdf",
    ] {
        let (code, r) = scan_json(&feature(name));
        assert_eq!((code, r.verdict.as_str()), (1, "block"), "{name}");
        assert_eq!(r.parts.len(), 1, "{name}");
        assert_eq!(r.parts[0].format, "pdf", "{name}");
        assert_eq!(r.parts[0].opaque.as_deref(), Some("unreadable"), "{name}");
        let detail = r.parts[0].detail.as_deref().unwrap_or("");
        assert!(detail.starts_with("PDF illisible"), "{name}: {detail}");
    }
}

#[test]
fn empty_file_is_an_empty_text_not_a_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vide.pdf");
    std::fs::write(&path, b"").unwrap();
    let (code, r) = scan_json(&path);
    assert_eq!((code, r.verdict.as_str()), (0, "pass"));
    assert_eq!(r.parts[0].size, 0);
}

#[test]
fn image_only_page_is_reported_as_image_pages() {
    let (code, r) = scan_json(&feature("image_only.pdf"));
    assert_eq!((code, r.verdict.as_str()), (1, "block"));
    assert_eq!(r.parts[0].opaque.as_deref(), Some("image_pages"));
    assert_eq!(r.parts[0].detail.as_deref(), Some("page(s) sans texte : 1"));
}

#[test]
fn text_inside_a_form_xobject_is_found_once() {
    let (_, r) = scan_json(&feature("xobject.pdf"));
    let name = the(&r, "person_name", "Jeanne LEROUX");
    assert_eq!(
        (name.location.origin.as_str(), name.location.page),
        ("page", Some(1))
    );
    assert!(!name.location.glyphs.is_empty());
    assert!(
        name.location.glyphs[0].stream.starts_with("xobject "),
        "{:?}",
        name.location.glyphs
    );
    the(&r, "diagnosis", "diabète de type 2");
}

#[test]
fn aphp_letter_metadata_is_extracted() {
    // Word wrote the author's login in /Author and dc:creator, and a blank title.
    let seg = segments(&sample("fr_aphp_edspdf_letter.pdf"));
    let author = seg
        .iter()
        .find(|(_, o, _)| *o == Origin::PdfInfo("Author".into()));
    assert_eq!(
        author.map(|(p, _, t)| (p.as_str(), t.as_str())),
        Some(("", "hamad"))
    );
    assert!(
        !seg.iter()
            .any(|(_, o, _)| *o == Origin::PdfInfo("Title".into()))
    );
    let xmp = text_of(&seg, &Origin::Xmp);
    assert!(xmp.lines().any(|l| l == "hamad"), "{xmp}");
    assert!(
        xmp.contains("Microsoft® Word pour Microsoft\u{a0}365"),
        "{xmp}"
    );
    assert!(
        !xmp.contains("uuid:") && !xmp.contains("2022-05-24"),
        "{xmp}"
    );
    let (code, r) = scan_json(&sample("fr_aphp_edspdf_letter.pdf"));
    assert!(code == 0 || code == 1, "{code}");
    assert_eq!(r.parts.len(), 1);
    assert_eq!(r.parts[0].opaque, None);
    assert_eq!(r.parts[0].pages, Some(1));
}

#[test]
fn word_author_name_is_extracted_from_the_ccda_sample() {
    let seg = segments(&sample("us_ccda_UD_sample.pdf"));
    let info: Vec<_> = seg
        .iter()
        .filter_map(|(_, o, t)| match o {
            Origin::PdfInfo(key) => Some((key.as_str(), t.as_str())),
            _ => None,
        })
        .collect();
    assert!(info.contains(&("Author", "Benjamin Flessner")), "{info:?}");
    assert!(
        info.contains(&("Creator", "Microsoft® Word 2013")),
        "{info:?}"
    );
    assert!(
        !info
            .iter()
            .any(|(k, _)| *k == "CreationDate" || *k == "ModDate")
    );
    assert!(!seg.iter().any(|(_, o, _)| *o == Origin::Xmp));
}

#[test]
fn info_entries_match_poppler_pdfinfo_on_every_corpus_pdf() {
    if !crate::common::tool("pdfinfo", "the comparison with pdfinfo") {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/pdf");
    let mut files: Vec<PathBuf> = ["features", "samples"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    files.sort();
    let mut compared = 0;
    for path in &files {
        let out = std::process::Command::new("pdfinfo")
            .args(["-custom", "-enc", "UTF-8"])
            .arg(path)
            .output()
            .unwrap();
        if !out.status.success() {
            continue; // damaged or needs a password: no reference
        }
        let mut expected: Vec<(String, String)> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.to_string(), v.trim().to_string()))
            .filter(|(k, v)| !v.is_empty() && k != "CreationDate" && k != "ModDate")
            .collect();
        let mut ours: Vec<(String, String)> = segments(path)
            .into_iter()
            .filter(|(part, _, _)| part.is_empty())
            .filter_map(|(_, o, t)| match o {
                Origin::PdfInfo(key) => Some((key, t.trim().to_string())),
                _ => None,
            })
            .filter(|(_, v)| !v.is_empty())
            .collect();
        expected.sort();
        ours.sort();
        assert_eq!(ours, expected, "{}", path.display());
        compared += 1;
    }
    assert!(compared >= 12, "only {compared} files compared");
}

#[test]
fn outlines_and_attachments_match_qpdf_json_on_every_corpus_pdf() {
    if !crate::common::tool("qpdf", "the check with qpdf") {
        return;
    }
    fn titles(items: &serde_json::Value, out: &mut Vec<String>) {
        for item in items.as_array().into_iter().flatten() {
            out.push(item["title"].as_str().unwrap_or_default().to_string());
            titles(&item["kids"], out);
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/pdf/features");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let out = std::process::Command::new("qpdf")
            .args(["--json", "--json-key=outlines", "--json-key=attachments"])
            .arg(&path)
            .output()
            .unwrap();
        if !out.status.success() || path.extension().is_none_or(|x| x != "pdf") {
            continue;
        }
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut expected = Vec::new();
        titles(&json["outlines"], &mut expected);
        let seg = segments(&path);
        let ours = text_of(&seg, &Origin::Outline);
        assert_eq!(ours, expected.join("\n"), "{}", path.display());
        // qpdf lists the name tree; every file there is a child part under its name.
        let bytes = std::fs::read(&path).unwrap();
        let doc = extract(&bytes, None, &Limits::default()).unwrap();
        let children: Vec<_> = doc
            .parts
            .iter()
            .filter(|p| !p.path.is_empty() && !p.path.contains('.'))
            .map(|p| p.name.clone().unwrap_or_default())
            .collect();
        for (_, att) in json["attachments"].as_object().into_iter().flatten() {
            let name = att["preferredname"].as_str().unwrap();
            assert!(
                children.iter().any(|c| c == name),
                "{}: {name}",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 11, "only {checked} files checked");
}

#[test]
fn damaged_copies_of_the_corpus_never_panic() {
    // Deterministic damage: bytes overwritten, cut short, or a stretch removed, at positions
    // drawn by a fixed linear congruential generator.
    let mut seed: u64 = 0x7a3b_9c1d;
    let mut next = move |bound: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % bound.max(1)
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/pdf/features");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    files.sort();
    let mut runs = 0;
    for path in files {
        let original = std::fs::read(&path).unwrap();
        if original.len() < 100 {
            continue;
        }
        for round in 0..100 {
            let mut bytes = original.clone();
            match round % 3 {
                0 => {
                    for _ in 0..8 {
                        let at = next(bytes.len());
                        bytes[at] = next(256) as u8;
                    }
                }
                1 => bytes.truncate(next(bytes.len())),
                _ => {
                    let at = next(bytes.len());
                    let len = next(200).min(bytes.len() - at);
                    bytes.drain(at..at + len);
                }
            }
            // Any result is fine (a part, possibly opaque, or a broken limit); a panic is not.
            let _ = extract(&bytes, None, &Limits::default());
            runs += 1;
        }
    }
    assert!(runs > 1000, "{runs}");
}

#[test]
fn object_streams_and_xref_streams_give_the_same_metadata() {
    let plain = segments(&feature("metadata_custom.pdf"));
    let packed = segments(&feature("metadata_custom_objstm.pdf"));
    assert!(plain.len() >= 8, "{}", plain.len());
    assert_eq!(packed, plain);
}

/// The PDF carried base64 in a CDA level-1 document (`nonXMLBody/text`) of `../shared/samples`,
/// which may not be copied into the project (no licence): read in place.
fn shared_cda_pdf(name: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/samples/cda")
        .join(name);
    let Ok(xml) = std::fs::read_to_string(&path) else {
        crate::common::skipped("this sample", &format!("{} is absent", path.display()));
        return None;
    };
    let body = &xml[xml.find("<nonXMLBody").unwrap()..];
    let text = &body[body.find("<text").unwrap()..];
    let start = text.find('>').unwrap() + 1;
    let end = text.find("</text>").unwrap();
    let b64: String = text[start..end].split_whitespace().collect();
    Some(
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap(),
    )
}

#[test]
fn word_author_of_real_cda_level1_pdfs_is_found_in_info_and_xmp() {
    let cases = [
        (
            "fr_BIO-CR-BIO_2021.01_CDA-R2-Niveau-1_nonXMLBody.xml",
            "Alain PERIE",
            false,
        ),
        (
            "fr_IMG_CR_IMG_2024.01_CDA-R2-Niveau-1_nonXMLBody.xml",
            "Romain SAGET-LETHIAS",
            true,
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (cda, author, has_xmp) in cases {
        let Some(pdf) = shared_cda_pdf(cda) else {
            return;
        };
        let path = dir.path().join("piece.pdf");
        std::fs::write(&path, pdf).unwrap();
        let (_, r) = scan_json(&path);
        assert_eq!(r.parts[0].format, "pdf", "{cda}");
        let info = the_in(&r, "pdf_info", "person_name", author);
        assert_eq!(info.location.name.as_deref(), Some("Author"), "{cda}");
        assert_eq!(
            found(&r, "person_name", author)
                .iter()
                .any(|f| f.location.origin == "xmp"),
            has_xmp,
            "{cda}"
        );
    }
}

/// What redaction will rely on, as the wire carries it: the NIR of a LibreOffice letter is one
/// run of glyphs of one text operation of page 1's content stream, one glyph per character
/// (LibreOffice draws the spaces too).
#[test]
fn report_locates_a_nir_by_page_operation_and_glyph_range() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/pdf/producers/libreoffice-odt.pdf");
    let (_, r) = scan_json(&path);
    let nir = the(&r, "nir", "1 48 09 76 259 112 30");
    assert_eq!(
        (nir.location.origin.as_str(), nir.location.page),
        ("page", Some(1))
    );
    assert_eq!(nir.location.glyphs.len(), 1, "{:?}", nir.location.glyphs);
    let g = &nir.location.glyphs[0];
    assert_eq!(g.stream, "page 1");
    assert!(g.op > 0);
    assert_eq!(
        g.last - g.first + 1,
        "1 48 09 76 259 112 30".chars().count() as u32
    );
}
