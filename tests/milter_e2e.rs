//! `tamis milter`: its judgement on messages as the MTA hands them over (envelope, headers, body),
//! then the whole gateway behind a real Postfix on loopback (`scripts/ci/postfix_e2e.sh`).

use crate::common::directory_pipeline as pipeline;
use std::path::Path;
use std::process::Command;
use tamis::milter::{Change, Message, Mode, Outcome, judge};
use tamis::pipeline::Pipeline;

const SENDER: &str = "secretariat.medical@ch-exemple.mssante.fr";
const COLLEAGUE: &str = "interne.pediatrie@ch-exemple.mssante.fr";
const OUTSIDER: &str = "famille.dupuis@gmail.com";

/// A corpus text sent as a plain e-mail, as Postfix hands it to the milter.
fn message(text: &str, to_header: &str, purpose: &str, rcpts: &[&str]) -> Message {
    let body = std::fs::read_to_string(format!("corpus/text/{text}.txt"))
        .unwrap()
        .replace('\n', "\r\n");
    let h = |n: &str, v: &str| (n.to_string(), v.to_string());
    Message {
        sender: SENDER.into(),
        recipients: rcpts.iter().map(|r| r.to_string()).collect(),
        headers: vec![
            h("From", SENDER),
            h("To", to_header),
            h("Subject", "Compte rendu"),
            h("X-Tamis-Purpose", purpose),
            h("MIME-Version", "1.0"),
            h("Content-Type", "text/plain; charset=utf-8"),
            h("Content-Transfer-Encoding", "8bit"),
        ],
        body: body.into_bytes(),
        too_large: false,
        declares: false,
    }
}

fn added(changes: &[Change], name: &str) -> Vec<String> {
    changes
        .iter()
        .filter_map(|c| match c {
            Change::Add { name: n, value } if n == name => Some(value.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_letter_for_a_colleague_of_the_care_team_passes_with_the_verdict_header_only() {
    let m = message(
        "consultation_cardiologie",
        COLLEAGUE,
        "care_coordination",
        &[COLLEAGUE],
    );
    let Outcome::Accept { changes, .. } = judge(pipeline(), Mode::Enforce, &m) else {
        panic!("not accepted");
    };
    assert_eq!(
        changes,
        vec![Change::Add {
            name: "X-Tamis-Verdict".into(),
            value: "pass".into()
        }]
    );
}

#[test]
fn a_bcc_outside_the_trust_space_blocks_the_message_with_the_rule_and_a_french_reason() {
    // The headers name a colleague only: the envelope is the truth.
    let m = message(
        "consultation_cardiologie",
        COLLEAGUE,
        "care_coordination",
        &[COLLEAGUE, OUTSIDER],
    );
    let Outcome::Reject { code, status, text } = judge(pipeline(), Mode::Enforce, &m) else {
        panic!("not rejected");
    };
    assert_eq!((code, status), ([5, 5, 0], [5, 7, 1]));
    assert!(text.contains("[trust_space]") && text.contains("espace de confiance"));
    assert!(text.is_ascii() && text.len() <= 400 && !text.contains('%'));
    // No value found in the message is in the reply (the reply is ASCII: compare folded).
    let checked = pipeline()
        .check(
            &m.to_bytes(),
            None,
            &tamis::context::Context::default(),
            tamis::report::Values::Clear,
            &mut tamis::scan::Scratch::default(),
        )
        .unwrap();
    let fold = |t: &str| {
        use unicode_normalization::UnicodeNormalization;
        t.nfkd().filter(char::is_ascii).collect::<String>()
    };
    let values: Vec<String> = checked
        .report
        .findings
        .iter()
        .filter_map(|f| f.text.as_deref().map(fold))
        .filter(|v| v.len() > 3)
        .collect();
    assert!(values.len() > 10);
    for v in &values {
        assert!(!text.contains(v.as_str()), "the reply quotes a value");
    }
}

#[test]
fn in_advise_mode_a_message_to_minimise_goes_as_it_is_with_counts_per_category() {
    let m = message(
        "consultation_cardiologie",
        COLLEAGUE,
        "administrative",
        &[COLLEAGUE],
    );
    let Outcome::Accept {
        changes, removed, ..
    } = judge(pipeline(), Mode::Advise, &m)
    else {
        panic!("not accepted");
    };
    assert!(!changes.iter().any(|c| matches!(c, Change::Body(_))));
    assert_eq!(added(&changes, "X-Tamis-Verdict"), ["minimise"]);
    let summary = added(&changes, "X-Tamis-Summary");
    assert_eq!(summary.len(), 1);
    assert!(summary[0].contains("diagnosis=3"), "{summary:?}");
    let total: usize = summary[0]
        .split(", ")
        .filter_map(|kv| kv.split_once('=')?.1.parse::<usize>().ok())
        .sum();
    assert_eq!(total, removed);
}

/// Advise mode is the observation phase: a message enforce mode would refuse passes, marked
/// `block` with its summary, and the outcome says what enforce would have done; one too large
/// to check passes marked `unchecked`.
#[test]
fn in_advise_mode_every_message_passes_with_its_headers_and_what_enforce_would_do() {
    let m = message(
        "consultation_cardiologie",
        COLLEAGUE,
        "care_coordination",
        &[COLLEAGUE, OUTSIDER],
    );
    assert!(matches!(
        judge(pipeline(), Mode::Enforce, &m),
        Outcome::Reject { .. }
    ));
    let Outcome::Accept { changes, would, .. } = judge(pipeline(), Mode::Advise, &m) else {
        panic!("not accepted in advise mode");
    };
    assert!(!changes.iter().any(|c| matches!(c, Change::Body(_))));
    assert_eq!(added(&changes, "X-Tamis-Verdict"), ["block"]);
    assert_eq!(added(&changes, "X-Tamis-Summary").len(), 1);
    assert_eq!(would.as_deref(), Some("reject"));
    let mut big = m.clone();
    big.too_large = true;
    big.body.clear();
    let Outcome::Accept { changes, would, .. } = judge(pipeline(), Mode::Advise, &big) else {
        panic!("not accepted in advise mode");
    };
    assert_eq!(added(&changes, "X-Tamis-Verdict"), ["unchecked"]);
    assert_eq!(would.as_deref(), Some("reject (too large)"));
    // What passes in enforce mode passes the same way, with nothing to report.
    let ok = message(
        "consultation_cardiologie",
        COLLEAGUE,
        "care_coordination",
        &[COLLEAGUE],
    );
    assert_eq!(
        judge(pipeline(), Mode::Advise, &ok),
        judge(pipeline(), Mode::Enforce, &ok)
    );
}

/// `X-Tamis-Opposition`, `-Consent`, `-Care-Team` are the care software's declarations: from a
/// configured submitter they count (an opposition blocks), from anyone else they are deleted
/// and do not count.
#[test]
fn declaration_headers_count_only_from_configured_submitters_and_are_deleted_otherwise() {
    let mut m = message(
        "consultation_cardiologie",
        COLLEAGUE,
        "care_coordination",
        &[COLLEAGUE],
    );
    m.headers.push(("X-Tamis-Opposition".into(), "oui".into()));
    m.headers.push(("X-Tamis-Consent".into(), "yes".into()));
    m.declares = true;
    let Outcome::Reject { text, .. } = judge(pipeline(), Mode::Enforce, &m) else {
        panic!("the declared opposition was not honoured");
    };
    assert!(text.contains("[opposition]"), "{text}");
    m.declares = false;
    let Outcome::Accept { changes, .. } = judge(pipeline(), Mode::Enforce, &m) else {
        panic!("an undeclared opposition was honoured");
    };
    let deleted: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Set { name, value, .. } if value.is_empty() => Some(name.as_str()),
            _ => None,
        })
        .collect();
    assert!(deleted.contains(&"X-Tamis-Opposition"), "{changes:?}");
    assert!(deleted.contains(&"X-Tamis-Consent"), "{changes:?}");
    assert_eq!(added(&changes, "X-Tamis-Verdict"), ["pass"]);
    // "non" is no declaration, even from a submitter.
    m.declares = true;
    m.headers.retain(|(n, _)| n != "X-Tamis-Opposition");
    m.headers.push(("X-Tamis-Opposition".into(), "non".into()));
    assert!(matches!(
        judge(pipeline(), Mode::Enforce, &m),
        Outcome::Accept { .. }
    ));
}

/// Enforce mode sends what `Pipeline::redact` makes of the message.
#[test]
fn in_enforce_mode_a_message_to_minimise_is_replaced_by_the_minimised_copy() {
    let m = message(
        "consultation_cardiologie",
        COLLEAGUE,
        "administrative",
        &[COLLEAGUE],
    );
    let context = tamis::context::Context {
        from: Some(SENDER.into()),
        to: vec![COLLEAGUE.into()],
        ..Default::default()
    };
    let done = pipeline()
        .redact(
            &m.to_bytes(),
            Some("message.eml"),
            &context,
            tamis::report::Values::None,
        )
        .unwrap();
    let Outcome::Accept {
        changes, removed, ..
    } = judge(pipeline(), Mode::Enforce, &m)
    else {
        panic!("not accepted");
    };
    let body: Vec<u8> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Body(b) => Some(b.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(!body.is_empty() && done.bytes.ends_with(&body));
    assert_ne!(body, m.body);
    assert_eq!(removed, done.summary.removed.values().sum::<usize>());
    assert_eq!(added(&changes, "X-Tamis-Verdict"), ["minimise"]);
}

#[test]
fn a_message_with_no_recipient_in_its_envelope_is_tempfailed() {
    let m = message(
        "consultation_cardiologie",
        COLLEAGUE,
        "care_coordination",
        &[],
    );
    assert!(matches!(
        judge(pipeline(), Mode::Enforce, &m),
        Outcome::Tempfail { .. }
    ));
}

#[test]
fn a_message_beyond_the_input_limit_is_refused_for_good_with_552() {
    let mut m = message(
        "consultation_cardiologie",
        COLLEAGUE,
        "care_coordination",
        &[COLLEAGUE],
    );
    m.too_large = true;
    m.body.clear();
    let Outcome::Reject { code, status, .. } = judge(pipeline(), Mode::Enforce, &m) else {
        panic!("not rejected");
    };
    assert_eq!((code, status), ([5, 5, 2], [5, 3, 4]));
}

/// Can the Postfix end-to-end tests run here (root, postfix, python3)? When they cannot, they
/// return early with a printed line, unless TAMIS_REQUIRE_TOOLS=1.
fn postfix_can_run() -> bool {
    let what = "the Postfix end-to-end test";
    if !crate::common::tool("postfix", what) || !crate::common::tool("python3", what) {
        return false;
    }
    let root = Command::new("id").arg("-u").output().unwrap();
    if String::from_utf8_lossy(&root.stdout).trim() != "0" {
        assert!(
            !crate::common::tools_required(),
            "{what} needs root (TAMIS_REQUIRE_TOOLS=1)"
        );
        crate::common::skipped(what, "it needs root (a private Postfix instance)");
        return false;
    }
    true
}

/// Runs `scripts/ci/postfix_e2e.sh` with the `tamis` binary and `extra` arguments; passes when
/// every case of its check script passed.
fn postfix_e2e(extra: &[&str]) {
    let out = Command::new("bash")
        .arg("scripts/ci/postfix_e2e.sh")
        .arg(assert_cmd::cargo::cargo_bin("tamis"))
        .args(extra)
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stdout);
    println!("{log}{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "the Postfix end-to-end cases failed");
    assert!(log.contains(" passed, 0 failed"));
}

/// The gateway end to end: a private Postfix on loopback with `smtpd_milters` and
/// `milter_default_action = tempfail`, messages from the corpus over SMTP, the Maildir checked
/// (see `scripts/ci/postfix_e2e_check.py` for the cases). Needs root, postfix and python3.
#[test]
fn postfix_with_the_milter_delivers_untouched_minimised_or_refuses_and_tempfails_when_it_is_down() {
    if postfix_can_run() {
        postfix_e2e(&[]);
    }
}

/// The gateway's faults behind the real Postfix (`scripts/ci/postfix_faults_check.py`): the
/// milter killed mid-message, frozen beyond Postfix's milter timeouts (Postfix's connect, its
/// first command, the message), and stopped and restarted three times under a load of 300
/// messages from concurrent senders that retry like an MTA. No message is lost, none is
/// delivered unscanned or twice, and mail flows again once the milter is back.
#[test]
fn postfix_with_a_killed_frozen_or_restarted_milter_loses_nothing_and_delivers_nothing_unscanned() {
    if postfix_can_run() {
        postfix_e2e(&["faults"]);
    }
}

/// Reload under load behind the real Postfix (`scripts/ci/postfix_reload_check.py`): 120
/// messages of the corpus mix from 8 concurrent senders while SIGHUP reloads the milter's
/// configuration file, first a broken one (advise mode and a missing directory: refused, logged,
/// the enforce state stays), then a good one (advise mode). Every message ends delivered once
/// with its verdict header or refused with 550, none lost, no 4xx; the messages ended before
/// the good reload met the old state, those begun after it the new one.
#[test]
fn postfix_with_the_milter_reloaded_under_load_keeps_the_old_state_on_a_broken_file_and_applies_a_good_one()
 {
    if postfix_can_run() {
        postfix_e2e(&["reload"]);
    }
}

/// A corpus e-mail as Postfix hands it over: headers (values without the leading space,
/// folding kept) and the body as it travels.
fn eml(path: &str, extra: &[(&str, &str)], rcpts: &[&str]) -> Message {
    let raw = std::fs::read(path).unwrap();
    let raw = String::from_utf8_lossy(&raw).replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap();
    let mut headers: Vec<(String, String)> = extra
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    for line in head.split('\n') {
        if line.starts_with([' ', '\t']) {
            let last = headers.last_mut().unwrap();
            last.1.push_str("\r\n");
            last.1.push_str(line);
        } else if let Some((n, v)) = line.split_once(':') {
            headers.push((n.to_string(), v.trim_start().to_string()));
        }
    }
    Message {
        sender: SENDER.into(),
        recipients: rcpts.iter().map(|r| r.to_string()).collect(),
        headers,
        body: body.replace('\n', "\r\n").into_bytes(),
        too_large: false,
        declares: false,
    }
}

#[test]
fn in_enforce_mode_the_headers_that_the_minimised_copy_changed_are_changed_too() {
    let m = eml(
        "corpus/mail/02_latin1_qp.eml",
        &[
            ("X-Tamis-Purpose", "administrative"),
            ("X-Tamis-Verdict", "pass"),
        ],
        &[COLLEAGUE],
    );
    let Outcome::Accept { changes, .. } = judge(pipeline(), Mode::Enforce, &m) else {
        panic!("not accepted");
    };
    let set = |name: &str| {
        changes.iter().find_map(|c| match c {
            Change::Set {
                name: n,
                index: 1,
                value,
            } if n.eq_ignore_ascii_case(name) => Some(value.clone()),
            _ => None,
        })
    };
    // The forged verdict is deleted, the diagnosis leaves the Subject, the body is re-encoded
    // as UTF-8; From, To, Date are left alone.
    assert_eq!(set("X-Tamis-Verdict").as_deref(), Some(""));
    let subject = set("Subject").expect("Subject changed");
    assert!(subject.starts_with("=?utf-8?") && !subject.contains("diab"));
    assert!(set("Content-Type").unwrap().contains("utf-8"));
    for kept in ["From", "To", "Date", "Message-ID"] {
        assert_eq!(set(kept), None, "{kept} changed");
    }
    assert_eq!(added(&changes, "X-Tamis-Verdict"), ["minimise"]);
    assert_eq!(added(&changes, "X-Tamis-Redaction").len(), 1);
    assert!(
        changes
            .iter()
            .any(|c| matches!(c, Change::Body(b) if !b.is_empty()))
    );
}

/// The milter protocol without Postfix: `miltr-client` (the MTA's side) against the milter served
/// in process, one connection per message.
pub(crate) mod protocol {
    use super::*;
    use miltr_client::Client;
    use miltr_common::actions::Action;
    use miltr_common::commands::{Connect, Family, Header};
    use miltr_common::modifications::{ModificationAction, ModificationResponse};
    use miltr_common::optneg::OptNeg;
    use tokio_util::compat::TokioAsyncReadCompatExt;

    type Connection<'a> =
        miltr_client::Connection<&'a mut tokio_util::compat::Compat<tokio::net::TcpStream>>;

    /// Sends a message's envelope, headers and body on a connection, all but its end.
    async fn send_up_to_end(c: &mut Connection<'_>, m: &Message) {
        c.mail(format!("<{}>", m.sender).as_bytes()).await.unwrap();
        for r in &m.recipients {
            c.recipient(format!("<{r}>").as_bytes()).await.unwrap();
        }
        c.data().await.unwrap();
        for (n, v) in &m.headers {
            c.header(Header::new(n.as_bytes(), v.as_bytes()))
                .await
                .unwrap();
        }
        c.end_of_header().await.unwrap();
        for chunk in m.body.chunks(8000) {
            c.body(chunk).await.unwrap();
        }
    }

    /// Sends one message (envelope, headers, body) and returns the milter's answer at its end.
    pub(crate) async fn exchange(addr: std::net::SocketAddr, m: &Message) -> ModificationResponse {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap().compat();
        let client = Client::new(OptNeg::default());
        let mut c = client.connect_via(&mut stream).await.unwrap();
        c.connect(Connect::new(b"localhost", Family::Inet, None, b"127.0.0.1"))
            .await
            .unwrap();
        c.helo(b"localhost".as_slice()).await.unwrap();
        send_up_to_end(&mut c, m).await;
        let answer = c.end_of_body().await.unwrap();
        c.quit().await.unwrap();
        answer
    }

    type Running = (
        std::net::SocketAddr,
        tokio::sync::oneshot::Sender<()>,
        tokio::task::JoinHandle<std::io::Result<()>>,
        std::sync::Arc<tamis::live::Live<tamis::milter::Config>>,
    );

    /// The milter's state with the corpus directory, in `mode`.
    fn config(mode: Mode) -> tamis::milter::Config {
        let mut directory = tamis::recipients::Directory::new();
        directory
            .load_csv(Path::new("corpus/directory/annuaire.csv"))
            .unwrap();
        tamis::milter::Config {
            pipeline: Pipeline::new(tamis::decide::Setup {
                policy: tamis::policy::Policy::default(),
                directory,
            })
            .unwrap(),
            mode,
            timeout: std::time::Duration::from_secs(30),
            submitters: tamis::milter::Submitters::default(),
        }
    }

    /// The milter served in process on a free port, with the corpus directory; stopped by the
    /// sender.
    async fn start() -> Running {
        let listener = tamis::milter::Listener::bind("inet:127.0.0.1:0")
            .await
            .unwrap();
        let addr: std::net::SocketAddr = listener
            .describe()
            .trim_start_matches("inet:")
            .parse()
            .unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let live = std::sync::Arc::new(tamis::live::Live::new(config(Mode::Enforce)));
        let server = tokio::spawn(tamis::milter::serve(listener, live.clone(), async {
            let _ = stopped.await;
        }));
        (addr, stop, server, live)
    }

    /// `tamis milter --metrics-listen`: the counters of what it judged, scraped over HTTP.
    #[test]
    fn the_milter_binary_serves_its_metrics_for_scraping() {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tamis"))
            .args([
                "milter",
                "--listen",
                "inet:127.0.0.1:0",
                "--metrics-listen",
                "127.0.0.1:0",
                "--directory",
                "corpus/directory/annuaire.csv",
            ])
            .env_remove("TAMIS_LOG")
            .env_remove("TAMIS_CONFIG")
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let (_log, lines) = crate::serve::keep_log(child.stderr.take().unwrap());
        let (mut milter, mut metrics) = (None, None);
        while milter.is_none() || metrics.is_none() {
            let line = lines
                .recv_timeout(std::time::Duration::from_secs(60))
                .expect("the milter did not start");
            if let Some((_, a)) = line.split_once("milter listening address=inet:") {
                milter = Some(a.trim().parse::<std::net::SocketAddr>().unwrap());
            }
            if let Some((_, a)) = line.split_once("metrics listening address=") {
                metrics = Some(a.trim().to_string());
            }
        }
        let (milter, metrics) = (milter.unwrap(), metrics.unwrap());
        let rt = tokio::runtime::Runtime::new().unwrap();
        for rcpts in [&[COLLEAGUE][..], &[COLLEAGUE, OUTSIDER][..]] {
            let m = message(
                "consultation_cardiologie",
                COLLEAGUE,
                "care_coordination",
                rcpts,
            );
            rt.block_on(exchange(milter, &m));
        }
        let mut answer = crate::serve::agent().get(&metrics).call().unwrap();
        let text = answer.body_mut().read_to_string().unwrap();
        let _ = child.kill();
        let _ = child.wait();
        for line in [
            "tamis_checks_total{front=\"milter\",verdict=\"pass\"} 1",
            "tamis_checks_total{front=\"milter\",verdict=\"block\"} 1",
            "tamis_rules_total{front=\"milter\",rule=\"trust_space\"} 1",
            "tamis_check_seconds_count{front=\"milter\"} 2",
        ] {
            assert!(text.contains(&format!("{line}\n")), "{line} not in\n{text}");
        }
        assert!(!text.contains('@'), "an address in the metrics");
    }

    /// A reload (a new state swapped in, as SIGHUP does) while a message is in progress: that
    /// message is judged with the state it began with, the next one with the new state.
    #[test]
    fn a_message_in_progress_keeps_the_state_it_began_with_across_a_reload() {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            let (addr, stop, server, live) = start().await;
            let blocked = message(
                "consultation_cardiologie",
                COLLEAGUE,
                "care_coordination",
                &[COLLEAGUE, OUTSIDER],
            );
            let client = Client::new(OptNeg::default());
            let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap().compat();
            let mut busy = client.connect_via(&mut stream).await.unwrap();
            busy.connect(Connect::new(b"localhost", Family::Inet, None, b"127.0.0.1"))
                .await
                .unwrap();
            busy.helo(b"localhost".as_slice()).await.unwrap();
            send_up_to_end(&mut busy, &blocked).await;
            // Reloaded in advise mode while the message is half way.
            let new = tokio::task::spawn_blocking(|| config(Mode::Advise)).await.unwrap();
            live.set(new);
            let answer = busy.end_of_body().await.unwrap();
            let Action::Replycode(reply) = answer.final_action() else {
                panic!("not judged with its own state: {:?}", answer.final_action());
            };
            assert_eq!(reply.rcode().code(), [5, 5, 0]);
            // The next message: the new state (advise: it passes, marked block).
            let answer = exchange(addr, &blocked).await;
            assert!(matches!(answer.final_action(), Action::Continue(_)));
            assert!(answer.modifications().iter().any(|a| matches!(
                a,
                ModificationAction::AddHeader(h) if h.name() == "X-Tamis-Verdict" && h.value() == "block"
            )));
            let _ = stop.send(());
            server.await.unwrap().unwrap();
        });
    }

    #[test]
    fn over_the_milter_protocol_blocked_passed_and_minimised_messages_get_their_answers() {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            let (addr, stop, server, _) = start().await;

            // Blocked: 550 5.7.1 and the reason, nothing else.
            let m = message(
                "consultation_cardiologie",
                COLLEAGUE,
                "care_coordination",
                &[COLLEAGUE, OUTSIDER],
            );
            let answer = exchange(addr, &m).await;
            let Action::Replycode(reply) = answer.final_action() else {
                panic!("no reply code: {:?}", answer.final_action());
            };
            assert_eq!(reply.rcode().code(), [5, 5, 0]);
            assert_eq!(reply.xcode().as_ref().unwrap().code(), [5, 7, 1]);
            assert!(reply.message().contains("[trust_space]"));
            assert!(answer.modifications().is_empty());

            // Passed: continue, one header added.
            let m = message(
                "consultation_cardiologie",
                COLLEAGUE,
                "care_coordination",
                &[COLLEAGUE],
            );
            let answer = exchange(addr, &m).await;
            assert!(matches!(answer.final_action(), Action::Continue(_)));
            let added: Vec<String> = answer
                .modifications()
                .iter()
                .filter_map(|a| match a {
                    ModificationAction::AddHeader(h) => {
                        Some(format!("{}: {}", h.name(), h.value()))
                    }
                    _ => None,
                })
                .collect();
            assert_eq!(added, ["X-Tamis-Verdict: pass"]);

            // Minimised: the body replaced, in packets below 64 KiB.
            let m = message(
                "consultation_cardiologie",
                COLLEAGUE,
                "administrative",
                &[COLLEAGUE],
            );
            let answer = exchange(addr, &m).await;
            assert!(matches!(answer.final_action(), Action::Continue(_)));
            let body: String = answer
                .modifications()
                .iter()
                .filter_map(|a| match a {
                    ModificationAction::ReplaceBody(b) => Some(b.body().into_owned()),
                    _ => None,
                })
                .collect();
            assert!(body.contains("[retiré : "), "no marker in the new body");
            assert_ne!(body.as_bytes(), m.body.as_slice());

            let _ = stop.send(());
            server.await.unwrap().unwrap();
        });
    }

    /// A stop (SIGTERM: a service restart) while a message is half received: the milter stops
    /// listening and answers 451 to a new transaction (the MTA keeps it for later), but the
    /// message in progress is judged and answered before it exits — no retry for it.
    #[test]
    fn a_stop_lets_the_message_in_progress_finish_and_defers_new_ones() {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            let (addr, stop, server, _) = start().await;
            let m = message(
                "consultation_cardiologie",
                COLLEAGUE,
                "care_coordination",
                &[COLLEAGUE],
            );
            let client = Client::new(OptNeg::default());
            let mut busy_stream = tokio::net::TcpStream::connect(addr).await.unwrap().compat();
            let mut busy = client.connect_via(&mut busy_stream).await.unwrap();
            let mut idle_stream = tokio::net::TcpStream::connect(addr).await.unwrap().compat();
            let mut idle = client.connect_via(&mut idle_stream).await.unwrap();
            for c in [&mut busy, &mut idle] {
                c.connect(Connect::new(b"localhost", Family::Inet, None, b"127.0.0.1"))
                    .await
                    .unwrap();
                c.helo(b"localhost".as_slice()).await.unwrap();
            }
            send_up_to_end(&mut busy, &m).await;

            let _ = stop.send(());
            // The listener closes: the MTA's next connection fails (and its mail waits).
            let mut closed = false;
            for _ in 0..100 {
                if tokio::net::TcpStream::connect(addr).await.is_err() {
                    closed = true;
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            assert!(closed, "still listening after the stop");
            assert!(!server.is_finished(), "stopped with a message in progress");
            // A new transaction on an open connection: 451 4.7.1, try later.
            match idle.mail(format!("<{SENDER}>").as_bytes()).await {
                Err(miltr_client::ResponseError::Unexpected(answer)) => {
                    let text = format!("{answer:?}");
                    assert!(text.contains("451") || text.contains("[4, 5, 1]"), "{text}");
                }
                other => panic!("a transaction began while stopping: {other:?}"),
            }
            // The message in progress is judged and answered as usual.
            let answer = busy.end_of_body().await.unwrap();
            assert!(matches!(answer.final_action(), Action::Continue(_)));
            assert!(answer.modifications().iter().any(|a| matches!(
                a,
                ModificationAction::AddHeader(h) if h.name() == "X-Tamis-Verdict"
            )));
            // Then the milter exits, long before its 30 s drain limit.
            tokio::time::timeout(std::time::Duration::from_secs(5), server)
                .await
                .expect("the milter did not exit once the message was answered")
                .unwrap()
                .unwrap();
        });
    }
}
