//! The summary of a batch run, for the data-protection officer: counts by verdict, category,
//! purpose, sender and rule, read back from the JSON Lines (so a resumed run, or the outputs of
//! several shards, are summarised whole), as text and as one self-contained HTML page with
//! bar charts (no script, no network: it opens offline).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Distinct senders counted one by one; beyond, they are counted together (bounded memory).
const MAX_SENDERS: usize = 10_000;
const OTHER_SENDERS: &str = "(autres expéditeurs)";

/// Counts over a set of report lines.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub inputs: u64,
    /// Inputs that could not be checked (unreadable file, broken limit).
    pub errors: u64,
    pub verdicts: BTreeMap<String, u64>,
    pub categories: BTreeMap<String, CategoryCount>,
    pub purposes: BTreeMap<String, u64>,
    pub senders: BTreeMap<String, SenderCount>,
    /// Reasons given, by rule (`trust_space`, `strictly_necessary`…): inputs.
    pub rules: BTreeMap<String, u64>,
    /// Parts that could not be read, by kind (`encrypted`, `image_pages`…).
    pub opaque: BTreeMap<String, u64>,
}

/// One category's counts.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CategoryCount {
    pub findings: u64,
    /// Inputs with at least one finding of it.
    pub inputs: u64,
    /// Findings whose action is `remove`.
    pub removed: u64,
}

/// One sender's counts.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SenderCount {
    pub inputs: u64,
    pub minimise: u64,
    pub block: u64,
}

#[derive(Deserialize)]
struct LineHead {
    #[serde(default)]
    verdict: Option<String>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    purpose: Option<String>,
    #[serde(default)]
    sender: Option<String>,
    #[serde(default)]
    reasons: Vec<ReasonHead>,
    #[serde(default)]
    parts: Vec<PartHead>,
    #[serde(default)]
    findings: Vec<FindingHead>,
}

#[derive(Deserialize)]
struct ReasonHead {
    rule: String,
}

#[derive(Deserialize)]
struct PartHead {
    #[serde(default)]
    opaque: Option<String>,
}

#[derive(Deserialize)]
struct FindingHead {
    category: String,
    #[serde(default)]
    action: Option<String>,
}

impl Summary {
    /// Adds one JSON line (a report or an error line); other lines are ignored.
    pub fn add_line(&mut self, line: &str) {
        let Ok(head) = serde_json::from_str::<LineHead>(line) else {
            return;
        };
        self.inputs += 1;
        if head.error.is_some() {
            self.errors += 1;
            return;
        }
        let verdict = head.verdict.unwrap_or_else(|| "?".into());
        *self.verdicts.entry(verdict.clone()).or_default() += 1;
        let purpose = head.purpose.unwrap_or_else(|| "(non déclarée)".into());
        *self.purposes.entry(purpose).or_default() += 1;
        let sender = head.sender.unwrap_or_else(|| "(inconnu)".into());
        let key = if self.senders.len() < MAX_SENDERS || self.senders.contains_key(&sender) {
            sender
        } else {
            OTHER_SENDERS.to_string()
        };
        let s = self.senders.entry(key).or_default();
        s.inputs += 1;
        s.minimise += u64::from(verdict == "minimise");
        s.block += u64::from(verdict == "block");
        let mut rules: Vec<&str> = head.reasons.iter().map(|r| r.rule.as_str()).collect();
        rules.sort_unstable();
        rules.dedup();
        for r in rules {
            *self.rules.entry(r.to_string()).or_default() += 1;
        }
        for p in &head.parts {
            if let Some(o) = &p.opaque {
                *self.opaque.entry(o.clone()).or_default() += 1;
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for f in &head.findings {
            let c = self.categories.entry(f.category.clone()).or_default();
            c.findings += 1;
            c.removed += u64::from(f.action.as_deref() == Some("remove"));
            if !seen.contains(&f.category.as_str()) {
                seen.push(&f.category);
                c.inputs += 1;
            }
        }
    }

    /// Adds every line of a JSON Lines text.
    pub fn add_lines(&mut self, jsonl: &str) {
        for line in jsonl.lines() {
            self.add_line(line);
        }
    }

    /// A few lines for a terminal.
    pub fn text(&self) -> String {
        let mut out = format!("{} entrée(s), {} erreur(s)\n", self.inputs, self.errors);
        let join = |m: &BTreeMap<String, u64>| {
            m.iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!("verdicts : {}\n", join(&self.verdicts)));
        out.push_str(&format!("finalités : {}\n", join(&self.purposes)));
        out.push_str(&format!("règles : {}\n", join(&self.rules)));
        let cats: BTreeMap<String, u64> = self
            .categories
            .iter()
            .map(|(k, c)| (k.clone(), c.inputs))
            .collect();
        out.push_str(&format!("catégories (entrées) : {}\n", join(&cats)));
        if !self.opaque.is_empty() {
            out.push_str(&format!("parties illisibles : {}\n", join(&self.opaque)));
        }
        out
    }

    /// One HTML page with the counts as bar charts, readable offline.
    pub fn html(&self, title: &str) -> String {
        let mut body = String::new();
        body.push_str(&format!(
            "<p class=\"lead\">{} entrée(s) examinée(s), dont {} en erreur (illisibles ou hors limites).</p>",
            self.inputs, self.errors
        ));
        body.push_str(&chart(
            "Verdicts",
            &self.verdicts.clone().into_iter().collect::<Vec<_>>(),
        ));
        let mut cats: Vec<(String, u64)> = self
            .categories
            .iter()
            .map(|(k, c)| (k.clone(), c.inputs))
            .collect();
        cats.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        body.push_str(&chart("Catégories trouvées (entrées concernées)", &cats));
        let mut removed: Vec<(String, u64)> = self
            .categories
            .iter()
            .filter(|(_, c)| c.removed > 0)
            .map(|(k, c)| (k.clone(), c.removed))
            .collect();
        removed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        body.push_str(&chart("Données à retirer (occurrences)", &removed));
        body.push_str(&chart(
            "Finalités déclarées",
            &self.purposes.clone().into_iter().collect::<Vec<_>>(),
        ));
        let mut rules: Vec<(String, u64)> = self.rules.clone().into_iter().collect();
        rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        body.push_str(&chart("Règles appliquées (entrées)", &rules));
        let mut senders: Vec<(String, u64)> = self
            .senders
            .iter()
            .map(|(k, s)| (k.clone(), s.minimise + s.block))
            .filter(|(_, n)| *n > 0)
            .collect();
        senders.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        senders.truncate(20);
        body.push_str(&chart(
            "Expéditeurs dont des envois sont à minimiser ou bloqués (20 premiers)",
            &senders,
        ));
        if !self.opaque.is_empty() {
            body.push_str(&chart(
                "Parties illisibles",
                &self.opaque.clone().into_iter().collect::<Vec<_>>(),
            ));
        }
        format!(
            "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{t}</title>\n<style>{CSS}</style></head>\n<body><h1>{t}</h1>\n{body}\n<p class=\"foot\">Produit par tamis {v}. Aucune valeur (nom, identifiant, donnée de santé) ne figure dans ce rapport : seulement des comptes.</p></body></html>\n",
            t = escape(title),
            v = env!("CARGO_PKG_VERSION"),
        )
    }
}

const CSS: &str = "body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}\
h1{font-size:1.5em}h2{font-size:1.1em;margin-top:2em}.lead{font-size:1.1em}\
svg text{font-size:12px;font-family:sans-serif}.foot{margin-top:3em;color:#666;font-size:.9em}";

/// A horizontal bar chart (inline SVG) of `rows`, with the numbers written out.
fn chart(title: &str, rows: &[(String, u64)]) -> String {
    let mut out = format!("<h2>{}</h2>\n", escape(title));
    if rows.is_empty() {
        out.push_str("<p>Aucune.</p>\n");
        return out;
    }
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    let (label_w, bar_w, row_h) = (260.0, 380.0, 22.0);
    let height = row_h * rows.len() as f64 + 4.0;
    out.push_str(&format!(
        "<svg role=\"img\" aria-label=\"{}\" width=\"{}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">\n",
        escape(title),
        label_w + bar_w + 80.0
    ));
    for (i, (label, n)) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 2.0;
        let w = (*n as f64 / max as f64 * bar_w).max(1.0);
        let shown: String = label.chars().take(40).collect();
        out.push_str(&format!(
            "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{y:.0}\" width=\"{w:.1}\" height=\"{:.0}\" fill=\"#3b6ea5\"/><text x=\"{:.1}\" y=\"{:.0}\">{n}</text>\n",
            label_w - 8.0,
            y + 15.0,
            escape(&shown),
            row_h - 6.0,
            label_w + w + 6.0,
            y + 15.0,
        ));
    }
    out.push_str("</svg>\n");
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_verdicts_categories_senders_and_errors() {
        let mut s = Summary::default();
        s.add_lines(concat!(
            r#"{"version":1,"input":"a","verdict":"minimise","purpose":"prevention","sender":"sha256:1","reasons":[{"rule":"strictly_necessary","law":"","message":""}],"parts":[],"findings":[{"category":"diagnosis","action":"remove"},{"category":"diagnosis","action":"remove"},{"category":"nir","action":"keep"}]}"#,
            "\n",
            r#"{"version":1,"input":"b","verdict":"block","sender":"sha256:1","reasons":[],"parts":[{"opaque":"encrypted"}],"findings":[]}"#,
            "\n",
            r#"{"version":1,"input":"c","error":"larger than the limit"}"#,
            "\n",
            "{\"version\":1,\"input\":\"d\",\"verd",
        ));
        assert_eq!((s.inputs, s.errors), (3, 1));
        assert_eq!(s.verdicts["minimise"], 1);
        assert_eq!(s.verdicts["block"], 1);
        assert_eq!(
            s.categories["diagnosis"],
            CategoryCount {
                findings: 2,
                inputs: 1,
                removed: 2
            }
        );
        assert_eq!(s.senders["sha256:1"].block, 1);
        assert_eq!(s.purposes["(non déclarée)"], 1);
        assert_eq!(s.opaque["encrypted"], 1);
        let html = s.html("Archive <2024>");
        assert!(html.contains("Archive &lt;2024&gt;"));
        assert!(html.contains("<svg"));
        assert!(!html.contains("<script"));
    }
}
