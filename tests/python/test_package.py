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


def test_every_import_path_reaches_checked_functions_and_loads_only_what_it_uses():
    # A fresh interpreter: `from uptake.trend import ...` (no package attribute touched first) still gets the
    # parameter checks, and using one function loads neither the report nor matplotlib.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from uptake.trend import ols_trend\n"
        "assert getattr(ols_trend, '__uptake_validated__', False)\n"
        "try:\n"
        "    ols_trend([1.0, 2.0, 3.0, 4.0], maxlags=-5)\n"
        "except ValueError as e:\n"
        "    assert 'maxlags' in str(e), e\n"
        "else:\n"
        "    raise SystemExit('no error for maxlags=-5')\n"
        "import uptake\n"
        "assert getattr(uptake.crossover, '__uptake_validated__', False)\n"
        "assert 'uptake.report' not in sys.modules and 'matplotlib' not in sys.modules, sorted(sys.modules)\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
