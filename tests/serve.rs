//! `tamis serve` as care software calls it: a real HTTP client against the binary on loopback.

use crate::wire::WireReport;
use base64::Engine as _;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};

/// A running `tamis serve` on a free loopback port, stopped when dropped. Its standard error
/// (the log) is read as it comes and kept.
pub(crate) struct Server {
    child: Child,
    base: String,
    log: Arc<Mutex<String>>,
}

impl Server {
    pub(crate) fn start(args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("tamis"));
        cmd.args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .env_remove("TAMIS_TOKEN")
            .env_remove("TAMIS_LOG")
            .stderr(Stdio::piped())
            .stdout(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let (log, first) = keep_log(child.stderr.take().unwrap());
        // The first line: `… INFO tamis: listening address=http://127.0.0.1:PORT`.
        let line = first.recv().unwrap_or_default();
        let base = line
            .split_once("listening address=")
            .map(|(_, a)| a.trim().to_string())
            .unwrap_or_else(|| panic!("unexpected first line: {line}"));
        Server { child, base, log }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends a signal (`HUP`, `TERM`) to the server.
    pub(crate) fn signal(&self, name: &str) {
        let status = std::process::Command::new("sh")
            .args(["-c", &format!("kill -{name} {}", self.child.id())])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// What the server logged so far.
    pub(crate) fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Stops the server and returns everything it logged.
    pub(crate) fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The reader thread ends with the pipe; give it a moment to take the last lines.
        std::thread::sleep(std::time::Duration::from_millis(100));
        self.log.lock().unwrap().clone()
    }
}

/// Reads a child's standard error line by line on a thread: everything is kept, and the first
/// line is also sent on the channel (start-up lines carry the listening address).
pub(crate) fn keep_log(
    stderr: std::process::ChildStderr,
) -> (Arc<Mutex<String>>, std::sync::mpsc::Receiver<String>) {
    let log = Arc::new(Mutex::new(String::new()));
    let (tx, rx) = std::sync::mpsc::channel();
    let kept = log.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            let _ = tx.send(line.clone());
            let mut log = kept.lock().unwrap();
            log.push_str(&line);
            log.push('\n');
        }
    });
    (log, rx)
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// POST `body` with `content_type`: status and body text.
pub(crate) fn post(
    url: &str,
    content_type: &str,
    body: Vec<u8>,
    token: Option<&str>,
) -> (u16, String) {
    let mut req = agent().post(url).header("Content-Type", content_type);
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    let mut resp = req.send(&body[..]).unwrap();
    let status = resp.status().as_u16();
    (status, resp.body_mut().read_to_string().unwrap())
}

fn json_request(path: &str, context: serde_json::Value) -> Vec<u8> {
    let bytes = std::fs::read(path).unwrap();
    serde_json::json!({
        "content_base64": base64::engine::general_purpose::STANDARD.encode(bytes),
        "filename": std::path::Path::new(path).file_name().unwrap().to_str().unwrap(),
        "context": context,
    })
    .to_string()
    .into_bytes()
}

const DIRECTORY: [&str; 4] = [
    "--directory",
    "corpus/directory/annuaire.csv",
    "--annuaire",
    "corpus/directory/extract_mssante.txt",
];

#[test]
fn check_answers_the_report_tamis_scan_gives() {
    let server = Server::start(&DIRECTORY, &[]);
    let mut health = agent().get(server.url("/healthz")).call().unwrap();
    assert_eq!(health.status().as_u16(), 200);
    assert_eq!(health.body_mut().read_to_string().unwrap(), "ok");
    let context = serde_json::json!({
        "purpose": "medico_social_follow_up",
        "to": ["planning@saad-les-rochers.mssante.fr"],
        "care_team": true,
    });
    let (status, body) = post(
        &server.url("/v1/check"),
        "application/json",
        json_request("corpus/text/saad_fiche_liaison.txt", context),
        None,
    );
    assert_eq!(status, 200, "{body}");
    let report: WireReport = serde_json::from_str(&body).unwrap();
    let (_, scan) = crate::wire::scan_json_with(
        std::path::Path::new("corpus/text/saad_fiche_liaison.txt"),
        &[
            "--directory",
            "corpus/directory/annuaire.csv",
            "--annuaire",
            "corpus/directory/extract_mssante.txt",
            "--purpose",
            "medico_social_follow_up",
            "--to",
            "planning@saad-les-rochers.mssante.fr",
            "--care-team",
        ],
    );
    assert_eq!(report.verdict, "minimise");
    assert_eq!(report.verdict, scan.verdict);
    assert_eq!(report.findings.len(), scan.findings.len());
    assert_eq!(report.recipients.len(), 1);
    let removed: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.action.as_deref() == Some("remove"))
        .collect();
    assert!(removed.iter().any(|f| f.category == "diagnosis"));
}

/// The design's contract: `{"text": …}` for a text, `{"filename", "content_base64"}` for a file
/// (`name` still accepted); exactly one of the two, else a clear 400.
#[test]
fn text_and_base64_requests_give_the_same_report() {
    let server = Server::start(&DIRECTORY, &[]);
    let path = "corpus/text/saad_fiche_liaison.txt";
    let text = std::fs::read_to_string(path).unwrap();
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let context = serde_json::json!({
        "purpose": "medico_social_follow_up",
        "to": ["planning@saad-les-rochers.mssante.fr"],
        "care_team": true,
    });
    let ask = |body: serde_json::Value| {
        post(
            &server.url("/v1/check"),
            "application/json",
            body.to_string().into_bytes(),
            None,
        )
    };
    let (status, body) = ask(serde_json::json!({"text": text, "context": context}));
    assert_eq!(status, 200, "{body}");
    let by_text: WireReport = serde_json::from_str(&body).unwrap();
    assert_eq!(by_text.verdict, "minimise");
    assert!(by_text.findings.iter().any(|f| f.category == "diagnosis"));
    for name_key in ["filename", "name"] {
        let (status, body) = ask(serde_json::json!({
            "content_base64": b64, name_key: "fiche.txt", "context": context,
        }));
        assert_eq!(status, 200, "{name_key}: {body}");
        let by_file: WireReport = serde_json::from_str(&body).unwrap();
        assert_eq!(by_file.verdict, by_text.verdict);
        assert_eq!(by_file.findings.len(), by_text.findings.len());
        assert_eq!(by_file.input, "fiche.txt", "{name_key} is the file name");
    }
    // /v1/redact takes a text too and answers the minimised text.
    let (status, body) = post(
        &server.url("/v1/redact"),
        "application/json",
        serde_json::json!({"text": text, "context": context})
            .to_string()
            .into_bytes(),
        None,
    );
    assert_eq!(status, 200, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    let copy = base64::engine::general_purpose::STANDARD
        .decode(answer["content_base64"].as_str().unwrap())
        .unwrap();
    assert!(
        String::from_utf8(copy)
            .unwrap()
            .contains("[retiré : diagnostic]")
    );
    for (bad, why) in [
        (
            serde_json::json!({"text": text, "content_base64": b64}),
            "both",
        ),
        (serde_json::json!({"filename": "x.txt"}), "missing"),
        (serde_json::json!({"text": 3}), "Data"),
    ] {
        let (status, body) = ask(bad);
        assert_eq!(status, 400, "{body}");
        assert!(body.contains(why), "{body}");
        assert!(!body.contains("Parkinson"), "content in an error: {body}");
    }
}

#[test]
fn a_pdf_uploaded_as_multipart_is_read_as_a_pdf() {
    let server = Server::start(&[], &[]);
    let pdf = std::fs::read("corpus/pdf/producers/libreoffice-odt.pdf").unwrap();
    let boundary = "tamis-test-boundary-7d3f";
    let mut body = Vec::new();
    for (name, value) in [("purpose", "care_coordination"), ("values", "none")] {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"courrier.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(&pdf);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let (status, text) = post(
        &server.url("/v1/check"),
        &format!("multipart/form-data; boundary={boundary}"),
        body,
        None,
    );
    assert_eq!(status, 200, "{text}");
    let report: WireReport = serde_json::from_str(&text).unwrap();
    assert_eq!(report.parts[0].format, "pdf");
    assert_eq!(report.parts[0].pages, Some(3));
    assert_eq!(report.purpose.as_deref(), Some("care_coordination"));
    assert!(report.findings.iter().any(|f| f.category == "person_name"));
    assert!(
        report.findings.iter().all(|f| f.text.is_none()),
        "values none"
    );
}

#[test]
fn redact_returns_the_minimised_document_or_nothing_when_blocked() {
    let server = Server::start(&DIRECTORY, &[]);
    let context = serde_json::json!({
        "purpose": "medico_social_follow_up",
        "to": ["planning@saad-les-rochers.mssante.fr"],
        "care_team": true,
    });
    let (status, body) = post(
        &server.url("/v1/redact"),
        "application/json",
        json_request("corpus/text/saad_fiche_liaison.txt", context),
        None,
    );
    assert_eq!(status, 200, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    let copy = base64::engine::general_purpose::STANDARD
        .decode(answer["content_base64"].as_str().unwrap())
        .unwrap();
    let copy = String::from_utf8(copy).unwrap();
    assert!(copy.contains("[retiré : diagnostic]"));
    assert!(!copy.contains("maladie de Parkinson"));
    assert!(copy.contains("GIR 4"), "kept data stays");
    assert_eq!(answer["report"]["verdict"], "minimise");
    // Outside the trust space: blocked, the report says why, no document comes back.
    let context = serde_json::json!({
        "purpose": "care_coordination",
        "to": ["famille.dupuis@gmail.com"],
    });
    let (status, body) = post(
        &server.url("/v1/redact"),
        "application/json",
        json_request("corpus/text/saad_fiche_liaison.txt", context),
        None,
    );
    assert_eq!(status, 200, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(answer.get("content_base64").is_none());
    assert_eq!(answer["report"]["verdict"], "block");
    // No recipients: nothing to decide on, a clear error.
    let (status, body) = post(
        &server.url("/v1/redact"),
        "application/json",
        json_request("corpus/text/saad_fiche_liaison.txt", serde_json::json!({})),
        None,
    );
    assert_eq!(status, 400, "{body}");
}

#[test]
fn the_token_is_required_when_set_and_bad_requests_get_clear_errors() {
    let token = "jeton-de-test-assez-long-0123456789";
    let server = Server::start(&["--max-input", "4000"], &[("TAMIS_TOKEN", token)]);
    let request = || json_request("corpus/text/ordonnance.txt", serde_json::json!({}));
    let (status, body) = post(
        &server.url("/v1/check"),
        "application/json",
        request(),
        None,
    );
    assert_eq!(status, 401, "{body}");
    let (status, _) = post(
        &server.url("/v1/check"),
        "application/json",
        request(),
        Some("mauvais-jeton-mauvais-jeton-mauvais"),
    );
    assert_eq!(status, 401);
    let (status, body) = post(
        &server.url("/v1/check"),
        "application/json",
        request(),
        Some(token),
    );
    assert_eq!(status, 200, "{body}");
    // Health stays open (for the load balancer).
    assert_eq!(
        agent()
            .get(server.url("/healthz"))
            .call()
            .unwrap()
            .status()
            .as_u16(),
        200
    );
    let cases: [(&str, Vec<u8>, u16); 4] = [
        ("text/plain", b"bonjour".to_vec(), 415),
        (
            "application/json",
            b"{\"content_base64\": \"%%%\"}".to_vec(),
            400,
        ),
        ("application/json", b"{\"contenu\": 1}".to_vec(), 400),
        (
            "application/json",
            json_request(
                "corpus/pdf/producers/libreoffice-odt.pdf",
                serde_json::json!({}),
            ),
            413,
        ),
    ];
    for (ct, body, want) in cases {
        let (status, text) = post(&server.url("/v1/check"), ct, body, Some(token));
        assert_eq!(status, want, "{text}");
        let err: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|_| serde_json::json!({"error": text}));
        assert!(err["error"].is_string(), "{text}");
        assert!(!text.contains("LEROUX"), "content in an error");
    }
}

#[test]
fn the_openapi_description_is_what_the_server_serves() {
    let server = Server::start(&DIRECTORY, &[]);
    let spec: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("openapi.json").unwrap()).unwrap();
    let mut served = agent().get(server.url("/openapi.json")).call().unwrap();
    let served: serde_json::Value =
        serde_json::from_str(&served.body_mut().read_to_string().unwrap()).unwrap();
    assert_eq!(served, spec);
    let paths = spec["paths"].as_object().unwrap();
    assert_eq!(paths.len(), 5);
    for (path, ops) in paths {
        for (method, _) in ops.as_object().unwrap() {
            let status = match method.as_str() {
                "get" => agent()
                    .get(server.url(path))
                    .call()
                    .unwrap()
                    .status()
                    .as_u16(),
                "post" => post(&server.url(path), "application/json", b"{}".to_vec(), None).0,
                other => panic!("method {other} not tested"),
            };
            assert!(status != 404 && status != 405, "{method} {path}: {status}");
        }
    }
    // Every property of the JSON request is one the server takes (and nothing else is).
    let request = &spec["components"]["schemas"]["JsonRequest"];
    for (key, _) in request["properties"].as_object().unwrap() {
        let mut body = serde_json::json!({"text": "Bonjour."});
        match key.as_str() {
            "text" => {}
            "content_base64" => body = serde_json::json!({"content_base64": "Qm9uam91ci4="}),
            "context" => body["context"] = serde_json::json!({"purpose": "care_coordination"}),
            "values" => body["values"] = "none".into(),
            "view" => body["view"] = true.into(),
            other => body[other] = "lettre.txt".into(),
        }
        let (status, text) = post(
            &server.url("/v1/check"),
            "application/json",
            body.to_string().into_bytes(),
            None,
        );
        assert_eq!(status, 200, "{key}: {text}");
    }
    let (status, _) = post(
        &server.url("/v1/check"),
        "application/json",
        br#"{"text": "Bonjour.", "document": 1}"#.to_vec(),
        None,
    );
    assert_eq!(status, 400, "an undescribed property is refused");
    // The report the server answers has every property the description requires.
    let required: Vec<&str> = spec["components"]["schemas"]["Report"]["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let (_, body) = post(
        &server.url("/v1/check"),
        "application/json",
        json_request(
            "corpus/text/saad_fiche_liaison.txt",
            serde_json::json!({"to": ["planning@saad-les-rochers.mssante.fr"]}),
        ),
        None,
    );
    let report: serde_json::Value = serde_json::from_str(&body).unwrap();
    for key in required {
        assert!(report.get(key).is_some(), "missing {key}");
    }
    let props = spec["components"]["schemas"]["Report"]["properties"]
        .as_object()
        .unwrap();
    for key in report.as_object().unwrap().keys() {
        assert!(props.contains_key(key), "{key} not described");
    }
}

/// SIGHUP re-reads the configuration file and the directory it names, and swaps them in; a
/// broken file leaves the state in service, and the log and the metrics say so.
#[test]
fn sighup_reloads_the_configuration_and_a_broken_one_keeps_the_old() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("annuaire.csv");
    let conf = dir.path().join("tamis.toml");
    let entry = |role: &str| {
        format!("address,role,structure,trusted\nequipe@reload.mssante.fr,{role},1409999991,true\n")
    };
    std::fs::write(&csv, entry("health_professional")).unwrap();
    std::fs::write(
        &conf,
        "directory = [\"annuaire.csv\"]\n[serve]\ntimeout = 30\n",
    )
    .unwrap();
    let server = Server::start(&["--config", conf.to_str().unwrap()], &[]);
    let role = || {
        let (status, body) = post(
            &server.url("/v1/check"),
            "application/json",
            serde_json::json!({
                "text": "Mme Jeanne Dupuis, née le 12/03/1941, diabète de type 2.",
                "context": {"purpose": "medico_social_follow_up", "to": ["equipe@reload.mssante.fr"]},
            })
            .to_string()
            .into_bytes(),
            None,
        );
        assert_eq!(status, 200, "{body}");
        let report: serde_json::Value = serde_json::from_str(&body).unwrap();
        report["recipients"][0]["role"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(role(), "health_professional");
    std::fs::write(&csv, entry("medico_social_staff")).unwrap();
    server.signal("HUP");
    let waited = std::time::Instant::now();
    while role() != "medico_social_staff" {
        assert!(
            waited.elapsed().as_secs() < 30,
            "not reloaded: {}",
            server.log()
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // The swap is seen before the line that says it may be flushed: wait for it (bounded).
    let waited = std::time::Instant::now();
    while !server.log().contains("configuration reloaded") {
        assert!(waited.elapsed().as_secs() < 10, "{}", server.log());
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // A broken file: the log names it with its line, the state in service stays.
    std::fs::write(
        &conf,
        "directory = [\"annuaire.csv\"]\n[serve]\ntimout = 30\n",
    )
    .unwrap();
    std::fs::write(&csv, entry("social_worker")).unwrap();
    server.signal("HUP");
    let waited = std::time::Instant::now();
    while !server.log().contains("reload failed") {
        assert!(
            waited.elapsed().as_secs() < 30,
            "no failure logged: {}",
            server.log()
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let log = server.log();
    assert!(log.contains("tamis.toml:3:1"), "{log}");
    assert_eq!(role(), "medico_social_staff");
    let mut metrics = agent().get(server.url("/metrics")).call().unwrap();
    let metrics = metrics.body_mut().read_to_string().unwrap();
    assert!(
        metrics.contains("tamis_reloads_total{result=\"ok\"} 1\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("tamis_reloads_total{result=\"failed\"} 1\n"),
        "{metrics}"
    );
}

/// `/metrics` counts what was judged — verdicts, rules, categories, opaque parts, statuses,
/// latency — and never holds a value or an address.
#[test]
fn metrics_count_verdicts_rules_and_categories_without_values() {
    let server = Server::start(&DIRECTORY, &[]);
    let context = serde_json::json!({
        "purpose": "medico_social_follow_up",
        "to": ["planning@saad-les-rochers.mssante.fr"],
        "care_team": true,
    });
    for _ in 0..2 {
        let (status, _) = post(
            &server.url("/v1/check"),
            "application/json",
            json_request("corpus/text/saad_fiche_liaison.txt", context.clone()),
            None,
        );
        assert_eq!(status, 200);
    }
    let (status, _) = post(&server.url("/v1/check"), "text/plain", b"x".to_vec(), None);
    assert_eq!(status, 415);
    let mut answer = agent().get(server.url("/metrics")).call().unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    assert!(
        answer
            .headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let text = answer.body_mut().read_to_string().unwrap();
    for line in [
        "tamis_checks_total{front=\"serve\",verdict=\"minimise\"} 2",
        "tamis_rules_total{front=\"serve\",rule=\"strictly_necessary\"} 2",
        "tamis_requests_total{route=\"/v1/check\",status=\"200\"} 2",
        "tamis_requests_total{route=\"/v1/check\",status=\"415\"} 1",
        "tamis_check_seconds_count{front=\"serve\"} 2",
    ] {
        assert!(text.contains(&format!("{line}\n")), "{line} not in\n{text}");
    }
    assert!(text.contains("tamis_removed_total{front=\"serve\",category=\"diagnosis\"} "));
    // Every sample line is `name{labels} number`; no address, no value.
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (_, n) = line.rsplit_once(' ').unwrap();
        assert!(n.parse::<f64>().is_ok(), "{line}");
        assert!(!line.contains('@') && !line.contains("Parkinson"), "{line}");
    }
}

/// A client that sends its headers too slowly is disconnected, and does not keep others out.
#[test]
fn slow_clients_are_disconnected_and_do_not_block_others() {
    use std::io::{Read, Write};
    let server = Server::start(&["--header-timeout", "1"], &[]);
    let addr = server.base.trim_start_matches("http://").to_string();
    let mut slow = std::net::TcpStream::connect(&addr).unwrap();
    slow.write_all(b"POST /v1/check HTTP/1.1\r\nHost: tamis\r\nContent-Ty")
        .unwrap();
    // Meanwhile another client is served.
    let mut health = agent().get(server.url("/healthz")).call().unwrap();
    assert_eq!(health.body_mut().read_to_string().unwrap(), "ok");
    // The slow one is cut off: its read ends (closed, or a 408 then closed) rather than
    // waiting for the read timeout set here as a safety net.
    slow.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    let mut buf = Vec::new();
    match slow.read_to_end(&mut buf) {
        Ok(_) => {}
        Err(e) => assert!(
            !matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ),
            "the slow client was never disconnected"
        ),
    }
    let answer = String::from_utf8_lossy(&buf);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
}

/// `"view": true`: the text a reader sees (an HTML body without its tags and entities, a PDF's
/// pages) with every finding placed in it — the piece of text at each mark is the finding's
/// value —, in `/v1/check`'s report and `/v1/redact`'s answer, JSON or multipart; absent
/// unless asked.
#[test]
fn the_view_places_every_finding_in_the_text_a_reader_sees() {
    let server = Server::start(&DIRECTORY, &[]);
    let check = |body: serde_json::Value, route: &str| -> serde_json::Value {
        let (status, text) = post(
            &server.url(route),
            "application/json",
            body.to_string().into_bytes(),
            None,
        );
        assert_eq!(status, 200, "{text}");
        serde_json::from_str(&text).unwrap()
    };
    let placed = |report: &serde_json::Value, view: &serde_json::Value| -> usize {
        let segments = view["segments"].as_array().unwrap();
        let findings = report["findings"].as_array().unwrap();
        let marks = view["marks"].as_array().unwrap();
        for m in marks {
            let seg = segments[m["segment"].as_u64().unwrap() as usize]["text"]
                .as_str()
                .unwrap();
            let (s, e) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            let f = &findings[m["finding"].as_u64().unwrap() as usize];
            assert_eq!(Some(&seg[s..e]), f["text"].as_str(), "{m}");
        }
        marks.len()
    };
    let mail = std::fs::read("corpus/mail/03_alternative.eml").unwrap();
    let b64 = base64::engine::general_purpose::STANDARD.encode(&mail);
    let report = check(
        serde_json::json!({"content_base64": b64, "view": true}),
        "/v1/check",
    );
    let view = &report["view"];
    let n = placed(&report, view);
    assert_eq!(n, report["findings"].as_array().unwrap().len(), "{view}");
    let html = view["segments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["part"] == "2" && s["origin"] == "body")
        .expect("the HTML body");
    let html = html["text"].as_str().unwrap();
    assert!(html.contains("diabète") && !html.contains('<') && !html.contains("&egrave;"));
    assert!(
        view["segments"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["origin"] == "header" && s["name"] == "From"),
        "{view}"
    );
    // Not asked: not there.
    let plain = check(serde_json::json!({"content_base64": b64}), "/v1/check");
    assert!(plain.get("view").is_none());
    // Redact, with recipients: the answer's view.
    let answer = check(
        serde_json::json!({"content_base64": b64, "view": true, "context": {
            "purpose": "care_coordination", "care_team": true,
            "to": ["interne.pediatrie@ch-exemple.mssante.fr"]}}),
        "/v1/redact",
    );
    assert!(placed(&answer["report"], &answer["view"]) > 5);
    // A PDF over multipart: its pages.
    let pdf = std::fs::read("corpus/pdf/producers/libreoffice-odt.pdf").unwrap();
    let boundary = "tamis-test-boundary-view";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"view\"\r\n\r\ntrue\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&pdf);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let (status, text) = post(
        &server.url("/v1/check"),
        &format!("multipart/form-data; boundary={boundary}"),
        body,
        None,
    );
    assert_eq!(status, 200, "{text}");
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    let pages: Vec<u64> = report["view"]["segments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["origin"] == "page")
        .map(|s| s["page"].as_u64().unwrap())
        .collect();
    assert_eq!(pages, [1, 2, 3]);
    assert!(placed(&report, &report["view"]) > 0);
}
