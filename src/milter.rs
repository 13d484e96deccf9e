//! `tamis milter`: the gateway front end, a milter for Postfix (or Sendmail) on the structure's
//! outgoing relay.
//!
//! The MTA hands over each message: envelope (MAIL FROM, RCPT TO), headers, body. At the end of
//! the message the whole of it goes through the pipeline, with the SMTP envelope as the truth
//! for sender and recipients (Bcc recipients only exist there). Then, per the verdict:
//!
//! | verdict | `advise` mode | `enforce` mode |
//! |---|---|---|
//! | `pass` | accepted, `X-Tamis-Verdict: pass` | the same |
//! | `minimise` | accepted as it is, `X-Tamis-Verdict: minimise` and `X-Tamis-Summary` (counts per category) | the body (and the headers that changed: Subject, Content-Type…) replaced by the minimised message, `X-Tamis-Verdict: minimise` |
//! | `block` | accepted as it is, `X-Tamis-Verdict: block` and `X-Tamis-Summary` | rejected, `550 5.7.1` and the reasons in French |
//!
//! Advise mode is the observation phase of a deployment: every message passes with its
//! `X-Tamis-*` headers (`X-Tamis-Verdict: unchecked` for one that could not be checked: too
//! large, an error, a timeout), and the log line says what enforce mode would have done
//! (`enforce=reject`, `enforce=tempfail (timeout)`…).
//!
//! Anything else — an error, a timeout, a copy that fails its post-check, mail redaction not
//! available — answers `451 4.7.1` (tempfail): the sender's MTA keeps the message and tries
//! again, so nothing leaves unscanned and nothing is lost. A message larger than the input limit
//! can never be checked: it is rejected with `552 5.3.4` rather than retried for days.
//!
//! Headers named `X-Tamis-Verdict`, `X-Tamis-Summary` or `X-Tamis-Redaction` that arrive with the
//! message are removed: only tamis writes them. The care software declares the care team, the
//! person's consent and opposition in `X-Tamis-Care-Team`, `X-Tamis-Consent` and
//! `X-Tamis-Opposition` (`yes`/`oui`/`true`/`1`, like `X-Tamis-Purpose`); they are honoured only
//! from a configured submitter ([`Submitters`]: client networks, authenticated senders from the
//! `{auth_authen}` macro) and deleted from anyone else's messages. One line per message goes to stderr: queue id,
//! verdict, counts and time — never a value.

use crate::context::Context;
use crate::live::Live;
use crate::pipeline::Pipeline;
use crate::redact::RedactError;
use crate::report::{Action as FindingAction, Report, Values, Verdict};
use crate::scan::Scratch;
use async_trait::async_trait;
use miltr_common::actions::{Action, Continue, Replycode};
use miltr_common::commands::{Body, Header, Macro, Mail, Recipient};
use miltr_common::modifications::ModificationResponse;
use miltr_common::modifications::body::ReplaceBody;
use miltr_common::modifications::headers::{AddHeader, ChangeHeader};
use miltr_server::{Milter, Server};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio_util::compat::TokioAsyncReadCompatExt;

/// The header that says the message went through tamis, and what it decided.
pub const VERDICT_HEADER: &str = "X-Tamis-Verdict";
/// The header with the counts per category of what was (or, in advise mode, would be) removed.
pub const SUMMARY_HEADER: &str = "X-Tamis-Summary";
/// Largest piece of body in one `SMFIR_REPLBODY` packet (the protocol's packets stay below 64 KiB).
const BODY_CHUNK: usize = 60 * 1024;

/// The answer to a transaction begun while tamis stops.
const STOPPING: &str = "filtre en cours d'arret (tamis) : le message sera renvoye automatiquement";

/// The headers in which the care software declares the care team, consent and opposition.
pub const CARE_TEAM_HEADER: &str = "X-Tamis-Care-Team";
pub const CONSENT_HEADER: &str = "X-Tamis-Consent";
pub const OPPOSITION_HEADER: &str = "X-Tamis-Opposition";
const DECLARATION_HEADERS: [&str; 3] = [CARE_TEAM_HEADER, CONSENT_HEADER, OPPOSITION_HEADER];

/// Who may declare the care team, consent and opposition in headers: the MTA's clients in
/// these networks, and senders authenticated (SMTP AUTH) under these logins (`*`: any).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Submitters {
    pub networks: Vec<Network>,
    pub logins: Vec<String>,
}

pub use crate::config::Network;

impl Submitters {
    /// Whether a message from `client` (the MTA's client address), authenticated as `login`,
    /// comes from a configured submitter.
    pub fn trust(&self, client: Option<std::net::IpAddr>, login: Option<&str>) -> bool {
        client.is_some_and(|ip| self.networks.iter().any(|n| n.contains(ip)))
            || login
                .is_some_and(|l| !l.is_empty() && self.logins.iter().any(|m| m == "*" || m == l))
    }
}

/// What the milter does with a message to minimise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Headers only: the message goes as it is, with the verdict and the summary (a trial run).
    Advise,
    /// The message is replaced by its minimised copy.
    Enforce,
}

/// How the milter runs.
pub struct Config {
    pub pipeline: Pipeline,
    pub mode: Mode,
    /// Longest time to check one message (after its end is received); then tempfail.
    pub timeout: Duration,
    /// Who may declare the care team, consent and opposition in headers.
    pub submitters: Submitters,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("mode", &self.mode)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// One message as the MTA handed it over.
#[derive(Debug, Default, Clone)]
pub struct Message {
    /// MAIL FROM, without angle brackets (empty for a bounce).
    pub sender: String,
    /// RCPT TO, without angle brackets.
    pub recipients: Vec<String>,
    /// Headers in order: name and value as received (no leading space).
    pub headers: Vec<(String, String)>,
    /// The body as received (encoded as it travels: base64, quoted-printable…).
    pub body: Vec<u8>,
    /// The body went beyond the input limit: the rest was not kept.
    pub too_large: bool,
    /// It comes from a configured submitter: its `X-Tamis-Care-Team`, `X-Tamis-Consent` and
    /// `X-Tamis-Opposition` headers are honoured (else deleted).
    pub declares: bool,
}

impl Message {
    /// The message as one RFC 5322 byte string (CRLF line ends), for the pipeline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.body.len() + 64 * self.headers.len() + 2);
        for (name, value) in &self.headers {
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&self.body);
        out
    }
}

/// A change of the message, as the milter protocol can make it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Add a header at the end of the header block.
    Add { name: String, value: String },
    /// Set the `index`-th (from 1) header called `name`; an empty value deletes it.
    Set {
        name: String,
        index: u32,
        value: String,
    },
    /// Replace the body.
    Body(Vec<u8>),
}

/// What the MTA is told at the end of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Deliver, after these changes.
    Accept {
        verdict: Verdict,
        changes: Vec<Change>,
        /// Values removed (or to remove, in advise mode), for the log line.
        removed: usize,
        /// In advise mode, what enforce mode would have done when it differs (`reject`,
        /// `tempfail (timeout)`…), for the log line.
        would: Option<String>,
    },
    /// Refuse for good: `code` (`[5, 5, 0]`), `status` (`[5, 7, 1]`), a French sentence.
    Reject {
        code: [u8; 3],
        status: [u16; 3],
        text: String,
    },
    /// Refuse for now (`451 4.7.1`): the sender's MTA keeps it and tries again.
    Tempfail { why: &'static str },
}

impl Outcome {
    fn tempfail(why: &'static str) -> Outcome {
        Outcome::Tempfail { why }
    }

    /// The word for the log line.
    fn label(&self) -> String {
        match self {
            Outcome::Accept { changes, .. } if !added(changes, VERDICT_HEADER).is_empty() => {
                added(changes, VERDICT_HEADER).to_string()
            }
            Outcome::Accept { verdict, .. } => verdict.as_str().to_string(),
            Outcome::Reject { code, .. } if code == &[5, 5, 0] => "block".into(),
            Outcome::Reject { .. } => "too_large".into(),
            Outcome::Tempfail { why } => format!("tempfail ({why})"),
        }
    }
}

/// Decides what to do with `message`: runs the pipeline with the envelope as the context. This
/// is the whole of the milter's judgement, free of the protocol (and tested on its own).
pub fn judge(pipeline: &Pipeline, mode: Mode, message: &Message) -> Outcome {
    let outcome = judged(pipeline, mode, message);
    match mode {
        Mode::Enforce => outcome,
        Mode::Advise => advised(outcome, message),
    }
}

/// Advise mode: what enforce mode would refuse (or defer) passes, marked `block` (with its
/// summary, added by `judged`) or `unchecked`; the outcome keeps what enforce would do.
pub fn advised(outcome: Outcome, message: &Message) -> Outcome {
    let would = match &outcome {
        Outcome::Accept { .. } => return outcome,
        Outcome::Reject { code, .. } if code == &[5, 5, 2] => "reject (too large)".to_string(),
        Outcome::Reject { .. } => "reject".to_string(),
        Outcome::Tempfail { why } => format!("tempfail ({why})"),
    };
    let mut changes = own_headers_removed(&message.headers);
    changes.extend(declarations_removed(message));
    changes.push(add(VERDICT_HEADER, "unchecked"));
    Outcome::Accept {
        verdict: Verdict::Pass,
        changes,
        removed: 0,
        would: Some(would),
    }
}

/// The value of the `name` header as a yes/no declaration.
fn declared(headers: &[(String, String)], name: &str) -> bool {
    headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .any(|(_, v)| {
            matches!(
                unfold(v).to_ascii_lowercase().as_str(),
                "yes" | "oui" | "true" | "1"
            )
        })
}

/// The declaration headers of a message from anyone but a configured submitter, deleted.
fn declarations_removed(message: &Message) -> Vec<Change> {
    if message.declares {
        return Vec::new();
    }
    let mut out = Vec::new();
    for name in DECLARATION_HEADERS {
        let count = message
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .count();
        // Last first: deleting one never renumbers those still to delete.
        for index in (1..=count).rev() {
            out.push(Change::Set {
                name: name.to_string(),
                index: u32::try_from(index).unwrap_or(u32::MAX),
                value: String::new(),
            });
        }
    }
    out
}

fn judged(pipeline: &Pipeline, mode: Mode, message: &Message) -> Outcome {
    if message.too_large {
        return Outcome::Reject {
            code: [5, 5, 2],
            status: [5, 3, 4],
            text: format!(
                "message trop volumineux pour etre verifie (limite : {} octets) : envoyez les pieces jointes separement.",
                pipeline.limits.max_input
            ),
        };
    }
    if message.recipients.is_empty() {
        return Outcome::tempfail("no recipient");
    }
    let bytes = message.to_bytes();
    let honoured = |name| message.declares && declared(&message.headers, name);
    let context = Context {
        from: (!message.sender.is_empty()).then(|| message.sender.clone()),
        to: message.recipients.clone(),
        care_team: honoured(CARE_TEAM_HEADER),
        consent: honoured(CONSENT_HEADER),
        opposition: honoured(OPPOSITION_HEADER),
        ..Context::default()
    };
    let name = Some("message.eml");
    let mut scratch = Scratch::default();
    let checked =
        match pipeline.check_to_minimise(&bytes, name, &context, Values::None, &mut scratch) {
            Ok(c) => c,
            Err(_) => return Outcome::tempfail("check failed"),
        };
    if checked.report.recipients.is_empty() {
        return Outcome::tempfail("undecided");
    }
    let report = &checked.report;
    crate::metrics::global().report("milter", report);
    let mut changes = own_headers_removed(&message.headers);
    changes.extend(declarations_removed(message));
    match report.verdict {
        Verdict::Block if mode == Mode::Advise => {
            let counts = removal_counts(report);
            changes.push(add(VERDICT_HEADER, "block"));
            changes.push(add(SUMMARY_HEADER, &counts_text(&counts)));
            Outcome::Accept {
                verdict: Verdict::Block,
                changes,
                removed: counts.values().sum(),
                would: Some("reject".into()),
            }
        }
        Verdict::Block => Outcome::Reject {
            code: [5, 5, 0],
            status: [5, 7, 1],
            text: block_text(report),
        },
        Verdict::Pass => {
            changes.push(add(VERDICT_HEADER, "pass"));
            Outcome::Accept {
                verdict: Verdict::Pass,
                changes,
                removed: 0,
                would: None,
            }
        }
        Verdict::Minimise => match mode {
            Mode::Advise => {
                let counts = removal_counts(report);
                changes.push(add(VERDICT_HEADER, "minimise"));
                changes.push(add(SUMMARY_HEADER, &counts_text(&counts)));
                Outcome::Accept {
                    verdict: Verdict::Minimise,
                    changes,
                    removed: counts.values().sum(),
                    would: Some("minimise".into()),
                }
            }
            Mode::Enforce => enforce(pipeline, &bytes, name, checked, message),
        },
    }
}

/// The minimised copy replaces the message: its body, and the headers that differ.
fn enforce(
    pipeline: &Pipeline,
    bytes: &[u8],
    name: Option<&str>,
    checked: crate::pipeline::Checked,
    message: &Message,
) -> Outcome {
    // The input as the judgement read it: not scanned a second time.
    let done = match pipeline.minimise(bytes, name, checked) {
        Ok(d) => d,
        Err(RedactError::Blocked { .. }) => {
            // The first check said minimise; a second reading that blocks is not trusted
            // either way: try again later.
            return Outcome::tempfail("verdict changed");
        }
        Err(RedactError::Limit(_)) => return Outcome::tempfail("redaction: limit"),
        Err(RedactError::NotDecided) => return Outcome::tempfail("redaction: undecided"),
        Err(RedactError::Unsupported { .. }) => return Outcome::tempfail("redaction: unsupported"),
        Err(RedactError::Rewrite { .. }) => return Outcome::tempfail("redaction: rewrite"),
        Err(RedactError::Leftover { .. }) => return Outcome::tempfail("redaction: leftover"),
    };
    if done.report.verdict != Verdict::Minimise {
        return Outcome::tempfail("verdict changed");
    }
    let Some((head, body)) = split_message(&done.bytes) else {
        return Outcome::tempfail("minimised copy unreadable");
    };
    let new_headers = parse_headers(head);
    let mut changes = own_headers_removed(&message.headers);
    changes.extend(declarations_removed(message));
    // The headers that arrived with the message and only tamis writes are deleted above; the
    // copy's own summary (`X-Tamis-Redaction`) is then added like any new header.
    // Declarations deleted above are left out of the comparison too.
    let deleted = |n: &str| {
        !message.declares
            && DECLARATION_HEADERS
                .iter()
                .any(|d| n.eq_ignore_ascii_case(d))
    };
    let old: Vec<(String, String)> = message
        .headers
        .iter()
        .filter(|(n, _)| !is_own_header(n) && !deleted(n))
        .cloned()
        .collect();
    let new: Vec<(String, String)> = new_headers
        .into_iter()
        .filter(|(n, _)| !is_milter_header(n) && !deleted(n))
        .collect();
    changes.extend(header_changes(&old, &new));
    changes.push(Change::Body(body.to_vec()));
    changes.push(add(VERDICT_HEADER, "minimise"));
    let removed: usize = done.summary.removed.values().sum();
    changes.push(add(SUMMARY_HEADER, &done.summary.counts()));
    Outcome::Accept {
        verdict: Verdict::Minimise,
        changes,
        removed,
        would: None,
    }
}

/// The value of the header `name` added by `changes` (empty when none).
fn added<'c>(changes: &'c [Change], name: &str) -> &'c str {
    changes
        .iter()
        .find_map(|c| match c {
            Change::Add { name: n, value } if n == name => Some(value.as_str()),
            _ => None,
        })
        .unwrap_or("")
}

fn add(name: &str, value: &str) -> Change {
    Change::Add {
        name: name.into(),
        value: value.into(),
    }
}

/// The headers only tamis writes: the milter's, and the minimised copy's summary.
fn is_own_header(name: &str) -> bool {
    is_milter_header(name) || name.eq_ignore_ascii_case(crate::redact::mail::SUMMARY_HEADER)
}

fn is_milter_header(name: &str) -> bool {
    name.eq_ignore_ascii_case(VERDICT_HEADER) || name.eq_ignore_ascii_case(SUMMARY_HEADER)
}

/// Deletes the `X-Tamis-Verdict`/`X-Tamis-Summary`/`X-Tamis-Redaction` headers the message
/// arrived with: a sender must not be able to pass a verdict of its own.
fn own_headers_removed(headers: &[(String, String)]) -> Vec<Change> {
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    let mut out = Vec::new();
    for (name, _) in headers {
        if is_own_header(name) {
            let key = name.to_ascii_lowercase();
            let n = seen.entry(key).or_insert(0);
            *n += 1;
            out.push(Change::Set {
                name: name.clone(),
                index: *n,
                value: String::new(),
            });
        }
    }
    // Last first: deleting one never renumbers those still to delete.
    out.reverse();
    out
}

/// The changes that turn the header list `old` into `new`, name by name: each occurrence that
/// differs is set, the extra ones are added, the missing ones deleted. Names compare without
/// case; values compare unfolded.
pub fn header_changes(old: &[(String, String)], new: &[(String, String)]) -> Vec<Change> {
    let mut names: Vec<String> = Vec::new();
    for (n, _) in old.iter().chain(new) {
        if !names.iter().any(|m| m.eq_ignore_ascii_case(n)) {
            names.push(n.clone());
        }
    }
    let mut out = Vec::new();
    for name in names {
        let of = |list: &[(String, String)]| -> Vec<String> {
            list.iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(&name))
                .map(|(_, v)| unfold(v))
                .collect()
        };
        let (before, after) = (of(old), of(new));
        let mut deleted = Vec::new();
        for i in 0..before.len().max(after.len()) {
            let index = u32::try_from(i + 1).unwrap_or(u32::MAX);
            match (before.get(i), after.get(i)) {
                (Some(b), Some(a)) if b == a => {}
                (Some(_), Some(a)) => out.push(Change::Set {
                    name: name.clone(),
                    index,
                    value: a.clone(),
                }),
                (Some(_), None) => deleted.push(Change::Set {
                    name: name.clone(),
                    index,
                    value: String::new(),
                }),
                (None, Some(a)) => out.push(add(&name, a)),
                (None, None) => {}
            }
        }
        // Last first: deleting one never renumbers those still to delete.
        out.extend(deleted.into_iter().rev());
    }
    out
}

/// A header value on one line: folding (a line end followed by blanks) becomes the blanks.
fn unfold(value: &str) -> String {
    value
        .replace("\r\n", "")
        .replace('\n', "")
        .trim()
        .to_string()
}

/// Splits a message at the blank line between header and body.
fn split_message(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let crlf = memchr::memmem::find(bytes, b"\r\n\r\n").map(|i| (i + 2, i + 4));
    let lf = memchr::memmem::find(bytes, b"\n\n").map(|i| (i + 1, i + 2));
    let (head_end, body_start) = match (crlf, lf) {
        (Some(a), Some(b)) => {
            if a.0 <= b.0 {
                a
            } else {
                b
            }
        }
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) => return None,
    };
    Some((bytes.get(..head_end)?, bytes.get(body_start..)?))
}

/// The header block as (name, raw value) pairs; continuation lines are kept inside the value.
fn parse_headers(head: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(head);
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.1.push_str(line);
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            out.push((name.trim().to_string(), value.trim_start().to_string()));
        }
    }
    for h in &mut out {
        h.1 = h.1.trim_end().to_string();
    }
    out
}

/// Values to remove per category (the report's findings whose action is `remove`).
fn removal_counts(report: &Report) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for f in &report.findings {
        if f.action == Some(FindingAction::Remove) {
            *counts.entry(f.category.as_str()).or_insert(0) += 1;
        }
    }
    counts
}

fn counts_text(counts: &BTreeMap<&'static str, usize>) -> String {
    counts
        .iter()
        .map(|(c, n)| format!("{c}={n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sentence of a `550 5.7.1`: the blocking rules and their messages (which name rules and
/// categories, never document values), on one line of ASCII for the SMTP reply.
pub fn block_text(report: &Report) -> String {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for d in &report.recipients {
        if d.verdict != Verdict::Block {
            continue;
        }
        for r in &d.reasons {
            if !seen.iter().any(|(rule, _)| *rule == r.rule) {
                seen.push((&r.rule, &r.message));
            }
        }
    }
    if seen.is_empty() {
        for r in &report.reasons {
            if !seen.iter().any(|(rule, _)| *rule == r.rule) {
                seen.push((&r.rule, &r.message));
            }
        }
    }
    let mut text = String::from("Envoi refuse par tamis");
    if seen.is_empty() {
        text.push_str(" : le message ne peut pas etre lu en entier (piece chiffree ou illisible).");
    }
    for (rule, message) in seen {
        text.push_str(&format!(" [{rule}] {message}"));
    }
    let mut line = ascii_line(&text);
    if line.len() > 400 {
        let mut cut = 397;
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        line.truncate(cut);
        line.push_str("...");
    }
    line
}

/// French text made safe for an SMTP reply line: accents dropped, no control characters, no
/// `%` (Postfix would read it as a format).
fn ascii_line(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkd()
        .filter_map(|c| match c {
            '\u{2019}' => Some('\''),
            '%' => Some(' '),
            c if c.is_ascii_control() => Some(' '),
            c if c.is_ascii() => Some(c),
            _ => None,
        })
        .collect()
}

/// The milter state of one SMTP connection to the MTA.
struct Session {
    /// The state in service; a transaction takes it at MAIL and keeps it to its end.
    live: Arc<Live<Config>>,
    config: Arc<Config>,
    message: Message,
    queue_id: String,
    in_flight: Arc<InFlight>,
    /// The MTA's client (from the connect command), for [`Submitters`].
    client: Option<std::net::IpAddr>,
    /// The SASL login of the transaction (`{auth_authen}` macro), if any.
    login: Option<String>,
}

impl Session {
    fn reset(&mut self) {
        self.message = Message::default();
        self.queue_id.clear();
        self.login = None;
    }
}

/// What a stop waits for: the transactions in progress on every connection.
#[derive(Default)]
struct Drain {
    /// Set on shutdown: new transactions are answered 451 (the MTA retries on the next start).
    stopping: AtomicBool,
    /// Transactions between MAIL and the moment their answer was sent to the MTA.
    busy: AtomicUsize,
}

/// One connection's part in the [`Drain`]: idle, in a transaction (from MAIL), or answered
/// (end of message judged, the answer not yet all sent to the MTA). Dropped with the connection.
struct InFlight {
    drain: Arc<Drain>,
    state: AtomicU8,
}

const IDLE: u8 = 0;
const BUSY: u8 = 1;
const ANSWERED: u8 = 2;

impl InFlight {
    fn begin(&self) {
        if self.state.swap(BUSY, Ordering::SeqCst) == IDLE {
            self.drain.busy.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn answered(&self) {
        let _ = self
            .state
            .compare_exchange(BUSY, ANSWERED, Ordering::SeqCst, Ordering::SeqCst);
    }

    /// The answer was sent to the MTA.
    fn delivered(&self) {
        if self
            .state
            .compare_exchange(ANSWERED, IDLE, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
        {
            self.drain.busy.fetch_sub(1, Ordering::SeqCst);
        }
    }

    fn end(&self) {
        if self.state.swap(IDLE, Ordering::SeqCst) != IDLE {
            self.drain.busy.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.end();
    }
}

/// The connection's stream, telling its [`InFlight`] when an answer has been sent: the
/// server (`miltr-server`) sends every frame of an answer before it reads again.
struct Watched<S> {
    inner: S,
    in_flight: Arc<InFlight>,
}

impl<S: tokio::io::AsyncRead + Unpin> tokio::io::AsyncRead for Watched<S> {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        // The server reads the MTA's next command only once every frame of an answer is sent.
        self.in_flight.delivered();
        std::pin::Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: tokio::io::AsyncWrite + Unpin> tokio::io::AsyncWrite for Watched<S> {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

impl Session {
    /// Runs `judge` off the async threads, bounded by the timeout; a panic or the timeout is a
    /// tempfail.
    async fn decide(&self) -> Outcome {
        let cfg = self.config.clone();
        let message = self.message.clone();
        let work = tokio::task::spawn_blocking(move || judge(&cfg.pipeline, cfg.mode, &message));
        let outcome = match tokio::time::timeout(self.config.timeout, work).await {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(_)) => Outcome::tempfail("internal error"),
            Err(_) => Outcome::tempfail("timeout"),
        };
        match self.config.mode {
            Mode::Advise => advised(outcome, &self.message),
            Mode::Enforce => outcome,
        }
    }
}

fn strip_brackets(address: &str) -> String {
    address
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string()
}

/// The milter answer for an outcome.
fn response(outcome: Outcome) -> ModificationResponse {
    match outcome {
        Outcome::Accept { changes, .. } => {
            let mut b = ModificationResponse::builder();
            for c in changes {
                match c {
                    Change::Add { name, value } => {
                        b.push(AddHeader::new(name.as_bytes(), value.as_bytes()))
                    }
                    Change::Set { name, index, value } => {
                        b.push(ChangeHeader::new(index, name.as_bytes(), value.as_bytes()))
                    }
                    Change::Body(body) => {
                        if body.is_empty() {
                            b.push(ReplaceBody::new(b""));
                        }
                        for chunk in body.chunks(BODY_CHUNK) {
                            b.push(ReplaceBody::new(chunk));
                        }
                    }
                }
            }
            b.contin()
        }
        Outcome::Reject { code, status, text } => {
            ModificationResponse::builder().build(Replycode::new(code, status, &text))
        }
        Outcome::Tempfail { .. } => ModificationResponse::builder().build(Replycode::new(
            [4, 5, 1],
            [4, 7, 1],
            "verification impossible pour le moment (tamis) : le message sera renvoye automatiquement",
        )),
    }
}

#[async_trait]
impl Milter for Session {
    type Error = std::convert::Infallible;

    async fn connect(
        &mut self,
        connect: miltr_common::commands::Connect,
    ) -> Result<Action, Self::Error> {
        self.client = connect.address().trim().parse().ok();
        Ok(Continue.into())
    }

    async fn macro_(&mut self, m: Macro) -> Result<(), Self::Error> {
        for (name, value) in m.macros() {
            if name == b"{auth_authen}" {
                self.login = Some(String::from_utf8_lossy(value).trim().to_string())
                    .filter(|l| !l.is_empty());
            }
            if name == b"i" || name == b"{i}" {
                self.queue_id = String::from_utf8_lossy(value)
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric())
                    .take(32)
                    .collect();
            }
        }
        Ok(())
    }

    async fn mail(&mut self, mail: Mail) -> Result<Action, Self::Error> {
        if self.in_flight.drain.stopping.load(Ordering::SeqCst) {
            // Stopping: the MTA keeps the message and retries (on the next start).
            return Ok(Replycode::new([4, 5, 1], [4, 7, 1], STOPPING).into());
        }
        self.in_flight.begin();
        // The state in service now, kept to the end of this message (a reload meanwhile
        // applies to the next one).
        self.config = self.live.get();
        // A new transaction on the same connection starts from nothing.
        self.message = Message {
            sender: strip_brackets(&mail.sender()),
            ..Message::default()
        };
        Ok(Continue.into())
    }

    async fn rcpt(&mut self, rcpt: Recipient) -> Result<Action, Self::Error> {
        self.message
            .recipients
            .push(strip_brackets(&rcpt.recipient()));
        Ok(Continue.into())
    }

    async fn header(&mut self, header: Header) -> Result<Action, Self::Error> {
        let m = &mut self.message;
        let size = header.name().len() + header.value().len() + 4;
        let held: usize = m.headers.iter().map(|(n, v)| n.len() + v.len() + 4).sum();
        // Headers count against the same limit as the body.
        if held + size > self.config.pipeline.limits.max_input {
            m.too_large = true;
        } else {
            m.headers
                .push((header.name().into_owned(), header.value().into_owned()));
        }
        Ok(Continue.into())
    }

    async fn body(&mut self, body: Body) -> Result<Action, Self::Error> {
        let limit = self.config.pipeline.limits.max_input;
        let m = &mut self.message;
        let headers: usize = m.headers.iter().map(|(n, v)| n.len() + v.len() + 4).sum();
        if m.too_large || headers + m.body.len() + body.as_bytes().len() > limit {
            m.too_large = true;
            m.body = Vec::new();
        } else {
            m.body.extend_from_slice(body.as_bytes());
        }
        Ok(Continue.into())
    }

    async fn end_of_body(&mut self) -> Result<ModificationResponse, Self::Error> {
        let started = Instant::now();
        self.message.declares = self
            .config
            .submitters
            .trust(self.client, self.login.as_deref());
        let outcome = self.decide().await;
        let removed = match &outcome {
            Outcome::Accept { removed, .. } => *removed,
            _ => 0,
        };
        let queue_id = if self.queue_id.is_empty() {
            "-"
        } else {
            &self.queue_id
        };
        let (recipients, ms) = (self.message.recipients.len(), started.elapsed().as_millis());
        let metrics = crate::metrics::global();
        let verdict = match &outcome {
            Outcome::Accept {
                changes, verdict, ..
            } => match added(changes, VERDICT_HEADER) {
                "" => verdict.as_str(),
                v => v,
            },
            Outcome::Reject { code, .. } if code == &[5, 5, 0] => "block",
            Outcome::Reject { .. } => "too_large",
            Outcome::Tempfail { why } => {
                metrics.add("tamis_tempfails_total", &[("why", why)], 1);
                "tempfail"
            }
        };
        if let Outcome::Accept {
            would: Some(would), ..
        } = &outcome
            && let Some(why) = would.strip_prefix("tempfail (")
        {
            // Advise mode passed it unchecked: still an error to count.
            metrics.add(
                "tamis_errors_total",
                &[("front", "milter"), ("kind", why.trim_end_matches(')'))],
                1,
            );
        }
        if let Outcome::Tempfail { why } = &outcome {
            metrics.add(
                "tamis_errors_total",
                &[("front", "milter"), ("kind", why)],
                1,
            );
        }
        metrics.check("milter", verdict, started.elapsed().as_secs_f64());
        // One line per message: the queue id ties it to the MTA's log; counts only.
        if let Outcome::Accept {
            would: Some(would), ..
        } = &outcome
        {
            tracing::info!(queue_id = %queue_id, verdict = %outcome.label(), enforce = %would, recipients, removed, ms = ms as u64, "message checked (advise)");
        } else if matches!(outcome, Outcome::Tempfail { .. }) {
            tracing::warn!(queue_id = %queue_id, verdict = %outcome.label(), recipients, removed, ms = ms as u64, "message deferred");
        } else {
            tracing::info!(queue_id = %queue_id, verdict = %outcome.label(), recipients, removed, ms = ms as u64, "message checked");
        }
        self.reset();
        self.in_flight.answered();
        Ok(response(outcome))
    }

    async fn abort(&mut self) -> Result<(), Self::Error> {
        self.reset();
        self.in_flight.end();
        Ok(())
    }
}

/// Where the milter listens: `inet:HOST:PORT` or `unix:/path`.
pub enum Listener {
    Tcp(tokio::net::TcpListener),
    #[cfg(unix)]
    Unix(tokio::net::UnixListener),
}

impl Listener {
    /// Binds `spec` (`inet:127.0.0.1:7357`, `unix:/run/tamis.sock`, or a bare `HOST:PORT`).
    pub async fn bind(spec: &str) -> std::io::Result<Listener> {
        #[cfg(unix)]
        if let Some(path) = spec.strip_prefix("unix:").or(spec.strip_prefix("local:")) {
            // A socket left by a previous run is replaced; anything else at that path is not.
            use std::os::unix::fs::FileTypeExt;
            if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_socket()) {
                std::fs::remove_file(path)?;
            }
            return Ok(Listener::Unix(tokio::net::UnixListener::bind(path)?));
        }
        let addr = spec.strip_prefix("inet:").unwrap_or(spec);
        Ok(Listener::Tcp(tokio::net::TcpListener::bind(addr).await?))
    }

    /// The address, for the start-up line.
    pub fn describe(&self) -> String {
        match self {
            Listener::Tcp(l) => l
                .local_addr()
                .map(|a| format!("inet:{a}"))
                .unwrap_or_else(|_| "inet:?".into()),
            #[cfg(unix)]
            Listener::Unix(l) => l
                .local_addr()
                .ok()
                .and_then(|a| a.as_pathname().map(|p| format!("unix:{}", p.display())))
                .unwrap_or_else(|| "unix:?".into()),
        }
    }
}

/// Serves milter connections on `listener` until `shutdown` resolves; each connection runs on
/// its own task with its own state. `config` may be swapped while it serves (SIGHUP): each
/// message is judged with the state in service at its MAIL command. On shutdown the listener closes (the MTA's next
/// connections fail, and with `milter_default_action = tempfail` their mail waits), new
/// transactions on open connections are answered 451, and the messages in progress are
/// finished and answered — for at most the check timeout — before it returns.
pub async fn serve(
    listener: Listener,
    config: Arc<Live<Config>>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let drain = Arc::new(Drain::default());
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = accept(&listener) => match accepted {
                Ok(Stream::Tcp(s)) => spawn_session(config.clone(), drain.clone(), s),
                #[cfg(unix)]
                Ok(Stream::Unix(s)) => spawn_session(config.clone(), drain.clone(), s),
                Err(e) => {
                    tracing::warn!(error = ?e.kind(), "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
        }
    }
    drain.stopping.store(true, Ordering::SeqCst);
    drop(listener);
    let deadline = Instant::now() + config.get().timeout;
    let waiting = drain.busy.load(Ordering::SeqCst);
    while drain.busy.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tracing::info!(
        waited_for = waiting,
        cut = drain.busy.load(Ordering::SeqCst),
        "stopped"
    );
    Ok(())
}

enum Stream {
    Tcp(tokio::net::TcpStream),
    #[cfg(unix)]
    Unix(tokio::net::UnixStream),
}

async fn accept(listener: &Listener) -> std::io::Result<Stream> {
    match listener {
        Listener::Tcp(l) => {
            let (stream, _) = l.accept().await?;
            // Nagle's algorithm off: each reply is a small write, and waiting for Postfix's
            // delayed ACK would add up to 40 ms to the end of DATA.
            if let Err(e) = stream.set_nodelay(true) {
                tracing::debug!(error = ?e.kind(), "TCP_NODELAY not set");
            }
            Ok(Stream::Tcp(stream))
        }
        #[cfg(unix)]
        Listener::Unix(l) => Ok(Stream::Unix(l.accept().await?.0)),
    }
}

fn spawn_session<S>(live: Arc<Live<Config>>, drain: Arc<Drain>, stream: S)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    tokio::spawn(async move {
        let in_flight = Arc::new(InFlight {
            drain,
            state: AtomicU8::new(IDLE),
        });
        let mut session = Session {
            config: live.get(),
            live,
            message: Message::default(),
            queue_id: String::new(),
            in_flight: in_flight.clone(),
            client: None,
            login: None,
        };
        let stream = Watched {
            inner: stream,
            in_flight,
        };
        let mut server = Server::default_postfix(&mut session);
        if let Err(e) = server.handle_connection(&mut stream.compat()).await {
            // The error's text may quote protocol bytes: its kind only.
            let kind = match e {
                miltr_server::Error::Io(e) => format!("io {:?}", e.kind()),
                miltr_server::Error::Codec(_) => "protocol".into(),
                miltr_server::Error::Impl { .. } => "internal".into(),
            };
            tracing::warn!(error = %kind, "connection ended with an error");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(n: &str, v: &str) -> (String, String) {
        (n.into(), v.into())
    }

    #[tokio::test]
    async fn accepted_tcp_connections_do_not_wait_for_acks() {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        let listener = Listener::Tcp(l);
        let client = tokio::spawn(tokio::net::TcpStream::connect(addr));
        let Stream::Tcp(stream) = accept(&listener).await.unwrap() else {
            panic!("a TCP stream");
        };
        assert!(stream.nodelay().unwrap());
        drop(client.await);
    }

    #[test]
    fn submitters_are_trusted_by_network_or_login_only() {
        let net = |s: &str| s.parse::<Network>().unwrap();
        let s = Submitters {
            networks: vec![net("10.1.0.0/16"), net("2001:db8::/32"), net("192.0.2.7")],
            logins: vec!["logiciel-dpi".into()],
        };
        let ip = |s: &str| Some(s.parse::<std::net::IpAddr>().unwrap());
        assert!(s.trust(ip("10.1.255.3"), None));
        assert!(!s.trust(ip("10.2.0.1"), None));
        assert!(s.trust(ip("::ffff:10.1.0.9"), None), "IPv4-mapped");
        assert!(s.trust(ip("2001:db8:1::5"), None));
        assert!(!s.trust(ip("2001:db9::5"), None));
        assert!(s.trust(ip("192.0.2.7"), None) && !s.trust(ip("192.0.2.8"), None));
        assert!(s.trust(None, Some("logiciel-dpi")));
        assert!(!s.trust(None, Some("autre")) && !s.trust(None, Some("")) && !s.trust(None, None));
        let any = Submitters {
            logins: vec!["*".into()],
            ..Submitters::default()
        };
        assert!(any.trust(None, Some("quelqu-un")) && !any.trust(ip("10.1.0.1"), None));
        assert!(net("0.0.0.0/0").contains("203.0.113.9".parse().unwrap()));
        for bad in ["10.1.0.0/33", "10.1.0", "x/8", "::/129"] {
            assert!(bad.parse::<Network>().is_err(), "{bad}");
        }
    }

    #[test]
    fn changed_headers_are_set_added_or_deleted_by_name() {
        let old = vec![
            h("Subject", "Suivi de Mme Martin"),
            h("Content-Type", "multipart/mixed; boundary=\"a\""),
            h("Content-Transfer-Encoding", "8bit"),
            h("To", "x@y.fr"),
        ];
        let new = vec![
            h("Subject", "Suivi de [retiré : nom]"),
            h("Content-Type", "multipart/mixed;\r\n boundary=\"b\""),
            h("To", "x@y.fr"),
            h("MIME-Version", "1.0"),
        ];
        let changes = header_changes(&old, &new);
        assert_eq!(
            changes,
            vec![
                Change::Set {
                    name: "Subject".into(),
                    index: 1,
                    value: "Suivi de [retiré : nom]".into()
                },
                Change::Set {
                    name: "Content-Type".into(),
                    index: 1,
                    value: "multipart/mixed; boundary=\"b\"".into()
                },
                Change::Set {
                    name: "Content-Transfer-Encoding".into(),
                    index: 1,
                    value: String::new()
                },
                add("MIME-Version", "1.0"),
            ]
        );
    }

    #[test]
    fn a_verdict_header_sent_by_the_sender_is_deleted() {
        let headers = vec![
            h("X-Tamis-Verdict", "pass"),
            h("Subject", "s"),
            h("x-tamis-verdict", "pass"),
        ];
        let changes = own_headers_removed(&headers);
        assert_eq!(changes.len(), 2);
        assert!(matches!(&changes[0], Change::Set { index: 2, value, .. } if value.is_empty()));
        assert!(matches!(&changes[1], Change::Set { index: 1, value, .. } if value.is_empty()));
    }

    #[test]
    fn the_reply_line_is_ascii_without_percent_signs() {
        let line = ascii_line("Cette adresse n’appartient pas à l'espace de confiance : 100 %");
        assert_eq!(
            line,
            "Cette adresse n'appartient pas a l'espace de confiance : 100  "
        );
    }

    #[test]
    fn a_message_splits_at_its_first_blank_line() {
        let (head, body) = split_message(b"A: 1\r\nB: 2\r\n\r\nbody\r\n\r\nmore").unwrap();
        assert_eq!(head, b"A: 1\r\nB: 2\r\n");
        assert_eq!(body, b"body\r\n\r\nmore");
        assert_eq!(
            parse_headers(b"A: 1\r\nB: 2\r\n  suite\r\n"),
            vec![h("A", "1"), h("B", "2\r\n  suite")]
        );
    }
}
