//! `foiguard.toml`: the settings a team keeps beside its work, found in the
//! current folder (never in a scanned folder, whose files are untrusted).
//!
//! ```toml
//! # foiguard.toml
//! policy = "foi/policy.toml"        # layered on the built-in default
//! roster = "foi/roster.csv"         # the organisation's own people
//! accept = "foi/accepted.toml"      # findings an officer reviewed and accepted
//! ```
//!
//! Paths are relative to the folder holding `foiguard.toml`. Options on the
//! command line win over the file. `--config FILE` names a file explicitly;
//! `--no-config` ignores any.
//!
//! ```
//! use foiguard::config::Config;
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("foiguard.toml"), "accept = \"ok.toml\"\n").unwrap();
//! let c = Config::discover(dir.path(), &[]).unwrap();
//! assert_eq!(c.accept, Some(dir.path().join("ok.toml")));
//! assert!(c.file.is_some());
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::accept::AcceptList;
use crate::policy::Policy;
use crate::walk::inside_scanned;

/// The file name looked for in the current folder.
pub const FILE_NAME: &str = "foiguard.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    policy: Option<PathBuf>,
    roster: Option<PathBuf>,
    accept: Option<PathBuf>,
}

/// The configuration in force (all `None` when there is no file).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// The `foiguard.toml` read, if any.
    pub file: Option<PathBuf>,
    /// Policy file, resolved against the config file's folder.
    pub policy: Option<PathBuf>,
    /// Roster file.
    pub roster: Option<PathBuf>,
    /// Accepted-findings file.
    pub accept: Option<PathBuf>,
}

impl Config {
    /// Read one config file.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let f: ConfigFile = toml::from_str(&text).map_err(|e| {
            let msg = e.to_string();
            format!(
                "{}: invalid configuration: {}",
                path.display(),
                msg.lines().collect::<Vec<_>>().join(" ")
            )
        })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let resolve =
            |p: Option<PathBuf>| p.map(|p| if p.is_absolute() { p } else { base.join(p) });
        Ok(Config {
            file: Some(path.to_path_buf()),
            policy: resolve(f.policy),
            roster: resolve(f.roster),
            accept: resolve(f.accept),
        })
    }

    /// Look for `foiguard.toml` in `dir` (the current folder). A file that
    /// lies inside one of the `scanned` folders is refused: files there are
    /// what is being checked, and must not be able to weaken the check.
    pub fn discover(dir: &Path, scanned: &[PathBuf]) -> Result<Config, String> {
        let path = dir.join(FILE_NAME);
        match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(format!("{}: cannot read: {e}", path.display())),
            Ok(_) => {}
        }
        if let Some(place) = inside_scanned(&path, scanned, true) {
            return Err(format!(
                "{} lies inside {place}, whose files are untrusted: it is not used. \
                 Run foiguard from another folder, keep the configuration outside the folders \
                 being checked (or name it with --config when only files are scanned), or use --no-config.",
                path.display(),
            ));
        }
        Config::load(&path)
    }

    /// The configuration for a command: `--config FILE` if given, none with
    /// `--no-config`, else the discovered `foiguard.toml` of the current folder.
    pub fn resolve(
        explicit: Option<&Path>,
        no_config: bool,
        scanned: &[PathBuf],
    ) -> Result<Config, String> {
        if no_config {
            return Ok(Config::default());
        }
        if let Some(p) = explicit {
            return Config::load(p);
        }
        let cwd =
            std::env::current_dir().map_err(|e| format!("cannot tell the current folder: {e}"))?;
        Config::discover(&cwd, scanned)
    }

    /// The policy in force: `--policy` (if given) wins over the config's.
    pub fn load_policy(&self, cli: Option<&Path>) -> Result<Policy, String> {
        match cli.or(self.policy.as_deref()) {
            Some(p) => Policy::load(p),
            None => Ok(Policy::default()),
        }
    }

    /// The accepted findings in force: `--accept` (if given) wins.
    pub fn load_accept(&self, cli: Option<&Path>) -> Result<Option<AcceptList>, String> {
        match cli.or(self.accept.as_deref()) {
            Some(p) => AcceptList::load(p).map(Some),
            None => Ok(None),
        }
    }

    /// The roster in force: `--roster` (if given) wins.
    pub fn roster_path<'a>(&'a self, cli: Option<&'a Path>) -> Option<&'a Path> {
        cli.or(self.roster.as_deref())
    }

    /// A scanner with the policy, roster and accepted findings in force
    /// (`--policy`, `--roster` and `--accept`, when given, win), naming this
    /// configuration in its reports.
    pub fn scanner(
        &self,
        policy: Option<&Path>,
        roster: Option<&Path>,
        accept: Option<&Path>,
    ) -> Result<crate::scan::Scanner, String> {
        let policy = self.load_policy(policy)?;
        let roster_path = self.roster_path(roster);
        // A big roster takes a tenth of a second to load: meanwhile, on the
        // other core, compile the detectors and build the bundled name
        // lists (built on first use, they would otherwise be built in the
        // middle of a scan with both cores busy).
        let (built, roster) = std::thread::scope(|s| {
            let built = s.spawn(|| {
                crate::detect::content::lexicon::lexicon();
                crate::scan::Scanner::build(policy, None)
            });
            let roster = roster_path
                .map(crate::detect::roster::Roster::load)
                .transpose();
            (built.join(), roster)
        });
        let built = built.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        let mut s = built.with_roster(roster?.as_ref());
        if let Err(e) = &s.content {
            return Err(e.clone());
        }
        s.accept = self.load_accept(accept)?;
        s.config = self.describe();
        s.roster = roster_path.map(|p| p.display().to_string());
        Ok(s)
    }

    /// How reports name it: the config file's path, or `None`.
    pub fn describe(&self) -> Option<String> {
        self.file.as_ref().map(|p| p.display().to_string())
    }
}

/// Refuse a file that sets the check — `what` names it (`--policy`,
/// `--config`, `--accept`, "the policy named by CONFIG") — when it lies
/// inside a folder being scanned: the files there are what is being
/// checked, and must not weaken the check. (Beside a file named for
/// scanning it is fine: `foiguard scan --accept accepted.toml response.xlsx`.)
pub fn refuse_inside_scanned(what: &str, path: &Path, scanned: &[PathBuf]) -> Result<(), String> {
    match inside_scanned(path, scanned, false) {
        Some(place) => Err(format!(
            "usage: {what} {} lies inside {place}, whose files are untrusted: it is not used. \
             Keep it outside the folders being checked.",
            path.display()
        )),
        None => Ok(()),
    }
}

impl Config {
    /// Refuse this configuration when it, or a policy or accepted-findings
    /// file it names, lies inside a folder being scanned (see
    /// [`refuse_inside_scanned`]).
    pub fn refuse_inside_scanned(&self, scanned: &[PathBuf]) -> Result<(), String> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        refuse_inside_scanned("the configuration", file, scanned)?;
        let named = |what: &str| format!("the {what} named by {}:", file.display());
        if let Some(p) = &self.policy {
            refuse_inside_scanned(&named("policy"), p, scanned)?;
        }
        if let Some(p) = &self.accept {
            refuse_inside_scanned(&named("accepted-findings file"), p, scanned)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_resolves_paths_and_refuses_scanned_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        assert_eq!(Config::discover(root, &[]).unwrap(), Config::default());
        std::fs::write(
            root.join(FILE_NAME),
            "policy = \"p.toml\"\nroster = \"/abs/roster.csv\"\naccept = \"sub/ok.toml\"\n",
        )
        .unwrap();
        let c = Config::discover(root, &[]).unwrap();
        assert_eq!(c.policy, Some(root.join("p.toml")));
        assert_eq!(c.roster, Some(PathBuf::from("/abs/roster.csv")));
        assert_eq!(c.accept, Some(root.join("sub/ok.toml")));
        assert_eq!(
            c.describe(),
            Some(root.join(FILE_NAME).display().to_string())
        );

        // Scanning the folder the config sits in (or a parent of it): refused.
        let e = Config::discover(root, &[root.to_path_buf()]).unwrap_err();
        assert!(e.contains("untrusted"), "{e}");
        let e = Config::discover(root, &[root.parent().unwrap().to_path_buf()]).unwrap_err();
        assert!(e.contains("untrusted"), "{e}");
        // Scanning a sub-folder, or a file in one: fine.
        std::fs::create_dir(root.join("outbox")).unwrap();
        std::fs::write(root.join("outbox/a.csv"), "x\n").unwrap();
        assert!(Config::discover(root, &[root.join("outbox")]).is_ok());
        assert!(Config::discover(root, &[root.join("outbox/a.csv")]).is_ok());
        // Scanning a file beside it (`foiguard scan *.xlsx`): refused.
        std::fs::write(root.join("a.csv"), "x\n").unwrap();
        let e = Config::discover(root, &[root.join("a.csv")]).unwrap_err();
        assert!(e.contains("untrusted") && e.contains("a.csv"), "{e}");
        let e = Config::discover(root, &[root.join(FILE_NAME)]).unwrap_err();
        assert!(e.contains("untrusted"), "{e}");
        // A file above it (`cd outbox/sub && foiguard scan ../a.csv`): refused.
        let sub = root.join("outbox/sub");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join(FILE_NAME), "").unwrap();
        let e = Config::discover(&sub, &[sub.join("../a.csv")]).unwrap_err();
        assert!(e.contains("untrusted"), "{e}");
        // A --policy inside a scanned folder: refused; beside a scanned file: fine.
        let outbox = [root.join("outbox")];
        let e =
            refuse_inside_scanned("--policy", &root.join("outbox/p.toml"), &outbox).unwrap_err();
        assert!(e.contains("--policy") && e.contains("untrusted"), "{e}");
        assert!(
            refuse_inside_scanned("--policy", &root.join("p.toml"), &[root.join("a.csv")]).is_ok()
        );
        // A configuration named with --config inside a scanned folder, or
        // one outside naming a policy inside it: refused alike.
        std::fs::write(root.join("outbox/weak.toml"), "").unwrap();
        std::fs::write(root.join("outbox/c.toml"), "policy = \"weak.toml\"\n").unwrap();
        let inside = Config::load(&root.join("outbox/c.toml")).unwrap();
        let e = inside.refuse_inside_scanned(&outbox).unwrap_err();
        assert!(e.starts_with("usage: the configuration"), "{e}");
        std::fs::write(root.join("c.toml"), "accept = \"outbox/weak.toml\"\n").unwrap();
        let outside = Config::load(&root.join("c.toml")).unwrap();
        let e = outside.refuse_inside_scanned(&outbox).unwrap_err();
        assert!(e.contains("the accepted-findings file named by"), "{e}");
        assert!(outside.refuse_inside_scanned(&[root.join("other")]).is_ok());
    }

    #[test]
    fn unknown_keys_and_cli_precedence() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(FILE_NAME);
        std::fs::write(&p, "polciy = \"x\"\n").unwrap();
        assert!(
            Config::load(&p)
                .unwrap_err()
                .contains("invalid configuration")
        );
        std::fs::write(&p, "policy = \"missing.toml\"\n").unwrap();
        let c = Config::load(&p).unwrap();
        assert!(c.load_policy(None).unwrap_err().contains("missing.toml"));
        assert!(
            c.load_policy(Some(Path::new("/nonexistent/x.toml")))
                .unwrap_err()
                .contains("/nonexistent/x.toml")
        );
        assert!(Config::resolve(None, true, &[]).unwrap().file.is_none());
    }
}
