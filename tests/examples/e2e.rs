//! Opt-in end-to-end checks against a real cluster (kind or any other), run by `scripts/e2e`:
//!   CLAW_E2E_KUBECONFIG=~/.kube/config [CLAW_E2E_CONTEXT=kind-claw] [CLAW_E2E_INSTALL=1] scripts/e2e
//! Read-only unless CLAW_E2E_INSTALL=1, which installs a busybox bot in a throwaway namespace,
//! sees it, upgrades it (a no-op) and uninstalls it again. Exits non-zero on the first failure.
//! CI compiles this (clippy --all-targets) but has no cluster to run it against.

use std::process::{Command, ExitCode};

use claw_tests::bins;

fn claw(args: &[&str]) -> (i32, String, String) {
    let kubeconfig = std::env::var("CLAW_E2E_KUBECONFIG").expect("CLAW_E2E_KUBECONFIG");
    let mut c = Command::new(bins::plugin("kubectl-claw"));
    c.env("KUBECONFIG", kubeconfig).args(args);
    if let Ok(ctx) = std::env::var("CLAW_E2E_CONTEXT") {
        c.args(["--context", &ctx]);
    }
    let out = c.output().expect("run kubectl-claw");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn check(what: &str, ok: bool, detail: &str) -> Result<(), String> {
    if ok {
        println!("ok    {what}");
        Ok(())
    } else {
        Err(format!("FAIL  {what}: {detail}"))
    }
}

fn document(args: &[&str], kind: &str) -> Result<serde_json::Value, String> {
    let (code, out, err) = claw(args);
    let doc: serde_json::Value = serde_json::from_str(&out)
        .map_err(|e| format!("{args:?}: not JSON ({e}); exit {code}: {err}"))?;
    check(&format!("{args:?} is a {kind}"), doc["kind"] == kind, &out)?;
    Ok(doc)
}

fn run() -> Result<(), String> {
    let (code, out, err) = claw(&["version"]);
    check(
        "version reaches the server",
        code == 0 && out.contains("server: Kubernetes"),
        &format!("{out}{err}"),
    )?;
    document(&["status", "-o", "json"], "Status")?;
    document(&["doctor", "-o", "json"], "DoctorReport")?;
    document(&["events", "-o", "json", "-A"], "EventList")?;
    document(&["health", "-o", "json"], "HealthReport")?;
    if std::env::var("CLAW_E2E_INSTALL").as_deref() != Ok("1") {
        return Ok(());
    }
    let ns = format!("claw-e2e-{}", std::process::id());
    let (code, out, err) = claw(&[
        "install",
        "busybox",
        "e2e",
        "-n",
        &ns,
        "--wait",
        "--timeout",
        "2m",
    ]);
    check("install busybox", code == 0, &format!("{out}{err}"))?;
    let doc = document(&["bots", "-n", &ns, "-o", "json"], "BotList")?;
    check(
        "the new bot is listed",
        doc["items"][0]["name"] == "e2e",
        &doc.to_string(),
    )?;
    let (code, out, err) = claw(&["upgrade", "e2e", "-n", &ns, "--force"]);
    check("upgrade --force", code == 0, &format!("{out}{err}"))?;
    let (code, out, err) = claw(&["uninstall", "e2e", "-n", &ns, "--yes"]);
    check("uninstall", code == 0, &format!("{out}{err}"))?;
    Ok(())
}

fn main() -> ExitCode {
    if std::env::var_os("CLAW_E2E_KUBECONFIG").is_none() {
        eprintln!("set CLAW_E2E_KUBECONFIG to the kubeconfig of the cluster to test against");
        return ExitCode::from(2);
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
