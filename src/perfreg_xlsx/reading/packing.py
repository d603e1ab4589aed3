"""How a worker's `FileResult` crosses to the parent process: compact, and cheap to keep.

Pickled as they are, ten thousand results arrive with ten thousand copies of every answer's
key and two sets of field names each, about half of what the parent then holds. Packed, the
answers travel as a tuple of values against the key strings of the catalogue in force (the
workers run under the same one, see `pool`), and the models
are rebuilt with `model_construct` (they were validated in the worker) sharing one set of
field names per model. `loads(dumps(x)) == x`.
"""

from __future__ import annotations

import pickle
from functools import cache
from typing import Any

from perfreg_xlsx.models import FileResult, FileStatus, Finding, Response, Value
from perfreg_xlsx.survey.catalogue import Catalogue, current
from perfreg_xlsx.survey.types import Programme

# Every field is given when a result is made (see `validate._result`); shared, never changed.
_RESULT_FIELDS = set(FileResult.model_fields)
_RESPONSE_FIELDS = set(Response.model_fields)
_SHORT_TEXTS: dict[str, str] = {}  # template versions: the same few in every result


@cache  # per catalogue (hashed by identity)
def _answer_keys(cat: Catalogue) -> tuple[tuple[str, ...], ...]:
    """The field ids of each programme's answers, in form order: what a packed result's
    values are matched against."""
    return tuple(tuple(f.id for f in cat.fields_for(p)) for p in Programme)


@cache
def _key_index(cat: Catalogue) -> dict[tuple[str, ...], int]:
    return {keys: i for i, keys in enumerate(_answer_keys(cat))}


def _result(
    file: str,
    status: str,
    sha256: str | None,
    network: str | None,
    version: str | None,
    findings: tuple[Finding, ...],
    response: tuple[Any, ...] | None,
) -> FileResult:
    """Rebuild a result packed by `_Packed` (called by `pickle.loads`)."""
    if version is not None:
        version = _SHORT_TEXTS.setdefault(version, version)
    return FileResult.model_construct(
        _RESULT_FIELDS,
        file=file,
        status=FileStatus(status),
        sha256=sha256,
        network=network,
        template_version=version,
        response=None if response is None else _response(*response),
        findings=findings,
    )


def _response(
    network: str,
    network_name: str,
    programme: str,
    file: str,
    sha256: str,
    survey_year: int,
    version: str,
    index: int,
    values: tuple[Value, ...],
) -> Response:
    return Response.model_construct(
        _RESPONSE_FIELDS,
        network=network,
        network_name=network_name,
        programme=Programme(programme),
        file=file,
        sha256=sha256,
        survey_year=survey_year,
        template_version=_SHORT_TEXTS.setdefault(version, version),
        values=dict(zip(_answer_keys(current())[index], values, strict=True)),
    )


class _Packed:
    """A result on its way to the parent process; pickled as a call of `_result`."""

    def __init__(self, args: tuple[Any, ...]) -> None:
        self.args = args

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return _result, self.args


def pack(result: FileResult) -> FileResult | _Packed:
    """`result`, or a stand-in that pickles smaller and unpickles as an equal result."""
    r = result.response
    response: tuple[Any, ...] | None = None
    if r is not None:
        index = _key_index(current()).get(tuple(r.values))
        if index is None:  # answers the catalogue does not know: sent as they are
            return result
        values = tuple(r.values.values())
        response = (r.network, r.network_name, r.programme.value, r.file, r.sha256)
        response += (r.survey_year, r.template_version, index, values)
    if result.model_fields_set != _RESULT_FIELDS or (
        r is not None and r.model_fields_set != _RESPONSE_FIELDS
    ):
        return result
    return _Packed(
        (
            result.file,
            result.status.value,
            result.sha256,
            result.network,
            result.template_version,
            result.findings,
            response,
        )
    )


def dumps(obj: object) -> bytes:
    """`pickle.dumps(obj)`, where `obj` may hold `pack`ed results."""
    return pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)
