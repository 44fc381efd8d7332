#!/usr/bin/env bash
# One command for a machine with an NVIDIA GPU: the GPU tests, then the GPU benchmark.
#   pip install -e ".[cuda,test]" && bash benchmarks/run_gpu.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pytest -q -rs tests/test_cupy_gpu.py tests/test_cuda_coupled.py
python benchmarks/gpu_bench.py --markdown
