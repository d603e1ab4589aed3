"""Render workbooks with headless LibreOffice, to check what a respondent sees and prints.

Tests skip, with the reason, when LibreOffice or poppler is missing; with
PERFREG_REQUIRE_SOFFICE=1 in the environment they fail instead (CI sets it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

TIMEOUT = 180  # seconds; the first start of LibreOffice builds its profile


def _need(tool: str, package: str) -> str:
    found = shutil.which(tool)
    if found:
        return found
    reason = f"{tool} not found on PATH (install {package})"
    if os.environ.get("PERFREG_REQUIRE_SOFFICE") == "1":
        pytest.fail(f"{reason}; PERFREG_REQUIRE_SOFFICE=1 requires it")
    pytest.skip(reason)


def to_pdf(src: Path, out_dir: Path) -> Path:
    """Convert `src` to PDF in `out_dir` and return the PDF's path."""
    return convert(src, out_dir, "pdf")


def to_xlsx(src: Path, out_dir: Path) -> Path:
    """Open `src` in LibreOffice Calc and save it as .xlsx in `out_dir`, as a respondent using
    LibreOffice would; returns the saved file's path."""
    return convert(src, out_dir, "xlsx")


def convert(src: Path, out_dir: Path, suffix: str) -> Path:
    """Convert `src` with headless LibreOffice to `suffix` in `out_dir`; the result's path."""
    return convert_all([src], out_dir, suffix)[0]


def convert_all(sources: list[Path], out_dir: Path, suffix: str) -> list[Path]:
    """Convert each of `sources` to `suffix` in `out_dir` in one LibreOffice run; the results."""
    soffice = _need("soffice", "LibreOffice")
    out_dir.mkdir(parents=True, exist_ok=True)
    # A private profile: parallel or concurrent LibreOffice runs would share a locked one.
    profile = (out_dir / "lo_profile").resolve().as_uri()
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            suffix,
            "--outdir",
            str(out_dir),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    outs = [out_dir / f"{src.stem}.{suffix}" for src in sources]
    if result.returncode != 0 or not all(out.exists() for out in outs):
        names = ", ".join(src.name for src in sources)
        pytest.fail(f"soffice could not convert {names}: {result.stdout} {result.stderr}")
    return outs


def pdf_pages(pdf: Path) -> int:
    """The number of pages of `pdf` (pdfinfo)."""
    pdfinfo = _need("pdfinfo", "poppler-utils")
    out = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError(f"pdfinfo printed no page count for {pdf}")


def pdf_page_text(pdf: Path, page: int) -> str:
    """The text of one page (1-based) of `pdf` (pdftotext)."""
    pdftotext = _need("pdftotext", "poppler-utils")
    args = [pdftotext, "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def to_png(pdf: Path, prefix: Path, dpi: int = 60) -> list[Path]:
    """Render every page of `pdf` to `prefix-N.png`; return the images in page order."""
    pdftoppm = _need("pdftoppm", "poppler-utils")
    subprocess.run([pdftoppm, "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    pages = prefix.parent.glob(prefix.name + "-*.png")
    return sorted(pages, key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def recalculated(sources: list[Path], out_dir: Path) -> list[Path]:
    """Open each of `sources` in one LibreOffice run, recalculate and save it as .xlsx in
    `out_dir`, so a test reads (openpyxl, data_only) what LibreOffice computed; the saved paths."""
    return convert_all(sources, out_dir, "xlsx")


def need_soffice() -> str:
    """The path of soffice; skips (or fails under PERFREG_REQUIRE_SOFFICE=1) when absent."""
    return _need("soffice", "LibreOffice")
