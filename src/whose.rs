//! Whose data is it: for every finding of a segment, the person or body it belongs to — the
//! cared-for person (patient, résident, usager, bénéficiaire, enfant accueilli), a
//! professional (the sender, a signatory, a physician, the staff), a relative or legal
//! representative, the sender's structure itself (its letterhead and signature: name,
//! address, switchboard, FINESS, SIRET), or unknown.
//!
//! What the law protects is the health data of the person cared for (CSP L1110-4, R1110-2;
//! RGPD art. 9): a structure's own name ("EHPAD Résidence des Tilleuls") says nothing about
//! anyone, and a staff member's name next to it does not make an ordinary message health data.
//!
//! The evidence, read from the text around each finding (a few words, never more than a line
//! or two, so the whole is linear in the segment's size):
//! - the **layout** of a letter or a message: the *letterhead* (the first lines, before the
//!   greeting, the subject line or the patient banner) and the *signature block* (from the
//!   last closing formula — "Cordialement", "Bien à vous" — or the `-- ` delimiter to the end,
//!   a dozen lines at most);
//! - **cues** before or after a name: a function or title ("Dr", "IDE", "directrice",
//!   "responsable RH", "Jeanne Martin, infirmière coordinatrice"), a family tie or a legal
//!   mandate ("sa fille", "tuteur", "personne de confiance"), a cared-for role ("la
//!   patiente", "résident", "concernant", "né(e) le", ", 86 ans"), a greeting ("Bonjour
//!   Nadia," names the correspondent);
//! - the **kind** of identifier: a NIR or an IPP is a cared-for person's, an RPPS or ADELI a
//!   professional's, a FINESS or SIRET a structure's; a phone, an e-mail, an address or a
//!   birth date belongs to the person named just before it on its line;
//! - the **origin**: the display names of `From`, `To`, `Cc` are the correspondents.
//!
//! A care setting named as a structure — its type followed by a proper name ("IME Les Pins",
//! "EHPAD Résidence des Tilleuls") with no tie to a person before it ("résidente de",
//! "accueilli à", "orienté vers") — is the structure's name, not a crossing about someone.
//!
//! Besides, [`about_someone`] says whether a text speaks of one person in particular ("le
//! patient présente…", "la résidente"), named or not: a clinical note about an unnamed
//! patient is still about someone (pseudonymous data, RGPD recital 26), an activity report
//! about "22 résidents en GIR 1 ou 2" is not.

use crate::category::Category;
use crate::extract::Origin;
use crate::finding::Subject;
use crate::scan::normalize::fold;

/// The span of a finding in its segment's text, and its category.
#[derive(Debug, Clone, Copy)]
pub struct Span {
    pub category: Category,
    pub start: usize,
    pub end: usize,
}

/// Lines at most in a signature block, and bytes at most from its closing formula to the end.
const SIGNATURE_LINES: usize = 14;
const SIGNATURE_BYTES: usize = 1_500;
/// Lines at most in a letterhead, and bytes at most.
const LETTERHEAD_LINES: usize = 14;
const LETTERHEAD_BYTES: usize = 1_200;

/// The subject of each span (same order) of a segment of `text` from `origin`: `Some` for
/// identifiers (whose they are) and for what belongs to the structure's letterhead or
/// signature; `None` for health data that is not the structure's (classification decides).
pub fn subjects(text: &str, origin: &Origin, spans: &[Span]) -> Vec<Option<Subject>> {
    crate::work::add(spans.len());
    if let Origin::Header(h) = origin
        && crate::extract::mail::is_address_header(h)
    {
        // Display names and addresses of the exchange's correspondents; a care setting in a
        // display name ("IME Les Pins <secretariat@…>") is a structure's name.
        return spans
            .iter()
            .map(|s| {
                Some(if is_identifier(s.category) {
                    Subject::Professional
                } else {
                    Subject::Structure
                })
            })
            .collect();
    }
    if let Origin::Element(path) = origin
        && ["/ORGANIZER", "/ATTENDEE", "/ORGANIZER;CN", "/ATTENDEE;CN"]
            .iter()
            .any(|p| path.ends_with(p))
    {
        // An invitation's organizer and attendees: the correspondents.
        return spans
            .iter()
            .map(|s| is_identifier(s.category).then_some(Subject::Professional))
            .collect();
    }
    let layout = match origin {
        Origin::Body | Origin::Page(_) => Layout::of(text),
        _ => Layout::default(),
    };
    let mut out: Vec<Option<Subject>> = Vec::with_capacity(spans.len());
    for (k, s) in spans.iter().enumerate() {
        let zone = layout.zone(s.start);
        let subject = match s.category {
            Category::Nir | Category::Ipp => Some(Subject::CaredFor),
            Category::Rpps | Category::Adeli => Some(Subject::Professional),
            Category::Finess | Category::Siret => Some(Subject::Structure),
            Category::PersonName => Some(match zone {
                Zone::Signature => Subject::Professional,
                _ => name_subject(text, s, zone),
            }),
            Category::BirthDate => Some(
                match previous_on_line(text, spans, &out, k, Category::PersonName) {
                    Some(Subject::Professional) => Subject::Professional,
                    Some(Subject::Relative) => Subject::Relative,
                    _ => Subject::CaredFor,
                },
            ),
            Category::Phone | Category::Email | Category::Address | Category::Iban => {
                Some(match zone {
                    Zone::Signature | Zone::Letterhead => Subject::Structure,
                    Zone::Text => {
                        match previous_on_line(text, spans, &out, k, Category::PersonName) {
                            Some(Subject::Professional) => Subject::Professional,
                            Some(Subject::Relative) => Subject::Relative,
                            Some(Subject::CaredFor) => Subject::CaredFor,
                            _ => Subject::Unknown,
                        }
                    }
                })
            }
            Category::CareSetting if zone != Zone::Text || structure_name(text, s) => {
                Some(Subject::Structure)
            }
            _ if zone == Zone::Signature => Some(Subject::Structure),
            _ => None,
        };
        out.push(subject);
    }
    out
}

/// Whether `text` speaks of one cared-for person in particular: a singular cared-for noun
/// with its determiner ("le patient", "la résidente", "votre patiente", "l'enfant"), a birth
/// or age cue ("né le", "âgée de 86 ans"), or a heading of a medical record ("Antécédents :",
/// "Traitement en cours").
pub fn about_someone(text: &str) -> bool {
    crate::work::add(text.len());
    let folded = fold(text);
    if RECORD_HEADINGS.iter().any(|h| folded.contains(h)) {
        return true;
    }
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(2).any(|w| {
        let (det, noun) = (w[0], w[1]);
        (SINGULAR_DETERMINERS.contains(&det) && CARED_FOR_NOUNS.contains(&noun))
            || (matches!(det, "ne" | "nee") && noun == "le")
            || (matches!(det, "agee" | "age") && noun == "de")
    })
}

/// Headings of a person's medical record (folded): a text under one is about that person.
const RECORD_HEADINGS: &[&str] = &[
    "antecedents :",
    "antecedents:",
    "atcd :",
    "atcd:",
    "allergies :",
    "traitement en cours",
    "traitement habituel",
    "traitements en cours",
    "traitements habituels",
    "traitement de sortie",
    "examen clinique",
    "histoire de la maladie",
    "motif d'hospitalisation",
    "motif de consultation",
    "motif d hospitalisation",
    "motif de la consultation",
];

const SINGULAR_DETERMINERS: &[&str] = &[
    "le", "la", "l", "du", "au", "votre", "notre", "ce", "cet", "cette", "mon", "ma", "son", "sa",
    "un", "une", "cher",
];

const CARED_FOR_NOUNS: &[&str] = &[
    "patient",
    "patiente",
    "resident",
    "residente",
    "usager",
    "usagere",
    "beneficiaire",
    "enfant",
    "interesse",
    "interessee",
    "assure",
    "assuree",
    "malade",
    "defunt",
    "defunte",
];

fn is_identifier(c: Category) -> bool {
    c.basis() == crate::Basis::Identifier
}

/// Where a finding stands in its text's layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    Letterhead,
    Text,
    Signature,
}

/// The letterhead and signature block of a text, as byte ranges.
#[derive(Debug, Default)]
struct Layout {
    /// Lines of the letterhead that hold the structure's identity: `(start, end)` of each.
    letterhead: Vec<(usize, usize)>,
    signature: Option<(usize, usize)>,
}

impl Layout {
    fn of(text: &str) -> Layout {
        Layout {
            letterhead: letterhead(text),
            signature: signature(text),
        }
    }

    fn zone(&self, at: usize) -> Zone {
        if self.signature.is_some_and(|(a, b)| a <= at && at < b) {
            return Zone::Signature;
        }
        let k = self.letterhead.partition_point(|&(a, _)| a <= at);
        if k > 0 && at < self.letterhead[k - 1].1 {
            return Zone::Letterhead;
        }
        Zone::Text
    }
}

/// The lines of `text` as `(start, end)` byte ranges (end before the line break).
fn lines(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start > text.len() || (start == text.len() && !text.is_empty()) {
            return None;
        }
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        let line = (start, end);
        start = end + 1;
        Some(line)
    })
}

/// The folded words of `s`.
fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The words that end a letter or a message before its signature.
const CLOSINGS: &[&[&str]] = &[
    &["cordialement"],
    &["bien", "cordialement"],
    &["tres", "cordialement"],
    &["bien", "a", "vous"],
    &["bien", "a", "toi"],
    &["salutations"],
    &["respectueusement"],
    &["bonne", "journee"],
    &["bonne", "soiree"],
    &["bonne", "fin", "de", "journee"],
    &["belle", "journee"],
    &["a", "bientot"],
    &["merci", "d", "avance"],
    &["merci", "par", "avance"],
    &["avec", "mes", "remerciements"],
    &["amities"],
    &["confraternellement"],
    &["l", "equipe"],
];

/// Lines that end a message's own text: a quoted or forwarded message follows.
fn starts_quote(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('>')
        || t.starts_with("-----")
        || t.starts_with("De :")
        || t.starts_with("De:")
        || t.starts_with("From:")
        || (t.starts_with("Le ") && t.trim_end().ends_with("a écrit :"))
}

/// The signature block: from the last closing formula (a line made of one, possibly with a
/// comma) or the `-- ` delimiter, while it is followed by a few short lines, to the end of the
/// text or the start of a quoted message.
fn signature(text: &str) -> Option<(usize, usize)> {
    let all: Vec<(usize, usize)> = lines(text).collect();
    let mut found = None;
    for (i, &(a, b)) in all.iter().enumerate() {
        let line = &text[a..b];
        if starts_quote(line) && found.is_some() {
            break;
        }
        let t = line.trim();
        let closing = t == "--"
            || t == "-- "
            || (t.len() < 60 && {
                let w = words(t);
                !w.is_empty()
                    && CLOSINGS.iter().any(|c| {
                        w.len() <= c.len() + 3
                            && w.iter().zip(c.iter()).all(|(a, b)| a == b)
                            && w.len() >= c.len()
                    })
            });
        if closing {
            found = Some(i);
        }
    }
    let i = found?;
    let start = all[i].0;
    let mut end = text.len();
    let mut count = 0;
    for &(a, b) in &all[i + 1..] {
        if starts_quote(&text[a..b]) {
            end = a;
            break;
        }
        if !text[a..b].trim().is_empty() {
            count += 1;
        }
    }
    (count <= SIGNATURE_LINES && end - start <= SIGNATURE_BYTES).then_some((start, end))
}

/// What opens the body of a letter or a message: the letterhead stops there.
const OPENINGS: &[&str] = &[
    "objet",
    "concerne",
    "madame",
    "monsieur",
    "bonjour",
    "bonsoir",
    "cher",
    "chere",
    "docteur",
    "patient",
    "patiente",
    "nom",
    "ref",
    "reference",
    "motif",
];

/// Signs that a line is a structure's: its contacts, registration numbers, a type of
/// establishment or service, a website.
const STRUCTURE_WORDS: &[&str] = &[
    "tel",
    "telephone",
    "fax",
    "standard",
    "accueil",
    "secretariat",
    "www",
    "http",
    "https",
    "finess",
    "siret",
    "siren",
    "ape",
    "naf",
    "ehpad",
    "ime",
    "esat",
    "ssiad",
    "saad",
    "sessad",
    "mas",
    "fam",
    "itep",
    "camsp",
    "cmp",
    "cmpp",
    "csapa",
    "ch",
    "chu",
    "chs",
    "centre",
    "hopital",
    "clinique",
    "cabinet",
    "service",
    "pole",
    "residence",
    "association",
    "foyer",
    "maison",
    "mairie",
    "ccas",
    "departement",
    "conseil",
    "direction",
    "pharmacie",
    "laboratoire",
    "groupe",
    "fondation",
    "institut",
    "etablissement",
    "unite",
    "plateforme",
    "dac",
];

/// The letterhead: the first lines of the text, until the greeting, the subject line or a
/// banner about the person; of those, the lines that read as a structure's.
fn letterhead(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (n, (a, b)) in lines(text).enumerate() {
        if n >= LETTERHEAD_LINES || b > LETTERHEAD_BYTES {
            break;
        }
        let w = words(&text[a..b]);
        let Some(first) = w.first() else { continue };
        if OPENINGS.contains(&first.as_str())
            || w.iter()
                .any(|x| CARED_FOR_NOUNS.contains(&x.as_str()) || x == "ne" || x == "nee")
        {
            break;
        }
        if w.iter().any(|x| STRUCTURE_WORDS.contains(&x.as_str()))
            || text[a..b].contains('@')
            || w.iter()
                .any(|x| x.len() == 5 && x.bytes().all(|c| c.is_ascii_digit()))
        {
            out.push((a, b));
        }
    }
    out
}

/// Functions and titles of professionals (folded words; several-word ones by their last word
/// and the one before it).
const PROFESSIONAL: &[&str] = &[
    "dr",
    "docteur",
    "pr",
    "professeur",
    "infirmier",
    "infirmiere",
    "ide",
    "idel",
    "ipa",
    "aide",
    "soignant",
    "soignante",
    "as",
    "educateur",
    "educatrice",
    "psychologue",
    "kinesitherapeute",
    "kine",
    "orthophoniste",
    "ergotherapeute",
    "psychomotricien",
    "psychomotricienne",
    "interne",
    "medecin",
    "pediatre",
    "psychiatre",
    "cardiologue",
    "gériatre",
    "geriatre",
    "neurologue",
    "pharmacien",
    "pharmacienne",
    "sage",
    "femme",
    "directeur",
    "directrice",
    "direction",
    "cadre",
    "responsable",
    "secretaire",
    "assistant",
    "assistante",
    "coordinateur",
    "coordinatrice",
    "coordonnateur",
    "coordonnatrice",
    "chef",
    "comptable",
    "agent",
    "president",
    "presidente",
    "maire",
    "adjoint",
    "adjointe",
    "conseiller",
    "conseillere",
    "gestionnaire",
    "charge",
    "chargee",
    "referent",
    "referente",
    "moniteur",
    "monitrice",
    "animateur",
    "animatrice",
    "dieteticien",
    "dieteticienne",
    "auxiliaire",
    "accompagnant",
    "accompagnante",
    "aes",
    "amp",
    "avs",
    "technicien",
    "technicienne",
    "ingenieur",
    "juriste",
    "dpo",
    "delegue",
    "deleguee",
    "stagiaire",
    "confrere",
    "consoeur",
    "collegue",
    "rh",
    "drh",
    "daf",
    "intervenant",
    "intervenante",
    "formateur",
    "formatrice",
    "fournisseur",
    "commercial",
    "commerciale",
    "inspecteur",
    "inspectrice",
];

/// Family ties and legal mandates.
const RELATIVE: &[&str] = &[
    "fille",
    "fils",
    "epoux",
    "epouse",
    "mari",
    "conjoint",
    "conjointe",
    "compagnon",
    "compagne",
    "frere",
    "soeur",
    "mere",
    "pere",
    "maman",
    "papa",
    "petit",
    "petite",
    "neveu",
    "niece",
    "oncle",
    "tante",
    "cousin",
    "cousine",
    "gendre",
    "belle",
    "beau",
    "tuteur",
    "tutrice",
    "curateur",
    "curatrice",
    "mandataire",
    "confiance",
    "aidant",
    "aidante",
    "parent",
    "parents",
    "famille",
    "proche",
    "representant",
    "representante",
];

/// Cared-for roles and banners.
const CARED_FOR: &[&str] = &[
    "patient",
    "patiente",
    "resident",
    "residente",
    "usager",
    "usagere",
    "beneficiaire",
    "enfant",
    "jeune",
    "eleve",
    "concernant",
    "concerne",
    "objet",
    "assure",
    "assuree",
    "accueilli",
    "accueillie",
    "admis",
    "admise",
    "hospitalise",
    "hospitalisee",
    "travailleur",
    "travailleuse",
    "malade",
    "nom",
    "prenom",
    "identite",
    "defunt",
    "defunte",
];

/// Verbs that follow the cared-for person's name in a clinical sentence ("Mme BERNARD présente
/// un œdème", "M. X pèse 64 kg", "Mme Y est suivie au CMP").
const CLINICAL_VERBS: &[&str] = &[
    "presente",
    "souffre",
    "pese",
    "mesure",
    "suivi",
    "suivie",
    "atteint",
    "atteinte",
    "hospitalise",
    "hospitalisee",
    "opere",
    "operee",
    "chute",
    "tousse",
    "mange",
    "dort",
    "marche",
    "decede",
    "decedee",
    "admis",
    "admise",
    "traite",
    "traitee",
    "diabetique",
];

/// Greetings: the name after one is the correspondent's.
const GREETINGS: &[&str] = &[
    "bonjour", "bonsoir", "salut", "cher", "chere", "coucou", "hello",
];

/// Civilities between a cue and the name ("le Dr Martin", "sa fille Mme Roux").
const CIVILITIES: &[&str] = &[
    "m",
    "mr",
    "mme",
    "mmes",
    "mlle",
    "monsieur",
    "madame",
    "mademoiselle",
    "me",
    "maitre",
];

/// Whose a person name is, from the words before and after it on its line (and the line
/// after it, where a signature-like "Name / Function" pair puts the function).
fn name_subject(text: &str, s: &Span, zone: Zone) -> Subject {
    let line_start = line_start(text, s.start);
    let line_end = line_end(text, s.end);
    let before = words(clause_before(text, line_start, s.start, 60));
    // Greeting at the start of the line: the correspondent ("Bonjour Nadia,", "Madame
    // Vidal,").
    let greeting = before
        .first()
        .is_some_and(|w| GREETINGS.contains(&w.as_str()))
        || (!before.is_empty()
            && before.iter().all(|w| CIVILITIES.contains(&w.as_str()))
            && text[s.end..line_end].trim() == ",");
    if before.len() <= 3 && greeting {
        return Subject::Professional;
    }
    // The nearest cue before the name, skipping civilities.
    for (k, w) in before.iter().enumerate().rev().take(4) {
        let w = w.as_str();
        if CIVILITIES.contains(&w) {
            continue;
        }
        if CARED_FOR.contains(&w) {
            return Subject::CaredFor;
        }
        if RELATIVE.contains(&w) {
            // The reader's relative is the person cared for ("votre mère, Mme Dupuis"); the
            // person's own is a relative ("sa fille, Mme Roux").
            let reader = k > 0 && matches!(before[k - 1].as_str(), "votre" | "vos" | "ton" | "ta");
            return if reader {
                Subject::CaredFor
            } else {
                Subject::Relative
            };
        }
        if PROFESSIONAL.contains(&w) {
            return Subject::Professional;
        }
    }
    // After the name: ", directrice", " (fille)", ", né le", ", 86 ans".
    let after_text = &text[s.end..ceil(text, line_end.min(s.end + 50))];
    let after = words(after_text);
    for (i, w) in after.iter().take(4).enumerate() {
        let w = w.as_str();
        // ("assuré" after a name is a verb: "Karim Haddad a assuré deux astreintes".)
        if matches!(w, "ne" | "nee" | "age" | "agee" | "ans")
            || (i <= 2 && CLINICAL_VERBS.contains(&w))
            || (CARED_FOR.contains(&w) && !matches!(w, "assure" | "assuree" | "objet" | "nom"))
        {
            return Subject::CaredFor;
        }
        if RELATIVE.contains(&w) && i <= 2 {
            return Subject::Relative;
        }
        if PROFESSIONAL.contains(&w) && i <= 2 {
            return Subject::Professional;
        }
    }
    // A name alone on its line followed by a function on the next (a signature anywhere).
    if after.is_empty() && before.iter().all(|w| CIVILITIES.contains(&w.as_str())) {
        let next = &text[ceil(text, (line_end + 1).min(text.len()))..];
        let next = next.split_once('\n').map_or(next, |(l, _)| l);
        if next.len() < 80
            && words(next)
                .first()
                .is_some_and(|w| PROFESSIONAL.contains(&w.as_str()))
        {
            return Subject::Professional;
        }
    }
    if zone == Zone::Letterhead {
        return Subject::Professional;
    }
    Subject::Unknown
}

/// The subject already given to the last span of `category` before span `k` on the same line.
fn previous_on_line(
    text: &str,
    spans: &[Span],
    done: &[Option<Subject>],
    k: usize,
    category: Category,
) -> Option<Subject> {
    let line_start = line_start(text, spans[k].start);
    (0..k)
        .rev()
        .take_while(|&j| spans[j].start >= line_start)
        .find(|&j| spans[j].category == category)
        .and_then(|j| done.get(j).copied().flatten())
}

/// Words that tie a person to a care setting just before it: "résidente de l'EHPAD …",
/// "accueilli à l'IME …", "orienté vers le SESSAD …".
const TIES: &[&str] = &[
    "resident",
    "residente",
    "residents",
    "accueilli",
    "accueillie",
    "admis",
    "admise",
    "heberge",
    "hebergee",
    "vit",
    "entre",
    "entree",
    "place",
    "placee",
    "oriente",
    "orientee",
    "orientation",
    "suivi",
    "suivie",
    "scolarise",
    "scolarisee",
    "hospitalise",
    "hospitalisee",
    "transfere",
    "transferee",
    "integre",
    "integree",
    "pris",
    "prise",
    "inscrit",
    "inscrite",
    "sortie",
    "sorti",
    "retour",
    "sejour",
];

/// Whether the care setting at `s` is the name of a structure: its type followed by a proper
/// name ("IME Les Pins", "EHPAD Résidence des Tilleuls", "SSIAD du Val"), with no tie to a
/// person just before it.
fn structure_name(text: &str, s: &Span) -> bool {
    let after = &text[s.end..ceil(text, (s.end + 40).min(text.len()))];
    let after = after.trim_start_matches([' ', '\u{a0}']);
    let mut rest = after;
    for lead in ["de la ", "des ", "du ", "de l'", "de ", "d'", "l'"] {
        if let Some(r) = rest.strip_prefix(lead) {
            rest = r;
            break;
        }
    }
    let proper = rest.chars().next().is_some_and(char::is_uppercase)
        && !rest.starts_with(|c: char| {
            c.is_uppercase() && rest.len() > 1 && rest[1..].starts_with(' ')
        });
    if !proper {
        return false;
    }
    let line_start = line_start(text, s.start);
    let before = words(clause_before(text, line_start, s.start, 40));
    !before
        .iter()
        .rev()
        .take(4)
        .any(|w| TIES.contains(&w.as_str()))
}

/// The text before `at` on its line, at most `window` bytes, from the start of its clause: a
/// cue of another sentence ("… le Dr Paul BERNARD. M. Louis PETIT") is not this name's. A
/// full stop after an abbreviated civility (`M.`, `Dr.`) does not end a clause.
fn clause_before(text: &str, line_start: usize, at: usize, window: usize) -> &str {
    let from = floor(text, line_start.max(at.saturating_sub(window)));
    let t = &text[from..at];
    let mut cut = 0;
    for (i, c) in t.char_indices() {
        let ends = match c {
            ';' | '!' | '?' | '(' | ')' | '|' => true,
            '.' => {
                let word = t[..i]
                    .rsplit_once(|c: char| !c.is_alphanumeric())
                    .map_or(&t[..i], |(_, w)| w);
                !matches!(
                    word,
                    "M" | "Mr" | "Dr" | "Pr" | "Mme" | "Mlle" | "Me" | "St" | "Ste"
                )
            }
            _ => false,
        };
        if ends {
            cut = i + c.len_utf8();
        }
    }
    &t[cut..]
}

/// Bytes of a line looked at on either side of a finding: cues are a few words away, and a long
/// line (a text without line breaks) must not cost its whole length for every finding.
const LINE_REACH: usize = 240;

/// The start of the line holding `at`, or `LINE_REACH` bytes before `at` on a longer line.
fn line_start(text: &str, at: usize) -> usize {
    let from = floor(text, at.saturating_sub(LINE_REACH));
    crate::work::add(at - from);
    text[from..at].rfind('\n').map_or(from, |i| from + i + 1)
}

/// The end of the line holding `at`, or `LINE_REACH` bytes after `at` on a longer line.
fn line_end(text: &str, at: usize) -> usize {
    let to = ceil(text, (at + LINE_REACH).min(text.len()));
    crate::work::add(to - at);
    text[at..to].find('\n').map_or(to, |i| at + i)
}

fn floor(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, what: &str, category: Category) -> Span {
        let start = text.find(what).expect("in text");
        Span {
            category,
            start,
            end: start + what.len(),
        }
    }

    fn whose(text: &str, what: &[(&str, Category)]) -> Vec<Option<Subject>> {
        let spans: Vec<Span> = what.iter().map(|(w, c)| span(text, w, *c)).collect();
        subjects(text, &Origin::Body, &spans)
    }

    #[test]
    fn the_signature_is_the_structure_and_its_staff() {
        let t = "Bonjour,\n\nVeuillez trouver le bon de commande.\n\nCordialement,\nClaire MARTIN\nDirectrice\nEHPAD Résidence des Tilleuls\n3 avenue de la Gare 40100 Dax\nTél. 05 58 00 00 00\n";
        let s = whose(
            t,
            &[
                ("Claire MARTIN", Category::PersonName),
                ("EHPAD", Category::CareSetting),
                ("3 avenue de la Gare 40100 Dax", Category::Address),
                ("05 58 00 00 00", Category::Phone),
            ],
        );
        assert_eq!(
            s,
            [
                Some(Subject::Professional),
                Some(Subject::Structure),
                Some(Subject::Structure),
                Some(Subject::Structure)
            ]
        );
    }

    #[test]
    fn cues_tell_the_cared_for_the_relative_and_the_professional_apart() {
        let t = "Nous avons reçu la patiente Jeanne DUPONT avec sa fille Mme Sophie ROUX et le Dr Paul BERNARD. M. Louis PETIT, 86 ans, et Mme Anne LEGRAND, infirmière.";
        let s = whose(
            t,
            &[
                ("Jeanne DUPONT", Category::PersonName),
                ("Sophie ROUX", Category::PersonName),
                ("Paul BERNARD", Category::PersonName),
                ("Louis PETIT", Category::PersonName),
                ("Anne LEGRAND", Category::PersonName),
            ],
        );
        assert_eq!(
            s,
            [
                Some(Subject::CaredFor),
                Some(Subject::Relative),
                Some(Subject::Professional),
                Some(Subject::CaredFor),
                Some(Subject::Professional)
            ]
        );
    }

    #[test]
    fn a_structure_named_by_its_type_is_not_a_care_setting_about_someone() {
        let t = "Réunion à l'EHPAD Résidence des Tilleuls. Mme X, résidente de l'EHPAD Les Lilas, et un séjour en EHPAD.";
        let spans = [
            span(t, "EHPAD", Category::CareSetting),
            Span {
                start: t.find("EHPAD Les").unwrap(),
                end: t.find("EHPAD Les").unwrap() + 5,
                category: Category::CareSetting,
            },
            Span {
                start: t.rfind("EHPAD").unwrap(),
                end: t.rfind("EHPAD").unwrap() + 5,
                category: Category::CareSetting,
            },
        ];
        assert_eq!(
            subjects(t, &Origin::Body, &spans),
            [Some(Subject::Structure), None, None]
        );
    }

    #[test]
    fn a_greeting_names_the_correspondent() {
        let t = "Bonjour Nadia,\nLe planning est joint.";
        assert_eq!(
            whose(t, &[("Nadia", Category::PersonName)]),
            [Some(Subject::Professional)]
        );
        let t = "Madame Vidal,\nVoici la facture de votre mère, Mme Marcelle Dupuis.";
        assert_eq!(
            whose(
                t,
                &[
                    ("Vidal", Category::PersonName),
                    ("Marcelle Dupuis", Category::PersonName)
                ]
            ),
            [Some(Subject::Professional), Some(Subject::CaredFor)]
        );
    }

    #[test]
    fn one_person_in_particular_or_a_group() {
        assert!(about_someone("Le patient présente une fatigue chronique."));
        assert!(about_someone("Votre patiente, âgée de 86 ans, a chuté."));
        assert!(!about_someone(
            "22 résidents en GIR 1 ou 2 ; 31 résidents atteints de maladie d'Alzheimer."
        ));
        assert!(!about_someone(
            "Les patients diabétiques sont invités à la journée."
        ));
    }

    #[test]
    fn identifiers_of_a_kind_are_someone_s_of_a_kind() {
        let t = "NIR 2 79 03 51 215 189 89, RPPS 10001234567, FINESS 400000000.";
        let s = whose(
            t,
            &[
                ("2 79 03 51 215 189 89", Category::Nir),
                ("10001234567", Category::Rpps),
                ("400000000", Category::Finess),
            ],
        );
        assert_eq!(
            s,
            [
                Some(Subject::CaredFor),
                Some(Subject::Professional),
                Some(Subject::Structure)
            ]
        );
    }
}
