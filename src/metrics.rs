//! Counters and latency histograms of the services, in the Prometheus text format (`GET
//! /metrics` of `tamis serve`, `--metrics-listen` of `tamis milter`).
//!
//! Counts only: every label is from a closed set (a front end, a verdict, a rule id, a
//! category, an opaque kind, an error kind, a route, a status), never a value, an address or a
//! file name. One registry per process ([`global`]).
//!
//! - `tamis_checks_total{front, verdict}` — messages (milter) and requests (serve) judged;
//!   the milter's verdicts include `unchecked` (advise mode), `too_large` and `tempfail`.
//! - `tamis_rules_total{front, rule}` — reasons given, by rule id.
//! - `tamis_removed_total{front, category}` — values to remove, by category.
//! - `tamis_opaque_parts_total{front, kind}` — parts that could not be read, by kind.
//! - `tamis_errors_total{front, kind}` — checks that failed (`limit`, `timeout`, `internal`…).
//! - `tamis_tempfails_total{why}` — the milter's 451 answers.
//! - `tamis_requests_total{route, status}` — HTTP requests answered.
//! - `tamis_check_seconds{front}` — time to judge a message or answer a request (histogram).
//! - `tamis_reloads_total{result}` — SIGHUP reloads, `ok` or `failed`.

use crate::report::{Action, Report};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The counters and histograms of one process.
#[derive(Default)]
pub struct Registry {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// (metric, labels rendered `a="x",b="y"`) → count.
    counters: BTreeMap<(&'static str, String), u64>,
    /// labels → (bucket counts, sum, count).
    histograms: BTreeMap<String, ([u64; BUCKETS.len()], f64, u64)>,
}

const HELP: [(&str, &str); 9] = [
    (
        "tamis_checks_total",
        "Messages and requests judged, by verdict.",
    ),
    ("tamis_rules_total", "Reasons given, by rule id."),
    ("tamis_removed_total", "Values to remove, by category."),
    (
        "tamis_opaque_parts_total",
        "Parts that could not be read, by kind.",
    ),
    ("tamis_errors_total", "Checks that failed, by kind."),
    ("tamis_tempfails_total", "Milter 451 answers, by cause."),
    (
        "tamis_requests_total",
        "HTTP requests answered, by route and status.",
    ),
    (
        "tamis_reloads_total",
        "Reloads of the configuration (SIGHUP), by result.",
    ),
    (
        "tamis_check_seconds",
        "Time to judge a message or answer a request.",
    ),
];

/// The process's registry.
pub fn global() -> &'static Registry {
    static GLOBAL: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();
    GLOBAL.get_or_init(Registry::default)
}

/// A label value made safe for the text format (the callers pass closed sets; this is a guard).
fn label(value: &str) -> String {
    value
        .chars()
        .filter(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/' | '.' | ' ' | '(' | ')')
        })
        .take(64)
        .collect()
}

impl Registry {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Adds `n` to `metric{labels}`.
    pub fn add(&self, metric: &'static str, labels: &[(&str, &str)], n: u64) {
        let labels = labels
            .iter()
            .map(|(k, v)| format!("{k}=\"{}\"", label(v)))
            .collect::<Vec<_>>()
            .join(",");
        *self.lock().counters.entry((metric, labels)).or_insert(0) += n;
    }

    /// Counts one check's verdict and time.
    pub fn check(&self, front: &str, verdict: &str, seconds: f64) {
        self.add(
            "tamis_checks_total",
            &[("front", front), ("verdict", verdict)],
            1,
        );
        let mut inner = self.lock();
        let h = inner
            .histograms
            .entry(format!("front=\"{}\"", label(front)))
            .or_insert(([0; BUCKETS.len()], 0.0, 0));
        for (k, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                h.0[k] += 1;
            }
        }
        h.1 += seconds;
        h.2 += 1;
    }

    /// Counts what a report holds: its rules, the values to remove by category, the opaque
    /// parts by kind.
    pub fn report(&self, front: &str, report: &Report) {
        let mut rules: Vec<&str> = report.reasons.iter().map(|r| r.rule.as_str()).collect();
        for d in &report.recipients {
            rules.extend(d.reasons.iter().map(|r| r.rule.as_str()));
        }
        rules.sort_unstable();
        rules.dedup();
        for rule in rules {
            self.add("tamis_rules_total", &[("front", front), ("rule", rule)], 1);
        }
        let mut removed: BTreeMap<&str, u64> = BTreeMap::new();
        for f in &report.findings {
            if f.action == Some(Action::Remove) {
                *removed.entry(f.category.as_str()).or_insert(0) += 1;
            }
        }
        for (category, n) in removed {
            self.add(
                "tamis_removed_total",
                &[("front", front), ("category", category)],
                n,
            );
        }
        for p in &report.parts {
            if let Some(kind) = &p.opaque {
                self.add(
                    "tamis_opaque_parts_total",
                    &[("front", front), ("kind", kind)],
                    1,
                );
            }
        }
    }

    /// The Prometheus text exposition (version 0.0.4).
    pub fn render(&self) -> String {
        let inner = self.lock();
        let mut out = String::new();
        for (metric, help) in HELP {
            let kind = if metric == "tamis_check_seconds" {
                "histogram"
            } else {
                "counter"
            };
            let _ = writeln!(out, "# HELP {metric} {help}\n# TYPE {metric} {kind}");
            if kind == "histogram" {
                for (labels, (buckets, sum, count)) in &inner.histograms {
                    for (bound, n) in BUCKETS.iter().zip(buckets) {
                        let _ = writeln!(out, "{metric}_bucket{{{labels},le=\"{bound}\"}} {n}");
                    }
                    let _ = writeln!(out, "{metric}_bucket{{{labels},le=\"+Inf\"}} {count}");
                    let _ = writeln!(out, "{metric}_sum{{{labels}}} {sum}");
                    let _ = writeln!(out, "{metric}_count{{{labels}}} {count}");
                }
                continue;
            }
            for ((m, labels), n) in &inner.counters {
                if *m == metric {
                    let _ = writeln!(out, "{metric}{{{labels}}} {n}");
                }
            }
        }
        out
    }
}

/// The content type of [`Registry::render`].
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_and_histograms_render_in_the_text_format() {
        let r = Registry::default();
        r.check("milter", "pass", 0.003);
        r.check("milter", "minimise", 0.2);
        r.add("tamis_tempfails_total", &[("why", "timeout")], 1);
        r.add("tamis_reloads_total", &[("result", "ok")], 2);
        let text = r.render();
        assert!(text.contains("tamis_checks_total{front=\"milter\",verdict=\"pass\"} 1\n"));
        assert!(text.contains("tamis_tempfails_total{why=\"timeout\"} 1\n"));
        assert!(text.contains("tamis_reloads_total{result=\"ok\"} 2\n"));
        assert!(text.contains("tamis_check_seconds_bucket{front=\"milter\",le=\"0.005\"} 1\n"));
        assert!(text.contains("tamis_check_seconds_bucket{front=\"milter\",le=\"0.25\"} 2\n"));
        assert!(text.contains("tamis_check_seconds_bucket{front=\"milter\",le=\"+Inf\"} 2\n"));
        assert!(text.contains("tamis_check_seconds_count{front=\"milter\"} 2\n"));
        assert!(text.contains("# TYPE tamis_check_seconds histogram\n"));
        // A label cannot break out of its quotes.
        r.add("tamis_errors_total", &[("kind", "a\"}\n x")], 1);
        assert!(r.render().contains("tamis_errors_total{kind=\"a x\"} 1\n"));
    }
}
