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
    /// Words that put a person somewhere (`habite`, `originaire`, `déménagé`, `ses parents`,
    /// `un neveu`): a commune of the INSEE list a few words after them, behind a preposition,
    /// is where they live (`Mes parents habitent à Marseille`, `un neveu près de Toulouse`).
    home_cue: super::Pattern,
    /// A postal code after the commune it belongs to, Paris style (`à Paris dans le 75001`).
    postal_after_commune: super::Pattern,
    /// Streets abroad, where families and former residents live: the street word glued at the
    /// end (`Schlussstrasse 13`, `Rijselstraat 41`, `Bahnhofweg 2a`) or in front (`Via Roma
    /// 12`, `Calle Mayor, 5`, `Rua das Flores 20`, `Avenida da Liberdade 110`).
    foreign_street: super::Pattern,
    /// The postal line of a foreign address: a code of four digits (Belgium, Switzerland,
    /// Austria, Luxembourg `L-1234`, Denmark), five (Germany, Spain, Italy), or Portuguese
    /// `1250-096`, then the city; only right after a street, or before a country name.
    foreign_postal: super::Pattern,
    /// A postal line abroad closed by its country, alone (`8500 Kortrijk, Belgique`).
    foreign_line: super::Pattern,
    /// A country name closing an address line (`…, Belgique`).
    country: super::Pattern,
}

/// Countries of the families and residents care letters write to, folded.
const COUNTRIES: &str = "belgique|suisse|allemagne|luxembourg|espagne|italie|portugal|autriche|pays-bas|danemark|royaume-uni|angleterre|irlande|pologne|roumanie|maroc|algerie|tunisie|senegal|mali|cote d'ivoire|cameroun|turquie|canada|belgium|switzerland|germany|deutschland|espana|italia|nederland";

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
                r"(?:\b(?P<number>\d{1,4}) ?(?:bis|ter|quater|[abt])?,? )?\b(?P<type>rue|ruelle|avenue|av|bd|boulevard|bld|place|pl|chemin|ch|allee|impasse|imp|route|rte|quai|cours|square|residence|res|lieu-dit|lieudit|faubourg|fbg|rond-point|voie|sentier|passage|cite|hameau|parvis|esplanade|promenade|lotissement|lot|domaine|villa|mail|montee|traverse|chaussee|clos|sente|parc|port|zone)\b\.?",
            ),
            postal: re(r"\b(?:0[1-9]|[1-8]\d|9[0-8]) ?\d{3}\b"),
            place_cue: re(
                r"\b(?:(?:nee?|ne\(e\)|nee?s)(?: le [0-9a-z/. ]{4,40}?)? a|domicilie(?:e|\(e\))? a|domicile(?: [a-z' ]{0,40}?)? a|(?:il |elle )?(?:vit|habite|reside|demeure) (?:seule? )?a|residant a|demeurant a|lieu de naissance|ville de naissance|commune de naissance|commune de residence|ville de residence|ville|commune|localite)(?: ?:)? ",
            ),
            postal_field: re(
                r"\b(?:cp|code postal) ?:? ?(?P<code>(?:0[1-9]|[1-8]\d|9[0-8]) ?\d{3})\b",
            ),
            home_cue: re(
                r"\b(?:habite(?:nt)?|vit|vivent|reside(?:nt)?|domicilie(?:e|s|es)?|originaires?|nati(?:f|ve|fs|ves)|grandi|demenage(?:e|s|es|r)?|retour(?:ne|nee)? chez (?:lui|elle|eux)|(?:son|sa|leur|mon|ma) domicile|(?P<relative>(?:un|une) (?:neveu|niece|frere|soeur|fils|fille|cousine?|oncle|tante)))\b",
            ),
            postal_after_commune: re(r"^,? dans le (?P<code>(?:0[1-9]|[1-8]\d|9[0-8])\d{3})\b"),
            foreign_street: re(
                r"\b(?:(?P<glued>[a-z\x{e0}-\x{ff}]{3,}(?:strasse|stra\x{df}e|str\.|weg|platz|allee|gasse|damm|straat|laan|plein|dreef|steenweg)) (?P<number>\d{1,4}[a-z]?)\b|(?P<type>via|viale|piazza|piazzale|corso|vicolo|calle|avenida|avda\.?|plaza|paseo|carrer|camino|rua|travessa|largo|praca|alameda) (?P<name>[a-z\x{e0}-\x{ff}'. -]{2,40}?),? (?P<number2>\d{1,4}[a-z]?)\b)",
            ),
            foreign_postal: re(r"^(?:, ?| |\n)(?P<code>(?:l-)?\d{4}|\d{4}-\d{3}|\d{5}) "),
            foreign_line: re(&format!(
                r"\b(?:l-)?(?:\d{{4}}|\d{{4}}-\d{{3}}|\d{{5}}) [a-z][a-z' -]{{1,40}}?,? (?:{COUNTRIES})\b"
            )),
            country: re(&format!(r"^,? (?:{COUNTRIES})\b")),
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

/// Words of a care or social structure: a commune after one of them places the structure.
const STRUCTURES: &[&str] = &[
    "hopital",
    "hop",
    "ch",
    "chu",
    "chr",
    "chru",
    "chs",
    "clinique",
    "polyclinique",
    "centre",
    "institut",
    "ehpad",
    "ime",
    "esat",
    "sessad",
    "samsah",
    "savs",
    "mas",
    "fam",
    "cmp",
    "cmpp",
    "camsp",
    "csapa",
    "service",
    "cabinet",
    "consultation",
    "maison",
    "foyer",
    "pole",
    "unite",
    "hospitalier",
    "hospitaliere",
    "ssr",
    "smr",
    "usld",
    "had",
    "ssiad",
    "mdph",
    "caf",
    "cpam",
];

/// Prepositions that put a commune after them (`à`, `près de`, `dans la ville de`).
const PLACE_PREPOSITIONS: &[&str] = &["a", "au", "en", "dans", "de", "d'", "du", "vers", "sur"];

/// The longest commune of the INSEE list starting at token `i`, capitalised in the original:
/// its folded end. Hyphens count as spaces, as the list is compiled (build.rs): "Nogent sur
/// Marne" is "Nogent-sur-Marne". Six words at most, so a lookup is bounded.
fn commune_at(ctx: &Ctx, i: usize) -> Option<usize> {
    let tokens = ctx.tokens;
    let first = tokens.get(i)?;
    if !first.cap || NOT_COMMUNE.contains(&first.text(ctx)) {
        return None;
    }
    let mut key = String::with_capacity(48);
    let mut best = None;
    for (k, t) in tokens[i..].iter().take(6).enumerate() {
        if k > 0 {
            match gap(ctx, &tokens[i + k - 1], t) {
                " " | "-" => key.push(' '),
                // After an elided article ("L'Haÿ-les-Roses").
                "" => {}
                _ => break,
            }
        }
        key.extend(t.text(ctx).chars().map(|c| if c == '-' { ' ' } else { c }));
        if super::embedded::COMMUNES.id(&key).is_some() {
            best = Some(t.e);
        }
    }
    best
}

/// The end of a foreign postal line and country after a street ending at folded `end`, or
/// `end` when none follows. The city is the capitalised words after the code.
fn foreign_tail(p: &Patterns, ctx: &Ctx, end: usize) -> usize {
    let text = ctx.folded.text.as_str();
    let mut e = end;
    if let Some(m) = p.foreign_postal.find(&text[end..]) {
        let at = end + m.end();
        if let Some(city) = name_words(ctx, at, 4, false) {
            e = city;
        }
    }
    if let Some(m) = p.country.find(&text[e..]) {
        e += m.end();
    }
    e
}

/// Communes after a word that puts a person somewhere, in the same sentence (ten words at most).
fn home_communes(p: &Patterns, ctx: &Ctx, out: &mut Vec<Place>) {
    let text = ctx.folded.text.as_str();
    let tokens = ctx.tokens;
    for c in p.home_cue.captures_iter(text) {
        let m = c.get_match();
        let from = tokens.partition_point(|t| t.s < m.end());
        // A relative ("un neveu", "sa fille") is placed by the words right after it ("un neveu
        // près de Toulouse"), not by a city later in the clause (where the daughter took her to
        // a consultation); a verb of living carries to the end of its clause.
        let relative = c.name("relative").is_some();
        // A structure on the way ("née le …, suivie au CH de Dax") places the structure, not
        // the person, and a street ("au 4 rue …") is the address detector's: the search stops
        // at a comma, a structure word and a street or building word.
        let window = if relative { 4 } else { 10 };
        for j in from..tokens.len().min(from + window) {
            if j > from
                && gap(ctx, &tokens[j - 1], &tokens[j])
                    .contains(['.', ';', '!', '?', '\n', '(', ':', ','])
            {
                break;
            }
            let w = tokens[j].text(ctx);
            if STRUCTURES.contains(&w) || super::names::INSTITUTIONS.contains(&w) {
                break;
            }
            let after_preposition = j > 0 && PLACE_PREPOSITIONS.contains(&tokens[j - 1].text(ctx));
            if let Some(end) = after_preposition.then(|| commune_at(ctx, j)).flatten() {
                out.push((tokens[j].s, end, 0.7));
                break;
            }
        }
    }
}

/// A place found in the folded text: start, end, confidence.
type Place = (usize, usize, f32);

/// Addresses: streets (French, abroad), postal lines and communes, one function per rule, then
/// a street and its postal line merged into one finding.
pub(crate) fn find(p: &Patterns, ctx: &Ctx, out: &mut Vec<Candidate>) {
    let text = ctx.folded.text.as_str();
    let mut streets: Vec<Place> = Vec::new();
    french_streets(p, ctx, &mut streets);
    foreign_streets(p, ctx, &mut streets);
    // A postal line abroad after a street ("Rue du Rhône 12, 1204 Genève", "Rijselstraat 41 8500
    // Kortrijk"), and the country that closes it.
    for street in &mut streets {
        street.1 = foreign_tail(p, ctx, street.1);
    }
    let mut postals: Vec<Place> = Vec::new();
    foreign_postal_lines(p, ctx, &mut postals);
    postal_lines(p, ctx, &mut postals);
    cued_communes(p, ctx, &mut postals);
    postal_fields(p, ctx, &mut postals);
    communes_before_postal_codes(p, ctx, &mut postals);
    home_communes(p, ctx, &mut postals);
    // "… à Paris dans le 75001": the arrondissement's postal code after a commune found above.
    let mut after_commune = Vec::new();
    for &(_, e, _) in streets.iter().chain(&postals) {
        if let Some(c) = p.postal_after_commune.captures(&text[e..]) {
            let g = super::group(&c, "code");
            after_commune.push((e + g.start(), e + g.end(), 0.75));
        }
    }
    postals.extend(after_commune);
    for (s, e, c) in merged(text, streets.into_iter().chain(postals).collect()) {
        let (a, b) = ctx.orig(s, e);
        out.push(Candidate::new(Category::Address, a, b, c));
    }
}

/// A street: number, type, capitalised name ("12 rue des Lilas", "Avenue Foch").
fn french_streets(p: &Patterns, ctx: &Ctx, out: &mut Vec<Place>) {
    let text = ctx.folded.text.as_str();
    let tokens = ctx.tokens;
    for caps in p.street.captures_iter(text) {
        let ty = super::group(&caps, "type");
        let number = caps.name("number");
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
        let Some(end) = name_words(ctx, caps.get_match().end(), 8, true) else {
            continue;
        };
        let start = number.map_or(ty.start(), |n| n.start());
        out.push((start, end, if number.is_some() { 0.9 } else { 0.75 }));
    }
}

/// A street abroad: the street word glued ("Rijselstraat 41") or in front ("via Roma, 12").
fn foreign_streets(p: &Patterns, ctx: &Ctx, out: &mut Vec<Place>) {
    let text = ctx.folded.text.as_str();
    for caps in p.foreign_street.captures_iter(text) {
        let m = caps.get_match();
        // The street word (glued or in front) and the name capitalised in the original: "via",
        // "plaza", "largo" are also words of a French sentence.
        let first_cap = |g: Option<regex::Match>| {
            g.is_some_and(|g| {
                ctx.orig_str(g.start(), g.end())
                    .starts_with(char::is_uppercase)
            })
        };
        let ok = if caps.name("glued").is_some() {
            first_cap(caps.name("glued"))
        } else {
            first_cap(caps.name("type"))
                && caps.name("name").is_some_and(|g| {
                    ctx.orig_str(g.start(), g.end())
                        .chars()
                        .any(char::is_uppercase)
                })
        };
        if ok && !text[..m.start()].ends_with(|c: char| c.is_ascii_digit()) {
            out.push((m.start(), m.end(), 0.8));
        }
    }
}

/// A postal line abroad with its country ("1204 Genève, Suisse").
fn foreign_postal_lines(p: &Patterns, ctx: &Ctx, out: &mut Vec<Place>) {
    let text = ctx.folded.text.as_str();
    for m in p.foreign_line.find_iter(text) {
        // The city capitalised in the original: "depuis 2019 au Maroc" is a year and a country.
        let city = m.as_str().find(' ').map_or(m.end(), |i| m.start() + i + 1);
        let city_cap = ctx
            .orig_str(city, (city + 1).min(m.end()))
            .starts_with(char::is_uppercase);
        if city_cap && !text[..m.start()].ends_with(|c: char| c.is_ascii_digit()) {
            out.push((m.start(), m.end(), 0.8));
        }
    }
}

/// A postal code and its capitalised commune ("76748 Vittefleur", "75018, PARIS", "… Cedex 9").
fn postal_lines(p: &Patterns, ctx: &Ctx, out: &mut Vec<Place>) {
    let text = ctx.folded.text.as_str();
    let tokens = ctx.tokens;
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
        out.push((m.start(), end, 0.85));
    }
}

/// A commune after a word that places a person or a field label ("née à", "Ville :").
fn cued_communes(p: &Patterns, ctx: &Ctx, out: &mut Vec<Place>) {
    let text = ctx.folded.text.as_str();
    let tokens = ctx.tokens;
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
            out.push((at, end, 0.75));
        }
    }
}

/// A postal code in its field ("CP : 75018"), with the commune after it.
fn postal_fields(p: &Patterns, ctx: &Ctx, out: &mut Vec<Place>) {
    let text = ctx.folded.text.as_str();
    for caps in p.postal_field.captures_iter(text) {
        let g = super::group(&caps, "code");
        if !text[g.end()..].starts_with(|c: char| c.is_ascii_digit()) {
            let end = name_words(ctx, g.end(), 6, false).unwrap_or(g.end());
            out.push((g.start(), end, 0.8));
        }
    }
}

/// A commune of the list before a postal code ("résidant à Marseille, 13006", "Paris 75015").
fn communes_before_postal_codes(p: &Patterns, ctx: &Ctx, out: &mut Vec<Place>) {
    let text = ctx.folded.text.as_str();
    let tokens = ctx.tokens;
    for m in p.postal.find_iter(text) {
        let after = text[m.end()..].chars().next();
        if after.is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let before = text[..m.start()]
            .strip_suffix(", ")
            .or_else(|| text[..m.start()].strip_suffix(' '));
        let Some(before) = before else { continue };
        let last = tokens.partition_point(|t| t.e <= before.len());
        if last == 0 || tokens[last - 1].e != before.len() {
            continue;
        }
        for k in (last.saturating_sub(6)..last).rev() {
            if commune_at(ctx, k) == Some(before.len()) {
                out.push((tokens[k].s, m.end(), 0.8));
                break;
            }
        }
    }
}

/// A street and the postal line that follows it merged ("12 rue des Lilas, 76748 Vittefleur"),
/// and overlapping places joined.
fn merged(text: &str, mut all: Vec<Place>) -> Vec<Place> {
    let mut merged: Vec<Place> = Vec::new();
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
    merged
}
