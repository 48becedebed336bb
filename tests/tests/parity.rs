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
        out.stderr.contains("postgresql.password must be set"),
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
    }
}
