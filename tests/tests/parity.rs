//! Chart parity: our embedded charts, rendered by real Helm 3.17 and Helm 4.1, keep the app
//! contract of ClawMachine's own charts (fixtures/chart-contract, recorded from ClawMachine's
//! charts at release 0.1.8): for the same values, the same objects, and per container the same
//! mounts, users, env, ports and probes.

use std::path::{Path, PathBuf};

use claw_tests::bins::{self, Output};
use claw_tests::contract::{compare, summarize};
use serde_json::Value;

const HELMS: [&str; 2] = ["helm3", "helm4"];

fn fixture(name: &str) -> PathBuf {
    bins::workspace_root()
        .join("tests/fixtures/chart-contract")
        .join(name)
}

fn chart_dir(chart: &str) -> PathBuf {
    bins::workspace_root().join("charts").join(chart)
}

/// `helm template RELEASE CHART -n claw-machine --set …` with real Helm.
pub fn render(helm: &str, chart: &Path, release: &str, set: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut c = bins::helm_command(helm, home.path());
    c.args(["template", release])
        .arg(chart)
        .args(["--namespace", "claw-machine"]);
    for s in set {
        c.args(["--set", s]);
    }
    bins::run(&mut c)
}

/// (contract file, chart, release, --set values) of every recorded case.
const CASES: &[(&str, &str, &str, &[&str])] = &[
    ("picoclaw-defaults.json", "picoclaw", "bot", &[]),
    (
        "picoclaw-persistence-config.json",
        "picoclaw",
        "bot",
        &[
            "persistence.enabled=true",
            "configFile.enabled=true",
            "configFile.content=cfg",
        ],
    ),
    ("openclaw-defaults.json", "openclaw", "bot", &[]),
    (
        "ironclaw-defaults.json",
        "ironclaw",
        "bot",
        &["postgresql.password=p"],
    ),
    (
        "ironclaw-external-db.json",
        "ironclaw",
        "bot",
        &["postgresql.enabled=false", "database.url=postgres://u@db/x"],
    ),
    ("busybox-defaults.json", "busybox", "bot", &[]),
    (
        "clawmachine-defaults.json",
        "clawmachine",
        "clawmachine",
        &[],
    ),
];

#[test]
fn every_recorded_case_keeps_the_contract_on_helm_3_and_4() {
    let mut failures = Vec::new();
    for helm in HELMS {
        for (file, chart, release, set) in CASES {
            let want: Value =
                serde_json::from_str(&std::fs::read_to_string(fixture(file)).unwrap()).unwrap();
            let out = render(helm, &chart_dir(chart), release, set);
            assert_eq!(out.code, 0, "{helm} {file}: {}", out.all());
            for d in compare(&want, &summarize(&out.stdout)) {
                failures.push(format!("{helm} {file}: {d}"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The contract's `key = JSON` lines: every values key ClawMachine's chart declares, with its
/// default.
fn contract_values(chart: &str) -> Vec<(String, Value)> {
    std::fs::read_to_string(fixture(&format!("values-{chart}.txt")))
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once(" = "))
        .map(|(k, v)| (k.to_string(), serde_json::from_str(v).unwrap()))
        .collect()
}

/// Our values.yaml flattened the same way: dotted keys down to scalars, lists and empty maps.
fn our_values(chart: &str) -> std::collections::BTreeMap<String, Value> {
    fn flatten(prefix: &str, v: &Value, out: &mut std::collections::BTreeMap<String, Value>) {
        match v {
            Value::Object(m) if !m.is_empty() => {
                for (k, v) in m {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    flatten(&key, v, out);
                }
            }
            leaf => {
                out.insert(prefix.to_string(), leaf.clone());
            }
        }
    }
    let text = std::fs::read_to_string(chart_dir(chart).join("values.yaml")).unwrap();
    let v: Value = serde_saphyr::from_str(&text).unwrap();
    let mut out = std::collections::BTreeMap::new();
    flatten("", &v, &mut out);
    out
}

/// The ClawMachine release our charts are stamped with, as its pipeline stamps image tags.
const STAMP: &str = "0.1.8";

#[test]
fn every_values_key_has_clawmachines_type_and_default() {
    let mut failures = Vec::new();
    for chart in ["picoclaw", "ironclaw", "openclaw", "busybox", "clawmachine"] {
        let ours = our_values(chart);
        for (key, want) in contract_values(chart) {
            // Unstamped checkouts say 0.1.0; a release stamps the image tags with its version.
            let stamped = matches!(key.as_str(), "image.tag" | "backup.image.tag")
                && want == Value::String("0.1.0".into());
            let want = if stamped {
                Value::String(STAMP.into())
            } else {
                want
            };
            match ours.get(&key) {
                None => failures.push(format!("{chart}: {key} is missing")),
                Some(got) if *got != want => {
                    failures.push(format!("{chart}: {key} = {got}, ClawMachine's is {want}"))
                }
                Some(_) => {}
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn chart_versions_sort_between_clawmachine_releases() {
    for chart in ["picoclaw", "ironclaw", "openclaw", "busybox", "clawmachine"] {
        let text = std::fs::read_to_string(chart_dir(chart).join("Chart.yaml")).unwrap();
        let meta: Value = serde_saphyr::from_str(&text).unwrap();
        let version = semver::Version::parse(meta["version"].as_str().unwrap()).unwrap();
        assert!(
            version > semver::Version::parse("0.1.8").unwrap(),
            "{chart} {version}: clusters on 0.1.0-0.1.8 see an upgrade"
        );
        assert!(
            version < semver::Version::parse("0.1.9").unwrap(),
            "{chart} {version}: below ClawMachine's next release"
        );
        assert_eq!(meta["appVersion"], STAMP, "{chart}");
    }
}

/// Our render of `chart` with `set`, on Helm 4, as a contract summary.
fn summary(chart: &str, set: &[&str]) -> Value {
    let release = if chart == "clawmachine" {
        "clawmachine"
    } else {
        "bot"
    };
    let out = render("helm4", &chart_dir(chart), release, set);
    assert_eq!(out.code, 0, "{chart} {set:?}: {}", out.all());
    summarize(&out.stdout)
}

#[test]
fn the_comparator_sees_a_changed_mount_a_changed_user_and_a_missing_policy() {
    let want: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("picoclaw-defaults.json")).unwrap())
            .unwrap();
    let out = render("helm4", &chart_dir("picoclaw"), "bot", &[]);
    assert!(compare(&want, &summarize(&out.stdout)).is_empty());

    let moved = out
        .stdout
        .replace("mountPath: /home/picoclaw/.picoclaw", "mountPath: /data");
    let diffs = compare(&want, &summarize(&moved));
    assert!(
        diffs
            .iter()
            .any(|d| d.starts_with("Deployment/bot-picoclaw.pod.container/picoclaw.mounts")),
        "{diffs:?}"
    );

    let other_user = out.stdout.replace(
        "    spec:\n      containers:",
        "    spec:\n      securityContext:\n        runAsUser: 65534\n      containers:",
    );
    assert_ne!(other_user, out.stdout);
    let diffs = compare(&want, &summarize(&other_user));
    assert_eq!(
        diffs,
        ["Deployment/bot-picoclaw.pod.container/picoclaw.user: want null, got 65534"]
    );

    let docs: Vec<&str> = out.stdout.split("\n---").collect();
    let without: Vec<&str> = docs
        .iter()
        .copied()
        .filter(|d| !d.contains("name: bot-picoclaw-allow-dns"))
        .collect();
    assert_eq!(without.len(), docs.len() - 1);
    let diffs = compare(&want, &summarize(&without.join("\n---")));
    assert_eq!(diffs, ["NetworkPolicy/bot-picoclaw-allow-dns: missing"]);
}

// Cases of our own, each checking objects and fields that ClawMachine's templates render for
// these values.

/// The rendered object `kind/name`, whole.
fn object(chart: &str, set: &[&str], kind: &str, name: &str) -> Value {
    let release = if chart == "clawmachine" {
        "clawmachine"
    } else {
        "bot"
    };
    let out = render("helm4", &chart_dir(chart), release, set);
    assert_eq!(out.code, 0, "{}", out.all());
    claw_tests::contract::documents(&out.stdout)
        .into_iter()
        .find(|d| d["kind"] == kind && d["metadata"]["name"] == name)
        .unwrap_or_else(|| panic!("no {kind}/{name} for {set:?}"))
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect()
}

#[test]
fn backups_with_credential_references_and_a_restore_at_start() {
    let set = [
        "persistence.enabled=true",
        "backup.enabled=true",
        "backup.restoreOnStartup=true",
        "backup.s3.bucket=bots",
        "backup.s3.endpoint=https://s3.example",
        "backup.credentials.accessKeyIdSecretRef.name=aws",
        "backup.credentials.secretAccessKeySecretRef.name=aws",
    ];
    let s = summary("picoclaw", &set);
    let backup = &s["CronJob/bot-picoclaw-backup"]["pod"]["container/backup"];
    assert_eq!(
        strings(&backup["env"]),
        [
            "AWS_ACCESS_KEY_ID",
            "AWS_ENDPOINT_URL",
            "AWS_SECRET_ACCESS_KEY"
        ]
    );
    assert_eq!(strings(&backup["envFrom"]), Vec::<&str>::new());
    assert_eq!(
        strings(&backup["mounts"]),
        ["/workspace<-persistentVolumeClaim:bot-picoclaw"]
    );
    assert_eq!(backup["user"], 0);
    assert_eq!(backup["image"], "ghcr.io/zackerydev/theclawmachine");
    let restore = &s["Deployment/bot-picoclaw"]["pod"]["initContainer/restore-workspace"];
    assert_eq!(
        strings(&restore["env"]),
        ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
        "the endpoint is an argument, not env, for the restore"
    );
    assert_eq!(
        strings(&restore["mounts"]),
        ["/workspace<-persistentVolumeClaim:bot-picoclaw"]
    );

    // Without references: a whole Secret; the CronJob falls back to <fullname>-backup.
    let s = summary(
        "picoclaw",
        &["persistence.enabled=true", "backup.enabled=true"],
    );
    let backup = &s["CronJob/bot-picoclaw-backup"]["pod"]["container/backup"];
    assert_eq!(strings(&backup["envFrom"]), ["secret:bot-picoclaw-backup"]);
    let s = summary(
        "picoclaw",
        &[
            "backup.enabled=true",
            "backup.restoreOnStartup=true",
            "backup.credentialsSecret=s3-creds",
        ],
    );
    let restore = &s["Deployment/bot-picoclaw"]["pod"]["initContainer/restore-workspace"];
    assert_eq!(strings(&restore["envFrom"]), ["secret:s3-creds"]);

    // IronClaw dumps its database: DATABASE_URL from the bot's Secret, no workspace.
    let s = summary(
        "ironclaw",
        &[
            "postgresql.password=p",
            "backup.enabled=true",
            "backup.restoreOnStartup=true",
        ],
    );
    let backup = &s["CronJob/bot-ironclaw-backup"]["pod"]["container/backup"];
    assert_eq!(strings(&backup["env"]), ["DATABASE_URL"]);
    assert_eq!(strings(&backup["envFrom"]), ["secret:bot-ironclaw-backup"]);
    let restore = &s["Deployment/bot-ironclaw"]["pod"]["initContainer/restore-database"];
    assert_eq!(strings(&restore["env"]), ["DATABASE_URL"]);
    assert_eq!(strings(&restore["mounts"]), Vec::<&str>::new());

    // OpenClaw: the backup container is labelled as such and reads the state volume.
    let cron = object(
        "openclaw",
        &["backup.enabled=true"],
        "CronJob",
        "bot-openclaw-backup",
    );
    assert_eq!(
        cron["metadata"]["labels"]["app.kubernetes.io/component"],
        "backup"
    );
}

#[test]
fn workspace_import_from_s3_or_github_before_install() {
    let base = ["persistence.enabled=true", "workspace.enabled=true"];
    let s3 = [
        &base[..],
        &[
            "workspace.provider=s3",
            "workspace.s3.bucket=seeds",
            "workspace.s3.secretName=s3-keys",
        ],
    ]
    .concat();
    let job = object("picoclaw", &s3, "Job", "bot-picoclaw-workspace");
    assert_eq!(
        job["metadata"]["annotations"]["helm.sh/hook"],
        "pre-install"
    );
    let s = summary("picoclaw", &s3);
    let c = &s["Job/bot-picoclaw-workspace"]["pod"]["container/workspace-import"];
    assert_eq!(c["image"], "amazon/aws-cli");
    assert_eq!(strings(&c["env"]), ["AWS_DEFAULT_REGION"]);
    assert_eq!(strings(&c["envFrom"]), ["secret:s3-keys"]);
    assert_eq!(
        strings(&c["mounts"]),
        ["/workspace<-persistentVolumeClaim:bot-picoclaw"]
    );
    let github = [
        &base[..],
        &[
            "workspace.provider=github",
            "workspace.github.repository=me/seeds",
            "workspace.github.secretName=gh-token",
        ],
    ]
    .concat();
    let s = summary(
        "ironclaw",
        &[&github[..], &["postgresql.password=p"]].concat(),
    );
    let c = &s["Job/bot-ironclaw-workspace"]["pod"]["container/workspace-import"];
    assert_eq!(c["image"], "alpine/git");
    assert_eq!(strings(&c["envFrom"]), ["secret:gh-token"]);
}

#[test]
fn env_secrets_reach_the_bot_container() {
    let set = [
        "envSecrets[0].envVar=DISCORD_BOT_TOKEN",
        "envSecrets[0].secretRef.name=discord",
        "envSecrets[0].secretRef.key=token",
    ];
    for (chart, container, extra) in [
        ("picoclaw", "picoclaw", vec![]),
        ("openclaw", "openclaw", vec![]),
        ("ironclaw", "ironclaw", vec!["postgresql.password=p"]),
    ] {
        let s = summary(chart, &[&set[..], &extra[..]].concat());
        let c = &s[format!("Deployment/bot-{chart}")]["pod"][format!("container/{container}")];
        assert_eq!(strings(&c["env"]), ["DISCORD_BOT_TOKEN"], "{chart}");
    }
    // The toolbox spells them {envVar, secretName, secretKey}.
    let d = object(
        "busybox",
        &[
            "envSecrets[0].envVar=T",
            "envSecrets[0].secretName=s",
            "envSecrets[0].secretKey=k",
        ],
        "Deployment",
        "bot-busybox",
    );
    let env = &d["spec"]["template"]["spec"]["containers"][0]["env"][0];
    assert_eq!(env["valueFrom"]["secretKeyRef"]["name"], "s");
    assert_eq!(env["valueFrom"]["secretKeyRef"]["key"], "k");
}

#[test]
fn network_policies_ingress_egress_and_cilium_domains() {
    let s = summary("picoclaw", &["networkPolicy.ingress=true"]);
    assert_eq!(
        strings(&s["NetworkPolicy/bot-picoclaw-allow-ingress"]["types"]),
        ["Ingress"]
    );
    let egress = object(
        "picoclaw",
        &["networkPolicy.egress=true"],
        "NetworkPolicy",
        "bot-picoclaw-allow-egress",
    );
    assert_eq!(
        egress["spec"]["egress"],
        serde_json::json!([{}]),
        "all egress"
    );
    let closed = object(
        "picoclaw",
        &[],
        "NetworkPolicy",
        "bot-picoclaw-allow-egress",
    );
    assert_eq!(closed["spec"]["egress"], serde_json::json!([]));
    let cilium = object(
        "picoclaw",
        &[
            "networkPolicy.useCilium=true",
            "networkPolicy.allowedDomains={api.openai.com,*.anthropic.com}",
        ],
        "CiliumNetworkPolicy",
        "bot-picoclaw",
    );
    assert_eq!(cilium["apiVersion"], "cilium.io/v2");
    let patterns: Vec<&str> = cilium["spec"]["egress"][1]["toFQDNs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["matchPattern"].as_str().unwrap())
        .collect();
    assert_eq!(patterns, ["api.openai.com", "*.anthropic.com"]);
    // IronClaw with ingress opened: its database takes connections from the bot alone.
    let pg = object(
        "ironclaw",
        &["postgresql.password=p", "networkPolicy.ingress=true"],
        "NetworkPolicy",
        "bot-ironclaw-allow-postgres",
    );
    assert_eq!(
        pg["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/component"],
        "database"
    );
}

#[test]
fn extra_software_is_written_and_installed_by_the_start_script() {
    for (chart, extra) in [
        ("picoclaw", vec![]),
        ("openclaw", vec![]),
        ("ironclaw", vec!["postgresql.password=p"]),
    ] {
        let set = [
            &["extraSoftware.toolVersions=nodejs 22.1.0"][..],
            &extra[..],
        ]
        .concat();
        let cm = object(chart, &set, "ConfigMap", &format!("bot-{chart}-startup"));
        let script = cm["data"][format!("start-{chart}.sh")].as_str().unwrap();
        assert!(script.contains("\nnodejs 22.1.0\n"), "{chart}: {script}");
        assert!(script.contains("mise install"), "{chart}");
        let none = object(chart, &extra, "ConfigMap", &format!("bot-{chart}-startup"));
        assert!(
            !none["data"][format!("start-{chart}.sh")]
                .as_str()
                .unwrap()
                .contains("mise install"),
            "{chart}: nothing to install by default"
        );
    }
}

#[test]
fn ironclaw_secret_mounts_external_secrets_and_database() {
    let s = summary(
        "ironclaw",
        &[
            "postgresql.password=p",
            "secrets.mounts[0].name=anthropic",
            "secrets.mounts[0].secretName=anthropic-key",
        ],
    );
    let c = &s["Deployment/bot-ironclaw"]["pod"]["container/ironclaw"];
    assert!(
        strings(&c["mounts"]).contains(&"/etc/claw/secrets/anthropic<-secret:anthropic-key"),
        "{c}"
    );
    let s = summary(
        "ironclaw",
        &["postgresql.password=p", "secrets.external=true"],
    );
    assert!(
        s.get("Secret/bot-ironclaw").is_none(),
        "an ExternalSecret makes it"
    );
    let secret = object(
        "ironclaw",
        &["postgresql.enabled=false", "database.url=postgres://u@db/x"],
        "Secret",
        "bot-ironclaw",
    );
    assert_eq!(secret["stringData"]["DATABASE_URL"], "postgres://u@db/x");
    // The built-in database's URL, as the start script and the app read it.
    let secret = object(
        "ironclaw",
        &["postgresql.password=p"],
        "Secret",
        "bot-ironclaw",
    );
    assert_eq!(
        secret["stringData"]["DATABASE_URL"],
        "postgres://ironclaw:p@bot-ironclaw-postgres:5432/ironclaw?sslmode=disable"
    );
    // Without a password the built-in database is refused, as ClawMachine's chart refuses it.
    let out = render("helm4", &chart_dir("ironclaw"), "bot", &[]);
    assert_ne!(out.code, 0);
    assert!(
        out.stderr
            .contains("the bundled PostgreSQL needs postgresql.password"),
        "{}",
        out.stderr
    );
}

#[test]
fn openclaw_channels_and_health_check_types() {
    let s = summary(
        "openclaw",
        &[
            "channels.discord.enabled=true",
            "channels.slack.enabled=true",
            "secrets.discordBotToken=d",
            "agent.defaultModel=sonnet-4.6",
        ],
    );
    let keys = strings(&s["ConfigMap/bot-openclaw"]["keys"]);
    for k in ["CHANNEL_DISCORD", "CHANNEL_SLACK", "AGENT_DEFAULT_MODEL"] {
        assert!(keys.contains(&k), "{k} in {keys:?}");
    }
    assert!(!keys.contains(&"CHANNEL_TELEGRAM"));
    assert_eq!(
        strings(&s["Secret/bot-openclaw-secrets"]["keys"]),
        ["DISCORD_BOT_TOKEN"]
    );
    for (kind, want) in [
        ("httpGet", "httpGet:/health:http"),
        ("tcpSocket", "tcpSocket::http"),
        ("exec", "exec::"),
    ] {
        let s = summary("openclaw", &[&format!("healthCheck.type={kind}")]);
        let c = &s["Deployment/bot-openclaw"]["pod"]["container/openclaw"];
        assert_eq!(c["liveness"], want, "{kind}");
        assert_eq!(c["readiness"], want, "{kind}");
    }
}

#[test]
fn control_plane_ingress_and_dev_mode() {
    let s = summary("clawmachine", &["ingress.enabled=true", "devMode=true"]);
    assert!(s.get("Ingress/clawmachine").is_some());
    assert_eq!(
        s["Deployment/clawmachine"]["pod"]["container/clawmachine"]["wrapped"], true,
        "--dev"
    );
    let ingress = object(
        "clawmachine",
        &["ingress.enabled=true"],
        "Ingress",
        "clawmachine",
    );
    assert_eq!(
        ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"],
        "clawmachine"
    );
}

#[test]
fn every_chart_lints_strictly_on_helm_3_and_4() {
    for helm in HELMS {
        for chart in ["picoclaw", "ironclaw", "openclaw", "busybox", "clawmachine"] {
            let home = tempfile::tempdir().unwrap();
            let mut c = bins::helm_command(helm, home.path());
            c.args(["lint", "--strict"]).arg(chart_dir(chart));
            if chart == "ironclaw" {
                c.args(["--set", "postgresql.password=p"]);
            }
            let out = bins::run(&mut c);
            assert_eq!(out.code, 0, "{helm} lint {chart}: {}", out.all());
        }
    }
}

/// The contract's keys and defaults as a nested values file.
fn contract_values_file(chart: &str) -> Value {
    let mut root = serde_json::json!({});
    for (key, value) in contract_values(chart) {
        let mut node = &mut root;
        let parts: Vec<&str> = key.split('.').collect();
        for p in &parts[..parts.len() - 1] {
            node = node
                .as_object_mut()
                .unwrap()
                .entry(p.to_string())
                .or_insert(serde_json::json!({}));
        }
        node[parts[parts.len() - 1]] = value;
    }
    root
}

#[test]
fn the_schemas_accept_what_clawmachines_charts_accept() {
    let dir = tempfile::tempdir().unwrap();
    for helm in HELMS {
        for chart in ["picoclaw", "ironclaw", "openclaw", "busybox", "clawmachine"] {
            let mut values = contract_values_file(chart);
            // Values ClawMachine's templates take that its values.yaml does not declare, and
            // values of types its templates take (a number as a tag, true for egress).
            values["networkPolicy"]["egress"] = Value::Bool(true);
            values["networkPolicy"]["allowedPorts"] = serde_json::json!([{"port": 443}]);
            values["image"]["tag"] = serde_json::json!(1.37);
            values["externalSecretName"] = Value::String("from-clawmachine".into());
            values["somethingNew"] = serde_json::json!({"a": 1});
            if chart == "ironclaw" {
                values["postgresql"]["password"] = Value::String("p".into());
            }
            let file = dir.path().join(format!("{chart}.yaml"));
            std::fs::write(&file, serde_json::to_string(&values).unwrap()).unwrap();
            let home = tempfile::tempdir().unwrap();
            let mut c = bins::helm_command(helm, home.path());
            c.args(["template", "bot"])
                .arg(chart_dir(chart))
                .arg("-f")
                .arg(&file);
            let out = bins::run(&mut c);
            assert_eq!(out.code, 0, "{helm} {chart}: {}", out.all());
        }
        // What Kubernetes itself would refuse is stopped before anything reaches the cluster.
        let out = render(helm, &chart_dir("picoclaw"), "bot", &["replicas=many"]);
        assert_ne!(out.code, 0, "{helm}");
        assert!(out.all().contains("replicas"), "{helm}: {}", out.all());
        // So is a switch given as a word: a template takes the string "no" for true.
        for set in ["networkPolicy.ingress=no", "persistence.enabled=1"] {
            let out = render(helm, &chart_dir("picoclaw"), "bot", &[set]);
            assert_ne!(out.code, 0, "{helm} {set}: the policy would open");
            assert!(out.all().contains("boolean"), "{helm}: {}", out.all());
        }
        // An env entry set to null is removed, as ClawMachine's chart lets it be.
        let out = render(helm, &chart_dir("picoclaw"), "bot", &["env.X=null"]);
        assert_eq!(out.code, 0, "{helm}: {}", out.all());
        // Values a bot's ClawMachine chart ignores are ignored, not a crash.
        for (chart, set) in [
            ("openclaw", "workspace.enabled=true"),
            ("busybox", "backup.enabled=true"),
            ("busybox", "workspace.enabled=true"),
        ] {
            let out = render(
                helm,
                &chart_dir(chart),
                "bot",
                &[set, "backup.restoreOnStartup=true"],
            );
            assert_eq!(out.code, 0, "{helm} {chart} {set}: {}", out.all());
            assert!(
                !out.stdout.contains("kind: Job") && !out.stdout.contains("kind: CronJob"),
                "{helm} {chart} {set}: {}",
                out.stdout
            );
        }
    }
}

#[test]
fn every_chart_lints_strictly_with_every_recorded_values_file() {
    let dir = tempfile::tempdir().unwrap();
    for helm in HELMS {
        for chart in ["picoclaw", "ironclaw", "openclaw", "busybox", "clawmachine"] {
            // The values-<chart>.txt of the contract, and the values of each recorded render.
            let mut contract = contract_values_file(chart);
            if chart == "ironclaw" {
                contract["postgresql"]["password"] = Value::String("p".into());
            }
            let file = dir.path().join(format!("{chart}.json"));
            std::fs::write(&file, contract.to_string()).unwrap();
            let mut runs: Vec<Vec<String>> = vec![vec!["-f".into(), file.display().to_string()]];
            for (_, _, _, set) in CASES.iter().filter(|c| c.1 == chart) {
                runs.push(
                    set.iter()
                        .flat_map(|s| ["--set".into(), s.to_string()])
                        .collect(),
                );
            }
            for args in runs {
                let home = tempfile::tempdir().unwrap();
                let mut c = bins::helm_command(helm, home.path());
                c.args(["lint", "--strict"])
                    .arg(chart_dir(chart))
                    .args(&args);
                let out = bins::run(&mut c);
                assert_eq!(out.code, 0, "{helm} lint {chart} {args:?}: {}", out.all());
            }
        }
    }
}

// Cases for what the claw-bot library chart builds alike for every bot type, each checked
// against the facts of that type.

/// Per bot type: chart, the --set it needs to render, its port's name, its Service port,
/// where its data volume is mounted, its claim's default size, and where extraSoftware goes.
struct Bot {
    chart: &'static str,
    needs: &'static [&'static str],
    port: &'static str,
    service_port: u64,
    data: &'static str,
    size: &'static str,
    tools: &'static str,
}

const BOTS: [Bot; 3] = [
    Bot {
        chart: "picoclaw",
        needs: &[],
        port: "http",
        service_port: 18790,
        data: "/home/picoclaw/.picoclaw",
        size: "1Gi",
        tools: "/home/picoclaw/.picoclaw/workspace",
    },
    Bot {
        chart: "ironclaw",
        needs: &["postgresql.password=p"],
        port: "gateway",
        service_port: 3000,
        data: "/home/ironclaw/.ironclaw/workspace",
        size: "2Gi",
        tools: "/home/ironclaw/.ironclaw/workspace",
    },
    Bot {
        chart: "openclaw",
        needs: &[],
        port: "http",
        service_port: 18789,
        data: "/root/.openclaw",
        size: "5Gi",
        tools: "/root/.openclaw/workspace",
    },
];

impl Bot {
    fn set<'a>(&self, more: &[&'a str]) -> Vec<&'a str> {
        [self.needs, more].concat()
    }
    fn deployment(&self) -> String {
        format!("Deployment/bot-{}", self.chart)
    }
    fn main(&self) -> String {
        format!("container/{}", self.chart)
    }
}

#[test]
fn every_bot_type_keeps_its_data_on_its_claim_or_an_empty_dir() {
    for bot in &BOTS {
        let s = summary(
            bot.chart,
            &bot.set(&["persistence.enabled=true", "persistence.storageClass=fast"]),
        );
        let claim = format!("PersistentVolumeClaim/bot-{}", bot.chart);
        assert_eq!(s[&claim]["size"], bot.size, "{}", bot.chart);
        assert_eq!(strings(&s[&claim]["modes"]), ["ReadWriteOnce"]);
        let c = &s[bot.deployment()]["pod"][bot.main()];
        let on_claim = format!("{}<-persistentVolumeClaim:bot-{}", bot.data, bot.chart);
        assert!(strings(&c["mounts"]).contains(&on_claim.as_str()), "{c}");
        let pvc = object(
            bot.chart,
            &bot.set(&["persistence.enabled=true", "persistence.storageClass=fast"]),
            "PersistentVolumeClaim",
            &format!("bot-{}", bot.chart),
        );
        assert_eq!(pvc["spec"]["storageClassName"], "fast");

        // extraSoftware's tools go on the same volume, so they outlive a restart with it.
        assert!(bot.tools.starts_with(bot.data), "{}", bot.chart);
        let startup = object(
            bot.chart,
            &bot.set(&["extraSoftware.toolVersions=jq 1.7"]),
            "ConfigMap",
            &format!("bot-{}-startup", bot.chart),
        );
        let script = startup["data"][format!("start-{}.sh", bot.chart)]
            .as_str()
            .unwrap();
        assert!(
            script.contains(&format!("tools=\"{}\"", bot.tools)),
            "{script}"
        );

        let s = summary(bot.chart, &bot.set(&["persistence.enabled=false"]));
        assert!(s.get(&claim).is_none(), "{}", bot.chart);
        let c = &s[bot.deployment()]["pod"][bot.main()];
        let ephemeral = format!("{}<-emptyDir:", bot.data);
        assert!(strings(&c["mounts"]).contains(&ephemeral.as_str()), "{c}");
        assert_eq!(
            strings(&c["ports"]),
            [format!("{}:{}", bot.port, bot.service_port)]
        );
        assert_eq!(
            s[format!("Service/bot-{}", bot.chart)]["ports"][0],
            format!("{}:{}->{}", bot.port, bot.service_port, bot.port)
        );
    }
}

#[test]
fn every_bot_type_backs_up_on_schedule_and_restores_at_start() {
    let set = [
        "persistence.enabled=true",
        "backup.enabled=true",
        "backup.restoreOnStartup=true",
        "backup.schedule=15 3 * * *",
        "backup.s3.bucket=bots",
        "backup.s3.region=eu-west-1",
    ];
    for bot in &BOTS {
        let cron = object(
            bot.chart,
            &bot.set(&set),
            "CronJob",
            &format!("bot-{}-backup", bot.chart),
        );
        assert_eq!(cron["spec"]["schedule"], "15 3 * * *");
        assert_eq!(cron["spec"]["concurrencyPolicy"], "Forbid");
        let pod = &cron["spec"]["jobTemplate"]["spec"]["template"]["spec"];
        let args = strings(&pod["containers"][0]["args"]);
        let after = |flag: &str| args[args.iter().position(|a| *a == flag).unwrap() + 1];
        assert_eq!(args[0], "backup");
        assert_eq!(
            (after("--bucket"), after("--region"), after("--prefix")),
            ("bots", "eu-west-1", format!("bot-{}", bot.chart).as_str()),
            "{}: the prefix defaults to the bot's name",
            bot.chart
        );
        let s = summary(bot.chart, &bot.set(&set));
        let pod = &s[bot.deployment()]["pod"];
        let backup = &s[format!("CronJob/bot-{}-backup", bot.chart)]["pod"]["container/backup"];
        if bot.chart == "ironclaw" {
            // The database is dumped and loaded through DATABASE_URL, as the bot's own user.
            assert_eq!(after("--mode"), "pgdump");
            let restore = &pod["initContainer/restore-database"];
            assert_eq!(strings(&restore["env"]), ["DATABASE_URL"]);
            assert_eq!(strings(&restore["mounts"]), Vec::<&str>::new());
            assert_eq!(restore["user"], 1000);
            assert_eq!(backup["user"], Value::Null);
        } else {
            // The volume is read and written as root, whoever the bot runs as.
            assert_eq!(after("--mode"), "filesystem");
            assert_eq!(after("--workspace"), "/workspace");
            let restore = &pod["initContainer/restore-workspace"];
            let mount = format!("/workspace<-persistentVolumeClaim:bot-{}", bot.chart);
            for c in [restore, backup] {
                assert_eq!(strings(&c["mounts"]), [mount.as_str()], "{}", bot.chart);
                assert_eq!(
                    (&c["user"], &c["group"]),
                    (&Value::from(0), &Value::from(0))
                );
            }
        }
        // No credentials named: a Secret <fullname>-backup where the chart declares
        // backup.secretName (picoclaw, ironclaw); none for openclaw, whose chart does not.
        let want: Vec<String> = if bot.chart == "openclaw" {
            vec![]
        } else {
            vec![format!("secret:bot-{}-backup", bot.chart)]
        };
        assert_eq!(strings(&backup["envFrom"]), want, "{}", bot.chart);
    }
}

#[test]
fn every_bot_type_is_shut_in_and_opened_by_its_values() {
    let open = [
        "networkPolicy.ingress=true",
        "networkPolicy.egress=true",
        "networkPolicy.useCilium=true",
        "networkPolicy.allowedDomains={api.example.com,*.example.org}",
        "networkPolicy.allowedPorts[0].port=443",
    ];
    for bot in &BOTS {
        let name = |suffix: &str| format!("bot-{}{suffix}", bot.chart);
        let shut = summary(bot.chart, &bot.set(&["networkPolicy.egress=false"]));
        let mut policies: Vec<&str> = shut
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|k| k.starts_with("NetworkPolicy/") || k.starts_with("Cilium"))
            .collect();
        policies.sort();
        assert_eq!(
            policies,
            ["-allow-dns", "-allow-egress", "-default-deny"]
                .map(|s| format!("NetworkPolicy/{}", name(s))),
            "{}",
            bot.chart
        );
        let egress = object(
            bot.chart,
            &bot.set(&["networkPolicy.egress=false"]),
            "NetworkPolicy",
            &name("-allow-egress"),
        );
        assert_eq!(egress["spec"]["egress"], serde_json::json!([]));

        let set = bot.set(&open);
        let ingress = object(bot.chart, &set, "NetworkPolicy", &name("-allow-ingress"));
        assert_eq!(
            ingress["spec"]["ingress"][0]["ports"][0]["port"], bot.service_port,
            "{}",
            bot.chart
        );
        let egress = object(bot.chart, &set, "NetworkPolicy", &name("-allow-egress"));
        assert_eq!(egress["spec"]["egress"], serde_json::json!([{}]));
        let cilium = object(bot.chart, &set, "CiliumNetworkPolicy", &name(""));
        assert_eq!(
            cilium["spec"]["endpointSelector"]["matchLabels"]["app.kubernetes.io/name"],
            bot.chart
        );
        let fqdn = &cilium["spec"]["egress"][1];
        assert_eq!(
            fqdn["toFQDNs"],
            serde_json::json!([{"matchPattern": "api.example.com"}, {"matchPattern": "*.example.org"}])
        );
        assert_eq!(fqdn["toPorts"][0]["ports"][0]["port"], "443");
        assert_eq!(
            cilium["spec"]["ingress"][0]["toPorts"][0]["ports"][0]["port"],
            bot.service_port.to_string()
        );
    }
    // The toolbox has one policy: nothing in, DNS out; ingress and egress open it whole.
    let s = summary("busybox", &[]);
    assert_eq!(
        strings(&s["NetworkPolicy/bot-busybox"]["types"]),
        ["Egress", "Ingress"]
    );
    let closed = object("busybox", &[], "NetworkPolicy", "bot-busybox");
    assert!(closed["spec"]["ingress"].is_null());
    assert_eq!(closed["spec"]["egress"].as_array().unwrap().len(), 1);
    let opened = object("busybox", &open, "NetworkPolicy", "bot-busybox");
    assert_eq!(opened["spec"]["ingress"], serde_json::json!([{}]));
    assert_eq!(opened["spec"]["egress"][1], serde_json::json!({}));
    assert!(
        summary("busybox", &open)
            .get("CiliumNetworkPolicy/bot-busybox")
            .is_some()
    );
}

#[test]
fn workspace_import_from_either_source_for_either_bot_with_a_workspace() {
    for (chart, needs) in [
        ("picoclaw", &[][..]),
        ("ironclaw", &["postgresql.password=p"][..]),
    ] {
        let base = [
            needs,
            &["persistence.enabled=true", "workspace.enabled=true"],
        ]
        .concat();
        let s3 = [
            &base[..],
            &[
                "workspace.provider=s3",
                "workspace.s3.bucket=seeds",
                "workspace.s3.prefix=team-a",
                "workspace.s3.region=eu-west-1",
                "workspace.s3.secretName=s3-keys",
            ],
        ]
        .concat();
        let job = object(chart, &s3, "Job", &format!("bot-{chart}-workspace"));
        let c = &job["spec"]["template"]["spec"]["containers"][0];
        assert_eq!(c["image"], "amazon/aws-cli:latest");
        assert!(
            c["command"][2]
                .as_str()
                .unwrap()
                .contains("s3 sync \"s3://seeds/team-a\" /workspace"),
            "{c}"
        );
        assert_eq!(
            c["env"][0],
            serde_json::json!({"name": "AWS_DEFAULT_REGION", "value": "eu-west-1"})
        );
        assert_eq!(
            job["metadata"]["annotations"]["helm.sh/hook"],
            "pre-install"
        );
        assert_eq!(job["spec"]["template"]["spec"]["restartPolicy"], "Never");
        let github = [
            &base[..],
            &[
                "workspace.provider=github",
                "workspace.github.repository=me/seeds",
                "workspace.github.branch=stable",
                "workspace.github.path=bots/a",
                "workspace.github.secretName=gh-token",
            ],
        ]
        .concat();
        let s = summary(chart, &github);
        let c = &s[format!("Job/bot-{chart}-workspace")]["pod"]["container/workspace-import"];
        assert_eq!(c["image"], "alpine/git");
        assert_eq!(strings(&c["envFrom"]), ["secret:gh-token"]);
        assert_eq!(
            strings(&c["mounts"]),
            [format!("/workspace<-persistentVolumeClaim:bot-{chart}")]
        );
        let job = object(chart, &github, "Job", &format!("bot-{chart}-workspace"));
        let script = job["spec"]["template"]["spec"]["containers"][0]["command"][2]
            .as_str()
            .unwrap();
        for part in [
            "--branch \"stable\"",
            "github.com/me/seeds.git",
            "bots/a/.",
            "${GITHUB_TOKEN}",
        ] {
            assert!(script.contains(part), "{part} in {script}");
        }
        // A provider it does not know is refused, not rendered as an empty Job.
        let out = render(
            "helm4",
            &chart_dir(chart),
            "bot",
            &[&base[..], &["workspace.provider=ftp"]].concat(),
        );
        assert_ne!(out.code, 0);
        assert!(
            out.stderr.contains("workspace.provider \"ftp\""),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn config_files_reach_the_bots_that_mount_them() {
    for (chart, needs, container, path) in [
        (
            "ironclaw",
            &["postgresql.password=p"][..],
            "ironclaw",
            "/home/ironclaw/.ironclaw/config.toml",
        ),
        ("busybox", &[][..], "toolbox", "/etc/config/config.json"),
    ] {
        let s = summary(
            chart,
            &[needs, &["configFile.enabled=true", "configFile.content=x"]].concat(),
        );
        let c = &s[format!("Deployment/bot-{chart}")]["pod"][format!("container/{container}")];
        let mount = format!("{path}<-secret:bot-{chart}-config");
        assert!(strings(&c["mounts"]).contains(&mount.as_str()), "{c}");
        let file = path.rsplit('/').next().unwrap();
        assert_eq!(
            strings(&s[format!("Secret/bot-{chart}-config")]["keys"]),
            [file]
        );
    }
    // IronClaw's migrations run before it, with its settings and secrets, as its user.
    let s = summary(
        "ironclaw",
        &["postgresql.password=p", "migrations.enabled=true"],
    );
    let migrate = &s["Deployment/bot-ironclaw"]["pod"]["initContainer/migrate"];
    assert_eq!(
        strings(&migrate["envFrom"]),
        ["cm:bot-ironclaw", "secret:bot-ironclaw"]
    );
    assert_eq!(
        (&migrate["user"], migrate["wrapped"].as_bool()),
        (&Value::from(1000), Some(true))
    );
}

/// A start script rendered for `set`, run by `shell` in a sandbox: its absolute paths moved
/// under a temporary directory, `bin/` holding the fake programs given (name, shell script),
/// `secrets/` the bot's secret files. What the fakes wrote to `calls` and the script's output.
fn run_start_script(
    chart: &str,
    set: &[&str],
    shell: &str,
    fakes: &[(&str, &str)],
    secrets: &[(&str, &str)],
    env: &[(&str, &str)],
) -> (String, Output, tempfile::TempDir) {
    let cm = object(chart, set, "ConfigMap", &format!("bot-{chart}-startup"));
    let script = cm["data"][format!("start-{chart}.sh")].as_str().unwrap();
    let sandbox = tempfile::tempdir().unwrap();
    let root = sandbox.path().display().to_string();
    for dir in ["bin", "secrets"] {
        std::fs::create_dir_all(sandbox.path().join(dir)).unwrap();
    }
    let moved = script
        .replace("/etc/claw/secrets", &format!("{root}/secrets"))
        .replace("/usr/local/bin/", &format!("{root}/bin/"))
        .replace("/home/", &format!("{root}/home/"))
        .replace("/root/", &format!("{root}/root/"));
    for outside in ["/etc/claw", "/usr/local/bin", "\"/home", "\"/root"] {
        assert!(!moved.contains(outside), "{outside} left in {moved}");
    }
    std::fs::write(sandbox.path().join("start.sh"), &moved).unwrap();
    for (name, body) in fakes {
        let path = sandbox.path().join("bin").join(name);
        std::fs::write(
            &path,
            format!("#!/bin/sh\necho \"{name} $*\" >> {root}/calls\n{body}\n"),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    for (file, value) in secrets {
        std::fs::write(sandbox.path().join("secrets").join(file), value).unwrap();
    }
    let mut c = std::process::Command::new(shell);
    c.env_clear()
        .env("PATH", format!("{root}/bin:/usr/bin:/bin"))
        .env("HOME", format!("{root}/root"))
        .envs(env.iter().map(|(k, v)| (k, v.replace("{root}", &root))))
        .current_dir(sandbox.path())
        .arg(sandbox.path().join("start.sh"));
    let out = bins::run(&mut c);
    let calls = std::fs::read_to_string(sandbox.path().join("calls")).unwrap_or_default();
    (calls, out, sandbox)
}

#[test]
fn start_scripts_do_what_clawmachines_pods_do() {
    let mise = ("mise", "true");
    let tools = "extraSoftware.toolVersions=nodejs 22.1.0";
    // PicoClaw: its secrets as env, the tools installed in its workspace, then the gateway on
    // every interface and the Service port.
    let (calls, out, dir) = run_start_script(
        "picoclaw",
        &[tools, "service.port=18800"],
        "sh",
        &[
            (
                "picoclaw",
                "echo \"host=$PICOCLAW_GATEWAY_HOST port=$PICOCLAW_GATEWAY_PORT key=$API_KEY\"",
            ),
            mise,
        ],
        &[("API_KEY", "k1")],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(calls.contains("mise install\n"), "{calls}");
    assert!(calls.ends_with("picoclaw gateway\n"), "{calls}");
    assert!(
        out.stdout.contains("host=0.0.0.0 port=18800 key=k1"),
        "{}",
        out.all()
    );
    let versions = dir
        .path()
        .join("home/picoclaw/.picoclaw/workspace/.tool-versions");
    assert_eq!(
        std::fs::read_to_string(versions).unwrap(),
        "nodejs 22.1.0\n"
    );

    // IronClaw: DATABASE_URL from its secret files, a bounded wait for its database, then the
    // binary without onboarding when it knows how to skip it.
    let (calls, out, _dir) = run_start_script(
        "ironclaw",
        &[
            "postgresql.password=p",
            "postgresql.wait.maxRetries=3",
            "postgresql.wait.retrySleepSeconds=0",
        ],
        "sh",
        &[
            ("nc", "exit 1"),
            (
                "ironclaw",
                "[ \"$1\" = --help ] && echo '  --no-onboard  skip onboarding'; echo \"db=$DATABASE_URL\"",
            ),
        ],
        &[("DATABASE_URL", "postgres://x")],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(calls.matches("nc -z").count(), 3, "{calls}");
    assert!(
        calls.contains("nc -z -w 1 bot-ironclaw-postgres 5432"),
        "{calls}"
    );
    assert!(calls.ends_with("ironclaw --no-onboard\n"), "{calls}");
    assert!(out.stdout.contains("db=postgres://x"), "{}", out.all());
    assert!(
        out.stdout.contains("did not open in 3 tries"),
        "{}",
        out.all()
    );

    // OpenClaw: the managed config file, onboarding with the chosen provider's key, the
    // gateway, the channels on and off, the default model by its OpenClaw name, then the gateway.
    let (calls, out, dir) = run_start_script(
        "openclaw",
        &[
            "configFile.enabled=true",
            "configFile.content=managed",
            tools,
        ],
        "bash",
        &[
            (
                "openclaw",
                "[ \"$1\" = --version ] && echo 2026.2.21; exit 0",
            ),
            mise,
        ],
        &[("ANTHROPIC_API_KEY", "ak"), ("DISCORD_BOT_TOKEN", "dt")],
        &[
            ("OPENCLAW_HOME", "{root}/root"),
            ("AUTH_CHOICE", "apiKey"),
            ("CHANNEL_DISCORD", "true"),
            ("AGENT_DEFAULT_MODEL", "sonnet-4.6"),
            ("GATEWAY_PORT", "18789"),
            ("GATEWAY_BIND", "lan"),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    let managed = std::fs::read_to_string(dir.path().join("root/openclaw.json")).unwrap();
    assert_eq!(managed, "managed\n");
    assert!(
        dir.path()
            .join("root/.openclaw/workspace/.tool-versions")
            .is_file()
    );
    for call in [
        "openclaw onboard --non-interactive --accept-risk --mode local --auth-choice apiKey --gateway-port 18789 --gateway-bind lan --skip-health --no-install-daemon --anthropic-api-key ak\n",
        "openclaw config set gateway.port 18789 --json\n",
        "openclaw config set channels.discord.enabled true --json\n",
        "openclaw config set channels.discord.token dt\n",
        "openclaw config set channels.telegram.enabled false --json\n",
        "openclaw config unset channels.telegram.botToken\n",
        "openclaw config unset channels.slack.appToken\n",
        "openclaw models set anthropic/claude-sonnet-4-6\n",
        "mise install\n",
    ] {
        assert!(calls.contains(call), "{call} in {calls}");
    }
    assert!(
        calls.ends_with("openclaw gateway --port 18789 --bind lan --allow-unconfigured\n"),
        "{calls}"
    );
}
