//! Health data: dictionary terms (extended over the value that follows a measure, the dosage that
//! follows a drug), CIM-10 and ATC codes written in text, weights written alone.

use super::dictionary::{Dictionary, Rule, TermHit, TermInfo};
use super::normalize::is_word_char;
use super::phrases::{Mode, complement};
use super::{Candidate, Ctx};
use crate::category::Category;
use regex::Regex;

pub(crate) struct Patterns {
    value: super::Pattern,
    unit: super::Pattern,
    qualitative: super::Pattern,
    quantity: super::Pattern,
    night: super::Pattern,
    period: super::Pattern,
    frequency: super::Pattern,
    schedule: super::Pattern,
    parenthetical: super::Pattern,
    device_size: super::Pattern,
    dosage: super::Pattern,
    cim10: super::Pattern,
    cim10_cue: super::Pattern,
    /// A CIM-10 code in parentheses right after a diagnosis: "Infection par le VIH (B24)".
    code_after: super::Pattern,
    atc: super::Pattern,
    weight: super::Pattern,
}

impl Patterns {
    pub(crate) fn new() -> Self {
        let re = super::pattern;
        Patterns {
            // "TA 12/8", "poids : 64", "glycemie a jeun a 1,26", "GIR-2", "taux d'incapacite de 80",
            // "FEVG mesuree a 35", "CD4 a 350", "plaquettes a 150 000", "FEVG est estimee a 40"
            value: re(
                r"^ ?(?:\([^)\n]{1,12}\) ?)?(?:(?:a jeun|est|etait|reste|de|a|:|=|-|stade|grade|(?:mesuree?|conservee?|estimee?|evaluee?|calculee?|retrouvee?|abaissee?|alteree?|diminuee?|elevee?|augmentee?|preservee?|passee?|remontee?|descendue?|chiffree?|superieure?|inferieure?|egale?) (?:a|de)|autour de|environ|aux alentours de|a peine|seulement) ?){0,3}(?:[<>]=?|≤|≥|~)? ?(?:\d{1,3}(?: \d{3})+|\d+)(?:[.,]\d+)?(?: ?/ ?\d+(?:[.,]\d+)?)?",
            ),
            // Units in their usual spellings; the longer ones first (the first alternative wins).
            unit: re(
                r"^ ?(?:x ?10 ?\^? ?\d{1,2} ?/ ?l|copies ?/ ?ml|cp ?/ ?ml|log|(?:cellules|elements|elts) ?/ ?mm[3³]|/ ?mm[3³]|/ ?µl|/ ?ul|ml/min/1[.,]73 ?m[2²]|ml/mn|ml/min|mmol/mol|mmol/l|µmol/l|umol/l|nmol/l|pmol/l|meq/l|mui/l|ui/l|ui/ml|u/l|µg/l|ug/l|ng/ml|ng/l|pg/ml|mg/24 ?h|g/24 ?h|g/dl|g/l|mg/l|mg/dl|giga/l|g/100 ?ml|kg/m2|kg/m²|m[2²]|cm[2²]|cm[3³]|mm[3³]|mmhg|cmhg|kpa|bpm|battements/min|/min|/mn|cycles/min|°c|°|%|kg|cm|mm|ml|mg|g|ans|points|pts|sec|s|m\d{2}|m|/ ?\d{1,2}\b)",
            ),
            // A result in words after a measure: "charge virale indetectable", "CRP normale".
            qualitative: re(
                r"^ ?(?:(?:est|etait|reste|restee?|revenue?|:|-) ?){0,2}(?:tres |legerement |franchement |discretement |bien |peu )?(?:indetectables?|positifs?|positives?|negatifs?|negatives?|negativees?|elevees?|eleves?|normales?|normaux|normal|stables?|basses?|bas|abaissees?|abaisses?|augmentees?|augmentes?|diminuees?|diminues?|conservees?|preservees?|alterees?|effondrees?|limites?|controlees?|equilibrees?|desequilibrees?|perturbees?|correctes?|satisfaisantes?|insuffisantes?|anormales?|anormaux|pathologiques?|dans les normes|en hausse|en baisse|fluctuante?s?|fluctuants?|tristes?|ralentie?s?|souples?|mauvaise?s?|moyenne?s?|irreguliere?s?|irreguliers?|reguliere?s?|reguliers?|agitee?s?|calmes?|paisibles?|sans particularite|sans anomalie|rassurante?s?|rassurants?|bonne?s?|bons)\b",
            ),
            // After a verb phrase of weight: "a perdu 5 kg", "a pris 3 kilos", "perte de 4,5 kg".
            quantity: re(
                r"^ ?(?:(?:environ|pres de|plus de|moins de|de|d'|au moins) ?){0,2}\d+(?:[.,]\d+)? ?(?:kg|kilos?|kilogrammes?)(?: (?:en|depuis|sur) (?:\d+|un|une|deux|trois|quatre|cinq|six|huit|dix|quelques) (?:jours?|semaines?|mois|ans?))?\b",
            ),
            dosage: re(
                r"^ ?(?:lp |la |retard )?(?:\d{1,3}(?: \d{3})+|\d+)(?:[.,]\d+)?(?: ?/ ?\d+(?:[.,]\d+)?)? ?(?:mg/ml|mg|µg|ug|mcg|ml|ui|%|g|microgrammes|milligrammes)(?: ?(?:/ ?24 ?h|par 24 ?h|/ ?j|par jour))?",
            ),
            // After "se lève", "levers": how often, up to the night ("trois à quatre fois par
            // nuit pour uriner").
            night: re(
                r"^ ?(?:[a-z0-9'-]+ ){0,5}?(?:par|la|dans la|chaque|toutes les|les|de la|en|cette) nuits?(?: pour (?:uriner|aller aux toilettes|boire|manger))?\b",
            ),
            // When: "du 06/11 au 13/11/2026", "jusqu'au 31 octobre", "pour 15 jours".
            period: re(
                r"^ ?,? ?(?:(?:prolonge|prolongee?|prescrit|initial|d'une duree de) ){0,2}(?:du (?:\d{1,2}(?:/\d{1,2}(?:/\d{2,4})?)?|\d{1,2}(?:er)? [a-z]+) au (?:\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}(?:er)? [a-z]+(?: \d{4})?)|jusqu'(?:au|a) (?:\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}(?:er)? [a-z]+(?: \d{4})?)|depuis le (?:\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}(?:er)? [a-z]+(?: \d{4})?)|pour (?:\d+|un|une|deux|trois|quinze) (?:jours?|semaines?|mois))\b",
            ),
            // How often an act is done: "4 fois par jour", "quotidien".
            frequency: re(
                r"^ ?,? ?(?:(?:\d+|une|deux|trois|quatre|cinq|six|sept|huit|dix) fois (?:par |a la |au |dans la )?(?:jour|semaine|mois|nuit|an)|quotidiens?|quotidiennes?|hebdomadaires?|mensuels?|mensuelles?)\b",
            ),
            device_size: re(r"^ ?(?:ch|charriere|fr|french|g) ?\d{1,2}\b"),
            // A remark in parentheses after a finding: "(30 PA, sevré en 2019)".
            parenthetical: re(r"^ ?\([^)(\n]{1,48}\)"),
            // When a drug is taken: "matin et soir", "au coucher", "1 cp/j", "2 x/j".
            schedule: re(
                r"^ ?,? ?(?:(?:le |au |a )?(?:matin|midi|soir|coucher|lever)(?:(?: et | ?, ?| - )(?:le |au |a )?(?:matin|midi|soir|coucher))*|\d+(?:[.,]5)? (?:cp|comprimes?|gelules?|sachets?|bouffees?|gouttes|injections?) ?(?:/ ?j(?:our)?|par jour|le (?:matin|soir))|\d+ ?x ?/ ?j|x ?\d+ ?/ ?j|\d+ ?/ ?j|(?:une|deux|trois) fois par (?:jour|semaine))\b",
            ),
            cim10: re(r"\b(?P<code>[a-z]\d{2})(?:\.(?P<dotted>\d{1,2})|(?P<glued>\d{1,2}))?\b"),
            code_after: re(r"^ ?\((?P<code>[a-z]\d{2})(?:\.?(?P<sub>\d{1,2}))?\)"),
            cim10_cue: re(r"\b(?:cim-?10|cim|icd-?10|icd|code|codes|diagnostic|diag|dp|das|da)\b"),
            atc: re(r"\b[a-z]\d{2}[a-z]{2}\d{2}\b"),
            weight: re(r"\b\d{1,3}(?:[.,]\d{1,3})? ?(?:kg|kilos?)\b"),
        }
    }
}

/// End of an anchored match of `re` at `at` in `text`, if the match ends on a word boundary.
fn extend(re: &Regex, text: &str, at: usize) -> Option<usize> {
    let m = re.find(&text[at..])?;
    let end = at + m.end();
    let last = text[..end].chars().next_back();
    let next = text[end..].chars().next();
    // A unit ending in a symbol ('%', '°') needs no boundary; a word or number does.
    if last.is_some_and(is_word_char) && next.is_some_and(is_word_char) {
        return None;
    }
    Some(end)
}

/// Measure names that are also ordinary words ("une tension dans l'équipe", "le sodium du
/// sel"): findings only with a value or a result.
const ORDINARY_MEASURES: &[&str] = &[
    "tension",
    "tensions",
    "sodium",
    "potassium",
    "sat",
    "creat",
    "constantes",
    "appetit",
    "moral",
    "humeur",
    "transit",
    "selles",
    "sommeil",
    "etat general",
    "etat cutane",
    "vigilance",
    "auscultation",
    "auscultation cardiaque",
    "auscultation pulmonaire",
    "etat nutritionnel",
    "hydratation",
    "examen neurologique",
];

/// Measure names that are ordinary words ("poids lourds", "la taille de la chambre") or short
/// capitals with other meanings ("TAD", transport à la demande) count only with a value.
fn needs_value(info: &TermInfo, term: &str) -> bool {
    match info.category {
        Category::BodyMeasure => !term.contains(' '),
        Category::ClinicalFinding => {
            (info.case_sensitive && term.len() <= 3) || ORDINARY_MEASURES.contains(&term)
        }
        _ => false,
    }
}

/// A weight written after a symptom as its own measure ("a perdu du poids : 48 kg") is a body
/// measure of its own; an amount of change ("amaigrissement de 6 kg") goes with the symptom.
fn weight_measured_apart(info: &TermInfo, flat: &str, at: usize, value_end: usize) -> bool {
    if info.category != Category::ClinicalFinding {
        return false;
    }
    let rest = &flat[value_end..];
    let kg = rest.trim_start().starts_with("kg") || rest.trim_start().starts_with("kilo");
    let link = flat[at..value_end].trim_start();
    kg && !(link.starts_with("de ") || link.starts_with("d'"))
}

/// A test's result written as a score or a ratio ("19/30", ": 24", "à 26/30"), not a date or a
/// count of sessions.
fn score_like(s: &str) -> bool {
    let s = s.trim();
    (s.contains('/') && !s.contains(' ')) || s.starts_with([':', '=']) || s.starts_with("a ")
}

fn push(ctx: &Ctx, start: usize, end: usize, info: &TermInfo, out: &mut Vec<Candidate>) {
    let (a, b) = ctx.orig(start, end);
    let mut c = Candidate::new(info.category, a, b, 0.9);
    c.m.code = info.code.as_deref().map(Into::into);
    c.m.sensitive = info.sensitive;
    out.push(c);
}

pub(crate) fn find(
    p: &Patterns,
    dict: &Dictionary,
    hits: &[TermHit],
    cim10: &super::CodeList,
    atc: &super::CodeList,
    ctx: &Ctx,
    out: &mut Vec<Candidate>,
) {
    let flat = ctx.flat;
    // A hit merged into the one before it ("… par cœlioscopie").
    let mut skip = usize::MAX;
    // The last measure with a value: its candidate's index and folded end.
    let mut run: Option<(usize, usize)> = None;
    for (k, hit) in hits.iter().enumerate() {
        if k == skip {
            continue;
        }
        let info = dict.info(hit);
        let mut end = hit.end;
        // A complement stops where the next term starts.
        let limit = hits.get(k + 1).map_or(flat.len(), |n| n.start);
        match info.rule {
            Rule::Term => {}
            Rule::Stop => continue,
            Rule::Complement | Rule::MaybeComplement | Rule::PrepComplement => {
                let mode = if info.rule == Rule::PrepComplement {
                    Mode::Prep
                } else {
                    Mode::Any
                };
                // A score or a value may come first: "douleur à 6/10 à la mobilisation".
                let valued = if info.category == Category::ClinicalFinding {
                    extend(&p.value, flat, end).map(|e| extend(&p.unit, flat, e).unwrap_or(e))
                } else {
                    None
                };
                if let Some(e) = valued {
                    end = e;
                }
                match complement(ctx, end, mode, limit) {
                    Some(e) => end = e,
                    None if valued.is_none() && info.rule != Rule::MaybeComplement => continue,
                    None => {}
                }
                // "escarre talonnière droite stade 2": a value after the complement.
                if info.category == Category::ClinicalFinding
                    && valued.is_none()
                    && let Some(e) = extend(&p.value, flat, end)
                {
                    end = extend(&p.unit, flat, e).unwrap_or(e);
                }
                if info.category == Category::ClinicalFinding
                    && let Some(e) = extend(&p.parenthetical, flat, end)
                {
                    end = e;
                }
                if info.category == Category::Procedure {
                    if let Some(e) = extend(&p.device_size, flat, end) {
                        end = e;
                    }
                    if let Some(e) = extend(&p.frequency, flat, end) {
                        end = e;
                    }
                }
                push(ctx, hit.start, end, info, out);
                continue;
            }
            Rule::Device(more) => {
                // The device may be a term of its own ("sonde urinaire"): the act takes it in,
                // and wins the overlap by its length.
                let Some(e) = super::phrases::device(ctx, dict, end, flat.len()) else {
                    continue;
                };
                end = e;
                let limit = hits[k + 1..]
                    .iter()
                    .find(|n| n.start >= end)
                    .map_or(flat.len(), |n| n.start);
                if more && let Some(e) = complement(ctx, end, Mode::Adjectives, limit) {
                    // "mise en place d'une sonde" + "nasogastrique".
                    end = e;
                }
                if let Some(e) = extend(&p.device_size, flat, end) {
                    end = e;
                }
                if let Some(e) = extend(&p.frequency, flat, end) {
                    end = e;
                }
                push(ctx, hit.start, end, info, out);
                continue;
            }
            Rule::Quantity | Rule::Night | Rule::Period => {
                let re = match info.rule {
                    Rule::Night => &p.night,
                    Rule::Period => &p.period,
                    _ => &p.quantity,
                };
                let Some(e) = extend(re, flat, end) else {
                    continue;
                };
                push(ctx, hit.start, e, info, out);
                continue;
            }
        }
        match info.category {
            Category::ClinicalFinding | Category::BodyMeasure | Category::DisabilityDependency => {
                if let Some(e) = extend(&p.value, flat, end)
                    .filter(|&e| !weight_measured_apart(info, flat, end, e))
                {
                    end = extend(&p.unit, flat, e).unwrap_or(e);
                    // "Pesée : 47,5 kg (49 kg le mois dernier)".
                    if let Some(e) = extend(&p.parenthetical, flat, end) {
                        end = e;
                    }
                    // Measures written as one run are one phrase: "Pouls 88, TA 135/80,
                    // glycémie 1,12 g/l" (the previous measure takes this one in).
                    if info.category == Category::ClinicalFinding
                        && let Some((i, prev_end)) = run
                        && matches!(&flat[prev_end..hit.start], ", " | "; " | " - " | " ")
                        && let Some(c) = out.get_mut(i)
                    {
                        let (_, b) = ctx.orig(hit.start, end);
                        c.m.end = b;
                        run = Some((i, end));
                        continue;
                    }
                    if info.category == Category::ClinicalFinding {
                        run = Some((out.len(), end));
                    }
                } else if let Some(e) = extend(&p.qualitative, flat, end) {
                    end = e;
                } else if needs_value(info, &flat[hit.start..hit.end]) {
                    continue;
                } else if info.category == Category::ClinicalFinding
                    && let Some(e) = complement(ctx, end, Mode::Adjectives, limit)
                {
                    // "troubles du comportement nocturnes", "asthénie importante".
                    end = e;
                }
                if info.category == Category::ClinicalFinding
                    && let Some(e) = extend(&p.parenthetical, flat, end)
                {
                    // "Ancien fumeur (30 PA, sevré en 2019)".
                    end = e;
                }
            }
            Category::Medication => {
                if let Some(e) = extend(&p.dosage, flat, end) {
                    end = e;
                }
                if let Some(e) = extend(&p.schedule, flat, end) {
                    end = e;
                }
            }
            Category::SocialBenefit => {
                // "AEEH complément 4", "PCH aide humaine (2 h par jour)".
                if let Some(e) = extend(&p.value, flat, end) {
                    end = e;
                }
                if let Some(e) = complement(ctx, end, Mode::Adjectives, limit) {
                    end = e;
                }
                if let Some(e) = extend(&p.value, flat, end) {
                    end = e;
                }
                if let Some(e) = extend(&p.parenthetical, flat, end) {
                    end = e;
                }
            }
            Category::SickLeave | Category::CareSetting => {
                if let Some(e) = extend(&p.period, flat, end) {
                    end = e;
                }
                // "accueil de jour deux fois par semaine".
                if let Some(e) = extend(&p.frequency, flat, end) {
                    end = e;
                }
            }
            Category::Procedure => {
                // A device's size: "sonde urinaire Ch 14".
                if let Some(e) = extend(&p.device_size, flat, end) {
                    end = e;
                }
                // A test with its result is a finding: "MMSE 19/30", "MoCA : 24".
                if let Some(v) = extend(&p.value, flat, end)
                    && score_like(&flat[end..v])
                {
                    let e = extend(&p.unit, flat, v).unwrap_or(v);
                    let mut as_finding = info.clone();
                    as_finding.category = Category::ClinicalFinding;
                    push(ctx, hit.start, e, &as_finding, out);
                    continue;
                }
                if let Some(e) = extend(&p.frequency, flat, end) {
                    end = e;
                }
                // "cholécystectomie par cœlioscopie": an act and how it was done, one phrase.
                if let Some(n) = hits.get(k + 1)
                    && matches!(&flat[end..n.start], " par " | " sous ")
                    && dict.info(n).category == Category::Procedure
                {
                    end = n.end;
                    skip = k + 1;
                }
            }
            Category::Diagnosis => {
                // The code written after the diagnosis goes with it: it says the same.
                if let Some(c) = p.code_after.captures(&flat[end..]) {
                    let sub = c.name("sub").map_or("", |m| m.as_str());
                    let code = super::group(&c, "code");
                    let key = format!("{}{}", code.as_str(), sub).to_ascii_uppercase();
                    let at = end + code.start();
                    let (a, _) = ctx.orig(at, at + 1);
                    let upper = ctx.original[a..].starts_with(|c: char| c.is_ascii_uppercase());
                    if upper && cim10.get(key.as_str()).is_some() {
                        end += c.get_match().end();
                    }
                }
            }
            _ => {}
        }
        push(ctx, hit.start, end, info, out);
    }
    let text = ctx.folded.text.as_str();
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    let upper_at = |i: usize| {
        let (a, _) = ctx.orig(i, i + 1);
        ctx.original[a..].starts_with(|c: char| c.is_ascii_uppercase())
    };
    for caps in p.cim10.captures_iter(text) {
        let whole = caps.get_match();
        if !upper_at(whole.start()) {
            continue;
        }
        let dotted = caps.name("dotted");
        let sub = dotted.or(caps.name("glued")).map_or("", |m| m.as_str());
        let key = format!("{}{}", super::group(&caps, "code").as_str(), sub).to_ascii_uppercase();
        let Some((category, sensitive)) = cim10.get(key.as_str()) else {
            continue;
        };
        // The marker of a removed value ("[retiré : diagnostic]") is no cue.
        let mut from = whole.start().saturating_sub(40);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let cue = super::cue_before(text, whole.start(), 40, &p.cim10_cue)
            && !text[from..whole.start()].contains("retire :");
        let conf = match (dotted.is_some(), cue) {
            (_, true) => 0.9,
            (true, false) => 0.85,
            (false, false) => continue,
        };
        let (a, b) = ctx.orig(whole.start(), whole.end());
        let mut c = Candidate::new(category, a, b, conf);
        c.m.code = Some(key.into());
        c.m.sensitive = sensitive;
        out.push(c);
    }
    for m in p.atc.find_iter(text) {
        if !upper_at(m.start()) {
            continue;
        }
        let key = m.as_str().to_ascii_uppercase();
        let Some((_, sensitive)) = atc.get(key.as_str()) else {
            continue;
        };
        let (a, b) = ctx.orig(m.start(), m.end());
        let mut c = Candidate::new(Category::Medication, a, b, 0.95);
        c.m.code = Some(key.into());
        c.m.sensitive = sensitive;
        out.push(c);
    }
    for m in p.weight.find_iter(text) {
        let (a, b) = ctx.orig(m.start(), m.end());
        let mut c = Candidate::new(Category::BodyMeasure, a, b, 0.7);
        // A weight alone loses to a measure found by its name ("poids : 64 kg").
        c.priority -= 1;
        out.push(c);
    }
}
