"""The compiled core is reached through the public package, and the package metadata is consistent."""

import importlib.metadata
import re
from pathlib import Path

import uptake
from uptake import _core


def test_version_matches_distribution():
    assert uptake.__version__ == importlib.metadata.version("uptake")
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", uptake.__version__)


def test_compiled_module_is_inside_the_installed_package():
    assert Path(_core.__file__).parent == Path(uptake.__file__).parent
    assert _core.__name__ == "uptake._core"


def test_exceptions_have_the_documented_bases():
    assert issubclass(uptake.NetworkError, OSError)
    assert issubclass(uptake.ParseError, ValueError)
    assert issubclass(uptake.ConvergenceWarning, UserWarning)
    assert issubclass(uptake.WeakContrastWarning, UserWarning)


def test_core_parse_error_arrives_as_value_error():
    try:
        _core.parse_date("2023-02-29")
    except ValueError as exc:
        assert "2023-02-29" in str(exc)
    else:
        raise AssertionError("an invalid date was accepted")


def test_public_names_exist():
    for name in uptake.__all__:
        assert hasattr(uptake, name), name


def test_typed_package_ships_stubs():
    pkg = Path(uptake.__file__).parent
    assert (pkg / "py.typed").exists()
    assert (pkg / "_core.pyi").exists()
