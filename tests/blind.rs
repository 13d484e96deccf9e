//! The blind evaluation of issue 13 (§9): documents written and labelled by someone who never
//! ran tamis, frozen in `corpus/blind/` (`docs/` the documents, `labels/<doc>.toml` one label
//! file per document, `README.md` the labelling guide and the list of proven label errors).
//!
//! Every document goes through `tamis scan --format json`, with the fictional directory
//! (`corpus/directory/`) and, when its label file has a `[case]`, that case's context. The
//! findings are compared with the labelled mentions:
//!
//! - **Matching rule.** A finding matches a mention of the same category when their texts
//!   overlap, compared case- and whitespace-insensitively (typographic apostrophes and spaces
//!   unified): one text contains the other, or they share a run of at least two whole words
//!   that is at least half of the shorter one's words ("a perdu 5 kg" and "perdu 5 kg en deux
//!   mois"). A mention with `count = N` is N mentions. Each mention is matched at most once;
//!   a finding goes to the unmatched mention it overlaps most.
//! - A matched finding is a true positive; a finding of a scored category that matches no
//!   mention left is a false positive (a phrase split into two findings gives one TP and one
//!   FP); an unmatched mention is a false negative. Negated mentions (`negated = true`) are
//!   health mentions like any other (a document saying "pas de diabète" still speaks of it).
//! - Scored categories: every health category (`Category::is_health`) and every category that
//!   some label of the set names. Findings of other categories are not scored.
//! - Precision, recall, F1 per category; micro-F1 over all of them.
//! - **Verdict accuracy**: over the documents whose `[case]` gives a `verdict`.
//! - **Health phrases left in minimised copies**: for each document whose `[case]` expects
//!   `minimise`, `tamis redact` writes the copy, the copy is read back with tamis' own
//!   extraction, and every health mention labelled `action = "remove"` whose text is still in
//!   the copy's text (same comparison) is counted. A document tamis refuses to minimise (blocked
//!   or failed closed) leaves nothing, and is counted apart as "no copy".
//!
//! The table is printed and written to `target/eval-blind.txt` (or `$CARGO_TARGET_DIR`).

use crate::decisions::{Score, corpus, ratio};
use crate::wire::{WireReport, scan_json_with, tamis};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What the blind set measured at the end of issue 13 (2026-12-07, `corpus/blind/README.md`,
/// "Measurements"): micro-F1 0.789, verdicts 49/56, 42 health phrases left in 16 of 29 copies.
/// The floors hold those figures — not the targets of the issue (micro-F1 0.93), which were not
/// reached.
const FLOOR_MICRO_F1: f64 = 0.785;
const FLOOR_VERDICT: f64 = 0.87;
/// At most this many labelled health phrases left in the minimised copies.
const CEILING_LEFT: usize = 42;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelFile {
    /// The document, a path under the set's folder (`docs/001_cr_cardio.txt`).
    document: String,
    /// Who wrote it and in what format (for the reader; not scored).
    #[allow(dead_code)]
    writer: Option<String>,
    #[allow(dead_code)]
    format: Option<String>,
    #[serde(default)]
    mention: Vec<Mention>,
    case: Option<CaseContext>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Mention {
    category: String,
    text: String,
    count: Option<usize>,
    #[serde(default)]
    negated: bool,
    /// The sensitive tier (not scored here).
    #[allow(dead_code)]
    sensitive: Option<bool>,
    action: Option<String>,
    /// A note for the reader (not scored).
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseContext {
    purpose: Option<String>,
    to: Option<OneOrMany>,
    from: Option<String>,
    #[serde(default)]
    care_team: bool,
    #[serde(default)]
    consent: bool,
    #[serde(default)]
    opposition: bool,
    verdict: Option<String>,
    /// Why (for the reader; not scored).
    #[allow(dead_code)]
    why: Option<String>,
}

impl CaseContext {
    fn args(&self) -> Vec<String> {
        let mut a = Vec::new();
        if let Some(p) = &self.purpose {
            a.extend(["--purpose".into(), p.clone()]);
        }
        let to = match &self.to {
            None => vec![],
            Some(OneOrMany::One(t)) => vec![t.clone()],
            Some(OneOrMany::Many(v)) => v.clone(),
        };
        for t in to {
            a.extend(["--to".into(), t]);
        }
        if let Some(f) = &self.from {
            a.extend(["--from".into(), f.clone()]);
        }
        for (flag, on) in [
            ("--care-team", self.care_team),
            ("--consent", self.consent),
            ("--opposition", self.opposition),
        ] {
            if on {
                a.push(flag.into());
            }
        }
        a
    }
}

/// Lower case, whitespace runs as one space, typographic apostrophes and spaces unified.
pub(crate) fn norm(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' => '\'',
            '\u{00A0}' | '\u{202F}' | '\u{2009}' => ' ',
            '\u{2010}' | '\u{2011}' | '\u{2013}' => '-',
            c => c,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// How much two normalised texts overlap under the matching rule: 0 when they do not; else the
/// length (in words) of what they share, containment counting whole.
pub(crate) fn overlap(a: &str, b: &str) -> usize {
    let (wa, wb) = (words(a), words(b));
    if a.contains(b) || b.contains(a) {
        return wa.len().min(wb.len()).max(1);
    }
    // Longest common run of whole words.
    let mut best = 0;
    let mut prev = vec![0usize; wb.len() + 1];
    for x in &wa {
        let mut cur = vec![0usize; wb.len() + 1];
        for (j, y) in wb.iter().enumerate() {
            if x == y {
                cur[j + 1] = prev[j] + 1;
                best = best.max(cur[j + 1]);
            }
        }
        prev = cur;
    }
    let shorter = wa.len().min(wb.len());
    if best >= 2 && 2 * best >= shorter {
        best
    } else {
        0
    }
}

/// Matches one document's findings (category, text) with its mentions (category, text, count),
/// per category. `misses` gets the mentions not found and the findings that matched nothing.
pub(crate) fn match_document(
    mentions: &[(&str, &str, usize)],
    findings: &[(&str, &str)],
    scored: &BTreeSet<String>,
    misses: &mut Vec<String>,
) -> BTreeMap<String, Score> {
    let mut per: BTreeMap<String, Score> = BTreeMap::new();
    let mut left: Vec<(String, String, usize)> = mentions
        .iter()
        .map(|(c, t, n)| (c.to_string(), norm(t), *n))
        .collect();
    for (category, text) in findings {
        if !scored.contains(*category) {
            continue;
        }
        let got = norm(text);
        let best = left
            .iter()
            .enumerate()
            .filter(|(_, (c, _, n))| c == category && *n > 0)
            .map(|(i, (_, t, _))| (i, overlap(t, &got)))
            .filter(|(_, o)| *o > 0)
            .max_by_key(|(i, o)| (*o, std::cmp::Reverse(*i)));
        let s = per.entry(category.to_string()).or_default();
        match best {
            Some((i, _)) => {
                left[i].2 -= 1;
                s.tp += 1;
            }
            None => {
                s.fp += 1;
                misses.push(format!("  FP {category} « {got} »"));
            }
        }
    }
    for (c, t, n) in left {
        if n > 0 {
            per.entry(c.clone()).or_default().fn_ += n;
            misses.push(format!(
                "  FN {c} « {t} »{}",
                if n > 1 {
                    format!(" ×{n}")
                } else {
                    String::new()
                }
            ));
        }
    }
    per
}

/// One document of a blind set and its labels.
struct Doc {
    path: PathBuf,
    name: String,
    labels: LabelFile,
}

/// Reads every `dir/labels/*.toml` and the document it names (`document = "docs/…"`).
fn load(dir: &Path) -> Vec<Doc> {
    let mut labels: Vec<PathBuf> = std::fs::read_dir(dir.join("labels"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join("labels").display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    labels.sort();
    let mut docs = Vec::new();
    for label in labels {
        let src = std::fs::read_to_string(&label).unwrap();
        let labels: LabelFile =
            toml::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", label.display()));
        for m in &labels.mention {
            assert!(
                m.category.parse::<tamis::Category>().is_ok(),
                "{}: unknown category {}",
                label.display(),
                m.category
            );
        }
        let path = dir.join(&labels.document);
        assert!(
            path.is_file(),
            "{}: no document {}",
            label.display(),
            path.display()
        );
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        docs.push(Doc { path, name, labels });
    }
    docs
}

fn directory_args() -> Vec<String> {
    vec![
        "--directory".into(),
        corpus("directory/annuaire.csv").display().to_string(),
        "--annuaire".into(),
        corpus("directory/extract_mssante.txt")
            .display()
            .to_string(),
    ]
}

/// The whole text of a document as tamis reads it, normalised.
fn copy_text(bytes: &[u8], hint: &str) -> Option<String> {
    let limits = tamis::extract::Limits::default();
    let doc = tamis::extract::extract(bytes, Some(hint), &limits).ok()?;
    let mut all = String::new();
    for part in &doc.parts {
        for s in &part.segments {
            all.push_str(&s.text);
            all.push('\n');
        }
    }
    Some(norm(&all))
}

/// What one run of the scorer measured.
pub(crate) struct Eval {
    per: BTreeMap<String, Score>,
    micro: Score,
    verdicts: (usize, usize),
    left: usize,
    left_docs: usize,
    minimised: usize,
    no_copy: usize,
    table: String,
}

pub(crate) fn evaluate(dir: &Path, title: &str) -> Eval {
    let docs = load(dir);
    assert!(!docs.is_empty(), "{}: no document", dir.display());
    let mut scored: BTreeSet<String> = tamis::Category::ALL
        .iter()
        .filter(|c| c.is_health())
        .map(|c| c.as_str().to_string())
        .collect();
    for d in &docs {
        scored.extend(d.labels.mention.iter().map(|m| m.category.clone()));
    }
    let mut per: BTreeMap<String, Score> = BTreeMap::new();
    let mut verdicts = (0, 0);
    let (mut left, mut left_docs, mut minimised, mut no_copy) = (0, 0, 0, 0);
    let mut details = Vec::new();
    // A folder of its own for each run: the tests of this module run at the same time, in one
    // process, and one run's clean-up must not take another's copies away.
    let tmp_dir = tempfile::tempdir().unwrap();
    let tmp = tmp_dir.path().to_path_buf();
    for d in &docs {
        let mut args = directory_args();
        if let Some(c) = &d.labels.case {
            args.extend(c.args());
        }
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let (_, r): (i32, WireReport) = scan_json_with(&d.path, &a);
        let mentions: Vec<(&str, &str, usize)> = d
            .labels
            .mention
            .iter()
            .map(|m| (m.category.as_str(), m.text.as_str(), m.count.unwrap_or(1)))
            .collect();
        let findings: Vec<(&str, &str)> = r
            .findings
            .iter()
            .filter_map(|f| Some((f.category.as_str(), f.text.as_deref()?)))
            .collect();
        let mut misses = Vec::new();
        for (c, s) in match_document(&mentions, &findings, &scored, &mut misses) {
            per.entry(c).or_default().add(s);
        }
        if let Some(want) = d.labels.case.as_ref().and_then(|c| c.verdict.as_deref()) {
            verdicts.1 += 1;
            if r.verdict == want {
                verdicts.0 += 1;
            } else {
                misses.insert(0, format!("  verdict {} (expected {want})", r.verdict));
            }
            if want == "minimise" {
                minimised += 1;
                let out = tmp.join(&d.name);
                let _ = std::fs::remove_file(&out);
                let status = tamis()
                    .arg("redact")
                    .args(&a)
                    .arg("-o")
                    .arg(&out)
                    .arg(&d.path)
                    .output()
                    .unwrap();
                let copy = std::fs::read(&out)
                    .ok()
                    .filter(|_| status.status.success())
                    .and_then(|b| copy_text(&b, &d.name));
                match copy {
                    None => {
                        no_copy += 1;
                        misses.push("  no minimised copy".into());
                    }
                    Some(text) => {
                        let still: Vec<&Mention> = d
                            .labels
                            .mention
                            .iter()
                            .filter(|m| m.action.as_deref() == Some("remove"))
                            .filter(|m| {
                                m.category
                                    .parse::<tamis::Category>()
                                    .is_ok_and(|c| c.is_health())
                            })
                            .filter(|m| text.contains(&norm(&m.text)))
                            .collect();
                        if !still.is_empty() {
                            left_docs += 1;
                            left += still.len();
                            for m in still {
                                misses.push(format!(
                                    "  left in the copy: {} « {} »{}",
                                    m.category,
                                    norm(&m.text),
                                    if m.negated { " (negated)" } else { "" }
                                ));
                            }
                        }
                    }
                }
            }
        }
        if !misses.is_empty() {
            details.push(format!("{}:\n{}", d.name, misses.join("\n")));
        }
    }
    let mut micro = Score::default();
    let mut table = format!("{title}\n\n");
    table.push_str(&format!(
        "{:<22} {:>4} {:>4} {:>4} {:>9} {:>7} {:>6}\n",
        "category", "TP", "FP", "FN", "precision", "recall", "F1"
    ));
    for (c, s) in &per {
        micro.add(*s);
        table.push_str(&s.row(c));
    }
    table.push_str(&micro.row("micro (all)"));
    table.push('\n');
    table.push_str(&format!(
        "documents: {}\nverdict accuracy: {}/{} = {:.3}\n",
        docs.len(),
        verdicts.0,
        verdicts.1,
        ratio(verdicts.0, verdicts.1)
    ));
    table.push_str(&format!(
        "health phrases left in minimised copies: {left} in {left_docs} of {minimised} documents to minimise ({no_copy} without a copy)\n"
    ));
    if std::env::var_os("TAMIS_BLIND_DETAILS").is_some() {
        table.push_str(&format!("\n{}\n", details.join("\n")));
    }
    Eval {
        per,
        micro,
        verdicts,
        left,
        left_docs,
        minimised,
        no_copy,
        table,
    }
}

fn write_table(file: &str, table: &str) {
    let out = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(file), table).unwrap();
}

#[test]
fn overlap_rule() {
    assert!(overlap("diabète", "diabète de type 2") > 0);
    assert_eq!(overlap("a perdu 5 kg", "perdu 5 kg en deux mois"), 3);
    assert_eq!(overlap("troubles de la marche", "la marche"), 2);
    // One shared word is not an overlap.
    assert_eq!(overlap("troubles de la marche", "troubles du sommeil"), 0);
    // Two shared words out of eight are not enough.
    assert_eq!(overlap("de la a b c d e f", "de la x y z w v u"), 0);
}

#[test]
fn matching_counts_each_mention_once() {
    let scored: BTreeSet<String> = ["diagnosis", "clinical_finding", "nir"]
        .into_iter()
        .map(String::from)
        .collect();
    let mentions = [
        ("diagnosis", "Diabète de type 2", 1),
        ("clinical_finding", "chute", 2),
        ("clinical_finding", "fausses routes", 1),
    ];
    let findings = [
        ("diagnosis", "diabète  de TYPE 2"),
        ("clinical_finding", "chute"),
        ("clinical_finding", "chute"),
        ("clinical_finding", "chute"),
        ("person_name", "Jeanne Moreau"),
        ("diagnosis", "asthme"),
    ];
    let mut misses = Vec::new();
    let per = match_document(&mentions, &findings, &scored, &mut misses);
    assert_eq!(
        per["diagnosis"],
        Score {
            tp: 1,
            fp: 1,
            fn_: 0
        }
    );
    assert_eq!(
        per["clinical_finding"],
        Score {
            tp: 2,
            fp: 1,
            fn_: 1
        }
    );
    assert!(!per.contains_key("person_name"), "unscored category");
    assert_eq!(misses.len(), 3, "{misses:?}");
}

/// The scorer end to end on a small fixture of ours (`tests/data/blind_fixture/`, same layout
/// as `corpus/blind/`): it runs, scores what tamis surely finds, counts the verdict.
#[test]
fn blind_scorer_on_its_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/blind_fixture");
    let e = evaluate(&dir, "fixture");
    let d = &e.per["diagnosis"];
    assert!(d.tp >= 1, "{}", e.table);
    assert_eq!(e.verdicts.1, 2, "{}", e.table);
    assert_eq!(e.minimised, 1, "{}", e.table);
    assert!(e.per.contains_key("clinical_finding"), "{}", e.table);
    assert!(e.table.contains("micro (all)"));
    let _ = (e.left, e.left_docs, e.no_copy, e.micro);
}

/// The blind set of issue 13, held at what was measured at the end.
#[test]
fn blind_set_holds_its_measured_figures() {
    let dir = corpus("blind");
    let e = evaluate(&dir, "Blind evaluation: corpus/blind (tests/blind.rs)");
    println!("{}", e.table);
    write_table("eval-blind.txt", &e.table);
    assert!(
        e.micro.f1() >= FLOOR_MICRO_F1,
        "micro-F1 {:.3} below {FLOOR_MICRO_F1}\n{}",
        e.micro.f1(),
        e.table
    );
    let acc = ratio(e.verdicts.0, e.verdicts.1);
    assert!(
        acc >= FLOOR_VERDICT,
        "verdict accuracy {acc:.3}\n{}",
        e.table
    );
    assert!(
        e.left <= CEILING_LEFT,
        "{} phrases left\n{}",
        e.left,
        e.table
    );
}
