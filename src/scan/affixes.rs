//! Medical word-building (issue 13 §2): a word the dictionaries do not know that ends with a
//! medical suffix (-ectomie, -otomie, -stomie, -plastie, -scopie, -graphie, -émie, -urie,
//! -algie, -plégie, -parésie, -pathie, -ite, -ose) is a finding of the category the suffix
//! implies (act, finding, disease). The rules are `dictionaries/affixes/rules.tsv`; the
//! ordinary words they would catch (sympathie, nostalgie, photographie, marguerite) are
//! `dictionaries/affixes/exceptions.txt`, derived from a general French word list by
//! `scripts/derive_affix_exceptions.py`. Suffixes compare with their accents: "-ite" is not
//! the "-ité" of "activité". Also gravidity and parity (`G3P1`). Reads the scanner's tokens: no
//! pass of its own over the text.

use super::tokens::Token;
use super::{Candidate, Ctx, NameLists};
use crate::category::Category;
use crate::position::Position;

/// An error in the affix rules, naming the line: `affixes/rules.tsv:line: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{position}: {message}")]
pub struct AffixError {
    pub position: Position,
    pub message: String,
}

#[derive(Default)]
pub(crate) struct Affixes {
    /// (suffix in lower case with its accents, category, minimum length in folded bytes)
    rules: Vec<(String, Category, usize)>,
    /// The same suffixes folded, for a first test on the folded word.
    folded: Vec<String>,
    /// Folded (`build.rs`).
    exceptions: super::trie::StrSet,
}

impl Affixes {
    /// The rules of `rules.tsv` and the folded exceptions (`build.rs` folds `exceptions.txt`).
    pub(crate) fn new(rules: &str, exceptions: super::trie::StrSet) -> Result<Affixes, AffixError> {
        let mut a = Affixes::default();
        for (n, line) in rules.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: String| AffixError {
                position: Position::at_line("affixes/rules.tsv", n + 1),
                message,
            };
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [suffix, category, min_len] = cols[..] else {
                return Err(err("expected suffix, category, min_len".into()));
            };
            let category: Category = category.parse().map_err(|e| err(format!("{e}")))?;
            if !category.is_health() {
                return Err(err(format!("{category} is not a health category")));
            }
            let min_len: usize = min_len
                .parse()
                .map_err(|_| err(format!("min_len {min_len:?} is not a number")))?;
            a.rules.push((suffix.to_lowercase(), category, min_len));
        }
        // Longer suffixes first: "-ectomie" before "-otomie"… and "-ites" before "-ite".
        a.rules.sort_by_key(|r| std::cmp::Reverse(r.0.len()));
        a.folded = a
            .rules
            .iter()
            .map(|r| super::normalize::fold(&r.0))
            .collect();
        a.exceptions = exceptions;
        Ok(a)
    }

    /// The category of a token by its suffix, if it is a medical word the lists do not know.
    fn category(&self, ctx: &Ctx, t: &Token, known: &dyn Fn(&str) -> bool) -> Option<Category> {
        let folded = t.text(ctx);
        // Cheap tests first: most words are short or end otherwise.
        if folded.len() < 7 || !folded.ends_with(['e', 's']) || folded.contains('\'') {
            return None;
        }
        let (a, b) = ctx.orig(t.s, t.e);
        let original = ctx.original[a..b].to_lowercase();
        let &(_, category, min) = self
            .rules
            .iter()
            .find(|(s, _, _)| original.ends_with(s.as_str()))?;
        if folded.len() < min || self.exceptions.id(folded).is_some() || known(folded) {
            return None;
        }
        Some(category)
    }
}

pub(crate) fn find(
    affixes: &Affixes,
    names: &NameLists,
    known_term: &dyn Fn(&str) -> bool,
    ctx: &Ctx,
    out: &mut Vec<Candidate>,
) {
    let known = |w: &str| known_term(w) || names.first.contains(w) || names.surnames.contains(w);
    for t in ctx.tokens {
        if gravidity(ctx, t) {
            let (a, b) = ctx.orig(t.s, t.e);
            out.push(Candidate::new(Category::ClinicalFinding, a, b, 0.8));
            continue;
        }
        if let Some(category) = affixes.category(ctx, t, &known) {
            let (a, b) = ctx.orig(t.s, t.e);
            let mut c = Candidate::new(category, a, b, 0.6);
            // A dictionary term over the same words says more: it wins the overlap.
            c.priority -= 1;
            out.push(c);
        }
    }
}

/// Gravidity and parity written the obstetric way: "G3P1", "G2P0".
fn gravidity(ctx: &Ctx, t: &Token) -> bool {
    let w = t.text(ctx).as_bytes();
    if !(4..=6).contains(&w.len()) || w[0] != b'g' || !t.cap {
        return false;
    }
    let Some(p) = w.iter().position(|&b| b == b'p') else {
        return false;
    };
    p > 1
        && p + 1 < w.len()
        && w[1..p].iter().all(u8::is_ascii_digit)
        && w[p + 1..].iter().all(u8::is_ascii_digit)
}
