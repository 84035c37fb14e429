//! A first incumbent from the goal's tangent plane, found without a search.
//!
//! The maximum of a linear function of the gains over a board of discrete issues
//! alone is separable: the best option of each issue on its own. Taking the plane
//! tangent to the goal at the ideal point, the outcome that maximises it is a feasible
//! guess; the plane tangent at that outcome gives the next, and so on while the goal
//! rises (a Frank–Wolfe iteration restricted to the vertices). On random spaces it
//! lands on the optimum itself or close by, at the cost of a few passes over the
//! options, where a beam of partial outcomes costs thousands of dominance tests per
//! issue. Floors above zero shift every plane by their Lagrange multipliers, which
//! steer it towards outcomes that clear them.

use std::cmp::Ordering;

use super::board::Board;
use super::goal::Goal;
use super::polish::{self, Incumbent};

/// Plane moves at most (each one pass over the options).
const MOVES: usize = 8;

/// The best outcome reached from the plane `direction` (over the gains) plus the
/// floors' multipliers `lambda`, moved to the goal's tangent (plus `lambda`) at each
/// better outcome found, then improved one issue at a time; `None` when the board has
/// continuous issues or links (whose utilities are not sums of the tables' rows) or
/// the first plane's outcome does not clear the floors.
pub(super) fn start(
    board: &Board,
    goal: &Goal<'_>,
    d: &[f64],
    floors: &[f64],
    direction: Vec<f64>,
    lambda: &[f64],
) -> Option<Incumbent> {
    if !board.links.is_empty() || !board.continuous.is_empty() {
        return None;
    }
    let shifted = |t: Vec<f64>| -> Vec<f64> { t.iter().zip(lambda).map(|(t, l)| t + l).collect() };
    let mut direction = shifted(direction);
    let mut best: Option<Incumbent> = None;
    for _ in 0..MOVES {
        let mut found = Incumbent::at(board, goal, d, argmax_choice(board, &direction));
        if !found.clears(floors) {
            found.score = f64::NEG_INFINITY;
        }
        if best.as_ref().map_or(f64::NEG_INFINITY, |b| b.score) >= found.score {
            break;
        }
        let next = goal.tangent(&found.gains).map(shifted);
        best = Some(found);
        match next {
            Some(t) => direction = t,
            None => break,
        }
    }
    best.map(|b| polish::ascend(board, goal, d, floors, b))
}

/// The option of each table that maximises `direction . row`, the first of equals.
fn argmax_choice(board: &Board, direction: &[f64]) -> Vec<u32> {
    let n = direction.len();
    board
        .discrete
        .iter()
        .map(|t| {
            let dot = |row: &[f64]| row.iter().zip(direction).map(|(c, w)| c * w).sum::<f64>();
            let mut best = (f64::NEG_INFINITY, 0u32);
            for (v, row) in t.contrib.chunks_exact(n.max(1)).enumerate() {
                let s = dot(row);
                if s.total_cmp(&best.0) == Ordering::Greater {
                    best = (s, v as u32);
                }
            }
            best.1
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::objective::{Context, Nash};
    use crate::search::Objective;

    /// Two goods split between two actors, three ways each: the tangent at the ideal
    /// point (1, 1) weighs both actors alike, so each good goes to whoever values it
    /// more, which is the Nash bargain here; the moves stop there.
    #[test]
    fn the_tangent_moves_reach_the_nash_split_of_two_goods() {
        let json = r#"{"name": "goods",
            "issues": [{"id": "x", "options": ["a", "half", "b"]},
                       {"id": "y", "options": ["a", "half", "b"]}],
            "actors": [
              {"id": "a", "weights": {"x": 0.7, "y": 0.3},
               "values": {"x": {"a": 1, "half": 0.5, "b": 0}, "y": {"a": 1, "half": 0.5, "b": 0}}},
              {"id": "b", "weights": {"x": 0.3, "y": 0.7},
               "values": {"x": {"a": 0, "half": 0.5, "b": 1}, "y": {"a": 0, "half": 0.5, "b": 1}}}]}"#;
        let scenario = crate::Scenario::from_json(json, "goods").expect("valid");
        let board = Board::new(&scenario, &Default::default());
        let (d, power, ones) = (vec![0.0; 2], vec![1.0; 2], vec![1.0; 2]);
        let seated = vec![0, 1];
        let context = Context {
            seated: &seated,
            disagreement: &d,
            power: &power,
            ones: &ones,
        };
        let nash: &dyn Objective = &Nash;
        let goal = Goal::new(nash, &context, false).expect("a log product");
        let tangent = goal.tangent(&[1.0, 1.0]).expect("a log product has one");
        let found = start(&board, &goal, &d, &[0.0; 2], tangent.clone(), &[0.0; 2]).expect("found");
        assert_eq!(found.choice, vec![0, 2]);
        assert!((found.gains[0] - 0.7).abs() < 1e-12 && (found.gains[1] - 0.7).abs() < 1e-12);
        // Floors that the split cannot meet for actor b leave no start.
        assert!(start(&board, &goal, &d, &[0.0, 0.95], tangent, &[0.0; 2]).is_none());
    }
}
