//! No value of a document in clear where it does not belong: the whole corpus goes through every
//! front end — `scan`, `redact`, `batch`, `serve`, `milter` — with the most verbose logging
//! (`-vv`: one line per input and per part), and every value tamis finds in the corpus (names,
//! identifiers, health terms, read in clear by `tamis scan --values clear`) is looked for in
//! what comes out besides the documents themselves: logs, error messages, hashed reports, SMTP
//! replies and the milter's headers.

use crate::serve::{Server, keep_log};
use crate::wire::{WireReport, tamis};
use base64::Engine as _;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const SALT: &str = "sel de test assez long pour tamis";
const DIRECTORY: [&str; 2] = ["--directory", "corpus/directory/annuaire.csv"];
/// A colleague of the corpus directory, and a purpose that needs little: most inputs are
/// minimised, so the redaction paths run (and log).
const COLLEAGUE: &str = "interne.pediatrie@ch-exemple.mssante.fr";
const SENDER: &str = "secretariat.medical@ch-exemple.mssante.fr";

/// The corpus inputs of every format, and the values tamis finds in them.
pub(crate) struct Corpus {
    pub files: Vec<PathBuf>,
    pub secrets: BTreeSet<String>,
}

pub(crate) fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut files = Vec::new();
        for folder in [
            "corpus/text",
            "corpus/mail",
            "corpus/cda",
            "corpus/html",
            "corpus/pdf",
            "corpus/xdm",
        ] {
            for e in std::fs::read_dir(folder).unwrap() {
                let p = e.unwrap().path();
                if p.is_file() && p.extension().is_some_and(|x| x != "toml" && x != "md") {
                    files.push(p);
                }
            }
        }
        files.sort();
        let scan = tamis()
            .args(["scan", "--format", "json", "--values", "clear"])
            .args(&files)
            .output()
            .unwrap();
        let mut secrets = BTreeSet::new();
        for line in String::from_utf8_lossy(&scan.stdout).lines() {
            let r: WireReport = serde_json::from_str(line).unwrap();
            for finding in r.findings {
                let Some(t) = finding.text else { continue };
                if t.chars().filter(|c| c.is_alphanumeric()).count() >= 5 {
                    // An identifier written another way: its digits alone.
                    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
                    if digits.len() >= 9 {
                        secrets.insert(digits);
                    }
                    secrets.insert(t);
                }
            }
        }
        Corpus { files, secrets }
    })
}

/// Fails when a corpus value is in `seen`, with their number (never the values: the test's
/// own output is a log too).
fn assert_no_value(seen: &str, where_: &str) {
    let c = corpus();
    // The paths the caller gave (`corpus/text/psychiatrie_suivi.txt: minimise`) are its own.
    let mut seen = seen.to_string();
    for f in &c.files {
        seen = seen.replace(&f.display().to_string(), "<input>");
    }
    let seen = seen.as_str();
    assert!(c.secrets.len() > 300, "only {} values", c.secrets.len());
    let leaked: Vec<&String> = c
        .secrets
        .iter()
        .filter(|s| seen.contains(s.as_str()))
        .collect();
    if std::env::var_os("TAMIS_TEST_SHOW_LEAKS").is_some() {
        // For a developer on synthetic data: where each one is.
        for s in &leaked {
            let at = seen.find(s.as_str()).unwrap_or(0);
            let from = seen.floor_char_boundary(at.saturating_sub(150));
            let to = seen.ceil_char_boundary((at + s.len() + 80).min(seen.len()));
            eprintln!("{s:?} in …{}…", &seen[from..to]);
        }
    }
    assert!(
        leaked.is_empty(),
        "{} value(s) of the corpus in clear in {where_} (TAMIS_TEST_SHOW_LEAKS=1 shows them)",
        leaked.len()
    );
}

/// A report as JSON without the fields that are the caller's own (`input`: the path or name
/// it gave) or the document itself (`content_base64`).
fn report_text(json: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(json).unwrap();
    if let Some(o) = v.as_object_mut() {
        o.remove("input");
        o.remove("content_base64");
        if let Some(r) = o.get_mut("report").and_then(|r| r.as_object_mut()) {
            r.remove("input");
        }
    }
    v.to_string()
}

fn count(log: &str, event: &str) -> usize {
    log.lines().filter(|l| l.contains(event)).count()
}

/// `tamis -vv scan` over the corpus, hashed, as JSON and as text; over the corpus cut in two
/// (damaged inputs); and with limits that make inputs fail (errors on standard error).
#[test]
fn scan_with_verbose_logging_shows_no_value() {
    let c = corpus();
    let dir = tempfile::tempdir().unwrap();
    let mut cut = Vec::new();
    for (k, f) in c.files.iter().enumerate() {
        let bytes = std::fs::read(f).unwrap();
        let p = dir.path().join(format!("coupe-{k}"));
        std::fs::write(&p, &bytes[..bytes.len() * 3 / 5]).unwrap();
        cut.push(p);
    }
    let mut seen = String::new();
    for (format, inputs, limits) in [
        ("json", &c.files, &[][..]),
        ("text", &c.files, &[][..]),
        ("json", &cut, &[][..]),
        ("json", &c.files, &["--max-depth", "1"][..]),
        ("json", &c.files, &["--max-input", "4000"][..]),
    ] {
        let out = tamis()
            .env("TAMIS_SALT", SALT)
            .args(["-vv", "scan", "--values", "hashed", "--format", format])
            .args(DIRECTORY)
            .args(limits)
            .args(inputs)
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&out.stderr);
        if limits.is_empty() && inputs == &c.files {
            // Verbose really: one line per input, one per part.
            assert_eq!(count(&log, " checked "), c.files.len(), "{format}");
            assert!(count(&log, " part read ") > c.files.len());
        } else if !limits.is_empty() {
            assert!(
                count(&log, "tamis: ") > 0,
                "no input failed with {limits:?}"
            );
        }
        seen.push_str(&log);
        let stdout = String::from_utf8_lossy(&out.stdout);
        if format == "json" {
            for line in stdout.lines() {
                seen.push_str(&report_text(line));
            }
        } else {
            seen.push_str(&stdout);
        }
    }
    assert_no_value(&seen, "scan's logs, errors or hashed reports");
}

/// `tamis -vv redact` on every corpus input: its log and messages, and the hashed report it
/// writes next to the copy.
#[test]
fn redact_with_verbose_logging_shows_no_value() {
    let c = corpus();
    let dir = tempfile::tempdir().unwrap();
    let mut seen = String::new();
    let (mut minimised, mut debug_lines) = (0, 0);
    let chunks: Vec<&[PathBuf]> = c.files.chunks(c.files.len().div_ceil(2)).collect();
    let runs = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .enumerate()
            .map(|(t, files)| {
                let dir = dir.path();
                s.spawn(move || {
                    let mut outs = Vec::new();
                    for (k, f) in files.iter().enumerate() {
                        let report = dir.join(format!("rapport-{t}-{k}.json"));
                        let out = tamis()
                            .env("TAMIS_SALT", SALT)
                            .args(["-vv", "redact", "--purpose", "administrative"])
                            .args(["--from", SENDER, "--to", COLLEAGUE])
                            .args(DIRECTORY)
                            .arg("--report")
                            .arg(&report)
                            .arg("-o")
                            .arg(dir.join(format!("copie-{t}-{k}")))
                            .arg(f)
                            .output()
                            .unwrap();
                        let written = std::fs::read_to_string(&report).unwrap_or_default();
                        outs.push((out, written));
                    }
                    outs
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect::<Vec<_>>()
    });
    for (out, report) in runs {
        let log = String::from_utf8_lossy(&out.stderr);
        debug_lines += count(&log, " checked ");
        minimised += count(&log, " minimised ");
        seen.push_str(&log);
        if !report.is_empty() {
            seen.push_str(&report_text(&report));
        }
    }
    // Each input checked, its copy checked again: the redaction paths really ran.
    assert!(debug_lines >= c.files.len(), "{debug_lines} check lines");
    assert!(minimised >= c.files.len() / 3, "{minimised} minimised");
    assert_no_value(&seen, "redact's logs, messages or hashed reports");
}

/// `tamis -vv batch` over the corpus, hashed: its log, its JSON lines (input paths aside) with
/// their audit fields, its summary, its HTML page and the page comparing two sets of lines.
#[test]
fn batch_with_verbose_logging_shows_no_value() {
    let c = corpus();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rapport.jsonl");
    let html = dir.path().join("synthese.html");
    let run = tamis()
        .env("TAMIS_SALT", SALT)
        .args(["-vv", "batch"])
        .args(DIRECTORY)
        .arg("-o")
        .arg(&out)
        .arg("--html")
        .arg(&html)
        .args(&c.files)
        .output()
        .unwrap();
    let mut seen = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(count(&seen, " checked ") >= c.files.len());
    let lines = std::fs::read_to_string(&out).unwrap();
    assert!(lines.lines().count() >= c.files.len());
    let mut audited = 0;
    for line in lines.lines() {
        seen.push_str(&report_text(line));
        seen.push('\n');
        // The audit fields (issue 20) are in what is checked: date, hashed Message-ID, sender
        // mailbox, recipient domains, what enforce would do.
        // (Error lines, for inputs that could not be read, have no report.)
        if let Ok(WireReport { audit: Some(a), .. }) = serde_json::from_str::<WireReport>(line)
            && a.date.is_some()
            && !a.domains.is_empty()
        {
            assert!(a.message_id.is_none_or(|m| m.starts_with("sha256:")));
            audited += 1;
        }
    }
    assert!(audited >= 10, "{audited} lines with a date and recipients");
    seen.push_str(&std::fs::read_to_string(&html).unwrap());
    // The page comparing two sets of lines (`--summarise --before`): the run against itself
    // cut in two.
    let all: Vec<&str> = lines.lines().collect();
    let (first, second) = all.split_at(all.len() / 2);
    let (before, after) = (
        dir.path().join("avant.jsonl"),
        dir.path().join("apres.jsonl"),
    );
    std::fs::write(&before, first.join("\n")).unwrap();
    std::fs::write(&after, second.join("\n")).unwrap();
    let compared = dir.path().join("evolution.html");
    let run = tamis()
        .args(["batch", "--summarise", "--before"])
        .arg(&before)
        .arg("--html")
        .arg(&compared)
        .arg(&after)
        .output()
        .unwrap();
    seen.push_str(&String::from_utf8_lossy(&run.stderr));
    let page = std::fs::read_to_string(&compared).unwrap();
    assert!(page.contains("Évolution"));
    seen.push_str(&page);
    assert_no_value(&seen, "batch's logs, JSON lines, summary or HTML pages");
}

/// `tamis -vv serve`: every corpus input checked (hashed) and minimised over HTTP; the server's
/// log and the reports it answers.
#[test]
fn serve_with_verbose_logging_shows_no_value() {
    let c = corpus();
    let server = Server::start(
        &["-vv", "--values", "hashed", DIRECTORY[0], DIRECTORY[1]],
        &[],
    );
    let mut seen = String::new();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut requests = 0;
    for f in &c.files {
        let body = serde_json::json!({
            "content_base64": base64::engine::general_purpose::STANDARD
                .encode(std::fs::read(f).unwrap()),
            "context": { "purpose": "administrative", "from": SENDER, "to": [COLLEAGUE] },
        })
        .to_string();
        for path in ["/v1/check", "/v1/redact"] {
            let mut resp = agent
                .post(&server.url(path))
                .header("Content-Type", "application/json")
                .send(body.as_bytes())
                .unwrap();
            let status = resp.status().as_u16();
            let text = resp.body_mut().read_to_string().unwrap();
            assert!(
                matches!(status, 200 | 422),
                "{path} {}: {status}",
                f.display()
            );
            seen.push_str(&report_text(&text));
            requests += 1;
        }
    }
    let log = server.stop();
    assert_eq!(
        count(&log, " request "),
        requests,
        "one log line per request"
    );
    assert!(count(&log, " checked ") >= c.files.len());
    seen.push_str(&log);
    assert_no_value(&seen, "the HTTP service's log or hashed reports");
}

/// `tamis -vv milter`: every corpus e-mail as it is, and every other corpus file attached to a
/// message, over the milter protocol; the milter's log, its SMTP replies and the headers it adds.
#[test]
fn milter_with_verbose_logging_shows_no_value() {
    use miltr_common::actions::Action;
    use miltr_common::modifications::ModificationAction;
    let c = corpus();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("tamis"));
    cmd.args(["-vv", "milter", "--listen", "inet:127.0.0.1:0"])
        .args(DIRECTORY)
        .env_remove("TAMIS_LOG")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let (log, first) = keep_log(child.stderr.take().unwrap());
    let line = first.recv().unwrap_or_default();
    let addr: std::net::SocketAddr = line
        .split_once("address=inet:")
        .map(|(_, a)| a.trim().parse().unwrap())
        .unwrap_or_else(|| panic!("unexpected first line: {line}"));
    let messages: Vec<tamis::milter::Message> = c.files.iter().map(|f| as_message(f)).collect();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut seen = String::new();
    rt.block_on(async {
        for m in &messages {
            let answer = crate::milter_e2e::protocol::exchange(addr, m).await;
            if let Action::Replycode(reply) = answer.final_action() {
                seen.push_str(&reply.message());
                seen.push('\n');
            }
            for a in answer.modifications() {
                if let ModificationAction::AddHeader(h) = a {
                    seen.push_str(&format!("{}: {}\n", h.name(), h.value()));
                }
            }
        }
    });
    let _ = child.kill();
    let _ = child.wait();
    std::thread::sleep(std::time::Duration::from_millis(100));
    let log = log.lock().unwrap().clone();
    assert_eq!(count(&log, "message checked"), messages.len());
    assert!(count(&log, " part read ") > messages.len());
    seen.push_str(&log);
    assert_no_value(&seen, "the milter's log, replies or headers");
}

/// A corpus file as the MTA would hand it to the milter: an e-mail as it is (headers unfolded,
/// body), any other file attached (base64) to a short message from the structure to a colleague.
fn as_message(path: &Path) -> tamis::milter::Message {
    let bytes = std::fs::read(path).unwrap();
    let is_mail = path.extension().is_some_and(|x| x == "eml");
    let raw = if is_mail {
        bytes
    } else {
        let name = path.file_name().unwrap().to_str().unwrap();
        let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
        let lines: Vec<&str> = b64
            .as_bytes()
            .chunks(76)
            .map(|l| std::str::from_utf8(l).unwrap())
            .collect();
        format!(
            "From: {SENDER}\r\nTo: {COLLEAGUE}\r\nSubject: Transmission\r\nX-Tamis-Purpose: administrative\r\n\
             MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
             --b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nCi-joint le document.\r\n\
             --b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\
             Content-Disposition: attachment; filename=\"{name}\"\r\n\r\n{}\r\n--b--\r\n",
            lines.join("\r\n")
        )
        .into_bytes()
    };
    let split = memchr::memmem::find(&raw, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| memchr::memmem::find(&raw, b"\n\n").map(|i| (i, i + 2)))
        .unwrap_or((raw.len(), raw.len()));
    let head = String::from_utf8_lossy(&raw[..split.0]).replace("\r\n", "\n");
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = headers.last_mut() {
                last.1.push_str("\r\n");
                last.1.push_str(line);
            }
        } else if let Some((n, v)) = line.split_once(':') {
            headers.push((n.to_string(), v.trim_start().to_string()));
        }
    }
    tamis::milter::Message {
        sender: SENDER.into(),
        recipients: vec![COLLEAGUE.into()],
        headers,
        body: raw[split.1..].to_vec(),
        too_large: false,
        declares: false,
    }
}
