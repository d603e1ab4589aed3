"""What an answer cell accepts: its number format and its data validation, by answer kind.

The data validation is Excel's own check as the respondent types (a whole number, Ja/Nej from
a list, a network from the register's list, text up to a length), with a Danish prompt and
error message. Fields of the same kind, unit and bounds share one validation object.
"""

from __future__ import annotations

from typing import Any

from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from perfreg_xlsx.survey.rules import excel_number
from perfreg_xlsx.survey.types import EMAIL_MAX, NO, TEXT_MAX, UNIT_YES_NO, YES, Field, Kind


def number_format(f: Field) -> str:
    """The number format of `f`'s answer cell."""
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
        "Skriv et helt tal, 0 eller derover. Skriv 0, hvis der ikke er nogen.",
        "Svaret skal være et helt tal, 0 eller derover.",
    ),
    Kind.DEC: (
        "Tal",
        "Skriv et tal, gerne med decimaler, f.eks. 4,5. Skriv 0, hvis der ikke er nogen.",
        "Svaret skal være et tal, 0 eller derover.",
    ),
    Kind.YESNO: (UNIT_YES_NO, "Vælg Ja eller Nej på listen.", "Vælg Ja eller Nej på listen."),
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


def validation(
    ws: Worksheet,
    made: dict[tuple[Any, ...], DataValidation],
    f: Field,
    list_range: str,
) -> DataValidation:
    """The data validation for `f`'s answer cell, shared by fields of the same kind and range."""
    key = (f.kind, f.unit, f.min, f.max, f.required)
    if key in made:
        return made[key]
    title, prompt, error = _PROMPTS[f.kind]
    kw: dict[str, Any] = {}
    if f.kind in (Kind.INT, Kind.DEC):
        low = excel_number(f.min if f.min is not None else 0)
        kw = {"type": "whole" if f.kind is Kind.INT else "decimal", "formula1": low}
        if f.max is not None:
            kw |= {"operator": "between", "formula2": excel_number(f.max)}
            error = error.rstrip(".") + f" og højst {excel_number(f.max)}."
        else:
            kw |= {"operator": "greaterThanOrEqual"}
        if f.unit == "1.000 kr.":
            title = "Beløb i 1.000 kr."
            prompt = (
                "Skriv beløbet i hele 1.000 kr., f.eks. 2500 for 2,5 mio. kr. Skriv 0, hvis "
                "beløbet er nul."
            )
    elif f.kind is Kind.YESNO:
        kw = {"type": "list", "formula1": f'"{YES},{NO}"'}
    elif f.kind is Kind.NETWORK:
        kw = {"type": "list", "formula1": list_range}
    else:
        limit = TEXT_MAX if f.kind is Kind.TEXT else EMAIL_MAX
        kw = {"type": "textLength", "operator": "lessThanOrEqual", "formula1": str(limit)}
    # A blank required answer is an error (`survey.answer_rules`), so the prompt says so and
    # never tells people to leave it blank.
    prompt += " Skal besvares." if f.required else " Kan stå tomt."
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
