//! Ordinary mail passes (issue 18 §8): every message of `corpus/ordinary/` — orders, invoices,
//! payroll, facilities, families' events, partners, the town council, newsletters with logos,
//! invitations, contact cards, job postings, training, quotes; labelled before tamis ran on
//! them (`corpus/ordinary/README.md`) — is checked as the gateway checks it: sender and
//! recipients from the labels (the envelope), the purpose only if the message declares it,
//! the fictional directory loaded. At least 99 % of the messages labelled `pass` must pass,
//! and the traps (a resident's health data sent outside the trust space) must not. The table,
//! with the rules of every message that does not get its label's verdict, is written to
//! `target/eval-ordinary.txt`.

use serde::Deserialize;
use std::fmt::Write as _;
use std::path::Path;
use tamis::context::Context;
use tamis::report::{Values, Verdict};
use tamis::scan::Scratch;

#[derive(Deserialize)]
struct Labels {
    message: Vec<Message>,
}

#[derive(Deserialize)]
struct Message {
    file: String,
    kind: String,
    from: String,
    to: Vec<String>,
    verdict: String,
}

#[test]
fn ordinary_mail_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/ordinary");
    let labels: Labels =
        toml::from_str(&std::fs::read_to_string(root.join("labels.toml")).expect("labels"))
            .expect("labels parse");
    let pipeline = crate::letters::pipeline();
    let mut scratch = Scratch::default();
    let (mut must_pass, mut passed, mut traps, mut caught) = (0, 0, 0, 0);
    let mut table = String::new();
    for m in &labels.message {
        let bytes = std::fs::read(root.join(&m.file)).expect("message");
        let context = Context {
            from: Some(m.from.clone()),
            to: m.to.clone(),
            ..Context::default()
        };
        let checked = pipeline
            .check(&bytes, Some(&m.file), &context, Values::None, &mut scratch)
            .unwrap_or_else(|e| panic!("{}: {e}", m.file));
        let verdict = checked.report.verdict;
        let right = verdict.as_str() == m.verdict;
        if m.verdict == "pass" {
            must_pass += 1;
            passed += usize::from(verdict == Verdict::Pass);
        } else {
            traps += 1;
            caught += usize::from(verdict != Verdict::Pass);
        }
        if !right {
            let rules: Vec<&str> = checked
                .report
                .reasons
                .iter()
                .map(|r| r.rule.as_str())
                .collect();
            let opaque: Vec<&str> = checked
                .report
                .parts
                .iter()
                .filter_map(|p| p.opaque.as_deref())
                .collect();
            let health: Vec<&str> = checked
                .report
                .findings
                .iter()
                .filter(|f| f.health)
                .map(|f| f.category.as_str())
                .collect();
            let _ = writeln!(
                table,
                "{:<40} {:<20} label {:<8} tamis {:<8} rules {} opaque {:?} health {:?}",
                m.file,
                m.kind,
                m.verdict,
                verdict.as_str(),
                rules.join(","),
                opaque,
                health
            );
        }
    }
    let rate = passed as f64 / must_pass as f64;
    let summary = format!(
        "ordinary mail: {passed}/{must_pass} pass ({:.1} %), traps caught {caught}/{traps}\n{table}",
        rate * 100.0
    );
    eprintln!("{summary}");
    let target = std::env::var("CARGO_TARGET_DIR")
        .unwrap_or_else(|_| format!("{}/target", env!("CARGO_MANIFEST_DIR")));
    let _ = std::fs::write(Path::new(&target).join("eval-ordinary.txt"), &summary);
    assert!(must_pass >= 100 && traps >= 1, "the corpus is incomplete");
    assert!(rate >= 0.99, "{summary}");
    assert_eq!(caught, traps, "{summary}");
}
