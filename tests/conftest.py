"""Shared fixtures: the 2012 questionnaire written once per session, and forms filled from it.

Tests build their inputs the way networks do: write the real template, type answers into the
field map's cells (`make_form`). `valid_answers` gives a complete answer set that breaks no rule.
"""

from __future__ import annotations

import os
import tempfile

# First, before anything loads a definition: the tests keep the definition cache
# (`definition.cache`) in a folder of their own, removed at the end, not in ~/.cache; the
# commands they run in subprocesses inherit it.
_OWN_CACHE = "PERFREG_CACHE_DIR" not in os.environ
if _OWN_CACHE:
    os.environ["PERFREG_CACHE_DIR"] = tempfile.mkdtemp(prefix="perfreg-test-cache-")

import atexit
import datetime
import functools
import html
import re
import shutil
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import report_fixtures as fx
from survey_names import fields_for, rules_for

from perfreg_xlsx.form.fill import fill_form
from perfreg_xlsx.form.template import write_template
from perfreg_xlsx.models import Summary, ValidationResult
from perfreg_xlsx.survey.registry import Register, load_register
from perfreg_xlsx.survey.rules import PartOfTotal, SourcesSum
from perfreg_xlsx.survey.types import YES, Kind, Programme

if _OWN_CACHE:
    atexit.register(shutil.rmtree, os.environ["PERFREG_CACHE_DIR"], True)

ROOT = Path(__file__).resolve().parent.parent
REGISTER_CSV = ROOT / "templates" / "networks.csv"
YEAR = 2012

MakeForm = Callable[..., Path]

_YEAR_WORD = re.compile(r"\b(?:19|20)\d\d\b")


def drawing_alt_texts(book: Path) -> list[str]:
    """The alt text (`descr`) of every chart frame in every drawing of `book`, in part order."""
    with zipfile.ZipFile(book) as zf:
        names = sorted(n for n in zf.namelist() if re.fullmatch(r"xl/drawings/drawing\d+\.xml", n))
        xml = "".join(zf.read(n).decode("utf-8") for n in names)
    frames = re.findall(r"<xdr:graphicFrame\b.*?</xdr:graphicFrame>", xml, re.S)
    return [html.unescape(re.search(r'<xdr:cNvPr [^>]*descr="([^"]*)"', f)[1]) for f in frames]


def table_records(ws: Any, name: str) -> list[dict[str, object]]:
    """The rows of the Excel table `name` on worksheet `ws` (openpyxl), each as
    {header: value}: read through the table object, as a tool reads it, wherever it starts."""
    rows = [[c.value for c in row] for row in ws[ws.tables[name].ref]]
    header = [str(h) for h in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def names_a_number(text: str) -> bool:
    """True when `text` holds a number other than a year ("7.383", "39,5", "91 pct.")."""
    return re.search(r"\d", _YEAR_WORD.sub("", text)) is not None


def valid_answers(
    network: str, programme: Programme = Programme.NETWORK, *, count: int = 10
) -> dict[str, object]:
    """A complete answer set for `network` that satisfies every rule of `programme`.

    Every count is `count`, every yes/no is Ja, and each total is the sum of its sources, so
    a test can break exactly one thing by overriding one value.
    """
    values: dict[str, object] = {}
    for f in fields_for(programme):
        match f.kind:
            case Kind.NETWORK:
                values[f.id] = network
            case Kind.TEXT:
                values[f.id] = "Test Testesen"
            case Kind.EMAIL:
                values[f.id] = "test@example.dk"
            case Kind.YESNO:
                values[f.id] = YES
            case Kind.DEC:
                values[f.id] = 4.5
            case Kind.INT:
                values[f.id] = count
    for rule in rules_for(programme):
        if isinstance(rule, SourcesSum):
            values[rule.total] = sum(int(str(values[p])) for p in rule.parts)
    for rule in rules_for(programme):
        if isinstance(rule, PartOfTotal):
            assert int(str(values[rule.part])) <= int(str(values[rule.total]))
    return values


@pytest.fixture(scope="session")
def register() -> Register:
    """The shipped register: 22 innovation networks and 32 clusters."""
    return load_register(REGISTER_CSV)


@pytest.fixture
def names(register: Register) -> list[str]:
    """The names of the register's first three innovation networks."""
    return [n.name for n in register.of(Programme.NETWORK)[:3]]


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """An empty inputs folder (a test module may give its own, filled)."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def template_path(tmp_path_factory: pytest.TempPathFactory, register: Register) -> Path:
    """The blank 2012 questionnaire of the innovation networks (written once per session)."""
    path = tmp_path_factory.mktemp("template") / "questionnaire_2012.xlsx"
    write_template(path, YEAR, Programme.NETWORK, register=register)
    return path


@pytest.fixture(scope="session")
def cluster_template_path(tmp_path_factory: pytest.TempPathFactory, register: Register) -> Path:
    """The blank 2012 questionnaire of the clusters."""
    path = tmp_path_factory.mktemp("template") / "questionnaire_cluster_2012.xlsx"
    write_template(path, YEAR, Programme.CLUSTER, register=register)
    return path


@pytest.fixture
def make_form(tmp_path: Path, template_path: Path, cluster_template_path: Path) -> MakeForm:
    """`make_form(name, values, programme=NETWORK, folder=tmp_path) -> Path`: a filled form."""

    def make(
        name: str,
        values: Mapping[str, object],
        programme: Programme = Programme.NETWORK,
        folder: Path | None = None,
    ) -> Path:
        template = template_path if programme is Programme.NETWORK else cluster_template_path
        dest = (folder or tmp_path) / name
        fill_form(template, dest, values, programme)
        return dest

    return make


HISTORY_DIR = ROOT / "history"
INPUTS_DIR = ROOT / "inputs"
PUBLISHED_FILES = ("bilag1_2007_2012.csv", "other_published_figures.csv")
MADE_ON = datetime.date(2013, 5, 1)


@functools.cache
def published_history() -> Path:
    """A folder with a copy of the shipped published figures only, made once per session.

    Tests read this rather than `history/` itself: a run of `perfreg-xlsx aggregate` in the
    working tree records `history/recorded_<year>.csv`, which must not change what tests see.
    """
    folder = Path(tempfile.mkdtemp(prefix="perfreg-history-"))
    atexit.register(shutil.rmtree, folder, True)
    return copy_published_history(folder)


def copy_published_history(dest: Path) -> Path:
    """A history folder with only the published figures (no recorded years), in `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PUBLISHED_FILES:
        shutil.copyfile(HISTORY_DIR / name, dest / name)
    return dest


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory: pytest.TempPathFactory, register: Register) -> Path:
    """The report made from the shipped sample inputs (written once per session).

    History holds only the published figures, so nothing recorded by a run in the working
    tree can leak into what the golden tests compare.
    """
    from perfreg_xlsx.pipeline import build_report

    root = tmp_path_factory.mktemp("sample_report")
    run = build_report(
        [INPUTS_DIR],
        register,
        out_dir=root / "out",
        history_dir=copy_published_history(root / "history"),
        made_on=MADE_ON,
    )
    assert run.path is not None, [f.message for f in run.validation.errors]
    return run.path


# --- The report's made-up inputs (tests/report_fixtures.py), for the layout and write tests ---


@pytest.fixture(scope="module")
def reg() -> Register:
    return fx.register()


@pytest.fixture(scope="module")
def summary(reg: Register) -> Summary:
    return fx.summary(reg)


@pytest.fixture(scope="module")
def validation(summary: Summary, reg: Register) -> ValidationResult:
    return fx.validation(summary, reg)
