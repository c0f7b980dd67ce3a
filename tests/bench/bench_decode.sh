#!/bin/sh
# bench_decode.sh - NetFlow v5/v9/IPFIX decoder rate, flows/s on one core.
#
#   tests/bench/bench_decode.sh [BUILD_DIR]
#
# BUILD_DIR (default: build) must have had `make check` build
# tests/bench/bench_decode.  Environment: N=3000000 flows, RUNS=5,
# CPU= pin to this CPU with taskset.  Goal: v9 and IPFIX >= 3M flows/s.
set -eu
build=${1:-build}
bench=$build/tests/bench/bench_decode
[ -x "$bench" ] || { echo "bench_decode.sh: $bench missing: run 'make check' in $build" >&2; exit 2; }
pin=
[ -n "${CPU:-}" ] && pin="taskset -c $CPU"
$pin "$bench" "${N:-3000000}" "${RUNS:-5}"
