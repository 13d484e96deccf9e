//! Person names. A capitalised word is a name only with evidence: a civility or role before it
//! (`Mme`, `Dr`, `le patient`), a label (`Nom :`), a known first name next to it, or — for a
//! surname written in capitals — the surname list. A surname that is also an ordinary word
//! (Blanc, Petit, Marchand) is never a name on its own.

use super::dictionary::Dictionary;
use super::tokens::{Token, gap};
use super::{Candidate, Ctx, NameLists};
use crate::category::Category;
use regex::Regex;

pub(crate) struct Patterns {
    label: Regex,
    /// A date right after a name in a patient banner: "DUPONT Jean | M | 02/01/1978".
    date_after: Regex,
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
const INSTITUTIONS: &[&str] = &[
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
                r"^(?: ?[,|] ?| )(?:\(?[mfh]\)? ?[,|] ?)?(\d{2})[/.-](\d{2})[/.-](\d{4})\b",
            ),
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
    if let Some(c) = p.date_after.captures(&ctx.folded.text[e..]) {
        let n = |i: usize| c[i].parse::<u32>().unwrap_or(0);
        if super::validate::date_is_valid(n(1), n(2), n(3)) {
            let g = c.get(1).expect("day");
            let (a, b) = ctx.orig(e + g.start(), e + c.get(3).expect("year").end());
            out.push(Candidate::new(Category::BirthDate, a, b, 0.75));
        }
    }
    // Keep the dot of a final initial ("Dr A.").
    if ctx.folded.text[e..].starts_with('.') && tokens[to - 1].e - tokens[to - 1].s == 1 {
        e += 1;
    }
    let (a, b) = ctx.orig(s, e);
    out.push(Candidate::new(Category::PersonName, a, b, conf));
}

pub(crate) fn find(
    p: &Patterns,
    names: &NameLists,
    dict: &Dictionary,
    ctx: &Ctx,
    out: &mut Vec<Candidate>,
) {
    let lists = Lists { names, dict };
    let tokens = ctx.tokens;
    let text = ctx.folded.text.as_str();

    // Labels: "Nom : DURAND", "Patient : Paul GIRAUD".
    for m in p.label.find_iter(text) {
        let i = tokens.partition_point(|t| t.s < m.end());
        if i >= tokens.len() || text[m.end()..tokens[i].s].contains('\n') {
            continue;
        }
        let end = name_run(ctx, &lists, tokens, i, 5);
        if end > i {
            push(p, ctx, tokens, i, end, 0.95, out);
        }
    }

    for i in 0..tokens.len() {
        let t = &tokens[i];
        let w = t.text(ctx);
        let next_gap = tokens.get(i + 1).map(|n| gap(ctx, t, n));
        let after_institution = i > 0
            && INSTITUTIONS.contains(&tokens[i - 1].text(ctx))
            && matches!(gap(ctx, &tokens[i - 1], t), " " | "-");

        // Civility: "Mme Claire MARTIN", "M. Dupont", "Dr A. Mariniere".
        if CIVILITIES.contains(&w)
            && (t.cap || !SHORT_CIVILITIES.contains(&w))
            && let Some(g) = next_gap
            && matches!(g, " " | ". " | ".")
            && !(w == "m" && g != ". ")
            && !(w == "me" && !t.upper && g != " ")
        {
            let end = name_run(ctx, &lists, tokens, i + 1, 4);
            // "Me" is also a pronoun: as a civility it needs a known name after it.
            let sure = w != "me"
                || (end > i + 1
                    && (i + 1..end).any(|k| {
                        let w = tokens[k].text(ctx);
                        lists.is_first(w) || lists.is_surname(w)
                    }));
            if end > i + 1 && sure {
                push(p, ctx, tokens, i + 1, end, 0.95, out);
                continue;
            }
        }

        // Role: "la patiente Lucie Moreau", "l'enfant Lucas".
        if ROLES.contains(&w) && next_gap == Some(" ") {
            let end = name_run(ctx, &lists, tokens, i + 1, 4);
            let known = (i + 1..end).any(|k| {
                let w = tokens[k].text(ctx);
                lists.is_first(w) || lists.is_surname(w) || tokens[k].upper
            });
            if end > i + 1 && known {
                push(p, ctx, tokens, i + 1, end, 0.85, out);
                continue;
            }
        }

        if after_institution {
            continue;
        }

        // Initial + surname: "C. Carlizian", "Z.Phillot", in lists of staff.
        if is_initial(ctx, t)
            && matches!(next_gap, Some(". " | "."))
            && let Some(n) = tokens.get(i + 1)
        {
            let nw = n.text(ctx);
            let known =
                (n.upper && nw.len() >= 2) || (lists.is_surname(nw) && !lists.is_word_surname(nw));
            if n.cap && known && !lists.excluded(nw) && !lists.is_term(nw) {
                push(p, ctx, tokens, i, i + 2, 0.75, out);
                continue;
            }
        }

        // Surname + first name in title case: "Dupont Albert".
        if t.cap
            && !t.upper
            && lists.is_surname(w)
            && !lists.is_word_surname(w)
            && !lists.is_first(w)
            && let Some(n) = tokens.get(i + 1)
            && next_gap == Some(" ")
            && n.cap
            && !n.upper
            && lists.is_first(n.text(ctx))
        {
            push(p, ctx, tokens, i, i + 2, 0.8, out);
            continue;
        }

        // First name(s) + surname: "Claire MARTIN", "Jean-Pierre Dupont", "TRAVIS GUILLAUMET".
        if t.cap && lists.is_first(w) {
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
                let s = &tokens[k];
                let sw = s.text(ctx);
                if lists.excluded(sw) || lists.is_term(sw) || !s.cap {
                    break;
                }
                if s.upper && !(t.upper && !lists.is_surname(sw) && lists.is_first(sw)) {
                    conf = conf.max(0.9);
                } else if lists.is_surname(sw) {
                    conf = conf.max(if lists.is_word_surname(sw) { 0.8 } else { 0.85 });
                } else {
                    break;
                }
                k += 1;
                if !s.upper {
                    break;
                }
            }
            // Every word in capitals ("JEAN DUPONT") is only as good as a heading: needs a known surname.
            if k > j && t.upper && !(j..k).any(|x| lists.is_surname(tokens[x].text(ctx))) {
                k = j;
            }
            if k > j {
                push(p, ctx, tokens, i, k, conf, out);
                continue;
            }
            // The surname is itself a first name ("Jean-Luc Martin"): the loop above took it.
            if j - i >= 2 && !t.upper && lists.is_surname(tokens[j - 1].text(ctx)) {
                push(p, ctx, tokens, i, j, 0.75, out);
                continue;
            }
        }

        // Surname in capitals + first name: "DUPONT Jean".
        if t.upper
            && w.len() >= 2
            && !lists.excluded(w)
            && !lists.is_term(w)
            && !INSTITUTIONS.contains(&w)
        {
            if let Some(n) = tokens.get(i + 1) {
                let nw = n.text(ctx);
                if matches!(next_gap, Some(" " | ", ")) && n.cap && !n.upper && lists.is_first(nw) {
                    push(p, ctx, tokens, i, i + 2, 0.85, out);
                    continue;
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
                    push(p, ctx, tokens, i, i + 1, 0.6, out);
                }
            }
        }
    }
}
