"""Assertions shared by the numerical tests."""

import numpy as np


def scale_close(actual, expected, rtol=1e-8):
    """Agreement relative to the series' scale (max |expected|), the tolerance the issues state."""
    expected = np.asarray(expected, dtype=float)
    scale = np.nanmax(np.abs(expected))
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=rtol * scale)
