//! `status` and `bots` against the recorded cluster, run as real processes.

use claw_tests::recorded::PICO_SECRET;
use claw_tests::{Harness, bot_in, json_of};
use serde_json::Value;

#[test]
fn recorded_cluster_shows_exactly_the_five_clawmachine_releases() {
    let h = Harness::recorded();
    let out = h.kubectl_claw(&["status", "-o", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = json_of(&out);
    assert_eq!(doc["apiVersion"], "claw.clawmachine.dev/v1alpha1");
    assert_eq!(doc["kind"], "Status");

    let cp = &doc["controlPlane"];
    assert_eq!(cp["name"], "clawmachine");
    assert_eq!(cp["namespace"], "claw-machine");
    assert_eq!(cp["type"], "control-plane");
    assert_eq!(cp["status"], "Running");
    assert_eq!(cp["ready"], serde_json::json!({"ready": 2, "desired": 2}));

    let names: Vec<&str> = doc["bots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["pico2", "iron", "open", "pico"],
        "sorted by namespace, then name; shop is not ours"
    );

    let expect = [
        // name, namespace, type, chart version, helm status, revision, status, ready, desired, restarts
        (
            "pico2",
            "bots-team-a",
            "picoclaw",
            "0.1.0",
            "deployed",
            1,
            "ImagePullBackOff",
            0,
            1,
            0,
        ),
        (
            "iron",
            "claw-machine",
            "ironclaw",
            "0.1.0",
            "deployed",
            1,
            "Running",
            1,
            1,
            0,
        ),
        (
            "open",
            "claw-machine",
            "openclaw",
            "0.1.0",
            "failed",
            2,
            "failed/CrashLoopBackOff",
            0,
            2,
            7,
        ),
        (
            "pico",
            "claw-machine",
            "picoclaw",
            "0.1.0",
            "deployed",
            3,
            "Running",
            1,
            1,
            0,
        ),
    ];
    for (name, ns, ty, chart_version, helm, rev, status, ready, desired, restarts) in expect {
        let b = bot_in(&doc, name);
        assert_eq!(b["namespace"], ns, "{name}");
        assert_eq!(b["type"], ty, "{name}");
        assert_eq!(b["release"]["chartVersion"], chart_version, "{name}");
        assert_eq!(b["release"]["state"], helm, "{name}");
        assert_eq!(b["release"]["revision"], rev, "{name}");
        assert_eq!(b["status"], status, "{name}");
        assert_eq!(b["ready"]["ready"], ready, "{name}");
        assert_eq!(b["ready"]["desired"], desired, "{name}");
        assert_eq!(b["restarts"], restarts, "{name}");
    }
    assert_eq!(bot_in(&doc, "open")["pods"]["state"], "CrashLoopBackOff");
    assert_eq!(
        bot_in(&doc, "pico2")["pods"]["items"][0]["status"],
        "ImagePullBackOff"
    );
    assert_eq!(
        bot_in(&doc, "iron")["upgrade"],
        claw_tests::bins::embedded_version(),
        "embedded chart newer than the release's"
    );
    // Helm 3 wrote `iron`; Helm 4 the rest: both decode alike.
    assert_eq!(bot_in(&doc, "iron")["release"]["appVersion"], "0.11.1");
    assert!(
        doc["warnings"].as_array().unwrap().is_empty(),
        "{:#}",
        doc["warnings"]
    );
}

#[test]
fn table_looks_like_kubectl() {
    let h = Harness::recorded();
    let out = h.kubectl_claw(&["status"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    let want = [
        "NAMESPACE",
        "NAME",
        "TYPE",
        "STATUS",
        "READY",
        "RESTARTS",
        "HEALTH",
        "CHART",
        "UPGRADE",
        "AGE",
    ];
    assert_eq!(header, want);
    assert_eq!(
        lines.len(),
        6,
        "header, control plane, four bots:\n{}",
        out.stdout
    );
    let row = |name: &str| -> Vec<&str> {
        lines
            .iter()
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .find(|cols| cols[1] == name)
            .unwrap_or_else(|| panic!("no row {name}"))
    };
    let cp = [
        "claw-machine",
        "clawmachine",
        "control-plane",
        "Running",
        "2/2",
        "0",
        "healthy",
        "clawmachine-0.1.0",
    ];
    assert_eq!(row("clawmachine")[..8], cp);
    let open = [
        "claw-machine",
        "open",
        "openclaw",
        "failed/CrashLoopBackOff",
        "0/2",
        "7",
        "no-endpoints",
        "openclaw-0.1.0",
    ];
    assert_eq!(row("open")[..8], open);
    let pico2 = [
        "bots-team-a",
        "pico2",
        "picoclaw",
        "ImagePullBackOff",
        "0/1",
        "0",
        "no-endpoints",
        "picoclaw-0.1.0",
    ];
    assert_eq!(row("pico2")[..8], pico2);
    assert_eq!(
        row("iron")[6],
        "healthy",
        "ironclaw probed on /api/health through its gateway port"
    );
    assert_eq!(
        row("iron")[8],
        claw_tests::bins::embedded_version(),
        "the embedded chart is newer than the release's 0.1.0"
    );
    assert!(!out.stdout.contains("shop"));
    assert!(
        !out.stdout.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
    assert!(
        lines.iter().all(|l| !l.ends_with(' ')),
        "no trailing blanks"
    );
}

#[test]
fn no_headers_and_wide() {
    let h = Harness::recorded();
    let out = h.kubectl_claw(&["status", "--no-headers"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout
            .lines()
            .next()
            .unwrap()
            .starts_with("claw-machine"),
        "{}",
        out.stdout
    );
    assert_eq!(out.stdout.lines().count(), 5);

    let out = h.kubectl_claw(&["status", "-o", "wide"]);
    assert_eq!(out.code, 0);
    let header = out.stdout.lines().next().unwrap();
    for col in [
        "APP VERSION",
        "REVISION",
        "RELEASE",
        "PODS",
        "DATABASE",
        "UPDATED",
    ] {
        assert!(header.contains(col), "{header}");
    }
    let open = out.stdout.lines().find(|l| l.contains(" open ")).unwrap();
    assert!(
        open.contains("2026.2.21")
            && open.contains(" failed ")
            && open.contains(" CrashLoopBackOff "),
        "{open}"
    );
}

#[test]
fn yaml_is_the_same_document_as_json() {
    let h = Harness::recorded();
    let json = json_of(&h.kubectl_claw(&["status", "-o", "json"]));
    let out = h.kubectl_claw(&["status", "-o", "yaml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Compare through a YAML round trip of the JSON, so float/int and ordering quirks don't matter.
    let from_yaml: Value = serde_saphyr::from_str(&out.stdout).expect("valid yaml");
    assert_eq!(from_yaml["kind"], json["kind"]);
    assert_eq!(from_yaml["bots"].as_array().unwrap().len(), 4);
    assert_eq!(from_yaml["bots"][2]["status"], "failed/CrashLoopBackOff");
    assert_eq!(
        from_yaml["bots"][2]["release"]["chartVersion"], "0.1.0",
        "versions stay strings"
    );
}

#[test]
fn the_secret_in_picos_values_appears_in_no_output() {
    let h = Harness::recorded();
    let mut outputs = Vec::new();
    for format in ["table", "wide", "json", "yaml"] {
        outputs.push(h.kubectl_claw(&["status", "-o", format]));
        outputs.push(h.kubectl_claw(&["bots", "pico", "-o", format]));
        outputs.push(h.helm_claw(&["status", "-o", format], &[]));
    }
    outputs.push(h.kubectl_claw(&["bots", "nope"]));
    for out in &outputs {
        assert!(
            !out.all().contains(PICO_SECRET),
            "secret leaked:\n{}",
            out.all()
        );
    }
    assert!(outputs.iter().filter(|o| o.code == 0).count() >= 12);
}

#[test]
fn namespace_narrows_and_drops_the_namespace_column() {
    let h = Harness::recorded();
    let out = h.kubectl_claw(&["bots", "-n", "bots-team-a"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].starts_with("NAME "), "{}", out.stdout);
    assert_eq!(lines.len(), 2);
    assert!(lines[1].starts_with("pico2 "));
    // Only that namespace was asked for.
    assert!(
        h.api
            .requests()
            .iter()
            .all(|r| r.path.contains("/namespaces/bots-team-a/")),
        "{:?}",
        h.api.requests()
    );
}

#[test]
fn bots_filters_by_name_and_type() {
    let h = Harness::recorded();
    let doc = json_of(&h.kubectl_claw(&["bots", "-t", "picoclaw", "-o", "json"]));
    assert_eq!(doc["kind"], "BotList");
    let names: Vec<&str> = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["pico2", "pico"]);

    let doc = json_of(&h.kubectl_claw(&["bots", "claw-machine/open", "iron", "-o", "json"]));
    let names: Vec<&str> = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["open", "iron"], "in the order asked");
}

#[test]
fn unknown_bot_is_one_line_listing_the_known_ones() {
    let h = Harness::recorded();
    let out = h.kubectl_claw(&["bots", "nope"]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    // The closest first, each with its namespace, each once.
    assert!(
        out.stderr.starts_with(
            "error: unknown bot \"nope\" in any namespace; closest: claw-machine/open, "
        ),
        "{}",
        out.stderr
    );
    for bot in [
        "bots-team-a/pico2",
        "claw-machine/iron",
        "claw-machine/pico",
    ] {
        assert_eq!(out.stderr.matches(bot).count(), 1, "{}", out.stderr);
    }
}

#[test]
fn helm_plugin_takes_helms_environment() {
    let h = Harness::recorded();
    // Helm sets HELM_NAMESPACE=default when no -n was given: all namespaces.
    let doc = json_of(&h.helm_claw(&["status", "-o", "json"], &[]));
    assert_eq!(doc["bots"].as_array().unwrap().len(), 4);
    let names = |doc: &serde_json::Value| -> Vec<String> {
        doc["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["name"].as_str().unwrap().to_string())
            .collect()
    };
    // `-n` before or after the plugin's name, which Helm takes for itself, and Helm's own
    // HELM_NAMESPACE variable, all narrow.
    for (args, env) in [
        (&["bots", "-o", "json", "-n", "bots-team-a"][..], &[][..]),
        (&["-o", "json", "bots", "--namespace=bots-team-a"], &[]),
        (
            &["bots", "-o", "json"],
            &[("HELM_NAMESPACE", "bots-team-a")],
        ),
    ] {
        let doc = json_of(&h.helm_claw(args, env));
        assert_eq!(names(&doc), ["pico2"], "{args:?} {env:?}");
    }
    // `helm --kube-context nope claw status` arrives as HELM_KUBECONTEXT.
    let out = h.helm_claw(&["status"], &[("HELM_KUBECONTEXT", "nope")]);
    assert_eq!(out.code, 3);
    assert!(
        out.stderr
            .contains("context \"nope\" does not exist (known: fake)"),
        "{}",
        out.stderr
    );
}

#[test]
fn each_plugin_names_itself_in_help() {
    let h = Harness::recorded();
    let out = h.kubectl_claw(&["--help"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout
            .contains("Usage: kubectl claw [OPTIONS] <COMMAND>"),
        "{}",
        out.stdout
    );
    let out = h.helm_claw(&["status", "--help"], &[]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("Usage: helm claw status"),
        "{}",
        out.stdout
    );
}

#[test]
fn usage_errors_exit_2() {
    let h = Harness::recorded();
    for args in [
        &["status", "-o", "xml"][..],
        &["frobnicate"],
        &["status", "-n", "a", "-A"],
        &["status", "--request-timeout", "soon"],
    ] {
        let out = h.kubectl_claw(args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.starts_with("error:"), "{}", out.stderr);
    }
    assert!(
        h.api.requests().is_empty(),
        "usage errors never reach the cluster"
    );
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let h = Harness::recorded();
    let plugin = claw_tests::bins::plugin("kubectl-claw");
    // `script` gives the plugin a pseudo-terminal as stdout.
    let on_tty = |no_color: Option<&str>| {
        let mut c = claw_tests::bins::clean_command("script", h.dir.path());
        c.env("KUBECONFIG", &h.kubeconfig)
            .env("TERM", "xterm")
            .args(["-qec", &format!("{} status", plugin.display()), "/dev/null"]);
        if let Some(v) = no_color {
            c.env("NO_COLOR", v);
        }
        claw_tests::bins::run(&mut c)
    };
    let out = on_tty(None);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        out.stdout.contains("\u{1b}["),
        "colour on a terminal:\n{}",
        out.stdout
    );
    let out = on_tty(Some("1"));
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stdout.contains("CrashLoopBackOff"));
    assert!(
        !out.stdout.contains("\u{1b}["),
        "NO_COLOR wins:\n{}",
        out.stdout
    );
}

#[test]
fn releases_in_configmaps_are_read_with_helms_configmap_driver() {
    use base64::Engine;
    // The recorded releases, moved to ConfigMaps as Helm's configmap driver stores them (the
    // same payload without the Secret's extra base64).
    let mut store = claw_tests::recorded::store();
    let secrets = std::mem::take(store.objects_mut("v1", "secrets"));
    for mut s in secrets {
        let b64 = base64::engine::general_purpose::STANDARD;
        let helm_b64 = b64.decode(s["data"]["release"].as_str().unwrap()).unwrap();
        s["data"]["release"] = String::from_utf8(helm_b64).unwrap().into();
        s["kind"] = "ConfigMap".into();
        store.insert("v1", "configmaps", s);
    }
    let h = Harness::new(store);
    let out = h.kubectl_claw_env(
        &["status", "-o", "json", "--no-probe"],
        &[("HELM_DRIVER", "configmap")],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = json_of(&out);
    assert_eq!(doc["bots"].as_array().unwrap().len(), 4);
    assert_eq!(bot_in(&doc, "open")["release"]["state"], "failed");
    assert!(
        h.api
            .requests()
            .iter()
            .any(|r| r.path == "/api/v1/configmaps")
    );
    let flag = json_of(&h.kubectl_claw(&["bots", "-o", "json", "--helm-driver", "configmaps"]));
    assert_eq!(flag["items"].as_array().unwrap().len(), 4);
    assert!(!out.all().contains(claw_tests::recorded::PICO_SECRET));
    let bad = h.kubectl_claw_env(&["status"], &[("HELM_DRIVER", "sql")]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("\"sql\" is not supported"),
        "{}",
        bad.stderr
    );
}

#[test]
fn selector_narrows_to_bots_whose_workloads_match() {
    let h = Harness::recorded();
    let doc = json_of(&h.kubectl_claw(&[
        "bots",
        "-l",
        "clawmachine.dev/bot-type=picoclaw",
        "-o",
        "json",
    ]));
    let names: Vec<&str> = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["pico2", "pico"]);
    let sent: Vec<String> = h
        .api
        .requests()
        .iter()
        .filter_map(|r| r.query.get("labelSelector").cloned())
        .collect();
    assert!(
        sent.contains(&"app.kubernetes.io/instance,clawmachine.dev/bot-type=picoclaw".to_string()),
        "{sent:?}"
    );

    let out = h.kubectl_claw(&[
        "status",
        "-l",
        "app.kubernetes.io/instance=iron",
        "--no-probe",
        "-o",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = json_of(&out);
    assert!(doc["controlPlane"].is_null());
    assert_eq!(doc["bots"].as_array().unwrap().len(), 1);
    assert!(
        !out.stderr.contains("no ClawMachine control plane"),
        "not news under -l: {}",
        out.stderr
    );

    let bad = h.kubectl_claw(&["bots", "-l", "bad key"]);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.contains("unable to parse requirement"),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_hung_bot_gets_a_one_second_probe_and_shows_timeout() {
    let h = Harness::recorded();
    h.api
        .set_endpoint("claw-machine", "pico-picoclaw", claw_tests::Endpoint::Hangs);
    let doc = json_of(&h.kubectl_claw(&["status", "-o", "json"]));
    let health = &bot_in(&doc, "pico")["health"];
    assert_eq!(health["result"], "timeout");
    assert_eq!(
        health["timeoutMs"], 1000,
        "status's own budget; health keeps 5s"
    );
    assert_eq!(
        bot_in(&doc, "iron")["health"]["result"],
        "healthy",
        "the others are still probed"
    );
    let table = h.kubectl_claw(&["status"]);
    let pico = table.stdout.lines().find(|l| l.contains(" pico ")).unwrap();
    assert!(pico.contains("timeout"), "{pico}");
}
