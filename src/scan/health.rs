//! Health data: dictionary terms (extended over the value that follows a measure, the dosage that
//! follows a drug), CIM-10 and ATC codes written in text, weights written alone.

use super::dictionary::{Dictionary, TermHit};
use super::normalize::is_word_char;
use super::{Candidate, Ctx};
use crate::category::Category;
use regex::Regex;
use rustc_hash::FxHashMap as HashMap;

pub(crate) struct Patterns {
    value: Regex,
    unit: Regex,
    dosage: Regex,
    cim10: Regex,
    cim10_cue: Regex,
    atc: Regex,
    weight: Regex,
}

impl Patterns {
    pub(crate) fn new() -> Self {
        let re = super::pattern;
        Patterns {
            // "TA 12/8", "poids : 64", "glycemie a jeun a 1,26", "GIR-2", "taux d'incapacite de 80"
            value: re(
                r"^ ?(?:\([^)\n]{1,12}\) ?)?(?:(?:a jeun|est de|est a|egale? a|de|a|:|=|-) ?){0,2}(?:[<>]=?|≤|≥|~)? ?\d+(?:[.,]\d+)?(?: ?/ ?\d+(?:[.,]\d+)?)?",
            ),
            unit: re(
                r"^ ?(?:m\d{2}|kg/m2|kg/m²|kg|g/l|g/dl|mg/l|mg/dl|mmol/l|µmol/l|umol/l|mmhg|cmhg|%|cm|mm|bpm|/min|°c|°|ui/l|ml/min|ans|g|mg|ml|m)",
            ),
            dosage: re(
                r"^ ?(?:lp |la |retard )?\d+(?:[.,]\d+)? ?(?:mg/ml|mg|µg|ug|mcg|ml|ui|%|g|microgrammes|milligrammes)",
            ),
            cim10: re(r"\b([a-z]\d{2})(?:\.(\d{1,2})|(\d{1,2}))?\b"),
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

/// Measure names that are ordinary words ("poids lourds", "la taille de la chambre") or short
/// capitals with other meanings ("TAD", transport à la demande) count only with a value.
fn needs_value(info: &super::dictionary::TermInfo, term: &str) -> bool {
    match info.category {
        Category::BodyMeasure => !term.contains(' '),
        Category::ClinicalFinding => info.case_sensitive && term.len() <= 3,
        _ => false,
    }
}

pub(crate) fn find(
    p: &Patterns,
    dict: &Dictionary,
    hits: &[TermHit],
    cim10: &HashMap<Box<str>, (Category, bool)>,
    atc: &HashMap<Box<str>, bool>,
    ctx: &Ctx,
    out: &mut Vec<Candidate>,
) {
    let flat = ctx.flat;
    for hit in hits {
        let info = dict.info(hit);
        let mut end = hit.end;
        match info.category {
            Category::ClinicalFinding | Category::BodyMeasure | Category::DisabilityDependency => {
                if let Some(e) = extend(&p.value, flat, end) {
                    end = extend(&p.unit, flat, e).unwrap_or(e);
                } else if needs_value(info, &flat[hit.start..hit.end]) {
                    continue;
                }
            }
            Category::Medication => {
                if let Some(e) = extend(&p.dosage, flat, end) {
                    end = e;
                }
            }
            _ => {}
        }
        let (a, b) = ctx.orig(hit.start, end);
        let mut c = Candidate::new(info.category, a, b, 0.9);
        c.m.code = info.code.clone();
        c.m.sensitive = info.sensitive;
        out.push(c);
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
        let whole = caps.get(0).expect("group 0");
        if !upper_at(whole.start()) {
            continue;
        }
        let dotted = caps.get(2);
        let sub = dotted.or(caps.get(3)).map_or("", |m| m.as_str());
        let key = format!("{}{}", &caps[1], sub).to_ascii_uppercase();
        let Some(&(category, sensitive)) = cim10.get(key.as_str()) else {
            continue;
        };
        let cue = super::cue_before(text, whole.start(), 40, &p.cim10_cue);
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
        let Some(&sensitive) = atc.get(key.as_str()) else {
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
