//! Person names. A capitalised word is a name only with evidence: a civility or role before it
//! (`Mme`, `Dr`, `le patient`), a label (`Nom :`), a known first name next to it, or — for a
//! surname written in capitals — the surname list. A surname that is also an ordinary word
//! (Blanc, Petit, Marchand) is never a name on its own.

use super::dictionary::Dictionary;
use super::tokens::{Token, gap};
use super::{Candidate, Ctx, NameLists};
use crate::category::Category;

pub(crate) struct Patterns {
    label: super::Pattern,
    /// A date right after a name in a patient banner: "DUPONT Jean | M | 02/01/1978".
    date_after: super::Pattern,
    /// A date in parentheses after a name: "Mme Jeanne Moreau (03/04/1940)".
    date_in_parentheses: super::Pattern,
    /// An age, then the date: "M. Paul Roche, 86 ans (11/02/1938)".
    age_then_date: super::Pattern,
    /// "Mme Lucie Caron, née en 1951".
    born_in_year: super::Pattern,
}

const CIVILITIES: &[&str] = &[
    "m",
    "mr",
    "mme",
    "mmes",
    "mlle",
    "melle",
    "monsieur",
    "madame",
    "mademoiselle",
    "dr",
    "docteur",
    "pr",
    "professeur",
    "maitre",
    "me",
];

/// Civilities that are also ordinary short words or units: they count only in capitals
/// (`M. Dupont`, not `5 m`).
const SHORT_CIVILITIES: &[&str] = &["m", "mr", "mme", "mmes", "mlle", "melle", "dr", "pr", "me"];

const ROLES: &[&str] = &[
    "patient",
    "patiente",
    "resident",
    "residente",
    "usager",
    "usagere",
    "enfant",
    "beneficiaire",
    "fils",
    "fille",
    "epoux",
    "epouse",
    "mari",
    "frere",
    "soeur",
    "mere",
    "pere",
    "infirmier",
    "infirmiere",
    "ide",
    "aide-soignant",
    "aide-soignante",
    "educateur",
    "educatrice",
    "psychologue",
    "kinesitherapeute",
    "kine",
    "orthophoniste",
    "ergotherapeute",
    "interne",
    "jeune",
    "eleve",
    "assure",
    "assuree",
    "tuteur",
    "tutrice",
    "curateur",
    "curatrice",
];

/// Words that open a greeting with a first name after them ("Bonjour Nadia,").
const GREETINGS: &[&str] = &[
    "bonjour",
    "bonsoir",
    "salut",
    "coucou",
    "merci",
    "cher",
    "chere",
    "hello",
    "cordialement",
    "amicalement",
    "bises",
    "bisous",
    "amities",
];

/// Two-word sign-offs and greetings followed by a first name ("Bonne journée, Julie").
const SIGN_OFF_PAIRS: &[(&str, &str)] = &[
    ("bonne", "journee"),
    ("bonne", "soiree"),
    ("bon", "courage"),
    ("bien", "cordialement"),
    ("tres", "cordialement"),
    ("a", "bientot"),
    ("a", "demain"),
    ("bisous", "a"),
    ("merci", "beaucoup"),
    ("merci", "encore"),
];

/// Particles inside a name (`Mme de La Fontaine`, `M. Van Damme`).
const PARTICLES: &[&str] = &[
    "de", "du", "des", "d'", "le", "la", "van", "von", "da", "di", "del", "ben", "el",
];

/// Words never taken as a name, whatever the lists say (the shipped `not_names.txt` has more).
const NEVER: &[&str] = &[
    "directeur",
    "directrice",
    "president",
    "presidente",
    "maire",
    "docteur",
    "madame",
    "monsieur",
    "service",
    "centre",
    "hopital",
    "clinique",
    "objet",
    "date",
    "le",
    "la",
    "les",
    "son",
    "sa",
    "ses",
    "sol",
    "mail",
    "vie",
    "de",
    "du",
    "des",
    // Identifier labels written in capitals next to a name.
    "ipp",
    "nss",
    "nir",
    "ins",
    "siret",
    "siren",
    "rpps",
    "finess",
    "adeli",
    "nda",
    "nip",
];

/// Words after which capitalised words name a place, not a person ("Hôpital COCHIN",
/// "CH Henri Mondor", "EHPAD Marie Curie").
pub(crate) const INSTITUTIONS: &[&str] = &[
    "hopital",
    "hop",
    "ch",
    "chu",
    "chr",
    "chru",
    "chs",
    "clinique",
    "centre",
    "institut",
    "fondation",
    "ehpad",
    "residence",
    "ecole",
    "college",
    "lycee",
    "groupe",
    "gh",
    "ght",
    "hospitalier",
    "hospitaliere",
    "universitaire",
    "pavillon",
    "batiment",
    "salle",
    "unite",
    "service",
    "maison",
    "foyer",
    "pole",
    "site",
    "polyclinique",
    "ime",
    "esat",
    "cmp",
    "ssiad",
    "rue",
    "avenue",
    "boulevard",
    "place",
    "allee",
    "impasse",
    "quai",
    "chemin",
    "square",
];

impl Patterns {
    pub(crate) fn new() -> Self {
        Patterns {
            label: super::pattern(
                r"(?m)(?:^|[\s;,|(])(?:nom(?: de naissance| d'usage| de famille| marital| usuel| et prenoms?| prenom| du patient| de l'usager| patient)?|prenoms?|patiente?|usager|usagere|residente?|beneficiaire|assuree?|enfant|identite|personne de confiance|medecin traitant|redige par|signe par) ?:",
            ),
            date_after: super::pattern(
                r"^(?: ?[,|] ?| {1,3}| ?\n)(?:\(?[mfh]\)? ?[,|] ?)?(?:(?P<boxes>(?:\d ){12,14}\d) {1,3})?(?:(?P<day>\d{2})[/.-](?P<month>\d{2})[/.-](?P<year>\d{4})\b|(?P<box_day>\d \d) ?\.? ?(?P<box_month>\d \d) ?\.? ?(?P<box_year>\d \d \d \d)\b|(?P<dot_day>\d{2}) \. (?P<dot_month>\d{2}) \. (?P<dot_year>\d{4})\b)",
            ),
            date_in_parentheses: super::pattern(
                r"^ ?\((?:nee? le |ddn ?:? ?)?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\)",
            ),
            age_then_date: super::pattern(
                r"^ ?,? ?(\d{1,3}) ?ans ?,? ?(?:\(|- )?(?:nee? le )?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b",
            ),
            born_in_year: super::pattern(r"^ ?,? ?\(?nee? en (\d{4})\b"),
        }
    }
}

struct Lists<'a> {
    names: &'a NameLists,
    dict: &'a Dictionary,
}

impl Lists<'_> {
    fn excluded(&self, w: &str) -> bool {
        NEVER.contains(&w) || self.names.not_names.contains(w) || CIVILITIES.contains(&w)
    }

    fn is_first(&self, w: &str) -> bool {
        !self.excluded(w)
            && (self.names.first.contains(w)
                || (w.contains('-') && w.split('-').all(|p| self.names.first.contains(p))))
    }

    fn is_surname(&self, w: &str) -> bool {
        !self.excluded(w) && self.names.surnames.contains(w)
    }

    fn is_word_surname(&self, w: &str) -> bool {
        self.names.common_word_surnames.contains(w)
    }

    /// A word in capitals that is a known abbreviation or term (`AVC`, `EHPAD`) is not a name.
    fn is_term(&self, w: &str) -> bool {
        self.dict.contains_folded(w)
    }
}

/// Is `t` a possible name word: capitalised, or an initial (`J.`)?
fn namelike(ctx: &Ctx, lists: &Lists, t: &Token) -> bool {
    let w = t.text(ctx);
    // A word in capitals that is a known term (`CMP`, `EHPAD`, `AVC`) names a place or a
    // disease, not a person: "l'infirmière du CMP".
    let term_in_capitals = t.upper && lists.is_term(w);
    t.cap && !term_in_capitals && !lists.excluded(w) && !w.bytes().any(|b| b.is_ascii_digit())
}

fn is_initial(ctx: &Ctx, t: &Token) -> bool {
    t.cap && t.e - t.s == 1 && ctx.folded.text[t.e..].starts_with('.')
}

/// From token `i`, the run of name words (with particles and initials inside) on one line:
/// returns the index one past the last name word, or `i` if none.
fn name_run(ctx: &Ctx, lists: &Lists, tokens: &[Token], i: usize, max: usize) -> usize {
    let mut end = i;
    let mut j = i;
    let mut words = 0;
    while j < tokens.len() && words < max {
        if j > i {
            let g = gap(ctx, &tokens[j - 1], &tokens[j]);
            let ok = matches!(g, " " | "-") || (g == ". " && is_initial(ctx, &tokens[j - 1]));
            if !ok {
                break;
            }
        }
        let t = &tokens[j];
        let w = t.text(ctx);
        if namelike(ctx, lists, t) || is_initial(ctx, t) {
            words += 1;
            j += 1;
            end = j;
        } else if PARTICLES.contains(&w) && j + 1 < tokens.len() {
            j += 1;
        } else {
            break;
        }
    }
    end
}

/// A birth date right after a name, without a cue word but with a plausible age: in a
/// banner ("DUPONT Jean | M | 02/01/1978"), in parentheses ("(03/04/1940)"), after an age
/// that agrees with it ("86 ans (11/02/1938)"), or a birth year ("née en 1951").
fn birth_date_after(p: &Patterns, ctx: &Ctx, e: usize, out: &mut Vec<Candidate>) {
    let rest = &ctx.folded.text[e..];
    let num = |c: &regex::Captures, i: usize| c[i].parse::<u32>().unwrap_or(0);
    let mut push_date = |from: usize, to: usize, conf: f32| {
        let (a, b) = ctx.orig(e + from, e + to);
        out.push(Candidate::new(Category::BirthDate, a, b, conf));
    };
    if let Some(c) = p.date_after.captures(rest) {
        // Written plainly ("02/01/1978"), one digit a box as forms print it ("0 7 0 8 1 9 8 3",
        // maybe after the NIR's boxes or on the next line), or spaced ("08 . 04 . 1941").
        let parts = ["", "box_", "dot_"].into_iter().find_map(|form| {
            let g = |n: &str| c.name(&format!("{form}{n}"));
            Some((form, g("day")?, g("month")?, g("year")?))
        });
        if let Some((form, d, m, y)) = parts {
            // A plain date on the next line may be the letter's own date: only forms printed
            // in boxes or spaced cross the line break.
            let next_line = rest[..d.start()].contains('\n');
            if form.is_empty() && next_line {
                return;
            }
            let n = |m: regex::Match| m.as_str().replace(' ', "").parse::<u32>().unwrap_or(0);
            let (day, month, year) = (n(d), n(m), n(y));
            let plain = form.is_empty() && c.name("boxes").is_none();
            let boxed_ok = plain
                || ((1900..=2026).contains(&year)
                    && !super::identifiers::boxed_run_goes_on(&rest[y.end()..]));
            if boxed_ok && super::validate::date_is_valid(day, month, year) {
                push_date(d.start(), y.end(), 0.75);
            }
        }
    } else if let Some(c) = p.date_in_parentheses.captures(rest) {
        let year = num(&c, 3);
        if super::validate::date_is_valid(num(&c, 1), num(&c, 2), year)
            && (1900..=2020).contains(&year)
        {
            let (g, y) = (c.get(1).expect("day"), c.get(3).expect("year"));
            push_date(g.start(), y.end(), 0.75);
        }
    } else if let Some(c) = p.age_then_date.captures(rest) {
        let (age, year) = (num(&c, 1), num(&c, 4));
        // The age agrees with the date at some time a document could be written.
        if super::validate::date_is_valid(num(&c, 2), num(&c, 3), year)
            && age <= 115
            && (1995..=2040).contains(&(year + age))
        {
            let (g, y) = (c.get(2).expect("day"), c.get(4).expect("year"));
            push_date(g.start(), y.end(), 0.8);
        }
    } else if let Some(c) = p.born_in_year.captures(rest) {
        let y = c.get(1).expect("year");
        if (1900..=2020).contains(&num(&c, 1)) {
            push_date(y.start(), y.end(), 0.7);
        }
    }
}

fn push(
    p: &Patterns,
    ctx: &Ctx,
    tokens: &[Token],
    from: usize,
    to: usize,
    conf: f32,
    out: &mut Vec<Candidate>,
) {
    let (s, mut e) = (tokens[from].s, tokens[to - 1].e);
    birth_date_after(p, ctx, e, out);
    // Keep the dot of a final initial ("Dr A.").
    if ctx.folded.text[e..].starts_with('.') && tokens[to - 1].e - tokens[to - 1].s == 1 {
        e += 1;
    }
    let (a, b) = ctx.orig(s, e);
    out.push(Candidate::new(Category::PersonName, a, b, conf));
}

/// What every rule reads: the lists, the tokens, the text.
struct Scan<'a, 'c> {
    p: &'a Patterns,
    lists: Lists<'a>,
    ctx: &'a Ctx<'c>,
    tokens: &'a [Token],
}

impl Scan<'_, '_> {
    fn word(&self, i: usize) -> &str {
        self.tokens[i].text(self.ctx)
    }

    fn gap_after(&self, i: usize) -> Option<&str> {
        self.tokens
            .get(i + 1)
            .map(|n| gap(self.ctx, &self.tokens[i], n))
    }

    fn push(&self, from: usize, to: usize, conf: f32, out: &mut Vec<Candidate>) {
        push(self.p, self.ctx, self.tokens, from, to, conf, out);
    }
}

pub(crate) fn find(
    p: &Patterns,
    names: &NameLists,
    dict: &Dictionary,
    ctx: &Ctx,
    out: &mut Vec<Candidate>,
) {
    let s = Scan {
        p,
        lists: Lists { names, dict },
        ctx,
        tokens: ctx.tokens,
    };
    labels(&s, out);
    for i in 0..s.tokens.len() {
        if civility(&s, i, out) || role(&s, i, out) || greeting(&s, i, out) {
            continue;
        }
        let t = &s.tokens[i];
        let after_institution = i > 0
            && INSTITUTIONS.contains(&s.word(i - 1))
            && matches!(gap(ctx, &s.tokens[i - 1], t), " " | "-");
        if after_institution {
            continue;
        }
        let _ = initial_and_surname(&s, i, out)
            || surname_then_first_name(&s, i, out)
            || first_names_then_surname(&s, i, out)
            || surname_in_capitals(&s, i, out)
            || first_name_subject(&s, i, out);
    }
}

/// Labels: "Nom : DURAND", "Patient : Paul GIRAUD".
fn labels(s: &Scan, out: &mut Vec<Candidate>) {
    let (ctx, tokens) = (s.ctx, s.tokens);
    let text = ctx.folded.text.as_str();
    for m in s.p.label.find_iter(text) {
        let i = tokens.partition_point(|t| t.s < m.end());
        if i >= tokens.len() || text[m.end()..tokens[i].s].contains('\n') {
            continue;
        }
        let end = name_run(ctx, &s.lists, tokens, i, 5);
        if end > i {
            s.push(i, end, 0.95, out);
        }
    }
}

/// Civility: "Mme Claire MARTIN", "M. Dupont", "Dr A. Mariniere".
fn civility(s: &Scan, i: usize, out: &mut Vec<Candidate>) -> bool {
    let (ctx, tokens, lists) = (s.ctx, s.tokens, &s.lists);
    let t = &tokens[i];
    let w = s.word(i);
    let Some(g) = s.gap_after(i) else {
        return false;
    };
    if !(CIVILITIES.contains(&w)
        && (t.cap || !SHORT_CIVILITIES.contains(&w))
        && matches!(g, " " | ". " | ".")
        && !(w == "m" && g != ". ")
        && !(w == "me" && !t.upper && g != " "))
    {
        return false;
    }
    let end = name_run(ctx, lists, tokens, i + 1, 4);
    // "Me" is also a pronoun: as a civility it needs a known name after it.
    let sure = w != "me"
        || (end > i + 1
            && (i + 1..end).any(|k| {
                let w = tokens[k].text(ctx);
                lists.is_first(w) || lists.is_surname(w)
            }));
    if end > i + 1 && sure {
        s.push(i + 1, end, 0.95, out);
        return true;
    }
    false
}

/// Role: "la patiente Lucie Moreau", "l'enfant Lucas".
fn role(s: &Scan, i: usize, out: &mut Vec<Candidate>) -> bool {
    let (ctx, tokens, lists) = (s.ctx, s.tokens, &s.lists);
    if !(ROLES.contains(&s.word(i)) && s.gap_after(i) == Some(" ")) {
        return false;
    }
    let end = name_run(ctx, lists, tokens, i + 1, 4);
    let known = (i + 1..end).any(|k| {
        let w = tokens[k].text(ctx);
        lists.is_first(w) || lists.is_surname(w) || tokens[k].upper
    });
    if end > i + 1 && known {
        s.push(i + 1, end, 0.85, out);
        return true;
    }
    false
}

/// Greetings and sign-offs: "Bonjour Nadia,", "Merci Julie !", "Bonne journée, Julie" — a
/// known first name (and what follows it of a name) right after the greeting, ending its
/// clause or its line.
fn greeting(s: &Scan, i: usize, out: &mut Vec<Candidate>) -> bool {
    let (ctx, tokens, lists) = (s.ctx, s.tokens, &s.lists);
    let w = s.word(i);
    let two = |a: &str, b: &str| {
        w == a
            && i + 1 < tokens.len()
            && tokens[i + 1].text(ctx) == b
            && s.gap_after(i) == Some(" ")
    };
    // The index of the greeting's last word.
    let last = if GREETINGS.contains(&w) {
        i
    } else if SIGN_OFF_PAIRS.iter().any(|(a, b)| two(a, b)) {
        i + 1
    } else {
        return false;
    };
    let Some(g) = s.gap_after(last) else {
        return false;
    };
    if !matches!(g, " " | ", " | "," | " ," | ",\n" | "\n" | " \n") {
        return false;
    }
    let n = last + 1;
    if !(tokens[n].cap && lists.is_first(tokens[n].text(ctx))) {
        return false;
    }
    let end = name_run(ctx, lists, tokens, n, 3).max(n + 1);
    // The name closes the clause: punctuation, a line break or the end of the text.
    let after = &ctx.folded.text[tokens[end - 1].e..];
    let closes = after.is_empty()
        || after.starts_with([',', '!', '.', '\n', ';', ':'])
        || after.starts_with(" !")
        || after.starts_with(" ,");
    if closes {
        s.push(n, end, 0.8, out);
        return true;
    }
    false
}

/// Initial + surname: "C. Carlizian", "Z.Phillot", in lists of staff.
fn initial_and_surname(s: &Scan, i: usize, out: &mut Vec<Candidate>) -> bool {
    let (ctx, tokens, lists) = (s.ctx, s.tokens, &s.lists);
    if is_initial(ctx, &tokens[i])
        && matches!(s.gap_after(i), Some(". " | "."))
        && let Some(n) = tokens.get(i + 1)
    {
        let nw = n.text(ctx);
        let known =
            (n.upper && nw.len() >= 2) || (lists.is_surname(nw) && !lists.is_word_surname(nw));
        // In a list of initials and surnames ("R. Poumonet, E. Fofolet, V. Lengliné") each
        // item vouches for its neighbours; a glued initial ("Z.Phillot") is a name's shape.
        let item = |k: usize| {
            k + 1 < tokens.len()
                && is_initial(ctx, &tokens[k])
                && matches!(gap(ctx, &tokens[k], &tokens[k + 1]), ". " | ".")
                && tokens[k + 1].cap
        };
        let comma = |a: usize, b: usize| matches!(gap(ctx, &tokens[a], &tokens[b]), ", " | ",");
        let listed = (i + 3 < tokens.len() && comma(i + 1, i + 2) && item(i + 2))
            || (i >= 3 && comma(i - 1, i) && item(i - 2));
        let glued = s.gap_after(i) == Some(".") && nw.len() >= 3;
        if n.cap
            && (known || listed || glued)
            && !lists.excluded(nw)
            && !lists.is_term(nw)
            && !nw.bytes().any(|b| b.is_ascii_digit())
        {
            s.push(i, i + 2, if known { 0.75 } else { 0.7 }, out);
            return true;
        }
    }
    false
}

/// Surname + first name in title case: "Dupont Albert".
fn surname_then_first_name(s: &Scan, i: usize, out: &mut Vec<Candidate>) -> bool {
    let (ctx, tokens, lists) = (s.ctx, s.tokens, &s.lists);
    let t = &tokens[i];
    let w = s.word(i);
    if t.cap
        && !t.upper
        && lists.is_surname(w)
        && !lists.is_word_surname(w)
        && !lists.is_first(w)
        && let Some(n) = tokens.get(i + 1)
        && s.gap_after(i) == Some(" ")
        && n.cap
        && !n.upper
        && lists.is_first(n.text(ctx))
    {
        s.push(i, i + 2, 0.8, out);
        return true;
    }
    false
}

/// First names that are also the first word of names of things ("France Travail", "Saint
/// Louis"): never followed by an unknown surname.
const THING_FIRST_WORDS: &[&str] = &[
    "france",
    "europe",
    "saint",
    "sainte",
    "notre",
    "grand",
    "grande",
    "petit",
    "petite",
    "bel",
    "belle",
    "bon",
    "bonne",
    "beau",
    "espoir",
    "victoire",
    "liberte",
    "fraternite",
    "avenir",
];

/// Whether `sn`, a capitalised word that no list knows, is the surname after the first name
/// `first`: a word of at least three letters, in lower case after its capital, that is no
/// health term, no commune of the INSEE list ("Marie Paris" is rather a place) and no word the
/// lists exclude, after a first name that does not also open names of things.
fn unknown_surname(s: &Scan, first: &Token, sn: &Token) -> bool {
    let (ctx, lists) = (s.ctx, &s.lists);
    let w = sn.text(ctx);
    !first.upper
        && !sn.upper
        && w.len() >= 3
        && w.bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'-' || b >= 0x80)
        && !THING_FIRST_WORDS.contains(&first.text(ctx))
        && !lists.excluded(w)
        && !lists.is_term(w)
        && super::embedded::COMMUNES.id(&w.replace('-', " ")).is_none()
}

/// First name(s) + surname: "Claire MARTIN", "Jean-Pierre Dupont", "TRAVIS GUILLAUMET".
fn first_names_then_surname(s: &Scan, i: usize, out: &mut Vec<Candidate>) -> bool {
    let (ctx, tokens, lists) = (s.ctx, s.tokens, &s.lists);
    let t = &tokens[i];
    if !(t.cap && lists.is_first(s.word(i))) {
        return false;
    }
    let mut j = i + 1;
    while j < tokens.len()
        && gap(ctx, &tokens[j - 1], &tokens[j]) == " "
        && tokens[j].cap
        && !tokens[j].upper
        && lists.is_first(tokens[j].text(ctx))
        && j - i < 3
    {
        j += 1;
    }
    let mut k = j;
    let mut conf: f32 = 0.0;
    while k < tokens.len() && k - j < 3 && gap(ctx, &tokens[k - 1], &tokens[k]) == " " {
        let sn = &tokens[k];
        let sw = sn.text(ctx);
        if lists.excluded(sw) || lists.is_term(sw) || !sn.cap {
            break;
        }
        if sn.upper && !(t.upper && !lists.is_surname(sw) && lists.is_first(sw)) {
            conf = conf.max(0.9);
        } else if lists.is_surname(sw) {
            conf = conf.max(if lists.is_word_surname(sw) { 0.8 } else { 0.85 });
        } else if k == j && unknown_surname(s, t, sn) {
            // A surname the lists do not know after a known first name ("Rémi Foliet",
            // "Ilario Bonanno"): foreign and rare surnames are most surnames (issue 19 §4).
            conf = 0.7;
            k += 1;
            break;
        } else {
            break;
        }
        k += 1;
        if !sn.upper {
            break;
        }
    }
    // Every word in capitals ("JEAN DUPONT") is only as good as a heading: needs a known surname.
    if k > j && t.upper && !(j..k).any(|x| lists.is_surname(tokens[x].text(ctx))) {
        k = j;
    }
    if k > j {
        s.push(i, k, conf, out);
        return true;
    }
    // The surname is itself a first name ("Jean-Luc Martin"): the loop above took it.
    if j - i >= 2 && !t.upper && lists.is_surname(tokens[j - 1].text(ctx)) {
        s.push(i, j, 0.75, out);
        return true;
    }
    false
}

/// Surname in capitals + first name ("DUPONT Jean"), or a known surname in capitals alone.
fn surname_in_capitals(s: &Scan, i: usize, out: &mut Vec<Candidate>) -> bool {
    let (ctx, tokens, lists) = (s.ctx, s.tokens, &s.lists);
    let t = &tokens[i];
    let w = s.word(i);
    let next_gap = s.gap_after(i);
    if !t.upper || w.len() < 2 || lists.excluded(w) || lists.is_term(w) || INSTITUTIONS.contains(&w)
    {
        return false;
    }
    if let Some(n) = tokens.get(i + 1) {
        let nw = n.text(ctx);
        if matches!(next_gap, Some(" " | ", ")) && n.cap && !n.upper && lists.is_first(nw) {
            s.push(i, i + 2, 0.85, out);
            return true;
        }
    }
    // Surname + first name, both in capitals, as banners print them ("TAILLARD PIERRE"): the
    // second a known first name, the first not one, the pair ending its line or cell and not
    // inside a longer heading in capitals.
    if let Some(n) = tokens.get(i + 1) {
        let nw = n.text(ctx);
        let after = &ctx.folded.text[n.e..];
        let ends = after.is_empty()
            || after.starts_with(['\n', ',', '|', '(', ';'])
            || after.starts_with(" |")
            || after.starts_with(" (")
            || after
                .strip_prefix(' ')
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
        let prev_upper =
            i > 0 && tokens[i - 1].upper && matches!(gap(ctx, &tokens[i - 1], t), " " | "-");
        if next_gap == Some(" ")
            && n.upper
            && w.len() >= 3
            && lists.is_first(nw)
            && !lists.is_first(w)
            && !lists.is_term(nw)
            && !matches!(w, "saint" | "sainte" | "st" | "ste")
            && ends
            && !prev_upper
        {
            s.push(i, i + 2, 0.75, out);
            return true;
        }
    }
    // A known surname in capitals standing alone, not inside a heading in capitals.
    if w.len() >= 3 && lists.is_surname(w) && !lists.is_word_surname(w) {
        let heading = |k: Option<&Token>, g: Option<&str>| {
            k.is_some_and(|k| k.upper) && g.is_some_and(|g| g == " ")
        };
        let prev = i.checked_sub(1).map(|p| &tokens[p]);
        let prev_gap = prev.map(|p| gap(ctx, p, t));
        if !heading(prev, prev_gap) && !heading(tokens.get(i + 1), next_gap) {
            s.push(i, i + 1, 0.6, out);
            return true;
        }
    }
    false
}

/// Verbs of a note about someone's day or care: a known first name starting a sentence right
/// before one of them is that person ("Barnabé passe beaucoup de temps…", "Nadège a mangé").
const CARE_VERBS: &[&str] = &[
    "a",
    "est",
    "passe",
    "mange",
    "dort",
    "pleure",
    "joue",
    "refuse",
    "accepte",
    "presente",
    "se",
    "s'",
    "va",
    "reste",
    "parle",
    "marche",
    "participe",
    "semble",
    "demande",
    "n'",
    "ne",
    "prend",
    "boit",
    "revient",
    "sort",
    "arrive",
    "souhaite",
    "evoque",
    "raconte",
    "dit",
    "explique",
    "exprime",
    "continue",
    "fait",
    "tousse",
    "vomit",
    "chute",
];

/// A known first name alone as the subject of a sentence about the person (issue 19 §4): at
/// the start of a line or after a sentence's end, followed by a care verb. Not a first name
/// that is also an ordinary word or a term (`Rose`, `France` as terms, the not-names list).
fn first_name_subject(s: &Scan, i: usize, out: &mut Vec<Candidate>) -> bool {
    let (ctx, tokens, lists) = (s.ctx, s.tokens, &s.lists);
    let t = &tokens[i];
    let w = s.word(i);
    if !t.cap || t.upper || w.len() < 3 || !lists.is_first(w) || lists.is_term(w) {
        return false;
    }
    // Pronouns and determiners that the first-name list also holds ("Elle", "Tout").
    const NOT_SUBJECTS: &[&str] = &[
        "elle", "elles", "il", "ils", "on", "nous", "vous", "celle", "celui", "ceci", "cela",
        "tout", "toute", "rien", "chacun", "chacune", "personne", "aucun", "aucune", "lui",
    ];
    if lists.is_word_surname(w) || NOT_SUBJECTS.contains(&w) {
        return false;
    }
    let Some(n) = tokens.get(i + 1) else {
        return false;
    };
    if s.gap_after(i) != Some(" ") || n.cap || !CARE_VERBS.contains(&n.text(ctx)) {
        return false;
    }
    let before = ctx.folded.text[..t.s].trim_end_matches(' ');
    let starts = before.is_empty() || before.ends_with(['\n', '.', '!', '?']);
    if starts {
        s.push(i, i + 1, 0.7, out);
        return true;
    }
    false
}
