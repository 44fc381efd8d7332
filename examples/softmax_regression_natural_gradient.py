"""Natural-gradient steps for softmax regression with natloss's Categorical loss.

The model is logits = X @ W (W: features x classes); targets are class indices. The Fisher
of vec(W) is J^T F J = (B^T J)^T (B^T J), where J maps a direction dW to the logits'
direction X @ dW, and B^T J is one `multiply_fisher_factor_transpose` per entry of W. F is
singular along W -> W + w 1^T (softmax ignores a shift shared by all classes), so each step
solves (J^T F J + damping I) dW = -grad, as K-FAC damps its factors.

`natloss.generated.CategoricalLogitsNegativeLogProbLoss` picks the backend from the array
type: with CuPy arrays (xp = cupy) the same script runs the generated CUDA kernels.
Run: python examples/softmax_regression_natural_gradient.py
"""
import numpy as np

from natloss.generated import CategoricalLogitsNegativeLogProbLoss

xp = np
rng = np.random.default_rng(0)
n, d, k = 4000, 3, 4
X = np.column_stack([np.ones(n), rng.normal(size=(n, d - 1))])
W_true = rng.normal(scale=1.5, size=(d, k))
logits_true = X @ W_true
labels = np.array([rng.choice(k, p=np.exp(r - r.max()) / np.exp(r - r.max()).sum()) for r in logits_true])
X, labels = xp.asarray(X), xp.asarray(labels)

W = xp.zeros((d, k))
damping = 1e-4
for step in range(8):
    loss = CategoricalLogitsNegativeLogProbLoss(X @ W, targets=labels, weight=1.0 / n)
    grad = X.T @ loss.grad_of_evaluate()  # d evaluate / dW, through logits = X W
    columns = []
    for a in range(d):
        for c in range(k):
            direction = xp.zeros((n, k))
            direction[:, c] = X[:, a]  # J e_(a, c): the logits' change for dW = e_a e_c^T
            columns.append(loss.multiply_fisher_factor_transpose(direction).reshape(-1))
    BtJ = xp.stack(columns, axis=1)
    fisher = BtJ.T @ BtJ + damping * xp.eye(d * k)
    W = W - xp.linalg.solve(fisher, grad.reshape(-1)).reshape(d, k)
    print(f"step {step}: loss {float(loss.evaluate()):.6f}  |grad| {float(xp.linalg.norm(grad)):.2e}")

# W is identified up to a shift shared by the classes: compare centred rows.
centre = lambda M: M - M.mean(axis=1, keepdims=True)  # noqa: E731
print("estimate:", np.round(centre(np.asarray(W)), 2).tolist())
print("truth:   ", np.round(centre(W_true), 2).tolist())
