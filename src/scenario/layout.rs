//! Pretty JSON that reads like a hand-written scenario file: one field per line, but
//! short lists of numbers (a range, curve points) kept on one line.

use serde_json::Value;

/// Lists longer than this (in characters) are broken over lines even when flat.
const INLINE_WIDTH: usize = 80;

/// `value` as indented JSON, two spaces per level, without a final newline.
pub(crate) fn pretty(value: &Value) -> String {
    let mut out = String::new();
    write(value, 0, &mut out);
    out
}

fn write(value: &Value, indent: usize, out: &mut String) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('{');
            for (i, (key, v)) in map.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                push_indent(indent + 1, out);
                out.push_str(&Value::String(key.clone()).to_string());
                out.push_str(": ");
                write(v, indent + 1, out);
            }
            out.push('\n');
            push_indent(indent, out);
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() => match inline(items) {
            Some(line) => out.push_str(&line),
            None => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    out.push_str(if i == 0 { "\n" } else { ",\n" });
                    push_indent(indent + 1, out);
                    write(v, indent + 1, out);
                }
                out.push('\n');
                push_indent(indent, out);
                out.push(']');
            }
        },
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// A list of scalars, or of lists of scalars, on one line when it is short.
fn inline(items: &[Value]) -> Option<String> {
    let flat = |v: &Value| !matches!(v, Value::Object(m) if !m.is_empty());
    let part = |v: &Value| match v {
        Value::Array(inner) if inner.iter().all(|x| !x.is_array() && flat(x)) => {
            Some(format!("[{}]", join(inner)))
        }
        Value::Array(_) => None,
        v if flat(v) => Some(v.to_string()),
        _ => None,
    };
    let parts = items.iter().map(part).collect::<Option<Vec<_>>>()?;
    let line = format!("[{}]", parts.join(", "));
    (line.len() <= INLINE_WIDTH).then_some(line)
}

fn join(items: &[Value]) -> String {
    items
        .iter()
        .map(Value::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn push_indent(level: usize, out: &mut String) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn short_number_lists_stay_on_one_line() {
        let v = json!({"range": [0.0, 1.0], "points": [[0.0, 0.0], [1.0, 0.5]], "o": {}});
        assert_eq!(
            pretty(&v),
            "{\n  \"range\": [0.0, 1.0],\n  \"points\": [[0.0, 0.0], [1.0, 0.5]],\n  \"o\": {}\n}"
        );
    }

    #[test]
    fn lists_of_objects_break_over_lines() {
        let v = json!([{"id": "a"}]);
        assert_eq!(pretty(&v), "[\n  {\n    \"id\": \"a\"\n  }\n]");
        let parsed: Value = serde_json::from_str(&pretty(&v)).unwrap_or_default();
        assert_eq!(parsed, v);
    }
}
