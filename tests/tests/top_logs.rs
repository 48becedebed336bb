//! `top` (metrics per bot, the database apart) and `logs` (the bot's own container).

use claw_tests::process::Spawned;
use claw_tests::{Harness, Store, bins, json_of, recorded};
use serde_json::{Value, json};

const IRON_DB_POD: &str = "iron-ironclaw-postgres-7c9d5f4b8-x2x9q";

/// The recorded cluster plus IronClaw's Postgres pod (which shares the bot's instance label),
/// and requests/limits on pico's container.
fn store_with_database() -> Store {
    let mut s = recorded::store();
    let pods = s.objects_mut("v1", "pods");
    let mut db = pods
        .iter()
        .find(|p| p["metadata"]["name"] == "iron-ironclaw-68cbc98984-kwdkj")
        .unwrap()
        .clone();
    db["metadata"]["name"] = json!(IRON_DB_POD);
    db["metadata"]["uid"] = json!("uid-iron-db");
    db["metadata"]["labels"]["app.kubernetes.io/component"] = json!("database");
    db["spec"]["containers"][0]["name"] = json!("postgres");
    db["status"]["containerStatuses"][0]["name"] = json!("postgres");
    pods.push(db);
    for p in pods.iter_mut() {
        if p["metadata"]["name"] == "pico-picoclaw-797d697987-vwxht" {
            p["spec"]["containers"][0]["resources"] = json!({
                "requests": {"cpu": "100m", "memory": "64Mi"},
                "limits": {"cpu": "500m", "memory": "128Mi"},
            });
        }
    }
    s
}

fn install_metrics(s: &mut Store) {
    s.install_group("metrics.k8s.io");
    let pods: Vec<Value> = s.objects("v1", "pods").to_vec();
    for p in pods {
        let name = p["metadata"]["name"].as_str().unwrap();
        let (cpu, mem) = if name == IRON_DB_POD {
            ("250m", "300Mi")
        } else {
            ("5m", "20Mi")
        };
        s.insert(
            "metrics.k8s.io/v1beta1",
            "pods",
            json!({
                "metadata": {"name": name, "namespace": p["metadata"]["namespace"]},
                "timestamp": "2026-11-25T06:00:00Z", "window": "15s",
                "containers": [{"name": p["spec"]["containers"][0]["name"], "usage": {"cpu": cpu, "memory": mem}}],
            }),
        );
    }
}

#[test]
fn top_without_metrics_server_says_to_install_it() {
    let h = Harness::recorded();
    let out = h.kubectl_claw(&["top"]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("metrics are not available")
            && out.stderr.contains("install metrics-server"),
        "{}",
        out.stderr
    );
}

#[test]
fn top_sums_each_bots_own_pods_and_shows_the_database_apart() {
    let mut store = store_with_database();
    install_metrics(&mut store);
    let h = Harness::new(store);
    let out = h.kubectl_claw(&["top", "-o", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = json_of(&out);
    assert_eq!(doc["kind"], "TopReport");
    let item = |name: &str| {
        doc["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == name)
            .unwrap()
            .clone()
    };
    let cp = item("clawmachine");
    // Whole numbers, as kubectl top shows them.
    assert_eq!(
        cp["usage"]["cpuMillicores"].as_u64(),
        Some(10),
        "two pods of 5m"
    );
    assert_eq!(cp["usage"]["pods"], 2);
    let iron = item("iron");
    assert_eq!(
        iron["usage"]["cpuMillicores"], 5.0,
        "the database is not the bot"
    );
    assert_eq!(iron["database"]["cpuMillicores"].as_u64(), Some(250));
    assert_eq!(
        iron["database"]["memoryBytes"].as_u64(),
        Some(300 * 1024 * 1024)
    );
    let pico = item("pico");
    assert_eq!(pico["usage"]["cpuRequestMillicores"], 100.0);
    assert_eq!(pico["usage"]["memoryLimitBytes"], 128.0 * 1024.0 * 1024.0);
    assert!(item("pico2")["database"].is_null());

    let table = h.kubectl_claw(&["top", "-n", "claw-machine"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    let header: Vec<&str> = table
        .stdout
        .lines()
        .next()
        .unwrap()
        .split("   ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(
        header,
        [
            "NAME", "TYPE", "PODS", "CPU", "CPU REQ", "CPU LIM", "CPU%", "MEMORY", "MEM REQ",
            "MEM LIM", "MEM%"
        ]
    );
    let row = |name: &str| -> Vec<String> {
        table
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap()
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        row("pico"),
        [
            "pico", "picoclaw", "1", "5m", "100m", "500m", "1%", "20Mi", "64Mi", "128Mi", "16%"
        ]
    );
    assert_eq!(
        row("iron/database"),
        [
            "iron/database",
            "database",
            "1",
            "250m",
            "-",
            "-",
            "-",
            "300Mi",
            "-",
            "-",
            "-"
        ]
    );

    let only = json_of(&h.kubectl_claw(&["top", "pico", "-o", "json"]));
    assert_eq!(only["items"].as_array().unwrap().len(), 1);
}

#[test]
fn logs_from_an_unreachable_kubelet_say_so_at_once() {
    let h = log_harness();
    // What kube-apiserver answers when it cannot dial the node's kubelet for the logs.
    let pod = "pico-picoclaw-797d697987-vwxht";
    h.api.inject(claw_tests::Fault::status(
        claw_tests::Match::PathPrefix(format!("/api/v1/namespaces/claw-machine/pods/{pod}/log")),
        500,
        "",
        &format!(
            "Get \"https://198.18.0.1:10250/containerLogs/claw-machine/{pod}/picoclaw\": dial tcp 198.18.0.1:10250: connect: connection refused"
        ),
    ));
    let out = h.kubectl_claw(&["logs", "pico"]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.starts_with(&format!(
            "error: cannot read the logs of pod {pod}: the API server cannot reach the kubelet on its node ("
        )),
        "{}",
        out.stderr
    );
    let asked = h
        .api
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/log"))
        .count();
    assert_eq!(asked, 1, "the same answer would come again: no retries");

    // With --all-pods, one pod behind that kubelet is a warning; the control plane's other
    // pod is shown, and that is a success.
    let unreachable = "clawmachine-clawmachine-67bd7b7b49-hbzdp";
    let shown = "clawmachine-clawmachine-67bd7b7b49-ncb2c";
    h.api
        .set_logs("claw-machine", shown, "clawmachine", &["serving"], false);
    h.api.inject(claw_tests::Fault::status(
        claw_tests::Match::PathPrefix(format!(
            "/api/v1/namespaces/claw-machine/pods/{unreachable}/log"
        )),
        500,
        "",
        "Get \"https://198.18.0.2:10250/containerLogs/claw-machine/x/clawmachine\": dial tcp 198.18.0.2:10250: connect: connection refused",
    ));
    let out = h.kubectl_claw(&["logs", "clawmachine", "--all-pods"]);
    assert_eq!(out.code, 0, "one pod shown: {}", out.all());
    assert_eq!(out.stdout, format!("[pod/{shown}/clawmachine] serving\n"));
    assert!(
        out.stderr.starts_with(&format!(
            "warning: cannot read the logs of pod {unreachable}"
        )),
        "{}",
        out.stderr
    );
}

fn log_harness() -> Harness {
    let h = Harness::new(store_with_database());
    h.api.set_logs(
        "claw-machine",
        "pico-picoclaw-797d697987-vwxht",
        "picoclaw",
        &["boot", "listening on :18790", "ready"],
        false,
    );
    h.api.set_logs(
        "claw-machine",
        "iron-ironclaw-68cbc98984-kwdkj",
        "ironclaw",
        &["gateway up"],
        false,
    );
    h.api.set_logs(
        "claw-machine",
        IRON_DB_POD,
        "postgres",
        &["database system is ready"],
        false,
    );
    h.api.set_logs(
        "claw-machine",
        "open-openclaw-796cb966b6-lf94f",
        "openclaw",
        &["starting"],
        false,
    );
    h.api.set_logs(
        "claw-machine",
        "open-openclaw-796cb966b6-lf94f",
        "openclaw",
        &["panic: no API key"],
        true,
    );
    h.api.set_logs(
        "claw-machine",
        "open-openclaw-796cb966b6-kn2mm",
        "openclaw",
        &[],
        false,
    );
    h
}

#[test]
fn logs_read_the_bots_own_container_not_its_databases() {
    let h = log_harness();
    let out = h.kubectl_claw(&["logs", "iron"]);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (0, "gateway up\n"),
        "{}",
        out.stderr
    );
    let out = h.kubectl_claw(&["logs", "iron", "-c", "postgres"]);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (0, "database system is ready\n"),
        "{}",
        out.stderr
    );
    let out = h.kubectl_claw(&["logs", "iron", "-c", "nope"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("no container \"nope\" (containers: ironclaw, postgres)"),
        "{}",
        out.stderr
    );
}

#[test]
fn logs_tail_previous_and_all_pods() {
    let h = log_harness();
    let out = h.kubectl_claw(&["logs", "pico", "--tail", "2"]);
    assert_eq!(out.stdout, "listening on :18790\nready\n");
    let req = h
        .api
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with("/log"))
        .unwrap();
    assert_eq!(req.query.get("tailLines").map(String::as_str), Some("2"));
    assert_eq!(
        req.query.get("container").map(String::as_str),
        Some("picoclaw")
    );

    // The crash-looping pod, not the Pending one, and its previous container's last words.
    let out = h.kubectl_claw(&["logs", "open", "--previous"]);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (0, "panic: no API key\n"),
        "{}",
        out.stderr
    );

    let out = h.kubectl_claw(&["logs", "open", "--all-pods"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout, "[pod/open-openclaw-796cb966b6-lf94f/openclaw] starting\n",
        "the Pending pod has no lines"
    );
    assert!(
        out.stderr.contains(
            "warning: pod open-openclaw-796cb966b6-kn2mm of bot \"claw-machine/open\" has no logs yet: it is Pending"
        ),
        "the Pending pod is said, and the others shown: {}",
        out.stderr
    );
    assert_eq!(
        h.api
            .requests()
            .iter()
            .filter(|r| r.path.contains("/open-openclaw-") && r.path.ends_with("/log"))
            .count(),
        2,
        "the Pending pod's kubelet is not asked"
    );

    // A previous log that does not exist is the server's 400, said in one line.
    let out = h.kubectl_claw(&["logs", "pico", "--previous"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("previous terminated container \"picoclaw\""),
        "{}",
        out.stderr
    );
}

#[test]
fn logs_follow_streams_until_interrupted() {
    let h = log_harness();
    let mut cmd = bins::clean_command(bins::plugin("kubectl-claw"), h.dir.path());
    cmd.env("KUBECONFIG", &h.kubeconfig)
        .args(["logs", "pico", "-f", "--tail", "1"]);
    let mut child = Spawned::start(cmd);
    child.read_until("the last line", |l| !l.is_empty());
    assert_eq!(child.stdout, ["ready"]);
    // Appended lines arrive while following.
    h.api.wait_until("the follow request", |api| {
        api.requests()
            .iter()
            .any(|r| r.query.get("follow").map(String::as_str) == Some("true"))
    });
    h.api.append_log(
        "claw-machine",
        "pico-picoclaw-797d697987-vwxht",
        "picoclaw",
        "new message from user",
    );
    child.read_until("the appended line", |l| l.len() >= 2);
    assert_eq!(child.stdout, ["ready", "new message from user"]);
    child.interrupt();
    let out = child.finish();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "ready\nnew message from user\n", "nothing more");
}
