//! Facts about ClawMachine that claw must agree with (clawmachine-facts.md, its charts): where
//! the control plane runs, its chart's name, and the labels its charts put on every object.

/// The control plane's release and chart name.
pub const CONTROL_PLANE_CHART: &str = "clawmachine";
/// Where ClawMachine runs its control plane, and puts bots unless told otherwise.
pub const CONTROL_PLANE_NAMESPACE: &str = "claw-machine";

/// The labels ClawMachine's charts (and claw's) put on every object of a release.
pub mod labels {
    pub const INSTANCE: &str = "app.kubernetes.io/instance";
    pub const NAME: &str = "app.kubernetes.io/name";
    pub const COMPONENT: &str = "app.kubernetes.io/component";
    pub const BOT_TYPE: &str = "clawmachine.dev/bot-type";
    /// IronClaw's Postgres shares the bot's instance label; this marks it apart.
    pub const DATABASE_COMPONENT: &str = "database";
}
