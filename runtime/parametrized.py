"""What a loss in user parameters theta adds to the natural API (codegen/parametrize.py).

* The Hessian is the true Hessian of the NLL in theta, J^T F J + sum_i (grad A - T)_i
  Hess(eta_i): it reads the targets and is not PSD in general. ``multiply_hessian`` uses it;
  the Fisher and GGN methods use J^T F J.
* The factor is J^T B: d_theta x d_eta per case, so its inner shape is the natural family's
  (``factor_dim`` = d_eta components) while vectors in input space have d_theta.
* A true Hessian has no factor unless the parametrization is canonical (eta affine in theta):
  ``multiply_hessian_factor*`` raise `NoHessianFactorError` otherwise.
"""
from __future__ import annotations


class NoHessianFactorError(NotImplementedError):
    """The true Hessian of a non-canonical parametrization has no factor B with B B^T = H."""


class ParametrizedMixin:
    factor_dim: int = 1  # components of the factor's inner axis: the natural family's d
    canonical: bool = False  # eta affine in theta: the Hessian equals the Fisher
    natural_family: str = ""

    _hessian_cache = None

    # ------------------------------------------------------- factor space (d_eta)
    @property
    def fisher_factor_inner_shape(self) -> tuple:
        shape = tuple(self._params[0].shape)
        return shape if self.factor_dim == 1 else shape + (self.factor_dim,)

    def _factor_components(self, u):
        return (u,) if self.factor_dim == 1 else tuple(u[..., i] for i in range(self.factor_dim))

    def _stack_factor(self, parts):
        return parts[0] if self.factor_dim == 1 else self.xp.stack(parts, axis=-1)

    def _replicated_one_hot(self, index):
        """Column `index` of J^T B (a factor-space index), placed at [:, *position] in every batch slot."""
        xp = self.xp
        position, column = (index, 0) if self.factor_dim == 1 else (index[:-1], index[-1])
        where = (slice(None),) + tuple(position)
        entries = self._factor_entries_at(where)
        out = []
        for entry_index in self._factor_columns[column]:
            part = xp.zeros(self._params[0].shape, dtype=self._dtype)
            if entry_index is not None:
                part[where] = entries[entry_index]
            out.append(part)
        return tuple(out)

    def mean_sufficient_statistic(self):
        """E[T(y)] = grad A at eta(theta), per case: d_eta arrays (a tuple when d_eta > 1)."""
        parts = tuple(self._as_dtype(m) for m in self._mean_unweighted())
        return parts[0] if len(parts) == 1 else parts

    # ------------------------------------------------------------ true Hessian
    def _hessian_entries(self, targets):
        if targets is None:
            if self._hessian_cache is None:
                self._hessian_cache = self._finalize_entries(self._hessian_formulas(self._require_targets(None)))
            return self._hessian_cache
        return self._finalize_entries(self._hessian_formulas(self.check_targets(targets, "targets")))

    def _hessian_formulas(self, y):
        """The backend's per-case Hessian entries at y (a backend may evaluate them in another precision)."""
        return self._compute_hessian(y)

    def multiply_hessian(self, vector, targets=None):
        """H v * weight * mask, H the Hessian of the NLL in these parameters at the targets
        (the constructor's, or `targets`): J^T F J + sum_i (grad A - T)_i Hess(eta_i)."""
        v = self._check_input_vector(vector, "vector")
        entries = self._hessian_entries(targets)
        return self._to_public(self._weigh(self._hessian_product(v, entries), self._weighting(), v), v)

    def per_case_hessian(self, targets=None, weighted=True):
        """The true Hessian of each case's NLL in these parameters at the targets (the
        constructor's, or `targets`), J^T F J + sum_i (grad A - T)_i Hess(eta_i), shaped as
        `per_case_fisher`; weighted=True multiplies by weight * mask. Not PSD in general."""
        return self._per_case_matrix(self._hessian_entries(targets), weighted)

    def _no_hessian_factor(self):
        if not self.canonical:
            raise NoHessianFactorError(
                f"{type(self).__name__}: the Hessian in ({', '.join(self.param_names)}) is"
                " J^T F J + sum_i (grad A - T)_i Hess(eta_i), which depends on the targets and is not"
                " positive semi-definite in general, so it has no factor; use multiply_hessian for"
                " products with it, or the multiply_ggn_factor / multiply_fisher_factor methods (J^T B)"
            )

    def multiply_hessian_factor(self, vector):
        self._no_hessian_factor()
        return self.multiply_fisher_factor(vector)

    def multiply_hessian_factor_transpose(self, vector):
        self._no_hessian_factor()
        return self.multiply_fisher_factor_transpose(vector)

    def multiply_hessian_factor_replicated_one_hot(self, index):
        self._no_hessian_factor()
        return self.multiply_fisher_factor_replicated_one_hot(index)


__all__ = ["ParametrizedMixin", "NoHessianFactorError"]
