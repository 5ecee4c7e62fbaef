"""The compiled core is reached through the public package, and the package metadata is consistent."""

import importlib.metadata
import re
import textwrap
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


def _in_a_fresh_interpreter(code: str) -> None:
    """Run ``code`` in a new Python process (nothing of uptake imported yet); it must print 'ok'."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code) + "print('ok')\n"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_every_import_path_reaches_checked_functions_and_loads_only_what_it_uses():
    # `from uptake.trend import ...` (no package attribute touched first) still gets the parameter checks, and
    # using one function loads neither the report nor matplotlib.
    _in_a_fresh_interpreter("""
        import sys
        from uptake.trend import ols_trend
        assert getattr(ols_trend, '__uptake_validated__', False)
        try:
            ols_trend([1.0, 2.0, 3.0, 4.0], maxlags=-5)
        except ValueError as e:
            assert 'maxlags' in str(e), e
        else:
            raise SystemExit('no error for maxlags=-5')
        import uptake
        assert getattr(uptake.crossover, '__uptake_validated__', False)
        assert 'uptake.report' not in sys.modules and 'matplotlib' not in sys.modules, sorted(sys.modules)
    """)


def test_source_modules_reach_checked_functions_however_imported():
    # uptake.sources is a package of one module per source: a function imported from its module (no package
    # attribute touched first) is the same checked function as uptake.sources.<name>; every public source
    # function is checked, and a bad value fails before any request is planned.
    _in_a_fresh_interpreter("""
        from uptake.sources.npm import npm
        from uptake.sources.stackexchange import stackexchange_share
        import uptake.sources as s
        assert getattr(npm, '__uptake_validated__', False)
        assert npm is s.npm and stackexchange_share is s.stackexchange_share
        unchecked = [n for n in s.__all__ if callable(getattr(s, n))
                     and not getattr(getattr(s, n), '__uptake_validated__', False)]
        assert not unchecked, unchecked
        for call, says in ((lambda: npm('react', 'not a date'), 'npm: start'),
                           (lambda: stackexchange_share('jax', '2024-01-01', conf=2), 'stackexchange_share: conf')):
            try:
                call()
            except ValueError as e:
                assert says in str(e), e
            else:
                raise SystemExit('no error for a bad value')
    """)
