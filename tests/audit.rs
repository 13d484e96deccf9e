//! The DPO's audit of an archive (issue 20), as a person would do it: a generated archive of an
//! EHPAD group's outgoing mail over a year (care and ordinary mail, to colleagues in the MSSanté
//! trust space, to patients' mailboxes, to gmail and orange addresses, to a town hall), run
//! through `tamis batch`; the lines' audit fields checked; two halves of the year compared; the
//! summary page rendered in headless Chromium, its DOM checked (French labels, the review
//! list), no console message and nothing to fetch outside the page, and its screenshot
//! and PDF print kept under `target/audit-artefacts/` for a person to look at.

use crate::common::tool;
use crate::wire::{WireReport, tamis};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const SALT: &str = "sel de test assez long pour tamis";

/// The patients of the generated mail (what must never be on the page).
const PATIENTS: [(&str, &str); 6] = [
    ("Germaine", "DUBOIS"),
    ("Marcel", "LEFEBVRE"),
    ("Yvonne", "MOREAU"),
    ("Lucien", "GARNIER"),
    ("Odette", "ROUSSEL"),
    ("Raymond", "FAURE"),
];

/// Staff and service mailboxes of the group: two in the trust space, one ordinary.
const SENDERS: [&str; 4] = [
    "infirmerie@ehpad-tilleuls.mssante.fr",
    "medecin.co@ehpad-tilleuls.mssante.fr",
    "accueil@ehpad-tilleuls.fr",
    "secretariat@ssiad-vallee.mssante.fr",
];

/// A body of care mail, ordinary or with data of the sensitive tier.
fn body(kind: usize, (first, last): (&str, &str)) -> String {
    match kind {
        0 => format!(
            "Bonjour,\n\nSuite à la chute de Mme {first} {last}, née le 14/06/1936, résidente chambre 12, \
             je vous transmets son traitement : Kardegic 75 mg le matin, Doliprane 1 g si douleur. \
             Diagnostic : fracture du col du fémur droit, diabète de type 2. Poids : 58 kg.\n\n\
             Cordialement,\nL'infirmière coordinatrice\n"
        ),
        1 => format!(
            "Bonjour Docteur,\n\nM. {first} {last} poursuit son traitement antirétroviral pour son infection \
             par le VIH ; son suivi psychiatrique pour une schizophrénie continue au CMP. \
             Il prend de la rispéridone 2 mg.\n\nBien à vous,\nLe médecin coordonnateur\n"
        ),
        _ => "Bonjour,\n\nLa réunion du conseil de la vie sociale aura lieu jeudi à 14 h en salle \
              polyvalente. Merci de confirmer votre présence.\n\nBonne journée,\nL'accueil\n"
            .to_string(),
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// An mbox of `n` messages dated over 2025, deterministic. In the first half of the year more
/// care mail goes to ordinary providers than in the second (training worked).
fn archive(dir: &Path, n: usize) -> PathBuf {
    let root = dir.join("archive");
    std::fs::create_dir_all(&root).unwrap();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m as u64) as usize
    };
    let mut mbox = String::new();
    for i in 0..n {
        let month = i * 12 / n;
        let day = 1 + next(28);
        let kind = next(3);
        let patient = PATIENTS[next(PATIENTS.len())];
        let sender = SENDERS[next(SENDERS.len())];
        let outside = if month < 6 {
            next(2) == 0
        } else {
            next(6) == 0
        };
        let to = if outside {
            [
                "famille.dubois@gmail.com",
                "r.moreau@orange.fr",
                "etat-civil@mairie-exemple.fr",
            ][next(3)]
        } else {
            [
                "ide.dupre@ch-dieppe.mssante.fr",
                "cardiologie@ch-dieppe.mssante.fr",
                "185057800608491@patient.mssante.fr",
            ][next(3)]
        };
        let _ = write!(
            mbox,
            "From {sender} Mon Jan  6 09:00:00 2025\n\
             From: {sender}\nTo: {to}\nSubject: Suivi\n\
             Date: {day:02} {} 2025 {:02}:{:02}:00 +0100\n\
             Message-ID: <gen-{i}@ehpad-tilleuls.test>\n\
             MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\
             Content-Transfer-Encoding: 8bit\n\n{}\n",
            MONTHS[month],
            8 + next(10),
            next(60),
            body(kind, patient),
        );
    }
    std::fs::write(root.join("sortants.mbox"), mbox).unwrap();
    root
}

fn lines(path: &Path) -> Vec<WireReport> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line: {e}")))
        .collect()
}

/// Where the artefacts a person looks at go: `target/audit-artefacts/`.
fn artefacts() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("audit-artefacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every line carries its date, its Message-ID (hashed by default, clear on request), its
/// sender mailbox (clear by default, hashed on request), its recipients' domains with their
/// trust-space status, and what enforce mode would have done — without any directory.
#[test]
fn each_line_carries_what_an_auditor_needs() {
    let dir = tempfile::tempdir().unwrap();
    let root = archive(dir.path(), 60);
    let out = dir.path().join("lignes.jsonl");
    let run = tamis()
        .env("TAMIS_SALT", SALT)
        .args(["batch", "--jobs", "2", "-o"])
        .arg(&out)
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let reports = lines(&out);
    assert_eq!(reports.len(), 60);
    let mut outside = 0;
    for r in &reports {
        let a = r.audit.as_ref().expect("audit fields");
        let date = a.date.as_deref().expect("a date");
        assert!(
            date.starts_with("2025-") && date.ends_with("+01:00"),
            "{date}"
        );
        assert!(a.message_id.as_deref().unwrap().starts_with("sha256:"));
        let mailbox = a.mailbox.as_deref().unwrap();
        assert!(SENDERS.contains(&mailbox), "{mailbox}");
        assert_eq!(a.domains.len(), 1);
        let d = &a.domains[0];
        assert_eq!(d.recipients, 1);
        let (class, trusted, kind) = match d.domain.as_str() {
            "gmail.com" | "orange.fr" => ("ordinary_provider", false, "unknown"),
            "mairie-exemple.fr" => ("outside", false, "unknown"),
            "ch-dieppe.mssante.fr" => ("trust_space", true, "unknown"),
            "patient.mssante.fr" => ("patient", true, "patient"),
            other => panic!("domain {other}"),
        };
        assert_eq!(
            (d.class.as_str(), d.trusted, d.kind.as_str()),
            (class, trusted, kind)
        );
        let health = r.findings.iter().filter(|f| f.health).count() as u32;
        assert_eq!(a.health, health);
        let sensitive = r
            .findings
            .iter()
            .filter(|f| f.health && f.sensitive)
            .count() as u32;
        assert_eq!(a.sensitive, sensitive);
        assert_eq!(a.outside_trust_space, health > 0 && !trusted);
        let e = a.enforce.as_ref().expect("what enforce would do");
        if a.outside_trust_space {
            outside += 1;
            // The channel rule, whatever the directory says.
            assert_eq!((e.verdict.as_str(), e.action.as_str()), ("block", "reject"));
            assert!(e.rules.iter().any(|r| r == "trust_space"), "{:?}", e.rules);
        }
        if health == 0 {
            assert_eq!(e.action, "accept");
        }
    }
    assert!(outside >= 5, "{outside} messages with health data outside");
    // On request: Message-IDs in clear, mailboxes hashed.
    let out2 = dir.path().join("clair.jsonl");
    tamis()
        .env("TAMIS_SALT", SALT)
        .args([
            "batch",
            "--jobs",
            "1",
            "--message-ids",
            "clear",
            "--mailboxes",
            "hashed",
            "-o",
        ])
        .arg(&out2)
        .arg(&root)
        .output()
        .unwrap();
    for r in lines(&out2) {
        let a = r.audit.unwrap();
        let id = a.message_id.unwrap();
        assert!(
            id.starts_with("gen-") && id.ends_with("@ehpad-tilleuls.test"),
            "{id}"
        );
        assert!(a.mailbox.unwrap().starts_with("sha256:"));
    }
}

/// The page over a year: French, the review list ranked, the halves of the year compared, and
/// rendered in headless Chromium (screenshot and PDF kept as artefacts).
#[test]
fn the_dpo_page_renders_in_french_with_the_messages_to_review_first() {
    let dir = tempfile::tempdir().unwrap();
    let root = archive(dir.path(), 240);
    let out = dir.path().join("lignes.jsonl");
    let html = dir.path().join("registre.html");
    let run = tamis()
        .env("TAMIS_SALT", SALT)
        .args(["batch", "--jobs", "2", "-o"])
        .arg(&out)
        .arg("--html")
        .arg(&html)
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let page = std::fs::read_to_string(&html).unwrap();
    let raw = std::fs::read_to_string(&out).unwrap();
    // Never a patient's value, on the page or in the lines.
    for (first, last) in PATIENTS {
        assert!(
            !page.contains(last) && !page.contains(first),
            "a name on the page"
        );
        assert!(!raw.contains(last), "a name in the lines");
    }
    for value in [
        "14/06/1936",
        "185057800608491",
        "famille.dubois",
        "schizophrénie",
    ] {
        assert!(
            !page.contains(value) && !raw.contains(value),
            "a value in clear"
        );
    }
    assert!(!page.contains("<script") && !page.contains("http://") && !page.contains("https://"));
    for month in ["janvier 2025", "juin 2025", "décembre 2025"] {
        assert!(page.contains(month), "{month} in the timeline");
    }
    // Compare the two halves of the year.
    let (h1, h2): (Vec<&str>, Vec<&str>) = raw.lines().partition(|l| {
        let r: WireReport = serde_json::from_str(l).unwrap();
        r.audit.unwrap().date.unwrap().as_str() < "2025-07"
    });
    let (p1, p2) = (dir.path().join("s1.jsonl"), dir.path().join("s2.jsonl"));
    std::fs::write(&p1, h1.join("\n")).unwrap();
    std::fs::write(&p2, h2.join("\n")).unwrap();
    let compared = dir.path().join("evolution.html");
    let cmp = tamis()
        .args(["batch", "--summarise", "--before"])
        .arg(&p1)
        .arg("--html")
        .arg(&compared)
        .arg(&p2)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&cmp.stderr);
    assert!(stderr.contains("différences (avant → après)"), "{stderr}");
    assert!(
        stderr.contains("données de santé hors espace de confiance"),
        "{stderr}"
    );
    let compared_page = std::fs::read_to_string(&compared).unwrap();
    assert!(compared_page.contains("Évolution : avant → après"));

    let artefacts = artefacts();
    std::fs::copy(&html, artefacts.join("registre.html")).unwrap();
    std::fs::copy(&compared, artefacts.join("evolution.html")).unwrap();
    if !tool("chromium", "rendering the DPO's page in headless Chromium") {
        return;
    }
    for (name, file) in [("registre", &html), ("evolution", &compared)] {
        let dom = render(file, &artefacts, name);
        for label in [
            "Messages à revoir en priorité",
            "Chronologie par mois",
            "espace de confiance MSSanté",
            "messagerie grand public",
            "messagerie patient (Mon espace santé)",
            "diagnostic <small class=\"code\">diagnosis</small>",
            "CSP L1110-4-1",
        ] {
            assert!(dom.contains(label), "{name}: {label:?} not in the DOM");
        }
        // The review list: its rows, the most serious first.
        let review = dom
            .split("<table class=\"review\">")
            .nth(1)
            .and_then(|t| t.split("</table>").next())
            .expect("the review table");
        let rows: Vec<&str> = review.split("<tr class=\"s").skip(1).collect();
        assert!(rows.len() >= 10, "{name}: {} rows to review", rows.len());
        let grades: Vec<u8> = rows.iter().map(|r| r[..1].parse().unwrap()).collect();
        assert!(grades.windows(2).all(|w| w[0] >= w[1]), "{grades:?}");
        assert!(grades[0] >= 4, "health data outside the trust space first");
        assert!(
            rows[0].contains("gmail.com")
                || rows[0].contains("orange.fr")
                || rows[0].contains("mairie-exemple.fr")
        );
    }
}

/// Renders `page` in headless Chromium: its DOM (returned), a screenshot and a PDF print under
/// `artefacts`. Fails on any console message, or on anything in the page that would be fetched
/// (a `src`, a link that is not an anchor of the page).
fn render(page: &Path, artefacts: &Path, name: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", page.display());
    let chromium = |extra: &[String]| {
        let out = std::process::Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                "--enable-logging=stderr",
                "--v=0",
                // Offline, as the DPO's laptop may be: nothing resolves.
                "--host-resolver-rules=MAP * ~NOTFOUND",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(extra)
            .arg(&url)
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "chromium failed: {log}");
        let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
        assert!(console.is_empty(), "console messages: {console:?}");
        out.stdout
    };
    let dom = String::from_utf8(chromium(&["--dump-dom".to_string()])).unwrap();
    assert!(
        !dom.contains(" src=") && !dom.contains("<link"),
        "{name}: an asset"
    );
    assert!(
        dom.split(" href=\"").skip(1).all(|h| h.starts_with('#')),
        "{name}: a link out of the page"
    );
    let png = artefacts.join(format!("{name}.png"));
    chromium(&[
        "--window-size=1280,3000".to_string(),
        format!("--screenshot={}", png.display()),
    ]);
    let bytes = std::fs::read(&png).unwrap();
    assert!(
        bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000,
        "{name}.png"
    );
    let pdf = artefacts.join(format!("{name}.pdf"));
    chromium(&[
        "--no-pdf-header-footer".to_string(),
        format!("--print-to-pdf={}", pdf.display()),
    ]);
    assert!(
        std::fs::read(&pdf).unwrap().starts_with(b"%PDF"),
        "{name}.pdf"
    );
    dom
}
