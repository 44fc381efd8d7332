"""The componentwise stage (codegen/components.py) and its runtime (runtime/components.py).

A vector family whose A does not couple the last axis compiles per component; a case is a
row. Checked here: what the stage makes of a declaration and what it refuses (with the
family and field named), and the row semantics of the generated classes on inputs the
per-family battery (test_numpy_losses.py) does not build: one case without a batch axis,
K = 1, masks and hyper-parameter arrays of the wrong shape.
"""
from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy import stats

from natloss.codegen import DeclarationError, Family, Hyper, Param, Support, Target, VectorParam, draws
from natloss.codegen import driver
from natloss.codegen.components import componentwise, is_componentwise, is_coupled
from natloss.codegen.coupled import StructureError
from natloss.runtime import NatlossInputError


def _unit_mvn(log_base_measure=None, log_partition=None, target=Support.REAL_VECTOR, sampler=None, params=None):
    mean = VectorParam("mean")
    y = Target(target)
    mu, yk = mean.symbol, y.symbol[mean.k]
    return Family(
        name="my_mvn", class_name="MyMvnLoss", params=params or (mean,), target=y,
        log_partition=log_partition if log_partition is not None else mean.sum(mu**2 / 2),
        sufficient_statistic=(yk,),
        log_base_measure=log_base_measure if log_base_measure is not None else mean.sum(-yk**2 / 2 - sp.log(2 * sp.pi) / 2),
        sampler=sampler if sampler is not None else draws.normal(mu, 1),
    )


def test_the_stage_writes_one_component():
    family = componentwise(_unit_mvn())
    assert family.componentwise and not family.is_vector
    (eta,) = family.param_symbols
    y = family.target.symbol
    assert family.target.support is Support.REAL
    assert sp.simplify(family.log_partition - eta**2 / 2) == 0
    assert family.sufficient_statistic == (y,)
    assert sp.simplify(family.log_base_measure + y**2 / 2 + sp.log(2 * sp.pi) / 2) == 0
    assert family.sampler == draws.normal(eta, 1)


def test_terms_proportional_to_K_are_shared_per_component():
    mean = VectorParam("mean")
    y = Target(Support.REAL_VECTOR)
    with_k = _unit_mvn(log_base_measure=-mean.size * sp.log(2 * sp.pi) / 2 - mean.sum(y.symbol[mean.k] ** 2 / 2))
    a, b = componentwise(with_k), componentwise(_unit_mvn())
    assert sp.simplify(a.log_base_measure - b.log_base_measure) == 0


def test_a_constant_outside_the_sums_is_refused():
    with pytest.raises(DeclarationError, match=r"family 'my_mvn', field 'log_base_measure'.*proportional to K"):
        driver.compile_family(_unit_mvn(log_base_measure=sp.log(2) + VectorParam("mean").sum(sp.Integer(0))))


def test_a_coupled_real_vector_is_refused_naming_the_target():
    mean = VectorParam("mean")
    coupled = sp.log(mean.sum(sp.exp(mean.symbol)))
    with pytest.raises(DeclarationError, match=r"field 'target'.*coupled real vectors have no structure yet"):
        driver.compile_family(_unit_mvn(log_partition=coupled))


def test_independent_components_need_a_componentwise_support():
    with pytest.raises(StructureError, match="no coupling sum"):
        driver.compile_family(_unit_mvn(target=Support.SIMPLEX))


def test_vector_and_scalar_params_are_not_mixed():
    with pytest.raises(DeclarationError, match=r"field 'params'.*cannot be mixed"):
        driver.compile_family(_unit_mvn(params=(VectorParam("mean"), Param("other"))))


def test_the_per_component_family_is_validated():
    """Convexity is checked on the per-component A: a concave one is refused, naming the field."""
    mean = VectorParam("mean")
    with pytest.raises(DeclarationError, match=r"field 'log_partition'.*not strictly convex"):
        driver.compile_family(_unit_mvn(log_partition=mean.sum(-mean.symbol**2 / 2)))


def test_partition_of_the_builtin_families():
    families = {f.name: f for f in driver.builtin_families()}
    for name in ("multivariate_normal_unit", "multivariate_normal_fixed", "multivariate_normal_diag"):
        assert is_componentwise(families[name]) and not is_coupled(families[name])
    for name in ("categorical", "dirichlet", "multinomial"):
        assert is_coupled(families[name]) and not is_componentwise(families[name])
    assert not is_componentwise(families["normal"]) and not is_coupled(families["normal"])
    spec = driver.compile_family(families["multivariate_normal_diag"])
    assert spec.derived.structure.value == "dense" and spec.family.componentwise


def test_user_declaration_compiles_in_memory():
    """compile_to_class: the user's own componentwise family, against SciPy."""
    var = Hyper("scale2", 2.0)
    eta = VectorParam("eta")
    y = Target(Support.REAL_VECTOR)
    e, yk, v = eta.symbol, y.symbol[eta.k], var.symbol
    family = Family(name="user_mvn", class_name="UserMvnLoss", params=(eta,), target=y, hypers=(var,),
                    log_partition=v * eta.sum(e**2) / 2, sufficient_statistic=(yk,),
                    log_base_measure=-eta.sum(yk**2) / (2 * v) - eta.size * sp.log(2 * sp.pi * v) / 2,
                    sampler=draws.normal(v * e, sp.sqrt(v)))
    cls = driver.compile_to_class(family)
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((5, 4)), rng.standard_normal((5, 4))
    loss = cls(x, targets=t, scale2=3.0)
    want = [stats.multivariate_normal.logpdf(t[i], 3.0 * x[i], 3.0 * np.eye(4)) for i in range(5)]
    np.testing.assert_allclose(loss.log_prob(), want, rtol=1e-13)
    np.testing.assert_allclose(loss.multiply_fisher(np.ones((5, 4))), 3.0 * np.ones((5, 4)), rtol=1e-15)


def _diag():
    from natloss.generated.numpy import MultivariateNormalDiagNegativeLogProbLoss

    return MultivariateNormalDiagNegativeLogProbLoss


def test_one_case_without_a_batch_axis():
    """Inputs of shape (d,): one case, batch shape (); evaluate is its NLL; no batch axis to replicate over."""
    e1, e2 = np.array([0.5, -1.0, 2.0]), np.array([-0.5, -2.0, -0.1])
    y = np.array([0.1, 0.2, -3.0])
    loss = _diag()(e1, e2, targets=y, weight=2.0)
    mu, var = -e1 / (2 * e2), -1 / (2 * e2)
    want = -stats.multivariate_normal.logpdf(y, mu, np.diag(var))
    assert loss.batch_shape == () and loss.nll().shape == ()
    assert float(loss.evaluate()) == pytest.approx(2.0 * want, rel=1e-13)
    assert loss.sample(0).shape == (3,)
    with pytest.raises(NatlossInputError, match="index"):
        loss.multiply_fisher_factor_replicated_one_hot((0, 0))


def test_k_equal_one_is_the_normal_family():
    from natloss.generated.numpy import NormalNegativeLogProbLoss

    rng = np.random.default_rng(1)
    e1, e2, y = rng.standard_normal(6), -np.exp(rng.standard_normal(6)), rng.standard_normal(6)
    row = _diag()(e1[:, None], e2[:, None], targets=y[:, None])
    scalar = NormalNegativeLogProbLoss(e1, e2, targets=y)
    np.testing.assert_allclose(row.nll(), scalar.nll(), rtol=1e-15)
    for a, b in zip(row.grad_of_evaluate(), scalar.grad_of_evaluate()):
        np.testing.assert_allclose(a[:, 0], b, rtol=1e-15)


def test_masks_and_hypers_have_the_batch_shape():
    from natloss.generated.numpy import MultivariateNormalFixedVarianceNegativeLogProbLoss as Fixed

    x = np.zeros((4, 3))
    with pytest.raises(NatlossInputError, match=r"mask: expected the batch shape \(4,\)"):
        Fixed(x, mask=np.ones((4, 3)))
    with pytest.raises(NatlossInputError, match=r"var: expected a scalar or an array of the batch shape \(4,\)"):
        Fixed(x, var=np.ones((4, 3)))
    with pytest.raises(NatlossInputError, match=r"targets: expected the shape \(4, 3\)"):
        Fixed(x, targets=np.zeros(4))
    with pytest.raises(NatlossInputError, match=r"precision_mean: .*last axis"):
        Fixed(np.zeros(()))
    # A per-case variance holds for the whole row; the mask drops whole rows.
    var = np.array([0.5, 1.0, 2.0, 4.0])
    mask = np.array([1, 0, 1, 1])
    loss = Fixed(x + 1.0, var=var, mask=mask, weight=2.0)
    v = np.ones((4, 3))
    np.testing.assert_allclose(loss.multiply_fisher(v), 2.0 * (mask * var)[:, None] * v, rtol=1e-15)
    # hyper_parameters round-trips into the constructor
    np.testing.assert_array_equal(loss.hyper_parameters["var"], var)
    again = Fixed(x + 1.0, mask=mask, weight=2.0, **loss.hyper_parameters)
    np.testing.assert_array_equal(again.multiply_fisher(v), loss.multiply_fisher(v))
