//! A self-contained HTML page: title, headings, paragraphs, tables, inline SVG figures
//! and notes, with inline CSS and nothing else.
//!
//! The page loads nothing: no scripts, fonts, style sheets or images from anywhere, and
//! a `Content-Security-Policy` of `default-src 'none'` tells the browser so, so it
//! renders the same offline. The markup is HTML5 that is also well-formed XML (every
//! element closed, every attribute quoted, text escaped), so an XML parser reads it
//! too. Figures take SVG text (a plot from [`sweep_svg`](crate::report::sweep_svg) or
//! any other), checked to be one well-formed `<svg>` element that neither runs code
//! nor points outside the page.

use std::fmt::Write as _;

use crate::error::{Error, Format, Result};

/// The style sheet every page carries.
const STYLE: &str = "\
body{margin:0;background:#fff;color:#1a1a1a;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}
main{max-width:1100px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:1.6em;margin:0 0 .6em}
h2{font-size:1.25em;margin:1.6em 0 .5em;border-bottom:1px solid #ddd;padding-bottom:.2em}
h3{font-size:1.05em;margin:1.2em 0 .4em}
h1,h2,h3,p,figcaption{overflow-wrap:anywhere}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.5em 0 1em;font-size:.92em}
caption{text-align:left;color:#444;padding-bottom:.3em}
th,td{padding:3px 10px;border-bottom:1px solid #e4e4e4;text-align:left;vertical-align:top}
th{border-bottom:2px solid #bbb}
td code{overflow-wrap:anywhere}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
pre{background:#f6f6f6;padding:8px 12px;white-space:pre-wrap;overflow-wrap:anywhere}
.note{border-left:4px solid #c9a227;background:#fdf8e6;padding:6px 12px;margin:1em 0}
figure{margin:1em 0}
figure svg{display:block;max-width:100%;height:auto}
figcaption{font-size:.9em;color:#444;margin-top:.3em}
";

/// A page under construction: blocks in the order they are added, under one title.
///
/// ```
/// # fn main() -> detente::Result<()> {
/// use detente::report::{HtmlCell, HtmlPage, HtmlTable};
/// let mut page = HtmlPage::new("Shares <by actor>");
/// page.heading("Result").paragraph("a & b split the surplus");
/// let mut table = HtmlTable::new(["actor", "share"]);
/// table.row([HtmlCell::text("a"), HtmlCell::number(0.5, 3)]);
/// page.table(table);
/// page.figure(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5"/></svg>"#, "a square")?;
/// let html = page.render();
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// assert!(html.contains("<title>Shares &lt;by actor&gt;</title>"));
/// assert!(html.contains(r#"<td class="num">0.500</td>"#));
/// assert!(html.contains("a &amp; b split"));
/// // After its doctype, the page is well-formed XML too.
/// let xml = html.strip_prefix("<!DOCTYPE html>").unwrap_or(&html);
/// assert!(roxmltree::Document::parse(xml).is_ok());
/// // Figures may not load anything.
/// assert!(page.figure(r#"<svg><image href="https://example.org/x.png"/></svg>"#, "").is_err());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlPage {
    title: String,
    blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
enum Block {
    Heading(u8, String),
    Paragraph(String),
    Code(String),
    Note(String),
    Table(HtmlTable),
    Figure { svg: String, caption: String },
}

impl HtmlPage {
    /// An empty page; `title` is its `<title>` and its `<h1>`.
    pub fn new(title: impl Into<String>) -> Self {
        HtmlPage {
            title: title.into(),
            blocks: Vec::new(),
        }
    }

    /// A section heading (`<h2>`).
    pub fn heading(&mut self, text: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Heading(2, text.into()));
        self
    }

    /// A sub-section heading (`<h3>`).
    pub fn subheading(&mut self, text: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Heading(3, text.into()));
        self
    }

    /// A paragraph of plain text.
    pub fn paragraph(&mut self, text: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Paragraph(text.into()));
        self
    }

    /// Preformatted text in a monospace font (a command line, a spec); long lines wrap.
    pub fn code(&mut self, text: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Code(text.into()));
        self
    }

    /// A short note set apart from the text (a caveat, a reading guide).
    pub fn note(&mut self, text: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Note(text.into()));
        self
    }

    /// A table.
    pub fn table(&mut self, table: HtmlTable) -> &mut Self {
        self.blocks.push(Block::Table(table));
        self
    }

    /// An inline SVG figure with a caption (empty: none). The SVG is scaled down to the
    /// page's width when wider; an XML declaration or doctype before it is dropped.
    ///
    /// # Errors
    /// [`ReportError::Render`](crate::error::ReportError::Render) when `svg` is not one
    /// well-formed `<svg>` element, or holds a script, a `foreignObject`, an event
    /// handler attribute or a link outside the figure (any `href` but `#id`).
    pub fn figure(&mut self, svg: &str, caption: impl Into<String>) -> Result<&mut Self> {
        let svg = checked_svg(svg)?;
        self.blocks.push(Block::Figure {
            svg,
            caption: caption.into(),
        });
        Ok(self)
    }

    /// The whole document.
    pub fn render(&self) -> String {
        let mut s = String::new();
        s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        s.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>\n");
        let _ = writeln!(s, "<title>{}</title>", escape(&self.title));
        let _ = write!(s, "<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n");
        let _ = writeln!(s, "<h1>{}</h1>", escape(&self.title));
        for block in &self.blocks {
            block.render(&mut s);
        }
        s.push_str("</main>\n</body>\n</html>\n");
        s
    }
}

impl Block {
    fn render(&self, s: &mut String) {
        let _ = match self {
            Block::Heading(level, text) => writeln!(s, "<h{level}>{}</h{level}>", escape(text)),
            Block::Paragraph(text) => writeln!(s, "<p>{}</p>", escape(text)),
            Block::Code(text) => writeln!(s, "<pre><code>{}</code></pre>", escape(text)),
            Block::Note(text) => {
                writeln!(s, "<aside class=\"note\"><p>{}</p></aside>", escape(text))
            }
            Block::Table(table) => {
                table.render(s);
                Ok(())
            }
            Block::Figure { svg, caption } => {
                s.push_str("<figure>\n");
                s.push_str(svg);
                if !caption.is_empty() {
                    let _ = write!(s, "\n<figcaption>{}</figcaption>", escape(caption));
                }
                writeln!(s, "\n</figure>")
            }
        };
    }
}

/// A table: a header row and rows of cells. A column whose cells are all numbers is
/// right-aligned, header included.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlTable {
    caption: String,
    header: Vec<String>,
    rows: Vec<Vec<HtmlCell>>,
}

impl HtmlTable {
    /// A table with these column headings (none: a table without a header row) and no
    /// rows.
    pub fn new<I, S>(header: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        HtmlTable {
            caption: String::new(),
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// A caption above the table.
    #[must_use]
    pub fn with_caption(mut self, caption: impl Into<String>) -> Self {
        self.caption = caption.into();
        self
    }

    /// Add a row (a row shorter than the header is padded with empty cells).
    pub fn row(&mut self, cells: impl IntoIterator<Item = HtmlCell>) -> &mut Self {
        self.rows.push(cells.into_iter().collect());
        self
    }

    /// Rows added so far.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no row was added.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn numeric(&self, column: usize) -> bool {
        !self.rows.is_empty()
            && self
                .rows
                .iter()
                .all(|r| matches!(r.get(column), Some(HtmlCell::Number(_))))
    }

    fn render(&self, s: &mut String) {
        let columns = self
            .rows
            .iter()
            .map(Vec::len)
            .chain([self.header.len()])
            .max()
            .unwrap_or(0);
        let numeric: Vec<bool> = (0..columns).map(|c| self.numeric(c)).collect();
        let class = |c: usize| if numeric[c] { " class=\"num\"" } else { "" };
        s.push_str("<div class=\"scroll\">\n<table>\n");
        if !self.caption.is_empty() {
            let _ = writeln!(s, "<caption>{}</caption>", escape(&self.caption));
        }
        if !self.header.is_empty() {
            s.push_str("<thead>\n<tr>");
            for c in 0..columns {
                let text = self.header.get(c).map_or("", String::as_str);
                let _ = write!(s, "<th{}>{}</th>", class(c), escape(text));
            }
            s.push_str("</tr>\n</thead>\n");
        }
        s.push_str("<tbody>\n");
        for row in &self.rows {
            s.push_str("<tr>");
            for c in 0..columns {
                match row.get(c) {
                    Some(cell) => cell.render(s),
                    None => s.push_str("<td></td>"),
                }
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</tbody>\n</table>\n</div>\n");
    }
}

/// One table cell.
#[derive(Debug, Clone, PartialEq)]
pub enum HtmlCell {
    /// Plain text.
    Text(String),
    /// Text in a monospace font (an id, a field path).
    Code(String),
    /// A number, already formatted; right-aligned.
    Number(String),
}

impl HtmlCell {
    /// Plain text.
    pub fn text(s: impl Into<String>) -> Self {
        HtmlCell::Text(s.into())
    }

    /// Monospace text.
    pub fn code(s: impl Into<String>) -> Self {
        HtmlCell::Code(s.into())
    }

    /// `x` with `decimals` digits after the point; an undefined (non-finite) number
    /// shows as an em dash.
    pub fn number(x: f64, decimals: usize) -> Self {
        if x.is_finite() {
            HtmlCell::Number(format!("{x:.decimals$}"))
        } else {
            HtmlCell::Number("\u{2014}".into())
        }
    }

    /// A count or other integer.
    pub fn integer(n: impl Into<u64>) -> Self {
        HtmlCell::Number(n.into().to_string())
    }

    fn render(&self, s: &mut String) {
        let _ = match self {
            HtmlCell::Text(t) => write!(s, "<td>{}</td>", escape(t)),
            HtmlCell::Code(t) => write!(s, "<td><code>{}</code></td>", escape(t)),
            HtmlCell::Number(t) => write!(s, "<td class=\"num\">{}</td>", escape(t)),
        };
    }
}

/// `text` with the five XML special characters escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The `<svg>` element of `svg`, after checking that it loads and runs nothing.
fn checked_svg(svg: &str) -> Result<String> {
    let refuse = |why: String| Error::render(Format::Html, format!("a figure {why}"));
    let doc = roxmltree::Document::parse(svg)
        .map_err(|e| refuse(format!("is not well-formed SVG: {e}")))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return Err(refuse(format!(
            "must be an <svg> element, not <{}>",
            root.tag_name().name()
        )));
    }
    for node in root.descendants().filter(roxmltree::Node::is_element) {
        let name = node.tag_name().name();
        if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("foreignObject") {
            return Err(refuse(format!("holds a <{name}>")));
        }
        for a in node.attributes() {
            let external = a.name() == "href" && !a.value().starts_with('#');
            if external || a.name().to_ascii_lowercase().starts_with("on") {
                return Err(refuse(format!(
                    "has {}=\"{}\" on <{name}>",
                    a.name(),
                    a.value()
                )));
            }
        }
    }
    Ok(svg[root.range()].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(html: &str) -> roxmltree::Document<'_> {
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        };
        roxmltree::Document::parse_with_options(html, options).expect("the page is well-formed XML")
    }

    #[test]
    fn text_is_escaped_everywhere() {
        let nasty = "<script>alert('x')</script> & \"q\"";
        let mut page = HtmlPage::new(nasty);
        page.heading(nasty)
            .subheading(nasty)
            .paragraph(nasty)
            .code(nasty)
            .note(nasty);
        let mut table = HtmlTable::new([nasty]).with_caption(nasty);
        table
            .row([HtmlCell::code(nasty)])
            .row([HtmlCell::text(nasty)]);
        page.table(table);
        let html = page.render();
        assert!(!html.contains("<script"), "{html}");
        let doc = parse(&html);
        // Every piece of text comes back exactly as given.
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.is_element() && n.tag_name().name() != "style")
            .filter_map(|n| n.text())
            .filter(|t| t.contains("alert"))
            .collect();
        // title, h1, h2, h3, p, pre, note, caption, th and two cells.
        assert_eq!(texts.len(), 11, "{texts:?}");
        assert!(texts.iter().all(|t| *t == nasty));
    }

    #[test]
    fn numeric_columns_are_right_aligned_and_short_rows_padded() {
        let mut table = HtmlTable::new(["name", "x", "mixed"]);
        table
            .row([
                HtmlCell::text("a"),
                HtmlCell::number(1.0, 2),
                HtmlCell::number(2.0, 0),
            ])
            .row([
                HtmlCell::text("b"),
                HtmlCell::number(f64::NAN, 2),
                HtmlCell::text("n/a"),
            ])
            .row([HtmlCell::text("c")]);
        let mut page = HtmlPage::new("t");
        page.table(table);
        let html = page.render();
        let doc = parse(&html);
        let class = |tag: &str| -> Vec<Option<String>> {
            doc.descendants()
                .filter(|n| n.has_tag_name(tag))
                .map(|n| n.attribute("class").map(str::to_string))
                .collect()
        };
        let num = Some("num".to_string());
        // Column x has a missing cell in row c, so it is not all numbers.
        assert_eq!(class("th"), vec![None, None, None]);
        let cells = class("td");
        assert_eq!(cells.len(), 9, "three rows of three");
        assert_eq!(cells[1], num);
        assert!(html.contains("<td class=\"num\">1.00</td>"));
        assert!(html.contains("<td class=\"num\">\u{2014}</td>"));
        let mut full = HtmlTable::new(["x"]);
        full.row([HtmlCell::integer(3_u32)]);
        let mut page = HtmlPage::new("t");
        page.table(full);
        assert!(page.render().contains("<th class=\"num\">x</th>"));
    }

    #[test]
    fn the_page_loads_nothing_from_outside() {
        let svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" height=\"10\"><defs><path id=\"p\" d=\"M0 0\"/></defs><use href=\"#p\"/></svg>";
        let mut page = HtmlPage::new("t");
        page.figure(svg, "cap").expect("a local reference is fine");
        let html = page.render();
        assert!(!html.contains("<?xml"), "the declaration is dropped");
        let doc = parse(&html);
        for n in doc.descendants().filter(roxmltree::Node::is_element) {
            let name = n.tag_name().name();
            assert!(
                !matches!(name, "script" | "link" | "img" | "iframe"),
                "{name}"
            );
            for a in n.attributes() {
                assert!(a.name() != "src", "{name} has src");
                assert!(a.name() != "href" || a.value().starts_with('#'));
            }
        }
        assert!(html.contains("default-src 'none'"));
    }

    #[test]
    fn figures_that_would_run_or_load_something_are_refused() {
        let bad = [
            "<svg><script>alert(1)</script></svg>",
            "<svg onload=\"alert(1)\"/>",
            "<svg><foreignObject/></svg>",
            "<svg xmlns:xlink=\"http://www.w3.org/1999/xlink\"><image xlink:href=\"x.png\"/></svg>",
            "<svg><use href=\"other.svg#a\"/></svg>",
            "<div/>",
            "<svg><rect></svg>",
            "not markup",
        ];
        for svg in bad {
            let mut page = HtmlPage::new("t");
            let e = page.figure(svg, "").expect_err(svg).to_string();
            assert!(
                e.starts_with("cannot build the html page: a figure "),
                "{e}"
            );
            assert!(page.blocks.is_empty());
        }
    }
}
