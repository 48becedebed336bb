//! Serve the recorded cluster (or a synthetic fleet) for poking at by hand:
//! `cargo run -p claw-tests --example serve [BOTS NAMESPACES REVISIONS]`, then use the printed
//! KUBECONFIG with kubectl claw, helm or kubectl.

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let store = match args.as_slice() {
        [bots, namespaces, revisions] => claw_tests::Fleet {
            bots: *bots,
            namespaces: *namespaces,
            revisions: *revisions as u64,
        }
        .store(),
        _ => claw_tests::recorded::store(),
    };
    let h = claw_tests::Harness::new(store);
    println!("export KUBECONFIG={}", h.kubeconfig.display());
    std::fs::copy(&h.kubeconfig, "/tmp/claw-fake-kubeconfig").ok();
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}
