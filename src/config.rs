//! The configuration file (`/etc/tamis/tamis.toml` by default): everything the services and
//! the commands take, each key the long name of a flag, which overrides it. Unknown keys are
//! errors, and every error names `file:line:column` (a [`Position`]).
//! Relative paths are read from the file's folder. `deploy/tamis.toml` lists every key with its
//! default; a file with every line commented out gives the defaults.
//!
//! This module only reads and checks the shape of the file; what the paths point to (policy,
//! directory, Annuaire extract, token) is read where it is used, and `tamis check-config` reads
//! it all.

use crate::position::Position;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Where the services look for their configuration when `--config` is not given.
pub const DEFAULT_PATH: &str = "/etc/tamis/tamis.toml";

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The minimisation policy (TOML); the shipped one when absent.
    pub policy: Option<Spanned<PathBuf>>,
    /// Local directories of recipients (CSV: address,role,structure,trusted).
    #[serde(default)]
    pub directory: Vec<Spanned<PathBuf>>,
    /// Annuaire Santé extracts of MSSanté mailboxes.
    #[serde(default)]
    pub annuaire: Vec<Spanned<PathBuf>>,
    /// Domains trusted besides `*.mssante.fr`.
    #[serde(default)]
    pub trusted_domain: Vec<Spanned<String>>,
    /// The header of an e-mail that carries the purpose.
    pub purpose_header: Option<Spanned<String>>,
    #[serde(default)]
    pub limits: Limits,
    #[serde(default)]
    pub log: Log,
    #[serde(default)]
    pub serve: Serve,
    #[serde(default)]
    pub milter: Milter,
    #[serde(default)]
    pub batch: Batch,
    /// The file this was read from (`None`: no file, the defaults).
    #[serde(skip)]
    pub file: Option<PathBuf>,
    #[serde(skip)]
    text: String,
}

/// `[limits]`: what one input may be.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub max_input: Option<usize>,
    pub max_depth: Option<u32>,
    pub max_seconds: Option<u64>,
}

/// `[log]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Log {
    pub format: Option<LogFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// How values appear in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Values {
    Clear,
    Hashed,
    None,
}

/// `[serve]`: `tamis serve`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Serve {
    pub listen: Option<Spanned<String>>,
    pub token_file: Option<Spanned<PathBuf>>,
    pub values: Option<Values>,
    pub timeout: Option<u64>,
    pub header_timeout: Option<u64>,
}

/// `[milter]`: `tamis milter`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milter {
    pub listen: Option<Spanned<String>>,
    pub mode: Option<MilterMode>,
    pub timeout: Option<u64>,
    pub metrics_listen: Option<Spanned<String>>,
    #[serde(default)]
    pub submitter_network: Vec<Spanned<String>>,
    #[serde(default)]
    pub submitter_login: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MilterMode {
    Advise,
    Enforce,
}

/// `[batch]`: `tamis batch` (and the salt of `scan`/`redact --values hashed`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    pub jobs: Option<usize>,
    pub values: Option<Values>,
    pub salt_file: Option<Spanned<PathBuf>>,
}

/// A problem in the configuration file, or in a file it points to: `file:line:column: what`
/// (`file: what` when it has no position).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{position}: {message}")]
pub struct ConfigError {
    /// The file, and the line and column of the problem when it is on one.
    pub position: Position,
    pub message: String,
}

impl Config {
    /// Reads `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            position: Position::whole(path.display().to_string()),
            message: format!("cannot read the configuration file: {}", e.kind()),
        })?;
        let mut config = Config::from_toml(&path.display().to_string(), &text)?;
        config.file = Some(path.to_path_buf());
        Ok(config)
    }

    /// Reads TOML `text`; `name` is the file name used in errors.
    pub fn from_toml(name: &str, text: &str) -> Result<Config, ConfigError> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let position = match e.span() {
                Some(s) => Position::at_offset(name, text, s.start),
                None => Position::whole(name),
            };
            // toml's message is one line about the key or value: no document content here.
            let message = e.message().trim().to_string();
            ConfigError { position, message }
        })?;
        config.file = Some(PathBuf::from(name));
        config.text = text.to_string();
        config.check()?;
        Ok(config)
    }

    /// The file given, else `TAMIS_CONFIG`, else [`DEFAULT_PATH`] when it exists, else no file
    /// (the defaults).
    pub fn find(given: Option<&Path>) -> Result<Config, ConfigError> {
        if let Some(path) = given {
            return Config::load(path);
        }
        if let Some(path) = std::env::var_os("TAMIS_CONFIG").filter(|p| !p.is_empty()) {
            return Config::load(Path::new(&path));
        }
        if Path::new(DEFAULT_PATH).exists() {
            return Config::load(Path::new(DEFAULT_PATH));
        }
        Ok(Config::default())
    }

    /// An error at the value `at` of this file.
    pub fn error_at<T>(&self, at: &Spanned<T>, message: impl Into<String>) -> ConfigError {
        ConfigError {
            position: Position::at_offset(self.file_name(), &self.text, at.span().start),
            message: message.into(),
        }
    }

    /// The name of the file, for errors (`-` without one).
    pub fn file_name(&self) -> String {
        self.file
            .as_ref()
            .map_or_else(|| "-".to_string(), |p| p.display().to_string())
    }

    /// A path of this file, read from the file's folder when relative.
    pub fn path(&self, p: &Spanned<PathBuf>) -> PathBuf {
        let p = p.get_ref();
        match self.file.as_ref().and_then(|f| f.parent()) {
            Some(dir) if p.is_relative() && !dir.as_os_str().is_empty() => dir.join(p),
            _ => p.clone(),
        }
    }

    /// What can be checked without reading other files: the values' own syntax.
    fn check(&self) -> Result<(), ConfigError> {
        for n in &self.milter.submitter_network {
            if let Err(e) = n.get_ref().parse::<Network>() {
                return Err(self.error_at(n, e));
            }
        }
        for d in &self.trusted_domain {
            if let Err(e) = crate::recipients::TrustSpace::new().add(d.get_ref()) {
                return Err(self.error_at(d, e.to_string()));
            }
        }
        if let Some(h) = &self.purpose_header
            && (h.get_ref().is_empty()
                || !h
                    .get_ref()
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && b != b':'))
        {
            return Err(self.error_at(h, "not a header name"));
        }
        for (key, value) in [
            ("limits.max_input", self.limits.max_input.map(|v| v as u64)),
            ("limits.max_seconds", self.limits.max_seconds),
            ("serve.timeout", self.serve.timeout),
            ("serve.header_timeout", self.serve.header_timeout),
            ("milter.timeout", self.milter.timeout),
        ] {
            if value == Some(0) {
                return Err(ConfigError {
                    position: Position::whole(self.file_name()),
                    message: format!("{key} must be at least 1"),
                });
            }
        }
        Ok(())
    }
}

/// An IP network, `192.0.2.0/24` or `2001:db8::/32` (a bare address is one host).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    pub address: std::net::IpAddr,
    pub prefix: u8,
}

impl std::str::FromStr for Network {
    type Err = String;

    fn from_str(s: &str) -> Result<Network, String> {
        let (addr, prefix) = match s.trim().split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s.trim(), None),
        };
        let address: std::net::IpAddr = addr
            .parse()
            .map_err(|_| format!("{s:?} is not an IP network (192.0.2.0/24)"))?;
        let max = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|&p| p <= max)
                .ok_or_else(|| format!("{s:?}: the prefix length is 0 to {max}"))?,
        };
        Ok(Network { address, prefix })
    }
}

impl Network {
    /// Whether `ip` is in this network (an IPv4-mapped IPv6 address counts as IPv4).
    pub fn contains(&self, ip: std::net::IpAddr) -> bool {
        use std::net::IpAddr;
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        let bits = |a: IpAddr| -> (u128, u32) {
            match a {
                IpAddr::V4(v) => (u128::from(u32::from(v)), 32),
                IpAddr::V6(v) => (u128::from(v), 128),
            }
        };
        let ((net, width), (host, host_width)) = (bits(self.address), bits(ip));
        if width != host_width {
            return false;
        }
        let shift = width - u32::from(self.prefix);
        shift >= width || (net >> shift) == (host >> shift)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_file_reads_and_gives_the_defaults() {
        let text = include_str!("../deploy/tamis.toml");
        let c = Config::from_toml("deploy/tamis.toml", text).unwrap();
        assert!(c.policy.is_none() && c.directory.is_empty() && c.serve.listen.is_none());
        // Every key of the example, uncommented, is a key this reads.
        let uncommented: String = text
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|r| {
                        r.split_once(" = ").is_some_and(|(k, _)| {
                            k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                        })
                    })
                    .unwrap_or(l)
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let c = Config::from_toml("uncommented", &uncommented)
            .unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
        assert!(c.policy.is_some() && c.serve.listen.is_some() && c.milter.mode.is_some());
        assert_eq!(c.milter.mode, Some(MilterMode::Enforce));
        assert_eq!(c.limits.max_input, Some(crate::input::DEFAULT_MAX_INPUT));
    }

    #[test]
    fn errors_name_the_file_line_and_column() {
        let e = Config::from_toml(
            "t.toml",
            "[serve]\nlisten = \"127.0.0.1:1\"\nlisten_on = 3\n",
        )
        .unwrap_err();
        assert_eq!(
            (e.position.line(), e.position.column()),
            (Some(3), Some(1)),
            "{e}"
        );
        assert!(
            e.to_string()
                .starts_with("t.toml:3:1: unknown field `listen_on`"),
            "{e}"
        );
        let e = Config::from_toml("t.toml", "[milter]\nmode = \"strict\"\n").unwrap_err();
        assert_eq!(
            (e.position.line(), e.position.column()),
            (Some(2), Some(8)),
            "{e}"
        );
        let e = Config::from_toml("t.toml", "[limits]\nmax_input = \"big\"\n").unwrap_err();
        assert_eq!(e.position.line(), Some(2), "{e}");
        let e = Config::from_toml(
            "t.toml",
            "[milter]\nsubmitter_network = [\"10.0.0.0/8\", \"10.0.0/33\"]\n",
        )
        .unwrap_err();
        assert_eq!(
            (e.position.line(), e.position.column()),
            (Some(2), Some(36)),
            "{e}"
        );
        let e = Config::from_toml("t.toml", "\ntrusted_domain = [\"*.\"]\n").unwrap_err();
        assert_eq!(e.position.line(), Some(2), "{e}");
        let e = Config::from_toml("t.toml", "[serve]\ntimeout = 0\n").unwrap_err();
        assert!(e.to_string().contains("serve.timeout"), "{e}");
        let e = Config::from_toml("t.toml", "policy = [\n").unwrap_err();
        assert!(e.position.line().is_some(), "{e}");
    }

    #[test]
    fn relative_paths_are_read_from_the_files_folder() {
        let c = Config::from_toml(
            "/etc/tamis/tamis.toml",
            "policy = \"politique.toml\"\ndirectory = [\"/srv/a.csv\"]\n",
        )
        .unwrap();
        assert_eq!(
            c.path(c.policy.as_ref().unwrap()),
            Path::new("/etc/tamis/politique.toml")
        );
        assert_eq!(c.path(&c.directory[0]), Path::new("/srv/a.csv"));
    }
}
