import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

REPO = Path(__file__).resolve().parents[2]
# --import-mode=importlib does not put test folders on sys.path; the shared helpers live here.
sys.path.insert(0, str(Path(__file__).resolve().parent))
GOLDEN = REPO.parent / "shared" / "reference" / "golden"


@pytest.fixture
def golden():
    """Path of the shared golden reference data; the test is skipped when it is absent."""
    if not GOLDEN.is_dir():
        pytest.skip(f"golden reference data not found at {GOLDEN} (it lives beside the project in ../shared)")
    return GOLDEN
