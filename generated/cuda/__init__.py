# generated from the declarations by codegen/backends/cuda/templates/cuda/__init__.py.jinja, do not edit; run `natloss build`.
"""The generated CUDA kernels, one .cu file per family, and the device headers they include.

A package so that the CuPy classes find their kernels with importlib.resources.
"""
