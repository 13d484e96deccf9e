//! Garbled text layers (issue 21 §2): a page whose decoded text is not language.
//!
//! A font whose encoding tamis cannot know (a symbol font used for letters, a subset font with
//! a wrong or missing map, decoded by a fallback) gives text that reads `Ohwwuh gh oldlvrq`:
//! the scanner finds nothing in it while the reader sees a letter. Signs, each cheap and
//! linear in the page's text:
//! - words, but almost none of them a common French or English word ([`COMMON`], function and
//!   form words: in ordinary letters, tables and forms they are a fifth of the words or more);
//! - private-use code points (U+E000–U+F8FF) or replacement characters among the letters;
//! - long runs of one letter (every code decoded to the same character).
//!
//! Such a page [needs reading](super::ink::Reading::Needs) like a drawn one. Separately,
//! French text without a single accented letter while it has words that need one (`medecin`,
//! `hopital`, `etat`) lost its accents to a font fallback: that is a notice, counted (the text
//! is read, but a name like `Hélène` would be missed as written).

/// Common words (folded: lowercase, no accents) of French and English letters, tables and
/// forms. Small on purpose: garbled text almost never spells them.
const COMMON: &[&str] = &[
    // French
    "a", "au", "aux", "avec", "ce", "ces", "cette", "chez", "dans", "de", "des", "du", "elle", "en",
    "est", "et", "il", "ils", "je", "la", "le", "les", "leur", "mais", "me", "mon", "ne", "nous",
    "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sont", "sur",
    "un", "une", "vous", "votre", "nos", "vos", "ete", "sans", "plus", "tres", "nom", "prenom",
    "date", "ne", "nee", "adresse", "tel", "mme", "mr", "dr", "pr", "le", "madame", "monsieur",
    "patient", "patiente", "service", "page", "jour", "jours", "fait", "suivi", "avis", "non",
    "oui", "ans", "an", "mois", "fois", "rue", "centre", "docteur", // English
    "the", "of", "and", "to", "in", "is", "for", "with", "on", "by", "at", "as", "be", "this",
    "that", "from", "or", "was", "are", "an", "it", "not", "no", "yes", "name", "patient",
];
/// Pages with fewer words than this are not judged (a title page, a label).
const MIN_WORDS: usize = 40;
/// Garbled when fewer than this share (per thousand) of the words are common words.
const MIN_COMMON_PER_MILLE: usize = 30;
/// Garbled when at least this share (per thousand) of the letters are private-use or
/// replacement characters.
const MAX_PRIVATE_PER_MILLE: usize = 100;
/// A run of one letter this long is no word.
const MAX_RUN: usize = 12;
/// Words that need an accent in French, written without: the sign of a lost accent.
const UNACCENTED: &[&str] = &[
    "medecin",
    "medecins",
    "hopital",
    "etat",
    "tres",
    "deja",
    "apres",
    "numero",
    "telephone",
    "prevu",
    "prevue",
    "premiere",
    "derniere",
    "ete",
    "etait",
    "genre",
    "specialite",
    "therapeutique",
    "traitement",
    "evolution",
    "medical",
    "medicale",
    "neurologique",
    "cardiologique",
    "pediatrie",
    "resultat",
    "resultats",
    "securite",
    "sejour",
    "reeducation",
    "interet",
    "necessaire",
    "periode",
    "frequence",
    "cote",
    "age",
    "agee",
];
/// Lost accents are told when at least this many such words stand in a page with no accent.
const MIN_UNACCENTED: usize = 3;

/// What a page's decoded text says of its text layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Layer {
    /// Language, as far as these signs tell.
    Fine,
    /// Not language: the text layer is unreliable.
    Garbled,
    /// Language without its accents: `count` words that need one.
    NoAccents { count: usize },
}

/// Judges a page's text (see the module documentation).
pub(crate) fn judge(text: &str) -> Layer {
    let (mut words, mut common, mut unaccented) = (0usize, 0usize, 0usize);
    let (mut letters, mut private, mut accented) = (0usize, 0usize, 0usize);
    let (mut run_char, mut run) = ('\0', 0usize);
    let mut long_run = false;
    let mut word = String::new();
    let mut end_word = |word: &mut String, words: &mut usize| {
        if word.chars().count() >= 1 && word.chars().any(char::is_alphabetic) {
            *words += 1;
            if COMMON.contains(&word.as_str()) {
                common += 1;
            }
            if UNACCENTED.contains(&word.as_str()) {
                unaccented += 1;
            }
        }
        word.clear();
    };
    for c in text.chars() {
        let pua = ('\u{E000}'..='\u{F8FF}').contains(&c) || c == '\u{FFFD}';
        if c.is_alphabetic() || pua {
            letters += 1;
            private += usize::from(pua);
            if !c.is_ascii() && !pua {
                accented += 1;
            }
            if c == run_char {
                run += 1;
                long_run |= run >= MAX_RUN;
            } else {
                (run_char, run) = (c, 1);
            }
            word.extend(fold(c));
        } else {
            run_char = '\0';
            // An apostrophe ends an elided word (`l'`, `qu'`).
            end_word(&mut word, &mut words);
        }
    }
    end_word(&mut word, &mut words);
    if letters > 0 && (private * 1000 / letters >= MAX_PRIVATE_PER_MILLE || long_run) {
        return Layer::Garbled;
    }
    if words >= MIN_WORDS && common * 1000 / words < MIN_COMMON_PER_MILLE {
        return Layer::Garbled;
    }
    if accented == 0 && unaccented >= MIN_UNACCENTED {
        return Layer::NoAccents { count: unaccented };
    }
    Layer::Fine
}

/// Lowercase without the accents of French letters.
fn fold(c: char) -> impl Iterator<Item = char> {
    let base = match c {
        'à' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'î' | 'ï' | 'Î' | 'Ï' => 'i',
        'ô' | 'ö' | 'Ô' | 'Ö' => 'o',
        'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => 'u',
        'ç' | 'Ç' => 'c',
        'ÿ' => 'y',
        _ => '\0',
    };
    let one = (base != '\0').then_some(base);
    let many = one.is_none().then(|| c.to_lowercase());
    one.into_iter().chain(many.into_iter().flatten())
}

#[cfg(test)]
mod tests {
    use super::{Layer, judge};

    const LETTER: &str = "Madame, je vous adresse Mme Claudine Dupérier, née le 25/08/1951, pour \
        la suite de sa prise en charge. Elle a été hospitalisée du 9 au 18 novembre pour une \
        décompensation de sa BPCO sur une infection bronchique. Le traitement de sortie est \
        joint, avec le plan de soins infirmiers et les rendez-vous prévus en consultation.";

    #[test]
    fn a_letter_is_fine_and_its_caesar_shift_is_garbled() {
        assert_eq!(judge(LETTER), Layer::Fine);
        // Every letter shifted by three: what a wrong font encoding gives.
        let shifted: String = LETTER
            .chars()
            .map(|c| match c {
                'a'..='w' | 'A'..='W' => char::from(c as u8 + 3),
                'x'..='z' | 'X'..='Z' => char::from(c as u8 - 23),
                c => c,
            })
            .collect();
        assert_eq!(judge(&shifted), Layer::Garbled);
    }

    #[test]
    fn private_use_letters_and_long_runs_are_garbled() {
        let pua: String = "\u{E001}\u{E002}\u{E003} ".repeat(30);
        assert_eq!(judge(&pua), Layer::Garbled);
        assert_eq!(judge("Nom : xxxxxxxxxxxxxxxxxxxx"), Layer::Garbled);
        // Dot leaders and rules are not letters.
        assert_eq!(
            judge("Nom ........................ Date ________________"),
            Layer::Fine
        );
    }

    #[test]
    fn french_without_any_accent_is_told_and_english_is_fine() {
        let plain = "Le medecin a prevu un sejour a l'hopital apres la consultation; \
            le traitement est tres bien tolere.";
        assert!(matches!(judge(plain), Layer::NoAccents { count } if count >= 3));
        let english = "This is a summary of the patient visit and the plan of care for the \
            next weeks, with the medications and the follow up that was agreed on by the care \
            team and the family of the patient at the end of the visit in the clinic today.";
        assert_eq!(judge(english), Layer::Fine);
    }
}
