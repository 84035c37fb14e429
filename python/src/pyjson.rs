//! The command line's JSON outputs as Python objects: the text, byte for byte as
//! `--json` prints it, and the same value as dicts, lists, strings and numbers built
//! directly (no JSON parse on the Python side).

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use pyo3::IntoPyObjectExt;
use serde::Serialize;
use serde_json::Value;

/// An output: its `--json` text and the same value as Python objects.
pub struct Output {
    pub text: String,
    pub value: Value,
}

impl Output {
    /// `output` serialised once; `None` (a serialiser failure, only on a bug) as null.
    pub fn new<T: Serialize>(output: &T) -> Output {
        let value = serde_json::to_value(output).unwrap_or(Value::Null);
        let text = format!(
            "{}\n",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
        Output { text, value }
    }

    /// `(text, value)` for Python.
    pub fn into_py(self, py: Python<'_>) -> PyResult<(String, Bound<'_, PyAny>)> {
        Ok((self.text, to_py(py, &self.value)?))
    }
}

/// `output`'s `--json` text and the same value as Python objects, serialised
/// straight from `output` (no intermediate JSON value: the quickest, for a solve).
pub fn direct<'py, T: Serialize>(
    py: Python<'py>,
    output: &T,
) -> PyResult<(String, Bound<'py, PyAny>)> {
    let text = format!(
        "{}\n",
        serde_json::to_string_pretty(output).unwrap_or_default()
    );
    let value = pythonize::pythonize(py, output)?;
    Ok((text, value))
}

/// A JSON value as Python objects (objects keep their key order).
pub fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    match value {
        Value::Null => Ok(py.None().into_bound(py)),
        Value::Bool(b) => b.into_bound_py_any(py),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => u.into_bound_py_any(py),
            (None, Some(i)) => i.into_bound_py_any(py),
            _ => n.as_f64().unwrap_or(f64::NAN).into_bound_py_any(py),
        },
        Value::String(s) => s.into_bound_py_any(py),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            Ok(list.into_any())
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_py(py, v)?)?;
            }
            Ok(dict.into_any())
        }
    }
}
