#!/bin/bash
# Submit a sharded detente sweep to Slurm: an array of N shard tasks, then a merge
# job that runs once all of them have succeeded. Prints the two job ids.
#
#   examples/slurm/submit.sh N SCENARIO SAMPLES SEED OUT [SWEEP FLAGS...]
#
# e.g. examples/slurm/submit.sh 4 examples/data/ukraine_2025.json 250000 7 runs/ukraine \
#        --vary us_support=0:1:11
# DETENTE names the binary (default: detente on PATH).
set -euo pipefail
if [ $# -lt 5 ]; then
  sed -n '2,10p' "$0" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
N=$1 SCENARIO=$2 SAMPLES=$3 SEED=$4 OUT=$5
shift 5
FLAGS="$*"
DETENTE=${DETENTE:-$(command -v detente || echo detente)}
mkdir -p "$OUT"
export DETENTE SCENARIO SAMPLES SEED OUT FLAGS N
array=$(sbatch --parsable --array="1-$N" --output="$OUT/shard-%a.log" "$here/shards.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --output="$OUT/merge.log" "$here/merge.sbatch")
echo "$array $merge"
