"""The catalogue of finding codes, and the one place their messages are written.

Every finding `validate` can report is a `Spec` here: a stable code, a default severity,
an English message for the secretariat, a Danish one for the network, and a fix hint in both
languages. `make` turns a spec and the facts of one case (file, cell, question, the value
found, what was expected) into a `models.Finding`, so every message names the same things in
the same way. `codes_markdown()` renders the catalogue for the documentation.

Codes of files the reader refuses (`read.ReadError.code`, e.g. `not-a-zip`) come from the
reader; they share the `READ_ERROR` wording, with the reader's own explanation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from perfreg_xlsx.models import Finding
from perfreg_xlsx.survey.types import Field, Kind, Severity

TEXT_MAX = 1000  # characters kept of a free-text answer (as the template's data validation)
EMAIL_MAX = 254
_SHOW_MAX = 80  # characters of a found value quoted in a message

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class Spec:
    """One finding code. Templates use `str.format` fields filled by `make`."""

    code: str
    severity: Severity
    en: str
    da: str
    fix: str
    fix_da: str


_SPECS: tuple[Spec, ...] = (
    # --- The file as a whole -------------------------------------------------------------
    Spec(
        "skipped-file",
        INFO,
        "{reason}",
        "ikke læst: {reason_da}",
        "Nothing to do unless this was meant to be a questionnaire.",
        "Intet at gøre, medmindre filen skulle have været et spørgeskema.",
    ),
    Spec(
        "missing-sheet",
        E,
        "the sheet “{expected}” is missing (sheets found: {value})",
        "arket “{expected}” findes ikke (ark i filen: {value})",
        "Use the questionnaire as it was sent; do not rename, move or delete its sheets.",
        "Brug spørgeskemaet, som det blev sendt; omdøb, flyt eller slet ikke arkene.",
    ),
    Spec(
        "wrong-version",
        E,
        "template version {value}, expected version {expected}",
        "skemaversion {value}, forventet version {expected}",
        "Copy the answers into the current questionnaire (version {expected}).",
        "Overfør svarene til det nye spørgeskema (version {expected}).",
    ),
    Spec(
        "wrong-year",
        E,
        "survey year {value}, expected {expected}",
        "undersøgelsesår {value}, forventet {expected}",
        "Use the questionnaire of {expected}, or validate with --year if this year is right.",
        "Brug spørgeskemaet for {expected}.",
    ),
    Spec(
        "mixed-years",
        E,
        "the questionnaires are for different survey years: {value}",
        "spørgeskemaerne er for forskellige år: {value}",
        "Give --year, or move the questionnaires of other years out of the folder.",
        "Brug spørgeskemaet for det rigtige år.",
    ),
    Spec(
        "unknown-form-type",
        E,
        "form type {value} is not a known questionnaire (expected one of: {expected})",
        "skematypen {value} er ukendt (forventet: {expected})",
        "Use the questionnaire as it was sent; do not edit its title block.",
        "Brug spørgeskemaet, som det blev sendt; ret ikke i skemaets hoved.",
    ),
    Spec(
        "wrong-form-type",
        E,
        "{network_name} is {programme_en}, but this is the form {value}",
        "{network_name} er {programme_da}, men dette er skemaet {value}",
        "Answer on the questionnaire “{expected}”.",
        "Udfyld spørgeskemaet “{expected}”.",
    ),
    Spec(
        "moved-row",
        E,
        "the row should hold question {expected} but holds {value}; {count} row(s) differ "
        "from the questionnaire (rows or columns moved, inserted or deleted)",
        "rækken skulle indeholde spørgsmål {expected}, men indeholder {value}; {count} "
        "række(r) afviger fra spørgeskemaet (rækker eller kolonner flyttet, indsat eller slettet)",
        "Copy the answers into a fresh questionnaire without moving, inserting or deleting rows.",
        "Overfør svarene til et nyt spørgeskema uden at flytte, indsætte eller slette rækker.",
    ),
    Spec(
        "hidden-sheet",
        W,
        "the workbook has a hidden extra sheet “{value}”",
        "projektmappen har et skjult ekstra ark “{value}”",
        "Check that no answers are hidden there, and delete the sheet.",
        "Kontrollér, at der ikke gemmer sig svar i arket, og slet det.",
    ),
    Spec(
        "merged-cell",
        E,
        "the answer cell is merged with other cells ({value})",
        "svarcellen er flettet sammen med andre celler ({value})",
        "Unmerge the cells and write the answer in column E only.",
        "Ophæv fletningen, og skriv kun svaret i kolonne E.",
    ),
    Spec(
        "duplicate-network",
        E,
        "{network_name} answered in more than one file: {value}",
        "{network_name} har svaret i mere end én fil: {value}",
        "Keep the right file in the folder and remove the other(s).",
        "Send kun én besvarelse.",
    ),
    Spec(
        "duplicate-file",
        W,
        "identical copy of {value}; counted once",
        "identisk kopi af {value}; tælles én gang",
        "Remove the copy from the folder.",
        "Send kun én kopi.",
    ),
    Spec(
        "not-answered-yet",
        INFO,
        "no questionnaire received from {network_name}",
        "intet spørgeskema modtaget fra {network_name}",
        "Remind the network, or leave it out of this year's report.",
        "Send venligst spørgeskemaet.",
    ),
    Spec(
        "no-files",
        W,
        "no questionnaires found in {value}",
        "ingen spørgeskemaer fundet i {value}",
        "Put the returned .xlsx files in the folder (default inputs/).",
        "Læg de returnerede .xlsx-filer i mappen.",
    ),
    Spec(
        "unknown-network",
        E,
        "“{value}” is not a network in the register{suggestions}",
        "“{value}” er ikke et netværk i registret{suggestions_da}",
        "Choose the network's name from the drop-down list in the cell.",
        "Vælg netværkets navn fra rullelisten i cellen.",
    ),
    # --- One answer ------------------------------------------------------------------------
    Spec(
        "not-answered",
        E,
        "not answered; expected {expected}",
        "ikke besvaret; forventet {expected}",
        "Answer the question{zero}.",
        "Besvar spørgsmålet{zero_da}.",
    ),
    Spec(
        "value-unknown",
        E,
        "the cell holds the formula {value}, whose value Excel has not saved",
        "cellen indeholder formlen {value}, hvis værdi Excel ikke har gemt",
        "Open the file in Excel, check the value and save the file again.",
        "Åbn filen i Excel, kontrollér værdien, og gem filen igen.",
    ),
    Spec(
        "error-value",
        E,
        "the cell holds the error value {value}; expected {expected}",
        "cellen indeholder fejlværdien {value}; forventet {expected}",
        "Replace the error with the answer itself.",
        "Erstat fejlen med selve svaret.",
    ),
    Spec(
        "formula-in-answer",
        W,
        "the answer is a formula ({formula}); kept as the text {value}",
        "svaret er en formel ({formula}); gemt som teksten {value}",
        "Write the answer as plain text.",
        "Skriv svaret som almindelig tekst.",
    ),
    Spec(
        "external-formula",
        W,
        "the answer is a formula reaching outside the workbook ({formula}); its saved value "
        "{value} is used",
        "svaret er en formel, der henter data uden for projektmappen ({formula}); den gemte "
        "værdi {value} bruges",
        "Write the answer itself instead of the formula.",
        "Skriv selve svaret i stedet for formlen.",
    ),
    Spec(
        "not-a-number",
        E,
        "{value} is not a number; expected {expected}",
        "{value} er ikke et tal; forventet {expected}",
        "Write only the number, without units or words (e.g. 2.500).",
        "Skriv kun tallet, uden enhed eller ord (f.eks. 2.500).",
    ),
    Spec(
        "ambiguous-number",
        E,
        "{value} can be read as {reading_a} or as {reading_b}; expected {expected}",
        "{value} kan læses som {reading_a} eller som {reading_b}; forventet {expected}",
        "Write the number without thousands separators (e.g. 1500 or 1,5).",
        "Skriv tallet uden tusindtalsseparator (f.eks. 1500 eller 1,5).",
    ),
    Spec(
        "approximate-number",
        E,
        "{value} is an approximate number; expected {expected}",
        "{value} er et omtrentligt tal; forventet {expected}",
        "Write one number, your best estimate; explain it in the comment field if needed.",
        "Skriv ét tal, jeres bedste skøn; forklar det evt. i bemærkningsfeltet.",
    ),
    Spec(
        "range-given",
        E,
        "{value} is a range; expected {expected}",
        "{value} er et interval; forventet {expected}",
        "Write one number, your best estimate; explain it in the comment field if needed.",
        "Skriv ét tal, jeres bedste skøn; forklar det evt. i bemærkningsfeltet.",
    ),
    Spec(
        "dont-know",
        E,
        "{value} is not a figure; expected {expected}",
        "{value} er ikke et tal; forventet {expected}",
        "Give your best estimate, or 0 if there were none; explain in the comment field.",
        "Angiv jeres bedste skøn, eller 0 hvis der ingen var; forklar i bemærkningsfeltet.",
    ),
    Spec(
        "date-in-number",
        E,
        "{value} is a date; expected {expected}",
        "{value} er en dato; forventet {expected}",
        "Format the cell as a number (not a date) and write the number again.",
        "Formatér cellen som tal (ikke dato), og skriv tallet igen.",
    ),
    Spec(
        "not-finite",
        E,
        "{value} is not a finite number; expected {expected}",
        "{value} er ikke et endeligt tal; forventet {expected}",
        "Write the number itself.",
        "Skriv selve tallet.",
    ),
    Spec(
        "negative",
        E,
        "{value} is negative; expected {expected}",
        "{value} er negativt; forventet {expected}",
        "Write a number of 0 or more.",
        "Skriv et tal på 0 eller mere.",
    ),
    Spec(
        "below-min",
        E,
        "{value} is below the smallest allowed value; expected {expected}",
        "{value} er under den mindste tilladte værdi; forventet {expected}",
        "Check the number.",
        "Kontrollér tallet.",
    ),
    Spec(
        "not-whole",
        E,
        "{value} is not a whole number; expected {expected}",
        "{value} er ikke et helt tal; forventet {expected}",
        "Write a whole number (count each one once).",
        "Skriv et helt tal (tæl hver enkelt én gang).",
    ),
    Spec(
        "above-max",
        E,
        "{value} is above the largest allowed value; expected {expected}",
        "{value} er over den største tilladte værdi; forventet {expected}",
        "Check the number and its unit.",
        "Kontrollér tallet og enheden.",
    ),
    Spec(
        "not-yes-no",
        E,
        "{value} is not Ja or Nej; expected {expected}",
        "{value} er hverken Ja eller Nej; forventet {expected}",
        "Choose Ja or Nej from the drop-down list.",
        "Vælg Ja eller Nej fra rullelisten.",
    ),
    Spec(
        "bad-email",
        E,
        "{value} is not an e-mail address; expected {expected}",
        "{value} er ikke en e-mailadresse; forventet {expected}",
        "Write one e-mail address, e.g. navn@netvaerk.dk.",
        "Skriv én e-mailadresse, f.eks. navn@netvaerk.dk.",
    ),
    Spec(
        "text-too-long",
        W,
        "the text has {length} characters; only the first {limit} are kept",
        "teksten har {length} tegn; kun de første {limit} gemmes",
        "Shorten the text.",
        "Forkort teksten.",
    ),
    Spec(
        "invalid-value",
        E,
        "{value} is not a valid answer; expected {expected}",
        "{value} er ikke et gyldigt svar; forventet {expected}",
        "Write the answer as the question asks.",
        "Skriv svaret, som spørgsmålet beder om.",
    ),
    # --- Cross-field rules (severity comes from the rule) ------------------------------------
    Spec(
        "part-exceeds-total",
        E,
        "{part} is more than the total {total} (question {total_number})",
        "{part} er mere end totalen {total} (spørgsmål {total_number})",
        "A “heraf” number is part of the total above it; correct one of the two.",
        "Et “heraf”-tal er en del af totalen ovenfor; ret et af de to tal.",
    ),
    Spec(
        "sources-do-not-sum",
        E,
        "the financing sources add up to {sum} but the turnover is {total} ({unit}), "
        "a difference of {diff}",
        "finansieringskilderne giver {sum}, men omsætningen er {total} ({unit}), "
        "en forskel på {diff}",
        "Make the sources add up to the turnover; a difference of up to {tolerance} is "
        "within rounding and accepted.",
        "Få kilderne til at give omsætningen; en forskel på op til {tolerance} skyldes "
        "afrunding og accepteres.",
    ),
    Spec(
        "no-but-participants",
        E,
        "question {flag_number} is answered Nej, but {value} took part",
        "spørgsmål {flag_number} er besvaret Nej, men der er angivet {value} deltagere",
        "Answer Ja to question {flag_number}, or write 0 here.",
        "Svar Ja til spørgsmål {flag_number}, eller skriv 0 her.",
    ),
    Spec(
        "yes-but-none",
        W,
        "question {flag_number} is answered Ja, but the number here is 0",
        "spørgsmål {flag_number} er besvaret Ja, men tallet her er 0",
        "Write the number, or answer Nej to question {flag_number}.",
        "Skriv antallet, eller svar Nej til spørgsmål {flag_number}.",
    ),
    Spec(
        "requires-other",
        W,
        "is 0, although question {other_number} is {other_value}",
        "er 0, selvom spørgsmål {other_number} er {other_value}",
        "Check both answers.",
        "Kontrollér begge svar.",
    ),
    Spec(
        "implausible-change",
        W,
        "{value} this year against {previous} last year in {previous_file}; a change of more "
        "than a factor {factor} either way is unusual",
        "{value} i år mod {previous} sidste år; en ændring på mere end en faktor {factor} "
        "op eller ned er usædvanlig",
        "Check the number and its unit; explain a real change in the comment field.",
        "Kontrollér tallet og enheden; forklar en reel ændring i bemærkningsfeltet.",
    ),
)

PREVIOUS = Spec(
    "previous-not-used",
    INFO,
    "{count} of last year's files could not be compared with this year: {value}",
    "{count} af sidste års filer kunne ikke sammenlignes med i år: {value}",
    "Validate the --previous folder on its own, with --year set to last year, to see why.",
    "Validér mappen med sidste års filer for sig, med sidste års undersøgelsesår, for at se "
    "hvorfor.",
)

READ_ERROR = Spec(
    "unreadable",
    E,
    "the file cannot be read ({code}): {detail}",
    "filen kan ikke læses ({code})",
    "",  # the reader's explanation already says what to ask the network for
    "Åbn filen i Excel, gem den som Excel-projektmappe (.xlsx), og send den igen.",
)

# A file whose reading process died or hung (`parallel`): that file's error, the others are read.
WORKER_FAILURES = (
    Spec(
        "worker-crashed",
        E,
        "the file could not be read: {detail}",
        "filen kan ikke læses",
        "Ask the network to save the questionnaire again in Excel (as .xlsx) and resend it.",
        "Åbn filen i Excel, gem den som Excel-projektmappe (.xlsx), og send den igen.",
    ),
    Spec(
        "read-timeout",
        E,
        "the file could not be read: {detail}",
        "filen kan ikke læses (det tager for lang tid)",
        "Ask the network to save the questionnaire again in Excel (as .xlsx) and resend it.",
        "Åbn filen i Excel, gem den som Excel-projektmappe (.xlsx), og send den igen.",
    ),
)

CODES: Mapping[str, Spec] = {s.code: s for s in (*_SPECS, PREVIOUS, READ_ERROR, *WORKER_FAILURES)}


# --- Formatting ------------------------------------------------------------------------------


def fmt_number(x: float | int) -> str:
    """A number as a Danish reader writes it: `316600` -> '316.600', `4.5` -> '4,5'.

    >>> fmt_number(316600), fmt_number(4.5), fmt_number(-1234.25)
    ('316.600', '4,5', '-1.234,25')
    """
    if isinstance(x, float) and math.isnan(x):
        return "NaN"
    if isinstance(x, float) and x in (float("inf"), float("-inf")):
        return "∞" if x > 0 else "-∞"
    text = f"{x:,.10f}".rstrip("0").rstrip(".") if isinstance(x, float) else f"{x:,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def show(value: object) -> str:
    """A found value quoted for a message, shortened if long."""
    if value is None:
        return "(blank)"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return fmt_number(value)
    text = str(value)
    if len(text) > _SHOW_MAX:
        text = text[: _SHOW_MAX - 1] + "…"
    return f"“{text}”"


def expected_of(field: Field) -> tuple[str, str]:
    """What an answer to `field` should look like, in English and Danish."""
    unit = f" ({field.unit})" if field.unit and field.kind in (Kind.INT, Kind.DEC) else ""
    low = f" ≥ {fmt_number(field.min)}" if field.min is not None else ""
    high = f" and ≤ {fmt_number(field.max)}" if field.max is not None else ""
    high_da = f" og ≤ {fmt_number(field.max)}" if field.max is not None else ""
    match field.kind:
        case Kind.INT:
            return f"a whole number{low}{high}{unit}", f"et helt tal{low}{high_da}{unit}"
        case Kind.DEC:
            return (
                f"a number{low}{high}{unit}, decimals with a comma (e.g. 4,5)",
                f"et tal{low}{high_da}{unit}, decimaler med komma (f.eks. 4,5)",
            )
        case Kind.YESNO:
            return "Ja or Nej", "Ja eller Nej"
        case Kind.EMAIL:
            return "an e-mail address (e.g. navn@netvaerk.dk)", "en e-mailadresse"
        case Kind.NETWORK:
            return "a network's name from the list", "et netværksnavn fra listen"
        case Kind.TEXT:
            return f"text of at most {TEXT_MAX} characters", f"tekst på højst {TEXT_MAX} tegn"
    raise TypeError(field.kind)  # pragma: no cover


# --- Making findings -------------------------------------------------------------------------


def make(
    code: str,
    *,
    file: str,
    network: str | None = None,
    sheet: str | None = None,
    cell: str | None = None,
    field: Field | None = None,
    number: str | None = None,
    value: object = None,
    expected: str | None = None,
    expected_da: str | None = None,
    severity: Severity | None = None,
    spec: Spec | None = None,
    **params: object,
) -> Finding:
    """One finding of `code`, its messages filled in from the catalogue.

    `value` is the value found (quoted by `show`); `field` and `number` name the question;
    `params` fill the spec's other placeholders. When `field` is given, `expected` defaults
    to what an answer to it should look like.
    """
    spec = spec or CODES[code]
    if field is not None and expected is None:
        expected, expected_da = expected_of(field)
    shown = show(value)
    values: dict[str, object] = {
        "value": shown,
        "expected": expected or "",
        "code": code,
        **params,
    }
    values_da = {**values, "expected": expected_da or expected or ""}
    where = f"{sheet}!{cell}" if sheet and cell else (sheet or "")
    question = f"{number} “{field.question}”" if field is not None and number else None
    prefix = _prefix(where, question)
    message = _join(prefix, spec.en.format(**values), spec.fix.format(**values))
    message_da = _join(prefix, spec.da.format(**values_da), spec.fix_da.format(**values_da))
    return Finding(
        code=code,
        severity=severity or spec.severity,
        file=file,
        network=network,
        sheet=sheet,
        cell=cell,
        field_id=field.id if field is not None else None,
        question=field.question if field is not None else None,
        value=None if value is None else shown,
        expected=expected,
        message=message,
        message_da=message_da,
    )


def _prefix(where: str, question: str | None) -> str:
    if where and question:
        return f"{where} ({question}): "
    return f"{where}: " if where else ""


def _join(prefix: str, what: str, fix: str) -> str:
    what = what.rstrip(". ")
    text = f"{what[:1].upper()}{what[1:]}." if not prefix else f"{prefix}{what}."
    return f"{text} {fix}" if fix else text


def codes_markdown() -> str:
    """The catalogue as a Markdown table, for the README."""
    rows = ["| Code | Severity | Meaning | Fix |", "|---|---|---|---|"]
    for s in CODES.values():
        rows.append(f"| `{s.code}` | {s.severity.value} | {s.en} | {s.fix} |")
    return "\n".join(rows)
