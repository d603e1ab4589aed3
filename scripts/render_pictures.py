"""Remake the README's pictures of the report in docs/img/: the PDF's first page
(pdf_forside.png), the key findings (hovedresultater.png), appendix 1 (bilag1.png) and a page
of figures (figurer.png).

Run from the project folder:

    PYTHONPATH=src python scripts/render_pictures.py

It runs the aggregate pipeline on the sample questionnaires in inputs/ in a temporary folder
(with copies of the published history, so neither out/ nor history/ changes), prints the
report to PDF as `aggregate --pdf` does (the reader's sheets, LibreOffice with a Danish
locale, so numbers look as the report's readers see them: 7.383 and 316,6) and rasterises
four pages with poppler's pdftoppm at 80 dpi: the front sheet, the key findings, the first
page of appendix 1 ("Bilag 1") and the page of figures that holds figure 3.5 and 3.6
(stacked columns and a pie, next to the line and bar charts of other pages). The pages are
found by their text (pdftotext), not by number, so they follow any change in what comes
before them.

Needs LibreOffice (`soffice`), poppler-utils and the Carlito font (Calibri's metrics; without
it LibreOffice measures text in a wider font and the pages break differently). `.ci/run`
installs all three. A fixed date keeps the pictures the same from run to run.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from perfreg_xlsx.errors import PerfregError
from perfreg_xlsx.pipeline import build_report
from perfreg_xlsx.report.history import PUBLISHED_LONG, PUBLISHED_WIDE
from perfreg_xlsx.survey.registry import load_register

MADE_ON = date(2013, 3, 15)
DPI = 80
# Each picture: the sheet its page belongs to (named in the page header), a text on the page,
# and the picture's file name. The sheet matters: "Figurdata" shows the figure titles too.
PAGES = (
    ("Forside", "Performanceregnskab for innovationsnetværkene", "pdf_forside.png"),
    ("Hovedresultater", "Hovedresultater", "hovedresultater.png"),
    ("Bilag 1", "Bilag 1. Indikatorer", "bilag1.png"),
    ("Figurer", "Figur 3.5.", "figurer.png"),
)
TOOLS = (("soffice", "LibreOffice"), ("pdftotext", "poppler-utils"), ("pdftoppm", "poppler-utils"))


class RenderError(Exception):
    """A step failed; the message says which and why."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=Path, default=Path("inputs"))
    parser.add_argument("--history", type=Path, default=Path("history"))
    parser.add_argument("--register", type=Path, default=Path("templates/networks.csv"))
    parser.add_argument("--out", type=Path, default=Path("docs/img"), help="default: docs/img/")
    parser.add_argument("--pdf", type=Path, help="also keep the whole PDF here")
    args = parser.parse_args(argv)
    try:
        for picture in render(args.inputs, args.history, args.register, args.out, args.pdf):
            print(f"wrote {picture} ({picture.stat().st_size // 1024} KB)")
    except (RenderError, PerfregError, OSError) as exc:
        print(f"render_pictures: {exc}", file=sys.stderr)
        return 1
    return 0


def render(
    inputs: Path, history: Path, register: Path, out: Path, keep_pdf: Path | None = None
) -> list[Path]:
    """Build the report from `inputs`, print it to PDF and write the pictures into `out`."""
    missing = [f"{tool} ({package})" for tool, package in TOOLS if shutil.which(tool) is None]
    if missing:
        raise RenderError("not found on PATH: " + ", ".join(missing))
    with tempfile.TemporaryDirectory(prefix="perfreg-pictures-") as tmp_name:
        tmp = Path(tmp_name)
        pdf = _report_pdf(inputs, history, register, tmp)
        if keep_pdf is not None:
            shutil.copyfile(pdf, keep_pdf)
        pages = _page_texts(pdf)
        out.mkdir(parents=True, exist_ok=True)
        return [
            _rasterise(pdf, find_page(pages, sheet, marker), out / name)
            for sheet, marker, name in PAGES
        ]


def _report_pdf(inputs: Path, history: Path, register: Path, tmp: Path) -> Path:
    tmp_history = tmp / "history"
    tmp_history.mkdir()
    # Only the published figures: a recorded run of the survey year must not feed the report.
    for name in (PUBLISHED_WIDE, PUBLISHED_LONG):
        shutil.copyfile(history / name, tmp_history / name)
    run = build_report(
        [inputs],
        load_register(register),
        out_dir=tmp / "out",
        history_dir=tmp_history,
        made_on=MADE_ON,
        record=False,
        pdf=True,
    )
    if run.path is None:
        raise RenderError(f"no report: the questionnaires in {inputs} have errors")
    if run.pdf is None:
        raise RenderError(f"no PDF: {run.pdf_problem}")
    return run.pdf


def _page_texts(pdf: Path) -> list[str]:
    cmd = ["pdftotext", "-layout", str(pdf), "-"]
    text = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def find_page(pages: list[str], sheet: str, marker: str) -> int:
    """The number (1-based) of the first page of `sheet` whose text holds `marker`.

    A page belongs to the sheet its header names: the first line ends with the sheet's name.
    """
    for number, text in enumerate(pages, start=1):
        lines = [line for line in text.splitlines() if line.strip()]
        if lines and lines[0].rstrip().endswith(sheet) and marker in text:
            return number
    raise RenderError(f"no page of the sheet {sheet!r} shows {marker!r}")


def _rasterise(pdf: Path, page: int, target: Path) -> Path:
    prefix = target.with_suffix("")
    cmd = ["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page)]
    subprocess.run([*cmd, "-singlefile", str(pdf), str(prefix)], check=True)
    return target


if __name__ == "__main__":
    sys.exit(main())
