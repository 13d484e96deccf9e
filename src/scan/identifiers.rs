//! Identifier detectors: NIR/NIA/INS, RPPS, ADELI, FINESS, SIRET/SIREN, IPP, phone, e-mail, IBAN,
//! date of birth. All run on the folded text (lowercase, spaces unified), validate their
//! candidates (check keys, calendar) and weigh the cues that name them (`shared/FORMATS.md` §1).

use super::normalize::is_word_char;
use super::validate;
use super::{Candidate, Ctx, cue_before};
use crate::category::Category;
use regex::Regex;

pub(crate) struct Patterns {
    nir: Regex,
    nir_cue: Regex,
    digits: Regex,
    siret_spaced: Regex,
    finess_corsica: Regex,
    rpps_cue: Regex,
    adeli_cue: Regex,
    finess_cue: Regex,
    siret_cue: Regex,
    ipp: Regex,
    phone: Regex,
    email: Regex,
    iban: Regex,
    birth_date: Regex,
}

const MONTHS: &str = "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|janv\\.?|fevr?\\.?|avr\\.?|juil\\.?|sept?\\.?|oct\\.?|nov\\.?|dec\\.?";

impl Patterns {
    pub(crate) fn new() -> Self {
        let re = super::pattern;
        Patterns {
            nir: re(
                r"[12][ .]?\d{2}[ .]?\d{2}[ .]?(?:\d{2}|2[ab])[ .]?\d{3}[ .]?\d{3}(?:[ .]?\d{2})?",
            ),
            nir_cue: re(
                r"\b(?:nir|ins|ins-?ni[ra]|nia|insee|nss|n° ?ss|n° ?secu|secu|securite sociale|matricule(?: ins)?|immatriculation|assurance maladie|n° (?:d')?assure|numero (?:d')?assure|assure social|n° d'identification|n° d'id)\b",
            ),
            digits: re(r"\d{9,14}"),
            siret_spaced: re(r"\d{3} \d{3} \d{3}(?: \d{5})?"),
            finess_corsica: re(r"2[ab]\d{7}"),
            rpps_cue: re(r"\b(?:rpps|idnat(?:_ps)?|id ?nat|identifiant national(?: ps)?)\b"),
            adeli_cue: re(r"\badeli\b"),
            finess_cue: re(r"\bfiness\b"),
            siret_cue: re(r"\b(?:siret|siren)\b"),
            ipp: re(
                r"\b(?:(?:n° ?ipp|numero ipp|ipp|nip|nda|ip|identifiant (?:du )?patient|identification (?:du )?patient|n° (?:d')?identification(?: du)? patient|n° (?:du )?patient|numero (?:du )?patient|n° (?:de )?dossier|numero de dossier|n° (?:de )?sejour|numero de sejour|numero d'identification \(ipp\)|identification du patient \(ipp\))\b|patient n°|dossier n°)\)? ?(?:n°|no\.?|num\.?)? ?[:=#|-]? ?(?:est(?: le)? |etant le )?([a-z0-9][a-z0-9/-]{2,19})",
            ),
            phone: re(
                r"(?:(?:\+|00) ?(?:33|262|590|594|596|269|508|687|689|681)|\((?:\+|00)?33\)) ?(?:\(0\) ?)?[1-9](?:[ .-]?\d){8}|0[1-9](?:[ .-]?\d){8}|0[1-9](?:/\d{2}){4}",
            ),
            email: re(
                r"[a-z0-9][a-z0-9._%+'-]*@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,24}",
            ),
            iban: re(r"[a-z]{2}\d{2}(?: ?[a-z0-9]){11,32}"),
            birth_date: re(&format!(
                r"\b(?:n(?:e|ee)(?:\(e\)|\.e)? le|ddn|date de naissance|date de naiss|date de nais|naissance|ne\(e\) le|mise? au monde le|date de mise au monde)\b\.? ?(?:le )?:? ?(?:(\d{{1,2}}) ?[/.|-] ?(\d{{1,2}}) ?[/.|-] ?(\d{{4}}|\d{{2}})\b|(\d{{4}})-(\d{{2}})-(\d{{2}})\b|(1er|\d{{1,2}}) ({MONTHS}) (\d{{4}})\b)"
            )),
        }
    }
}

/// Compact form of a number: its ASCII alphanumerics.
fn compact(s: &str) -> Vec<u8> {
    s.bytes().filter(u8::is_ascii_alphanumeric).collect()
}

/// The line of `text` around byte `at`.
fn line_around(text: &str, at: usize) -> &str {
    let s = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let e = text[at..].find('\n').map_or(text.len(), |i| at + i);
    &text[s..e]
}

/// A number candidate stands alone: no letter or digit touches it, and it does not continue
/// through one separator into more digits (`12 34…`), which would make it part of a longer number.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let before = text[..start].chars().next_back();
    if before.is_some_and(|c| is_word_char(c) || c == '+' || c == '@') {
        return false;
    }
    if start >= 2 && matches!(b[start - 1], b' ' | b'.' | b'-') && b[start - 2].is_ascii_digit() {
        return false;
    }
    let after = text[end..].chars().next();
    if after.is_some_and(|c| is_word_char(c) || c == '@') {
        return false;
    }
    if end + 1 < b.len() && matches!(b[end], b' ' | b'.' | b'-') && b[end + 1].is_ascii_digit() {
        return false;
    }
    true
}

fn push(out: &mut Vec<Candidate>, ctx: &Ctx, category: Category, s: usize, e: usize, conf: f32) {
    let (a, b) = ctx.orig(s, e);
    out.push(Candidate::new(category, a, b, conf));
}

pub(crate) fn find(p: &Patterns, ctx: &Ctx, out: &mut Vec<Candidate>) {
    let text = ctx.folded.text.as_str();
    let has_digit = text.bytes().any(|b| b.is_ascii_digit());
    email(p, ctx, out);
    if !has_digit {
        return;
    }
    nir(p, ctx, out);
    professional_and_structure(p, ctx, out);
    ipp(p, ctx, out);
    phone(p, ctx, out);
    iban(p, ctx, out);
    birth_date(p, ctx, out);
}

fn nir(p: &Patterns, ctx: &Ctx, out: &mut Vec<Candidate>) {
    let text = ctx.folded.text.as_str();
    for m in p.nir.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        if !stands_alone(text, s, e) {
            continue;
        }
        let c = compact(m.as_str());
        let month = (c[3] - b'0') * 10 + (c[4] - b'0');
        if month == 0 || (13..=19).contains(&month) {
            continue;
        }
        let cue = cue_before(text, s, 80, &p.nir_cue);
        let conf = match c.len() {
            15 if validate::nir_is_valid(&c) => 0.99,
            15 if cue => 0.85,
            13 if cue => 0.75,
            _ => continue,
        };
        push(out, ctx, Category::Nir, s, e, conf);
    }
}

fn professional_and_structure(p: &Patterns, ctx: &Ctx, out: &mut Vec<Candidate>) {
    let text = ctx.folded.text.as_str();
    let mut numbers: Vec<(usize, usize)> = p
        .digits
        .find_iter(text)
        .chain(p.siret_spaced.find_iter(text))
        .chain(p.finess_corsica.find_iter(text))
        .map(|m| (m.start(), m.end()))
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    for (s, e) in numbers {
        let spaced = text[s..e].contains(' ');
        if !spaced && !stands_alone(text, s, e) {
            continue;
        }
        if spaced {
            // A spaced group must not be glued to more digits.
            let before = text[..s].chars().next_back();
            let after = text[e..].chars().next();
            if before.is_some_and(is_word_char) || after.is_some_and(is_word_char) {
                continue;
            }
        }
        let c = compact(&text[s..e]);
        let cue = |re: &Regex| cue_before(text, s, 48, re);
        let luhn = validate::luhn(&c);
        let found = match c.len() {
            11 if !spaced && cue(&p.rpps_cue) => {
                Some((Category::Rpps, if luhn { 0.97 } else { 0.85 }))
            }
            12 if !spaced && c[0] == b'8' && cue(&p.rpps_cue) => Some((
                Category::Rpps,
                if validate::luhn(&c[1..]) { 0.97 } else { 0.85 },
            )),
            9 if !spaced && cue(&p.adeli_cue) => {
                Some((Category::Adeli, if luhn { 0.95 } else { 0.85 }))
            }
            10 if !spaced && c[0] == b'0' && cue(&p.adeli_cue) => Some((Category::Adeli, 0.85)),
            9 if !spaced && cue(&p.finess_cue) => {
                Some((Category::Finess, if luhn { 0.97 } else { 0.8 }))
            }
            9 if !spaced && luhn && line_around(text, s).contains("finess") => {
                Some((Category::Finess, 0.8))
            }
            10 if !spaced && c[0] == b'1' && cue(&p.finess_cue) => Some((Category::Finess, 0.8)),
            9 if luhn && cue(&p.siret_cue) => Some((Category::Siret, 0.95)),
            14 if validate::siret_is_valid(&c) => {
                Some((Category::Siret, if cue(&p.siret_cue) { 0.97 } else { 0.75 }))
            }
            14 if cue(&p.siret_cue) => Some((Category::Siret, 0.7)),
            _ => None,
        };
        if let Some((category, conf)) = found {
            push(out, ctx, category, s, e, conf);
        }
    }
}

fn ipp(p: &Patterns, ctx: &Ctx, out: &mut Vec<Candidate>) {
    let text = ctx.folded.text.as_str();
    for caps in p.ipp.captures_iter(text) {
        let v = caps.get(1).expect("group");
        let value = v.as_str().trim_end_matches(['-', '/']);
        let (s, e) = (v.start(), v.start() + value.len());
        let alnum = value.bytes().filter(u8::is_ascii_alphanumeric).count();
        if alnum < 4 || !value.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        if text[e..].chars().next().is_some_and(is_word_char) {
            continue;
        }
        push(out, ctx, Category::Ipp, s, e, 0.9);
    }
}

fn phone(p: &Patterns, ctx: &Ctx, out: &mut Vec<Candidate>) {
    let text = ctx.folded.text.as_str();
    for m in p.phone.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        if !stands_alone(text, s, e) {
            continue;
        }
        // The usual groupings (0X XX XX XX XX, 0XXXXXXXXX, +33 X XX XX XX XX) are surer than odd ones.
        let seps: Vec<u8> = m
            .as_str()
            .bytes()
            .filter(|b| matches!(b, b' ' | b'.' | b'-'))
            .collect();
        let usual = seps.is_empty() || seps.len() >= 4;
        push(
            out,
            ctx,
            Category::Phone,
            s,
            e,
            if usual { 0.95 } else { 0.8 },
        );
    }
}

fn email(p: &Patterns, ctx: &Ctx, out: &mut Vec<Candidate>) {
    let text = ctx.folded.text.as_str();
    if !text.contains('@') {
        return;
    }
    for m in p.email.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        if text[..s]
            .chars()
            .next_back()
            .is_some_and(|c| is_word_char(c) || c == '.')
        {
            continue;
        }
        push(out, ctx, Category::Email, s, e, 0.99);
        // Mon espace santé mailboxes: the local part is the matricule INS (a NIR or NIA).
        let (local, domain) = m.as_str().split_once('@').expect("an e-mail has an @");
        if domain == "patient.mssante.fr" && (local.len() == 15 || local.len() == 13) {
            let c = local.as_bytes();
            if c.iter().all(u8::is_ascii_alphanumeric) && matches!(c[0], b'1' | b'2') {
                let conf = if validate::nir_is_valid(c) { 0.99 } else { 0.9 };
                let parent = out.len() - 1;
                push(out, ctx, Category::Nir, s, s + local.len(), conf);
                out.last_mut().expect("just pushed").parent = Some(parent);
            }
        }
    }
}

fn iban(p: &Patterns, ctx: &Ctx, out: &mut Vec<Candidate>) {
    let text = ctx.folded.text.as_str();
    for m in p.iban.find_iter(text) {
        let s = m.start();
        if text[..s].chars().next_back().is_some_and(is_word_char) {
            continue;
        }
        let bytes = m.as_str().as_bytes();
        let Some(len) = validate::iban_length(&bytes[..2]) else {
            continue;
        };
        // Take exactly `len` alphanumerics, whatever the spacing.
        let mut n = 0;
        let mut end = None;
        for (i, b) in bytes.iter().enumerate() {
            if b.is_ascii_alphanumeric() {
                n += 1;
                if n == len {
                    end = Some(s + i + 1);
                    break;
                }
            }
        }
        let Some(e) = end else { continue };
        if text[e..].chars().next().is_some_and(is_word_char) {
            continue;
        }
        if validate::iban_is_valid(&compact(&text[s..e])) {
            push(out, ctx, Category::Iban, s, e, 0.99);
        }
    }
}

fn birth_date(p: &Patterns, ctx: &Ctx, out: &mut Vec<Candidate>) {
    let text = ctx.folded.text.as_str();
    for caps in p.birth_date.captures_iter(text) {
        let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let (day, month, year, span) =
            if let (Some(d), Some(m), Some(y)) = (num(1), num(2), caps.get(3)) {
                let mut yv: u32 = y.as_str().parse().unwrap_or(0);
                if y.as_str().len() == 2 {
                    // Two-digit years: a birth date is in the past.
                    yv += if yv <= 30 { 2000 } else { 1900 };
                }
                (d, m, yv, (caps.get(1).expect("g").start(), y.end()))
            } else if let (Some(y), Some(m), Some(d)) = (num(4), num(5), num(6)) {
                (
                    d,
                    m,
                    y,
                    (
                        caps.get(4).expect("g").start(),
                        caps.get(6).expect("g").end(),
                    ),
                )
            } else if let (Some(d), Some(mo), Some(y)) = (caps.get(7), caps.get(8), num(9)) {
                let day = if d.as_str() == "1er" {
                    1
                } else {
                    d.as_str().parse().unwrap_or(0)
                };
                let month = month_number(mo.as_str().trim_end_matches('.'));
                (day, month, y, (d.start(), caps.get(9).expect("g").end()))
            } else {
                continue;
            };
        if validate::date_is_valid(day, month, year) {
            push(out, ctx, Category::BirthDate, span.0, span.1, 0.95);
        }
    }
}

/// Month number (1-12) of a folded French month name or abbreviation, 0 if unknown.
fn month_number(name: &str) -> u32 {
    const NAMES: [&str; 12] = [
        "janvier",
        "fevrier",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "aout",
        "septembre",
        "octobre",
        "novembre",
        "decembre",
    ];
    NAMES
        .iter()
        .position(|m| m.starts_with(name))
        .map_or(0, |i| i as u32 + 1)
}
