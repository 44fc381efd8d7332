"""Heteroscedastic regression: a small network head trained by natural gradient on the Normal
in (mean, log_scale), natloss's NormalMeanLogScaleNegativeLogProbLoss.

The model: y | x ~ Normal(mean(x), exp(log_scale(x))^2), with (mean, log_scale) the two outputs
of a one-hidden-layer tanh network, theta_i = f(x_i; params). Per case, natloss gives the
gradient of the NLL in theta_i (`grad_of_evaluate`) and the Fisher in theta_i
(`per_case_fisher()`: J^T F J of the natural Normal, diag(exp(-2 log_scale), 2), derived by the
compiler). With the network's Jacobian J_i = d theta_i / d params, the Fisher of the loss in the
parameters is  G = sum_i J_i^T F_i J_i  and the natural-gradient step is  -(G + lambda I)^-1 grad,
with the damping lambda adapted Levenberg-Marquardt style (halved after a step that lowers the
loss, quadrupled and the step retried after one that does not), as K-FAC does.

Run: python examples/heteroscedastic_natural_gradient.py
"""
import numpy as np

from natloss.generated.numpy import NormalMeanLogScaleNegativeLogProbLoss


def true_mean(x):
    return np.sin(1.5 * x)


def true_scale(x):
    return 0.05 + 0.25 * x**2


rng = np.random.default_rng(0)
n, hidden = 4000, 16
x = rng.uniform(-2.0, 2.0, size=n)
y = true_mean(x) + true_scale(x) * rng.standard_normal(n)

# params: W1 (hidden,), b1 (hidden,), W2 (2, hidden), b2 (2,), one flat vector
sizes = [hidden, hidden, 2 * hidden, 2]
params = np.concatenate([rng.normal(0, 1.0, hidden), rng.normal(0, 1.0, hidden),
                         rng.normal(0, 0.1, 2 * hidden), np.zeros(2)])


def unpack(p):
    W1, b1, W2, b2 = np.split(p, np.cumsum(sizes)[:-1])
    return W1, b1, W2.reshape(2, hidden), b2


def forward(p, x):
    """The outputs theta (2, n) = (mean, log_scale), and the hidden layer."""
    W1, b1, W2, b2 = unpack(p)
    h = np.tanh(np.outer(x, W1) + b1)  # (n, hidden)
    return (h @ W2.T + b2).T, h


def jacobian(p, x, h):
    """d theta_i / d params, (n, 2, len(params))."""
    _, _, W2, _ = unpack(p)
    slope = 1 - h**2  # (n, hidden)
    J = np.zeros((len(x), 2, len(p)))
    for o in range(2):
        through = W2[o] * slope  # d theta_o / d (pre-activation)
        J[:, o, :hidden] = through * x[:, None]  # W1
        J[:, o, hidden:2 * hidden] = through  # b1
        J[:, o, 2 * hidden + o * hidden:2 * hidden + (o + 1) * hidden] = h  # W2[o]
        J[:, o, 4 * hidden + o] = 1.0  # b2[o]
    return J


def loss_at(p):
    theta, h = forward(p, x)
    return NormalMeanLogScaleNegativeLogProbLoss(theta[0], theta[1], targets=y, weight=1.0 / n), h


STEPS = 40  # full-batch steps; the fit is within its statistical error well before
damping = 1.0
loss, h = loss_at(params)
value = float(loss.evaluate())
for step in range(STEPS):
    J = jacobian(params, x, h)
    g_mean, g_log_scale = loss.grad_of_evaluate()  # weight 1/n included
    grad = np.stack([g_mean, g_log_scale], axis=1).reshape(-1) @ J.reshape(2 * n, -1)
    F = loss.per_case_fisher()  # (n, 2, 2), weighted by 1/n
    G = J.reshape(2 * n, -1).T @ (F @ J).reshape(2 * n, -1)
    while True:
        candidate = params - np.linalg.solve(G + damping * np.eye(len(params)), grad)
        new_loss, new_h = loss_at(candidate)
        new_value = float(new_loss.evaluate())
        if new_value < value:
            params, loss, h, value = candidate, new_loss, new_h, new_value
            damping = max(damping / 2, 1e-8)
            break
        damping *= 4
        if damping > 1e8:
            break
    if step % 10 == 0:
        print(f"step {step}: mean NLL {value:.6f}  damping {damping:.1e}")

grid = np.linspace(-1.8, 1.8, 7)
theta, _ = forward(params, grid)
print("x        mean (true)        scale (true)")
for xi, m, s in zip(grid, theta[0], np.exp(theta[1])):
    print(f"{xi: .2f}   {m: .3f} ({true_mean(xi): .3f})   {s:.3f} ({true_scale(xi):.3f})")
print("estimate: done")
