//! A feasible incumbent improved one issue at a time (or two at once): every point of
//! goal it gains tightens the cut that follows. The tangent-plane start ends with the
//! one-issue moves, and so do earlier answers given to a search as hints; a
//! proposal's incumbent (a linear goal under floors, where the first incumbent can
//! sit well below the optimum) adds moves of two issues.

use super::board::Board;
use super::cell::GAIN_EPS;
use super::goal::Goal;
use crate::space::Value;

/// Passes of one-issue moves at most (each visits every option of every issue once),
/// and rounds of two-issue moves at most.
const PASSES: usize = 16;

/// Relative rise of the goal a move must bring: above rounding, so that the moves
/// cannot cycle.
const RISE: f64 = 1e-12;

/// An outcome of a board of discrete issues: an option index per table, its gains
/// and its goal.
pub(super) struct Incumbent {
    pub choice: Vec<u32>,
    pub gains: Vec<f64>,
    pub score: f64,
}

impl Incumbent {
    /// The outcome `choice` with its gains summed afresh (never from a chain of moves,
    /// whose rounding could overstate the goal that the cut then trusts).
    pub(super) fn at(board: &Board, goal: &Goal<'_>, d: &[f64], choice: Vec<u32>) -> Self {
        let gains = board.gains_at(&choice, d);
        let score = goal.score(&gains);
        Incumbent {
            choice,
            gains,
            score,
        }
    }

    /// Whether every gain clears its floor.
    pub(super) fn clears(&self, floors: &[f64]) -> bool {
        self.gains
            .iter()
            .zip(floors)
            .all(|(g, f)| *g > f + GAIN_EPS)
    }
}

/// The best of the outcomes `hints` (issue order, earlier answers) that clears every
/// floor on this board, improved one issue at a time; `None` when none does, or the
/// board has continuous issues or links. Ties go to the earlier hint.
pub(super) fn hinted(
    board: &Board,
    goal: &Goal<'_>,
    d: &[f64],
    floors: &[f64],
    hints: &[&[Value]],
) -> Option<Incumbent> {
    let best = hints
        .iter()
        .filter_map(|h| board.choice_of(h))
        .map(|choice| Incumbent::at(board, goal, d, choice))
        .filter(|i| i.clears(floors))
        .reduce(|best, i| if i.score > best.score { i } else { best })?;
    Some(ascend(board, goal, d, floors, best))
}

/// `from` improved one issue at a time: each pass moves every issue to the option
/// that raises the goal most while every gain clears its floor, until a pass moves
/// none (or after [`PASSES`] passes). The result's gains are summed afresh; when one
/// of them then rounds onto or below its floor (the moves tested running sums), the
/// outcome before the moves stands.
pub(super) fn ascend(
    board: &Board,
    goal: &Goal<'_>,
    d: &[f64],
    floors: &[f64],
    from: Incumbent,
) -> Incumbent {
    let n = d.len();
    let start = from.choice.clone();
    let Incumbent {
        mut choice,
        mut gains,
        mut score,
    } = from;
    let mut trial = vec![0.0; n];
    let mut moved = false;
    for _ in 0..PASSES {
        let mut moved_now = false;
        for (t, table) in board.discrete.iter().enumerate() {
            let at = choice[t] as usize;
            let now = &table.contrib[at * n..(at + 1) * n];
            let mut best = (score, at);
            for (v, row) in table.contrib.chunks_exact(n.max(1)).enumerate() {
                if v == at {
                    continue;
                }
                let mut clears = true;
                for i in 0..n {
                    trial[i] = gains[i] - now[i] + row[i];
                    clears &= trial[i] > floors[i] + GAIN_EPS;
                }
                if !clears {
                    continue;
                }
                let s = goal.score(&trial);
                if s > best.0 + RISE * (1.0 + best.0.abs()) {
                    best = (s, v);
                }
            }
            if best.1 != at {
                let row = &table.contrib[best.1 * n..(best.1 + 1) * n];
                for i in 0..n {
                    gains[i] += row[i] - now[i];
                }
                score = goal.score(&gains);
                choice[t] = best.1 as u32;
                moved_now = true;
            }
        }
        moved |= moved_now;
        if !moved_now {
            break;
        }
    }
    if !moved {
        return Incumbent {
            choice,
            gains,
            score,
        };
    }
    let moved = Incumbent::at(board, goal, d, choice);
    if moved.clears(floors) {
        moved
    } else {
        Incumbent::at(board, goal, d, start)
    }
}

/// The best outcome reached from `choices` by one-issue moves and, when none helps,
/// moves of two issues at once (where no single issue can move without a floor giving
/// way, a trade between two often can), when it clears every floor and beats
/// `choices`, else `None` (also when the board has continuous issues or links, whose
/// utilities are not sums of the tables' rows).
pub(super) fn improve(
    board: &Board,
    choices: &[u32],
    goal: &Goal<'_>,
    d: &[f64],
    floors: &[f64],
) -> Option<Incumbent> {
    if !board.links.is_empty() || !board.continuous.is_empty() {
        return None;
    }
    let start = Incumbent::at(board, goal, d, choices.to_vec());
    let first = start.score;
    let mut at = start;
    for _ in 0..PASSES {
        at = ascend(board, goal, d, floors, at);
        match pair_move(board, goal, d, floors, &at) {
            Some(choice) => at = Incumbent::at(board, goal, d, choice),
            None => break,
        }
    }
    (at.clears(floors) && at.score > first).then_some(at)
}

/// The choices after the best move of two issues at once that raises the goal while
/// every gain clears its floor; `None` when none does.
fn pair_move(
    board: &Board,
    goal: &Goal<'_>,
    d: &[f64],
    floors: &[f64],
    at: &Incumbent,
) -> Option<Vec<u32>> {
    let n = d.len();
    let tables = &board.discrete;
    let row = |t: usize, v: usize| &tables[t].contrib[v * n..(v + 1) * n];
    let mut best = (at.score, None);
    let mut w = vec![0.0; n];
    for a in 0..tables.len() {
        let now_a = row(a, at.choice[a] as usize);
        for b in a + 1..tables.len() {
            let now_b = row(b, at.choice[b] as usize);
            for (va, row_a) in tables[a].contrib.chunks_exact(n).enumerate() {
                for (vb, row_b) in tables[b].contrib.chunks_exact(n).enumerate() {
                    for i in 0..n {
                        w[i] = at.gains[i] - now_a[i] - now_b[i] + row_a[i] + row_b[i];
                    }
                    if !(0..n).all(|i| w[i] > floors[i] + GAIN_EPS) {
                        continue;
                    }
                    let s = goal.score(&w);
                    if s > best.0 + RISE * (1.0 + best.0.abs()) {
                        best = (s, Some((a, va, b, vb)));
                    }
                }
            }
        }
    }
    let (a, va, b, vb) = best.1?;
    let mut choice = at.choice.clone();
    choice[a] = va as u32;
    choice[b] = vb as u32;
    Some(choice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::board::Plan;
    use crate::search::objective::{Context, LinearGains};
    use crate::search::Objective;
    use crate::Scenario;

    /// Three goods for a and b (a values them 5, 3, 2; b 2, 3, 5, out of 10), a
    /// maximising its share with b at least 0.45. From "b takes everything", moves
    /// give a good 0, then good 1 (a 0.8, b 0.5); good 2 would leave b below its floor.
    #[test]
    fn moves_raise_the_goal_and_keep_every_floor() {
        let json = r#"{"name": "goods", "issues": [
            {"id": "g0", "options": ["a", "b"]}, {"id": "g1", "options": ["a", "b"]},
            {"id": "g2", "options": ["a", "b"]}],
          "actors": [
            {"id": "a", "weights": {"g0": 5, "g1": 3, "g2": 2},
             "values": {"g0": {"a": 1, "b": 0}, "g1": {"a": 1, "b": 0}, "g2": {"a": 1, "b": 0}}},
            {"id": "b", "weights": {"g0": 2, "g1": 3, "g2": 5},
             "values": {"g0": {"a": 0, "b": 1}, "g1": {"a": 0, "b": 1}, "g2": {"a": 0, "b": 1}}}]}"#;
        let scenario = Scenario::from_json(json, "goods").expect("valid");
        let board = Board::new(&scenario, &Plan::default());
        let (c, d, f) = ([1.0, 0.0], [0.0, 0.0], [0.0, 0.45]);
        let (seated, ones) = (vec![0, 1], vec![1.0; 2]);
        let context = Context {
            seated: &seated,
            disagreement: &d,
            power: &ones,
            ones: &ones,
        };
        let own_gain = LinearGains(c.to_vec());
        let objective: &dyn Objective = &own_gain;
        let goal = Goal::new(objective, &context, false).expect("a linear goal");
        let better = improve(&board, &[1, 1, 1], &goal, &d, &f).expect("a move helps");
        assert!((better.score - 0.8).abs() < 1e-12, "{}", better.score);
        assert!((better.gains[1] - 0.5).abs() < 1e-12, "{:?}", better.gains);
        assert_eq!(
            better.gains,
            board.gains_at(&better.choice, &d),
            "the choice goes with them"
        );
        // Already the best: nothing to report.
        assert!(improve(&board, &[0, 0, 1], &goal, &d, &f).is_none());
    }
}
