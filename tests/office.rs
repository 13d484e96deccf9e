//! Office documents (issue 14): what tamis finds in the files of `corpus/office/` (made by
//! python-docx, openpyxl, odfpy and LibreOffice, traps added by `scripts/corpus/gen_office.py`),
//! what it refuses and why, and the minimised copies checked by independent readers:
//! LibreOffice headless (one call converting every copy to text, one to CSV) and python-docx,
//! openpyxl and odfpy. A removed value must be absent from every entry of the package and from
//! what the readers see; a kept value must still be there.

use crate::common::{engine, skipped, tool, tools_required};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use tamis::Category;
use tamis::extract::{ExtractError, Format, Limits, Opaque, extract};
use tamis::redact::redact;
use tamis::report::{Action, Report, Values, Verdict};
use tamis::scan::Scratch;

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/office")
        .join(name)
}

fn report_of(name: &str, bytes: &[u8]) -> (tamis::extract::Extraction, Report) {
    let doc = extract(bytes, Some(name), &Limits::default()).expect("extraction");
    let report =
        tamis::pipeline::report(name, &doc, engine(), &mut Scratch::default(), Values::Clear);
    (doc, report)
}

/// (category, text) of every finding.
fn found(report: &Report) -> Vec<(Category, String)> {
    report
        .findings
        .iter()
        .map(|f| (f.category, f.found.clone().unwrap_or_default()))
        .collect()
}

/// What each file must give: (category, a text the finding holds).
const EXPECT: &[(&str, &[(Category, &str)])] = &[
    (
        "fiche_liaison.docx",
        &[
            // Over three differently formatted runs.
            (Category::PersonName, "Vasseur"),
            (Category::Diagnosis, "sclérose en plaques"),
            (Category::Diagnosis, "diabète"),
            (Category::Medication, "metformine"),
            (Category::Diagnosis, "insuffisance cardiaque"),
            // Deleted text of a tracked change.
            (Category::Diagnosis, "Parkinson"),
            // Header, footer, table.
            (Category::PersonName, "Bernadette Vasseur"),
            (Category::PersonName, "Paul Girard"),
            (Category::Phone, "06 12 34 56 78"),
            // Field code, hyperlink target in the .rels, comment and its author, text box,
            // hidden text, core.xml.
            (Category::Email, "bernadette.vasseur@orange.fr"),
            (Category::Email, "paul.girard@medecin.fr"),
            (Category::Diagnosis, "épilepsie"),
            (Category::Medication, "Dépakine"),
            (Category::Diagnosis, "Allergie"),
            (Category::Diagnosis, "VIH"),
            (Category::PersonName, "Nadia Lebrun"),
        ],
    ),
    (
        "traps.odt",
        &[
            (Category::PersonName, "Jean Dupont"),
            (Category::Diagnosis, "sclérose en plaques"),
            (Category::Diagnosis, "maladie de Parkinson"),
            (Category::Diagnosis, "épilepsie"),
            (Category::PersonName, "Paul Girard"),
            (Category::Email, "paul.girard@medecin.fr"),
            (Category::Diagnosis, "Insuffisance rénale chronique"),
        ],
    ),
    (
        "residents.xlsx",
        &[
            (Category::Diagnosis, "Parkinson"),
            (Category::Medication, "Modopar 125"),
            (Category::DisabilityDependency, "2"),
            (Category::Nir, "2 41 03 75 112 048 62"),
            // The very hidden sheet, the hidden sheet, the pivot cache of a deleted sheet.
            (Category::Diagnosis, "schizophrénie"),
            (Category::PersonName, "Claire Dumont"),
            (Category::Diagnosis, "sclérose en plaques"),
            (Category::Diagnosis, "hépatite C"),
            (Category::PersonName, "Nadia Lebrun"),
            // A threaded comment.
            (Category::Diagnosis, "maladie de Lyme"),
        ],
    ),
    (
        "residents_lo.xlsx",
        &[
            (Category::PersonName, "Bernadette Vasseur"),
            (Category::Diagnosis, "Alzheimer"),
            (Category::Medication, "Metformine 850"),
            (Category::Nir, "1 38 07 59 350 012 17"),
        ],
    ),
    (
        "residents_lo.ods",
        &[
            (Category::Diagnosis, "Parkinson"),
            (Category::Medication, "Donépézil"),
            (Category::Nir, "2 36 11 62 041 233 08"),
        ],
    ),
    (
        "residents_repeat.ods",
        &[
            (Category::Diagnosis, "Parkinson"),
            // After 16,000 repeated empty cells.
            (Category::PersonName, "Lucien Marchal"),
        ],
    ),
    (
        "synthese_lo.docx",
        &[
            (Category::PersonName, "Odette Ferrand"),
            (Category::BirthDate, "04/11/1936"),
            (Category::Diagnosis, "Alzheimer"),
        ],
    ),
    (
        "synthese_lo.rtf",
        &[
            (Category::PersonName, "Odette Ferrand"),
            (Category::BirthDate, "04/11/1936"),
            (Category::Diagnosis, "Alzheimer"),
            (Category::Medication, "Amlodipine"),
        ],
    ),
    (
        "lettre_word.rtf",
        &[
            // Over three formatted groups; accents as \'hh and as \uN with their fallback.
            (Category::PersonName, "Vasseur Bernadette"),
            (Category::BirthDate, "12/03/1941"),
            (Category::Diagnosis, "sclérose en plaques"),
            (Category::Diagnosis, "diabète de type 2"),
            (Category::Medication, "metformine"),
            // Hidden text, the field's mailto:, header, footer, footnote, annotation and its
            // author, \info fields, the revision authors.
            (Category::Diagnosis, "épilepsie"),
            (Category::Medication, "Dépakine"),
            (Category::Email, "bernadette.vasseur@orange.fr"),
            (Category::Nir, "2 41 03 75 112 048 62"),
            (Category::Phone, "06 12 34 56 78"),
            (Category::Diagnosis, "Insuffisance cardiaque"),
            (Category::Diagnosis, "Allergie à la pénicilline"),
            (Category::PersonName, "Nadia Lebrun"),
            (Category::PersonName, "Paul Girard"),
        ],
    ),
    (
        "synthese_lo.odt",
        &[
            (Category::PersonName, "Odette Ferrand"),
            (Category::Diagnosis, "pneumopathie"),
            (Category::Medication, "Amlodipine"),
        ],
    ),
];

#[test]
fn every_trap_is_found() {
    let mut failures = Vec::new();
    for (name, expect) in EXPECT {
        let bytes = std::fs::read(corpus(name)).unwrap();
        let (doc, report) = report_of(name, &bytes);
        assert!(
            doc.parts.iter().all(|p| p.opaque.is_none()),
            "{name}: no part is opaque (a thumbnail does not block): {:?}",
            doc.parts
        );
        let seen = found(&report);
        for (cat, text) in *expect {
            if !seen.iter().any(|(c, t)| c == cat && t.contains(text)) {
                failures.push(format!("{name}: {} {text:?} not found", cat.as_str()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A Word run hidden by `w:vanish` is read, found, and said hidden (issue 21 §3); the visible
/// text of the same document is not.
#[test]
fn a_hidden_word_run_is_found_and_said_hidden() {
    let bytes = std::fs::read(corpus("fiche_liaison.docx")).unwrap();
    let (_, report) = report_of("fiche_liaison.docx", &bytes);
    let hiv: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.found.as_deref().is_some_and(|t| t.contains("VIH")))
        .collect();
    assert!(!hiv.is_empty() && hiv.iter().all(|f| f.location.hidden));
    let visible = report
        .findings
        .iter()
        .find(|f| f.found.as_deref().is_some_and(|t| t.contains("metformine")))
        .expect("metformine");
    assert!(!visible.location.hidden);
}

#[test]
fn packages_take_their_format() {
    for (name, format) in [
        ("fiche_liaison.docx", Format::Docx),
        ("synthese_lo.docx", Format::Docx),
        ("residents.xlsx", Format::Xlsx),
        ("traps.odt", Format::Odt),
        ("synthese_lo.odt", Format::Odt),
        ("residents_lo.ods", Format::Ods),
    ] {
        let doc = extract(
            &std::fs::read(corpus(name)).unwrap(),
            Some(name),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(doc.parts[0].format, format, "{name}");
    }
}

#[test]
fn a_column_header_classifies_its_cells() {
    // "Parkinson" under "Pathologie" is a diagnosis fact, "2" under "GIR" a dependency one.
    let bytes = std::fs::read(corpus("residents.xlsx")).unwrap();
    let doc = extract(&bytes, None, &Limits::default()).unwrap();
    let facts: Vec<(Category, String)> = doc
        .parts
        .iter()
        .flat_map(|p| p.facts.iter())
        .map(|f| (f.category, f.text.clone().unwrap_or_default()))
        .collect();
    for (cat, text) in [
        (Category::Diagnosis, "Parkinson"),
        (Category::DisabilityDependency, "2"),
        (Category::Nir, "2 41 03 75 112 048 62"),
        (Category::PersonName, "Henri Tessier"),
    ] {
        assert!(
            facts.iter().any(|(c, t)| *c == cat && t == text),
            "{text:?} is a {} fact",
            cat.as_str()
        );
    }
    assert!(
        !facts.iter().any(|(_, t)| t == "Pathologie" || t == "12"),
        "headers and unclassified columns give no fact"
    );
    assert!(
        doc.notices
            .iter()
            .any(|n| n.kind == "hidden_sheet" && n.message.contains("2 feuille(s) masquée(s)")),
        "the hidden and very hidden sheets are told: {:?}",
        doc.notices
    );
}

#[test]
fn legacy_and_protected_files_are_refused_with_a_reason() {
    for (name, kind, says) in [
        (
            "synthese_lo.doc",
            "legacy_office",
            "enregistrez le document en .docx, .odt ou .pdf",
        ),
        (
            "residents_lo.xls",
            "legacy_office",
            "en .xlsx, .ods ou .pdf",
        ),
        ("encrypted.docx", "encrypted", "protégé par mot de passe"),
    ] {
        let doc = extract(
            &std::fs::read(corpus(name)).unwrap(),
            Some(name),
            &Limits::default(),
        )
        .unwrap();
        let Some(Opaque::Refused { kind: k, reason }) = &doc.parts[0].opaque else {
            panic!("{name} is refused: {:?}", doc.parts[0]);
        };
        assert_eq!(*k, kind, "{name}");
        assert!(reason.contains(says), "{name}: {reason}");
    }
    // Macros inside a package, and imported content: refused, the rest still read.
    let doc = extract(
        &std::fs::read(corpus("macros.docm")).unwrap(),
        None,
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(doc.parts[0].format, Format::Docx);
    assert!(
        doc.parts.iter().any(
            |p| matches!(&p.opaque, Some(Opaque::Refused { kind: "macros", reason }) if reason.contains("sans macros"))
        ),
        "vbaProject.bin is refused"
    );
    let bytes = std::fs::read(corpus("alt_chunk.docx")).unwrap();
    let (doc, report) = report_of("alt_chunk.docx", &bytes);
    assert!(
        matches!(
            &doc.parts[0].opaque,
            Some(Opaque::Refused {
                kind: "alt_chunk",
                ..
            })
        ),
        "{:?}",
        doc.parts[0]
    );
    assert!(
        found(&report)
            .iter()
            .any(|(c, t)| *c == Category::Diagnosis && t.contains("Alzheimer")),
        "the imported chunk is read all the same"
    );
    // A zip bomb in Office clothing breaks a limit.
    let err = extract(
        &std::fs::read(corpus("bomb.docx")).unwrap(),
        None,
        &Limits::default(),
    )
    .unwrap_err();
    assert!(matches!(err, ExtractError::Ratio { .. }), "{err}");
}

#[test]
fn an_encrypted_odf_package_and_an_xlsb_are_refused() {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    use std::io::Write;
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.text")
        .unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(&[0x8d, 0x13, 0x00, 0xff, 0x42]).unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(br#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry></manifest:manifest>"#).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let doc = extract(&bytes, None, &Limits::default()).unwrap();
    assert_eq!(doc.parts[0].format, Format::Odt);
    assert!(
        matches!(&doc.parts[0].opaque, Some(Opaque::Refused { kind: "encrypted", reason }) if reason.contains("mot de passe")),
        "{:?}",
        doc.parts[0]
    );
}

// ---------------------------------------------------------------------------------------------
// Minimised copies
// ---------------------------------------------------------------------------------------------

/// Categories removed in the copies; the others (phone numbers, care settings, dates of
/// findings…) are kept.
const REMOVE: [Category; 8] = [
    Category::PersonName,
    Category::Diagnosis,
    Category::Medication,
    Category::Nir,
    Category::Email,
    Category::BirthDate,
    Category::DisabilityDependency,
    Category::ClinicalFinding,
];

/// Files redacted, and a value each must keep.
const REDACTED: &[(&str, &str)] = &[
    ("fiche_liaison.docx", "06 12 34 56 78"),
    ("synthese_lo.docx", "Synthèse de séjour"),
    ("traps.odt", "Sortie prévue lundi"),
    ("synthese_lo.odt", "Synthèse de séjour"),
    ("residents.xlsx", "Chambre"),
    ("residents_lo.xlsx", "Chambre"),
    ("residents_lo.ods", "Chambre"),
    ("residents_repeat.ods", "Chambre"),
];

struct Copy {
    name: &'static str,
    bytes: Vec<u8>,
    removed: Vec<String>,
    kept: &'static str,
}

/// Every file of [`REDACTED`] minimised once (the library's post-condition checked too).
fn copies() -> &'static [Copy] {
    static COPIES: OnceLock<Vec<Copy>> = OnceLock::new();
    COPIES.get_or_init(|| {
        REDACTED
            .iter()
            .map(|&(name, kept)| {
                let bytes = std::fs::read(corpus(name)).unwrap();
                let (doc, mut report) = report_of(name, &bytes);
                for f in &mut report.findings {
                    f.action = Some(if REMOVE.contains(&f.category) {
                        Action::Remove
                    } else {
                        Action::Keep
                    });
                }
                report.verdict = Verdict::Minimise;
                let limits = Limits::default();
                let out = redact(&bytes, &doc, &report, &limits)
                    .unwrap_or_else(|e| panic!("{name}: {e}"))
                    .bytes;
                let expected = tamis::redact::expected_counts(&doc, &report);
                let again = extract(&out, Some(name), &limits).expect("the copy extracts");
                let left = tamis::redact::leftovers(&again, &expected);
                assert!(left.is_empty(), "{name}: leftovers {left:?}");
                let mut removed: Vec<String> = report
                    .findings
                    .iter()
                    .filter(|f| f.action == Some(Action::Remove))
                    .filter_map(|f| f.found.clone())
                    .filter(|v| v.chars().filter(|c| c.is_alphanumeric()).count() >= 4)
                    .collect();
                removed.sort();
                removed.dedup();
                Copy {
                    name,
                    bytes: out,
                    removed,
                    kept,
                }
            })
            .collect()
    })
}

/// Every entry of a zip, decompressed, as text (lossy), with `&amp;`-style references left.
fn entries(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("the copy is a zip");
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.insert(
            String::from_utf8_lossy(f.name_raw()).into_owned(),
            String::from_utf8_lossy(&data).into_owned(),
        );
    }
    out
}

/// Whether `value` is absent from `text`, a value removed elsewhere being allowed where the
/// input kept it too (counted the same way in input and copy).
fn absent_or_as_kept(value: &str, text: &str, input_count: usize, removed_count: usize) -> bool {
    text.matches(value).count() + removed_count <= input_count
}

#[test]
fn removed_values_are_gone_from_every_entry() {
    let mut failures = Vec::new();
    for c in copies() {
        let input = entries(&std::fs::read(corpus(c.name)).unwrap());
        let output = entries(&c.bytes);
        let all_in: String = input.values().cloned().collect();
        let all_out: String = output.values().cloned().collect();
        for v in &c.removed {
            if all_out.contains(v.as_str())
                && !absent_or_as_kept(v, &all_out, all_in.matches(v.as_str()).count(), 1)
            {
                failures.push(format!(
                    "{}: a removed value is still in the package",
                    c.name
                ));
            }
        }
        if !all_out.contains("[retir") && !all_out.contains("&#233;") {
            failures.push(format!("{}: no marker", c.name));
        }
        if !all_out.contains(c.kept) {
            failures.push(format!("{}: the kept {:?} is gone", c.name, c.kept));
        }
        if output
            .keys()
            .any(|k| k.starts_with("docProps/thumbnail") || k.starts_with("Thumbnails/"))
        {
            failures.push(format!("{}: the thumbnail stayed", c.name));
        }
        if output.values().any(|x| x.contains("thumbnail")) {
            failures.push(format!("{}: the thumbnail is still named", c.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn word_tracked_changes_are_accepted_and_comments_go_with_their_anchors() {
    let c = copies()
        .iter()
        .find(|c| c.name == "fiche_liaison.docx")
        .unwrap();
    let e = entries(&c.bytes);
    let doc = &e["word/document.xml"];
    assert!(
        !doc.contains("<w:del ") && !doc.contains("<w:ins "),
        "changes accepted"
    );
    assert!(!doc.contains("Parkinson"), "deleted text dropped");
    assert!(
        doc.contains("autonome pour la toilette"),
        "inserted text kept"
    );
    assert!(
        !doc.contains("w:commentReference"),
        "the anchor goes with the comment"
    );
    assert!(!e["word/comments.xml"].contains("<w:comment "));
    // The comment's rel and content type stay valid (an empty comments part).
    assert!(e.contains_key("word/comments.xml"));
}

/// Issue 14 §7: comments that hold a removed value are removed (not marked) with their
/// anchors; document properties holding one are blanked; pivot-cache records are dropped with
/// their content type.
#[test]
fn comments_properties_and_pivot_records_are_removed_not_marked() {
    let copy = |name: &str| {
        let c = copies().iter().find(|c| c.name == name).unwrap();
        entries(&c.bytes)
    };
    // A spreadsheet note holding a diagnosis, and the VML shape that anchors it on B2.
    let xlsx = copy("residents.xlsx");
    let comments = &xlsx["xl/comments/comment1.xml"];
    assert!(!comments.contains("<comment ") && !comments.contains("fracture"));
    assert!(comments.contains("<commentList"), "the list stays, empty");
    let vml = &xlsx["xl/drawings/commentsDrawing1.vml"];
    assert!(
        !vml.contains("ObjectType=\"Note\""),
        "the note's shape goes: {vml}"
    );
    assert!(vml.contains("shapetype"), "the rest of the drawing stays");
    // A threaded comment holding a diagnosis goes with its reply; the other one stays; the
    // person keeps a marker for a name (the comments left still point to it).
    let threaded = &xlsx["xl/threadedComments/threadedComment1.xml"];
    assert!(
        !threaded.contains("Lyme") && !threaded.contains("attendu"),
        "{threaded}"
    );
    assert!(threaded.contains("Liste mise"), "{threaded}");
    assert!(!xlsx["xl/persons/person.xml"].contains("Dumont"));
    // The pivot-cache records: gone, and no longer named.
    assert!(!xlsx.keys().any(|k| k.contains("pivotCacheRecords")));
    assert!(!xlsx["[Content_Types].xml"].contains("pivotCacheRecords"));
    // An ODF annotation holding a removed value, with its author.
    let odt = copy("traps.odt");
    assert!(!odt["content.xml"].contains("office:annotation"));
    assert!(!odt["content.xml"].contains("Girard"));
    // Document properties: the value blanked, no marker; the others kept.
    let docx = copy("fiche_liaison.docx");
    let core = &docx["docProps/core.xml"];
    assert!(core.contains("<dc:creator></dc:creator>"), "{core}");
    assert!(core.contains("<dc:title></dc:title>"), "{core}");
    assert!(!core.contains("retir"), "{core}");
    assert!(core.contains("generated by python-docx"));
}

#[test]
fn odf_copies_keep_the_package_rules() {
    for c in copies()
        .iter()
        .filter(|c| c.name.ends_with(".odt") || c.name.ends_with(".ods"))
    {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(&c.bytes)).unwrap();
        let m = z.by_index(0).unwrap();
        assert_eq!(m.name_raw(), b"mimetype", "{}", c.name);
        assert_eq!(
            m.compression(),
            zip::CompressionMethod::Stored,
            "{}",
            c.name
        );
        drop(m);
        let e = entries(&c.bytes);
        assert!(
            !e["content.xml"].contains("text:tracked-changes"),
            "{}",
            c.name
        );
        assert!(
            !e["META-INF/manifest.xml"].contains("Thumbnails/"),
            "{}",
            c.name
        );
    }
    // A number under "GIR" goes from what Calc shows (`office:value`), not only from its
    // paragraph.
    let c = copies()
        .iter()
        .find(|c| c.name == "residents_lo.ods")
        .unwrap();
    let content = &entries(&c.bytes)["content.xml"];
    for gir in [
        "office:value=\"2\"",
        "office:value=\"3\"",
        "office:value=\"1\"",
    ] {
        assert!(!content.contains(gir), "{gir} stayed");
    }
    assert!(
        content.contains("office:value=\"12\""),
        "the room numbers stay"
    );
}

// ---------------------------------------------------------------------------------------------
// Independent readers
// ---------------------------------------------------------------------------------------------

/// A scratch directory removed at the end.
struct Dir(PathBuf);

impl Dir {
    fn new(tag: &str) -> Dir {
        let d = std::env::temp_dir().join(format!("tamis-office-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Dir(d)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Converts `files` with one LibreOffice call (private profile) to `target` in `out`.
fn soffice(dir: &Path, files: &[PathBuf], target: &str, out: &Path) {
    let profile = dir.join("profile");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
        ])
        .arg(out)
        .args(files)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "soffice failed: {status:?}");
}

#[test]
fn libreoffice_opens_every_copy_without_the_removed_values() {
    if !tool("soffice", "LibreOffice reading the minimised Office copies") {
        return;
    }
    let dir = Dir::new("lo");
    let (mut texts, mut sheets) = (Vec::new(), Vec::new());
    for c in copies() {
        let p = dir.0.join(c.name);
        std::fs::write(&p, &c.bytes).unwrap();
        if c.name.ends_with(".docx") || c.name.ends_with(".odt") {
            texts.push(p);
        } else {
            sheets.push(p);
        }
    }
    let out = dir.0.join("out");
    std::fs::create_dir_all(&out).unwrap();
    soffice(&dir.0, &texts, "txt:Text (encoded):UTF8", &out);
    // Every sheet, each to its own file (the last token, -1).
    soffice(
        &dir.0,
        &sheets,
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        &out,
    );
    let mut failures = Vec::new();
    for c in copies() {
        let stem = Path::new(c.name)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let mut text = String::new();
        for e in std::fs::read_dir(&out).unwrap().flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            let ext_ok = n.ends_with(".txt") || n.ends_with(".csv");
            if ext_ok && (n.starts_with(&format!("{stem}.")) || n.starts_with(&format!("{stem}-")))
            {
                text.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
            }
        }
        if text.is_empty() {
            failures.push(format!("{}: LibreOffice gave no text", c.name));
            continue;
        }
        if !text.contains(c.kept) {
            failures.push(format!(
                "{}: LibreOffice does not show the kept {:?}",
                c.name, c.kept
            ));
        }
        if !text.contains("[retiré : ") {
            failures.push(format!("{}: LibreOffice shows no marker", c.name));
        }
        for v in &c.removed {
            if text.contains(v.as_str()) {
                failures.push(format!(
                    "{}: LibreOffice still shows a removed value",
                    c.name
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The Debian Python (python3-docx, python3-openpyxl, python3-odf), when it has the modules.
fn python_with(modules: &str) -> Option<&'static str> {
    for py in ["/usr/bin/python3", "python3"] {
        let ok = Command::new(py)
            .args(["-c", &format!("import {modules}")])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(py);
        }
    }
    let why = format!(
        "python3 with {modules} is not installed (python3-docx python3-openpyxl python3-odf \
         python3-olefile)"
    );
    assert!(
        !tools_required(),
        "the Python readers cannot run (TAMIS_REQUIRE_TOOLS=1): {why}"
    );
    skipped("the Python readers of the minimised Office copies", &why);
    None
}

/// What python-docx, openpyxl or odfpy read of a file: every paragraph, table cell, header and
/// footer; every cell of every sheet (hidden ones included); every text node.
const READ: &str = r#"
import sys
path = sys.argv[1]
if path.endswith(".docx"):
    import docx
    d = docx.Document(path)
    out = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            out += [c.text for c in row.cells]
    for s in d.sections:
        out += [p.text for p in s.header.paragraphs] + [p.text for p in s.footer.paragraphs]
    out.append(d.core_properties.author or "")
    out.append(d.core_properties.title or "")
elif path.endswith(".xlsx"):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            out += [str(v) for v in row if v is not None]
else:
    from odf.opendocument import load
    from odf import teletype, text, table
    d = load(path)
    out = [teletype.extractText(p) for p in d.getElementsByType(text.P)]
    out += [teletype.extractText(p) for p in d.getElementsByType(text.H)]
    out += [c.getAttribute("stringvalue") or "" for c in d.getElementsByType(table.TableCell)]
print("\n".join(out))
"#;

#[test]
fn python_readers_open_every_copy_without_the_removed_values() {
    let Some(py) = python_with("docx, openpyxl, odf") else {
        return;
    };
    let dir = Dir::new("py");
    let mut failures = Vec::new();
    for c in copies() {
        let p = dir.0.join(c.name);
        std::fs::write(&p, &c.bytes).unwrap();
        let out = Command::new(py)
            .args(["-c", READ])
            .arg(&p)
            .output()
            .unwrap();
        if !out.status.success() {
            failures.push(format!(
                "{}: the Python reader failed: {}",
                c.name,
                String::from_utf8_lossy(&out.stderr)
            ));
            continue;
        }
        let text = String::from_utf8_lossy(&out.stdout);
        if !text.contains(c.kept) {
            failures.push(format!("{}: the kept {:?} is not read", c.name, c.kept));
        }
        for v in &c.removed {
            if text.contains(v.as_str()) {
                failures.push(format!("{}: a removed value is read", c.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/// Python's `csv` module reads the copy with the input's dialect: rows and their field counts.
const READ_CSV: &str = r#"
import csv, sys
data = open(sys.argv[1], "rb").read()
try:
    text = data.decode("utf-8")
except UnicodeDecodeError:
    text = data.decode("cp1252")
dialect = csv.Sniffer().sniff(text.splitlines()[0] + "\n" + text.splitlines()[1])
rows = list(csv.reader(text.splitlines(), dialect))
print(" ".join(str(len(r)) for r in rows))
print("\n".join("\t".join(r) for r in rows))
"#;

#[test]
fn csv_columns_classify_and_the_copy_keeps_its_table() {
    for (name, sep) in [("residents.csv", ';'), ("residents_1252.csv", ',')] {
        let bytes = std::fs::read(corpus(name)).unwrap();
        let (doc, mut report) = report_of(name, &bytes);
        assert_eq!(doc.parts[0].format, Format::Csv, "{name}");
        let seen = found(&report);
        for (cat, text) in [
            (Category::Diagnosis, "Parkinson"),
            (Category::Medication, "Modopar 125"),
            (Category::PersonName, "Vasseur"),
        ] {
            assert!(
                seen.iter().any(|(c, t)| *c == cat && t.contains(text)),
                "{name}: {} {text:?}",
                cat.as_str()
            );
        }
        for f in &mut report.findings {
            f.action = Some(if REMOVE.contains(&f.category) {
                Action::Remove
            } else {
                Action::Keep
            });
        }
        report.verdict = Verdict::Minimise;
        let out = redact(&bytes, &doc, &report, &Limits::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .bytes;
        let text = tamis::input::decode(&out).text.into_owned();
        for v in [
            "Parkinson",
            "Modopar",
            "Vasseur",
            "diabète",
            "2 41 03 75 112 048 62",
        ] {
            assert!(!text.contains(v), "{name}: a removed value stayed");
        }
        assert!(
            text.contains("Chambre") && text.contains("[retiré : diagnostic]"),
            "{name}"
        );
        if !name.ends_with("1252.csv") {
            // The GIR column's values go ("2" would not be found without its header).
            assert!(!text.contains(";2;"), "the GIR column is removed");
        } else {
            assert!(out.contains(&0xe9), "the marker is written in Windows-1252");
        }
        // An independent reader sees the same table shape.
        let Some(py) = python_with("csv") else {
            continue;
        };
        let dir = Dir::new("csv");
        let p = dir.0.join(name);
        std::fs::write(&p, &out).unwrap();
        let o = Command::new(py)
            .args(["-c", READ_CSV])
            .arg(&p)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let stdout = String::from_utf8_lossy(&o.stdout);
        let counts: Vec<&str> = stdout.lines().next().unwrap().split(' ').collect();
        assert!(
            counts.iter().all(|c| *c == counts[0]),
            "{name}: {counts:?} ({sep:?})"
        );
        assert!(!stdout.contains("Parkinson"));
    }
}

#[test]
fn a_huge_repeat_count_moves_the_column_and_is_never_expanded() {
    // A billion empty cells before the header "Pathologie", and before the value below it: the
    // column count moves, nothing is expanded (expanded, this would not fit in memory).
    let row = |text: &str| {
        format!(
            r#"<table:table-row><table:table-cell table:number-columns-repeated="1000000000"/><table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell></table:table-row>"#
        )
    };
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="T"><table:table-row table:number-rows-repeated="1048576"><table:table-cell/></table:table-row>{}{}</table:table></office:spreadsheet></office:body></office:document-content>"#,
        row("Pathologie"),
        row("Dupuis")
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    use std::io::Write;
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let doc = extract(&bytes, None, &Limits::default()).unwrap();
    assert_eq!(doc.parts[0].format, Format::Ods);
    let facts: Vec<_> = doc.parts.iter().flat_map(|p| p.facts.iter()).collect();
    // The header row is the first rows' business: a million empty rows above push it out of
    // the top rows, so nothing is classified…
    assert!(facts.is_empty(), "{facts:?}");
    // …while without them "Dupuis" (a surname elsewhere) is a diagnosis here.
    let content = content.replace(
        r#"<table:table-row table:number-rows-repeated="1048576"><table:table-cell/></table:table-row>"#,
        "",
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let doc = extract(&bytes, None, &Limits::default()).unwrap();
    let facts: Vec<_> = doc
        .parts
        .iter()
        .flat_map(|p| p.facts.iter())
        .map(|f| (f.category, f.text.clone().unwrap_or_default()))
        .collect();
    assert_eq!(facts, [(Category::Diagnosis, "Dupuis".to_string())]);
}

// ---------------------------------------------------------------------------------------------
// RTF (issue 14 §5)
// ---------------------------------------------------------------------------------------------

/// Hidden text (`\v`) is found and said hidden; `\info` fields, the annotation and the field
/// instruction are segments of their own; skipped destinations (theme data, an unknown
/// `{\*…}`) are not read.
#[test]
fn rtf_hidden_text_info_and_destinations() {
    let bytes = std::fs::read(corpus("lettre_word.rtf")).unwrap();
    let (doc, report) = report_of("lettre_word.rtf", &bytes);
    assert_eq!(doc.parts[0].format, Format::Rtf);
    let hidden = |t: &str| {
        report
            .findings
            .iter()
            .find(|f| f.found.as_deref().is_some_and(|v| v.contains(t)))
            .map(|f| f.location.hidden)
    };
    assert_eq!(hidden("épilepsie"), Some(true));
    assert_eq!(hidden("Dépakine"), Some(true));
    assert_eq!(hidden("sclérose en plaques"), Some(false));
    let origins: Vec<String> = doc.parts[0]
        .segments
        .iter()
        .map(|s| match &s.origin {
            tamis::extract::Origin::Element(p) => p.clone(),
            o => o.kind().to_string(),
        })
        .collect();
    for o in [
        "body",
        "rtf/info/author",
        "rtf/info/company",
        "rtf/info/doccomm",
        "rtf/header",
        "rtf/footer",
        "rtf/footnote",
        "rtf/annotation",
        "rtf/annotation/author",
        "rtf/field",
        "rtf/bookmark",
        "rtf/revision_authors",
    ] {
        assert!(
            origins.iter().any(|x| x == o),
            "no {o} segment: {origins:?}"
        );
    }
    let all: String = doc.parts[0]
        .segments
        .iter()
        .map(|s| s.text.as_str())
        .collect();
    assert!(!all.contains("Mme Vasseur") && !all.contains("504b03"));
    assert!(
        !all.contains("\\'") && !all.contains("\\u"),
        "no control word in the text"
    );
}

/// The RTF files minimised: (file, a value each must keep).
const RTF_REDACTED: &[(&str, &str)] = &[
    ("lettre_word.rtf", "Sortie prévue lundi"),
    ("synthese_lo.rtf", "Synthèse de séjour"),
];

/// Each RTF file minimised: its copy, the values removed, and the copy's extraction equal to
/// the input's but for the removed values (each replaced by its marker).
fn rtf_copies() -> Vec<Copy> {
    RTF_REDACTED
        .iter()
        .map(|&(name, kept)| {
            let bytes = std::fs::read(corpus(name)).unwrap();
            let (doc, mut report) = report_of(name, &bytes);
            for f in &mut report.findings {
                f.action = Some(if REMOVE.contains(&f.category) {
                    Action::Remove
                } else {
                    Action::Keep
                });
            }
            report.verdict = Verdict::Minimise;
            let limits = Limits::default();
            let out = redact(&bytes, &doc, &report, &limits)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .bytes;
            let again = extract(&out, Some(name), &limits).expect("the copy extracts");
            let expected = tamis::redact::expected_counts(&doc, &report);
            let left = tamis::redact::leftovers(&again, &expected);
            assert!(left.is_empty(), "{name}: leftovers {left:?}");
            // Segment by segment: the input's text with the removed spans replaced by markers.
            let mut spans: Vec<Vec<((usize, usize), Category)>> =
                vec![Vec::new(); doc.parts[0].segments.len()];
            for f in &report.findings {
                if f.action != Some(Action::Remove) {
                    continue;
                }
                if let Some(tamis::finding::Source {
                    part: 0,
                    what: tamis::finding::SourceKind::Segment { index, start, end },
                }) = f.source
                {
                    spans[index].push(((start, end), f.category));
                }
            }
            let want: Vec<String> = doc.parts[0]
                .segments
                .iter()
                .zip(&spans)
                .map(|(s, sp)| tamis::redact::redact_str(&s.text, sp))
                .collect();
            let got: Vec<String> = again.parts[0]
                .segments
                .iter()
                .map(|s| s.text.clone())
                .collect();
            assert_eq!(
                got, want,
                "{name}: the copy reads as the input but for the cuts"
            );
            assert_eq!(
                again.parts[0].hidden.len(),
                doc.parts[0].hidden.len(),
                "{name}: hidden text stays hidden"
            );
            let mut removed: Vec<String> = report
                .findings
                .iter()
                .filter(|f| f.action == Some(Action::Remove))
                .filter_map(|f| f.found.clone())
                .filter(|v| v.chars().filter(|c| c.is_alphanumeric()).count() >= 4)
                .collect();
            removed.sort();
            removed.dedup();
            assert!(!removed.is_empty(), "{name}: something is removed");
            Copy {
                name,
                bytes: out,
                removed,
                kept,
            }
        })
        .collect()
}

/// The removed values are gone from the bytes (as written in RTF: plain, `\'hh`, `\uN`) and
/// LibreOffice opens every copy, shows the kept values and the markers, not the removed ones.
#[test]
fn rtf_copies_keep_everything_but_the_removed_values() {
    let copies = rtf_copies();
    for c in &copies {
        let raw = String::from_utf8_lossy(&c.bytes);
        assert!(raw.starts_with("{\\rtf1"), "{}", c.name);
        assert!(raw.contains("[retir\\u233? : "), "{}: a marker", c.name);
        for v in &c.removed {
            if v.is_ascii() {
                assert!(!raw.contains(v.as_str()), "{}: a removed value", c.name);
            }
        }
    }
    if !tool("soffice", "LibreOffice reading the minimised RTF copies") {
        return;
    }
    let dir = Dir::new("rtf");
    let files: Vec<PathBuf> = copies
        .iter()
        .map(|c| {
            let p = dir.0.join(c.name);
            std::fs::write(&p, &c.bytes).unwrap();
            p
        })
        .collect();
    let out = dir.0.join("out");
    std::fs::create_dir_all(&out).unwrap();
    soffice(&dir.0, &files, "txt:Text (encoded):UTF8", &out);
    for c in &copies {
        let stem = Path::new(c.name).file_stem().unwrap().to_string_lossy();
        let text = std::fs::read_to_string(out.join(format!("{stem}.txt")))
            .unwrap_or_else(|_| panic!("{}: LibreOffice gave no text", c.name));
        assert!(text.contains(c.kept), "{}: the kept {:?}", c.name, c.kept);
        assert!(
            text.contains("[retiré : "),
            "{}: LibreOffice shows a marker",
            c.name
        );
        for v in &c.removed {
            assert!(
                !text.contains(v.as_str()),
                "{}: LibreOffice still shows a removed value",
                c.name
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Outlook .msg (issue 14 §5)
// ---------------------------------------------------------------------------------------------

/// What each part of `transfert.msg` must give: (part path, category, text).
const MSG_EXPECT: &[(&str, Category, &str)] = &[
    ("", Category::PersonName, "Bernadette Vasseur"),
    ("", Category::BirthDate, "12/03/1941"),
    ("", Category::Diagnosis, "sclérose en plaques"),
    ("", Category::Medication, "metformine 850 mg"),
    // HTML body (Windows-1252), RTF body (compressed), the two attachments.
    ("1", Category::Phone, "06 12 34 56 78"),
    ("2", Category::Diagnosis, "insuffisance cardiaque"),
    ("3", Category::Diagnosis, "épilepsie"),
    ("4", Category::Diagnosis, "Allergie à la pénicilline"),
    // The attached message and its own attachment.
    ("5", Category::Nir, "2 41 03 75 112 048 62"),
    ("5", Category::Diagnosis, "Hépatite C"),
    ("5.1", Category::Diagnosis, "insuffisance rénale chronique"),
];

/// An Outlook message: subject, sender, recipients by type, the three bodies and the
/// attachments (an attached message read recursively) through the extraction dispatch.
#[test]
fn an_outlook_message_is_read_with_its_recipients_bodies_and_attachments() {
    let bytes = std::fs::read(corpus("transfert.msg")).unwrap();
    let (doc, report) = report_of("transfert.msg", &bytes);
    let formats: Vec<(&str, Format)> = doc
        .parts
        .iter()
        .map(|p| (p.path.as_str(), p.format))
        .collect();
    assert_eq!(
        formats,
        [
            ("", Format::Msg),
            ("1", Format::Html),
            ("2", Format::Rtf),
            ("3", Format::Text),
            ("4", Format::Rtf),
            ("5", Format::Msg),
            ("5.1", Format::Text),
        ]
    );
    assert!(doc.parts.iter().all(|p| p.opaque.is_none()));
    let headers = |part: usize, name: &str| -> Vec<&str> {
        doc.parts[part]
            .segments
            .iter()
            .filter(|s| s.origin == tamis::extract::Origin::Header(name.into()))
            .map(|s| s.text.as_str())
            .collect()
    };
    assert_eq!(
        headers(0, "Subject"),
        ["TR: Sortie de Mme Bernadette Vasseur"]
    );
    assert_eq!(
        headers(0, "From"),
        ["Nadia Lebrun <nadia.lebrun@ehpad-tilleuls.fr>"]
    );
    assert_eq!(headers(0, "To"), ["Paul Girard <paul.girard@medecin.fr>"]);
    assert_eq!(
        headers(0, "Cc"),
        ["Claire Dumont <claire.dumont@ssiad-nord.fr>"]
    );
    assert_eq!(
        headers(0, "Bcc"),
        ["Lucien Marchal <lucien.marchal@orange.fr>"]
    );
    assert_eq!(doc.parts[3].name.as_deref(), Some("compte_rendu.txt"));
    assert_eq!(
        doc.parts[5].name.as_deref(),
        Some("Résultats du laboratoire")
    );
    let mut failures = Vec::new();
    for &(path, cat, text) in MSG_EXPECT {
        let part = doc.parts.iter().position(|p| p.path == path).unwrap();
        let seen = report.findings.iter().any(|f| {
            f.category == cat
                && f.location.part == path
                && f.found.as_deref().is_some_and(|t| t.contains(text))
        });
        if !seen {
            failures.push(format!("part {path} ({part}): {} {text:?}", cat.as_str()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // An attached message's nesting counts against the depth limit.
    let shallow = Limits {
        max_depth: 1,
        ..Limits::default()
    };
    assert!(matches!(
        extract(&bytes, Some("transfert.msg"), &shallow),
        Err(ExtractError::TooDeep { .. })
    ));
}

/// A `.msg` is never minimised, half or whole: redaction says what to do instead.
#[test]
fn an_outlook_message_is_not_redacted_but_refused_with_a_reason() {
    let bytes = std::fs::read(corpus("transfert.msg")).unwrap();
    let (doc, mut report) = report_of("transfert.msg", &bytes);
    for f in &mut report.findings {
        f.action = Some(Action::Remove);
    }
    report.verdict = Verdict::Minimise;
    let err = redact(&bytes, &doc, &report, &Limits::default()).unwrap_err();
    assert_eq!(err.kind(), "unsupported");
    assert!(
        err.to_string()
            .contains("exportez-le en .eml ou en PDF pour l'envoyer minimisé"),
        "{err}"
    );
    // With nothing to remove, the message goes as it is.
    for f in &mut report.findings {
        f.action = Some(Action::Keep);
    }
    let out = redact(&bytes, &doc, &report, &Limits::default()).unwrap();
    assert_eq!(out.bytes, bytes);
}

/// What Python's `olefile` (Debian python3-olefile) reads of a `.msg`: the subject, the plain
/// body, the recipients' names, the attachments' names and data, the attached message's
/// subject — the streams tamis reads, by an independent reader of compound files.
const READ_MSG: &str = r#"
import json, sys, olefile
o = olefile.OleFileIO(sys.argv[1])
def text(path):
    if not o.exists(path):
        return None
    return o.openstream(path).read().decode("utf-16-le").rstrip("\x00")
def storages(prefix, under=()):
    names = set()
    for e in o.listdir(streams=True, storages=True):
        if tuple(e[:len(under)]) == tuple(under) and len(e) > len(under) and e[len(under)].startswith(prefix):
            names.add(e[len(under)])
    return sorted(names)
out = {
    "subject": text("__substg1.0_0037001F"),
    "body": text("__substg1.0_1000001F"),
    "recipients": [text(r + "/__substg1.0_3001001F") for r in storages("__recip_version1.0_#")],
    "attachments": [],
}
for a in storages("__attach_version1.0_#"):
    inner = a + "/__substg1.0_3701000D"
    if o.exists(inner):
        out["attachments"].append({"message": text(inner + "/__substg1.0_0037001F")})
    else:
        data = o.openstream(a + "/__substg1.0_37010102").read()
        out["attachments"].append({"name": text(a + "/__substg1.0_3707001F"), "size": len(data)})
print(json.dumps(out))
"#;

#[test]
fn olefile_reads_the_same_message_streams() {
    let Some(py) = python_with("olefile") else {
        return;
    };
    let path = corpus("transfert.msg");
    let out = Command::new(py)
        .args(["-c", READ_MSG])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "olefile: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let doc = extract(&bytes, Some("transfert.msg"), &Limits::default()).unwrap();
    let seg = |part: usize, origin: tamis::extract::Origin| {
        doc.parts[part]
            .segments
            .iter()
            .find(|s| s.origin == origin)
            .map(|s| s.text.clone())
    };
    use tamis::extract::Origin;
    assert_eq!(
        read["subject"].as_str(),
        seg(0, Origin::Header("Subject".into())).as_deref()
    );
    assert_eq!(read["body"].as_str(), seg(0, Origin::Body).as_deref());
    let names: Vec<&str> = read["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(names, ["Paul Girard", "Claire Dumont", "Lucien Marchal"]);
    for (k, name) in names.iter().enumerate() {
        let kind = ["To", "Cc", "Bcc"][k];
        let tamis = seg(0, Origin::Header(kind.into())).unwrap();
        assert!(tamis.starts_with(name), "{kind}");
    }
    let attachments = read["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 3);
    for (k, a) in attachments.iter().enumerate() {
        let part = doc
            .parts
            .iter()
            .find(|p| p.path == (k + 3).to_string())
            .unwrap();
        match a.get("message") {
            Some(subject) => assert_eq!(
                subject.as_str(),
                doc.parts
                    .iter()
                    .position(|p| p.path == part.path)
                    .and_then(|i| seg(i, Origin::Header("Subject".into())))
                    .as_deref()
            ),
            None => {
                assert_eq!(a["name"].as_str(), part.name.as_deref());
                assert_eq!(a["size"].as_u64(), Some(part.size as u64));
            }
        }
    }
}

/// Issue 14 §6: a legacy `.xls` (LibreOffice Calc's) is read with calamine for the report —
/// its cells found, its columns giving context — and still refused, with its reason.
#[test]
fn a_legacy_xls_is_read_for_the_report_and_still_refused() {
    let bytes = std::fs::read(corpus("residents_lo.xls")).unwrap();
    let (doc, report) = report_of("residents_lo.xls", &bytes);
    assert!(matches!(
        &doc.parts[0].opaque,
        Some(Opaque::Refused { kind: "legacy_office", reason }) if reason.contains(".xls")
    ));
    let seen = found(&report);
    for (cat, text) in [
        (Category::PersonName, "Bernadette Vasseur"),
        (Category::Diagnosis, "Parkinson"),
        (Category::Nir, "2 41 03 75 112 048 62"),
        (Category::Medication, "Donépézil"),
    ] {
        assert!(
            seen.iter().any(|(c, t)| *c == cat && t.contains(text)),
            "{} {text:?}",
            cat.as_str()
        );
    }
    // A GIR cell is a number: the column says what it is.
    assert!(
        doc.parts[0]
            .facts
            .iter()
            .any(|f| f.category == Category::DisabilityDependency)
    );
    assert_eq!(report.verdict, Verdict::Block);
}
