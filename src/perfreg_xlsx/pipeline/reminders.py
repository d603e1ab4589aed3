"""Reminder e-mail drafts (`status --reminders DIR`): one `.eml` per network that has not
answered or must correct something, in Danish, its form or feedback copy attached.

An `.eml` (RFC 5322, made with the stdlib `email` package) opens in any mail program;
``X-Unsent: 1`` makes Outlook open it as a draft to send. It is from the secretariat
(`templates/secretariat.csv`) and to the contact e-mail the network gave in its returned
form; the register holds no e-mail addresses, so without a readable answer the recipient is
left for the sender to fill in, as the draft says at its top.
"""

from __future__ import annotations

import re
import tempfile
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from functools import partial
from pathlib import Path

from perfreg_xlsx.checking.feedback import write_feedback
from perfreg_xlsx.errors import OutputError
from perfreg_xlsx.form.secretariat import Secretariat
from perfreg_xlsx.form.template import form_filename, write_template
from perfreg_xlsx.models import FileStatus, ValidationResult
from perfreg_xlsx.pipeline.status import NetworkStatus
from perfreg_xlsx.survey.answer_rules import EMAIL_PATTERN
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.util.atomic import atomic_write

__all__ = ["reminder_name", "write_reminders"]

_XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
# Register text goes into a header: control characters (a line break would start a header of
# its own) become spaces; the `email` policy then folds and encodes what is left.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# The question of the form that holds the contact's e-mail: the draft's recipient.
CONTACT_EMAIL = "contact_email"
_NO_RECIPIENT = (
    "[Til afsenderen: netværkets e-mailadresse kendes ikke fra en læsbar besvarelse. Skriv "
    "modtageren i feltet Til, og slet denne linje, før du sender.]\n\n"
)


def reminder_name(row: NetworkStatus, year: int) -> str:
    """``ve-net_2012_paamindelse.eml``: the register's short names are letters, digits, '-'."""
    return f"{row.short_name}_{year}_paamindelse.eml"


def write_reminders(
    rows: list[NetworkStatus],
    folder: Path,
    result: ValidationResult,
    register: Register,
    year: int,
    secretariat: Secretariat | None = None,
) -> list[Path]:
    """Write one draft per row that needs one into `folder`; returns the drafts written.

    `secretariat` is the sender (None: the From line is left for the mail program)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {folder}: {exc.strerror}") from None
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="perfreg-reminders-") as scratch:
        for row in rows:
            if row.needs is None:
                continue
            name, data = _attachment(row, result, register, year, Path(scratch))
            to = _contact(row, result)
            message = _message(row, year, name, data, secretariat, to)
            dest = folder / reminder_name(row, year)
            data_out = message.as_bytes()
            atomic_write(dest, partial(Path.write_bytes, data=data_out))
            written.append(dest)
    return written


def _attachment(
    row: NetworkStatus, result: ValidationResult, register: Register, year: int, scratch: Path
) -> tuple[str, bytes]:
    """The file to attach: the feedback copy of a readable answer with findings, else the
    network's form (the copy sent, or a new one when it is not there)."""
    network = register.with_short_name(row.short_name)
    assert network is not None  # the rows come from the register
    answer = next((f for f in result.files if f.file == row.file), None)
    if answer is not None and answer.status is not FileStatus.REFUSED:
        one = result.model_copy(update={"files": (answer,)})
        copies, _failed = write_feedback(one, scratch / row.short_name, register)
        if copies:
            return copies[0].name, copies[0].read_bytes()
    if row.form is not None:
        form = Path(row.form)
        return form.name, form.read_bytes()
    path = scratch / form_filename(network, year)
    write_template(path, year, network.programme, network, register=register)
    return path.name, path.read_bytes()


def _contact(row: NetworkStatus, result: ValidationResult) -> Address | None:
    """The contact e-mail the network wrote in its answer, when it is one."""
    answer = next((f for f in result.files if f.file == row.file), None)
    given = answer.response.values.get(CONTACT_EMAIL) if answer and answer.response else None
    return _address(row.name, given) if isinstance(given, str) else None


def _address(name: str, addr: str) -> Address | None:
    """`addr` as a header address with `name` shown, None when it is not an address (input
    text: a line break or a second "@" must not add a header or a recipient)."""
    addr = addr.strip()
    if not re.match(EMAIL_PATTERN, addr) or _CONTROL.search(addr):
        return None
    try:
        return Address(display_name=_CONTROL.sub(" ", name).strip(), addr_spec=addr)
    except (HeaderParseError, ValueError, IndexError):
        return None


def _message(
    row: NetworkStatus,
    year: int,
    attachment: str,
    data: bytes,
    secretariat: Secretariat | None,
    to: Address | None,
) -> EmailMessage:
    name = _CONTROL.sub(" ", row.name).strip()
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = f"Performanceregnskab {year}: {_subject(row)} – {name}"
    sender = None if secretariat is None else _address(secretariat.name, secretariat.email)
    if sender is not None:
        msg["From"] = sender
    msg["To"] = "" if to is None else to
    msg["X-Unsent"] = "1"
    body = _body(row, year, name, attachment)
    msg.set_content(body if to is not None else _NO_RECIPIENT + body)
    msg.add_attachment(data, maintype=_XLSX[0], subtype=_XLSX[1], filename=attachment)
    return msg


def _subject(row: NetworkStatus) -> str:
    return "påmindelse om besvarelse" if row.needs == "answer" else "rettelser til besvarelsen"


def _body(row: NetworkStatus, year: int, name: str, attachment: str) -> str:
    hello = f"Kære {name}\n\n"
    bye = "\n\nPå forhånd tak.\n\nMed venlig hilsen\nSekretariatet for performanceregnskabet\n"
    if row.needs == "answer":
        return (
            f"{hello}Vi har endnu ikke modtaget jeres besvarelse af spørgeskemaet til "
            f"performanceregnskabet for {year}. Skemaet er vedhæftet ({attachment}). Udfyld "
            "det i Excel, og send det tilbage som .xlsx-fil." + bye
        )
    if row.status == FileStatus.REFUSED:
        what = (
            "Den fil, vi modtog, kunne ikke læses som et udfyldt spørgeskema. Udfyld venligst "
            f"det vedhæftede skema ({attachment}) i Excel, og send det tilbage som .xlsx-fil."
        )
    else:
        counts = f"{row.errors} fejl og {row.warnings} advarsler"
        what = (
            f"Vi har modtaget jeres besvarelse, men den har {counts}. I den vedhæftede kopi "
            f"({attachment}) er problemerne markeret og forklaret. Ret fejlene, og ret eller "
            "forklar advarslerne i forklaringsfeltet, og send skemaet tilbage."
        )
    return f"{hello}Tak for jeres besvarelse til performanceregnskabet for {year}. {what}{bye}"
