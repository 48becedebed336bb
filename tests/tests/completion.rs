//! Completion through the real kubectl and Helm, the Helm plugin installed (copied, as the install
//! command does) into the real Helm 3 and Helm 4, and the committed completion scripts matching
//! what the binaries generate.

use std::path::Path;
use std::process::Command;

use claw_tests::Harness;
use claw_tests::bins::{self, Output};

fn names(out: &Output) -> Vec<String> {
    out.stdout
        .lines()
        .filter(|l| !l.starts_with(':'))
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect()
}

fn directive(out: &Output) -> &str {
    out.stdout.lines().last().unwrap_or("")
}

const SUBCOMMANDS: [&str; 18] = [
    "status",
    "bots",
    "health",
    "events",
    "top",
    "logs",
    "doctor",
    "upgrade",
    "history",
    "rollback",
    "restart",
    "install",
    "uninstall",
    "backup",
    "restore",
    "charts",
    "version",
    "completion",
];

/// kubectl finds `kubectl_complete-claw` on PATH (the install puts it beside kubectl-claw).
fn kubectl(h: &Harness, kubectl: &str, args: &[&str]) -> Output {
    let mut c = bins::clean_command(bins::tool(kubectl), h.dir.path());
    let path = std::env::join_paths([
        bins::target_dir(),
        bins::workspace_root().join("completions"),
    ])
    .unwrap();
    let path = format!(
        "{}:{}",
        path.to_string_lossy(),
        std::env::var("PATH").unwrap_or_default()
    );
    c.env("PATH", path)
        .env("KUBECONFIG", &h.kubeconfig)
        .args(args);
    bins::run(&mut c)
}

#[test]
fn kubectl_completes_our_subcommands_and_bot_names() {
    let h = Harness::recorded();
    for k in ["kubectl", "kubectl-1.32"] {
        let out = kubectl(&h, k, &["__complete", "claw", ""]);
        assert_eq!(out.code, 0, "{k}: {}", out.all());
        assert_eq!(names(&out), SUBCOMMANDS, "{k}");
        assert_eq!(directive(&out), ":4", "no file completion");

        let out = kubectl(&h, k, &["__complete", "claw", "events", ""]);
        assert_eq!(
            names(&out),
            ["clawmachine", "iron", "open", "pico", "pico2"],
            "{k}: {}",
            out.all()
        );
        let out = kubectl(&h, k, &["__complete", "claw", "logs", "pi"]);
        assert_eq!(names(&out), ["pico", "pico2"]);
        let out = kubectl(&h, k, &["__complete", "claw", "status", "-o", ""]);
        assert_eq!(names(&out), ["table", "wide", "json", "yaml"]);
        let out = kubectl(&h, k, &["__complete", "claw", "status", "-n", "bots"]);
        assert_eq!(names(&out), ["bots-team-a"]);
        let out = kubectl(&h, k, &["__complete", "claw", "status", "--context", ""]);
        assert_eq!(names(&out), ["fake"]);
    }
}

/// What a real bash offers for `words` (the last one being completed) with the committed static
/// script `completions/<plugin>.bash` sourced, as a user's shell would after
/// `source <(kubectl-claw completion bash)`.
fn bash_offers(h: &Harness, plugin: &str, words: &[&str]) -> Vec<String> {
    let script = bins::workspace_root()
        .join("completions")
        .join(format!("{plugin}.bash"));
    let quoted: Vec<String> = words
        .iter()
        .map(|w| format!("'{}'", w.replace('\'', r"'\''")))
        .collect();
    let program = format!(
        r#"source "$1" || exit 9
COMP_WORDS=({words}); COMP_CWORD={cword}; COMP_LINE="${{COMP_WORDS[*]}}"; COMP_POINT=${{#COMP_LINE}}
__{function}_complete || exit 8
printf '%s\n' "${{COMPREPLY[@]}}""#,
        words = quoted.join(" "),
        cword = words.len() - 1,
        function = plugin.replace('-', "_"),
    );
    let mut c = bins::clean_command("bash", h.dir.path());
    c.env("KUBECONFIG", &h.kubeconfig)
        .args(["--norc", "--noprofile", "-c", &program, "bash"])
        .arg(&script);
    let out = bins::run(&mut c);
    assert_eq!(out.code, 0, "{plugin} {words:?}: {}", out.all());
    out.stdout
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_static_bash_script_completes_bots_namespaces_and_contexts() {
    let h = Harness::recorded();
    for plugin in ["kubectl-claw", "helm-claw"] {
        assert_eq!(
            bash_offers(&h, plugin, &[plugin, ""]),
            SUBCOMMANDS,
            "{plugin}"
        );
        assert_eq!(
            bash_offers(&h, plugin, &[plugin, "events", ""]),
            ["clawmachine", "iron", "open", "pico", "pico2"],
            "{plugin}"
        );
        assert_eq!(
            bash_offers(&h, plugin, &[plugin, "logs", "pi"]),
            ["pico", "pico2"]
        );
        assert_eq!(
            bash_offers(&h, plugin, &[plugin, "status", "-n", "bots"]),
            ["bots-team-a"]
        );
        assert_eq!(
            bash_offers(&h, plugin, &[plugin, "status", "--context", ""]),
            ["fake"]
        );
        assert_eq!(
            bash_offers(&h, plugin, &[plugin, "status", "--context=f"]),
            ["--context=fake"]
        );
        assert_eq!(
            bash_offers(&h, plugin, &[plugin, "status", "-o", "y"]),
            ["yaml"]
        );
    }
}

#[test]
fn completion_without_a_cluster_still_answers() {
    let h = Harness::recorded();
    let mut c = bins::clean_command(bins::plugin("kubectl-claw"), h.dir.path());
    c.env("KUBECONFIG", "/nonexistent")
        .args(["__complete", "events", ""]);
    let out = bins::run(&mut c);
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stdout, ":4\n",
        "no candidates, no error noise in the shell"
    );
}

fn helm(helm: &str, home: &Path, args: &[&str], kubeconfig: &Path) -> Output {
    let mut c = bins::helm_command(helm, home);
    c.env("KUBECONFIG", kubeconfig).args(args);
    bins::run(&mut c)
}

#[test]
fn helm_3_and_4_install_the_plugin_run_it_and_complete_it() {
    let h = Harness::recorded();
    for version in ["helm3", "helm4"] {
        let home = tempfile::tempdir().unwrap();
        let out = bins::install_helm_plugin(version, home.path());
        assert_eq!(out.code, 0, "{version} plugin install: {}", out.all());
        let out = helm(version, home.path(), &["plugin", "list"], &h.kubeconfig);
        assert!(out.stdout.contains("claw"), "{version}: {}", out.all());
        let out = helm(version, home.path(), &["claw", "version"], &h.kubeconfig);
        assert_eq!(out.code, 0, "{version}: {}", out.all());
        assert!(
            out.stdout.starts_with("helm claw "),
            "{version}: {}",
            out.stdout
        );

        // Helm strips -n and passes HELM_NAMESPACE, which claw turns back into the scope.
        let out = helm(
            version,
            home.path(),
            &["-n", "bots-team-a", "claw", "bots", "-o", "json"],
            &h.kubeconfig,
        );
        assert_eq!(out.code, 0, "{version}: {}", out.all());
        let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(doc["items"].as_array().unwrap().len(), 1, "{version}");
        assert_eq!(doc["items"][0]["name"], "pico2");

        let out = helm(
            version,
            home.path(),
            &["__complete", "claw", ""],
            &h.kubeconfig,
        );
        assert_eq!(names(&out), SUBCOMMANDS, "{version}: {}", out.all());
        let out = helm(
            version,
            home.path(),
            &["__complete", "claw", "health", ""],
            &h.kubeconfig,
        );
        assert_eq!(
            names(&out),
            ["clawmachine", "iron", "open", "pico", "pico2"],
            "{version}: {}",
            out.all()
        );

        // Updating is installing again (Helm's own `plugin update` only knows git checkouts):
        // the copy is replaced in place, still one plugin, still working.
        let plugin_dir = helm(
            version,
            home.path(),
            &["env", "HELM_PLUGINS"],
            &h.kubeconfig,
        )
        .stdout
        .trim()
        .to_string();
        let binary = Path::new(&plugin_dir).join("claw/bin/helm-claw");
        std::fs::write(&binary, b"stale").unwrap();
        let out = bins::install_helm_plugin(version, home.path());
        assert_eq!(out.code, 0, "{version} reinstall: {}", out.all());
        let out = helm(version, home.path(), &["plugin", "list"], &h.kubeconfig);
        let listed = out.stdout.lines().filter(|l| l.starts_with("claw")).count();
        assert_eq!(listed, 1, "{version}: {}", out.stdout);
        let out = helm(version, home.path(), &["claw", "version"], &h.kubeconfig);
        assert_eq!(out.code, 0, "{version} after update: {}", out.all());
        assert_eq!(
            std::fs::read(&binary).unwrap(),
            std::fs::read(bins::plugin("helm-claw")).unwrap(),
            "{version}: the binary was replaced"
        );

        // And Helm's own uninstall removes it, copy and all.
        let out = helm(
            version,
            home.path(),
            &["plugin", "uninstall", "claw"],
            &h.kubeconfig,
        );
        assert_eq!(out.code, 0, "{version} uninstall: {}", out.all());
        let out = helm(version, home.path(), &["plugin", "list"], &h.kubeconfig);
        assert!(!out.stdout.contains("claw"), "{version}: {}", out.stdout);
        assert!(!Path::new(&plugin_dir).join("claw").exists(), "{version}");
    }
}

#[test]
fn committed_completion_scripts_match_what_the_binaries_generate() {
    let dir = bins::workspace_root().join("completions");
    for plugin in ["kubectl-claw", "helm-claw"] {
        for (shell, ext) in [
            ("bash", "bash"),
            ("zsh", "zsh"),
            ("fish", "fish"),
            ("powershell", "ps1"),
        ] {
            let generated =
                bins::output(Command::new(bins::plugin(plugin)).args(["completion", shell]));
            assert!(generated.status.success());
            let committed = std::fs::read(dir.join(format!("{plugin}.{ext}"))).unwrap();
            assert!(
                generated.stdout == committed,
                "completions/{plugin}.{ext} is stale: run scripts/gen-completions.sh"
            );
        }
    }
    let bash = std::fs::read_to_string(dir.join("kubectl-claw.bash")).unwrap();
    assert!(
        bash.contains("kubectl-claw") && bash.contains("__complete"),
        "a script that asks the plugin"
    );
}
