//! claw's test rig. Nothing here fakes what can run for real: the plugins run as processes, and
//! real helm and kubectl are used where a user would use them. The one thing that cannot run
//! here, a Kubernetes API server, is [`FakeApi`]: real HTTP on loopback answering from responses
//! recorded off a real kube-apiserver (or fleets generated from them), with faults on demand and
//! every request counted.

pub mod bins;
pub mod connect_proxy;
pub mod contract;
pub mod fake_helm;
pub mod fleet;
pub mod harness;
pub mod logs;
pub mod measure;
pub mod planted;
pub mod process;
pub mod proxy;
pub mod recorded;
pub mod repos;
pub mod selector;
pub mod server;
pub mod shaped;
pub mod store;
pub mod tls;
pub mod watch;

pub use fleet::Fleet;
pub use harness::{Harness, bot_in, json_of};
pub use proxy::Endpoint;
pub use server::{Action, FakeApi, Fault, Logged, Match, kubeconfig_yaml};
pub use store::Store;
