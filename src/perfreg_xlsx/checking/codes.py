"""The finding codes of a file as a whole and of a folder, and the `Spec` every code is.

A `Spec` is one finding code: a stable code, a default severity, an English message for the
secretariat, a Danish one for the network, and a fix hint in both languages, each a
`str.format` template that `findings.make` fills. The codes of one answer and of the
cross-field rules are in `answer_codes`; `findings.CODES` is the whole catalogue.

Codes of files the reader refuses (`reader.ReadError.code`, e.g. `not-a-zip`) come from the
reader; they share the `READ_ERROR` wording, with the reader's own explanation.
"""

from __future__ import annotations

from dataclasses import dataclass

from perfreg_xlsx.form.fieldmap import COL_ANSWER
from perfreg_xlsx.survey.types import Severity
from perfreg_xlsx.util.a1 import col_letter

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
ANSWER_COLUMN = col_letter(COL_ANSWER)  # the column a network writes its answers in


@dataclass(frozen=True)
class Spec:
    """One finding code. Templates use `str.format` fields filled by `findings.make`."""

    code: str
    severity: Severity
    en: str
    da: str
    fix: str
    fix_da: str


FILE_CODES: tuple[Spec, ...] = (
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
        "The form was made from another survey definition: send the network its form from "
        "`perfreg-xlsx template` (version {expected}) and have the answers copied into it.",
        "Skemaet er lavet efter en anden udgave af undersøgelsen: overfør svarene til "
        "netværkets skema for i år (version {expected}), som sekretariatet sender.",
    ),
    Spec(
        "wrong-year",
        E,
        "survey year {value}, expected {expected}",
        "undersøgelsesår {value}, forventet {expected}",
        "Use the questionnaire of {expected}, or give the survey year explicitly if this year is "
        "right.",
        "Brug spørgeskemaet for {expected}.",
    ),
    Spec(
        "mixed-years",
        E,
        "the questionnaires are for different survey years: {value}",
        "spørgeskemaerne er for forskellige år: {value}",
        "Give the survey year explicitly, or move the questionnaires of other years out of the "
        "folder.",
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
        f"Unmerge the cells and write the answer in column {ANSWER_COLUMN} only.",
        f"Ophæv fletningen, og skriv kun svaret i kolonne {ANSWER_COLUMN}.",
    ),
    Spec(
        "form-empty",
        E,
        "the questionnaire is not filled in: none of its {count} questions is answered",
        "spørgeskemaet er ikke udfyldt: ingen af dets {count} spørgsmål er besvaret",
        "Ask the network to fill in the questionnaire it was sent, save it and send it again.",
        "Udfyld spørgeskemaet, gem det, og send det igen.",
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
        E,
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
)

PREVIOUS = Spec(
    "previous-not-used",
    INFO,
    "{count} of last year's files could not be compared with this year: {value}",
    "{count} af sidste års filer kunne ikke sammenlignes med i år: {value}",
    "Validate last year's folder on its own, with last year as the survey year, to see why.",
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
