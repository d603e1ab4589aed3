"""Where the survey round stands, network by network of the register (`perfreg-xlsx status`).

One row per registered network: the form sent (its per-network copy exists), the answer
received (file, date, SHA-256), its status and the number of errors, warnings and explained
warnings. Built from a `ValidationResult`; the reminders to write follow from the rows.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from perfreg_xlsx.form.template import form_filename
from perfreg_xlsx.models import FileResult, FileStatus, ValidationResult
from perfreg_xlsx.survey.registry import Network, Register
from perfreg_xlsx.survey.types import Severity
from perfreg_xlsx.util.safetext import path_text

__all__ = ["EXPLAINED", "NetworkStatus", "network_status"]

# The finding code of a warning the respondent explained in the form (severity info).
EXPLAINED = "explained"
# Of several files of one network, the one that stands for its answer: the best status.
_RANK = {FileStatus.ACCEPTED: 0, FileStatus.INVALID: 1, FileStatus.REFUSED: 2}


@dataclass(frozen=True)
class NetworkStatus:
    """One network's place in the round."""

    short_name: str
    name: str
    form: str | None  # the per-network copy sent, if it exists
    file: str | None  # the answer received, if any
    received: str | None  # the answer's modification date, ISO (YYYY-MM-DD)
    sha256: str | None
    status: str  # accepted / invalid / refused, or "no answer"
    errors: int
    warnings: int
    explained: int

    @property
    def needs(self) -> str | None:
        """Why the network gets a reminder: "answer", "correct", or None (nothing to do).

        Warnings alone get none: the answer is accepted into the report as it is, and a
        warning is for the network to explain if it wants to, not a thing it must correct.
        """
        if self.file is None:
            return "answer"
        if self.status != FileStatus.ACCEPTED or self.errors:
            return "correct"
        return None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "needs": self.needs}


def network_status(
    result: ValidationResult, register: Register, forms_dir: Path, year: int | None
) -> list[NetworkStatus]:
    """One `NetworkStatus` per network of `register`, in register order."""
    by_network: dict[str, list[FileResult]] = {}
    for fr in result.files:
        if fr.network is not None and fr.status in _RANK:
            by_network.setdefault(fr.network, []).append(fr)
    rows: list[NetworkStatus] = []
    for network in register.networks:
        files = sorted(by_network.get(network.short_name, []), key=lambda f: _RANK[f.status])
        rows.append(_row(network, files[0] if files else None, forms_dir, year))
    return rows


def form_path(network: Network, forms_dir: Path, year: int | None) -> Path | None:
    """The network's per-network copy in `forms_dir`, if it is there."""
    if year is None:
        return None
    path = forms_dir / form_filename(network, year)
    return path if path.is_file() else None


def _row(
    network: Network, fr: FileResult | None, forms_dir: Path, year: int | None
) -> NetworkStatus:
    form = form_path(network, forms_dir, year)
    if fr is None:
        return NetworkStatus(
            network.short_name, network.name, _text(form), None, None, None, "no answer", 0, 0, 0
        )
    severities = [f.severity for f in fr.findings]
    return NetworkStatus(
        short_name=network.short_name,
        name=network.name,
        form=_text(form),
        file=path_text(fr.file),
        received=_date(Path(fr.file)),
        sha256=fr.sha256 or _sha256(Path(fr.file)),
        status=fr.status.value,
        errors=severities.count(Severity.ERROR),
        warnings=severities.count(Severity.WARNING),
        explained=sum(
            1 for f in fr.findings if f.severity is Severity.INFO and f.code == EXPLAINED
        ),
    )


def _text(path: Path | None) -> str | None:
    return None if path is None else path_text(path)


def _date(path: Path) -> str | None:
    try:
        stamp = path.stat().st_mtime
    except OSError:  # gone since it was read: the row still says what was received
        return None
    return datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC).date().isoformat()


def _sha256(path: Path) -> str | None:
    """The digest of a file the reader refused (it has none from the reader)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()
