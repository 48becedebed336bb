//! Measuring commands for the benchmarks (numbers, never pass/fail): wall time over several
//! runs, the fake API server's request and byte counts, and peak RSS.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::Harness;

pub const RUNS: usize = 7;

pub struct Figures {
    pub name: String,
    pub wall: Vec<Duration>,
    pub requests: usize,
    pub bytes: u64,
    pub peak_rss_kib: i64,
    pub note: String,
}

/// Spawns `cmd` and waits for it, for its wall time.
pub fn run_timed(cmd: &mut Command) -> (Duration, i32) {
    let started = Instant::now();
    let status = cmd.status().expect("spawn");
    (started.elapsed(), status.code().unwrap_or(-1))
}

/// The peak RSS of `cmd`, in KiB. Not measured on a direct child: Linux folds the pre-exec
/// high-water mark of a forked child (this process, holding the whole fleet) into its
/// ru_maxrss. A small python3 parent forks it instead and reports its children's ru_maxrss,
/// so the figure has a floor of python's own size (about 10 MiB), not ours.
pub fn peak_rss_kib(cmd: &Command) -> i64 {
    let mut py = Command::new("python3");
    py.arg("-c")
        .arg("import resource,subprocess,sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
        .arg(cmd.get_program())
        .args(cmd.get_args());
    py.env_clear();
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            py.env(k, v);
        }
    }
    let out = crate::bins::output(&mut py);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("ru_maxrss")
}

pub fn measure(h: &Harness, name: &str, make: impl Fn() -> Command) -> Figures {
    let (_, code) = run_timed(&mut make()); // warm-up; also proves it works here
    assert_eq!(code, 0, "{name} failed against the fake server");
    let mut f = Figures {
        name: name.into(),
        wall: vec![],
        requests: 0,
        bytes: 0,
        peak_rss_kib: 0,
        note: String::new(),
    };
    for _ in 0..RUNS {
        h.api.reset_counters();
        let (wall, code) = run_timed(&mut make());
        assert_eq!(code, 0);
        f.wall.push(wall);
        f.requests = h.api.requests().len();
        f.bytes = h.api.bytes_sent();
    }
    f.peak_rss_kib = peak_rss_kib(&make());
    f
}

pub fn quiet(mut c: Command) -> Command {
    c.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    c
}

pub fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// The figures as a markdown table, medians first.
pub fn print_table(results: &mut [Figures]) {
    println!(
        "\n| command | median ms | best ms | requests | bytes received | peak RSS MiB | note |"
    );
    println!("|---|---|---|---|---|---|---|");
    for f in results {
        f.wall.sort();
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            f.name,
            ms(f.wall[f.wall.len() / 2]),
            ms(f.wall[0]),
            f.requests,
            f.bytes,
            if f.peak_rss_kib > 0 {
                format!("{:.1}", f.peak_rss_kib as f64 / 1024.0)
            } else {
                "-".into()
            },
            f.note
        );
    }
}
