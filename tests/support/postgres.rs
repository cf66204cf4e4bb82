//! A throwaway PostgreSQL server for the store's tests: `initdb` into a
//! temporary folder, `pg_ctl` on a free loopback port with its socket in
//! that folder, stopped (and the folder deleted) when dropped. The server
//! refuses to run as root, so under root (as CI runs) it runs as the
//! `postgres` user, which owns the folder. The programs are looked for in
//! `$ARTICLEBOT_PG_BIN`, then Debian's `/usr/lib/postgresql/<version>/bin`
//! (15 first), then the `PATH`.
//!
//! When no server can start, [`start`] prints why and returns `None`, so
//! the test skips, except under CI (`CI` set), where it fails: CI must
//! never pass by skipping. [`start_cluster`] starts a coordinator and its
//! shard servers the same way.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A coordinator and `shards` shard servers, each a throwaway server (see
/// [`start`]); `None` when they cannot start (outside CI).
pub fn start_cluster(shards: usize) -> Option<(Server, Vec<Server>)> {
    let coordinator = start()?;
    let shards = (0..shards).map(|_| start()).collect::<Option<Vec<_>>>()?;
    Some((coordinator, shards))
}

/// A running server; dropping it stops it.
pub struct Server {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
    /// Whether commands run as the `postgres` user (we are root).
    as_postgres: bool,
    running: bool,
}

/// Starts a server, or says why it cannot (see the module documentation).
pub fn start() -> Option<Server> {
    match Server::try_start() {
        Ok(server) => Some(server),
        Err(why) if std::env::var_os("CI").is_some() => {
            panic!("CI needs a PostgreSQL server for this test and none could start: {why}")
        }
        Err(why) => {
            eprintln!("SKIPPED: no PostgreSQL server could start for this test ({why})");
            None
        }
    }
}

impl Server {
    fn try_start() -> Result<Server, String> {
        let bin = find_bin().ok_or("initdb and pg_ctl not found (install postgresql-15)")?;
        let as_postgres = is_root();
        let dir = tempfile::Builder::new()
            .prefix("articlebot-pg")
            .tempdir()
            .map_err(|e| format!("temporary folder: {e}"))?;
        if as_postgres {
            let owned = Command::new("chown")
                .arg("postgres:")
                .arg(dir.path())
                .status()
                .map_err(|e| format!("chown: {e}"))?;
            if !owned.success() {
                return Err("cannot give the folder to the postgres user".into());
            }
        }
        let mut server = Server {
            bin,
            dir,
            port: 0,
            as_postgres,
            running: false,
        };
        let data = server.data();
        let out = server.run(
            "initdb",
            &[
                "-D",
                path_str(&data),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
            ],
        )?;
        if !out.status.success() {
            return Err(format!(
                "initdb failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        server.start_again()?;
        Ok(server)
    }

    /// The connection URL of database `postgres`.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Stops the server (fast shutdown), keeping its data.
    pub fn stop(&mut self) {
        if self.running {
            let data = self.data();
            let _ = self.run(
                "pg_ctl",
                &["stop", "-D", path_str(&data), "-m", "fast", "-w"],
            );
            self.running = false;
        }
    }

    /// Starts the stopped server again on the same port (a new one the
    /// first time).
    pub fn start_again(&mut self) -> Result<(), String> {
        let mut last = String::new();
        // A free port can be taken between asking and binding: try again.
        for _ in 0..5 {
            if self.port == 0 || !last.is_empty() {
                self.port = free_port().map_err(|e| format!("no free port: {e}"))?;
            }
            let options = format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
                self.port,
                path_str(self.dir.path())
            );
            let (data, log) = (self.data(), self.dir.path().join("log"));
            let out = self.run(
                "pg_ctl",
                &[
                    "start",
                    "-D",
                    path_str(&data),
                    "-l",
                    path_str(&log),
                    "-w",
                    "-t",
                    "30",
                    "-o",
                    &options,
                ],
            )?;
            if out.status.success() {
                self.running = true;
                return Ok(());
            }
            last = format!(
                "pg_ctl start failed: {}{}",
                String::from_utf8_lossy(&out.stderr),
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        Err(last)
    }

    /// Runs SQL through psql, failing the test on an error; returns what
    /// it printed (unaligned, tuples only).
    pub fn sql(&self, sql: &str) -> String {
        let port = self.port.to_string();
        let out = Command::new(self.bin.join("psql"))
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"])
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &port,
                "-U",
                "postgres",
                "-d",
                "postgres",
            ])
            .args(["-c", sql])
            .output()
            .expect("psql runs");
        assert!(
            out.status.success(),
            "psql failed on {sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Runs one of the server programs, as `postgres` when we are root.
    fn run(&self, program: &str, args: &[&str]) -> Result<Output, String> {
        let path = self.bin.join(program);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&path);
            c
        } else {
            Command::new(&path)
        };
        cmd.args(args)
            // pg_ctl's server inherits these; it must not hold the test's
            // pipes open.
            .stdin(std::process::Stdio::null())
            .output()
            .map_err(|e| format!("{program}: {e}"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.running {
            let data = self.data();
            let _ = self.run(
                "pg_ctl",
                &["stop", "-D", path_str(&data), "-m", "immediate", "-w"],
            );
        }
    }
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

/// Where initdb and pg_ctl are.
fn find_bin() -> Option<PathBuf> {
    let has = |d: &Path| d.join("initdb").is_file() && d.join("pg_ctl").is_file();
    if let Some(dir) = std::env::var_os("ARTICLEBOT_PG_BIN").map(PathBuf::from) {
        return has(&dir).then_some(dir);
    }
    let preferred = PathBuf::from("/usr/lib/postgresql/15/bin");
    if has(&preferred) {
        return Some(preferred);
    }
    let mut others: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|d| has(d))
        .collect();
    others.sort();
    if let Some(dir) = others.pop() {
        return Some(dir);
    }
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .find(|d| has(d))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A loopback port nothing listens on right now.
fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}
