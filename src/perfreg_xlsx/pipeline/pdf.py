"""The report as a PDF, printed by LibreOffice from the written workbook.

Only the reader's sheets are printed: a copy of the workbook with the others hidden (Calc
does not print hidden sheets) is converted by headless LibreOffice, with a time limit and a
private profile, and the PDF is moved into place atomically.

The private profile sets LibreOffice's locale to Danish (`LOCALE`), so the cells print as a
Danish reader's Excel shows them (7.383 and 316,6) whatever the machine's own locale is: Calc
formats numbers by its locale setting, which otherwise follows the machine's (7,383 in C or
en_US).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Collection
from pathlib import Path

from perfreg_xlsx.errors import OutputError
from perfreg_xlsx.util.atomic import atomic_write

TIMEOUT = 300  # seconds; a first start of LibreOffice builds its profile
LOCALE = "da-DK"
# LibreOffice reads this file from a new profile's user/ folder on its first start: the
# locale setting ("Locale setting" under Tools > Options > Languages) and the default
# language of documents. The UI language (ooLocale) is left alone: a language pack may be
# missing, and the printed pages carry no UI text.
_REGISTRY = f"""<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">\
<value>{LOCALE}</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale" \
oor:op="fuse"><value>{LOCALE}</value></prop></item>
</oor:items>
"""
_SHEET = re.compile(r'<sheet\b[^>]*?name="([^"]*)"[^>]*?/>')


def soffice() -> str | None:
    """The LibreOffice program on PATH, None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_name(xlsx: Path) -> Path:
    return xlsx.with_suffix(".pdf")


def _hide_sheets(xml: str, printed: Collection[str]) -> str:
    def hide(match: re.Match[str]) -> str:
        tag = match.group(0)
        if html.unescape(match.group(1)) in printed or "state=" in tag:
            return tag
        return tag[:-2].rstrip() + ' state="hidden"/>'

    return _SHEET.sub(hide, xml)


def _copy_hiding(src: Path, dst: Path, printed: Collection[str]) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/workbook.xml":
                data = _hide_sheets(data.decode("utf-8"), printed).encode("utf-8")
            zout.writestr(info, data)


def danish_profile(folder: Path) -> Path:
    """A new LibreOffice user profile in `folder` whose locale is Danish; its absolute path."""
    user = folder / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
    return folder.resolve()


def write_pdf(xlsx: Path, printed: Collection[str], program: str) -> Path:
    """Print the sheets `printed` of `xlsx` to `xlsx` with suffix .pdf; return its path.

    Raises OutputError when LibreOffice fails or takes longer than `TIMEOUT`.
    """
    target = pdf_name(xlsx)
    with tempfile.TemporaryDirectory(prefix="perfreg-pdf-") as tmp:
        work = Path(tmp)
        copy = work / xlsx.name
        _copy_hiding(xlsx, copy, printed)
        profile = danish_profile(work / "profile").as_uri()
        cmd = [program, f"-env:UserInstallation={profile}", "--headless"]
        cmd += ["--convert-to", "pdf", "--outdir", str(work), str(copy)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise OutputError(
                f"LibreOffice did not print {xlsx.name} within {TIMEOUT} s; no PDF written"
            ) from None
        except OSError as exc:
            raise OutputError(f"cannot run LibreOffice: {exc.strerror or exc}") from None
        made = work / pdf_name(copy).name
        if done.returncode != 0 or not made.is_file():
            raise OutputError(f"LibreOffice could not print {xlsx.name} to PDF; no PDF written")
        # Beside the old PDF when that is open in a viewer that holds it (see `atomic_write`).
        return atomic_write(target, lambda tmp_path: shutil.copyfile(made, tmp_path), beside=True)
