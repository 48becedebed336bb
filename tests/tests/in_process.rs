//! Commands called in-process through their entry (`run(ctx, args, io)`) with a context built
//! for the fake API server and buffers for output: what a command decides and writes, without
//! a process in between.

use std::time::Duration;

use claw_common::commands::{doctor, status};
use claw_common::context::{Context, GlobalArgs};
use claw_common::output::{Io, OutputFormat};
use claw_common::{Exit, Host};
use claw_tests::Harness;

fn context(h: &Harness, output: OutputFormat) -> Context {
    let global = GlobalArgs {
        kubeconfig: Some(h.kubeconfig.clone()),
        request_timeout: Duration::from_secs(30),
        chunk_size: 500,
        output,
        ..Default::default()
    };
    Context::new(Host::Kubectl, &global, false, &|_| None, None).expect("context")
}

/// Runs a command's `run(ctx, args, io)` with buffers for stdout and stderr; gives its result
/// and what it wrote to each.
macro_rules! capture {
    ($run:path, $ctx:expr, $args:expr) => {{
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let result = rt.block_on(async {
            let mut io = Io {
                out: &mut out,
                err: &mut err,
            };
            $run($ctx, $args, &mut io).await
        });
        (
            result,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }};
}

#[test]
fn status_in_process_joins_releases_pods_and_probes() {
    let h = Harness::recorded();
    let ctx = context(&h, OutputFormat::Json);
    let args = status::StatusArgs {
        all: false,
        no_probe: false,
        selector: None,
        watch: false,
        probe: status::ProbeArgs {
            timeout: Duration::from_secs(5),
            concurrency: 4,
        },
        source: Default::default(),
    };
    let (result, out, err) = capture!(status::run, &ctx, &args);
    assert_eq!(result.unwrap(), Exit::Ok, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["kind"], "Status");
    assert_eq!(doc["controlPlane"]["name"], "clawmachine");
    let bots: Vec<(&str, &str)> = doc["bots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["name"].as_str().unwrap(), b["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        bots,
        [
            ("pico2", "ImagePullBackOff"),
            ("iron", "Running"),
            ("open", "failed/CrashLoopBackOff"),
            ("pico", "Running")
        ]
    );
    assert_eq!(doc["bots"][1]["health"]["result"], "healthy");
    assert!(err.is_empty(), "nothing to warn about: {err}");
}

#[test]
fn doctor_in_process_reports_failures_and_exits_1() {
    let h = Harness::recorded();
    let ctx = context(&h, OutputFormat::Table);
    let args = doctor::DoctorArgs::default();
    let (result, out, _) = capture!(doctor::run, &ctx, &args);
    assert_eq!(result.unwrap(), Exit::Failed);
    assert!(
        out.contains("FAIL  bot-pods") && out.contains("claw-machine/open: CrashLoopBackOff"),
        "{out}"
    );
    assert!(out.contains("PASS  control-plane "), "{out}");
    assert!(
        out.trim_end().ends_with("skipped"),
        "closes with the summary: {out}"
    );
}

#[test]
fn an_unreachable_cluster_is_an_error_of_its_own_kind() {
    let h = Harness::recorded();
    let (kubeconfig, _) = h.unreachable_kubeconfig("gone");
    let global = GlobalArgs {
        kubeconfig: Some(kubeconfig),
        request_timeout: Duration::from_secs(5),
        ..Default::default()
    };
    let ctx = Context::new(Host::Kubectl, &global, false, &|_| None, None).unwrap();
    let (result, _, _) = capture!(doctor::run, &ctx, &doctor::DoctorArgs::default());
    assert_eq!(result.unwrap_err().exit(), Exit::Unreachable);
}
