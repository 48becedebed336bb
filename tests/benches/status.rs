//! `status` on a synthetic fleet (1,000 bots × 10 Helm revisions each) against the fake API
//! server, beside the real `helm list -A` (Helm 3 and Helm 4) on the same server, and beside the
//! bare LIST requests status needs (made in-process, decoding nothing).
//!
//! Run with `scripts/bench` (it builds the release binaries first). Reports, per command: median
//! and best wall time over several runs, API requests, bytes the server sent, and peak RSS. Numbers, not pass/fail: this is a benchmark, not a test.

use std::process::Command;
use std::time::{Duration, Instant};

use claw_tests::bins;
use claw_tests::{Fleet, Harness};

const RUNS: usize = 7;

struct Figures {
    name: String,
    wall: Vec<Duration>,
    requests: usize,
    bytes: u64,
    peak_rss_kib: i64,
    note: String,
}

/// Spawns `cmd` and waits for it, for its wall time.
fn run_timed(cmd: &mut Command) -> (Duration, i32) {
    let started = Instant::now();
    let status = cmd.status().expect("spawn");
    (started.elapsed(), status.code().unwrap_or(-1))
}

/// The peak RSS of `cmd`, in KiB. Not measured on a direct child: Linux folds the pre-exec
/// high-water mark of a forked child (this process, holding the whole fleet) into its
/// ru_maxrss. A small python3 parent forks it instead and reports its children's ru_maxrss,
/// so the figure has a floor of python's own size (about 10 MiB), not ours.
fn peak_rss_kib(cmd: &Command) -> i64 {
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
    let out = py.output().expect("python3");
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

fn measure(h: &Harness, name: &str, make: impl Fn() -> Command) -> Figures {
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

fn quiet(mut c: Command) -> Command {
    c.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    c
}

fn bare_lists(h: &Harness) -> Figures {
    use claw_common::cluster::{ConnectOptions, Resource};
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let opts = ConnectOptions {
        kubeconfig: Some(h.kubeconfig.clone()),
        context: None,
        request_timeout: Some(Duration::from_secs(30)),
    };
    let mut f = Figures {
        name: "bare LISTs (in-process, no decoding)".into(),
        wall: vec![],
        requests: 0,
        bytes: 0,
        peak_rss_kib: 0,
        note: "lower bound: no process start".into(),
    };
    rt.block_on(async {
        let cluster = claw_common::cluster::Cluster::connect(&opts).await.unwrap();
        for i in 0..=RUNS {
            h.api.reset_counters();
            let started = Instant::now();
            let (a, b, c) = tokio::join!(
                cluster.list::<serde::de::IgnoredAny>(
                    &Resource::SECRETS,
                    None,
                    Some("owner=helm,status!=superseded")
                ),
                cluster.list::<serde::de::IgnoredAny>(
                    &Resource::PODS,
                    None,
                    Some("app.kubernetes.io/instance")
                ),
                cluster.list::<serde::de::IgnoredAny>(
                    &Resource::DEPLOYMENTS,
                    None,
                    Some("app.kubernetes.io/instance")
                ),
            );
            let wall = started.elapsed();
            a.unwrap();
            b.unwrap();
            c.unwrap();
            if i > 0 {
                f.wall.push(wall);
            }
            f.requests = h.api.requests().len();
            f.bytes = h.api.bytes_sent();
        }
    });
    f
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn main() {
    // `cargo bench` passes --bench; nothing else to parse.
    let fleet = Fleet {
        bots: 1000,
        namespaces: 100,
        revisions: 10,
    };
    let t = Instant::now();
    let h = Harness::new(fleet.store());
    eprintln!(
        "fleet: {} bots in {} namespaces, {} revisions each ({} release Secrets) built in {:?}",
        fleet.bots,
        fleet.namespaces,
        fleet.revisions,
        h.api.with_store(|s| s.count("v1", "secrets")),
        t.elapsed()
    );

    let claw = bins::plugin("kubectl-claw");
    let claw_run = |name: &str, args: &'static [&'static str], note: &str| {
        let mut f = measure(&h, name, || {
            let mut c = bins::clean_command(&claw, h.dir.path());
            c.env("KUBECONFIG", &h.kubeconfig).args(args);
            quiet(c)
        });
        f.note = note.into();
        f
    };
    let mut results = vec![
        claw_run(
            "kubectl claw status --no-probe -o json",
            &["status", "--no-probe", "-o", "json"],
            "the LISTs alone",
        ),
        claw_run(
            "kubectl claw status --no-probe",
            &["status", "--no-probe"],
            "table",
        ),
        claw_run(
            "kubectl claw status",
            &["status"],
            "plus a Services LIST and 1,001 health probes, 16 at a time",
        ),
    ];
    for helm in ["helm4", "helm3"] {
        let path = bins::workspace_root().join(".tools").join(helm);
        if !path.is_file() {
            eprintln!("{helm}: not fetched (scripts/fetch-tools.sh); skipped");
            continue;
        }
        let mut f = measure(&h, &format!("{helm} list -A"), || {
            let mut c = bins::clean_command(&path, h.dir.path());
            c.env("KUBECONFIG", &h.kubeconfig).args(["list", "-A"]);
            quiet(c)
        });
        f.note =
            "prints 256 rows (its --max default) but fetches and decodes every revision".into();
        results.push(f);
    }
    results.push(bare_lists(&h));

    println!(
        "\n| command | median ms | best ms | requests | bytes received | peak RSS MiB | note |"
    );
    println!("|---|---|---|---|---|---|---|");
    for f in &mut results {
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
