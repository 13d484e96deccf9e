//! `tamis batch` as a DPO runs it on an archive: a folder of e-mails, an mbox, a Maildir and a
//! zip of documents, built from the corpus; one line per input, resumable, shardable, hashed.

use crate::wire::{WireReport, tamis};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// An archive of the corpus: `mails/` (every .eml), `boite.mbox` (three messages, one with a
/// `From ` line quoted in its body), `Maildir/` (cur, new, and a tmp/ that must be skipped),
/// `documents.zip` (text letters) and the IHE_XDM package whole. Returns its root and the
/// number of inputs in it.
fn archive(dir: &Path) -> (PathBuf, usize) {
    let root = dir.join("archive");
    let mails = root.join("mails");
    std::fs::create_dir_all(&mails).unwrap();
    let mut n = 0;
    let mut corpus_mails: Vec<PathBuf> = std::fs::read_dir("corpus/mail")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    corpus_mails.sort();
    for p in &corpus_mails {
        std::fs::copy(p, mails.join(p.file_name().unwrap())).unwrap();
        n += 1;
    }
    let mut mbox = Vec::new();
    for p in &corpus_mails[..3] {
        mbox.extend_from_slice(b"From archive@ehpad.test Mon Jan  6 09:00:00 2025\n");
        let text = std::fs::read(p).unwrap();
        mbox.extend_from_slice(&text);
        mbox.extend_from_slice(b"\n>From the body, quoted by the mbox writer\n\n");
        n += 1;
    }
    std::fs::write(root.join("boite.mbox"), mbox).unwrap();
    let md = root.join("Maildir");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(md.join(sub)).unwrap();
    }
    std::fs::copy(&corpus_mails[0], md.join("cur/1700000000.1.host:2,S")).unwrap();
    std::fs::copy(&corpus_mails[1], md.join("new/1700000001.2.host")).unwrap();
    std::fs::copy(&corpus_mails[2], md.join("tmp/1700000002.3.host")).unwrap();
    n += 2;
    let zip_file = std::fs::File::create(root.join("documents.zip")).unwrap();
    let mut zip = zip::ZipWriter::new(zip_file);
    for name in ["lettre_liaison_ehpad.txt", "ordonnance.txt", "ime_mdph.txt"] {
        zip.start_file(
            format!("courriers/{name}"),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        std::io::Write::write_all(
            &mut zip,
            &std::fs::read(format!("corpus/text/{name}")).unwrap(),
        )
        .unwrap();
        n += 1;
    }
    zip.finish().unwrap();
    std::fs::copy("corpus/xdm/IHE_XDM.ZIP", root.join("IHE_XDM.ZIP")).unwrap();
    n += 1;
    // Office documents are zips too, each one document.
    for name in ["fiche_liaison.docx", "residents.xlsx", "synthese_lo.odt"] {
        std::fs::copy(format!("corpus/office/{name}"), root.join(name)).unwrap();
        n += 1;
    }
    (root, n)
}

fn lines(path: &Path) -> Vec<WireReport> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line: {e}")))
        .collect()
}

fn inputs(reports: &[WireReport]) -> BTreeSet<String> {
    reports.iter().map(|r| r.input.clone()).collect()
}

const SALT: &str = "sel de test assez long pour tamis";

#[test]
fn an_archive_gives_one_line_per_message_and_document() {
    let dir = tempfile::tempdir().unwrap();
    let (root, n) = archive(dir.path());
    let out = dir.path().join("rapport.jsonl");
    let html = dir.path().join("synthese.html");
    let run = tamis()
        .env("TAMIS_SALT", SALT)
        .args(["batch", "--jobs", "2", "-o"])
        .arg(&out)
        .arg("--html")
        .arg(&html)
        .arg(&root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    // Some corpus e-mails are encrypted or damaged: flagged (1), none fails to be checked.
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    let reports = lines(&out);
    assert_eq!(reports.len(), n, "one line per input");
    assert_eq!(inputs(&reports).len(), n, "no input twice");
    let ids = inputs(&reports);
    assert!(ids.iter().any(|i| i.ends_with("boite.mbox#3")));
    assert!(
        ids.iter()
            .any(|i| i.ends_with("documents.zip!courriers/ordonnance.txt"))
    );
    assert!(
        ids.iter().any(|i| i.ends_with("IHE_XDM.ZIP")),
        "the package is one input"
    );
    for doc in ["fiche_liaison.docx", "residents.xlsx", "synthese_lo.odt"] {
        assert!(ids.iter().any(|i| i.ends_with(doc)), "{doc} is one input");
        assert!(
            !ids.iter().any(|i| i.contains(&format!("{doc}!"))),
            "{doc} not split"
        );
    }
    assert!(
        !ids.iter().any(|i| i.contains("/tmp/1700")),
        "Maildir tmp/ skipped"
    );
    // Each line is the report `tamis scan` gives on the same bytes.
    let letter = reports
        .iter()
        .find(|r| r.input.ends_with("lettre_liaison_ehpad.txt"))
        .unwrap();
    let (_, scan) = crate::wire::scan_json(Path::new("corpus/text/lettre_liaison_ehpad.txt"));
    assert_eq!(letter.verdict, scan.verdict);
    assert_eq!(letter.findings.len(), scan.findings.len());
    // Values hashed by default: no value in clear, senders hashed.
    for r in &reports {
        for f in &r.findings {
            if let Some(t) = &f.text {
                assert!(t.starts_with("sha256:"), "a value in clear");
            }
        }
        if let Some(s) = &r.sender {
            assert!(s.starts_with("sha256:"));
        }
    }
    let raw = std::fs::read_to_string(&out).unwrap();
    for clear in ["LEROUX", "2 36 06 76 217 045 04", "14/06/1936"] {
        assert!(!raw.contains(clear), "a value of the letter in clear");
    }
    // The summary: on standard error (no progress bar: not a terminal) and as an HTML page.
    assert!(stderr.contains(&format!("{n} entrée(s)")), "{stderr}");
    assert!(
        !stderr.contains('\r') && !stderr.contains('\u{1b}'),
        "a progress bar was drawn"
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<svg") && page.contains("Messages à revoir en priorité"));
    assert!(!page.contains("LEROUX") && !page.contains("<script"));
}

#[test]
fn a_stopped_run_resumes_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let (root, n) = archive(dir.path());
    let out = dir.path().join("rapport.jsonl");
    let full = |extra: &[&str]| {
        tamis()
            .env("TAMIS_SALT", SALT)
            .args(["batch", "--jobs", "2", "-o"])
            .arg(&out)
            .args(extra)
            .arg(&root)
            .output()
            .unwrap()
    };
    full(&[]);
    let complete = std::fs::read_to_string(&out).unwrap();
    // As if stopped: the first five lines and half of the sixth.
    let kept: Vec<&str> = complete.lines().take(6).collect();
    let mut cut = kept[..5].join("\n");
    cut.push('\n');
    cut.push_str(&kept[5][..kept[5].len() / 2]);
    std::fs::write(&out, &cut).unwrap();
    let run = full(&["--resume"]);
    assert!(run.status.code().is_some_and(|c| c <= 1));
    let reports = lines(&out);
    assert_eq!(reports.len(), n, "each input once after the resumed run");
    assert_eq!(inputs(&reports).len(), n);
    let first: BTreeSet<String> = complete
        .lines()
        .map(|l| serde_json::from_str::<WireReport>(l).unwrap().input)
        .collect();
    assert_eq!(inputs(&reports), first);
}

#[test]
fn shards_cover_the_archive_once_and_summarise_together() {
    let dir = tempfile::tempdir().unwrap();
    let (root, n) = archive(dir.path());
    let mut all = BTreeSet::new();
    let mut outs = Vec::new();
    for i in 1..=3 {
        let out = dir.path().join(format!("part{i}.jsonl"));
        tamis()
            .env("TAMIS_SALT", SALT)
            .args(["batch", "--jobs", "1", "--shard", &format!("{i}/3"), "-o"])
            .arg(&out)
            .arg(&root)
            .output()
            .unwrap();
        let got = inputs(&lines(&out));
        assert!(got.is_disjoint(&all), "an input in two shards");
        all.extend(got);
        outs.push(out);
    }
    assert_eq!(all.len(), n, "every input in one shard");
    let whole = dir.path().join("all.jsonl");
    let one = tamis()
        .env("TAMIS_SALT", SALT)
        .args(["batch", "-o"])
        .arg(&whole)
        .arg(&root)
        .output()
        .unwrap();
    let merged = tamis()
        .args(["batch", "--summarise"])
        .args(&outs)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&merged.stderr),
        String::from_utf8_lossy(&one.stderr),
        "the shards' summary is the whole run's"
    );
    assert_eq!(merged.status.code(), one.status.code());
    let bad = tamis()
        .args(["batch", "--shard", "4/3", "x"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

/// `--shard auto` takes the shard from a Kubernetes indexed Job or a Slurm array: the same
/// inputs as the shard given by hand.
#[test]
fn shard_auto_reads_the_kubernetes_job_index_or_the_slurm_array_task() {
    let dir = tempfile::tempdir().unwrap();
    let (root, _) = archive(dir.path());
    let run = |shard: &str, env: &[(&str, &str)], name: &str| {
        let out = dir.path().join(name);
        let mut cmd = tamis();
        for k in [
            "JOB_COMPLETION_INDEX",
            "TAMIS_SHARD_COUNT",
            "SLURM_ARRAY_TASK_ID",
            "SLURM_ARRAY_TASK_COUNT",
            "SLURM_ARRAY_TASK_MIN",
        ] {
            cmd.env_remove(k);
        }
        cmd.envs(env.iter().copied())
            .env("TAMIS_SALT", SALT)
            .args(["batch", "--jobs", "1", "--shard", shard, "-o"])
            .arg(&out)
            .arg(&root);
        let done = cmd.output().unwrap();
        (done, out)
    };
    let (_, given) = run("2/3", &[], "given.jsonl");
    let want = inputs(&lines(&given));
    assert!(!want.is_empty());
    let (_, k8s) = run(
        "auto",
        &[("JOB_COMPLETION_INDEX", "1"), ("TAMIS_SHARD_COUNT", "3")],
        "k8s.jsonl",
    );
    assert_eq!(inputs(&lines(&k8s)), want);
    let (_, slurm) = run(
        "auto",
        &[
            ("SLURM_ARRAY_TASK_ID", "6"),
            ("SLURM_ARRAY_TASK_MIN", "5"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ],
        "slurm.jsonl",
    );
    assert_eq!(inputs(&lines(&slurm)), want);
    for (env, says) in [
        (&[][..], "neither"),
        (&[("JOB_COMPLETION_INDEX", "0")][..], "TAMIS_SHARD_COUNT"),
        (
            &[("JOB_COMPLETION_INDEX", "3"), ("TAMIS_SHARD_COUNT", "3")][..],
            "shard 3 of 3",
        ),
        (
            &[
                ("SLURM_ARRAY_TASK_ID", "x"),
                ("SLURM_ARRAY_TASK_COUNT", "3"),
            ][..],
            "not a number",
        ),
    ] {
        let (done, _) = run("auto", env, "bad.jsonl");
        assert_eq!(done.status.code(), Some(2));
        let err = String::from_utf8_lossy(&done.stderr);
        assert!(err.contains(says), "{err}");
    }
}
