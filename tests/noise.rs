//! No new noise (issue 13 §10): a generated corpus of ordinary administrative French — invoices,
//! meeting minutes, HR notes, municipal letters, at least 200 KB — gets at most one health
//! finding per 10 KB. The generator is here (deterministic: a fixed seed), so the corpus is
//! not stored; `TAMIS_NOISE_OUT=path` writes it out for a look.

use crate::common::scan;

/// A small deterministic generator (xorshift64*), enough to pick among templates.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
    fn num(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

const TOWNS: &[&str] = &[
    "Saint-Martin-de-Seignanx",
    "Mont-de-Marsan",
    "Dax",
    "Tarnos",
    "Biscarrosse",
    "Morcenx",
    "Aire-sur-l'Adour",
    "Hagetmau",
    "Capbreton",
    "Soustons",
    "Labenne",
    "Pontonx-sur-l'Adour",
];
const SUPPLIES: &[&str] = &[
    "ramettes de papier A4",
    "cartouches d'encre",
    "chaises de réunion",
    "tables pliantes",
    "licences de logiciel de bureautique",
    "classeurs à levier",
    "ordinateurs portables",
    "écrans 24 pouces",
    "prestations de nettoyage des locaux",
    "contrats de maintenance des ascenseurs",
    "abonnements de téléphonie",
    "fournitures de bureau",
    "panneaux de signalisation",
    "bancs pour le square",
    "illuminations de fin d'année",
    "tonnes de sel de déneigement",
    "repas du restaurant scolaire",
    "prestations de transport scolaire",
    "sacs de collecte sélective",
    "heures de location de la salle polyvalente",
    "extincteurs",
    "détecteurs de fumée",
];
const TOPICS: &[&str] = &[
    "le budget primitif de l'exercice",
    "la rénovation de la salle des fêtes",
    "le plan local d'urbanisme",
    "la réfection de la voirie communale",
    "les tarifs de la cantine",
    "le calendrier des permanences",
    "l'organisation du marché de Noël",
    "le recrutement d'un agent d'accueil",
    "la convention avec l'association sportive",
    "l'éclairage public",
    "la fibre optique",
    "le ramassage des ordures ménagères",
    "la sécurité aux abords de l'école",
    "le jumelage",
    "le renouvellement du parc informatique",
    "le télétravail des agents",
    "les horaires d'ouverture de la mairie",
    "la subvention au comité des fêtes",
    "les travaux d'assainissement",
    "le schéma de mutualisation",
];
const DECISIONS: &[&str] = &[
    "Le conseil adopte la délibération à l'unanimité.",
    "La proposition est adoptée par 12 voix pour et 3 abstentions.",
    "Le point est reporté à la prochaine séance faute d'éléments chiffrés.",
    "Un groupe de travail est constitué et rendra ses conclusions en septembre.",
    "La commission des finances émet un avis favorable.",
    "Le maire est autorisé à signer la convention et tout document s'y rapportant.",
    "Le devis le moins-disant est retenu après analyse des offres.",
    "Une consultation des habitants sera organisée en mairie.",
    "La mise en place d'un comité de suivi est décidée.",
    "Le directeur général des services présentera un point d'étape en mars.",
];
const HR: &[&str] = &[
    "L'entretien professionnel annuel de l'agent est fixé au {d} à 10 h dans le bureau du responsable.",
    "Le planning des congés d'été doit être transmis au service des ressources humaines avant le {d}.",
    "La demande de formation « gestion de projet » est acceptée ; les frais de déplacement seront remboursés sur justificatifs.",
    "Le compte épargne-temps de l'agent est crédité de {n} jours au titre de l'année écoulée.",
    "Le régime indemnitaire est revalorisé à compter du {d} conformément à la délibération.",
    "La période d'essai est prolongée de deux mois d'un commun accord.",
    "Le poste d'adjoint administratif est publié sur la bourse de l'emploi jusqu'au {d}.",
    "Les badges d'accès seront renouvelés ; merci de rapporter l'ancien badge à l'accueil.",
    "Le télétravail est accordé deux jours par semaine, les mardis et jeudis.",
    "Une réunion d'information sur la mutuelle et la prévoyance se tiendra en salle du conseil.",
    "Le bulletin de paie de décembre intégrera la prime de fin d'année.",
    "L'astreinte hivernale est organisée par roulement entre les agents des services techniques.",
];
const LETTERS: &[&str] = &[
    "Nous accusons réception de votre demande de permis de construire déposée le {d}.",
    "Votre dossier est incomplet : merci de nous faire parvenir le plan de situation et la notice descriptive.",
    "La collecte des encombrants aura lieu le {d} ; les objets doivent être sortis la veille au soir.",
    "En raison de travaux sur le réseau d'eau potable, la circulation sera alternée rue des Écoles.",
    "Nous vous prions de nous excuser pour la gêne occasionnée par ces travaux.",
    "La taxe d'enlèvement des ordures ménagères figure sur votre avis de taxe foncière.",
    "Le stationnement sera interdit place du Marché pendant la durée de la fête locale.",
    "Votre demande de concession au cimetière communal a reçu un avis favorable.",
    "Les inscriptions à l'école maternelle sont ouvertes en mairie jusqu'au {d}.",
    "Le recensement de la population se déroulera du {d} pendant quatre semaines.",
    "La médiathèque sera fermée pour inventaire la première semaine du mois.",
    "Le bulletin municipal est distribué dans toutes les boîtes aux lettres de la commune.",
    "Une réunion publique sur le projet de lotissement aura lieu à la salle polyvalente.",
    "Nous vous informons que la crise sanitaire n'a pas d'incidence sur les horaires d'accueil.",
    "Des plaintes pour troubles du voisinage ont été transmises au conciliateur de justice.",
    "Le déficit d'exploitation du camping municipal a été résorbé cette année.",
];
const CLOSINGS: &[&str] = &[
    "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
    "Nous vous prions d'agréer nos sincères salutations.",
    "Restant à votre disposition pour tout renseignement complémentaire.",
    "Le service reste joignable aux heures d'ouverture de la mairie.",
];
const MONTHS: &[&str] = &[
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

fn date(r: &mut Rng) -> String {
    format!("{} {} {}", r.num(1, 28), r.pick(MONTHS), r.num(2019, 2026))
}

fn fill(r: &mut Rng, s: &str) -> String {
    let d = date(r);
    let n = r.num(2, 15).to_string();
    s.replace("{d}", &d).replace("{n}", &n)
}

fn invoice(r: &mut Rng, out: &mut String) {
    out.push_str(&format!(
        "FACTURE N° {}-{}\nCommune de {}\nDate : {}\n\n",
        r.num(2020, 2026),
        r.num(100, 9999),
        r.pick(TOWNS),
        date(r)
    ));
    let mut total = 0;
    for _ in 0..r.num(3, 8) {
        let q = r.num(1, 40);
        let pu = r.num(3, 900);
        total += q * pu;
        out.push_str(&format!(
            "- {q} {} à {pu},00 € HT, soit {},00 € HT\n",
            r.pick(SUPPLIES),
            q * pu
        ));
    }
    out.push_str(&format!(
        "\nTotal HT : {total},00 €. TVA 20 % : {},{:02} €. Paiement à 30 jours par virement, pénalités de retard au taux légal.\n\n",
        total / 5,
        (total * 20) % 100
    ));
}

fn minutes(r: &mut Rng, out: &mut String) {
    out.push_str(&format!(
        "COMPTE RENDU DE LA RÉUNION DU CONSEIL MUNICIPAL DU {}\n\nPrésents : {} conseillers. Secrétaire de séance : désigné en début de séance.\n\n",
        date(r).to_uppercase(),
        r.num(11, 27)
    ));
    for k in 1..=r.num(3, 6) {
        out.push_str(&format!(
            "{k}. Point sur {}. Après débat, {} {}\n",
            r.pick(TOPICS),
            r.pick(DECISIONS).to_lowercase(),
            r.pick(DECISIONS)
        ));
    }
    out.push_str("La séance est levée à 21 h 40.\n\n");
}

fn hr_note(r: &mut Rng, out: &mut String) {
    out.push_str(&format!("NOTE AU PERSONNEL — {}\n\n", r.pick(TOPICS)));
    for _ in 0..r.num(3, 6) {
        let t = r.pick(HR);
        let s = fill(r, t);
        out.push_str(&s);
        out.push(' ');
    }
    out.push_str("\nLa direction des ressources humaines.\n\n");
}

fn letter(r: &mut Rng, out: &mut String) {
    out.push_str(&format!(
        "Mairie de {}\nService urbanisme et cadre de vie\n\nObjet : {}\n\nMadame, Monsieur,\n\n",
        r.pick(TOWNS),
        r.pick(TOPICS)
    ));
    for _ in 0..r.num(3, 6) {
        let t = r.pick(LETTERS);
        let s = fill(r, t);
        out.push_str(&s);
        out.push(' ');
    }
    out.push_str(&format!("\n\n{}\n\nLe Maire\n\n", r.pick(CLOSINGS)));
}

/// The noise corpus: at least `min_bytes` of administrative French, the same for a seed.
pub(crate) fn generate(seed: u64, min_bytes: usize) -> String {
    let mut r = Rng(seed | 1);
    let mut out = String::new();
    while out.len() < min_bytes {
        match r.num(0, 3) {
            0 => invoice(&mut r, &mut out),
            1 => minutes(&mut r, &mut out),
            2 => hr_note(&mut r, &mut out),
            _ => letter(&mut r, &mut out),
        }
    }
    out
}

#[test]
fn the_generator_is_deterministic_and_large_enough() {
    let a = generate(13, 200_000);
    assert!(a.len() >= 200_000);
    assert_eq!(a, generate(13, 200_000));
    assert_ne!(a, generate(14, 200_000));
}

#[test]
fn administrative_french_gets_at_most_one_health_finding_per_10_kb() {
    let text = generate(13, 200_000);
    if let Some(path) = std::env::var_os("TAMIS_NOISE_OUT") {
        std::fs::write(path, &text).unwrap();
    }
    let found: Vec<String> = scan(&text)
        .into_iter()
        .filter(|m| m.category.is_health())
        .map(|m| format!("{} « {} »", m.category.as_str(), &text[m.start..m.end]))
        .collect();
    let allowed = text.len() / 10_000;
    println!(
        "noise corpus: {} bytes, {} health finding(s), {allowed} allowed",
        text.len(),
        found.len()
    );
    assert!(
        found.len() <= allowed,
        "{} health findings in {} KB of administrative French (at most {allowed}):\n{}",
        found.len(),
        text.len() / 1000,
        found.join("\n")
    );
}
