# generated from codegen/families/continuous_bernoulli.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""ContinuousBernoulliNegativeLogProbLoss: the continuous_bernoulli family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyNaturalParamsLoss


class ContinuousBernoulliNegativeLogProbLoss(NumPyNaturalParamsLoss):
    """Targets in (0, 1), continuous Bernoulli with natural parameter eta; torch.distributions.ContinuousBernoulli(logits=eta). SciPy has none.

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = log(expm1(eta)/eta)
    T(y) = y
    log h(y) = 0
    F = Hessian = GGN = grad^2 A:
        F[0,0] = Piecewise((0.08333333333333333333333333 + if_else(Abs(eta) < 1.0, eta, 0)**2*(-0.004166666666666666666666667 + if_else(Abs(eta) < 1.0, eta, 0)**2*(0.0001653439153439153439153439 + if_else(Abs(eta) < 1.0, eta, 0)**2*(-0.000005787037037037037037037037 + if_else(Abs(eta) < 1.0, eta, 0)**2*(0.0000001878908128908128908128908 + if_else(Abs(eta) < 1.0, eta, 0)**2*(-5.81260915255624250333245e-9 + if_else(Abs(eta) < 1.0, eta, 0)**2*(1.739729748989008248267508e-10 + if_else(Abs(eta) < 1.0, eta, 0)**2*(-5.084520444483874300245293e-12 + 1.459630549567233575903104e-13*if_else(Abs(eta) < 1.0, eta, 0)**2))))))), Abs(eta) < 1.0), (expm1(-if_else(Abs(eta) < 1.0, 1.0, eta))**(-1)*expm1(if_else(Abs(eta) < 1.0, 1.0, eta))**(-1) + if_else(Abs(eta) < 1.0, 1.0, eta)**(-2), True))
    B (B B^T = F, lower triangular):
        B[0,0] = Piecewise((0.2886751345948128822545744 + if_else(Abs(eta) < 0.562341325190349, eta, 0)**2*(-0.00721687836487032205636436 + if_else(Abs(eta) < 0.562341325190349, eta, 0)**2*(0.0001961730825371496273257772 + if_else(Abs(eta) < 0.562341325190349, eta, 0)**2*(-0.00000511911511000226217291718 + if_else(Abs(eta) < 0.562341325190349, eta, 0)**2*(0.0000001308025239433462060695952 + if_else(Abs(eta) < 0.562341325190349, eta, 0)**2*(-3.318907537755507560369297e-9 + 8.40797438232891288188595e-11*if_else(Abs(eta) < 0.562341325190349, eta, 0)**2))))), Abs(eta) < 0.562341325190349), (sqrt(expm1(-if_else(Abs(eta) < 0.562341325190349, 0.562341325190349, eta))**(-1)*expm1(if_else(Abs(eta) < 0.562341325190349, 0.562341325190349, eta))**(-1) + if_else(Abs(eta) < 0.562341325190349, 0.562341325190349, eta)**(-2)), True))
    """

    family = 'continuous_bernoulli'
    structure = 'scalar'
    param_names = ('eta',)
    param_domains = ((-math.inf, True, math.inf, True), )
    hyper_specs = ()
    target_support = 'unit_interval'
    target_bound = None
    _factor_columns = ((0,),)

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyNaturalParamsLoss.__init__

    def __init__(self, eta, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((eta, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_eta,) = self._params
        t0 = np.less(abs(P_eta), 0.05623413251903491)
        t1 = np.where(t0, P_eta, 0)
        t2 = (t1*t1)
        t3 = np.where(t0, 0.05623413251903491, P_eta)
        nll = -P_eta*y + np.select([t0,True], [t1*(t1*(t2*(5.5114638447971785e-06*t2 - 0.00034722222222222224) + 0.041666666666666664) + 0.5),np.log(np.expm1(t3)/t3)], default=np.nan)
        return nll

    def _grad(self, y, weighting):
        (P_eta,) = self._params
        t0 = np.less(abs(P_eta), 0.1)
        t1 = np.where(t0, P_eta, 0)
        t2 = (t1*t1)
        t3 = np.where(t0, 0.1, P_eta)
        grad0 = -y + np.select([t0,True], [t1*(t2*(3.306878306878307e-05*t2 - 0.001388888888888889) + 0.08333333333333333) + 0.5,-1/np.expm1(-t3) - 1/t3], default=np.nan)
        return self._weigh((grad0,), weighting, (y,))

    def _mean_unweighted(self):
        (P_eta,) = self._params
        t0 = np.less(abs(P_eta), 0.1)
        t1 = np.where(t0, P_eta, 0)
        t2 = (t1*t1)
        t3 = np.where(t0, 0.1, P_eta)
        mean0 = np.select([t0,True], [t1*(t2*(3.306878306878307e-05*t2 - 0.001388888888888889) + 0.08333333333333333) + 0.5,-1/np.expm1(-t3) - 1/t3], default=np.nan)
        return (mean0,)

    def _compute_fisher(self):
        (P_eta,) = self._params
        t0 = np.less(abs(P_eta), 1.0)
        t1 = (np.square(np.where(t0, P_eta, 0)))
        t2 = np.where(t0, 1.0, P_eta)
        fisher_0_0 = np.select([t0,True], [t1*(t1*(t1*(t1*(t1*(t1*(t1*(1.4596305495672335e-13*t1 - 5.084520444483875e-12) + 1.7397297489890083e-10) - 5.812609152556243e-09) + 1.8789081289081288e-07) - 5.787037037037037e-06) + 0.00016534391534391533) - 0.004166666666666667) + 0.08333333333333333,1/(np.expm1(-t2)*np.expm1(t2)) + (1/(t2*t2))], default=np.nan)
        return (fisher_0_0,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (P_eta,) = params
        t0 = np.less(abs(P_eta), 0.5623413251903491)
        t1 = (np.square(np.where(t0, P_eta, 0)))
        t2 = np.where(t0, 0.5623413251903491, P_eta)
        factor_0_0 = np.select([t0,True], [t1*(t1*(t1*(t1*(t1*(8.407974382328912e-11*t1 - 3.3189075377555077e-09) + 1.308025239433462e-07) - 5.119115110002262e-06) + 0.00019617308253714962) - 0.007216878364870322) + 0.28867513459481287,np.sqrt(1/(np.expm1(-t2)*np.expm1(t2)) + (1/(t2*t2)))], default=np.nan)
        return (factor_0_0,)

    def _fisher_product(self, v, weighting):
        (v0,) = v
        (fisher_0_0,) = self._fisher_entries()
        out0 = fisher_0_0*v0
        return self._weigh((out0,), weighting, v)

    def _factor_product(self, u, weighting):
        (u0,) = self._factor_components(u)
        (factor_0_0,) = self._factor_entries()
        out0 = factor_0_0*u0
        return self._weigh((out0,), weighting, (u,))

    def _factor_transpose_product(self, v, weighting):
        (v0,) = v
        (factor_0_0,) = self._factor_entries()
        out0 = factor_0_0*v0
        return self._stack_factor(self._weigh((out0,), weighting, v))

    def _sample_unweighted(self, rng, shape):
        (P_eta,) = self._params
        sample = np.select([np.greater(P_eta, 0),True], [np.log1p(_d.uniform(rng, shape, 0, 1)*np.expm1(-np.maximum(1e-30, abs(P_eta))))/np.maximum(1e-30, abs(P_eta)) + 1,-np.log1p(_d.uniform(rng, shape, 0, 1)*np.expm1(-np.maximum(1e-30, abs(P_eta))))/np.maximum(1e-30, abs(P_eta))], default=np.nan)
        return sample
