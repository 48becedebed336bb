//! The one progress display: a spinner on stderr while Helm works, shown only on a terminal, so
//! logs and pipes get no control characters.

use std::io::IsTerminal;
use std::time::Duration;

pub struct Progress(indicatif::ProgressBar);

impl Progress {
    pub fn start() -> Progress {
        if std::io::stderr().is_terminal() {
            let pb = indicatif::ProgressBar::new_spinner();
            pb.enable_steady_tick(Duration::from_millis(120));
            Progress(pb)
        } else {
            Progress(indicatif::ProgressBar::hidden())
        }
    }

    /// What is being done now ("upgrading claw-machine/pico to picoclaw-0.1.9 …").
    pub fn say(&self, message: String) {
        self.0.set_message(message);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
