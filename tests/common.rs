//! What the test modules share: one engine for the whole binary, and the expectation checks
//! used by both the detector case files and the corpus.

use serde::Deserialize;
use std::sync::OnceLock;
use tamis::Category;
use tamis::scan::{Engine, Match, Scratch};

pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::builtin().expect("the shipped dictionaries build"))
}

pub fn scan(text: &str) -> Vec<Match> {
    engine().scan(text, &mut Scratch::default())
}

/// `{ category = "nir", text = "…", code = "E11", sensitive = true }`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub category: String,
    pub text: String,
    pub code: Option<String>,
    pub sensitive: Option<bool>,
    /// The clinical section the finding must be in (`history`, `assessment`…; `""`: none).
    /// Checked on findings located in a text document (`located`), not on bare scans.
    pub section: Option<String>,
}

/// A finding as the checks see it: category, text, code, tier.
#[derive(Debug, Clone)]
pub struct Seen {
    pub category: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub code: Option<String>,
    pub sensitive: bool,
    /// The finding's section, when it was located in a document (`None` for a bare scan).
    pub section: Option<String>,
}

/// The findings of `text` read as a plain-text document (extraction, scan, sections), with
/// their sections: what a case that expects a section is checked against.
pub fn located(text: &str) -> Vec<Seen> {
    let limits = tamis::extract::Limits::default();
    let doc = tamis::extract::extract(text.as_bytes(), Some("case.txt"), &limits)
        .expect("a case text extracts");
    let located = tamis::locate::findings(
        &doc,
        engine(),
        &mut Scratch::default(),
        tamis::report::Values::Clear,
    );
    located
        .findings
        .iter()
        .map(|f| Seen {
            category: f.category.as_str().to_string(),
            text: f.found.clone().unwrap_or_default(),
            start: f.location.start,
            end: f.location.end,
            code: f.code.clone(),
            sensitive: f.sensitive,
            section: Some(f.section.map_or("", |s| s.as_str()).to_string()),
        })
        .collect()
}

pub fn seen(text: &str, matches: &[Match]) -> Vec<Seen> {
    matches
        .iter()
        .map(|m| Seen {
            category: m.category.as_str().to_string(),
            text: text[m.start..m.end].to_string(),
            start: m.start,
            end: m.end,
            code: m.code.as_deref().map(str::to_string),
            sensitive: m.sensitive,
            section: None,
        })
        .collect()
}

/// Checks `expect` (each must be found: same category, its text contained in the finding's),
/// `absent` (no finding of these categories) and `not` (no finding of that category overlaps
/// the first occurrence of that text). Returns the failures, described.
pub fn check(
    text: &str,
    found: &[Seen],
    expect: &[Expect],
    absent: &[String],
    not: &[Expect],
) -> Vec<String> {
    let mut failures = Vec::new();
    for e in expect {
        assert!(
            e.category.parse::<Category>().is_ok(),
            "unknown category {:?} in an expectation",
            e.category
        );
        assert!(
            text.contains(&e.text),
            "expected text {:?} is not in the document",
            e.text
        );
        let ok = found.iter().any(|f| {
            f.category == e.category
                && f.text.contains(&e.text)
                && e.code.as_ref().is_none_or(|c| f.code.as_ref() == Some(c))
                && e.sensitive.is_none_or(|s| f.sensitive == s)
                && e.section
                    .as_ref()
                    .is_none_or(|s| f.section.as_ref() == Some(s))
        });
        if !ok {
            failures.push(format!(
                "missing {} {:?}{}{}{}",
                e.category,
                e.text,
                e.code
                    .as_ref()
                    .map(|c| format!(" code {c}"))
                    .unwrap_or_default(),
                e.sensitive
                    .map(|s| format!(" sensitive={s}"))
                    .unwrap_or_default(),
                e.section
                    .as_ref()
                    .map(|s| format!(" in section {s:?}"))
                    .unwrap_or_default()
            ));
        }
    }
    for a in absent {
        for f in found.iter().filter(|f| &f.category == a) {
            failures.push(format!("unexpected {} {:?}", f.category, f.text));
        }
    }
    for n in not {
        let Some(s) = text.find(&n.text) else {
            panic!("`not` text {:?} is not in the document", n.text);
        };
        let e = s + n.text.len();
        for f in found
            .iter()
            .filter(|f| f.category == n.category && f.start < e && s < f.end)
        {
            failures.push(format!(
                "unexpected {} {:?} over {:?}",
                f.category, f.text, n.text
            ));
        }
    }
    failures
}

/// Reads, extracts and scans the file at `path` (relative to the repository): its bytes, the
/// extraction and the report with values in clear, no action decided yet.
pub fn extracted(path: &str) -> (Vec<u8>, tamis::extract::Extraction, tamis::report::Report) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let limits = tamis::extract::Limits::default();
    let doc = tamis::extract::extract(&bytes, Some(path), &limits).expect("extraction");
    let report = tamis::pipeline::report(
        path,
        &doc,
        engine(),
        &mut Scratch::default(),
        tamis::report::Values::Clear,
    );
    (bytes, doc, report)
}

/// Extracts and scans the file at `path` (relative to the repository), marks every finding of
/// the given categories `remove` (the others `keep`), and redacts. Returns the minimised bytes
/// and the report it applied: a way to aim redaction at chosen categories whatever the policy
/// decides. Panics with the redaction error (which never holds document content).
pub fn redact_categories(path: &str, remove: &[Category]) -> (Vec<u8>, tamis::report::Report) {
    let (bytes, doc, mut report) = extracted(path);
    let limits = tamis::extract::Limits::default();
    for f in &mut report.findings {
        f.action = Some(if remove.contains(&f.category) {
            tamis::report::Action::Remove
        } else {
            tamis::report::Action::Keep
        });
    }
    report.verdict = tamis::report::Verdict::Minimise;
    let out = tamis::redact::redact(&bytes, &doc, &report, &limits)
        .unwrap_or_else(|e| panic!("{path}: redaction failed: {e}"));
    (out.bytes, report)
}

/// The values of `report`'s findings whose action is `remove` / `keep`, as found.
pub fn values(report: &tamis::report::Report, action: tamis::report::Action) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.action == Some(action))
        .filter_map(|f| f.found.clone())
        .collect()
}

/// The Debian packages that give the external tools some tests compare against: with all of
/// them installed, no test is skipped (`apt-get install poppler-utils qpdf libxml2-utils
/// postfix swaks python3 chromium libreoffice-writer-nogui libreoffice-calc-nogui
/// tesseract-ocr-fra`; the Postfix tests also need root).
pub const TOOL_PACKAGES: [(&str, &str); 10] = [
    ("pdftotext", "poppler-utils"),
    ("pdfinfo", "poppler-utils"),
    ("pdftoppm", "poppler-utils"),
    ("qpdf", "qpdf"),
    ("xmllint", "libxml2-utils"),
    ("postfix", "postfix"),
    ("python3", "python3"),
    ("chromium", "chromium"),
    ("soffice", "libreoffice-writer-nogui libreoffice-calc-nogui"),
    ("tesseract", "tesseract-ocr-fra"),
];

/// Whether CI asked for every external tool (`TAMIS_REQUIRE_TOOLS=1`): then a missing one
/// fails the test instead of skipping it.
pub fn tools_required() -> bool {
    std::env::var("TAMIS_REQUIRE_TOOLS").as_deref() == Ok("1")
}

/// Whether the external `name` is installed (found on `PATH`, or in `/usr/sbin`, `/sbin`).
/// When it is not, `what` (the check that needs it) is skipped with one line on standard error
/// naming the test, the check, the tool and its Debian package — or, with
/// `TAMIS_REQUIRE_TOOLS=1`, the test fails.
pub fn tool(name: &str, what: &str) -> bool {
    if installed(name) {
        return true;
    }
    let package = TOOL_PACKAGES
        .iter()
        .find(|(t, _)| *t == name)
        .map_or(name, |(_, p)| p);
    let why = format!("{name} is not installed (Debian package {package})");
    assert!(
        !tools_required(),
        "{what} cannot run (TAMIS_REQUIRE_TOOLS=1): {why}"
    );
    skipped(what, &why);
    false
}

/// Says that `what` is skipped and `why`, in one line on the process's standard error (past
/// the test harness's capture, so that `cargo test` shows it).
pub fn skipped(what: &str, why: &str) {
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr().lock(),
        "skipped in {test}: {what} — {why}"
    );
}

fn installed(name: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/sbin".into()])
        .map(|dir| dir.join(name))
        .any(|p| {
            std::fs::metadata(&p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

/// The pipeline `tamis milter --directory … --annuaire …` runs with the corpus directory
/// (`corpus/directory/`), built once for the whole test binary.
pub fn directory_pipeline() -> &'static tamis::pipeline::Pipeline {
    static P: OnceLock<tamis::pipeline::Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        let mut directory = tamis::recipients::Directory::new();
        directory
            .load_extract(std::path::Path::new("corpus/directory/extract_mssante.txt"))
            .unwrap();
        directory
            .load_csv(std::path::Path::new("corpus/directory/annuaire.csv"))
            .unwrap();
        let setup = tamis::decide::Setup {
            policy: tamis::policy::Policy::default(),
            directory,
        };
        tamis::pipeline::Pipeline::new(setup).unwrap()
    })
}

/// A one-page A4 PDF (header `version`) whose content stream is `content`; `image`, when
/// given, is its XObject `/Im0`.
pub fn one_page_pdf(version: &str, content: &[u8], image: Option<lopdf::Stream>) -> Vec<u8> {
    use lopdf::{Dictionary, Document, Object, Stream, dictionary};
    let mut doc = Document::with_version(version);
    let pages_id = doc.new_object_id();
    let mut page = dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    };
    if let Some(image) = image {
        let image_id = doc.add_object(image);
        let resources: Dictionary = dictionary! { "XObject" => dictionary! { "Im0" => image_id } };
        page.set("Resources", resources);
    }
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
    page.set("Contents", content_id);
    let page_id = doc.add_object(page);
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}
