//! Postal addresses: number + street type + name, and postal code + commune, merged when they
//! follow each other. A street named after a physician (`rue du Docteur Roux`) is an address: it
//! wins its overlap with the person name found inside it.

use super::tokens::{Token, gap};
use super::{Candidate, Ctx};
use crate::category::Category;

pub(crate) struct Patterns {
    street: super::Pattern,
    postal: super::Pattern,
    /// Where a person lives or was born (`né à`, `domicile … à`, `vit à`, `Lieu de naissance :`):
    /// the commune after it is an address even without a postal code (issue 19 §5). A city
    /// after a bare `à` (a congress, a trip) is not.
    place_cue: super::Pattern,
    /// A postal code in its own field (`CP : 40090`, `Code postal 75011`).
    postal_field: super::Pattern,
}

/// Street types that are also ordinary words: an address only with a number before them or a
/// capital on them ("mise en place de…", "au cours de…").
const AMBIGUOUS_TYPES: &[&str] = &[
    "place",
    "pl",
    "cours",
    "route",
    "voie",
    "passage",
    "domaine",
    "mail",
    "square",
    "residence",
    "cite",
    "clos",
    "villa",
    "lotissement",
    "lot",
    "parc",
    "chaussee",
    "sentier",
    "hameau",
    "promenade",
    "port",
    "zone",
];

/// Abbreviated street types.
const ABBREVIATED_TYPES: &[&str] = &[
    "av", "bd", "bld", "pl", "ch", "imp", "res", "rte", "fbg", "lot",
];

/// Titles that open the name of a street named after a person ("place du Professeur Calmette"):
/// with one of them, even an ambiguous street type is an address.
const TITLES: &[&str] = &[
    "docteur",
    "professeur",
    "general",
    "marechal",
    "president",
    "abbe",
    "saint",
    "sainte",
    "colonel",
    "commandant",
    "capitaine",
    "lieutenant",
    "amiral",
    "pasteur",
    "chanoine",
];

/// Short words that may sit inside a street or commune name.
const PARTICLES: &[&str] = &[
    "du", "de", "des", "la", "le", "les", "l'", "d'", "et", "sur", "sous", "en", "aux", "au",
];

/// Capitalised words after a postal code that are not a commune.
const NOT_COMMUNE: &[&str] = &[
    "euros",
    "euro",
    "eur",
    "habitants",
    "patients",
    "personnes",
    "residents",
    "usagers",
    "ans",
    "mg",
    "kg",
    "km",
    "jours",
];

impl Patterns {
    pub(crate) fn new() -> Self {
        let re = super::pattern;
        Patterns {
            street: re(
                r"(?:\b(\d{1,4}) ?(?:bis|ter|quater|[abt])?,? )?\b(rue|ruelle|avenue|av|bd|boulevard|bld|place|pl|chemin|ch|allee|impasse|imp|route|rte|quai|cours|square|residence|res|lieu-dit|lieudit|faubourg|fbg|rond-point|voie|sentier|passage|cite|hameau|parvis|esplanade|promenade|lotissement|lot|domaine|villa|mail|montee|traverse|chaussee|clos|sente|parc|port|zone)\b\.?",
            ),
            postal: re(r"\b(?:0[1-9]|[1-8]\d|9[0-8]) ?\d{3}\b"),
            place_cue: re(
                r"\b(?:(?:nee?|ne\(e\)|nee?s)(?: le [0-9a-z/. ]{4,40}?)? a|domicilie(?:e|\(e\))? a|domicile(?: [a-z' ]{0,40}?)? a|(?:il |elle )?(?:vit|habite|reside|demeure) (?:seule? )?a|residant a|demeurant a|lieu de naissance|ville de naissance|commune de naissance|commune de residence|ville de residence|ville|commune|localite)(?: ?:)? ",
            ),
            postal_field: re(r"\b(?:cp|code postal) ?:? ?((?:0[1-9]|[1-8]\d|9[0-8]) ?\d{3})\b"),
        }
    }
}

/// Walks name words from folded offset `at` on the same line: capitalised words and particles,
/// numbers too when `numbers`; returns the folded end of the last capitalised word or number.
fn name_words(ctx: &Ctx, at: usize, max: usize, numbers: bool) -> Option<usize> {
    let tokens = ctx.tokens;
    let start = tokens.partition_point(|t| t.s < at);
    let mut end = None;
    let mut prev: Option<&Token> = None;
    for t in tokens[start..].iter().take(max) {
        let g = match prev {
            Some(p) => gap(ctx, p, t),
            None => &ctx.folded.text[at..t.s],
        };
        if !matches!(g, "" | " " | "-") {
            break;
        }
        let w = t.text(ctx);
        let is_number = w.bytes().all(|b| b.is_ascii_digit());
        if t.cap || (numbers && is_number) {
            end = Some(t.e);
        } else if !PARTICLES.contains(&w) {
            break;
        }
        prev = Some(t);
    }
    end
}

pub(crate) fn find(p: &Patterns, ctx: &Ctx, out: &mut Vec<Candidate>) {
    let text = ctx.folded.text.as_str();
    let tokens = ctx.tokens;
    // (folded start, folded end, confidence)
    let mut streets: Vec<(usize, usize, f32)> = Vec::new();
    for caps in p.street.captures_iter(text) {
        let ty = caps.get(2).expect("street type");
        let number = caps.get(1);
        let kind = ty.as_str().trim_end_matches('.');
        let type_cap = ctx
            .orig_str(ty.start(), ty.end())
            .starts_with(char::is_uppercase);
        // Abbreviations ("av", "ch" — also centre hospitalier) need a number before them.
        if ABBREVIATED_TYPES.contains(&kind) && number.is_none() {
            continue;
        }
        if AMBIGUOUS_TYPES.contains(&kind) && number.is_none() && !type_cap {
            let after = tokens.partition_point(|t| t.s < ty.end());
            let titled = tokens[after..]
                .iter()
                .take(3)
                .any(|t| t.cap && TITLES.contains(&t.text(ctx)));
            if !titled {
                continue;
            }
        }
        let Some(end) = name_words(ctx, caps.get(0).expect("g").end(), 8, true) else {
            continue;
        };
        let start = number.map_or(ty.start(), |n| n.start());
        streets.push((start, end, if number.is_some() { 0.9 } else { 0.75 }));
    }
    let mut postals: Vec<(usize, usize, f32)> = Vec::new();
    for m in p.postal.find_iter(text) {
        let before = text[..m.start()].chars().next_back();
        if before
            .is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '/' || c == '.' || c == ',')
        {
            continue;
        }
        let rest = &text[m.end()..];
        // "75018, PARIS" inside a comma-separated address line ("55 bd Victor Hugo, 75018, …").
        let listed = rest.starts_with(", ") && text[..m.start()].ends_with(", ");
        if !rest.starts_with(' ') && !listed {
            continue;
        }
        let at = m.end() + if listed { 2 } else { 1 };
        let Some(first) = tokens.get(tokens.partition_point(|t| t.s < at)) else {
            continue;
        };
        if first.s != at || !first.cap || NOT_COMMUNE.contains(&first.text(ctx)) {
            continue;
        }
        let Some(mut end) = name_words(ctx, at, 6, false) else {
            continue;
        };
        // "CEDEX" and "Cedex 9" belong to the line.
        if let Some(cedex) = text[end..].strip_prefix(" cedex") {
            end += " cedex".len();
            let digits = cedex.trim_start_matches(' ');
            let n = digits.bytes().take_while(u8::is_ascii_digit).count();
            if n > 0 && n <= 2 {
                end += cedex.len() - digits.len() + n;
            }
        }
        postals.push((m.start(), end, 0.85));
    }
    for m in p.place_cue.find_iter(text) {
        let cue = m.as_str();
        // A bare label ("ville", "commune") counts only as a field: followed by a colon.
        let label_only = matches!(
            cue.trim_end_matches([' ', ':']),
            "ville" | "commune" | "localite"
        );
        if label_only && !cue.contains(':') {
            continue;
        }
        let at = m.end();
        let Some(first) = tokens.get(tokens.partition_point(|t| t.s < at)) else {
            continue;
        };
        if first.s != at || !first.cap || NOT_COMMUNE.contains(&first.text(ctx)) {
            continue;
        }
        if let Some(end) = name_words(ctx, at, 5, false) {
            postals.push((at, end, 0.75));
        }
    }
    for caps in p.postal_field.captures_iter(text) {
        let g = caps.get(1).expect("code");
        if !text[g.end()..].starts_with(|c: char| c.is_ascii_digit()) {
            let end = name_words(ctx, g.end(), 6, false).unwrap_or(g.end());
            postals.push((g.start(), end, 0.8));
        }
    }
    // Merge a street and the postal line that follows it ("12 rue des Lilas, 76748 Vittefleur").
    let mut merged: Vec<(usize, usize, f32)> = Vec::new();
    let mut all: Vec<_> = streets.into_iter().chain(postals).collect();
    all.sort_by_key(|&(s, e, _)| (s, usize::MAX - e));
    for (s, e, c) in all {
        if let Some(last) = merged.last_mut() {
            let between = if s >= last.1 { &text[last.1..s] } else { "" };
            if s < last.1
                || (between.len() <= 3
                    && between.chars().all(|c| matches!(c, ' ' | ',' | '\n' | '-')))
            {
                last.1 = last.1.max(e);
                last.2 = last.2.max(c);
                continue;
            }
        }
        merged.push((s, e, c));
    }
    for (s, e, c) in merged {
        let (a, b) = ctx.orig(s, e);
        out.push(Candidate::new(Category::Address, a, b, c));
    }
}
