//! Identifier detectors: NIR/NIA/INS, RPPS, ADELI, FINESS, SIRET/SIREN, IPP, phone, e-mail, IBAN,
//! date of birth. All run on the folded text (lowercase, spaces unified), validate their
//! candidates (check keys, calendar) and weigh the cues that name them (`shared/FORMATS.md` §1).

use super::normalize::is_word_char;
use super::validate;
use super::{Candidate, Ctx, cue_before};
use crate::category::Category;
use regex::Regex;

pub(crate) struct Patterns {
    nir: super::Pattern,
    nir_cue: super::Pattern,
    digits: super::Pattern,
    siret_spaced: super::Pattern,
    finess_corsica: super::Pattern,
    rpps_cue: super::Pattern,
    adeli_cue: super::Pattern,
    finess_cue: super::Pattern,
    siret_cue: super::Pattern,
    ipp: super::Pattern,
    /// Weaker cues (`le patient`, `sous le numéro`, `ID`, `Prévision`): a number only.
    ipp_weak: super::Pattern,
    phone: super::Pattern,
    /// A number in international form from another country (`+49 30 5682001`, `+32 2 555 12
    /// 34`, `0041 22 123 45 67`): families abroad, foreign practitioners.
    phone_abroad: super::Pattern,
    email: super::Pattern,
    iban: super::Pattern,
    birth_date: super::Pattern,
    /// A birth cue before a date in words or a month and year (`né le deux janvier…`, `né en
    /// mars 1982`).
    born: super::Pattern,
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
                r"\b(?:nir|ins|ins-?ni[ra]|nia|insee|nss|n° ?ss|n° ?secu|secu|securite sociale|matricule(?: ins)?|immatriculation|assurance maladie|n° (?:d')?assure|numero (?:d')?assure|assure social|n° d'identification|n° d'id|assuree?|assure\(e\))\b",
            ),
            digits: re(r"\d{9,14}"),
            siret_spaced: re(r"\d{3} \d{3} \d{3}(?: \d{5})?"),
            finess_corsica: re(r"2[ab]\d{7}"),
            rpps_cue: re(r"\b(?:rpps|idnat(?:_ps)?|id ?nat|identifiant national(?: ps)?)\b"),
            adeli_cue: re(r"\badeli\b"),
            finess_cue: re(r"\bfiness\b"),
            siret_cue: re(r"\b(?:siret|siren)\b"),
            ipp: re(
                r"\b(?:(?:n° ?ipp|numero ipp|ipp|nip|n° ?nda|nda|ip|n° ?id|identifiant (?:du )?patient|identifiant (?:d'hospitalisation|de sejour|du sejour|de (?:la )?venue)|numero d'identifiant(?: d'hospitalisation| de sejour)?|identification (?:du )?patient|n° (?:d')?identification(?: du)? patient|n° (?:du )?patient|numero (?:du )?patient|n° (?:de )?dossier|numero de dossier|n° (?:de |du )?sejour|numero (?:de |du )?sejour|n° (?:de (?:la )?)?visite|numero de (?:la )?visite|n° (?:de )?venue|numero de venue|n° d'entree|numero d'entree|n° (?:de )?passage|numero de passage|numero d'identification \(ipp\)|identification du patient \(ipp\))\b|patient n°|patiente n°|dossier n°|sejour n°|venue n°|entree n°)\)? ?(?:n°|no\.?|num\.?)? ?[:=#|-]? ?(?:est(?: le)? |etant le )?(?P<value>[a-z0-9][a-z0-9/-]{2,19})",
            ),
            ipp_weak: re(
                r"\b(?:id|identifiant|numero d'identification|n° d'identification|sous le (?:numero|n°)|patiente?|visite(?: dossier)?|dossier|sejour|venue|passage|prevision|reference interne(?: (?:du |de la )?patiente?)|episode)\)? ?(?:n°|no\.?|num\.?|numero)? ?[:=#|-]? ?(?:est(?: le)? |etant le )?(?P<value>\d[\d-]{5,14}\d)",
            ),
            phone: re(
                r"(?:(?:\+|00) ?(?:33|262|590|594|596|269|508|687|689|681)|\((?:\+|00)?33\)) ?(?:\(0\) ?)?[1-9](?:[ .-]?\d){8}|0[1-9](?:[ .-]?\d){8}|0[1-9](?:/\d{2}){4}",
            ),
            phone_abroad: re(
                r"(?:\+|\b00)(?P<country>[1-9]\d{0,2})(?:[ .-]?(?:\(0\)|\(\d{1,4}\)|\d{1,5})){2,7}",
            ),
            email: re(
                r"[a-z0-9][a-z0-9._%+'-]*@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,24}",
            ),
            iban: re(r"[a-z]{2}\d{2}(?: ?[a-z0-9]){11,32}"),
            born: re(
                r"\b(?:(?:nee?|ne\(e\)|nait|naquit) (?P<en>en )|(?:nee?|ne\(e\)|date de naissance|naissance|ddn) ?:? ?(?:le )?)",
            ),
            birth_date: re(&format!(
                r"\b(?:n(?:e|ee)(?:\(e\)|\.e)? le|ddn|date de naissance|date de naiss|date de nais|naissance|ne\(e\) le|mise? au monde le|date de mise au monde)\b\.? ?(?:le )?:? ?(?:(?P<day>\d{{1,2}}) ?[/.|-] ?(?P<month>\d{{1,2}}) ?[/.|-] ?(?P<year>\d{{4}}|\d{{2}})\b|(?P<iso_year>\d{{4}})-(?P<iso_month>\d{{2}})-(?P<iso_day>\d{{2}})\b|(?P<word_day>1er|\d{{1,2}}) (?P<word_month>{MONTHS}) (?P<word_year>\d{{4}})\b|(?P<box_day>\d \d) ?[/.|-]? ?(?P<box_month>\d \d) ?[/.|-]? ?(?P<box_year>\d \d \d \d)\b)"
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
    birth_date_in_words(p, ctx, out);
    if !has_digit {
        return;
    }
    nir(p, ctx, out);
    nir_written(p, ctx, out);
    professional_and_structure(p, ctx, out);
    ipp(p, ctx, out);
    phone(p, ctx, out);
    phone_abroad(p, ctx, out);
    iban(p, ctx, out);
    birth_date(p, ctx, out);
    boxed_birth_date(ctx, out);
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

/// The longest run of digit groups read as one NIR (15 characters, in boxes: 29 with separators).
const NIR_CHAIN: usize = 40;

/// The NIR written any other way (issue 19 §3): one digit per box (`1 8 5 0 5 …`, `|1|8|5|`),
/// with dots, in irregular groups (`1360264 12208718`, `16908 2B096 04477`). A chain of digit
/// groups joined by single separators (a space, a dot, a pipe; two spaces end it, as between
/// two boxes of a form) that makes 13 or 15 characters, starting with 1 or 2, of a possible
/// month: with a valid key it is a NIR; with a wrong key or none only after a cue on its line
/// or the line before (`Assuré :` above the boxes). A longer chain is another number.
fn nir_written(p: &Patterns, ctx: &Ctx, out: &mut Vec<Candidate>) {
    let text = ctx.folded.text.as_str();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !matches!(b[i], b'1' | b'2')
            || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'+'))
        {
            i += 1;
            continue;
        }
        let start = i;
        let mut compact: Vec<u8> = Vec::with_capacity(16);
        let mut j = i;
        let mut groups = 0;
        loop {
            let g = j;
            while j < b.len()
                && (b[j].is_ascii_digit()
                    || (matches!(b[j], b'a' | b'b') && compact.len() == 6 && compact[5] == b'2'))
                && j - start < NIR_CHAIN
            {
                compact.push(b[j]);
                j += 1;
            }
            if j == g {
                break;
            }
            groups += 1;
            if compact.len() > 15 {
                break;
            }
            // One separator, one character in the original, then a digit.
            if j + 1 < b.len() && matches!(b[j], b' ' | b'.' | b'|') && b[j + 1].is_ascii_digit() {
                let (o1, o2) = (
                    ctx.folded.original_offset(j),
                    ctx.folded.original_offset(j + 1),
                );
                if o2 - o1 == 1 {
                    j += 1;
                    continue;
                }
            }
            break;
        }
        let end = j;
        i = end.max(i + 1);
        // Plain groups of the usual shape are `nir()`'s; a glued end is a longer word.
        if groups < 2
            || !matches!(compact.len(), 13 | 15)
            || b.get(end).is_some_and(u8::is_ascii_alphanumeric)
        {
            continue;
        }
        if compact[3..5].iter().any(|c| !c.is_ascii_digit()) {
            continue;
        }
        let month = (compact[3] - b'0') * 10 + (compact[4] - b'0');
        if month == 0 || (13..=19).contains(&month) {
            continue;
        }
        let conf = if compact.len() == 15 && validate::nir_is_valid(&compact) {
            0.99
        } else if cue_before(text, start, 80, &p.nir_cue) || cue_line_above(text, start, &p.nir_cue)
        {
            if compact.len() == 15 { 0.85 } else { 0.75 }
        } else {
            continue;
        };
        push(out, ctx, Category::Nir, start, end, conf);
    }
}

/// Is there a cue in the end (120 bytes) of the line above the one holding `at`, the number
/// standing alone on its line start (a form's boxes under `Assuré :`) and the line above holding
/// no number of its own? A number after another label ("N° de dossier de facturation :" under
/// "NIR : 1 85 …") is not the cue's.
fn cue_line_above(text: &str, at: usize, cue: &Regex) -> bool {
    // Bounded: a line longer than the window has no "line above" within reach.
    let mut from = at.saturating_sub(240);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let Some(nl) = text[from..at].rfind('\n').map(|i| from + i) else {
        return false;
    };
    if text[nl + 1..at].chars().any(char::is_alphanumeric) {
        return false;
    }
    let mut above = nl.saturating_sub(120);
    while !text.is_char_boundary(above) {
        above += 1;
    }
    let line = text[above..nl]
        .rsplit_once('\n')
        .map_or(&text[above..nl], |(_, l)| l);
    !line.bytes().any(|b| b.is_ascii_digit()) && cue_before(text, nl, 120, cue)
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
        let v = super::group(&caps, "value");
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
    for caps in p.ipp_weak.captures_iter(text) {
        let v = super::group(&caps, "value");
        let (s, e) = (v.start(), v.end());
        if !stands_alone(text, s, e) || !record_number(v.as_str()) {
            continue;
        }
        push(out, ctx, Category::Ipp, s, e, 0.8);
    }
}

/// A number after a weak cue is a record number (IPP, stay) when it has at least 6 digits and
/// is not a phone number, an ISO date or a range of years (`2024-2025`).
pub(crate) fn record_number(v: &str) -> bool {
    let digits: Vec<u8> = v.bytes().filter(u8::is_ascii_digit).collect();
    if digits.len() < 6 || digits.len() > 14 {
        return false;
    }
    if digits.len() == 10 && digits[0] == b'0' && digits[1] != b'0' && !v.contains('-') {
        return false;
    }
    let parts: Vec<&str> = v.split('-').collect();
    let year = |p: &str| p.len() == 4 && (p.starts_with("19") || p.starts_with("20"));
    match parts.as_slice() {
        [a, b] if year(a) && year(b) => false,
        [a, b, c] if year(a) && b.len() == 2 && c.len() == 2 => false,
        _ => true,
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

/// International numbers of other countries: 8 to 15 digits after the `+` or `00`, the trunk
/// `(0)` not counted (E.164). French numbers in this form are `phone`'s (same category: the
/// overlap keeps one).
fn phone_abroad(p: &Patterns, ctx: &Ctx, out: &mut Vec<Candidate>) {
    let text = ctx.folded.text.as_str();
    if !text.contains('+') && !text.contains("00") {
        return;
    }
    for caps in p.phone_abroad.captures_iter(text) {
        let m = caps.get_match();
        let (s, e) = (m.start(), m.end());
        let before = text[..s].chars().next_back();
        if before.is_some_and(|c| is_word_char(c) || c == '+' || c == '@' || c == '/')
            || text[e..]
                .chars()
                .next()
                .is_some_and(|c| is_word_char(c) || c == '@')
        {
            continue;
        }
        // `00` opens reference numbers too ("facture 0045 2231 8890"): a phone after a cue.
        if m.as_str().starts_with("00") {
            let mut from = s.saturating_sub(40);
            while !text.is_char_boundary(from) {
                from += 1;
            }
            let before = &text[from..s];
            let cued = [
                "tel", "portable", "mobile", "fixe", "fax", "joign", "joindre", "appel",
            ]
            .iter()
            .any(|c| before.contains(c));
            if !cued {
                continue;
            }
        }
        // Digits after the `+` or `00` prefix.
        let number = &text[super::group(&caps, "country").start()..e];
        let digits = number
            .replace("(0)", "")
            .bytes()
            .filter(u8::is_ascii_digit)
            .count();
        if (8..=15).contains(&digits) {
            push(out, ctx, Category::Phone, s, e, 0.85);
        }
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
        let num = |m: regex::Match| super::digits(m.as_str());
        let (day, month, year, span) = if let (Some(d), Some(m), Some(y)) =
            (caps.name("day"), caps.name("month"), caps.name("year"))
        {
            let mut yv = num(y);
            if y.as_str().len() == 2 {
                // Two-digit years: a birth date is in the past.
                yv += if yv <= 30 { 2000 } else { 1900 };
            }
            (num(d), num(m), yv, (d.start(), y.end()))
        } else if let (Some(y), Some(m), Some(d)) = (
            caps.name("iso_year"),
            caps.name("iso_month"),
            caps.name("iso_day"),
        ) {
            (num(d), num(m), num(y), (y.start(), d.end()))
        } else if let (Some(d), Some(m), Some(y)) = (
            caps.name("box_day"),
            caps.name("box_month"),
            caps.name("box_year"),
        ) {
            // One digit a box, as forms print it ("0 7 0 8 1 9 8 3"): the run must end
            // there, or it is a longer number (a NIR in boxes) and not a date.
            if boxed_run_goes_on(&text[y.end()..]) {
                continue;
            }
            (num(d), num(m), num(y), (d.start(), y.end()))
        } else if let (Some(d), Some(mo), Some(y)) = (
            caps.name("word_day"),
            caps.name("word_month"),
            caps.name("word_year"),
        ) {
            let day = if d.as_str() == "1er" { 1 } else { num(d) };
            let month = month_number(mo.as_str().trim_end_matches('.'));
            (day, month, num(y), (d.start(), y.end()))
        } else {
            continue;
        };
        if validate::date_is_valid(day, month, year) {
            push(out, ctx, Category::BirthDate, span.0, span.1, 0.95);
        }
    }
}

/// Birth dates in the boxes of a form, after the NIR's boxes (issue 19 §3, §6): forms print
/// the NIR one digit a box and the birth date next to it, `1 2 5 … 9 3  0 7 0 8 1 9 8 3`, or in
/// one run with it. A run of single digits (one space apart) of eight, right after a run of 13
/// to 15 on the same line, or the last eight of a run of 20 to 23, is the birth date when they
/// make a date of a plausible birth year. One pass over the text, without a regex.
fn boxed_birth_date(ctx: &Ctx, out: &mut Vec<Candidate>) {
    let b = ctx.folded.text.as_bytes();
    let plausible = |d: &[u8]| {
        let v = |r: std::ops::Range<usize>| d[r].iter().fold(0u32, |a, &x| a * 10 + u32::from(x));
        let year = v(4..8);
        (1900..=2026).contains(&year) && validate::date_is_valid(v(0..2), v(2..4), year)
    };
    // The run before the current one on the same line: (end, number of digits).
    let mut previous: Option<(usize, usize)> = None;
    let mut digits: Vec<u8> = Vec::with_capacity(24);
    let mut i = 0;
    while i < b.len() {
        let single = b[i].is_ascii_digit()
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && !b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
        if !single {
            if b[i] == b'\n' {
                previous = None;
            }
            i += 1;
            continue;
        }
        // A run: digit (space digit)*, each digit standing alone.
        let start = i;
        digits.clear();
        let mut starts: Vec<usize> = Vec::new();
        let mut j = i;
        loop {
            digits.push(b[j] - b'0');
            starts.push(j);
            let next = j + 2;
            let continues = b.get(j + 1) == Some(&b' ')
                && b.get(next).is_some_and(u8::is_ascii_digit)
                && !b.get(next + 1).is_some_and(u8::is_ascii_alphanumeric)
                && digits.len() < 64;
            if !continues {
                break;
            }
            j = next;
        }
        let end = j + 1;
        let n = digits.len();
        let after_nir = previous.is_some_and(|(e, k)| {
            (13..=15).contains(&k) && start - e <= 3 && b[e..start].iter().all(|&c| c == b' ')
        });
        if n == 8 && after_nir && plausible(&digits) {
            push(out, ctx, Category::BirthDate, start, end, 0.75);
        } else if (20..=23).contains(&n) && plausible(&digits[n - 8..]) {
            push(out, ctx, Category::BirthDate, starts[n - 8], end, 0.7);
        }
        previous = Some((end, n));
        i = end;
    }
}

/// Whether a run of digits in boxes goes on after a match (`" 4"`, `"4"`): then what matched
/// was the start of a longer number, not a date.
pub(crate) fn boxed_run_goes_on(rest: &str) -> bool {
    let b = rest.as_bytes();
    b.first().is_some_and(u8::is_ascii_digit)
        || (b.first() == Some(&b' ') && b.get(1).is_some_and(u8::is_ascii_digit))
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

/// The value of a French number word (`vingt`, `soixante`, `mille`…), `None` for another word.
fn number_word(w: &str) -> Option<u32> {
    const UNITS: [&str; 17] = [
        "zero", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
        "onze", "douze", "treize", "quatorze", "quinze", "seize",
    ];
    let w = w
        .strip_suffix('s')
        .filter(|r| matches!(*r, "vingt" | "cent" | "mille"))
        .unwrap_or(w);
    if let Some(n) = UNITS.iter().position(|u| *u == w) {
        return Some(n as u32);
    }
    Some(match w {
        "une" | "premier" | "1er" => 1,
        "vingt" => 20,
        "trente" => 30,
        "quarante" => 40,
        "cinquante" => 50,
        "soixante" => 60,
        "cent" => 100,
        "mille" | "mil" => 1000,
        "et" => 0,
        _ => return None,
    })
}

/// Reads a number written in words (or digits) from `words`, at most `max` words: its value and
/// the number of words read. `quatre-vingt`, `soixante dix`, `mille neuf cent` are composed.
fn read_number(words: &[(usize, usize)], text: &str, max: usize) -> Option<(u32, usize)> {
    let (mut total, mut current, mut n) = (0u32, 0u32, 0usize);
    for &(s, e) in words.iter().take(max) {
        let w = &text[s..e];
        if n == 0 && w.bytes().all(|b| b.is_ascii_digit()) && w.len() <= 4 {
            return Some((w.parse().ok()?, 1));
        }
        let Some(v) = number_word(w) else { break };
        match v {
            1000 => {
                total += current.max(1) * 1000;
                current = 0;
            }
            100 => current = current.max(1) * 100,
            20 if current % 100 == 4 => current += 76,
            _ => current += v,
        }
        n += 1;
    }
    (n > 0).then_some((total + current, n))
}

/// Birth dates in words after a birth cue (`né le deux janvier mille neuf cent soixante-dix-huit`,
/// `date de naissance : 2 février mille neuf cent cinquante deux`) and month + year after
/// `né(e) en` (`né en novembre 1975`, `née en 1951`), of a plausible birth year (issue 19 §6).
fn birth_date_in_words(p: &Patterns, ctx: &Ctx, out: &mut Vec<Candidate>) {
    let text = ctx.folded.text.as_str();
    if !text.contains("ne") && !text.contains("naiss") && !text.contains("ddn") {
        return;
    }
    let plausible = |y: u32| (1900..=2026).contains(&y);
    for caps in p.born.captures_iter(text) {
        let at = caps.get_match().end();
        // Words of the same line after the cue, at most twelve; hyphens split words.
        let mut words: Vec<(usize, usize)> = Vec::with_capacity(12);
        let mut k = at;
        // Twelve words fit in 160 bytes: the search stops there (linear on a long line).
        let mut window = (at + 160).min(text.len());
        while !text.is_char_boundary(window) {
            window -= 1;
        }
        let line_end = text[at..window].find('\n').map_or(window, |i| at + i);
        while k < line_end && words.len() < 12 {
            let rest = &text[k..line_end];
            let skip = rest.len() - rest.trim_start_matches([' ', '-', ',']).len();
            k += skip;
            let len = text[k..line_end]
                .find(|c: char| !(c.is_ascii_alphanumeric()))
                .unwrap_or(line_end - k);
            if len == 0 {
                break;
            }
            words.push((k, k + len));
            k += len;
        }
        if caps.name("en").is_some() {
            // "né en novembre 1975", "né en 1940".
            let first = words.first().map(|&(s, e)| &text[s..e]);
            let (from, to, year) = match first {
                Some(w) if month_number(w) > 0 && w.len() >= 3 => match words.get(1) {
                    Some(&(s, e)) => (words[0].0, e, text[s..e].parse::<u32>().unwrap_or(0)),
                    None => continue,
                },
                Some(w) if w.len() == 4 => (words[0].0, words[0].1, w.parse().unwrap_or(0)),
                _ => continue,
            };
            if plausible(year) {
                push(out, ctx, Category::BirthDate, from, to, 0.8);
            }
            continue;
        }
        // Day in words or digits, month name, year in words or digits.
        let Some((day, nd)) = read_number(&words, text, 4) else {
            continue;
        };
        let Some(&(ms, me)) = words.get(nd) else {
            continue;
        };
        let month = month_number(&text[ms..me]);
        if month == 0 || me - ms < 3 {
            continue;
        }
        let Some((year, ny)) = read_number(&words[nd + 1..], text, 8) else {
            continue;
        };
        let all_digits = nd == 1 && ny == 1;
        if all_digits || !plausible(year) || !validate::date_is_valid(day, month, year) {
            continue;
        }
        let end = words[nd + ny].1;
        push(out, ctx, Category::BirthDate, words[0].0, end, 0.85);
    }
}
