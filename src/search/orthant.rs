//! An index of utility or gain vectors for questions about an orthant (the points at
//! or above a threshold in every coordinate): is any of them such that..., and which
//! two have the largest coordinate `j`?
//!
//! A k-d tree: each node splits its points at the median of their widest coordinate
//! and keeps their largest coordinates, so a query skips every node that lies below a
//! threshold somewhere; the top-two query also walks best-first and skips the nodes
//! that cannot beat the second best found so far.

/// Points per leaf.
const LEAF: usize = 8;

/// The indexed points (`n` coordinates each).
pub(crate) struct Orthant {
    n: usize,
    /// The points' coordinates, in tree order.
    coords: Vec<f64>,
    /// Each tree-order point's index in the caller's list.
    ids: Vec<usize>,
    nodes: Vec<Node>,
    /// Each node's largest coordinates (`n` per node).
    maxima: Vec<f64>,
}

/// A node: its points `start..end` in tree order and its children (none for a leaf).
#[derive(Clone, Copy)]
struct Node {
    start: usize,
    end: usize,
    children: Option<(usize, usize)>,
}

/// The best two points of a query: `(index, coordinate j)`, best first.
pub(crate) type Top2 = (Option<(usize, f64)>, Option<(usize, f64)>);

impl Orthant {
    /// Index `points` (each of length `n`); a query names a point by its place here.
    pub fn new(points: &[Vec<f64>], n: usize) -> Self {
        let flat: Vec<f64> = points.iter().flatten().copied().collect();
        Orthant::from_rows(&flat, n, (0..points.len()).collect())
    }

    /// Index the rows `ids` of `rows` (`n` numbers per row); a query names a point by
    /// its row.
    pub fn from_rows(rows: &[f64], n: usize, mut ids: Vec<usize>) -> Self {
        let mut index = Orthant {
            n,
            coords: Vec::new(),
            ids: Vec::new(),
            nodes: Vec::new(),
            maxima: Vec::new(),
        };
        if !ids.is_empty() && n > 0 {
            index.split(rows, &mut ids, 0);
        }
        index.coords = ids
            .iter()
            .flat_map(|&i| rows[i * n..(i + 1) * n].iter().copied())
            .collect();
        index.ids = ids;
        index
    }

    /// Build the node over `ids[start..]` (ids is the whole permutation, `start` its
    /// offset in tree order); returns the node's number.
    fn split(&mut self, rows: &[f64], ids: &mut [usize], start: usize) -> usize {
        let n = self.n;
        let (mut lo, mut hi) = (vec![f64::INFINITY; n], vec![f64::NEG_INFINITY; n]);
        for &i in ids.iter() {
            for k in 0..n {
                lo[k] = lo[k].min(rows[i * n + k]);
                hi[k] = hi[k].max(rows[i * n + k]);
            }
        }
        let me = self.nodes.len();
        self.nodes.push(Node {
            start,
            end: start + ids.len(),
            children: None,
        });
        self.maxima.extend(&hi);
        if ids.len() > LEAF {
            let widest = (0..n)
                .max_by(|&a, &b| (hi[a] - lo[a]).total_cmp(&(hi[b] - lo[b])))
                .unwrap_or(0);
            let mid = ids.len() / 2;
            ids.select_nth_unstable_by(mid, |&a, &b| {
                rows[a * n + widest].total_cmp(&rows[b * n + widest])
            });
            let (left, right) = ids.split_at_mut(mid);
            let l = self.split(rows, left, start);
            let r = self.split(rows, right, start + mid);
            self.nodes[me].children = Some((l, r));
        }
        me
    }

    fn max(&self, node: usize, k: usize) -> f64 {
        self.maxima[self.n * node + k]
    }

    /// Points indexed.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// The points' names (rows or places), in no fixed order.
    pub fn ids(&self) -> &[usize] {
        &self.ids
    }

    /// Whether `hit` holds for some point at or above `lower` in every coordinate
    /// (it is asked of those points only, in no fixed order, until it holds), with
    /// the number of nodes and points looked at.
    pub fn any_at_least(
        &self,
        lower: &[f64],
        mut hit: impl FnMut(usize, &[f64]) -> bool,
    ) -> (bool, u64) {
        let n = self.n;
        let mut looked = 0u64;
        let found = self.walk(|visit| {
            looked += 1;
            match visit {
                Visit::Node(node) if (0..n).any(|k| self.max(node, k) < lower[k]) => Flow::Skip,
                Visit::Node(_) => Flow::Enter { right_first: false },
                Visit::Point(id, g) => {
                    if (0..n).all(|k| g[k] >= lower[k]) && hit(id, g) {
                        Flow::Stop
                    } else {
                        Flow::Go
                    }
                }
            }
        });
        (found, looked)
    }

    /// The two points with the largest coordinate `j` among those strictly above
    /// `above` in every coordinate (ties: the earlier index first).
    pub fn top2(&self, j: usize, above: &[f64]) -> Top2 {
        let n = self.n;
        let mut top: Top2 = (None, None);
        self.walk(|visit| match visit {
            Visit::Node(node) => {
                let below = (0..n).any(|k| self.max(node, k) <= above[k]);
                let beaten = top.1.is_some_and(|(_, second)| self.max(node, j) < second);
                match self.nodes[node].children {
                    _ if below || beaten => Flow::Skip,
                    // Best-first: the child that can reach higher on j goes first.
                    Some((l, r)) => Flow::Enter {
                        right_first: self.max(l, j) < self.max(r, j),
                    },
                    None => Flow::Enter { right_first: false },
                }
            }
            Visit::Point(id, g) => {
                if (0..n).all(|k| g[k] > above[k]) {
                    offer(&mut top, (id, g[j]));
                }
                Flow::Go
            }
        });
        top
    }

    /// Walk the tree depth first, asking `visit` at every node whether to enter it
    /// (and which child first) and showing it the points of every leaf entered, until
    /// it says stop; true when it did.
    fn walk(&self, mut visit: impl FnMut(Visit<'_>) -> Flow) -> bool {
        let n = self.n;
        if self.nodes.is_empty() {
            return false;
        }
        let mut stack = vec![0usize];
        while let Some(node) = stack.pop() {
            let Flow::Enter { right_first } = visit(Visit::Node(node)) else {
                continue;
            };
            let Node {
                start,
                end,
                children,
            } = self.nodes[node];
            match children {
                Some((l, r)) if right_first => stack.extend([l, r]),
                Some((l, r)) => stack.extend([r, l]),
                None => {
                    for p in start..end {
                        let g = &self.coords[p * n..(p + 1) * n];
                        if let Flow::Stop = visit(Visit::Point(self.ids[p], g)) {
                            return true;
                        }
                    }
                }
            }
        }
        false
    }
}

/// What a walk shows its visitor: a node, or a point of a leaf (its name and
/// coordinates).
enum Visit<'a> {
    Node(usize),
    Point(usize, &'a [f64]),
}

/// The visitor's answer: at a node, skip it or enter it; at a point, go on or stop.
enum Flow {
    Skip,
    Enter { right_first: bool },
    Go,
    Stop,
}

/// Keep `candidate` if it is among the best two.
fn offer(top: &mut Top2, candidate: (usize, f64)) {
    let beats = |a: (usize, f64), b: Option<(usize, f64)>| match b {
        None => true,
        Some(b) => a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)).is_gt(),
    };
    if beats(candidate, top.0) {
        top.1 = top.0;
        top.0 = Some(candidate);
    } else if beats(candidate, top.1) {
        top.1 = Some(candidate);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    /// Both queries answer as a scan of every point.
    #[test]
    fn queries_answer_as_a_full_scan() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        for n in 2..=5 {
            let points: Vec<Vec<f64>> = (0..700)
                .map(|_| {
                    (0..n)
                        .map(|_| (rng.random::<f64>() * 20.0).round() / 20.0)
                        .collect()
                })
                .collect();
            let index = Orthant::new(&points, n);
            for _ in 0..300 {
                let above: Vec<f64> = (0..n).map(|_| rng.random::<f64>() * 0.7 - 0.05).collect();
                let j = rng.random_range(0..n);
                let mut top: Top2 = (None, None);
                for (i, g) in points.iter().enumerate() {
                    if g.iter().zip(&above).all(|(x, t)| x > t) {
                        offer(&mut top, (i, g[j]));
                    }
                }
                let found = index.top2(j, &above);
                let lower: Vec<f64> = above.iter().map(|t| t + 0.1).collect();
                let target = rng.random_range(0..points.len());
                let truth = points
                    .iter()
                    .enumerate()
                    .any(|(i, g)| i % 3 == target % 3 && g.iter().zip(&lower).all(|(x, l)| x >= l));
                let (any, _) = index.any_at_least(&lower, |i, _| i % 3 == target % 3);
                assert_eq!(any, truth, "any, n {n}, lower {lower:?}");
                assert_eq!(found.0, top.0, "best, n {n}, above {above:?}");
                assert_eq!(found.1.map(|t| t.1), top.1.map(|t| t.1), "second, n {n}");
            }
        }
    }
}
