#!/bin/sh
# Open311 POST before/after, interleaved: `bench.open311 posts-only` from two worktrees in
# turn (each its own venv, its own `hotline serve` and throwaway database), the order
# alternating by round, so both see the same shared machine.
#   bench/interleave_open311.sh BEFORE_TREE AFTER_TREE [ROUNDS]   (one JSON line per run)
set -eu
before=$1 after=$2 rounds=${3:-3}
pg=${HOTLINE_BENCH_POSTGRES:-postgresql://postgres@127.0.0.1:5432}
run() {
    db="hotline_bench_interleave_$$"
    psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
    out=$(cd "$1" && HOTLINE_DATABASE_URL="$pg/$db" HOTLINE_SECRET_KEY=bench-secret-key-0123456789 \
        .venv/bin/python -m bench.open311 posts-only 2>/dev/null | tail -n 1)
    psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
    echo "{\"round\": $2, \"tree\": \"$3\", \"at\": \"$(date -u +%H:%M)\", \"result\": $out}"
}
i=1
while [ "$i" -le "$rounds" ]; do
    if [ $((i % 2)) -eq 1 ]; then
        run "$before" "$i" before; run "$after" "$i" after
    else
        run "$after" "$i" after; run "$before" "$i" before
    fi
    i=$((i + 1))
done
