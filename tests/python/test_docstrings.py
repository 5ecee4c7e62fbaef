"""Every example in the public docstrings runs and prints what it says."""

import doctest
import importlib
import pkgutil

import pytest

import uptake

# Subpackages too (uptake.sources.<source>); __main__ runs the command line on import.
MODULES = sorted(m.name for m in pkgutil.walk_packages(uptake.__path__, "uptake.")
                 if not m.name.endswith(("_core", "__main__")))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
