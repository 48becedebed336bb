//! Writes act only where the user pointed. Under Helm, `-n` and `--kube-context` are Helm's
//! own flags: Helm takes them out of the plugin's arguments and passes `HELM_NAMESPACE` always
//! (`default` when nothing was given). These tests run the plugin through the real Helm 3 and
//! Helm 4, as a user types it, and check where each command acts.

use claw_tests::bins::Output;
use claw_tests::fake_helm::Rig;
use claw_tests::shaped::{self, Release};
use claw_tests::{Harness, json_of, recorded};
use serde_json::json;

const HELMS: [&str; 2] = ["helm3", "helm4"];

/// `helm claw ARGS` through the real `helm`, which hands the plugin the fake Helm as HELM_BIN.
fn helm_claw(rig: &Rig, helm: &str, args: &[&str]) -> Output {
    let fake = Rig::helm_path();
    rig.h.helm_claw_with(
        helm,
        args,
        &[
            ("HELM_BIN", fake.to_str().unwrap()),
            ("FAKE_HELM_DIR", rig.calls.path().to_str().unwrap()),
        ],
    )
}

#[test]
fn helm_claw_uninstall_acts_in_the_namespace_given_to_helm_and_nowhere_else() {
    for helm in HELMS {
        // No bot `pico` in `default`: refused, and claw-machine/pico is left alone.
        let rig = Rig::new(recorded::store());
        let out = helm_claw(&rig, helm, &["uninstall", "pico", "-n", "default", "--yes"]);
        assert_eq!(out.code, 1, "{helm}: {}", out.all());
        assert_eq!(
            out.stderr, "error: unknown bot \"pico\" in namespace \"default\"; no bots are there\n",
            "{helm}"
        );
        assert!(rig.calls().is_empty(), "{helm}: {:?}", rig.calls());
        // The same before the plugin's name, where Helm parses it itself; and `-n ""`, which
        // Helm turns into `default`: typed, if empty, so not "no -n".
        for args in [
            &["-n", "default", "uninstall", "pico", "--yes"][..],
            &["uninstall", "pico", "--yes", "-n", ""],
        ] {
            let out = helm_claw(&rig, helm, args);
            assert_eq!(out.code, 1, "{helm} {args:?}: {}", out.all());
            assert!(rig.calls().is_empty(), "{helm}: {:?}", rig.calls());
        }

        // Without -n the bot is found where it is, and only there.
        let out = helm_claw(&rig, helm, &["uninstall", "pico", "--yes"]);
        assert_eq!(out.code, 0, "{helm}: {}", out.all());
        assert_eq!(
            rig.calls(),
            [["uninstall", "pico", "--namespace", "claw-machine"]],
            "{helm}"
        );
    }
}

#[test]
fn helm_claw_install_goes_where_helm_was_pointed() {
    for helm in HELMS {
        let rig = Rig::new(recorded::store());
        let out = helm_claw(
            &rig,
            helm,
            &["install", "picoclaw", "x", "-n", "default", "--dry-run"],
        );
        assert_eq!(out.code, 0, "{helm}: {}", out.all());
        assert!(
            out.stdout
                .contains(" as default/x (helm install x --namespace default)"),
            "{helm}: {}",
            out.stdout
        );
        let out = helm_claw(&rig, helm, &["install", "picoclaw", "x", "--dry-run"]);
        assert_eq!(out.code, 0, "{helm}: {}", out.all());
        assert!(
            out.stdout.contains(" as claw-machine/x "),
            "ClawMachine's namespace when none is given: {}",
            out.stdout
        );
        assert!(rig.calls().is_empty());
    }
}

#[test]
fn a_context_given_to_claw_under_helm_is_not_narrowed_by_helms_namespace() {
    let h = Harness::recorded();
    // The current context names namespace claw-machine, so Helm passes HELM_NAMESPACE=claw-machine
    // although nobody typed -n; the context the user asked for names another.
    let one = h.api.kubeconfig_yaml(
        "fake",
        "claw-machine",
        &format!("token: {}", claw_tests::harness::TOKEN),
    );
    let viewer = one.replace(
            "contexts:\n",
            "contexts:\n  - name: viewer\n    context:\n      cluster: fake\n      user: fake\n      namespace: default\n",
        );
    let kubeconfig = h.dir.path().join("two-contexts");
    std::fs::write(&kubeconfig, viewer).unwrap();
    for helm in HELMS {
        let out = h.helm_claw_with(
            helm,
            &[
                "bots",
                "--context",
                "viewer",
                "-o",
                "json",
                "--kubeconfig",
                kubeconfig.to_str().unwrap(),
            ],
            &[],
        );
        assert_eq!(out.code, 0, "{helm}: {}", out.all());
        let doc = json_of(&out);
        assert_eq!(
            doc["items"].as_array().unwrap().len(),
            4,
            "{helm}: every namespace, as `helm --kube-context viewer claw bots` shows: {doc}"
        );
    }
}

#[test]
fn where_helm_cannot_be_asked_its_namespace_counts_for_writes() {
    // helm-claw started by something that is not Helm, with Helm's variables set: whether -n
    // was typed cannot be known, so a write takes HELM_NAMESPACE as given, and a read does not.
    let rig = Rig::new(recorded::store());
    let fake = Rig::helm_path();
    let mut c =
        claw_tests::bins::clean_command(claw_tests::bins::plugin("helm-claw"), rig.h.dir.path());
    c.env("KUBECONFIG", &rig.h.kubeconfig)
        .env("HELM_NAMESPACE", "default")
        .env("HELM_BIN", &fake)
        .env("FAKE_HELM_DIR", rig.calls.path())
        .args(["uninstall", "pico", "--yes"]);
    let out = claw_tests::bins::run(&mut c);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stderr.contains("in namespace \"default\""),
        "{}",
        out.stderr
    );
    assert!(rig.calls().is_empty());
}

/// Two bots called `pico`, in two namespaces, and an `iron`.
fn two_picos() -> claw_tests::Store {
    let manifest =
        |ns: &str, name: &str| shaped::manifest_from_chart("picoclaw", name, ns, &json!({}));
    shaped::store(&[
        Release::new(
            "claw-machine",
            "pico",
            "picoclaw",
            json!({}),
            manifest("claw-machine", "pico"),
        ),
        Release::new(
            "bots-team-a",
            "pico",
            "picoclaw",
            json!({}),
            manifest("bots-team-a", "pico"),
        ),
    ])
}

#[test]
fn a_bare_name_in_two_namespaces_is_refused_by_every_command() {
    let rig = Rig::new(two_picos());
    for args in [
        &["uninstall", "pico", "--yes"][..],
        &["upgrade", "pico", "--dry-run"],
        &["logs", "pico"],
        &["events", "pico"],
        &["bots", "pico"],
        &["health", "pico"],
        &["top", "pico"],
    ] {
        let out = rig.claw(args, &[]);
        assert_eq!(out.code, 2, "{args:?}: {}", out.all());
        assert_eq!(
            out.stderr,
            "error: \"pico\" names bots in 2 namespaces: bots-team-a/pico, claw-machine/pico; say which as NAMESPACE/NAME, or narrow with -n\n",
            "{args:?}"
        );
    }
    assert!(rig.calls().is_empty(), "{:?}", rig.calls());
    // Named precisely, or asked for all, it goes ahead.
    let out = rig.claw(&["bots", "bots-team-a/pico", "-o", "json"], &[]);
    assert_eq!(json_of(&out)["items"][0]["namespace"], "bots-team-a");
    let out = rig.claw(&["bots", "pico", "-n", "claw-machine", "-o", "json"], &[]);
    assert_eq!(json_of(&out)["items"][0]["namespace"], "claw-machine");
    let out = rig.claw(&["upgrade", "--all-bots", "--dry-run"], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        out.stdout.contains("bots-team-a    pico") && out.stdout.contains("claw-machine   pico"),
        "{}",
        out.stdout
    );
}
