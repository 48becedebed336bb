//! No planted secret in any output or written file, whatever the command and whichever plugin
//! runs it — and the redactor is not blanking everything: the values beside the secrets come
//! through unchanged.

use claw_tests::bins::Output;
use claw_tests::fake_helm::{Rig, walk};
use claw_tests::planted;

/// Runs `args` under both plugins (kubectl's conventions and Helm's), with the fake Helm.
fn both(rig: &Rig, args: &[&str], env: &[(&str, &str)]) -> Vec<(String, Output)> {
    let helm = Rig::helm_path();
    let mut helm_env: Vec<(&str, &str)> = vec![
        ("HELM_BIN", helm.to_str().unwrap()),
        ("FAKE_HELM_DIR", rig.calls.path().to_str().unwrap()),
    ];
    helm_env.extend_from_slice(env);
    vec![
        (
            format!("kubectl claw {}", args.join(" ")),
            rig.claw(args, env),
        ),
        (
            format!("helm claw {}", args.join(" ")),
            rig.h.helm_claw(args, &helm_env),
        ),
    ]
}

#[test]
fn no_planted_secret_reaches_any_output_or_file() {
    let rig = Rig::new(planted::cluster());
    let tmp = tempfile::tempdir().unwrap();
    let backup_kubectl = tmp.path().join("kubectl");
    let backup_helm = tmp.path().join("helm");
    let failure = planted::helm_failure(false);
    let failure_with_set = planted::helm_failure(true);
    let set = format!("secrets.anthropicApiKey={}", planted::SET_SECRET);
    let mut runs: Vec<(String, Output)> = Vec::new();
    for args in [
        vec!["status", "-o", "json"],
        vec!["status", "-o", "yaml"],
        vec!["status", "-o", "wide"],
        vec!["status", "-v", "--no-probe"],
        vec!["bots", "-o", "json"],
        vec!["bots", "-o", "yaml"],
        vec!["doctor"],
        vec!["doctor", "-o", "json"],
        vec!["upgrade", "--all-bots", "--dry-run", "--diff"],
        vec!["upgrade", "--all-bots", "--dry-run", "--diff", "-o", "json"],
        vec!["upgrade", "iron", "pico", "--unsafe", "--diff"],
        vec!["install", "ironclaw", "newbot", "--set", &set],
        vec![
            "restore",
            tmp.path().join("kubectl").to_str().unwrap(),
            "--dry-run",
            "--upgrade",
        ],
    ] {
        // Helm fails every release, echoing what it was given.
        let message = if args[0] == "install" {
            &failure_with_set
        } else {
            &failure
        };
        let env = [
            ("FAKE_HELM_FAIL", "iron pico newbot"),
            ("FAKE_HELM_FAIL_MESSAGE", message.as_str()),
        ];
        if args[0] == "restore" {
            rig.claw(&["backup", backup_kubectl.to_str().unwrap()], &[]);
        }
        runs.extend(both(&rig, &args, &env));
    }
    runs.push((
        "helm claw backup".into(),
        rig.h.helm_claw(
            &["backup", backup_helm.to_str().unwrap()],
            &[("HELM_BIN", Rig::helm_path().to_str().unwrap())],
        ),
    ));

    // The commands did their work (a redactor that broke them would pass trivially).
    let find = |prefix: &str| {
        runs.iter()
            .find(|(what, _)| what.starts_with(prefix))
            .map(|(_, o)| o)
            .unwrap()
    };
    assert!(
        find("kubectl claw status -o json")
            .stdout
            .contains("\"kind\": \"Status\"")
    );
    assert!(
        find("kubectl claw upgrade --all-bots --dry-run --diff")
            .stdout
            .contains("+++ claw-machine/iron")
    );
    assert!(
        find("kubectl claw upgrade iron pico --unsafe")
            .stderr
            .contains(
                "error: upgrade of claw-machine/iron failed: Error: UPGRADE FAILED: values rejected"
            ),
        "{}",
        find("kubectl claw upgrade iron pico --unsafe").stderr
    );
    assert!(
        find("kubectl claw install ironclaw")
            .stderr
            .contains("error: install of")
    );
    assert!(find("kubectl claw status -v").stderr.contains("claw: GET "));
    assert!(
        find("kubectl claw doctor")
            .stdout
            .contains("release failed")
    );

    let mut leaks = Vec::new();
    for (what, out) in &runs {
        for l in planted::leaks(&out.all()) {
            leaks.push(format!("{what}: {l}"));
        }
    }
    for dir in [&backup_kubectl, &backup_helm] {
        for f in walk(dir) {
            for l in planted::leaks(&std::fs::read_to_string(&f).unwrap()) {
                leaks.push(format!("{}: {l}", f.display()));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "planted secrets shown:\n{}",
        leaks.join("\n")
    );

    // What is not secret is all there, unchanged, in both plugins' backups.
    for dir in [&backup_kubectl, &backup_helm] {
        let all: String = walk(dir)
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect();
        for kept in planted::KEPT {
            assert!(
                all.contains(kept),
                "{kept} missing from {}:\n{all}",
                dir.display()
            );
        }
    }
}

#[test]
fn an_ironclaw_with_its_own_database_keeps_its_host_and_its_config_readable() {
    let rig = Rig::new(planted::cluster());
    let tmp = tempfile::tempdir().unwrap();
    let out = rig.claw(&["backup", tmp.path().to_str().unwrap()], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    let path = tmp.path().join("claw-machine/iron.values.yaml");
    let values = claw_tests::fake_helm::yaml_file(&path);
    assert_eq!(
        values["database"]["url"],
        "postgres://u:<redacted>@db.example:5432/x"
    );
    assert_eq!(values["postgresql"]["enabled"], false);
    let content: serde_json::Value =
        serde_json::from_str(values["configFile"]["content"].as_str().unwrap()).unwrap();
    assert_eq!(content["providers"]["anthropic"]["apiKey"], "<redacted>");
    assert_eq!(
        content["providers"]["anthropic"]["baseUrl"],
        "https://api.anthropic.com"
    );
    assert_eq!(content["model"], "claude-kept");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // The index names every spot restore will ask for.
    let index = claw_tests::fake_helm::yaml_file(&tmp.path().join("backup.yaml"));
    let iron = index["releases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "iron")
        .unwrap();
    assert_eq!(
        iron["redacted"],
        serde_json::json!([
            "configFile.content",
            "database.url",
            "secrets.anthropicApiKey"
        ])
    );
    // And restore asks for each of them, naming the key paths.
    let empty = Rig::new(claw_tests::Store::new());
    let out = empty.claw(
        &["restore", tmp.path().to_str().unwrap(), "iron", "--dry-run"],
        &[],
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("secret values redacted in the backup: configFile.content, database.url, secrets.anthropicApiKey"),
        "{}",
        out.stdout
    );
}
