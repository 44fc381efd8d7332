#!/usr/bin/env bash
# One command for a machine with an NVIDIA GPU: the GPU tests, then the GPU benchmark.
#   pip install -e ".[cuda,test]" && bash benchmarks/run_gpu.sh [TABLES.md] [gpu_bench.py options]
# Offline GPU machine: build a wheel where there is a network (pip wheel --no-deps -w dist .),
# carry it over, and `pip install --no-deps dist/natloss-*.whl` there (CuPy, NumPy, SciPy,
# SymPy, Jinja2, mpmath and pytest must be installed).
# The benchmark's Markdown tables go to TABLES.md (default gpu_bench.md) as well as stdout.
# Both parts always run; the exit status is nonzero if either failed.
set -uo pipefail
cd "$(dirname "$0")/.."
out="${1:-gpu_bench.md}"
shift || true
status=0
python -m pytest -q -rs -k gpu tests/test_cupy_gpu.py tests/test_cuda_coupled.py || status=$?
python benchmarks/gpu_bench.py --markdown "$@" | tee "$out" || status=$?
exit "$status"
