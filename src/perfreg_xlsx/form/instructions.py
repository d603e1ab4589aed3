"""The instructions sheet ("Vejledning") of the questionnaire, and the title both sheets show."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.form.secretariat import Secretariat
from perfreg_xlsx.form.styles import LINE_PT, WRAP_TOP, font, lines, print_setup, text
from perfreg_xlsx.survey.catalogue import current
from perfreg_xlsx.survey.types import PROGRAMME_NAMES, UNIT_TKR, Kind, Programme

# LibreOffice clips (rather than scales) a single column wider than the printable page.
_GUIDE_WIDTH = 72


def title(year: int, programme: Programme) -> str:
    """The questionnaire's title, e.g. "Resultatopgørelse 2012 – Innovationsnetværk"."""
    return f"Resultatopgørelse {year} – {PROGRAMME_NAMES[programme].form_da}"


def _guide_lines(year: int, programme: Programme, sec: Secretariat | None) -> list[tuple[str, str]]:
    """(style, text) paragraphs of the instructions sheet, only about what its form asks."""
    asked = current().fields_for(programme)
    kinds = {f.kind for f in asked}
    has = {
        "amounts": any(f.unit == UNIT_TKR for f in asked),
        "decimals": Kind.DEC in kinds,
        "yesno": Kind.YESNO in kinds,
        "parts": any(f.question.startswith("–") for f in asked),
        "sources": any(f.id == "turnover" for f in asked),
    }
    out = [
        ("h2", "Om undersøgelsen"),
        (
            "p",
            "Hvert år indsamler sekretariatet oplysninger om netværkenes resultater, "
            "aktiviteter og ressourcer. Oplysningerne samles i den årlige resultatopgørelse. "
            f"Alle spørgsmål gælder kalenderåret {year} (1. januar – 31. december {year}).",
        ),
        ("h2", "Sådan udfylder du skemaet"),
        ("p", "• Svar i de gule felter i kolonnen »Svar« på arket »Skema«. Andre celler er låst."),
        ("amounts", "• Beløb skrives i hele 1.000 kr., f.eks. 2500 for 2,5 mio. kr."),
        ("p", "• Antal skrives som hele tal."),
        ("decimals", "• Antal medarbejdere (årsværk) må have decimaler."),
        (
            "p",
            "• Alle spørgsmål skal besvares, undtagen bemærkningerne. Et tomt felt betyder "
            "»ikke besvaret« og viser »Mangler svar«, til det er udfyldt. Skriv 0, hvis der "
            "ikke er nogen (0 betyder »ingen«).",
        ),
        ("yesno", "• Ja/Nej-spørgsmål besvares ved at vælge Ja eller Nej på listen i cellen."),
        ("p", "• Netværkets navn vælges på listen i cellen."),
        (
            "parts",
            "• Linjer, der begynder med »– heraf«, er en del af tallet i linjen ovenfor og må "
            "ikke være større end det.",
        ),
        (
            "p",
            "• Kolonnen »Kontrol og vejledning« forklarer spørgsmålet og kontrollerer svaret, "
            "mens du skriver.",
        ),
        (
            "p",
            "• Rød tekst (»Fejl:« eller »Mangler svar«) er en fejl, der skal rettes, før "
            "skemaet kan bruges: et svar mangler, et tal er skrevet som tekst, eller en "
            "e-mailadresse mangler @ eller domæne"
            + (", eller en del er større end totalen" if has["parts"] else "")
            + (
                ", eller finansieringskilderne summer ikke til omsætningen"
                if has["sources"]
                else ""
            )
            + ".",
        ),
        (
            "p",
            "• Gul-brun tekst (»Bemærk:«) er en advarsel: svaret kan være rigtigt, men er "
            "usædvanligt. Kontrollér det, og forklar det under »Bemærkninger«, hvis det er "
            "rigtigt.",
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
        ("h2", "Kontakt"),
    ]
    if sec is None:
        out.append(("p", "Har du spørgsmål, så kontakt sekretariatet."))
    else:
        out += [
            ("p", "Har du spørgsmål, så kontakt sekretariatet:"),
            ("p", sec.name),
            ("p", f"E-mail: {sec.email}"),
            ("p", f"Telefon: {sec.phone}"),
        ]
    return [(style, t) for style, t in out if style in ("h2", "p") or has[style]]


def write_guide(ws: Worksheet, year: int, programme: Programme, sec: Secretariat | None) -> None:
    """Fill `ws` with the instructions for survey `year`; the sheet is locked."""
    ws.column_dimensions["A"].width = _GUIDE_WIDTH
    heading = title(year, programme)
    ws["A1"] = heading
    ws["A1"].font = font(bold=True, size=16, color="1F4E79")
    ws["A1"].alignment = WRAP_TOP
    # 16 pt is ~1.5 times as wide as 11 pt: a long title wraps instead of being clipped.
    ws.row_dimensions[1].height = 24 * lines(heading, _GUIDE_WIDTH / 1.5)
    row = 3
    for style, paragraph in _guide_lines(year, programme, sec):
        if style == "h2" and row > 3:
            row += 1  # a blank line before each heading but the first
        cell = ws.cell(row, 1)
        text(cell, paragraph)  # the secretariat's lines come from an editable file
        ws.row_dimensions[row].height = LINE_PT * lines(paragraph, _GUIDE_WIDTH) + 3
        if style == "h2":
            cell.font = font(bold=True, size=12, color="1F4E79")
            ws.row_dimensions[row].height = 20
        cell.alignment = WRAP_TOP
        row += 1
    version = fm.template_version()
    ws.cell(row + 1, 1, f"Skemaversion {version} · undersøgelsesår {year}").font = font(
        italic=True, color="7F7F7F"
    )
    ws.protection.sheet = True
    print_setup(ws, f"A1:A{row + 1}")
