"""Fisher scoring for a Poisson GLM with natloss's factor API.

The model is log_rate = X @ beta. The Fisher of beta is J^T F J = (B^T J)^T (B^T J) with
J = X, and B^T J is one `multiply_fisher_factor_transpose` per column of X. Each step
solves (J^T F J) delta = -grad; this is also K-FAC's update for a one-layer model.
Run: python examples/poisson_glm_fisher_scoring.py
"""
import numpy as np

from natloss.generated.numpy import PoissonNegativeLogProbLoss

rng = np.random.default_rng(0)
n, p = 5000, 4
X = np.column_stack([np.ones(n), rng.normal(size=(n, p - 1))])
beta_true = np.array([0.5, -0.3, 0.8, 0.1])
y = rng.poisson(np.exp(X @ beta_true))

beta = np.zeros(p)
for step in range(10):
    loss = PoissonNegativeLogProbLoss(X @ beta, targets=y, weight=1.0 / n)
    grad = X.T @ loss.grad_of_evaluate()  # chain rule through log_rate = X beta
    BtJ = np.column_stack([loss.multiply_fisher_factor_transpose(X[:, j]) for j in range(p)])
    fisher = BtJ.T @ BtJ  # = X^T diag(weight * rate) X
    beta = beta - np.linalg.solve(fisher, grad)
    print(f"step {step}: loss {loss.evaluate():.6f}  |grad| {np.linalg.norm(grad):.2e}")

print("estimate:", np.round(beta, 3), " truth:", beta_true)
