"""Write the questionnaire workbook a network fills in, exactly at the field map's cells.

Everything on the form is derived from the catalogue: one row per field, data validation by
answer type, and live checks (a red message in the help column) from the cross-field rules.
The workbook is written atomically and deterministically: same inputs, same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.custom import IntProperty, StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from perfreg_xlsx.errors import OutputError, RegisterError
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.survey.registry import Network, Register
from perfreg_xlsx.survey.rules import (
    NoMeansZero,
    PartOfTotal,
    Requires,
    SourcesSum,
    YesNeedsCount,
    rules_for,
)
from perfreg_xlsx.survey.types import Field as CatField
from perfreg_xlsx.survey.types import Kind, Programme, Severity
from perfreg_xlsx.util.atomic import atomic_write

TEXT_MAX = 1000  # characters in a free-text answer
EMAIL_MAX = 254  # the longest valid e-mail address

_WIDTHS = {"A": 24, "B": 7, "C": 55, "D": 10, "E": 22, "F": 44}
_LINE_PT = 15.0  # one line of 11 pt text
# LibreOffice clips (rather than scales) a single column wider than the printable page.
_GUIDE_WIDTH = 72
_YELLOW = PatternFill("solid", fgColor="FFF2CC")
_HEAD_FILL = PatternFill("solid", fgColor="1F4E79")
_SECTION_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="7F7F7F")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_SEVERITY = {
    Severity.ERROR: ("Fejl: ", "9C0006", "FFC7CE"),
    Severity.WARNING: ("Bemærk: ", "9C5700", "FFEB9C"),
    Severity.INFO: ("Info: ", "1F4E79", "DDEBF7"),
}


def template_filename(programme: Programme, year: int) -> str:
    """The file name of the blank questionnaire, e.g. ``questionnaire_2012.xlsx``."""
    if programme is Programme.NETWORK:
        return f"questionnaire_{year}.xlsx"
    return f"questionnaire_{programme.value}_{year}.xlsx"


def form_filename(network: Network, year: int) -> str:
    """The file name of a network's pre-filled copy, e.g. ``ve-net_2012.xlsx``."""
    return f"{network.short_name}_{year}.xlsx"


def write_template(
    path: Path,
    year: int,
    programme: Programme = Programme.NETWORK,
    network: Network | None = None,
    *,
    register: Register,
) -> None:
    """Write the questionnaire of `programme` for survey `year` to `path`.

    With `network`, its name is pre-filled in the network answer cell. The list of networks
    offered in that cell is the register's networks of `programme`.
    """
    names = sorted(n.name for n in register.of(programme))
    if not names:
        raise RegisterError(f"the register lists no networks of programme {programme.value}")
    if network is not None and network.programme is not programme:
        raise RegisterError(
            f"{network.name} belongs to programme {network.programme.value}, not {programme.value}"
        )
    wb = Workbook()
    guide = wb.active
    guide.title = fm.SHEET_GUIDE
    _write_guide(guide, year, programme)
    form = wb.create_sheet(fm.SHEET_FORM)
    lists = wb.create_sheet(fm.SHEET_LISTS)
    list_range = _write_lists(lists, names)
    _write_form(form, year, programme, (list_range, names), network)
    wb.active = 0
    # Renaming, moving or deleting sheets would break the reader; no password, so the
    # secretariat can still lift it.
    wb.security = WorkbookProtection(lockStructure=True)
    _set_properties(wb, year, programme)
    save_workbook(wb, path, datetime(year, 1, 1))


def write_forms(
    out_dir: Path,
    year: int,
    register: Register,
    programme: Programme = Programme.NETWORK,
) -> list[Path]:
    """Write one pre-filled questionnaire per network of `programme` into `out_dir`."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {out_dir}: {exc.strerror}") from None
    written: list[Path] = []
    for network in sorted(register.of(programme), key=lambda n: n.short_name):
        dest = out_dir / form_filename(network, year)
        write_template(dest, year, programme, network, register=register)
        written.append(dest)
    return written


def save_workbook(wb: Workbook, path: Path, when: datetime) -> None:
    """Save `wb` atomically with `when` as document and zip-entry date, for stable bytes."""
    wb.properties.created = when
    wb.properties.modified = when
    buffer = io.BytesIO()
    # openpyxl's own save stamps the current time into the properties and the zip entries.
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(buffer) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # as Excel writes it, and the same bytes on every OS
            info.external_attr = 0
            dst.writestr(info, src.read(item.filename))
    _write_bytes(path, out.getvalue())


def _write_bytes(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder {path.parent}: {exc.strerror}") from None

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    atomic_write(path, write)


# --- Sheets ----------------------------------------------------------------------------------


def _title(year: int, programme: Programme) -> str:
    return f"Resultatopgørelse {year} – {fm.FORM_NAMES_DA[programme]}"


def _guide_lines(year: int) -> list[tuple[str, str]]:
    """(style, text) paragraphs of the instructions sheet."""
    return [
        ("h2", "Om undersøgelsen"),
        (
            "p",
            "Hvert år indsamler sekretariatet oplysninger om netværkenes resultater, "
            "aktiviteter og ressourcer. Oplysningerne samles i den årlige resultatopgørelse. "
            f"Alle spørgsmål gælder kalenderåret {year} (1. januar – 31. december {year}).",
        ),
        ("h2", "Sådan udfylder du skemaet"),
        ("p", "• Svar i de gule felter i kolonnen »Svar« på arket »Skema«. Andre celler er låst."),
        ("p", "• Beløb skrives i hele 1.000 kr., f.eks. 2500 for 2,5 mio. kr."),
        ("p", "• Antal skrives som hele tal. Antal medarbejdere (årsværk) må have decimaler."),
        (
            "p",
            "• Et tomt felt betyder »ikke besvaret«. Skriv 0, hvis der ikke er nogen "
            "(0 betyder »ingen«).",
        ),
        ("p", "• Ja/Nej-spørgsmål besvares ved at vælge Ja eller Nej på listen i cellen."),
        ("p", "• Netværkets navn vælges på listen i cellen."),
        (
            "p",
            "• Linjer, der begynder med »– heraf«, er en del af tallet i linjen ovenfor og må "
            "ikke være større end det.",
        ),
        (
            "p",
            "• Kolonnen »Kontrol og vejledning« forklarer spørgsmålet. Bliver teksten rød, "
            "passer svarene ikke sammen, f.eks. hvis en del er større end totalen, eller hvis "
            "finansieringskilderne ikke summer til omsætningen. Ret svarene, eller forklar "
            "forskellen under »Bemærkninger«.",
        ),
        ("h2", "Når du er færdig"),
        (
            "p",
            "• Gem filen som Excel-projektmappe (.xlsx) – ikke som PDF, CSV eller .xls – og "
            "send den til sekretariatet inden fristen i følgebrevet.",
        ),
        (
            "p",
            "• Flyt, indsæt eller slet ikke rækker og kolonner, og omdøb ikke arkene: "
            "skemaet læses automatisk.",
        ),
        ("p", "Har du spørgsmål, så kontakt sekretariatet."),
    ]


def _write_guide(ws: Worksheet, year: int, programme: Programme) -> None:
    ws.column_dimensions["A"].width = _GUIDE_WIDTH
    ws["A1"] = _title(year, programme)
    ws["A1"].font = _font(bold=True, size=16, color="1F4E79")
    ws.row_dimensions[1].height = 24
    row = 3
    for style, text in _guide_lines(year):
        if style == "h2" and row > 3:
            row += 1  # a blank line before each heading but the first
        cell = ws.cell(row, 1, text)
        ws.row_dimensions[row].height = _LINE_PT * _lines(text, _GUIDE_WIDTH) + 3
        if style == "h2":
            cell.font = _font(bold=True, size=12, color="1F4E79")
            ws.row_dimensions[row].height = 20
        cell.alignment = _WRAP_TOP
        row += 1
    ws.cell(
        row + 1, 1, f"Skemaversion {fm.TEMPLATE_VERSION} · undersøgelsesår {year}"
    ).font = _font(italic=True, color="7F7F7F")
    ws.protection.sheet = True
    _print_setup(ws, f"A1:A{row + 1}")


def _write_lists(ws: Worksheet, names: list[str]) -> str:
    """Write the network names; return the absolute range the network list validates against."""
    ws["A1"] = "Netværk"
    ws["A1"].font = _font(bold=True)
    for i, name in enumerate(names, start=2):
        _text(ws.cell(i, 1), name)
    ws.column_dimensions["A"].width = 80
    ws.protection.sheet = True
    ws.sheet_state = "hidden"
    return f"{fm.SHEET_LISTS}!$A$2:$A${len(names) + 1}"


def _write_form(
    ws: Worksheet,
    year: int,
    programme: Programme,
    network_list: tuple[str, list[str]],
    network: Network | None,
) -> None:
    list_range, names = network_list
    lay = fm.layout(programme)
    for letter, width in _WIDTHS.items():
        ws.column_dimensions[letter].width = width
    ws.column_dimensions["A"].hidden = True

    ws.cell(fm.ROW_TITLE, fm.COL_NUMBER, _title(year, programme)).font = _font(
        bold=True, size=16, color="1F4E79"
    )
    ws.row_dimensions[fm.ROW_TITLE].height = 24
    meta: list[tuple[fm.CellRef, str, object]] = [
        (lay.year_cell, "Undersøgelsesår", year),
        (lay.version_cell, "Skemaversion", fm.TEMPLATE_VERSION),
        (lay.form_cell, "Skematype", fm.FORM_NAMES_DA[programme]),
    ]
    for ref, label, value in meta:
        ws.cell(ref.row, fm.COL_QUESTION, label).font = _font(bold=True)
        cell = ws.cell(ref.row, ref.col)
        if isinstance(value, str):
            _text(cell, value)
        else:
            cell.value = value
            cell.number_format = "0"
        cell.font = _font(bold=True)
        cell.alignment = Alignment(horizontal="left")
    note = ws.cell(
        fm.HEADER_ROW - 1, fm.COL_QUESTION, "Udfyld de gule felter. Se arket Vejledning."
    )
    note.font = _font(italic=True, color="7F7F7F")

    headers = ("Felt-id", "Nr.", "Spørgsmål", "Enhed", "Svar", "Kontrol og vejledning")
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(fm.HEADER_ROW, col, text)
        cell.font = _font(bold=True, color="FFFFFF")
        cell.fill = _HEAD_FILL
        cell.border = _BOX
        cell.alignment = Alignment(vertical="center")
    ws.row_dimensions[fm.HEADER_ROW].height = 20

    for heading in lay.headings:
        for col in range(fm.COL_NUMBER, fm.COL_CHECK + 1):
            ws.cell(heading.row, col).fill = _SECTION_FILL
        _text(ws.cell(heading.row, fm.COL_NUMBER), heading.section_id)
        ws.cell(heading.row, fm.COL_QUESTION, heading.title_da)
        for col in (fm.COL_NUMBER, fm.COL_QUESTION):
            ws.cell(heading.row, col).font = _font(bold=True, color="1F4E79")
        ws.row_dimensions[heading.row].height = 18

    checks = _checks(programme)
    validations: dict[tuple[Any, ...], DataValidation] = {}
    for m in lay.fields:
        f, row = m.field, m.cell.row
        _text(ws.cell(row, fm.COL_ID), f.id)
        _text(ws.cell(row, fm.COL_NUMBER), m.number)
        ws.cell(row, fm.COL_NUMBER).alignment = _WRAP_TOP
        question = ws.cell(row, fm.COL_QUESTION, f.question)
        indent = 2 if f.question.startswith("–") else 0
        question.alignment = Alignment(
            horizontal="left", wrap_text=True, vertical="top", indent=indent
        )
        ws.cell(row, fm.COL_UNIT, f.unit).alignment = _WRAP_TOP
        answer = ws.cell(row, fm.COL_ANSWER)
        answer.fill = _YELLOW
        answer.border = _BOX
        answer.protection = Protection(locked=False)
        answer.number_format = _number_format(f)
        wraps = f.kind in (Kind.TEXT, Kind.NETWORK, Kind.EMAIL)
        answer.alignment = Alignment(wrap_text=wraps, vertical="top")
        if f.kind is Kind.NETWORK and network is not None:
            _text(answer, network.name)
        _validation(ws, validations, f, list_range).add(m.cell.a1)
        row_checks = [c for c in checks if c.row == row]
        help_cell = ws.cell(row, fm.COL_CHECK)
        help_cell.alignment = _WRAP_TOP
        help_cell.font = _font(color="404040", size=10)
        if row_checks:
            help_cell.value = "=" + _nested_if(row_checks, f.help)
        elif f.help:
            _text(help_cell, f.help)
        # Neither Excel nor LibreOffice fits row heights to wrapped text when opening a file.
        lines = [_lines(f.question, _WIDTHS["C"]), _lines(f.unit, _WIDTHS["D"])]
        # Help is 10 pt, so a line holds more characters.
        lines += [_lines(t, _WIDTHS["F"] * 1.25) for t in (f.help, *(c.text for c in row_checks))]
        if f.kind is Kind.NETWORK:  # room for any name the list offers
            lines += [_lines(name, _WIDTHS["E"]) for name in names]
        ws.row_dimensions[row].height = _LINE_PT * max(lines) + 2

    for check in checks:
        prefix_font, fill = _check_style(check.severity)
        ws.conditional_formatting.add(
            f"F{check.row}",
            FormulaRule(formula=[check.condition], font=prefix_font, fill=fill, stopIfTrue=False),
        )
        for a1 in check.cells:
            ws.conditional_formatting.add(
                a1, FormulaRule(formula=[check.condition], fill=fill, stopIfTrue=False)
            )

    ws.freeze_panes = ws.cell(fm.FIRST_ROW, 1)
    ws.protection.sheet = True
    # Let respondents widen columns and rows to read long answers; nothing else.
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.print_title_rows = f"{fm.HEADER_ROW}:{fm.HEADER_ROW}"
    _print_setup(ws, f"A1:F{lay.last_row}")
    ws.oddFooter.left.text = _title(year, programme)
    ws.oddFooter.left.size = 8
    ws.sheet_view.zoomScale = 100


def _print_setup(ws: Worksheet, area: str) -> None:
    ws.print_area = area
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.right.text = "Side &P af &N"
    ws.oddFooter.right.size = 8


def _set_properties(wb: Workbook, year: int, programme: Programme) -> None:
    wb.properties.title = _title(year, programme)
    wb.properties.subject = f"Skemaversion {fm.TEMPLATE_VERSION}"
    wb.properties.creator = "perfreg-xlsx"
    wb.properties.lastModifiedBy = "perfreg-xlsx"
    wb.custom_doc_props.append(
        StringProperty(name="perfreg_template_version", value=fm.TEMPLATE_VERSION)
    )
    wb.custom_doc_props.append(IntProperty(name="perfreg_survey_year", value=year))
    wb.custom_doc_props.append(StringProperty(name="perfreg_programme", value=programme.value))


# --- Cells -----------------------------------------------------------------------------------


def _lines(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` characters wide.

    Measured in LibreOffice's fallback for Calibri (DejaVu Sans), which is wider than Calibri:
    Excel needs no more lines than this.
    """
    words = text.split()
    lines, used = 1, 0
    for word in words:
        need = len(word) + (1 if used else 0)
        if used + need > width:
            lines, used = lines + 1, len(word)
        else:
            used += need
    return lines


def _font(size: float = 11, **kw: Any) -> Font:
    # An unnamed font makes LibreOffice fall back to a serif face.
    return Font(name="Calibri", size=size, **kw)


def _text(cell: Any, value: str) -> None:
    """Write `value` as text, never as a formula (names come from an editable register)."""
    cell.value = value
    cell.data_type = "s"


def _number_format(f: CatField) -> str:
    if f.kind is Kind.INT:
        return "#,##0"
    if f.kind is Kind.DEC:
        return "#,##0.0#"
    if f.kind in (Kind.TEXT, Kind.EMAIL, Kind.NETWORK):
        return "@"
    return "General"


_PROMPTS: dict[Kind, tuple[str, str, str]] = {
    # kind -> (prompt title, prompt, error)
    Kind.INT: (
        "Antal",
        "Skriv et helt tal, 0 eller derover. Skriv 0, hvis der ikke er nogen. Lad feltet "
        "stå tomt, hvis du ikke kan svare.",
        "Svaret skal være et helt tal, 0 eller derover.",
    ),
    Kind.DEC: (
        "Tal",
        "Skriv et tal, gerne med decimaler, f.eks. 4,5. Skriv 0, hvis der ikke er nogen.",
        "Svaret skal være et tal, 0 eller derover.",
    ),
    Kind.YESNO: ("Ja/Nej", "Vælg Ja eller Nej på listen.", "Vælg Ja eller Nej på listen."),
    Kind.NETWORK: (
        "Netværk",
        "Vælg netværkets navn på listen.",
        "Vælg netværkets navn på listen. Mangler netværket, så kontakt sekretariatet.",
    ),
    Kind.TEXT: (
        "Tekst",
        f"Skriv tekst, højst {TEXT_MAX} tegn.",
        f"Teksten må højst være {TEXT_MAX} tegn.",
    ),
    Kind.EMAIL: (
        "E-mail",
        "Skriv en e-mailadresse, f.eks. navn@netvaerk.dk.",
        f"En e-mailadresse har højst {EMAIL_MAX} tegn.",
    ),
}


def _validation(
    ws: Worksheet,
    made: dict[tuple[Any, ...], DataValidation],
    f: CatField,
    list_range: str,
) -> DataValidation:
    """The data validation for `f`'s answer cell, shared by fields of the same kind and range."""
    key = (f.kind, f.unit, f.min, f.max)
    if key in made:
        return made[key]
    title, prompt, error = _PROMPTS[f.kind]
    kw: dict[str, Any] = {}
    if f.kind in (Kind.INT, Kind.DEC):
        low = _num(f.min if f.min is not None else 0)
        kw = {"type": "whole" if f.kind is Kind.INT else "decimal", "formula1": low}
        if f.max is not None:
            kw |= {"operator": "between", "formula2": _num(f.max)}
            error = error.rstrip(".") + f" og højst {_num(f.max)}."
        else:
            kw |= {"operator": "greaterThanOrEqual"}
        if f.unit == "1.000 kr.":
            title = "Beløb i 1.000 kr."
            prompt = (
                "Skriv beløbet i hele 1.000 kr., f.eks. 2500 for 2,5 mio. kr. Skriv 0, hvis "
                "beløbet er nul. Lad feltet stå tomt, hvis du ikke kan svare."
            )
    elif f.kind is Kind.YESNO:
        kw = {"type": "list", "formula1": '"Ja,Nej"'}
    elif f.kind is Kind.NETWORK:
        kw = {"type": "list", "formula1": list_range}
    else:
        limit = TEXT_MAX if f.kind is Kind.TEXT else EMAIL_MAX
        kw = {"type": "textLength", "operator": "lessThanOrEqual", "formula1": str(limit)}
    dv = DataValidation(
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        errorStyle="stop",
        promptTitle=title,
        prompt=prompt,
        errorTitle="Ugyldigt svar",
        error=error,
        **kw,
    )
    ws.add_data_validation(dv)
    made[key] = dv
    return dv


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# --- Live checks derived from the rules --------------------------------------------------------


class _Check:
    """One live check: a message in column F of `row` while `condition` holds."""

    def __init__(
        self,
        row: int,
        condition: str,
        message: str,
        severity: Severity,
        cells: tuple[str, ...],
        extra: str = "",
    ) -> None:
        prefix = _SEVERITY[severity][0]
        self.row = row
        self.condition = condition
        self.severity = severity
        self.cells = cells
        self.expr = _str_lit(prefix + message) + extra
        self.text = prefix + message + " 1.234.567 " + extra  # the longest it shows, for sizing


def _checks(programme: Programme) -> list[_Check]:
    """The live checks of every rule whose fields the form of `programme` asks."""
    by_id = fm.layout(programme).by_id()

    def ref(fid: str) -> str:
        return "$E$" + str(by_id[fid].cell.row)

    def num(fid: str) -> str:
        return by_id[fid].number

    def check(at: str, cond: str, msg: str, sev: Severity, *more: str, extra: str = "") -> _Check:
        cells = tuple(by_id[fid].cell.a1 for fid in (at, *more))
        return _Check(by_id[at].cell.row, cond, msg, sev, cells, extra)

    out: list[_Check] = []
    for rule in rules_for(programme):
        match rule:
            case PartOfTotal(part=p, total=t, severity=sev):
                cond = f"AND(ISNUMBER({ref(p)}),ISNUMBER({ref(t)}),{ref(p)}>{ref(t)})"
                msg = f"Tallet er større end totalen i nr. {num(t)} ("
                out.append(check(p, cond, msg, sev, extra=f'&{ref(t)}&")."'))
            case SourcesSum(parts=ps, total=t, tolerance=tol, severity=sev):
                refs = ",".join(ref(p) for p in ps)
                sources_off = f"ABS(SUM({refs})-{ref(t)})>{_num(tol)}"
                cond = f"AND(ISNUMBER({ref(t)}),COUNT({refs})>0,{sources_off})"
                msg = "Finansieringskilderne nedenfor summer til "
                extra = f'&SUM({refs})&", ikke til omsætningen."'
                out.append(check(t, cond, msg, sev, *ps, extra=extra))
            case NoMeansZero(flag=fl, counts=cs, severity=sev):
                for c in cs:
                    cond = f'AND({ref(fl)}="Nej",ISNUMBER({ref(c)}),{ref(c)}>0)'
                    msg = f"Nr. {num(fl)} er besvaret Nej, men tallet her er over 0."
                    out.append(check(c, cond, msg, sev))
            case YesNeedsCount(flag=fl, count=c, severity=sev):
                cond = f'AND({ref(fl)}="Ja",ISNUMBER({ref(c)}),{ref(c)}=0)'
                msg = f"Nr. {num(fl)} er besvaret Ja, men tallet her er 0."
                out.append(check(c, cond, msg, sev))
            case Requires(field=fd, needs=nd, severity=sev):
                cond = f"AND(ISNUMBER({ref(fd)}),{ref(fd)}>0,ISNUMBER({ref(nd)}),{ref(nd)}<=0)"
                msg = f"Nr. {num(fd)} er over 0, så dette tal bør også være over 0."
                out.append(check(nd, cond, msg, sev))
    return out


def _nested_if(checks: list[_Check], help_text: str) -> str:
    """IF(c1, m1, IF(c2, m2, help)): the first broken rule's message, else the help text."""
    expr = _str_lit(help_text)
    for check in reversed(checks):
        expr = f"IF({check.condition},{check.expr},{expr})"
    return expr


def _str_lit(text: str) -> str:
    """`text` as a formula string; Excel limits one literal to 255 characters."""
    chunks = [text[i : i + 250] for i in range(0, len(text), 250)] or [""]
    return "&".join('"' + c.replace('"', '""') + '"' for c in chunks)


def _check_style(severity: Severity) -> tuple[Font, PatternFill]:
    _, font_color, fill_color = _SEVERITY[severity]
    fill = PatternFill(start_color=fill_color, end_color=fill_color, fill_type="solid")
    return Font(color=font_color, bold=True), fill  # a differential style: no font name
