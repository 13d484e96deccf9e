//! The blind identifier set of issue 19 (§7): banners, tables and forms written and labelled by
//! a helper that never ran tamis, frozen in `corpus/blind19/` (`docs/` the documents,
//! `labels/<doc>.toml` one label file per document, `README.md` the labelling guide, `FROZEN`
//! the commit of the labels). Only identifier categories are labelled; each mention is an
//! identifier to find, or a **trap** (`trap = true`): a phrase that looks like an identifier
//! and must not be found. Stay numbers are `ipp` mentions with `stay = true`; tamis reports them
//! as `ipp` too (see ARCHITECTURE.md, "stay numbers"), so they are scored under `ipp`.
//!
//! Every document goes through `tamis scan --format json` with the fictional directory, as the
//! blind set of issue 13 does (`tests/blind.rs`), and its identifier findings (basis
//! `identifier`) are compared with the mentions under the same matching rule (`blind::overlap`:
//! texts compared case- and whitespace-insensitively, containment or a long enough shared run
//! of words; each mention occurrence matched at most once, a finding to the mention it overlaps
//! most):
//!
//! - **per category**: a finding matched with a mention of its own category is a true
//!   positive, any other identifier finding a false positive, an unmatched mention a false
//!   negative;
//! - **label-agnostic** (as `tests/eval.rs` reports it for the eds-pseudo templates): the same
//!   with every category merged, so a phone number found as an `ipp` still counts as found;
//! - **traps found**: the identifier findings that matched no labelled mention (label-agnostic)
//!   and do match a trap: each trap occurrence found is a false positive of the worst kind.
//!
//! The table goes to stdout and to `target/eval-blind19.txt`; `TAMIS_BLIND_DETAILS=1` adds the
//! misses with their (fictitious) text. The floors are the figures measured at the end of issue
//! 19; the labels are never edited here (see the set's README for proven label errors).

use crate::blind::{norm, overlap};
use crate::decisions::{Score, corpus};
use crate::wire::scan_json_with;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Floors, from the figures measured at the end of issue 19 (2026-12-07, README.md's quality
/// section): label-agnostic identifier recall 436/515 = 0.847 (0.643 before the rules),
/// per-category micro precision 434/454 = 0.956 (0.971 before), 3 of 107 trap occurrences
/// found (1 before). Lower one only with a reason in the commit that does it.
/// Stop 14 (2026-12-07): recall raised, 440/515 = 0.854 (unknown surnames after a known first
/// name: person_name 202 → 206 found, no new false positive); precision lowered once, 438/459 =
/// 0.954, after the INSEE communes (a commune before its postal code, "… dans le 75001", a verb
/// of living + commune): one more address finding that matches no label here, for VILLE recall
/// 0.586 → 0.644 and ZIP 0.852 → 0.869 on the eds-pseudo templates. Then addresses abroad
/// (street word glued or in front, postal line, country): address 50 → 52 found, one more
/// finding without a label; precision 440/462 = 0.952, recall 442/515 = 0.858. Then phones
/// abroad: 23 → 25 found, one more without a label; precision 442/465 = 0.951, recall 445/515
/// = 0.864.
const FLOOR_AGNOSTIC_RECALL: f64 = 0.860;
const FLOOR_PRECISION: f64 = 0.950;
const CEILING_TRAPS: usize = 3;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelFile {
    document: String,
    #[allow(dead_code)]
    writer: Option<String>,
    #[allow(dead_code)]
    format: Option<String>,
    #[serde(default)]
    mention: Vec<Mention>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Mention {
    category: String,
    text: String,
    count: Option<usize>,
    #[serde(default)]
    stay: bool,
    #[serde(default)]
    trap: bool,
    #[allow(dead_code)]
    note: Option<String>,
}

/// One occurrence list to match against: category, normalised text, occurrences left.
struct Want {
    category: String,
    text: String,
    left: usize,
}

/// Gives each finding to the mention (of the same category when `by_category`) with occurrences
/// left that it overlaps most; returns for each finding whether it was matched, and leaves the
/// unmatched occurrences in `wants`.
fn assign(wants: &mut [Want], findings: &[(String, String)], by_category: bool) -> Vec<bool> {
    findings
        .iter()
        .map(|(category, text)| {
            let best = wants
                .iter()
                .enumerate()
                .filter(|(_, w)| w.left > 0 && (!by_category || &w.category == category))
                .map(|(i, w)| (i, overlap(&w.text, text)))
                .filter(|(_, o)| *o > 0)
                .max_by_key(|(i, o)| (*o, std::cmp::Reverse(*i)));
            match best {
                Some((i, _)) => {
                    wants[i].left -= 1;
                    true
                }
                None => false,
            }
        })
        .collect()
}

/// What one run measured.
struct Eval {
    per: BTreeMap<String, Score>,
    agnostic: Score,
    stay: (usize, usize),
    traps: (usize, usize),
    table: String,
}

impl Eval {
    fn micro(&self) -> Score {
        let mut s = Score::default();
        for v in self.per.values() {
            s.add(*v);
        }
        s
    }
}

fn load(dir: &Path) -> Vec<(PathBuf, String, LabelFile)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("labels"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join("labels").display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let src = std::fs::read_to_string(&f).unwrap();
            let labels: LabelFile =
                toml::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            for m in &labels.mention {
                let c: tamis::Category = m
                    .category
                    .parse()
                    .unwrap_or_else(|_| panic!("{}: unknown category {}", f.display(), m.category));
                assert_eq!(
                    c.basis(),
                    tamis::Basis::Identifier,
                    "{}: not an identifier",
                    f.display()
                );
            }
            let path = dir.join(&labels.document);
            assert!(path.is_file(), "{}: no document", f.display());
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (path, name, labels)
        })
        .collect()
}

fn evaluate(dir: &Path) -> Eval {
    let docs = load(dir);
    let directory = [
        "--directory".to_string(),
        corpus("directory/annuaire.csv").display().to_string(),
        "--annuaire".to_string(),
        corpus("directory/extract_mssante.txt")
            .display()
            .to_string(),
    ];
    let args: Vec<&str> = directory.iter().map(String::as_str).collect();
    let mut per: BTreeMap<String, Score> = BTreeMap::new();
    let mut agnostic = Score::default();
    let (mut stay, mut traps) = ((0, 0), (0, 0));
    let mut details = Vec::new();
    for (path, name, labels) in &docs {
        let (_, report) = scan_json_with(path, &args);
        let findings: Vec<(String, String)> = report
            .findings
            .iter()
            .filter(|f| {
                f.category
                    .parse::<tamis::Category>()
                    .is_ok_and(|c| c.basis() == tamis::Basis::Identifier)
            })
            .filter_map(|f| Some((f.category.clone(), norm(f.text.as_deref()?))))
            .collect();
        let want = |trap: bool| -> Vec<Want> {
            labels
                .mention
                .iter()
                .filter(|m| m.trap == trap)
                .map(|m| Want {
                    category: m.category.clone(),
                    text: norm(&m.text),
                    left: m.count.unwrap_or(1),
                })
                .collect()
        };
        let mut misses = Vec::new();

        // Per category.
        let mut ids = want(false);
        let matched = assign(&mut ids, &findings, true);
        for ((category, text), ok) in findings.iter().zip(&matched) {
            let s = per.entry(category.clone()).or_default();
            if *ok {
                s.tp += 1;
            } else {
                s.fp += 1;
                misses.push(format!("  FP {category} « {text} »"));
            }
        }
        for w in &ids {
            if w.left > 0 {
                per.entry(w.category.clone()).or_default().fn_ += w.left;
                misses.push(format!("  FN {} « {} » ×{}", w.category, w.text, w.left));
            }
        }
        // Stay numbers found as `ipp`.
        for m in labels.mention.iter().filter(|m| m.stay && !m.trap) {
            let n = m.count.unwrap_or(1);
            stay.1 += n;
            let t = norm(&m.text);
            let left = ids
                .iter()
                .find(|w| w.category == m.category && w.text == t)
                .map_or(0, |w| w.left);
            stay.0 += n.saturating_sub(left);
        }

        // Label-agnostic, then traps among what matched no identifier.
        let mut any = want(false);
        for w in any.iter_mut() {
            w.category.clear();
        }
        let agn_findings: Vec<(String, String)> = findings
            .iter()
            .map(|(_, t)| (String::new(), t.clone()))
            .collect();
        let matched = assign(&mut any, &agn_findings, true);
        let total: usize = labels
            .mention
            .iter()
            .filter(|m| !m.trap)
            .map(|m| m.count.unwrap_or(1))
            .sum();
        let missed: usize = any.iter().map(|w| w.left).sum();
        agnostic.tp += total - missed;
        agnostic.fn_ += missed;
        agnostic.fp += matched.iter().filter(|m| !**m).count();
        let mut trap_wants = want(true);
        for w in trap_wants.iter_mut() {
            w.category.clear();
        }
        traps.1 += trap_wants.iter().map(|w| w.left).sum::<usize>();
        let stray: Vec<(String, String)> = agn_findings
            .into_iter()
            .zip(&matched)
            .filter(|(_, m)| !**m)
            .map(|(f, _)| f)
            .collect();
        let hit = assign(&mut trap_wants, &stray, true);
        for ((_, text), h) in stray.iter().zip(&hit) {
            if *h {
                traps.0 += 1;
                misses.push(format!("  TRAP « {text} »"));
            }
        }
        if !misses.is_empty() {
            details.push(format!("{name}:\n{}", misses.join("\n")));
        }
    }

    let mut table =
        String::from("Blind identifier set of issue 19: corpus/blind19 (tests/blind19.rs)\n\n");
    table.push_str(&format!(
        "{:<22} {:>4} {:>4} {:>4} {:>9} {:>7} {:>6}\n",
        "category", "TP", "FP", "FN", "precision", "recall", "F1"
    ));
    let mut micro = Score::default();
    for (c, s) in &per {
        micro.add(*s);
        table.push_str(&s.row(c));
    }
    table.push_str(&micro.row("micro (per category)"));
    table.push_str(&agnostic.row("label-agnostic"));
    table.push_str(&format!(
        "\ndocuments: {}\nstay numbers found as ipp: {}/{}\ntrap occurrences found (false positives): {}/{}\n",
        docs.len(),
        stay.0,
        stay.1,
        traps.0,
        traps.1
    ));
    if std::env::var_os("TAMIS_BLIND_DETAILS").is_some() {
        table.push_str(&format!("\n{}\n", details.join("\n")));
    }
    Eval {
        per,
        agnostic,
        stay,
        traps,
        table,
    }
}

#[test]
fn assignment_counts_each_occurrence_once() {
    let mut wants = vec![
        Want {
            category: "address".into(),
            text: norm("Tarbes"),
            left: 1,
        },
        Want {
            category: "person_name".into(),
            text: norm("Alain Ferrando"),
            left: 1,
        },
    ];
    let findings = vec![
        ("address".to_string(), norm("Tarbes")),
        ("address".to_string(), norm("Tarbes")),
        ("person_name".to_string(), norm("ALAIN FERRANDO")),
        ("phone".to_string(), norm("Alain Ferrando")),
    ];
    assert_eq!(
        assign(&mut wants, &findings, true),
        [true, false, true, false]
    );
    assert!(wants.iter().all(|w| w.left == 0));
}

/// The set, held at what was measured at the end of issue 19.
#[test]
fn blind19_holds_its_measured_figures() {
    let e = evaluate(&corpus("blind19"));
    println!("{}", e.table);
    let out = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("eval-blind19.txt"), &e.table).unwrap();
    assert_eq!(e.traps.1, 107, "trap occurrences of the frozen set");
    assert_eq!(
        e.agnostic.tp + e.agnostic.fn_,
        515,
        "identifier occurrences of the frozen set"
    );
    assert!(e.stay.1 == 26, "stay numbers of the frozen set");
    assert!(
        e.agnostic.recall() >= FLOOR_AGNOSTIC_RECALL,
        "label-agnostic recall {:.3} below {FLOOR_AGNOSTIC_RECALL}\n{}",
        e.agnostic.recall(),
        e.table
    );
    assert!(
        e.micro().precision() >= FLOOR_PRECISION,
        "precision {:.3} below {FLOOR_PRECISION}\n{}",
        e.micro().precision(),
        e.table
    );
    assert!(
        e.traps.0 <= CEILING_TRAPS,
        "{} trap occurrences found\n{}",
        e.traps.0,
        e.table
    );
}
