"""Built-in parametrizations and links: each module defines PARAMETRIZATION (or PARAMETRIZATIONS)."""
