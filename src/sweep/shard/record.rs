//! One sample as bytes: what the summary, the CSV rows and the plot read of it.
//!
//! ```text
//! levels     f64 x L      every leverage value, file order
//! deal       u8           1 with a deal, 0 without
//! outcome    per issue    u16 option index (discrete) or f64 (continuous); 0 without a deal
//! utilities  f64 x A      every actor's utility, file order
//! gains      f64 x A      every actor's gain u_i - d_i
//! ```
//!
//! The draw and the grid value are not stored: they follow from the sample's global
//! index (`index / samples` is the grid value's position, `index % samples` the draw).

use super::bytes::{Dec, Enc};
use super::header::{Kind, Layout};
use crate::space::Value;
use crate::sweep::Samples;

/// Append the records of samples `from..to` of `samples`.
pub(super) fn encode(samples: &Samples, from: usize, to: usize, layout: &Layout, e: &mut Enc) {
    e.0.reserve((to - from) * layout.record_size());
    for s in from..to {
        for &x in samples.levels(s) {
            e.f64(x);
        }
        let outcome = samples.outcome(s);
        e.u8(u8::from(outcome.is_some()));
        for (k, kind) in layout.kinds.iter().enumerate() {
            let x = outcome.and_then(|o| o.get(k).copied());
            match kind {
                Kind::Discrete(_) => {
                    let o = x.and_then(Value::as_option).unwrap_or(0);
                    e.u16(u16::try_from(o).unwrap_or(u16::MAX));
                }
                Kind::Continuous => e.f64(x.and_then(Value::as_number).unwrap_or(0.0)),
            }
        }
        for &u in samples.utilities(s) {
            e.f64(u);
        }
        for &g in samples.gains(s) {
            e.f64(g);
        }
    }
}

/// Where decoded records go and what they need: the sweep's draws per grid value and
/// its grid values.
pub(super) struct Target<'a> {
    pub samples: &'a mut Samples,
    pub per_value: u64,
    pub grid: Option<&'a [f64]>,
}

/// Decode `count` records for global indices from `start` into `target`.
///
/// # Errors
/// What is wrong, in words, for a deal flag other than 0 or 1, an option index past
/// the issue's options, or bytes that do not hold `count` records.
pub(super) fn decode(
    bytes: &[u8],
    start: u64,
    count: u64,
    layout: &Layout,
    target: &mut Target<'_>,
) -> Result<(), String> {
    let mut d = Dec::new(bytes);
    let mut row = Row {
        levels: vec![0.0; layout.leverage],
        outcome: vec![Value::Number(f64::NAN); layout.kinds.len()],
        values: vec![0.0; 2 * layout.actors],
    };
    let per_value = target.per_value.max(1);
    for index in start..start + count {
        let deal = row.read(&mut d, layout, index)?;
        let grid_value = match target.grid {
            Some(values) => Some(
                *values
                    .get((index / per_value) as usize)
                    .ok_or_else(|| format!("sample {index} lies past the grid"))?,
            ),
            None => None,
        };
        let (utilities, gains) = row.values.split_at(layout.actors);
        target.samples.push_record(
            index % per_value,
            grid_value,
            &row.levels,
            deal.then_some(row.outcome.as_slice()),
            utilities,
            gains,
        );
    }
    if d.is_empty() {
        Ok(())
    } else {
        Err("a block holds more bytes than its records".into())
    }
}

/// One record's fields, read into buffers reused from record to record.
struct Row {
    levels: Vec<f64>,
    outcome: Vec<Value>,
    /// Utilities, then gains.
    values: Vec<f64>,
}

impl Row {
    /// Read the record of sample `index`; whether it has a deal.
    fn read(&mut self, d: &mut Dec<'_>, layout: &Layout, index: u64) -> Result<bool, String> {
        let short = || "a block holds fewer records than it says".to_string();
        for x in &mut self.levels {
            *x = d.f64().ok_or_else(short)?;
        }
        let deal = d
            .flag()
            .ok_or_else(|| format!("sample {index}: bad deal flag"))?;
        for (slot, kind) in self.outcome.iter_mut().zip(&layout.kinds) {
            *slot = match *kind {
                Kind::Discrete(n) => {
                    let o = usize::from(d.u16().ok_or_else(short)?);
                    if deal && o >= n {
                        return Err(format!("sample {index}: option {o} of {n}"));
                    }
                    Value::Option(o)
                }
                Kind::Continuous => Value::Number(d.f64().ok_or_else(short)?),
            };
        }
        for x in &mut self.values {
            *x = d.f64().ok_or_else(short)?;
        }
        Ok(deal)
    }
}
