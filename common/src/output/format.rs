//! The output format and options a command renders with.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OutputFormat {
    #[default]
    Table,
    Wide,
    Json,
    Yaml,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutputOptions {
    pub format: OutputFormat,
    pub no_headers: bool,
    pub color: bool,
    /// This answer will be merged with other clusters' (`--context a,b`): keep its tables too.
    pub merged: bool,
    /// This answer is a frame of a live view (`-w`): its document is kept as data, to be
    /// compared with the next frame's.
    pub live: bool,
}

impl OutputOptions {
    pub fn is_document(&self) -> bool {
        matches!(self.format, OutputFormat::Json | OutputFormat::Yaml)
    }

    pub fn is_wide(&self) -> bool {
        self.format == OutputFormat::Wide
    }
}
