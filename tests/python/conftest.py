import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

REPO = Path(__file__).resolve().parents[2]
# --import-mode=importlib does not put test folders on sys.path; the shared helpers live here.
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(REPO / "tests"))
GOLDEN = REPO.parent / "shared" / "reference" / "golden"


@pytest.fixture
def golden():
    """Path of the shared golden reference data; the test is skipped when it is absent."""
    if not GOLDEN.is_dir():
        pytest.skip(f"golden reference data not found at {GOLDEN} (it lives beside the project in ../shared)")
    return GOLDEN


@pytest.fixture(autouse=True)
def _no_user_credentials(tmp_path_factory, monkeypatch):
    """Tests never read the developer's own credentials file ($XDG_CONFIG_HOME/uptake/credentials.*)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("UPTAKE_CREDENTIALS", raising=False)


@pytest.fixture
def server():
    """A fault-injecting HTTP server on 127.0.0.1 (random port), stopped after the test."""
    from support.fault_server import FaultServer

    with FaultServer() as srv:
        yield srv


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """A private response cache for the test; online by default."""
    monkeypatch.setenv("UPTAKE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("UPTAKE_OFFLINE", raising=False)
    return tmp_path / "cache"


@pytest.fixture(scope="session")
def clickhouse():
    """A real ClickHouse server on 127.0.0.1 with ClickPy-shaped tables; required in CI, skipped elsewhere if absent."""
    from support.clickhouse import BINARY, ClickHouse

    if BINARY is None:
        if os.environ.get("CI"):
            pytest.fail("clickhouse-server is not installed, and CI must run the ClickHouse tests (.ci/setup installs it)")
        pytest.skip("clickhouse-server is not installed (apt-get install clickhouse-server)")
    server = ClickHouse()
    yield server
    server.close()
