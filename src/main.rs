//! The `tamis` command line. Library errors are mapped here to messages and exit codes:
//! 0 nothing found beyond need, 1 findings, 2 error.

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use tamis::config::Config;
use tamis::report::{Report, Salt, Values, Verdict};
use tamis::scan::Scratch;

#[derive(Parser)]
#[command(
    name = "tamis",
    version,
    about = "Filtre de minimisation des données de santé sortantes"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// More detail on standard error: `-v` one line per input (counts, verdict, rules, time),
    /// `-vv` one per part too. Never a name, an identifier or a health term. `TAMIS_LOG`
    /// (e.g. `tamis=debug`) overrides it.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    /// How log lines are written [default: text].
    #[arg(long, value_enum, global = true)]
    log_format: Option<LogFormat>,
    /// The configuration file (TOML; flags override it) [default: `TAMIS_CONFIG`, else
    /// /etc/tamis/tamis.toml when it exists].
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    /// `2026-11-29T12:00:00Z INFO tamis::milter: message checked queue_id=… verdict=…`
    Text,
    /// One JSON object per line (for journald, Loki, Elasticsearch…).
    Json,
}

/// Logs go to standard error. The services (`serve`, `milter`) log one line per request or
/// message by default, the commands only warnings; `-v`/`-vv` add the pipeline's own events.
/// Other crates' events stay at `warn`: their debug output may quote protocol bytes.
fn init_logging(cli: &Cli, cfg: &Config) {
    let service = match cli.command {
        #[cfg(feature = "server")]
        Command::Serve(_) | Command::Milter(_) => true,
        _ => false,
    };
    let level = match (cli.verbose, service) {
        (0, false) => "warn",
        (0, true) => "info",
        (1, _) => "debug",
        _ => "trace",
    };
    let filter = std::env::var("TAMIS_LOG")
        .ok()
        .and_then(|v| tracing_subscriber::EnvFilter::try_new(v).ok())
        .unwrap_or_else(|| tracing_subscriber::EnvFilter::new(format!("warn,tamis={level}")));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let json = match cli.log_format {
        Some(f) => matches!(f, LogFormat::Json),
        None => cfg.log.format == Some(tamis::config::LogFormat::Json),
    };
    let done = if json {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
    if done.is_err() {
        eprintln!("tamis: logging could not be set up");
    }
}

#[derive(Subcommand)]
enum Command {
    /// Scan documents and report the personal and health data found in them.
    Scan(ScanArgs),
    /// Write a minimised copy of a document: what its recipients may not receive is removed.
    Redact(RedactArgs),
    /// Scan archives (folders, mbox files, Maildirs, zip archives) on all cores: one JSON
    /// line per message or document, and a summary.
    Batch(BatchArgs),
    /// Serve the pre-send check over HTTP (`POST /v1/check`, `POST /v1/redact`, `GET /healthz`).
    #[cfg(feature = "server")]
    Serve(ServeArgs),
    /// Filter outgoing mail on the relay: a milter for Postfix (`smtpd_milters`).
    #[cfg(feature = "server")]
    Milter(MilterArgs),
    /// Check a configuration file and everything it points to (policy, directories, Annuaire
    /// extracts, token and salt files): `file:line:column` for each problem, exit 2 if any.
    CheckConfig(CheckConfigArgs),
    /// Write the man pages and the shell completions into a folder (for packaging).
    #[command(hide = true)]
    GenerateAssets {
        /// The folder: `man/` and `completions/` are made in it.
        dir: PathBuf,
    },
}

#[derive(clap::Args)]
struct CheckConfigArgs {
    /// The file [default: --config, `TAMIS_CONFIG`, else /etc/tamis/tamis.toml].
    file: Option<PathBuf>,
}

#[cfg(feature = "server")]
#[derive(clap::Args, Clone)]
struct MilterArgs {
    #[command(flatten)]
    setup: SetupArgs,
    /// Where to listen: `inet:HOST:PORT` or `unix:/path/to/socket` [default:
    /// inet:127.0.0.1:7357].
    #[arg(long)]
    listen: Option<String>,
    /// `enforce`: a message to minimise is replaced by its minimised copy, a blocked one refused;
    /// `advise`: every message goes as it is, with the verdict and the counts in headers, and
    /// the log says what enforce would have done (the observation phase) [default: enforce].
    #[arg(long, value_enum)]
    mode: Option<MilterMode>,
    /// Longest time to check one message, in seconds; then the MTA is told to try again later
    /// [default: 60].
    #[arg(long)]
    timeout: Option<u64>,
    /// Where to serve the Prometheus metrics (`HOST:PORT`, `GET /metrics`) [default: not
    /// served].
    #[arg(long)]
    metrics_listen: Option<String>,
    /// A client network (`10.1.0.0/16`, or one address) whose messages may declare the care
    /// team, consent and opposition in `X-Tamis-Care-Team`, `X-Tamis-Consent`,
    /// `X-Tamis-Opposition`; repeatable. Anyone else's such headers are deleted.
    #[arg(long)]
    submitter_network: Vec<tamis::milter::Network>,
    /// An SMTP AUTH login (`{auth_authen}`) whose messages may declare them (`*`: any
    /// authenticated sender); repeatable.
    #[arg(long)]
    submitter_login: Vec<String>,
}

#[cfg(feature = "server")]
#[derive(Clone, Copy, ValueEnum)]
enum MilterMode {
    /// Headers only, every message passes (the observation phase).
    Advise,
    /// Minimise what is sent.
    Enforce,
}

#[cfg(feature = "server")]
#[derive(clap::Args, Clone)]
struct ServeArgs {
    #[command(flatten)]
    setup: SetupArgs,
    /// Address to listen on (loopback by default: put a TLS proxy in front to open it)
    /// [default: 127.0.0.1:8080].
    #[arg(long)]
    listen: Option<String>,
    /// File holding the bearer token every `/v1/` call must present (else `TAMIS_TOKEN`;
    /// else no token is asked).
    #[arg(long)]
    token_file: Option<PathBuf>,
    /// How values appear in reports when a request does not say [default: clear].
    #[arg(long, value_enum)]
    values: Option<ValuesArg>,
    /// Longest time for one request, in seconds (reading the upload included) [default: 120].
    #[arg(long)]
    timeout: Option<u64>,
    /// Longest time a client may take to send a request's headers, in seconds (slow clients
    /// are disconnected) [default: 10].
    #[arg(long)]
    header_timeout: Option<u64>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// One JSON report per input, one per line (JSON Lines).
    Json,
    /// A readable listing.
    Text,
}

#[derive(Clone, Copy, ValueEnum)]
enum ValuesArg {
    /// The text found, as it is in the document.
    Clear,
    /// A salted hash of the text (`--salt-file` or `TAMIS_SALT`; a random salt otherwise).
    Hashed,
    /// No text: categories, codes and offsets only.
    None,
}

/// What is sent, why and to whom, and the set-up: shared by `scan`, `redact` and `batch`.
#[derive(clap::Args)]
struct ContextArgs {
    /// Why the documents are sent (else, for an e-mail, its purpose header).
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(tamis::policy::Purpose::NAMES))]
    purpose: Option<String>,
    /// The sender's address (else, for an e-mail, its From).
    #[arg(long)]
    from: Option<String>,
    /// A recipient's address, repeatable (else, for an e-mail, its To, Cc and Bcc).
    #[arg(long)]
    to: Vec<String>,
    /// The recipients are members of the person's care team.
    #[arg(long)]
    care_team: bool,
    /// The person consented to the exchange.
    #[arg(long)]
    consent: bool,
    /// The person opposed the exchange.
    #[arg(long)]
    opposition: bool,
    #[command(flatten)]
    setup: SetupArgs,
}

/// The policy, the directory, the trust space and the limits: shared by every subcommand.
#[derive(clap::Args, Clone)]
struct SetupArgs {
    /// The minimisation policy (TOML; default: the shipped `policy/default.toml`).
    #[arg(long)]
    policy: Option<PathBuf>,
    /// A local directory of recipients (CSV: address,role,structure,trusted), repeatable.
    #[arg(long)]
    directory: Vec<PathBuf>,
    /// The Annuaire Santé extract of MSSanté mailboxes (`|`-separated), repeatable.
    #[arg(long)]
    annuaire: Vec<PathBuf>,
    /// A domain trusted besides `*.mssante.fr` (`ght-caux.fr` or `*.ght-caux.fr`), repeatable.
    #[arg(long)]
    trusted_domain: Vec<String>,
    /// Header of an e-mail that carries the purpose [default: X-Tamis-Purpose].
    #[arg(long)]
    purpose_header: Option<String>,
    /// Largest input accepted, in bytes [default: 67108864].
    #[arg(long)]
    max_input: Option<usize>,
    /// Deepest nesting accepted (attachments in forwarded messages, files in archives)
    /// [default: 8].
    #[arg(long)]
    max_depth: Option<u32>,
    /// Longest time spent on one input, in seconds [default: 60].
    #[arg(long)]
    max_seconds: Option<u64>,
}

impl ContextArgs {
    fn context(&self) -> tamis::context::Context {
        tamis::context::Context {
            purpose: self.purpose.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            care_team: self.care_team,
            consent: self.consent,
            opposition: self.opposition,
        }
    }
}

#[derive(clap::Args)]
struct ScanArgs {
    #[command(flatten)]
    context: ContextArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Pretty-print JSON (one indented object per input).
    #[arg(long)]
    pretty: bool,
    /// How found values appear in the report.
    #[arg(long, value_enum, default_value = "clear")]
    values: ValuesArg,
    /// File whose contents salt the hashes of `--values hashed` (else the `TAMIS_SALT`
    /// environment variable; else a random salt: hashes then compare within one run only).
    #[arg(long)]
    salt_file: Option<PathBuf>,
    /// Files to scan (`-` for standard input).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
}

#[derive(clap::Args)]
struct BatchArgs {
    #[command(flatten)]
    context: ContextArgs,
    /// Worker threads (default: all cores).
    #[arg(long)]
    jobs: Option<usize>,
    /// The JSON Lines report (default: standard output).
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
    /// Skip the inputs already in the output (a run that was stopped), and append.
    #[arg(long, requires = "output")]
    resume: bool,
    /// Only the inputs of shard I of N (`2/8`): spread an archive over several machines.
    /// `auto`: from a Kubernetes indexed Job (`JOB_COMPLETION_INDEX`, and the count in
    /// `TAMIS_SHARD_COUNT`) or a Slurm job array (`SLURM_ARRAY_TASK_ID`,
    /// `SLURM_ARRAY_TASK_COUNT`, `SLURM_ARRAY_TASK_MIN`); see `deploy/batch-job.yaml` and
    /// `deploy/batch.sbatch`.
    #[arg(long, value_parser = parse_shard)]
    shard: Option<Shard>,
    /// How found values appear in the lines (hashed by default: an archive report is kept).
    #[arg(long, value_enum)]
    values: Option<ValuesArg>,
    /// File whose contents salt the hashes (else `TAMIS_SALT`, else random: give one to
    /// compare hashes across runs and shards).
    #[arg(long)]
    salt_file: Option<PathBuf>,
    /// How Message-IDs appear in the lines' `audit` fields (hashed with the salt by default;
    /// `clear` to find a message again in the mail server).
    #[arg(long, value_enum)]
    message_ids: Option<ValuesArg>,
    /// How the sender's mailbox appears in the lines' `audit` fields (in clear by default: a
    /// staff mailbox is the structure's data; `hashed` or `none` otherwise).
    #[arg(long, value_enum)]
    mailboxes: Option<ValuesArg>,
    /// Also write the summary as an HTML page (charts, opens offline) for the DPO.
    #[arg(long)]
    html: Option<PathBuf>,
    /// The PATHs are JSON Lines reports of earlier runs (shards): only summarise them.
    #[arg(long)]
    summarise: bool,
    /// With `--summarise`: JSON Lines reports of an earlier period or policy, compared with
    /// the PATHs (before → after) on standard error and at the top of the HTML page.
    #[arg(long, requires = "summarise", num_args = 1.., value_name = "JSONL")]
    before: Vec<PathBuf>,
    /// Folders, mbox files, Maildirs, zip archives, files.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

/// A shard given, or to be read from the cluster's environment.
#[derive(Clone, Copy)]
enum Shard {
    Given(u64, u64),
    Auto,
}

fn parse_shard(s: &str) -> Result<Shard, String> {
    if s.trim() == "auto" {
        return Ok(Shard::Auto);
    }
    let (i, n) = parse_shard_numbers(s)?;
    Ok(Shard::Given(i, n))
}

/// The shard (0-based index, count) of this task of a Kubernetes indexed Job or a Slurm job
/// array, from `var` (the environment).
fn shard_from_env(var: impl Fn(&str) -> Option<String>) -> Result<(u64, u64)> {
    let number = |name: &str| -> Result<Option<u64>> {
        match var(name) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| anyhow::anyhow!("--shard auto: {name}={v:?} is not a number")),
        }
    };
    let (index, count, source) = if let Some(index) = number("JOB_COMPLETION_INDEX")? {
        let count = number("TAMIS_SHARD_COUNT")?.ok_or_else(|| {
            anyhow::anyhow!(
                "--shard auto: JOB_COMPLETION_INDEX is set but not TAMIS_SHARD_COUNT (the Job's completions)"
            )
        })?;
        (index, count, "JOB_COMPLETION_INDEX")
    } else if let Some(id) = number("SLURM_ARRAY_TASK_ID")? {
        let count = number("SLURM_ARRAY_TASK_COUNT")?
            .ok_or_else(|| anyhow::anyhow!("--shard auto: SLURM_ARRAY_TASK_COUNT is not set"))?;
        let min = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
        (id.saturating_sub(min), count, "SLURM_ARRAY_TASK_ID")
    } else {
        bail!(
            "--shard auto: neither a Kubernetes indexed Job (JOB_COMPLETION_INDEX) nor a Slurm array (SLURM_ARRAY_TASK_ID)"
        );
    };
    if count == 0 || index >= count {
        bail!("--shard auto: {source} gives shard {index} of {count}");
    }
    Ok((index, count))
}

/// `I/N` with 1 ≤ I ≤ N → (I-1, N).
fn parse_shard_numbers(s: &str) -> Result<(u64, u64), String> {
    let (i, n) = s
        .split_once('/')
        .ok_or_else(|| "expected I/N, e.g. 2/8".to_string())?;
    let (i, n): (u64, u64) = (
        i.trim().parse().map_err(|_| "I is not a number")?,
        n.trim().parse().map_err(|_| "N is not a number")?,
    );
    if n == 0 || i == 0 || i > n {
        return Err(format!("shard {i}/{n}: need 1 ≤ I ≤ N"));
    }
    Ok((i - 1, n))
}

#[derive(clap::Args)]
struct RedactArgs {
    #[command(flatten)]
    context: ContextArgs,
    /// Where to write the minimised copy (`-` for standard output).
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    /// Also write the report (JSON) to this file.
    #[arg(long)]
    report: Option<PathBuf>,
    /// How found values appear in that report (hashed by default: it may travel with the copy).
    #[arg(long, value_enum, default_value = "hashed")]
    values: ValuesArg,
    /// File whose contents salt the hashes of `--values hashed` (else `TAMIS_SALT`, else random).
    #[arg(long)]
    salt_file: Option<PathBuf>,
    /// The document or e-mail to minimise (`-` for standard input).
    input: PathBuf,
}

fn main() -> ExitCode {
    // Before any thread: OpenMP inside Tesseract must see OMP_THREAD_LIMIT=1 when it loads.
    tamis::ocr::ensure_thread_limit();
    let cli = Cli::parse();
    if let Command::CheckConfig(args) = &cli.command {
        return check_config(args.file.as_deref().or(cli.config.as_deref()));
    }
    if let Command::GenerateAssets { dir } = &cli.command {
        return match generate_assets(dir) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("tamis: {e:#}");
                ExitCode::from(2)
            }
        };
    }
    let cfg = match Config::find(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("tamis: {e}");
            return ExitCode::from(2);
        }
    };
    init_logging(&cli, &cfg);
    let verbose = cli.verbose;
    let done = match &cli.command {
        Command::Scan(args) => scan(args, &cfg),
        Command::Batch(args) => batch(args, &cfg, verbose),
        #[cfg(feature = "server")]
        Command::Serve(args) => serve(args, cfg, cli.config.clone()),
        #[cfg(feature = "server")]
        Command::Milter(args) => milter(args, cfg, cli.config.clone()),
        Command::Redact(args) => redact(args, &cfg),
        Command::CheckConfig(_) | Command::GenerateAssets { .. } => {
            unreachable!("handled above")
        }
    };
    match done {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tamis: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// The man pages (`tamis.1`, and `tamis-<command>.1` for each visible command) and the
/// completions for bash, zsh and fish, from the command line's own definition.
fn generate_assets(dir: &std::path::Path) -> Result<()> {
    use clap::CommandFactory;
    let man = dir.join("man");
    let completions = dir.join("completions");
    for d in [&man, &completions] {
        std::fs::create_dir_all(d).with_context(|| format!("cannot create {}", d.display()))?;
    }
    let cmd = Cli::command();
    let page = |c: clap::Command, name: &str| -> Result<()> {
        let mut out = Vec::new();
        clap_mangen::Man::new(c).render(&mut out)?;
        let path = man.join(format!("{name}.1"));
        std::fs::write(&path, out).with_context(|| format!("cannot write {}", path.display()))
    };
    page(cmd.clone(), "tamis")?;
    for sub in cmd.get_subcommands().filter(|c| !c.is_hide_set()) {
        // clap names a command with a `&'static str`; this runs once, at packaging.
        let name: &'static str = Box::leak(format!("tamis-{}", sub.get_name()).into_boxed_str());
        page(
            sub.clone().name(name).version(env!("CARGO_PKG_VERSION")),
            name,
        )?;
    }
    for (shell, file) in [
        (clap_complete::Shell::Bash, "tamis.bash"),
        (clap_complete::Shell::Zsh, "_tamis"),
        (clap_complete::Shell::Fish, "tamis.fish"),
    ] {
        let mut out = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "tamis", &mut out);
        let path = completions.join(file);
        std::fs::write(&path, out).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// `tamis check-config`: reads the file and builds everything it points to, as the services
/// would; exit 0 when all is well, 2 with the first problem (`file:line:column: …`).
fn check_config(file: Option<&std::path::Path>) -> ExitCode {
    let path = file
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("TAMIS_CONFIG").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(tamis::config::DEFAULT_PATH));
    let checked = Config::load(&path)
        .map_err(anyhow::Error::from)
        .and_then(|cfg| {
            let no_setup = SetupArgs::none();
            let pipeline = pipeline(&no_setup, &cfg)?;
            if let Some(t) = &cfg.serve.token_file {
                token(&cfg.path(t))
                    .map_err(|e| anyhow::anyhow!(cfg.error_at(t, format!("token_file: {e:#}"))))?;
            }
            if let Some(f) = &cfg.batch.salt_file {
                salt(Some(&cfg.path(f)), None)
                    .map_err(|e| anyhow::anyhow!(cfg.error_at(f, format!("salt_file: {e:#}"))))?;
            }
            #[cfg(feature = "server")]
            for (key, addr) in [
                ("serve.listen", &cfg.serve.listen),
                ("milter.metrics_listen", &cfg.milter.metrics_listen),
            ] {
                if let Some(a) = addr
                    && a.get_ref().parse::<std::net::SocketAddr>().is_err()
                    && !a.get_ref().contains(':')
                {
                    bail!(cfg.error_at(a, format!("{key}: HOST:PORT expected")));
                }
            }
            #[cfg(feature = "server")]
            if let Some(l) = &cfg.milter.listen
                && !(l.get_ref().starts_with("inet:")
                    || l.get_ref().starts_with("unix:")
                    || l.get_ref().starts_with("local:"))
            {
                bail!(cfg.error_at(l, "milter.listen: inet:HOST:PORT or unix:/path expected"));
            }
            Ok((cfg, pipeline))
        });
    match checked {
        Ok((cfg, pipeline)) => {
            println!(
                "{}: ok (policy {}, {} directory entries, {} trusted domain(s))",
                path.display(),
                cfg.policy.as_ref().map_or_else(
                    || "shipped".to_string(),
                    |p| cfg.path(p).display().to_string()
                ),
                pipeline.setup.directory.len(),
                cfg.trusted_domain.len(),
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("tamis: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn read_input(path: &PathBuf, max: usize) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let limit = max as u64 + 1;
    if path.as_os_str() == "-" {
        std::io::stdin().take(limit).read_to_end(&mut bytes)?;
    } else {
        std::fs::File::open(path)?
            .take(limit)
            .read_to_end(&mut bytes)?;
    }
    if bytes.len() > max {
        bail!("larger than the limit of {max} bytes (--max-input)");
    }
    Ok(bytes)
}

/// The salt of hashed values: a file's contents (`--salt-file`, else the configuration's
/// `[batch] salt_file`), `TAMIS_SALT`, or random bytes.
fn salt(file: Option<&PathBuf>, cfg: Option<&Config>) -> Result<Salt> {
    let from_config = cfg.and_then(|c| c.batch.salt_file.as_ref().map(|f| c.path(f)));
    if let Some(path) = file.or(from_config.as_ref()) {
        let secret = std::fs::read(path)
            .with_context(|| format!("cannot read the salt file {}", path.display()))?;
        if secret.len() < 16 {
            bail!("the salt file {} holds fewer than 16 bytes", path.display());
        }
        return Ok(Salt::from_secret(&secret));
    }
    if let Some(secret) = std::env::var_os("TAMIS_SALT") {
        return Ok(Salt::from_secret(secret.as_encoded_bytes()));
    }
    let mut random = [0u8; 32];
    getrandom::fill(&mut random).map_err(|e| anyhow::anyhow!("no random salt: {e}"))?;
    Ok(Salt(random))
}

impl SetupArgs {
    /// No flag given: everything from the configuration file.
    fn none() -> SetupArgs {
        SetupArgs {
            policy: None,
            directory: Vec::new(),
            annuaire: Vec::new(),
            trusted_domain: Vec::new(),
            purpose_header: None,
            max_input: None,
            max_depth: None,
            max_seconds: None,
        }
    }
}

/// The pipeline (policy, directory, limits), from the command line and the configuration file:
/// a flag wins over the file (a list given on the command line replaces the file's). A problem
/// in a file the configuration points to names the configuration's line too.
fn pipeline(args: &SetupArgs, cfg: &Config) -> Result<tamis::pipeline::Pipeline> {
    use toml::Spanned;
    let at = |v: &Spanned<PathBuf>, key: &str, e: &dyn std::fmt::Display| {
        anyhow::anyhow!(cfg.error_at(v, format!("{key}: {e}")))
    };
    let policy = match (&args.policy, &cfg.policy) {
        (Some(path), _) => tamis::policy::Policy::load(path)?,
        (None, Some(p)) => {
            tamis::policy::Policy::load(&cfg.path(p)).map_err(|e| at(p, "policy", &e))?
        }
        (None, None) => tamis::policy::Policy::default(),
    };
    let mut trust = tamis::recipients::TrustSpace::new();
    if args.trusted_domain.is_empty() {
        for d in &cfg.trusted_domain {
            trust
                .add(d.get_ref())
                .map_err(|e| anyhow::anyhow!(cfg.error_at(d, format!("trusted_domain: {e}"))))?;
        }
    }
    for d in &args.trusted_domain {
        trust
            .add(d)
            .with_context(|| format!("--trusted-domain {d:?}"))?;
    }
    let mut directory = tamis::recipients::Directory::new().with_trust_space(trust);
    if args.annuaire.is_empty() {
        for p in &cfg.annuaire {
            directory
                .load_extract(&cfg.path(p))
                .map_err(|e| at(p, "annuaire", &e))?;
        }
    }
    for path in &args.annuaire {
        directory.load_extract(path)?;
    }
    // The local directory last: it corrects the national extract.
    if args.directory.is_empty() {
        for p in &cfg.directory {
            directory
                .load_csv(&cfg.path(p))
                .map_err(|e| at(p, "directory", &e))?;
        }
    }
    for path in &args.directory {
        directory.load_csv(path)?;
    }
    let setup = tamis::decide::Setup { policy, directory };
    let mut pipeline =
        tamis::pipeline::Pipeline::new(setup).context("cannot build the scanning engine")?;
    let defaults = tamis::extract::Limits::default();
    pipeline.limits = tamis::extract::Limits {
        max_input: args
            .max_input
            .or(cfg.limits.max_input)
            .unwrap_or(tamis::input::DEFAULT_MAX_INPUT),
        max_depth: args
            .max_depth
            .or(cfg.limits.max_depth)
            .unwrap_or(defaults.max_depth),
        max_time: args
            .max_seconds
            .or(cfg.limits.max_seconds)
            .map_or(defaults.max_time, std::time::Duration::from_secs),
        ..defaults
    };
    if let Some(h) = args
        .purpose_header
        .clone()
        .or_else(|| cfg.purpose_header.as_ref().map(|h| h.get_ref().clone()))
    {
        pipeline.purpose_header = h;
    }
    Ok(pipeline)
}

/// The values mode of a flag, else of the configuration, else `default`.
fn values_mode(
    flag: Option<ValuesArg>,
    file: Option<tamis::config::Values>,
    default: ValuesArg,
) -> ValuesArg {
    flag.or(file.map(|v| match v {
        tamis::config::Values::Clear => ValuesArg::Clear,
        tamis::config::Values::Hashed => ValuesArg::Hashed,
        tamis::config::Values::None => ValuesArg::None,
    }))
    .unwrap_or(default)
}

fn scan(args: &ScanArgs, cfg: &Config) -> Result<ExitCode> {
    let pipeline = pipeline(&args.context.setup, cfg)?;
    let context = args.context.context();
    let mut scratch = Scratch::default();
    let values = match args.values {
        ValuesArg::Clear => Values::Clear,
        ValuesArg::Hashed => Values::Hashed(salt(args.salt_file.as_ref(), Some(cfg))?),
        ValuesArg::None => Values::None,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut worst = Verdict::Pass;
    let mut failed = false;
    for path in &args.inputs {
        let name = path.display().to_string();
        let bytes = match read_input(path, pipeline.limits.max_input) {
            Ok(b) => b,
            Err(e) => {
                // The path is the user's own; the error never holds document content.
                eprintln!("tamis: {name}: {e}");
                failed = true;
                continue;
            }
        };
        let hint = path.file_name().and_then(|n| n.to_str());
        // The rules need to know who the recipients are: they run once the caller gives a
        // directory or the recipients (`Pipeline::decides`). A bare scan reports what it
        // found, for review.
        let checked = match pipeline.check(&bytes, hint, &context, values, &mut scratch) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("tamis: {name}: {e}");
                failed = true;
                continue;
            }
        };
        let mut report = checked.report;
        report.input = name;
        worst = worst.max(report.verdict);
        match args.format {
            Format::Json if args.pretty => {
                serde_json::to_writer_pretty(&mut out, &report)?;
                writeln!(out)?;
            }
            Format::Json => {
                serde_json::to_writer(&mut out, &report)?;
                writeln!(out)?;
            }
            Format::Text => write_text(&mut out, &report)?,
        }
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(2)
    } else if worst == Verdict::Pass {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `tamis batch`: exit 0 when every input passes, 1 when some must be minimised or are
/// blocked, 2 when some could not be checked.
fn batch(args: &BatchArgs, cfg: &Config, verbose: u8) -> Result<ExitCode> {
    use std::io::BufRead;
    let mut summary = tamis::batch::summary::Summary::default();
    if args.summarise {
        let read = |paths: &[PathBuf], summary: &mut tamis::batch::summary::Summary| {
            for path in paths {
                let file = std::fs::File::open(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                for line in std::io::BufReader::new(file).lines() {
                    summary.add_line(&line?);
                }
            }
            anyhow::Ok(())
        };
        read(&args.paths, &mut summary)?;
        let before = if args.before.is_empty() {
            None
        } else {
            let mut before = tamis::batch::summary::Summary::default();
            read(&args.before, &mut before)?;
            Some(before)
        };
        return finish_summary(args, &summary, before.as_ref());
    }
    let pipeline = pipeline(&args.context.setup, cfg)?;
    // One salt for the run: values, Message-IDs and mailboxes hashed alike.
    let run_salt = salt(args.salt_file.as_ref(), Some(cfg))?;
    let shown = |arg: ValuesArg| match arg {
        ValuesArg::Clear => Values::Clear,
        ValuesArg::Hashed => Values::Hashed(run_salt),
        ValuesArg::None => Values::None,
    };
    let values = shown(values_mode(
        args.values,
        cfg.batch.values,
        ValuesArg::Hashed,
    ));
    let opts = tamis::batch::Options {
        shown: tamis::batch::audit::Shown {
            message_id: shown(args.message_ids.unwrap_or(ValuesArg::Hashed)),
            mailbox: shown(args.mailboxes.unwrap_or(ValuesArg::Clear)),
        },
        jobs: args.jobs.or(cfg.batch.jobs).unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        }),
        shard: match args.shard {
            None => None,
            Some(Shard::Given(i, n)) => Some((i, n)),
            Some(Shard::Auto) => Some(shard_from_env(|k| std::env::var(k).ok())?),
        },
        values,
    };
    let mut skip = rustc_hash::FxHashSet::default();
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => {
            if args.resume && path.exists() {
                skip = resume_from(path)?;
            }
            let file = std::fs::OpenOptions::new()
                .create(true)
                .append(args.resume)
                .write(true)
                .truncate(!args.resume)
                .open(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            Box::new(std::io::BufWriter::with_capacity(1 << 16, file))
        }
        None => Box::new(std::io::BufWriter::with_capacity(
            1 << 16,
            std::io::stdout().lock(),
        )),
    };
    // Drawn on standard error when it is a terminal; hidden otherwise (a cron job, a pipe) and
    // when log lines go there (`-v`). The inputs are counted (a second walk of the archive, an
    // open of every file) only for a bar that is drawn.
    let drawn = verbose == 0 && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let bar = if drawn {
        indicatif::ProgressBar::new(tamis::batch::count(
            &args.paths,
            pipeline.limits.max_input,
            &opts,
            &skip,
        ))
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} ({per_sec}, reste {eta}) {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let context = args.context.context();
    let mut write_error: Option<std::io::Error> = None;
    let (mut errors, mut flagged) = (0u64, 0u64);
    tamis::batch::run(&pipeline, &context, &args.paths, &opts, &skip, |line| {
        match line.verdict {
            None => errors += 1,
            Some(Verdict::Pass) => {}
            Some(_) => flagged += 1,
        }
        if write_error.is_none()
            && let Err(e) = writeln!(out, "{}", line.json)
        {
            write_error = Some(e);
        }
        if args.output.is_none() {
            summary.add_line(&line.json);
        }
        bar.inc(1);
        if drawn {
            bar.set_message(format!("{flagged} à revoir, {errors} erreur(s)"));
        }
    });
    bar.finish_and_clear();
    if let Some(e) = write_error {
        return Err(e).context("cannot write the report");
    }
    out.flush()?;
    drop(out);
    if let Some(path) = &args.output {
        // The whole output, earlier runs included: the summary of the archive so far.
        let file = std::fs::File::open(path)?;
        for line in std::io::BufReader::new(file).lines() {
            summary.add_line(&line?);
        }
    }
    let code = finish_summary(args, &summary, None)?;
    Ok(if errors > 0 { ExitCode::from(2) } else { code })
}

/// The inputs already in an output, which is cut back to its last complete line.
fn resume_from(path: &PathBuf) -> Result<rustc_hash::FxHashSet<u64>> {
    let text = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let complete = text.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    if complete < text.len() {
        let file = std::fs::OpenOptions::new().write(true).open(path)?;
        file.set_len(complete as u64)?;
    }
    Ok(tamis::batch::done_inputs(&String::from_utf8_lossy(
        &text[..complete],
    )))
}

/// Prints the summary on standard error, writes the HTML page; the exit status from the
/// verdicts.
fn finish_summary(
    args: &BatchArgs,
    summary: &tamis::batch::summary::Summary,
    before: Option<&tamis::batch::summary::Summary>,
) -> Result<ExitCode> {
    eprint!("{}", summary.text());
    if let Some(before) = before {
        eprint!("{}", summary.text_compared(before));
    }
    if let Some(path) = &args.html {
        let title = if !args.summarise {
            "tamis : registre de l'analyse d'archives"
        } else {
            "tamis : registre de rapports d'analyse"
        };
        let page = match before {
            Some(before) => summary.html_compared(before, title),
            None => summary.html(title),
        };
        std::fs::write(path, page).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let flagged = summary.verdicts.iter().any(|(v, n)| v != "pass" && *n > 0);
    Ok(if summary.errors > 0 {
        ExitCode::from(2)
    } else if flagged {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The bearer token in `path` (16 characters or more).
fn token(path: &std::path::Path) -> Result<String> {
    let t = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the token file {}", path.display()))?
        .trim()
        .to_string();
    if t.len() < 16 {
        bail!("the token holds fewer than 16 characters");
    }
    Ok(t)
}

/// What `tamis serve` runs with, from its flags and the configuration file.
#[cfg(feature = "server")]
fn serve_state(args: &ServeArgs, cfg: &Config) -> Result<tamis::serve::Config> {
    let token = match (&args.token_file, &cfg.serve.token_file) {
        (Some(path), _) => Some(token(path)?),
        (None, Some(p)) => Some(
            token(&cfg.path(p))
                .map_err(|e| anyhow::anyhow!(cfg.error_at(p, format!("token_file: {e:#}"))))?,
        ),
        (None, None) => match std::env::var("TAMIS_TOKEN").ok().filter(|t| !t.is_empty()) {
            Some(t) if t.len() < 16 => bail!("the token holds fewer than 16 characters"),
            t => t,
        },
    };
    Ok(tamis::serve::Config {
        pipeline: pipeline(&args.setup, cfg)?,
        token,
        default_values: match values_mode(args.values, cfg.serve.values, ValuesArg::Clear) {
            ValuesArg::Clear => Values::Clear,
            ValuesArg::Hashed => Values::Hashed(salt(None, None)?),
            ValuesArg::None => Values::None,
        },
        timeout: std::time::Duration::from_secs(args.timeout.or(cfg.serve.timeout).unwrap_or(120)),
    })
}

/// `tamis serve`: runs until interrupted (Ctrl-C or SIGTERM), then finishes the requests in
/// flight; SIGHUP reloads the configuration.
#[cfg(feature = "server")]
fn serve(args: &ServeArgs, cfg: Config, config_path: Option<PathBuf>) -> Result<ExitCode> {
    let live = std::sync::Arc::new(tamis::live::Live::new(serve_state(args, &cfg)?));
    let listen = args
        .listen
        .clone()
        .or_else(|| cfg.serve.listen.as_ref().map(|l| l.get_ref().clone()))
        .unwrap_or_else(|| "127.0.0.1:8080".into());
    let header_timeout = args
        .header_timeout
        .or(cfg.serve.header_timeout)
        .unwrap_or(10);
    let runtime = tokio::runtime::Runtime::new().context("cannot start the runtime")?;
    let owned = args.clone();
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&listen)
            .await
            .with_context(|| format!("cannot listen on {listen}"))?;
        tracing::info!(address = %format!("http://{}", listener.local_addr()?), "listening");
        tokio::spawn(reload_on_hangup(live.clone(), move || {
            serve_state(&owned, &Config::find(config_path.as_deref())?)
        }));
        let header_timeout = std::time::Duration::from_secs(header_timeout.max(1));
        tamis::serve::serve(listener, live, header_timeout, shutdown_signal()).await?;
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// What `tamis milter` runs with, from its flags and the configuration file.
#[cfg(feature = "server")]
fn milter_state(args: &MilterArgs, cfg: &Config) -> Result<tamis::milter::Config> {
    let timeout = args.timeout.or(cfg.milter.timeout).unwrap_or(60);
    if timeout == 0 {
        bail!("--timeout must be at least one second");
    }
    let networks = if args.submitter_network.is_empty() {
        let mut n = Vec::new();
        for s in &cfg.milter.submitter_network {
            n.push(
                s.get_ref()
                    .parse()
                    .map_err(|e: String| anyhow::anyhow!(cfg.error_at(s, e)))?,
            );
        }
        n
    } else {
        args.submitter_network.clone()
    };
    let logins = if args.submitter_login.is_empty() {
        cfg.milter.submitter_login.clone()
    } else {
        args.submitter_login.clone()
    };
    let advise = match args.mode {
        Some(m) => matches!(m, MilterMode::Advise),
        None => cfg.milter.mode == Some(tamis::config::MilterMode::Advise),
    };
    Ok(tamis::milter::Config {
        pipeline: pipeline(&args.setup, cfg)?,
        mode: if advise {
            tamis::milter::Mode::Advise
        } else {
            tamis::milter::Mode::Enforce
        },
        timeout: std::time::Duration::from_secs(timeout),
        submitters: tamis::milter::Submitters { networks, logins },
    })
}

/// `tamis milter`: runs until interrupted (Ctrl-C or SIGTERM); SIGHUP reloads the
/// configuration.
#[cfg(feature = "server")]
fn milter(args: &MilterArgs, cfg: Config, config_path: Option<PathBuf>) -> Result<ExitCode> {
    let live = std::sync::Arc::new(tamis::live::Live::new(milter_state(args, &cfg)?));
    let listen = args
        .listen
        .clone()
        .or_else(|| cfg.milter.listen.as_ref().map(|l| l.get_ref().clone()))
        .unwrap_or_else(|| "inet:127.0.0.1:7357".into());
    let metrics = args.metrics_listen.clone().or_else(|| {
        cfg.milter
            .metrics_listen
            .as_ref()
            .map(|l| l.get_ref().clone())
    });
    let runtime = tokio::runtime::Runtime::new().context("cannot start the runtime")?;
    let owned = args.clone();
    runtime.block_on(async {
        let listener = tamis::milter::Listener::bind(&listen)
            .await
            .with_context(|| format!("cannot listen on {listen}"))?;
        if let Some(addr) = metrics {
            let metrics = tokio::net::TcpListener::bind(&addr)
                .await
                .with_context(|| format!("cannot listen on {addr} (--metrics-listen)"))?;
            tracing::info!(address = %format!("http://{}/metrics", metrics.local_addr()?), "metrics listening");
            let app = axum::Router::new().route(
                "/metrics",
                axum::routing::get(|| async {
                    (
                        [(axum::http::header::CONTENT_TYPE, tamis::metrics::CONTENT_TYPE)],
                        tamis::metrics::global().render(),
                    )
                }),
            );
            tokio::spawn(async move {
                if let Err(e) = axum::serve(metrics, app).await {
                    tracing::warn!(error = ?e.kind(), "the metrics listener stopped");
                }
            });
        }
        tracing::info!(address = %listener.describe(), "milter listening");
        tokio::spawn(reload_on_hangup(live.clone(), move || {
            milter_state(&owned, &Config::find(config_path.as_deref())?)
        }));
        tamis::milter::serve(listener, live, shutdown_signal()).await?;
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// On each SIGHUP (`systemctl reload`), builds the state anew — configuration file, policy,
/// directories, Annuaire extracts — off the async threads and swaps it in; when it cannot be
/// built, the state in service stays and the log says why.
#[cfg(feature = "server")]
async fn reload_on_hangup<T: Send + Sync + 'static>(
    live: std::sync::Arc<tamis::live::Live<T>>,
    build: impl Fn() -> Result<T> + Send + Sync + 'static,
) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut hangup) = signal(SignalKind::hangup()) else {
            tracing::warn!("SIGHUP cannot be caught: no reload");
            return;
        };
        let build = std::sync::Arc::new(build);
        while hangup.recv().await.is_some() {
            let started = std::time::Instant::now();
            let b = build.clone();
            let built = tokio::task::spawn_blocking(move || b())
                .await
                .unwrap_or_else(|_| Err(anyhow::anyhow!("internal error")));
            let ms = started.elapsed().as_millis() as u64;
            match built {
                Ok(state) => {
                    live.set(state);
                    tamis::metrics::global().add("tamis_reloads_total", &[("result", "ok")], 1);
                    tracing::info!(ms, "configuration reloaded");
                }
                Err(e) => {
                    tamis::metrics::global().add("tamis_reloads_total", &[("result", "failed")], 1);
                    // Names a file and a line, never document content.
                    tracing::warn!(error = %format!("{e:#}"), "reload failed: the configuration in service stays");
                }
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (live, build);
    }
}

/// Ctrl-C or SIGTERM.
#[cfg(feature = "server")]
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// `tamis redact`: exit 0 when the copy is written (minimised, or unchanged when nothing had
/// to go), 1 when the message is blocked (nothing written), 2 on error (nothing written).
fn redact(args: &RedactArgs, cfg: &Config) -> Result<ExitCode> {
    let pipeline = pipeline(&args.context.setup, cfg)?;
    let name = args.input.display().to_string();
    let bytes = read_input(&args.input, pipeline.limits.max_input)
        .with_context(|| format!("cannot read {name}"))?;
    let hint = args.input.file_name().and_then(|n| n.to_str());
    let values = match args.values {
        ValuesArg::Clear => Values::Clear,
        ValuesArg::Hashed => Values::Hashed(salt(args.salt_file.as_ref(), Some(cfg))?),
        ValuesArg::None => Values::None,
    };
    let context = args.context.context();
    let mut scratch = Scratch::default();
    let checked = pipeline
        .check_to_minimise(&bytes, hint, &context, values, &mut scratch)
        .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    // The reasons of a blocked send, for the person sending (rules and laws, never values).
    let reasons = checked.report.reasons.clone();
    match pipeline.minimise(&bytes, hint, checked) {
        Ok(done) => {
            write_output(&args.output, &done.bytes)?;
            let mut report = done.report;
            report.input = name.clone();
            if let Some(path) = &args.report {
                std::fs::write(path, serde_json::to_vec_pretty(&report)?)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            let counts = done.summary.counts();
            eprintln!(
                "tamis: {name}: {} — {}",
                report.verdict.as_str(),
                if counts.is_empty() {
                    "rien à retirer, copie identique".to_string()
                } else {
                    format!("retiré : {counts}")
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(tamis::redact::RedactError::Blocked { rules }) => {
            eprintln!("tamis: {name}: envoi bloqué ({rules}) : aucune copie écrite");
            for r in &reasons {
                eprintln!("  [{}] {} ({})", r.rule, r.message, r.law);
            }
            Ok(ExitCode::from(1))
        }
        Err(e) => bail!("{name}: {e}"),
    }
}

/// Writes `bytes` to `path` (`-`: standard output) through a temporary file renamed into
/// place, so that a failure never leaves half a document behind.
fn write_output(path: &PathBuf, bytes: &[u8]) -> Result<()> {
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()?;
        return Ok(());
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let (tmp, mut file) = tempfile_in(dir)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", path.display()));
    }
    Ok(())
}

/// A new file next to the output, named after the process and a counter.
fn tempfile_in(dir: &std::path::Path) -> Result<(PathBuf, std::fs::File)> {
    for k in 0..100u32 {
        let p = dir.join(format!(".tamis-{}-{k}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&p)
        {
            Ok(f) => return Ok((p, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot write in {}", dir.display())),
        }
    }
    bail!("cannot create a temporary file in {}", dir.display())
}

fn write_text(out: &mut impl Write, r: &Report) -> std::io::Result<()> {
    let verdict = r.verdict.as_str();
    let health = r.findings.iter().filter(|f| f.health).count();
    let identifiers = r
        .findings
        .iter()
        .filter(|f| f.basis == tamis::Basis::Identifier)
        .count();
    writeln!(
        out,
        "{}: {verdict} — {} finding(s): {identifiers} identifier(s), {health} health data",
        r.input,
        r.findings.len(),
    )?;
    for p in r.parts.iter().filter(|p| p.opaque.is_some()) {
        writeln!(
            out,
            "  part {:?} ({}) not readable: {}{}",
            p.part,
            p.format,
            p.opaque.as_deref().unwrap_or(""),
            p.detail
                .as_deref()
                .map(|d| format!(" — {d}"))
                .unwrap_or_default()
        )?;
    }
    for d in &r.recipients {
        writeln!(
            out,
            "  → {} ({}, {}{}) : {} [{}]",
            d.address,
            d.role.label(),
            if d.trusted {
                "espace de confiance"
            } else {
                "hors espace de confiance"
            },
            if d.care_team {
                ", équipe de soins"
            } else {
                ""
            },
            d.verdict.label(),
            d.verdict.as_str()
        )?;
    }
    for n in &r.notices {
        writeln!(out, "  [{}] part {:?}: {}", n.kind, n.part, n.message)?;
    }
    for f in &r.findings {
        let mut at = String::new();
        if !f.location.part.is_empty() {
            at.push_str(&format!("part {} ", f.location.part));
        }
        if f.location.origin != "body" {
            at.push_str(&f.location.origin);
            if let Some(p) = f.location.page {
                at.push_str(&format!(" {p}"));
            }
            if let Some(n) = &f.location.name {
                at.push_str(&format!(" {n}"));
            }
            if let Some(e) = &f.location.element {
                // The last steps of the path say enough in a listing (the JSON has it all).
                let tail: Vec<&str> = e.rsplit('/').take(2).collect();
                at.push_str(&format!(" …/{}/{}", tail.get(1).unwrap_or(&""), tail[0]));
            }
            at.push(' ');
        }
        writeln!(
            out,
            "  {at}{:>7}..{:<7} {:<22} {:<10} {:<8} {:.2}{}{} {}",
            f.location.start,
            f.location.end,
            f.category.as_str(),
            format!("{:?}", f.basis).to_lowercase(),
            f.code.as_deref().unwrap_or("-"),
            f.confidence,
            if f.sensitive { " sensitive" } else { "" },
            if f.basis == tamis::Basis::Crossing && !f.health {
                " (no one identified: not health data)"
            } else {
                ""
            },
            f.text
                .as_deref()
                .map(|t| format!("{t:?}"))
                .unwrap_or_default()
        )?;
    }
    for reason in &r.reasons {
        writeln!(
            out,
            "  [{}] {} ({})",
            reason.rule, reason.message, reason.law
        )?;
    }
    Ok(())
}
