"""Names of the shipped survey definition that the sample generator and the tests use.

Read from the built-in definition (the packaged workbook), never typed a second time: the
financing sources are the parts of the sum rule on turnover, the state and firms groups the
fields of their appendix 1 rows, the knowledge-institution kinds the fields of figure 3.4's
shares. A definition without them stops here with a KeyError naming what is missing.
"""

from __future__ import annotations

from collections.abc import Mapping

from perfreg_xlsx.survey import catalogue
from perfreg_xlsx.survey.landscape import LANDSCAPE_PREFIX
from perfreg_xlsx.survey.rules import Rule, SourcesSum
from perfreg_xlsx.survey.types import Field, Indicator, Section

_BUILTIN = catalogue.builtin()

SECTIONS: tuple[Section, ...] = _BUILTIN.sections
FIELDS: tuple[Field, ...] = _BUILTIN.fields
RULES: tuple[Rule, ...] = _BUILTIN.rules
HEADLINE: tuple[str, ...] = _BUILTIN.headline
APPENDIX1_HEADINGS: Mapping[str, tuple[str, ...]] = _BUILTIN.appendix1_headings
fields_for = _BUILTIN.fields_for
rules_for = _BUILTIN.rules_for
FIELDS_BY_ID: Mapping[str, Field] = _BUILTIN.fields_by_id
INDICATORS_BY_ID: Mapping[str, Indicator] = _BUILTIN.indicators_by_id
INDICATORS: tuple[Indicator, ...] = _BUILTIN.indicators
APPENDIX1: tuple[Indicator, ...] = _BUILTIN.appendix1
# Appendix 3's indicators: the wider landscape of clusters and networks.
LANDSCAPE: tuple[Indicator, ...] = tuple(
    i for i in _BUILTIN.indicators if i.id.startswith(LANDSCAPE_PREFIX)
)

FINANCING_STATE: tuple[str, ...] = INDICATORS_BY_ID["financing_state"].fields
FINANCING_FIRMS: tuple[str, ...] = INDICATORS_BY_ID["financing_firms"].fields
FINANCING_SOURCES: tuple[str, ...] = next(
    r.parts for r in _BUILTIN.rules if isinstance(r, SourcesSum) and r.total == "turnover"
)
# The kinds of knowledge institution asked about (figure 3.4): field id -> Danish label.
KI_KINDS: Mapping[str, str] = {
    i.fields[0]: i.label_da for i in _BUILTIN.indicators if i.id.startswith("share_ki_")
}
