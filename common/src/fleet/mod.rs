//! The fleet: what runs. Bots and the control plane found from the Helm releases and their
//! workloads (`inventory`: a fixed number of LISTs, then a pure join), what a bot is and how its
//! state is decided (`bot`, the one place), its pods as `kubectl get pods` names them (`pods`),
//! which bots a command's names mean (`selection`), their health probes (`probe`), the
//! infrastructure beside them (`infrastructure`), resource use (`metrics`, `quantity`), their
//! volumes (`volumes`) and events (`events`), and restarting their Deployments and following
//! the rollout (`rollout`).
//!
//! Uses `cluster` and `releases` (and the foundation); used by everything above.

pub mod bot;
pub mod events;
pub mod infrastructure;
pub mod inventory;
pub mod metrics;
pub mod pods;
pub mod probe;
pub mod quantity;
pub mod rollout;
pub mod selection;
pub mod volumes;
