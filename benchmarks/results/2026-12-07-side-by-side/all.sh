#!/usr/bin/env bash
# The whole side-by-side run, in the order it was run (stage by stage; stop it when time is up):
# (a) every instance up to 150 patients at 30 s, seed 1; (b) large-300 and large-450 at 60 s, seed 1;
# (c) the cohort family at 300 s, seed 1; (d) seeds 2 and 3 of (b), then of (a), instance by instance.
#   benchmarks/results/2026-12-07-side-by-side/all.sh
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
./run.sh upto150 1 a-s1
./run.sh large 1 b-s1
for instance in cohort-140-s601 cohort-140-s603 cohort-140-s606; do
    ./run.sh cohort-300 1 "c-s1/$instance" --filter "/$instance/"
done
for instance in large-300 large-450; do
    for seed in 2 3; do ./run.sh large "$seed" "d/$instance-s$seed" --filter "/$instance/"; done
done
for instance in small-30 small-40 small-50 edge-one-day edge-many-separations medium-100 \
    edge-tiny-adolescent-cohort edge-scarce-clinicians edge-tight-rooms medium-125 \
    cohort-140-s601 cohort-140-s603 cohort-140-s606 medium-150; do
    for seed in 2 3; do ./run.sh upto150 "$seed" "d/$instance-s$seed" --filter "/$instance/"; done
done
