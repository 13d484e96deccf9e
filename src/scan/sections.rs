//! Clinical section headings (issue 13 §6): "Antécédents :", "HISTOIRE DE LA MALADIE",
//! "2. Examen clinique", "Conclusion : …" — the first words of a line, looked up once in the
//! heading table compiled by `build.rs` from `dictionaries/sections/headings.tsv`.
//!
//! A heading is the whole run of words that opens a line (after an optional number or
//! bullet), and it must end its line or be followed by a colon: "Conclusion de la réunion du
//! 3 mars" is a sentence, not a heading. A heading written in lower case needs its colon; one
//! listed in capitals (`ATCD`, `CAT`) counts only in capitals. A closing formula ("Bien
//! cordialement,", "Veuillez agréer…") opens a line whatever follows: an `other` heading that
//! ends the section before it. Work: at most seven table lookups a line, on the tokens already
//! cut (no pass of its own over the text).

use super::Ctx;
use super::trie::StrSet;
use crate::section::SectionKind;

/// The most words a heading has (`build.rs` refuses longer ones).
const MAX_WORDS: usize = 8;

/// A section heading found in a text. Offsets are bytes of the scanned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading {
    pub kind: SectionKind,
    /// The heading's words.
    pub start: usize,
    pub end: usize,
    /// Where the section's body starts: after the colon, or at the end of the heading's line.
    pub body: usize,
}

/// The heading table: keys (folded words joined by spaces) and one byte a key (the kind's index
/// in [`SectionKind::ALL`], plus 128 for a heading that counts only in capitals).
#[derive(Default)]
pub(crate) struct Headings {
    keys: StrSet,
    kinds: &'static [u8],
    /// The first word of every heading: most lines need no more than this lookup.
    first: StrSet,
}

impl Headings {
    pub fn new(keys: &'static StrSet, kinds: &'static [u8], first: &'static StrSet) -> Headings {
        Headings {
            keys: keys.clone(),
            kinds,
            first: first.clone(),
        }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// The kind of heading `key`, whether it counts only in capitals, and whether it opens a
    /// line whatever follows (a closing formula).
    fn get(&self, key: &str) -> Option<(SectionKind, bool, bool)> {
        let id = self.keys.id(key)? as usize;
        let info = *self.kinds.get(id)?;
        let kind = *SectionKind::ALL.get(usize::from(info & 63))?;
        Some((kind, info & 128 != 0, info & 64 != 0))
    }
}

/// A gap between two words of a heading: spaces, at most one `/`, `,` or `-` (`Synthèse
/// médicale / conclusion`); never a line break or a colon.
fn inner_gap(gap: &str) -> bool {
    let mut signs = 0;
    for c in gap.chars() {
        match c {
            ' ' | '\t' => {}
            '/' | ',' | '-' => signs += 1,
            _ => return false,
        }
    }
    signs <= 1
}

/// What may stand before a heading on its line: spaces and bullets (`-`, `•`, `*`, `>`, `#`).
fn bullet(prefix: &str) -> bool {
    prefix.chars().all(|c| {
        matches!(
            c,
            ' ' | '\t'
                | '-'
                | '*'
                | '>'
                | '#'
                | '•'
                | '·'
                | '–'
                | '—'
                | '▪'
                | '■'
                | '◦'
                | '('
                | '['
        )
    })
}

/// A section number: digits, or a roman numeral written in capitals.
fn number(word: &str, upper: bool) -> bool {
    word.bytes().all(|b| b.is_ascii_digit())
        || (upper && word.len() <= 4 && word.bytes().all(|b| matches!(b, b'i' | b'v' | b'x')))
}

/// Finds the headings of the text of `ctx` into `out`; `key` is a buffer.
pub(crate) fn find(table: &Headings, ctx: &Ctx, out: &mut Vec<Heading>, key: &mut String) {
    if table.len() == 0 {
        return;
    }
    let text = ctx.folded.text.as_str();
    let toks = ctx.tokens;
    let mut i = 0;
    while i < toks.len() {
        // The first word of a line: the text before it on its line is bullets only.
        let before = if i == 0 {
            &text[..toks[0].s]
        } else {
            &text[toks[i - 1].e..toks[i].s]
        };
        let line_start = (i == 0 || before.contains('\n'))
            && bullet(before.rsplit('\n').next().unwrap_or(before));
        if !line_start {
            i += 1;
            continue;
        }
        let mut h = i;
        // "2. Examen clinique", "IV - Conclusion", "5/ Histoire de la maladie".
        if number(toks[h].text(ctx), toks[h].upper)
            && let Some(next) = toks.get(h + 1)
        {
            let gap = &text[toks[h].e..next.s];
            if !gap.contains('\n')
                && gap.trim().len() == 1
                && matches!(gap.trim(), "." | ")" | "/" | "-")
            {
                h += 1;
            }
        }
        // Most lines open with a word no heading opens with.
        if table.first.id(toks[h].text(ctx)).is_none() {
            i = h + 1;
            while i < toks.len() && !text[toks[i - 1].e..toks[i].s].contains('\n') {
                i += 1;
            }
            continue;
        }
        // The run of words of the line that a heading could be.
        let mut n = 1;
        while n < MAX_WORDS + 1 && h + n < toks.len() {
            if !inner_gap(&text[toks[h + n - 1].e..toks[h + n].s]) {
                break;
            }
            n += 1;
        }
        let next = h + n;
        let found = (n <= MAX_WORDS)
            .then(|| heading(table, ctx, h, n, key))
            .flatten()
            .or_else(|| closing(table, ctx, h, n.min(MAX_CLOSING), key));
        out.extend(found);
        // On to the next line: skip the words of this one.
        i = next.max(i + 1);
        while i < toks.len() && !text[toks[i - 1].e..toks[i].s].contains('\n') {
            i += 1;
        }
    }
}

/// The key of tokens `h..h + n`: their folded words joined by spaces, an elided article
/// (its own token) glued to the next word as in the text.
fn key_of(ctx: &Ctx, h: usize, n: usize, key: &mut String) {
    key.clear();
    for (k, t) in ctx.tokens[h..h + n].iter().enumerate() {
        if k > 0 && !key.ends_with('\'') {
            key.push(' ');
        }
        key.push_str(t.text(ctx));
    }
}

/// The most tokens of a closing formula (`build.rs` refuses more than five words; an elided
/// article is a token of its own).
const MAX_CLOSING: usize = 6;

/// A closing formula opening the line at token `h` ("Bien cordialement,", "Veuillez agréer,
/// Madame, …"), among its first `n` words: it ends the section before it.
fn closing(table: &Headings, ctx: &Ctx, h: usize, n: usize, key: &mut String) -> Option<Heading> {
    for k in (1..=n).rev() {
        key_of(ctx, h, k, key);
        if let Some((kind, _, true)) = table.get(key.as_str()) {
            let (start, end) = ctx.orig(ctx.tokens[h].s, ctx.tokens[h + k - 1].e);
            return Some(Heading {
                kind,
                start,
                end,
                body: end,
            });
        }
    }
    None
}

/// The heading made of tokens `h..h + n`, if the table has it and it stands as a heading.
fn heading(table: &Headings, ctx: &Ctx, h: usize, n: usize, key: &mut String) -> Option<Heading> {
    let text = ctx.folded.text.as_str();
    let toks = &ctx.tokens[h..h + n];
    key_of(ctx, h, n, key);
    let (kind, capitals, _) = table.get(key.as_str())?;
    if capitals && !toks.iter().all(|t| t.upper) {
        return None;
    }
    let last = toks[n - 1].e;
    let rest_end = ctx.tokens.get(h + n).map_or(text.len(), |t| t.s).max(last);
    let after = &text[last..rest_end];
    let trimmed = after.trim_start_matches([' ', '\t']);
    let body_folded = if trimmed.starts_with(':') {
        last + (after.len() - trimmed.len()) + 1
    } else if trimmed.starts_with('\n')
        || (ctx.tokens.get(h + n).is_none() && trimmed.trim_matches(['.', ' ', '\n']).is_empty())
    {
        if !toks[0].cap {
            return None;
        }
        last
    } else {
        return None;
    };
    let (start, end) = ctx.orig(toks[0].s, last);
    let body = if body_folded > last {
        ctx.orig(body_folded - 1, body_folded).1
    } else {
        end
    };
    Some(Heading {
        kind,
        start,
        end,
        body,
    })
}

#[cfg(test)]
mod tests {
    use crate::scan::{Engine, Scratch};
    use crate::section::SectionKind;

    fn headings(text: &str) -> Vec<(SectionKind, String, String)> {
        let engine = Engine::builtin().unwrap();
        let mut scratch = Scratch::default();
        engine.scan(text, &mut scratch);
        scratch
            .headings()
            .iter()
            .map(|h| {
                (
                    h.kind,
                    text[h.start..h.end].to_string(),
                    text[h.body..].chars().take(12).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn headings_open_their_line_and_end_it_or_a_colon() {
        let text = "Cher confrère,\n\nAntécédents :\n- HTA\n\nHISTOIRE DE LA MALADIE\nChute le 3 mars.\n2. Examen clinique : TA 12/8\nMotif d'hospitalisation: chute\nConclusion de la réunion du 3 mars.\nTraitement de sortie\nKardegic 75 mg";
        let found = headings(text);
        let kinds: Vec<SectionKind> = found.iter().map(|f| f.0).collect();
        assert_eq!(
            kinds,
            [
                SectionKind::History,
                SectionKind::PresentIllness,
                SectionKind::PhysicalExam,
                SectionKind::Reason,
                SectionKind::Medications,
            ],
            "{found:?}"
        );
        assert_eq!(found[0].1, "Antécédents");
        assert_eq!(found[0].2, "\n- HTA\n\nHIST");
        assert_eq!(found[2].1, "Examen clinique");
        assert_eq!(found[2].2, " TA 12/8\nMot");
        assert_eq!(found[3].1, "Motif d'hospitalisation");
    }

    #[test]
    fn words_that_are_not_headings_stay_words() {
        // In a sentence, lower case without a colon, capitals-only spellings in lower case.
        for text in [
            "Le traitement est bien toléré.",
            "Nous avons revu la conclusion\navec la famille.",
            "le patient a repris son\ntraitement\nsans difficulté",
            "Cat : le chat de la voisine",
            "Conclusion de la réunion du 3 mars",
        ] {
            assert_eq!(headings(text), [], "{text:?}");
        }
        assert_eq!(headings("CAT : surveillance")[0].0, SectionKind::Plan);
        assert_eq!(headings("Examen clinique")[0].0, SectionKind::PhysicalExam);
        assert_eq!(
            headings("• Allergies : pénicilline")[0].0,
            SectionKind::Allergies
        );
        assert_eq!(
            headings("IV - Synthèse médicale / conclusion\nx")[0].0,
            SectionKind::Assessment
        );
    }

    #[test]
    fn every_heading_of_the_table_is_found_alone_on_its_line() {
        let table = include_str!("../../dictionaries/sections/headings.tsv");
        let mut n = 0;
        for line in table
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let (heading, kind) = line.split_once('\t').unwrap();
            let text = match heading.strip_suffix('…') {
                Some(opening) => format!("{}, Madame.\nx", opening.trim_end()),
                None => format!("{heading} :\nx"),
            };
            let found = headings(&text);
            assert_eq!(
                found.first().map(|f| f.0.as_str()),
                Some(kind),
                "{heading:?}"
            );
            n += 1;
        }
        assert!(n > 150, "{n}");
    }
}
