//! Phrases: a dictionary hit on a phrase head (`dictionaries/phrases/`) extended over its
//! complement, so that the finding — and the redaction — covers the whole noun phrase:
//! "troubles" + "de la marche", "douleurs" + "au genou droit", "troubles" + "cognitifs",
//! "pose d'une sonde" + "urinaire". It reads the words that follow the hit (the scanner's
//! tokens, already there): no pass of its own over the text.

use super::Ctx;
use super::dictionary::Dictionary;
use super::tokens::Token;

/// Prepositions that open a complement.
const PREPS: &[&str] = &[
    "de", "d'", "du", "des", "a", "au", "aux", "pour", "dans", "en", "sur", "lors",
];

/// Determiners allowed after the preposition.
const DETERMINERS: &[&str] = &[
    "le", "la", "l'", "les", "un", "une", "son", "sa", "ses", "leur", "leurs", "mon", "ma", "mes",
    "ce", "cette", "ces", "cet",
];

/// Words that end a complement: conjunctions, pronouns, auxiliaries and other small words.
const ENDS: &[&str] = &[
    "et",
    "ou",
    "qui",
    "que",
    "qu'",
    "dont",
    "depuis",
    "avec",
    "sans",
    "chez",
    "mais",
    "car",
    "pendant",
    "apres",
    "avant",
    "est",
    "sont",
    "ont",
    "etait",
    "etaient",
    "avait",
    "avaient",
    "sera",
    "seront",
    "il",
    "elle",
    "ils",
    "elles",
    "on",
    "se",
    "s'",
    "ne",
    "n'",
    "pas",
    "plus",
    "tres",
    "par",
    "y",
    "je",
    "j'",
    "nous",
    "vous",
    "lui",
    "me",
    "m'",
    "te",
    "t'",
    "c'",
    "ca",
    "cela",
    "ceci",
    "fait",
    "peut",
    "doit",
    "semble",
    "reste",
    "parait",
    "a",
    "ainsi",
    "alors",
    "donc",
    "puis",
    "aussi",
    "encore",
    "deja",
    "toujours",
    "jamais",
    "si",
    "comme",
    "selon",
    "vers",
    "entre",
    "sous",
    "contre",
    "le",
    "la",
    "les",
    "l'",
    "un",
    "une",
    "du",
    "des",
    "de",
    "d'",
    "au",
    "aux",
    "en",
    "dans",
    "pour",
    "sur",
    "mme",
    "m",
    "mr",
    "dr",
    "madame",
    "monsieur",
    "tous",
    "toutes",
    "tout",
    "toute",
    "chaque",
    "fois",
    "jour",
    "jours",
    "matin",
    "soir",
    "nuit",
    "semaine",
    "mois",
    "an",
    "ans",
    "hier",
    "aujourd'hui",
    "demain",
    "ce",
    "cette",
];

/// Content words a complement may take after its preposition, and adjectives without one.
const MAX_WORDS: usize = 3;

fn word<'a>(ctx: &Ctx<'a>, t: &Token) -> &'a str {
    &ctx.folded.text[t.s..t.e]
}

/// Two tokens follow each other on one line with only a space (or nothing, after an elided
/// article) between them.
fn joined(ctx: &Ctx, end: usize, next: &Token) -> bool {
    matches!(&ctx.folded.text[end..next.s], "" | " ")
}

fn content(w: &str) -> bool {
    !w.starts_with(|c: char| c.is_ascii_digit())
        && !ENDS.contains(&w)
        && !PREPS.contains(&w)
        && !DETERMINERS.contains(&w)
}

/// The end (folded offset) of the complement that follows a phrase head ending at `at`, if
/// there is one: a preposition, a determiner, up to three content words ("de la marche", "au
/// genou droit", "à marcher"), or adjectives right after the head ("cognitifs", "abdominales").
/// Which complements count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A prepositional complement or adjectives.
    Any,
    /// Only a complement opened by a preposition ("difficultés à marcher").
    Prep,
    /// Only adjectives right after the term ("troubles du comportement nocturnes").
    Adjectives,
}

/// The complement never reaches `limit` (where the next dictionary term starts: "exérèse d'un
/// nævus" leaves the diagnosis to its own finding).
pub(crate) fn complement(ctx: &Ctx, at: usize, mode: Mode, limit: usize) -> Option<usize> {
    let tokens = ctx.tokens;
    let mut i = tokens.partition_point(|t| t.s < at);
    let mut end = at;
    let first = tokens.get(i)?;
    if !joined(ctx, end, first) {
        return None;
    }
    let w = word(ctx, first);
    if PREPS.contains(&w) {
        if mode == Mode::Adjectives {
            return None;
        }
        end = first.e;
        i += 1;
        // "à la", "à l'": the determiner after "à"; "pour s'habiller": the reflexive.
        if let Some(t) = tokens.get(i)
            && joined(ctx, end, t)
            && (DETERMINERS.contains(&word(ctx, t)) || matches!(word(ctx, t), "se" | "s'"))
        {
            end = t.e;
            i += 1;
        }
    } else if mode == Mode::Prep {
        return None;
    }
    let opened = end;
    let mut n = 0;
    while n < MAX_WORDS
        && let Some(t) = tokens.get(i)
        && joined(ctx, end, t)
        && content(word(ctx, t))
        && !t.cap
        && t.e <= limit
    {
        end = t.e;
        i += 1;
        n += 1;
    }
    // A preposition with nothing after it is no complement.
    (n > 0 && end > opened).then_some(end)
}

/// What may stand between an act and its device: "pose d'une sonde", "pose de PAC".
const DEVICE_ARTICLES: &[&str] = &[
    "de", "d'", "du", "des", "la", "l'", "le", "les", "un", "une", "sa", "son", "ses",
];

/// The end of the device or organ named after an act head ("pose" + "d'une sonde urinaire",
/// "ablation" + "de la vésicule"): up to two articles, then the longest noun of
/// `phrases/devices.txt` on the line.
pub(crate) fn device(ctx: &Ctx, dict: &Dictionary, at: usize, limit: usize) -> Option<usize> {
    let tokens = ctx.tokens;
    let text = ctx.folded.text.as_str();
    let mut i = tokens.partition_point(|t| t.s < at);
    let mut end = at;
    let mut articles = 0;
    while articles < 2
        && let Some(t) = tokens.get(i)
        && joined(ctx, end, t)
        && DEVICE_ARTICLES.contains(&word(ctx, t))
    {
        end = t.e;
        i += 1;
        articles += 1;
    }
    let first = tokens.get(i)?;
    if !joined(ctx, end, first) {
        return None;
    }
    // The words that may make the noun: contiguous on the line, before the next term.
    let mut last = i;
    while last + 1 < tokens.len()
        && last + 1 - i < dict.device_words()
        && matches!(&text[tokens[last].e..tokens[last + 1].s], " " | "-" | "")
        && tokens[last + 1].e <= limit
    {
        last += 1;
    }
    (i..=last)
        .rev()
        .filter(|&j| tokens[j].e <= limit)
        .find(|&j| dict.is_device(&text[first.s..tokens[j].e]))
        .map(|j| tokens[j].e)
}
