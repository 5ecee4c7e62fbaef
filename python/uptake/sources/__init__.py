"""Adoption signals from public APIs, as pandas objects with their provenance attached.

Every function plans its requests in the compiled core, runs them through the shared HTTP engine (cache,
retries, politeness, offline mode; see :mod:`uptake.cache`) and parses the answers in the core. Each takes
``base_url=`` (and an environment variable) so tests and self-hosted mirrors can point it elsewhere; the
defaults are the real public endpoints. Results carry ``.attrs``: source, metric, unit, query URLs (without
secrets), fetch time and whether the cache answered.

Credentials (GitHub and BigQuery tokens, Stack Exchange and OpenAlex keys, a ClickHouse user and password) come
from the function's argument, else an environment variable, else the user's credentials file
(``$XDG_CONFIG_HOME/uptake/credentials.toml`` or ``credentials.ini``, sections ``github`` (token),
``bigquery`` (token, billing_project), ``stackexchange`` (key), ``openalex`` (api_key), ``clickhouse`` (user,
password); a file other users can read is warned about). Every credential is given to the engine as a secret:
it is blanked in its raw, percent-encoded and form-encoded spellings in cache keys, stored URLs, ``.attrs``,
error messages and reports.

Politeness limits from each service's published or observed rules apply to its public host; a custom
``base_url`` (a mirror, a test server) uses the engine's general limits.

One module per source, as in the core's ``cpp/src/sources/``: :mod:`~uptake.sources.pypistats`,
:mod:`~uptake.sources.npm`, :mod:`~uptake.sources.clickhouse`, :mod:`~uptake.sources.bigquery`,
:mod:`~uptake.sources.github`, :mod:`~uptake.sources.gharchive`, :mod:`~uptake.sources.wikimedia`,
:mod:`~uptake.sources.stackexchange`, :mod:`~uptake.sources.arxiv`, :mod:`~uptake.sources.openalex`,
:mod:`~uptake.sources.conda`, :mod:`~uptake.sources.hn_hiring` and :mod:`~uptake.sources.google_trends`; the
plumbing they share is private (``_common``). Every function is also here: ``uptake.sources.npm(...)``. Where a
module and its function share a name (``npm``, ``arxiv``...), the attribute of this package is the function;
``from uptake.sources.npm import npm`` reaches the same checked function.
"""

from __future__ import annotations

from ._common import DEFAULT_URLS
from .arxiv import arxiv
from .bigquery import bigquery_pypi
from .clickhouse import clickhouse_pypi
from .conda import conda_downloads
from .gharchive import github_forks, github_push_commits
from .github import github_commit_activity, github_repo, github_stars
from .google_trends import read_google_trends
from .hn_hiring import hn_hiring
from .npm import npm
from .openalex import openalex
from .pypistats import pypistats
from .stackexchange import stackexchange, stackexchange_share
from .wikimedia import wikipedia_pageviews

__all__ = [
    "pypistats", "npm", "clickhouse_pypi", "bigquery_pypi", "github_repo", "github_commit_activity", "github_stars",
    "wikipedia_pageviews", "stackexchange", "arxiv", "openalex", "read_google_trends", "hn_hiring",
    "stackexchange_share", "conda_downloads",
    "github_forks", "github_push_commits",
    "DEFAULT_URLS",
]
