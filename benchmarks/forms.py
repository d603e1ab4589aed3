"""Benchmark inputs: N valid questionnaires, generated once into benchmarks/.cache/<N>/.

N = 54 is the shipped register (22 innovation networks, 32 clusters) with the answers that
`scripts/make_sample_inputs.py --clusters` writes: each form is the real template filled
through the field map (`fill.fill_form`).

N > 54 uses a generated register of N made-up organisations. Filling 10,000 forms through
openpyxl would take longer than everything measured here, so the 54 sample answer sets are
filled once through the template and the field map with a placeholder as the network's name,
and each of the N forms is a copy of one of them with the placeholder replaced by its own
organisation's name (a re-zip of the package: every form differs in its bytes, is valid and
names exactly one registered organisation).
"""

from __future__ import annotations

import csv
import io
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))  # samples.py: development code, not in the wheel

from samples import parse_published, sample_answers  # noqa: E402

from perfreg_xlsx.form.fill import fill_form  # noqa: E402
from perfreg_xlsx.form.template import form_filename, template_filename, write_template  # noqa: E402
from perfreg_xlsx.survey.registry import Network, Register, load_register  # noqa: E402
from perfreg_xlsx.survey.types import Programme  # noqa: E402

YEAR = 2012
CACHE = Path(__file__).resolve().parent / ".cache"
REGISTER = ROOT / "templates" / "networks.csv"
HISTORY = ROOT / "history"
GENERATOR_VERSION = "1"  # bump to regenerate every cache
PLACEHOLDER = "BENCHMARK-PLACEHOLDER-NAME"


def _sample_answers(register: Register) -> dict[str, dict[str, int | float | str]]:
    published = parse_published(
        (HISTORY / "bilag1_2007_2012.csv").read_text("utf-8"),
        (HISTORY / "other_published_figures.csv").read_text("utf-8"),
        YEAR,
    )
    return sample_answers(register, published, clusters=True)


def _fill_all(
    register: Register, dest: Path, rename: dict[str, str] | None = None
) -> dict[str, Path]:
    """Fill the 54 sample answer sets into `dest`; `rename`: short name -> network answer."""
    answers = _sample_answers(register)
    out: dict[str, Path] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for programme in Programme:
            template = Path(tmp) / template_filename(programme, YEAR)
            write_template(template, YEAR, programme, register=register)
            for net in register.of(programme):
                values = dict(answers[net.short_name])
                if rename is not None:
                    values["network"] = rename[net.short_name]
                path = dest / form_filename(net, YEAR)
                fill_form(template, path, values, programme)
                out[net.short_name] = path
    return out


def _made_up(i: int, base: Network) -> Network:
    kind = "Netværk" if base.programme is Programme.NETWORK else "Klynge"
    return Network(
        name=f"Benchmark-{kind} nr. {i:05d}",
        short_name=f"bench-{i:05d}",
        theme_area=base.theme_area,
        programme=base.programme,
        web=f"www.bench-{i:05d}.dk",
    )


def _write_register(path: Path, networks: list[Network]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["name", "short_name", "theme_area", "programme", "web"])
    for n in networks:
        w.writerow([n.name, n.short_name, n.theme_area, n.programme.value, n.web])
    path.write_text(buf.getvalue(), "utf-8")


def _renamed_copy(base: bytes, dest: Path, name: str) -> None:
    """`base` with the placeholder network name replaced by `name`, written to `dest`."""
    old, new = PLACEHOLDER.encode(), name.encode("utf-8")
    out = io.BytesIO()
    found = 0
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if old in data:
                found += data.count(old)
                data = data.replace(old, new)
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(copy, data)
    if found != 1:
        raise RuntimeError(f"the placeholder occurs {found} times in a base form, not once")
    dest.write_bytes(out.getvalue())


def ensure(n: int) -> tuple[Path, Path]:
    """The folder of N forms and the register naming them; generated on first use."""
    folder = CACHE / str(n)
    forms, register_csv, done = folder / "forms", folder / "register.csv", folder / "done"
    if done.exists() and done.read_text() == GENERATOR_VERSION:
        return forms, register_csv
    shutil.rmtree(folder, ignore_errors=True)
    forms.mkdir(parents=True)
    register = load_register(REGISTER)
    if n == len(register.networks):
        _fill_all(register, forms)
        shutil.copyfile(REGISTER, register_csv)
    else:
        bases = _base_forms(register)
        order = list(register.networks)
        made: list[Network] = []
        for i in range(n):
            base = order[i % len(order)]
            net = _made_up(i, base)
            made.append(net)
            _renamed_copy(bases[base.short_name], forms / form_filename(net, YEAR), net.name)
        _write_register(register_csv, made)
    done.write_text(GENERATOR_VERSION)
    return forms, register_csv


def _base_forms(register: Register) -> dict[str, bytes]:
    folder = CACHE / "base"
    done = folder / "done"
    if not (done.exists() and done.read_text() == GENERATOR_VERSION):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        _fill_all(register, folder, {n.short_name: PLACEHOLDER for n in register.networks})
        done.write_text(GENERATOR_VERSION)
    return {n.short_name: (folder / form_filename(n, YEAR)).read_bytes() for n in register.networks}
