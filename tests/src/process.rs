//! A plugin running in the background (`-w`, `-f`, `--wait`), read line by line with a
//! deadline on every read, so a test that goes wrong fails with what was printed instead of
//! hanging.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::bins::Output;

/// How long any single wait on a child may take before the test fails.
pub const DEADLINE: Duration = Duration::from_secs(30);

pub struct Spawned {
    child: Child,
    stdin: Option<std::process::ChildStdin>,
    out: mpsc::Receiver<String>,
    err: mpsc::Receiver<String>,
    /// Every stdout line read so far.
    pub stdout: Vec<String>,
    pub stderr: Vec<String>,
}

fn lines(r: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(r).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

impl Spawned {
    pub fn start(mut cmd: Command) -> Spawned {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let out = lines(child.stdout.take().unwrap());
        let err = lines(child.stderr.take().unwrap());
        Spawned {
            stdin: child.stdin.take(),
            child,
            out,
            err,
            stdout: vec![],
            stderr: vec![],
        }
    }

    fn drain_stderr(&mut self) {
        while let Ok(l) = self.err.try_recv() {
            self.stderr.push(l);
        }
    }

    /// Reads stdout until `pred` holds over everything read so far.
    pub fn read_until(&mut self, what: &str, pred: impl Fn(&[String]) -> bool) {
        let deadline = Instant::now() + DEADLINE;
        while !pred(&self.stdout) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.out.recv_timeout(left) {
                Ok(line) => self.stdout.push(line),
                Err(_) => {
                    self.drain_stderr();
                    panic!(
                        "waiting for {what}; stdout so far:\n{}\nstderr:\n{}",
                        self.stdout.join("\n"),
                        self.stderr.join("\n")
                    )
                }
            }
        }
    }

    /// Reads stderr until `pred` holds over everything read so far.
    pub fn read_stderr_until(&mut self, what: &str, pred: impl Fn(&[String]) -> bool) {
        let deadline = Instant::now() + DEADLINE;
        while !pred(&self.stderr) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.err.recv_timeout(left) {
                Ok(line) => self.stderr.push(line),
                Err(_) => panic!(
                    "waiting for {what} on stderr; so far:\n{}\nstdout:\n{}",
                    self.stderr.join("\n"),
                    self.stdout.join("\n")
                ),
            }
        }
    }

    /// Writes `bytes` to the child's stdin (under `script`, what is typed at its terminal).
    pub fn type_in(&mut self, bytes: &[u8]) {
        use std::io::Write;
        let stdin = self.stdin.as_mut().expect("stdin");
        stdin
            .write_all(bytes)
            .and_then(|_| stdin.flush())
            .expect("write to stdin");
    }

    /// SIGINT, as Ctrl-C sends it.
    pub fn interrupt(&self) {
        let ok = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("kill")
            .success();
        assert!(ok, "could not signal the child");
    }

    /// Waits (bounded) for the child to end, reading the rest of its output.
    pub fn finish(mut self) -> Output {
        let deadline = Instant::now() + DEADLINE;
        let mut out_open = true;
        let mut err_open = true;
        while out_open || err_open {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                let _ = self.child.kill();
                panic!(
                    "the child did not end; stdout:\n{}\nstderr:\n{}",
                    self.stdout.join("\n"),
                    self.stderr.join("\n")
                );
            }
            if out_open {
                match self.out.recv_timeout(left.min(Duration::from_millis(50))) {
                    Ok(l) => self.stdout.push(l),
                    Err(mpsc::RecvTimeoutError::Disconnected) => out_open = false,
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                }
            }
            if err_open {
                match self.err.try_recv() {
                    Ok(l) => self.stderr.push(l),
                    Err(mpsc::TryRecvError::Disconnected) => err_open = false,
                    Err(mpsc::TryRecvError::Empty) => {}
                }
            }
        }
        let status = self.child.wait().expect("wait");
        let join = |v: &[String]| {
            if v.is_empty() {
                String::new()
            } else {
                v.join("\n") + "\n"
            }
        };
        Output {
            code: status.code().unwrap_or(-1),
            stdout: join(&self.stdout),
            stderr: join(&self.stderr),
        }
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
