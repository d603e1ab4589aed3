"""The named cell styles and the chart palette that every workbook of the tool shares.

A cell names its style (`Cell.style`); `STYLES` gives each name its xlsxwriter format
properties, and the renderer makes one format per name. The layouts (report, profiles) pick
names and colours from here, so the renderer holds no look of its own.
"""

from __future__ import annotations

from typing import Any

_BORDER: dict[str, Any] = {"border": 1, "border_color": "#A6A6A6", "valign": "top"}
_HEAD: dict[str, Any] = {
    **_BORDER,
    "bold": True,
    "bg_color": "#DCE6F1",
    "text_wrap": True,
    "valign": "vcenter",
}

# xlsxwriter format properties by style name. A cell names its style; the writer makes one
# xlsxwriter Format per name.
STYLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 14},
    "subtitle": {"bold": True, "font_size": 12},
    "note": {"italic": True, "font_color": "#595959"},
    "key": {"bold": True, "valign": "top"},
    "plain": {"valign": "top"},
    "plain_wrap": {"valign": "top", "text_wrap": True},
    "year_plain": {"num_format": "0", "align": "left", "valign": "top"},
    "int_plain": {"num_format": "#,##0", "align": "left", "valign": "top"},
    "date": {"num_format": "dd-mm-yyyy", "align": "left", "valign": "top"},
    "link": {"font_color": "#0563C1", "underline": 1, "valign": "top"},
    "warn": {"bold": True, "font_color": "#C00000", "align": "left", "valign": "top"},
    "warn_text": {"font_color": "#C00000", "valign": "top", "text_wrap": True},
    "head": {**_HEAD, "align": "center"},
    "head_left": {**_HEAD, "align": "left"},
    "head_year": {**_HEAD, "align": "center", "num_format": "0"},
    "head_note": {**_HEAD, "bold": False, "italic": True, "font_size": 9, "align": "center"},
    "section": {
        **_BORDER,
        "bold": True,
        "bg_color": "#1F4E79",
        "font_color": "#FFFFFF",
    },
    "subsection": {**_BORDER, "bold": True, "bg_color": "#BDD7EE"},
    "label": {**_BORDER, "text_wrap": True, "valign": "top"},
    "label_bold": {**_BORDER, "text_wrap": True, "valign": "top", "bold": True},
    "text": {**_BORDER, "valign": "top"},
    "text_wrap": {**_BORDER, "valign": "top", "text_wrap": True},
    "mono": {**_BORDER, "valign": "top", "font_name": "Consolas", "font_size": 9},
    "na": {**_BORDER, "align": "right", "valign": "top"},
    "blank": {**_BORDER},
    # A count repeated on each row of its group (table 2.1): grey, as the first row says it.
    "count_repeat": {**_BORDER, "num_format": "#,##0", "valign": "top", "font_color": "#7F7F7F"},
    "year": {**_BORDER, "num_format": "0", "valign": "top"},
    # Years that label rows, set left like the text labels of the other tables.
    "year_left": {**_BORDER, "num_format": "0", "valign": "top", "align": "left"},
    "general": {**_BORDER, "valign": "top"},
    **{
        f"num{d}": {
            **_BORDER,
            "num_format": "#,##0" + ("." + "0" * d if d else ""),
            "valign": "top",
        }
        for d in range(4)
    },
    **{
        f"pct{d}": {
            **_BORDER,
            "num_format": "0" + ("." + "0" * d if d else "") + "%",
            "valign": "top",
        }
        for d in range(3)
    },
}


def num_style(decimals: int) -> str:
    """The style of a number shown with `decimals` decimals and a thousands separator."""
    return f"num{min(max(decimals, 0), 3)}"


def pct_style(decimals: int) -> str:
    """The style of a fraction shown as a percentage with `decimals` decimals."""
    return f"pct{min(max(decimals, 0), 2)}"


# The one palette of the charts: calm, and distinct in hue and lightness.
PALETTE: tuple[str, ...] = (
    "#1F4E79",  # navy
    "#5B9BD5",  # blue
    "#C8A24A",  # muted gold
    "#6E9A5E",  # sage
    "#B7674E",  # terracotta
    "#4FA3A5",  # teal
    "#9A9A9A",  # grey
    "#A9C9E6",  # light blue
)
