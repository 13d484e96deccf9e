//! What a kept word gives away (issue 13 §7). When a recipient may not receive a diagnosis, a
//! finding that is kept for them but names it all the same — a drug specific to that disease
//! (an antiretroviral, lithium, an anti-Alzheimer drug), a care setting named after it (unité
//! Alzheimer, CSAPA, CeGIDD) — goes too, with a reason the sender can read ("révèle le
//! diagnostic retiré").
//!
//! The links are the curated table `dictionaries/reveal/reveal.tsv`: disease groups, each with
//! the CIM-10 prefixes and words of its diagnoses and the ATC prefixes, drug words and setting
//! phrases that reveal it. [`extend`] runs on the decisions per recipient, after the policy and
//! before they are applied to the report: it only ever adds removals.

use super::{RecipientDecision, Rule, Verdict};
use crate::category::Category;
use crate::finding::Finding;
use crate::position::Position;
use crate::scan::normalize::fold;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../dictionaries/reveal/reveal.tsv");

/// One disease group of the table.
#[derive(Debug, Default)]
struct Group {
    name: String,
    cim10: Vec<String>,
    words: Vec<String>,
    atc: Vec<String>,
    drugs: Vec<String>,
    settings: Vec<String>,
}

/// The table, parsed.
#[derive(Debug)]
pub struct Reveals {
    groups: Vec<Group>,
}

/// A line of the table that does not parse (the shipped table is tested): `reveal.tsv:line:
/// message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{position}: {message}")]
pub struct RevealError {
    pub position: Position,
    pub message: String,
}

impl Reveals {
    /// Parses a table (`group<TAB>kind<TAB>value`).
    pub fn parse(src: &str) -> Result<Reveals, RevealError> {
        let mut groups: Vec<Group> = Vec::new();
        for (n, line) in src.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: String| RevealError {
                position: Position::at_line("reveal.tsv", n + 1),
                message,
            };
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [group, kind, value] = cols[..] else {
                return Err(err("expected group, kind, value".into()));
            };
            if value.is_empty() {
                return Err(err("empty value".into()));
            }
            let i = match groups.iter().position(|g| g.name == group) {
                Some(i) => i,
                None => {
                    groups.push(Group {
                        name: group.to_string(),
                        ..Group::default()
                    });
                    groups.len() - 1
                }
            };
            let g = &mut groups[i];
            match kind {
                "cim10" => g.cim10.push(value.to_ascii_uppercase()),
                "atc" => g.atc.push(value.to_ascii_uppercase()),
                "word" => g.words.push(fold(value)),
                "drug" => g.drugs.push(fold(value)),
                "setting" => g.settings.push(fold(value)),
                other => return Err(err(format!("unknown kind {other:?}"))),
            }
        }
        Ok(Reveals { groups })
    }

    /// The shipped table.
    pub fn builtin() -> &'static Reveals {
        static R: OnceLock<Reveals> = OnceLock::new();
        R.get_or_init(|| Reveals::parse(TABLE).expect("dictionaries/reveal/reveal.tsv parses"))
    }

    /// The groups a removed diagnosis belongs to (indices).
    fn diagnosis_groups(&self, f: &Finding) -> Vec<usize> {
        let code = f
            .code
            .as_deref()
            .map(|c| c.replace('.', "").to_ascii_uppercase());
        let text = f.found.as_deref().or(f.text.as_deref()).map(fold);
        (0..self.groups.len())
            .filter(|&i| {
                let g = &self.groups[i];
                code.as_deref()
                    .is_some_and(|c| g.cim10.iter().any(|p| c.starts_with(p.as_str())))
                    || text
                        .as_deref()
                        .is_some_and(|t| g.words.iter().any(|w| holds(t, w)))
            })
            .collect()
    }

    /// Does a kept finding reveal one of `groups`? (Its text folded once.)
    fn reveals_any(&self, groups: &[usize], f: &Finding) -> bool {
        if !matches!(
            f.category,
            Category::Medication | Category::CareSetting | Category::Procedure
        ) {
            return false;
        }
        let text = f.found.as_deref().or(f.text.as_deref()).map(fold);
        let text = text.as_deref().unwrap_or("");
        groups.iter().any(|&g| self.reveals(g, f, text))
    }

    /// Does a kept finding (its folded `text`) reveal group `i`?
    fn reveals(&self, i: usize, f: &Finding, text: &str) -> bool {
        let g = &self.groups[i];
        match f.category {
            Category::Medication => {
                f.code.as_deref().is_some_and(|c| {
                    let c = c.to_ascii_uppercase();
                    g.atc.iter().any(|p| c.starts_with(p.as_str()))
                }) || g.drugs.iter().any(|w| holds(text, w))
            }
            Category::CareSetting | Category::Procedure => {
                g.settings.iter().any(|w| holds(text, w))
            }
            _ => false,
        }
    }
}

/// Does the folded `text` hold `value` at a word start — as a whole word when `value` is short
/// (`cmp`, `sep`, `vih`), as a stem when it is six letters or more (`schizophren`)?
fn holds(text: &str, value: &str) -> bool {
    let value = value.to_lowercase();
    let mut from = 0;
    while let Some(i) = text[from..].find(value.as_str()) {
        let s = from + i;
        let e = s + value.len();
        let start_ok = text[..s]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let end_ok = value.chars().count() >= 6
            || text[e..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
        if start_ok && end_ok {
            return true;
        }
        from = s + value.len().max(1);
        while !text.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// Adds to each recipient's removals the kept drugs and care settings that reveal a diagnosis
/// removed for that recipient, with a reason.
pub fn extend(decisions: &mut [RecipientDecision], findings: &[Finding]) {
    extend_with(Reveals::builtin(), decisions, findings);
}

/// [`extend`] with a given table.
pub fn extend_with(table: &Reveals, decisions: &mut [RecipientDecision], findings: &[Finding]) {
    for d in decisions.iter_mut() {
        let mut groups: Vec<usize> = d
            .remove
            .iter()
            .filter_map(|&i| findings.get(i))
            .filter(|f| f.category == Category::Diagnosis)
            .flat_map(|f| table.diagnosis_groups(f))
            .collect();
        groups.sort_unstable();
        groups.dedup();
        if groups.is_empty() {
            continue;
        }
        crate::work::add(findings.len());
        let mut removed = vec![false; findings.len()];
        for &i in &d.remove {
            if let Some(r) = removed.get_mut(i) {
                *r = true;
            }
        }
        let more: Vec<usize> = (0..findings.len())
            .filter(|&i| !removed[i])
            .filter(|&i| table.reveals_any(&groups, &findings[i]))
            .collect();
        if more.is_empty() {
            continue;
        }
        d.remove.extend(more);
        d.remove.sort_unstable();
        let reason = Rule::RevealsRemovedDiagnosis.reason(
            "Retiré aussi : un médicament ou un lieu de soins gardé révèle le diagnostic \
             retiré (révèle le diagnostic retiré).",
        );
        if !d.reasons.contains(&reason) {
            d.reasons.push(reason);
        }
        if d.verdict == Verdict::Pass {
            d.verdict = Verdict::Minimise;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_parses_with_its_groups() {
        let t = Reveals::builtin();
        for g in [
            "vih",
            "bipolaire",
            "psychose",
            "opiaces",
            "sep",
            "alzheimer",
        ] {
            assert!(t.groups.iter().any(|x| x.name == g), "{g}");
        }
        assert!(Reveals::parse("vih\tnope\tx\n").is_err());
        assert!(Reveals::parse("vih\tatc\n").is_err());
    }

    #[test]
    fn words_are_whole_when_short_and_stems_when_long() {
        assert!(holds("suivi au cmp de dax", "cmp"));
        assert!(!holds("cmpx", "cmp"));
        assert!(holds("sep remittente", "sep"));
        assert!(!holds("sepsis", "sep"));
        assert!(holds("schizophrenie paranoide", "schizophren"));
        assert!(holds("unite alzheimer", "unite alzheimer"));
    }
}
