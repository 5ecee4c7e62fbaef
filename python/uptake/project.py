"""A project's identity in every source, and how it is found: :class:`Project` and :func:`resolve`.

A project is a label plus the names it goes by in each source: PyPI (canonical PEP 503 name), npm, conda,
its GitHub repository, its English Wikipedia article, its Stack Overflow tag, and the arXiv/OpenAlex search
terms. :func:`resolve` fills them in from public metadata:

- the PyPI JSON API (``info.project_urls`` / ``home_page`` / ``download_url``) gives the GitHub repository, and the
  npm registry document's ``repository`` does the same for npm packages;
- Wikidata, found by its PyPI (P5568) or npm (P8262) property, gives the English Wikipedia article, the Stack
  Overflow tag (P1482) and the source repository (P1324, used when the package metadata names none);
- a common name that is not the PyPI name (``pytorch``, ``sklearn``) is looked up by Wikidata's label search and
  mapped to the PyPI name stored on the item (torch, scikit-learn), never to a stub package of that name.

Every request goes through the shared engine and its cache (answers are kept for a week), so a resolution
made once works offline. Base URLs: ``pypi_url=`` / $UPTAKE_PYPI_URL (https://pypi.org/pypi), ``npm_url=`` /
$UPTAKE_NPM_REGISTRY_URL (https://registry.npmjs.org), ``wikidata_url=`` / $UPTAKE_WIKIDATA_URL
(https://www.wikidata.org/w/api.php).

Examples
--------
>>> import uptake
>>> p = uptake.Project("torch", label="PyTorch", pypi="torch", github="pytorch/pytorch", wikipedia="PyTorch",
...                    stackoverflow="pytorch", npm="", conda="pytorch", wikidata="")
>>> uptake.resolve(p).github      # nothing left to look up: no request is made
'pytorch/pytorch'
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _core, _fetch
from .errors import ParseError

__all__ = ["Project", "resolve", "resolve_all", "IDENTITY_URLS", "IDENTITY_FIELDS", "BUNDLED"]

IDENTITY_URLS = {
    "pypi": ("UPTAKE_PYPI_URL", "https://pypi.org/pypi"),
    "npm_registry": ("UPTAKE_NPM_REGISTRY_URL", "https://registry.npmjs.org"),
    "wikidata": ("UPTAKE_WIKIDATA_URL", "https://www.wikidata.org/w/api.php"),
}

# Politeness for the public hosts (sources-more.md): PyPI asks for serial clients, Wikidata's Action API for
# serial requests, npm's registry sits behind the same Cloudflare limiter as its download API.
_POLICIES = {
    "pypi": {"max_concurrent": 1, "min_interval": 0.2},
    "npm_registry": {"max_concurrent": 1, "min_interval": 1.5},
    "wikidata": {"max_concurrent": 1, "min_interval": 0.5},
}

# The fields resolution fills; a field set to None is looked up, "" means "this project has none".
IDENTITY_FIELDS = ("label", "pypi", "npm", "conda", "github", "wikipedia", "stackoverflow", "arxiv", "openalex",
                   "wikidata")
# Fields whose absence leaves a signal without data (reported in Project.unresolved).
_SIGNAL_FIELDS = ("pypi", "npm", "github", "wikipedia", "stackoverflow")

# PyPI names whose conda-forge package is called otherwise (the common cases); any other PyPI name is assumed
# to be its own conda name, and a wrong guess is refused by conda_downloads, never read as zero downloads.
CONDA_NAMES = {"torch": "pytorch", "tables": "pytables", "msgpack": "msgpack-python", "graphviz": "python-graphviz",
               "typing-extensions": "typing_extensions", "pyqt5": "pyqt", "psycopg2-binary": "psycopg2",
               "duckdb": "python-duckdb", "opencv-python": "opencv"}

_SPEC = re.compile(r"^(?:(pypi|npm|conda):)?(\S+)$")


@dataclass(frozen=True)
class Project:
    """One project's identity in every source.

    Parameters
    ----------
    name : str
        The key the project is known by in results (the PyPI name for PyPI projects).
    label : str, optional
        Display name ("PyTorch").
    pypi, npm, conda : str, optional
        Package names (PyPI in its canonical PEP 503 form).
    github : str, optional
        ``owner/repo``.
    wikipedia : str, optional
        English Wikipedia article title (underscores for spaces).
    stackoverflow : str, optional
        Stack Overflow tag.
    arxiv, openalex : str, optional
        Search terms (arXiv query syntax; OpenAlex title-and-abstract search).
    wikidata : str, optional
        Wikidata item id.
    found_by : dict
        How each field was found ("override", "pypi project_urls[Source]", "wikidata Q28315 P1482", ...).
    unresolved : tuple of str
        Fields that signals need and resolution could not find (their signals are skipped).

    Notes
    -----
    A field left as None is looked up by :func:`resolve`; any value given wins over what resolution would
    find, and ``""`` says the project has no such identity (nothing is looked up or fetched for it).

    Examples
    --------
    >>> import uptake
    >>> uptake.Project("torch", github="pytorch/pytorch").github
    'pytorch/pytorch'
    """

    name: str
    label: Optional[str] = None
    pypi: Optional[str] = None
    npm: Optional[str] = None
    conda: Optional[str] = None
    github: Optional[str] = None
    wikipedia: Optional[str] = None
    stackoverflow: Optional[str] = None
    arxiv: Optional[str] = None
    openalex: Optional[str] = None
    wikidata: Optional[str] = None
    found_by: Mapping[str, str] = field(default_factory=dict, compare=False)
    unresolved: Tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"Project: name must be a non-empty string, got {self.name!r}")
        for f in IDENTITY_FIELDS:
            v = getattr(self, f)
            if v is not None and not isinstance(v, str):
                raise ValueError(f"Project: {f} must be a string or None, got {v!r}")
        if self.github and self.github.count("/") != 1:
            raise ValueError(f"Project: github must be 'owner/repo', got {self.github!r}")

    @property
    def display(self) -> str:
        """The label, or the name when there is none."""
        return self.label or self.name

    def has(self, field_name: str) -> bool:
        """Whether the project has a usable value for an identity field."""
        return bool(getattr(self, field_name))

    def replace(self, **changes: Any) -> "Project":
        """A copy with some fields changed (the dataclass is frozen)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> Dict[str, Any]:
        return {"name": self.name, **{f: getattr(self, f) for f in IDENTITY_FIELDS},
                "found_by": dict(self.found_by), "unresolved": list(self.unresolved)}

    def summary(self) -> str:
        lines = [f"{self.display} ({self.name})"]
        for f in IDENTITY_FIELDS[1:]:
            v = getattr(self, f)
            how = self.found_by.get(f, "")
            lines.append(f"  {f:<13} {v if v else '-':<32} {how}")
        if self.unresolved:
            lines.append("  unresolved: " + ", ".join(self.unresolved))
        return "\n".join(lines)


def _base(name: str, given: Optional[str]) -> str:
    env, default = IDENTITY_URLS[name]
    return (given or os.environ.get(env) or default).rstrip("/")


def _policies(bases: Mapping[str, str]) -> Dict[str, Dict[str, Any]]:
    out: Dict[str, Dict[str, Any]] = {}
    for name, base in bases.items():
        if base == IDENTITY_URLS[name][1]:
            out[base.split("://", 1)[1].split("/", 1)[0]] = dict(_POLICIES[name])
    return out


def _parse_spec(spec: Union[str, Project]) -> Tuple[str, str, Optional[Project]]:
    """(kind, value, overrides) of one spec; kind is pypi, npm or conda."""
    if isinstance(spec, Project):
        for kind in ("pypi", "npm", "conda"):
            value = getattr(spec, kind)
            if value:
                return kind, value, spec
        return "pypi", spec.name, spec
    if not isinstance(spec, str):
        raise ValueError(f"resolve: a project is a name such as 'torch', 'npm:@tensorflow/tfjs' or an uptake.Project; "
                         f"got {type(spec).__name__} {spec!r}")
    m = _SPEC.match(spec.strip())
    if not m:
        raise ValueError(f"resolve: cannot read the project spec {spec!r}; use 'name', 'pypi:name', 'npm:name' or 'conda:name'")
    return (m.group(1) or "pypi"), m.group(2), None


@dataclass
class _Job:
    """Everything learnt about one spec while the batched rounds run."""

    kind: str
    value: str
    overrides: Optional[Project]
    pypi_doc: Optional[Dict[str, Any]] = None
    npm_doc: Optional[Dict[str, Any]] = None
    statement_ids: List[str] = field(default_factory=list)
    hits: List[Dict[str, Any]] = field(default_factory=list)
    item: Optional[Dict[str, Any]] = None
    pypi_name: Optional[str] = None


def _norm(name: str) -> str:
    return re.sub(r"[-_.\s]+", "-", name).lower()


class _Batch:
    """Runs one round of identity requests for every pending spec in a single engine batch."""

    def __init__(self, bases: Mapping[str, str], offline: Optional[bool]) -> None:
        self.bases = bases
        self.offline = offline
        self.requests: List[Dict[str, Any]] = []
        self.callbacks: List[Any] = []

    def add(self, request: Mapping[str, Any], on_answer: Any) -> None:
        self.requests.append(dict(request))
        self.callbacks.append(on_answer)

    def run(self) -> None:
        if not self.requests:
            return
        answers = _fetch.fetch(self.requests, offline=self.offline, progress=False, host_policies=_policies(self.bases),
                               description="resolving", accept_status=(404,))
        for resp, cb in zip(answers, self.callbacks):
            cb(resp)


def resolve_all(
    specs: Sequence[Union[str, Project]],
    *,
    offline: Optional[bool] = None,
    pypi_url: Optional[str] = None,
    npm_url: Optional[str] = None,
    wikidata_url: Optional[str] = None,
) -> List[Project]:
    """Resolve several projects at once: every lookup of a round runs in one engine batch.

    See :func:`resolve` for the rules. Returns the projects in the order given.

    Examples
    --------
    >>> import uptake
    >>> [p.arxiv for p in uptake.resolve_all([uptake.Project("a", pypi="a", npm="", conda="", github="",
    ...     wikipedia="", stackoverflow="", label="A", wikidata="")])]
    ['abs:"a"']
    """
    if isinstance(specs, (str, Project)):
        specs = [specs]
    bases = {"pypi": _base("pypi", pypi_url), "npm_registry": _base("npm_registry", npm_url),
             "wikidata": _base("wikidata", wikidata_url)}
    jobs = [_Job(*_parse_spec(s)) for s in specs]
    pending = [j for j in jobs if not _complete(j.overrides)]

    # Round 1: the package documents, the Wikidata items carrying the name as PyPI/npm property, label search.
    batch = _Batch(bases, offline)
    for j in pending:
        _plan_first_round(j, batch, bases)
    batch.run()
    # Round 2: the candidate items' claims and sitelinks (up to 50 per request).
    ids = sorted({i for j in pending for i in j.statement_ids + [h["id"] for h in j.hits[:5]]})
    items: Dict[str, Dict[str, Any]] = {}
    batch = _Batch(bases, offline)
    for k in range(0, len(ids), 50):
        def take(resp: _fetch.HttpResponse) -> None:
            _check_ok(resp)
            for it in _core.wikidata_entities_parse(resp.body, resp.url):
                items[it["id"]] = it
        batch.add(_core.wikidata_entities_request(ids[k:k + 50], bases["wikidata"]), take)
    batch.run()
    # Round 3: PyPI documents of names learnt from Wikidata (pytorch -> torch).
    batch = _Batch(bases, offline)
    for j in pending:
        _choose_item(j, items)
        if j.pypi_name and (j.pypi_doc is None or j.pypi_doc.get("normalized") != _norm(j.pypi_name)):
            def keep(resp: _fetch.HttpResponse, j: _Job = j) -> None:
                j.pypi_doc = _read_pypi(resp)
            batch.add(_core.pypi_json_request(j.pypi_name, bases["pypi"]), keep)
    batch.run()
    return [_assemble(j) if j in pending else _finish(j.overrides, _derived(j.overrides.display)) for j in jobs]


def resolve(
    spec: Union[str, Project],
    *,
    offline: Optional[bool] = None,
    pypi_url: Optional[str] = None,
    npm_url: Optional[str] = None,
    wikidata_url: Optional[str] = None,
) -> Project:
    """A project's identity in every source, from a name, a spec or a partly filled :class:`Project`.

    Parameters
    ----------
    spec : str or Project
        ``"torch"`` or ``"pypi:torch"`` (a PyPI name or a common name), ``"npm:@tensorflow/tfjs"``,
        ``"conda:pytorch"``, or a :class:`Project` whose set fields are kept (overrides win).
    offline : bool, optional
        Answer from the response cache only (default $UPTAKE_OFFLINE).
    pypi_url, npm_url, wikidata_url : str, optional
        Base URLs (defaults: the public services, or $UPTAKE_PYPI_URL, $UPTAKE_NPM_REGISTRY_URL,
        $UPTAKE_WIKIDATA_URL).

    Returns
    -------
    Project
        With ``found_by`` saying where each field came from and ``unresolved`` listing what could not be found.

    Raises
    ------
    ValueError
        The name is neither a PyPI project (npm package for ``npm:``) nor a Wikidata item's package; the
        message lists close matches.

    Notes
    -----
    Order: the Wikidata item whose P5568 (P8262 for npm) equals the name; else an item found by label search
    whose label or alias equals the name and which carries a PyPI name (that name wins over a PyPI project
    of the searched name, which is then a stub); else the PyPI project of that name without Wikidata fields.
    The GitHub repository comes from the package metadata, else from Wikidata P1324. The arXiv and OpenAlex
    terms are the label in lower case (``abs:"polars"``, ``polars``).

    Examples
    --------
    >>> import uptake
    >>> uptake.resolve("polars").wikipedia       # doctest: +SKIP
    'Polars_(software)'
    >>> uptake.resolve("pytorch").pypi           # doctest: +SKIP
    'torch'
    """
    if not isinstance(spec, (str, Project)):
        raise ValueError(f"resolve: give one name or Project (resolve_all takes several), got {type(spec).__name__}")
    return resolve_all([spec], offline=offline, pypi_url=pypi_url, npm_url=npm_url, wikidata_url=wikidata_url)[0]


_DERIVED = ("arxiv", "openalex")  # made from the label, no lookup needed


def _complete(p: Optional[Project]) -> bool:
    return p is not None and all(getattr(p, f) is not None for f in IDENTITY_FIELDS if f not in _DERIVED)


def _derived(label: str) -> Dict[str, str]:
    return {"arxiv": f'abs:"{label.lower()}"', "openalex": label.lower()}


def _check_ok(resp: _fetch.HttpResponse) -> None:
    if resp.status == 404:
        raise ParseError(f"{resp.url}: not found (404)")


def _read_pypi(resp: _fetch.HttpResponse) -> Optional[Dict[str, Any]]:
    return None if resp.status == 404 else _core.pypi_json_parse(resp.body, resp.url)


def _plan_first_round(j: _Job, batch: _Batch, bases: Mapping[str, str]) -> None:
    wd = bases["wikidata"]

    def statements(resp: _fetch.HttpResponse) -> None:
        _check_ok(resp)
        j.statement_ids = list(_core.wikidata_statement_search_parse(resp.body, resp.url))

    def hits(resp: _fetch.HttpResponse) -> None:
        _check_ok(resp)
        j.hits = list(_core.wikidata_label_search_parse(resp.body, resp.url))

    if j.kind == "npm":
        def npm_doc(resp: _fetch.HttpResponse) -> None:
            j.npm_doc = None if resp.status == 404 else _core.npm_registry_parse(resp.body, resp.url)
        batch.add(_core.npm_registry_request(j.value, bases["npm_registry"]), npm_doc)
        batch.add(_core.wikidata_statement_search_request("P8262", j.value, wd), statements)
        return

    def pypi_doc(resp: _fetch.HttpResponse) -> None:
        j.pypi_doc = _read_pypi(resp)
    batch.add(_core.pypi_json_request(j.value, bases["pypi"]), pypi_doc)
    batch.add(_core.wikidata_statement_search_request("P5568", _core.normalize_pypi_name(j.value), wd), statements)
    batch.add(_core.wikidata_label_search_request(j.value, wd), hits)


def _choose_item(j: _Job, items: Mapping[str, Dict[str, Any]]) -> None:
    """The Wikidata item of a spec, and for PyPI/conda specs the PyPI name it implies."""
    prop = "npm" if j.kind == "npm" else "pypi"
    target = j.value if j.kind == "npm" else _norm(j.value)

    def carries(it: Dict[str, Any]) -> bool:
        values = it[prop] if prop == "npm" else [_norm(v) for v in it[prop]]
        return target in values

    by_statement = [items[i] for i in j.statement_ids if i in items and not items[i]["missing"] and carries(items[i])]
    # Several items can share a value (a library and its organisation): prefer the one with an article.
    by_statement.sort(key=lambda it: not it["enwiki"])
    if by_statement:
        j.item = by_statement[0]
    elif j.kind != "npm":
        for h in j.hits[:5]:
            it = items.get(h["id"])
            if it is None or it["missing"] or not it["pypi"]:
                continue
            if _norm(h["matched"]) == _norm(j.value) or _norm(h["label"]) == _norm(j.value):
                j.item = it
                break
    if j.item is not None and j.kind != "npm" and j.item["pypi"]:
        j.pypi_name = j.item["pypi"][0]
    elif j.kind != "npm" and j.pypi_doc is not None:
        j.pypi_name = j.pypi_doc["normalized"]


def _close_matches(j: _Job) -> List[str]:
    names: List[str] = []
    for h in j.hits:
        for candidate in (h["label"], h["matched"]):
            if candidate and candidate not in names:
                names.append(candidate)
    close = difflib.get_close_matches(j.value, names, n=5, cutoff=0.5)
    return close or names[:5]


def _assemble(j: _Job) -> Project:
    found: Dict[str, Any] = {}
    how: Dict[str, str] = {}

    def put(name: str, value: Optional[str], source: str) -> None:
        if value and name not in found:
            found[name] = value
            how[name] = source

    item = j.item
    doc = j.pypi_doc if (j.pypi_doc is not None and j.pypi_name and j.pypi_doc["normalized"] == _norm(j.pypi_name)) else None
    if j.kind == "npm" and j.npm_doc is None and item is None:
        _unknown(j, "npm package")
    if j.kind != "npm" and doc is None and item is None:
        _unknown(j, "PyPI project")
    if j.kind == "npm":
        put("npm", j.value, "spec")
        if j.npm_doc is not None:
            put("github", j.npm_doc["repository"], "npm registry repository")
            put("label", j.npm_doc["name"], "npm registry name")
    if j.kind == "conda":
        put("conda", j.value, "spec")
    if doc is not None:
        put("pypi", doc["normalized"], "pypi JSON" + (f" via wikidata {item['id']} P5568" if item and _norm(j.value) != doc["normalized"] else ""))
        label_how = "project_urls[" + doc["repository_label"] + "]" if doc["repository_label"] not in ("home_page", "download_url") else doc["repository_label"]
        put("github", doc["repository"], f"pypi {label_how}")
    elif j.pypi_name:
        put("pypi", _norm(j.pypi_name), f"wikidata {item['id']} P5568" if item else "spec")
    if item is not None:
        put("wikidata", item["id"], "wikidata " + ("statement search" if item["id"] in j.statement_ids else "label search"))
        put("label", item["label"], f"wikidata {item['id']} label")
        put("wikipedia", item["enwiki"].replace(" ", "_"), f"wikidata {item['id']} enwiki sitelink")
        if item["stackoverflow"]:
            put("stackoverflow", item["stackoverflow"][0], f"wikidata {item['id']} P1482")
        if item["npm"]:
            put("npm", item["npm"][0], f"wikidata {item['id']} P8262")
        for url in item["repositories"]:
            put("github", _core.github_repository(url), f"wikidata {item['id']} P1324")
    if doc is not None:
        put("label", doc["name"], "pypi JSON info.name")
    if found.get("pypi"):
        renamed = CONDA_NAMES.get(found["pypi"])
        put("conda", renamed or found["pypi"], "conda-forge rename of the PyPI name" if renamed else
            "assumed: the PyPI name (conda-forge mostly keeps it; conda_downloads refuses a name absent from the data)")
    for f, term in _derived(found.get("label", j.value)).items():
        put(f, term, "label")
    name = found.get("pypi") if j.kind == "pypi" else j.value
    return _finish(j.overrides, {"name": name or j.value, **found}, how)


def _unknown(j: _Job, what: str) -> None:
    close = _close_matches(j)
    hint = ("; close matches: " + ", ".join(repr(c) for c in close)) if close else "; no close matches were found"
    raise ValueError(f"resolve: {j.value!r} is neither a {what} nor the package of a Wikidata item{hint}")


def _finish(overrides: Optional[Project], found: Mapping[str, Any], how: Optional[Mapping[str, str]] = None) -> Project:
    values: Dict[str, Any] = {f: found.get(f) for f in IDENTITY_FIELDS}
    sources = dict(how or {})
    name = found.get("name")
    if overrides is not None:
        name = overrides.name
        for f in IDENTITY_FIELDS:
            v = getattr(overrides, f)
            if v is not None:
                values[f] = v
                sources[f] = "override"
    unresolved = tuple(f for f in _SIGNAL_FIELDS if values[f] is None and not (f == "npm" and values["pypi"])
                       and not (f == "pypi" and values["npm"]))
    return Project(name, **values, found_by={k: v for k, v in sources.items() if values.get(k)}, unresolved=unresolved)


# Identities shipped with the package for the projects the bundled notebooks and report start from. They are
# used only when a lookup cannot be made (no network, offline without a cached answer), so a report on these
# still knows where each signal lives; resolve() itself always asks the services.
BUNDLED: Dict[str, Project] = {
    "torch": Project("torch", label="PyTorch", pypi="torch", conda="pytorch", github="pytorch/pytorch",
                     wikipedia="PyTorch", stackoverflow="pytorch", arxiv='abs:"pytorch"', openalex="pytorch"),
    "tensorflow": Project("tensorflow", label="TensorFlow", pypi="tensorflow", conda="tensorflow",
                          github="tensorflow/tensorflow", wikipedia="TensorFlow", stackoverflow="tensorflow",
                          arxiv='abs:"tensorflow"', openalex="tensorflow"),
    "jax": Project("jax", label="JAX", pypi="jax", conda="jax", github="jax-ml/jax", wikipedia="Google_JAX",
                   stackoverflow="jax", arxiv='abs:"jax"', openalex="jax"),
    "keras": Project("keras", label="Keras", pypi="keras", conda="keras", github="keras-team/keras",
                     wikipedia="Keras", stackoverflow="keras", arxiv='abs:"keras"', openalex="keras"),
}
