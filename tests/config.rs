//! The configuration file: `tamis check-config` and the flags that override the file.

use assert_cmd::Command;

fn tamis() -> Command {
    let mut c = Command::cargo_bin("tamis").unwrap();
    c.env_remove("TAMIS_CONFIG").env_remove("TAMIS_LOG");
    c
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn check_config_accepts_the_shipped_example_and_names_each_problem_with_its_position() {
    let out = tamis()
        .args(["check-config", "deploy/tamis.toml"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("deploy/tamis.toml: ok"));

    let dir = tempfile::tempdir().unwrap();
    let root = std::env::current_dir().unwrap();
    let corpus = |p: &str| root.join(p).display().to_string();
    let bad_policy = write(dir.path(), "politique.toml", "version = 1\n[soins]\n");
    let cases: Vec<(String, String)> = vec![
        // An unknown key, with its line and column.
        (
            "[milter]\nmode = \"advise\"\nmetrics = \"127.0.0.1:9\"\n".into(),
            "tamis.toml:3:1: unknown field `metrics`".into(),
        ),
        // A value of the wrong kind.
        (
            "[milter]\nmode = \"observe\"\n".into(),
            "tamis.toml:2:8: unknown variant `observe`".into(),
        ),
        // A file it points to is missing: the configuration's line.
        (
            format!(
                "directory = [\"{}\", \"absent.csv\"]\n",
                corpus("corpus/directory/annuaire.csv")
            ),
            "tamis.toml:1:".into(),
        ),
        // A policy with an error: the configuration's line and the policy's own position.
        (
            "\n\npolicy = \"politique.toml\"\n".into(),
            "tamis.toml:3:10: policy: ".into(),
        ),
        (
            "[milter]\nsubmitter_network = [\"10.0.0.0/40\"]\n".into(),
            "tamis.toml:2:22:".into(),
        ),
        (
            "[serve]\ntoken_file = \"jeton\"\n".into(),
            "tamis.toml:2:14: token_file:".into(),
        ),
    ];
    for (text, want) in cases {
        let conf = write(dir.path(), "tamis.toml", &text);
        let out = tamis().args(["check-config", &conf]).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{text}: {err}");
        assert!(err.contains(&want), "{text}: want {want:?} in {err}");
    }
    // The policy's own position comes with it.
    let conf = write(dir.path(), "tamis.toml", "policy = \"politique.toml\"\n");
    let err = tamis()
        .args(["check-config", &conf])
        .output()
        .unwrap()
        .stderr;
    let err = String::from_utf8_lossy(&err);
    assert!(err.contains(&format!("{bad_policy}:2:")), "{err}");
    // The same file given to a command stops it with the same message.
    let conf = write(dir.path(), "tamis.toml", "[limits]\nmax_size = 3\n");
    let out = tamis()
        .args(["--config", &conf, "scan", "corpus/text/ordonnance.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("tamis.toml:2:1: unknown field `max_size`")
    );
}

#[test]
fn the_file_sets_what_the_flags_do_and_a_flag_wins() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::env::current_dir().unwrap();
    let conf = write(
        dir.path(),
        "tamis.toml",
        &format!(
            "annuaire = [\"{}\"]\n[limits]\nmax_input = 100\n",
            root.join("corpus/directory/extract_mssante.txt").display()
        ),
    );
    // The file's limit applies…
    let out = tamis()
        .args([
            "--config",
            &conf,
            "scan",
            "corpus/text/saad_fiche_liaison.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("limit of 100 bytes"));
    // …unless a flag says otherwise; the file's directory makes the rules run.
    let out = tamis()
        .args([
            "--config",
            &conf,
            "scan",
            "--max-input",
            "1000000",
            "--format",
            "json",
            "--purpose",
            "medico_social_follow_up",
            "--to",
            "planning@saad-les-rochers.mssante.fr",
            "corpus/text/saad_fiche_liaison.txt",
        ])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["recipients"][0]["role"], "medico_social_staff",
        "{report}"
    );
    // TAMIS_CONFIG names the file when --config does not.
    let out = tamis()
        .env("TAMIS_CONFIG", &conf)
        .args(["scan", "corpus/text/saad_fiche_liaison.txt"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("limit of 100 bytes"));
}

/// The man pages and completions of the Debian package come from the command line's own
/// definition: one page per command, with its options.
#[test]
fn generate_assets_writes_a_man_page_per_command_and_the_completions() {
    let dir = tempfile::tempdir().unwrap();
    let out = tamis()
        .args(["generate-assets"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (command, option) in [
        ("tamis", "check\\-config"),
        ("tamis-milter", "\\-\\-submitter\\-network"),
        ("tamis-serve", "\\-\\-token\\-file"),
        ("tamis-batch", "\\-\\-shard"),
        ("tamis-check-config", "FILE"),
    ] {
        let page = std::fs::read_to_string(dir.path().join(format!("man/{command}.1"))).unwrap();
        assert!(page.contains(&format!(".TH {command} 1")), "{command}");
        assert!(page.contains(option), "{command}: {option}");
    }
    assert!(
        !dir.path().join("man/tamis-generate-assets.1").exists(),
        "a hidden command"
    );
    for (file, mark) in [
        ("tamis.bash", "complete -F"),
        ("_tamis", "#compdef tamis"),
        ("tamis.fish", "complete -c tamis"),
    ] {
        let text = std::fs::read_to_string(dir.path().join("completions").join(file)).unwrap();
        assert!(text.contains(mark) && text.contains("milter"), "{file}");
    }
}
