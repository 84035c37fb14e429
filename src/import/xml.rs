//! Reading Genius's XML files: the text (with the few repairs the published files
//! need), a real XML parser (`roxmltree`), and the names of elements and attributes
//! that error messages use.
//!
//! Genius reads its files with a lenient parser of its own, and the published domains
//! lean on it. Three quirks occur in the files shipped with Genius 10.4 and are repaired
//! before the text reaches the parser, each narrowly:
//! - bytes that are not UTF-8 (a `€` saved as Windows-1252 in ANAC 2015 profiles) are
//!   read as Windows-1252, which Java on Windows wrote them in;
//! - an `<?xml ...?>` declaration after a leading comment (the ANAC 2014 non-linear
//!   profiles) is dropped, as the declaration must open the document;
//! - a bare `&` in text or attributes (`"AT & T Mobility"`) is read as `&amp;`.
//!
//! Anything else that is not well-formed XML (an unclosed element, a missing quote)
//! is refused with the parser's message, line and column.

use std::path::Path;

use roxmltree::{Document, Node};

use crate::error::{Error, Problem, Result};

/// The text of the XML file at `path`, repaired as the module docs say.
///
/// # Errors
/// As [`Scenario::load`](crate::Scenario::load) for a file that cannot be read.
pub(crate) fn read(path: &Path) -> Result<String> {
    let bytes = crate::scenario::file::read_bytes(path)?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => e.into_bytes().iter().map(|&b| windows_1252(b)).collect(),
    };
    Ok(escape_bare_ampersands(&drop_late_declaration(
        text.trim_start_matches('\u{feff}').trim_start(),
    )))
}

/// Parse repaired text into a tree.
///
/// # Errors
/// [`ScenarioError::Parse`](crate::error::ScenarioError::Parse) with the parser's
/// message, line and column.
pub(crate) fn parse<'a>(text: &'a str, file: &str) -> Result<Document<'a>> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        let message = e.to_string();
        let message = match message.rfind(" at ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        Error::parse(
            file,
            None,
            pos.row as usize,
            pos.col as usize,
            format!("not well-formed XML: {message}"),
        )
    })
}

/// Byte `b` of a Windows-1252 text as a character (the C1 range holds the euro sign,
/// curly quotes and dashes; the five unassigned bytes stay control characters).
fn windows_1252(b: u8) -> char {
    const C1: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => C1[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// The text without an `<?xml ...?>` declaration that does not open it.
fn drop_late_declaration(text: &str) -> String {
    if text.starts_with("<?xml") {
        return text.to_string();
    }
    // Only a declaration before the root element counts: later `<?xml` is the
    // parser's to refuse.
    let root = text
        .match_indices('<')
        .find(|(i, _)| {
            let rest = &text[*i + 1..];
            !rest.starts_with('?') && !rest.starts_with('!')
        })
        .map(|(i, _)| i);
    match (text.find("<?xml"), root) {
        (Some(start), Some(root)) if start < root => match text[start..].find("?>") {
            Some(len) => format!("{}{}", &text[..start], &text[start + len + 2..]),
            None => text.to_string(),
        },
        _ => text.to_string(),
    }
}

/// `&` that does not start an entity or character reference, written `&amp;`.
fn escape_bare_ampersands(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if c == '&' && !starts_reference(&text[i + 1..]) {
            out.push_str("&amp;");
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `rest` (the text after a `&`) is `name;`, `#digits;` or `#xhex;`.
fn starts_reference(rest: &str) -> bool {
    let Some(end) = rest.find(';') else {
        return false;
    };
    let body = &rest[..end];
    if let Some(num) = body.strip_prefix("#x") {
        return !num.is_empty() && num.chars().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(num) = body.strip_prefix('#') {
        return !num.is_empty() && num.chars().all(|c| c.is_ascii_digit());
    }
    let mut chars = body.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.'))
}

/// How messages name an element: its line and its tag with the attributes that
/// identify it (`line 7 <weight index="2">`).
pub(crate) fn element(node: Node) -> String {
    let line = node.document().text_pos_at(node.range().start).row;
    let mut name = format!("line {line} <{}", node.tag_name().name());
    for key in ["index", "name", "value"] {
        if let Some(v) = node.attribute(key) {
            if key != "value" || node.tag_name().name() == "item" {
                name.push_str(&format!(" {key}=\"{v}\""));
            }
        }
    }
    name.push('>');
    name
}

/// An error about `node` in `file`.
pub(crate) fn error(file: &str, node: Node, problem: Problem) -> Error {
    Error::import(file, element(node), problem)
}

/// An error about attribute `key` of `node` in `file`.
pub(crate) fn attr_error(file: &str, node: Node, key: &str, problem: Problem) -> Error {
    Error::import(file, format!("{} {key}", element(node)), problem)
}

/// Attribute `key` of `node`, required.
///
/// # Errors
/// [`Problem::Missing`] naming the element and the attribute.
pub(crate) fn required<'a>(file: &str, node: Node<'a, '_>, key: &str) -> Result<&'a str> {
    node.attribute(key)
        .ok_or_else(|| attr_error(file, node, key, Problem::Missing))
}

/// The element children of `node` called `tag`, in document order.
pub(crate) fn children<'a, 'i>(
    node: Node<'a, 'i>,
    tag: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == tag)
}

/// The first element child of `node` called `tag`.
pub(crate) fn child<'a, 'i>(node: Node<'a, 'i>, tag: &'static str) -> Option<Node<'a, 'i>> {
    children(node, tag).next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_ampersands_are_escaped_and_references_kept() {
        assert_eq!(
            escape_bare_ampersands("a & b &amp; &#38; &#x26; &lt;x"),
            "a &amp; b &amp; &#38; &#x26; &lt;x"
        );
    }

    #[test]
    fn a_declaration_after_a_comment_is_dropped() {
        let text = "<!-- profile 1 -->\n<?xml version=\"1.0\"?>\n<a/>";
        let fixed = drop_late_declaration(text);
        assert_eq!(fixed, "<!-- profile 1 -->\n\n<a/>");
        assert!(Document::parse(&fixed).is_ok());
        assert_eq!(
            drop_late_declaration("<?xml version=\"1.0\"?><a/>"),
            "<?xml version=\"1.0\"?><a/>"
        );
    }

    #[test]
    fn windows_1252_reads_the_euro_sign() {
        assert_eq!(windows_1252(0x80), '€');
        assert_eq!(windows_1252(b'a'), 'a');
        assert_eq!(windows_1252(0xe9), 'é');
    }
}
