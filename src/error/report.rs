//! Output that could not be produced or written.

use std::path::PathBuf;

/// An output (CSV rows, an SVG plot) that could not be rendered, or a file that could
/// not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The renderer failed (plotters on a degenerate axis range, say).
    #[error("cannot {}: {message}", action(*format))]
    Render {
        /// What was being rendered.
        format: Format,
        /// What the renderer said.
        message: String,
    },
    /// An output file could not be written.
    #[error("{}: cannot write file: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
}

/// An output format that [`ReportError::Render`] failed to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// The per-sample CSV table.
    Csv,
    /// The SVG plot.
    Svg,
    /// The HTML page.
    Html,
}

/// What failed, in words: `write the csv`, `draw the plot`.
fn action(format: Format) -> &'static str {
    match format {
        Format::Csv => "write the csv",
        Format::Svg => "draw the plot",
        Format::Html => "build the html page",
    }
}
