"""History: the published figures load as printed; recorded years round-trip and win."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import published_history
from survey_names import INDICATORS

from perfreg_xlsx.errors import HistoryError, OutputError
from perfreg_xlsx.models import Response, YearValue
from perfreg_xlsx.report.aggregate import aggregate
from perfreg_xlsx.report.history import (
    PUBLISHED_LONG,
    PUBLISHED_WIDE,
    History,
    load_history,
    record_year,
    recorded_path,
)
from perfreg_xlsx.survey.types import Programme

SHIPPED = published_history()

WIDE_HEADER = "id,section,label_da,unit,2010,2011,change_2010_2011_published\n"
LONG_HEADER = "id,source_in_report,year,value,unit,note\n"


def folder_with(tmp_path: Path, wide: str | None = None, long: str | None = None) -> Path:
    folder = tmp_path / "history"
    folder.mkdir(exist_ok=True)
    if wide is not None:
        (folder / PUBLISHED_WIDE).write_text(WIDE_HEADER + wide, encoding="utf-8")
    if long is not None:
        (folder / PUBLISHED_LONG).write_text(LONG_HEADER + long, encoding="utf-8")
    return folder


def value(history: History, iid: str, year: int) -> float | None:
    return history[(iid, year)].value


# --- The shipped published figures ---------------------------------------------------------------


def test_published_figures_load_as_printed() -> None:
    h = load_history(SHIPPED, before_year=2013)
    assert value(h, "firms_new_products", 2011) == 728
    assert value(h, "employees_avg", 2011) == 4.2
    assert value(h, "share_databases", 2008) == 22
    assert value(h, "networks_reporting", 2010) == 15
    assert value(h, "networks_reporting", 2006) == 36  # from the other file
    assert value(h, "turnover", 2012) == 316.6
    assert value(h, "firms_participating_dedicated", 2011) is None  # NA: not collected
    assert h[("firms_new_products", 2011)] == YearValue(
        year=2011, value=728.0, networks=22, source="published"
    )
    assert h[("firms_new_products", 2010)].networks == 15
    assert h[("share_facilitation", 2007)].networks is None  # NA has nobody behind it
    assert h.files == (SHIPPED / PUBLISHED_WIDE, SHIPPED / PUBLISHED_LONG)


def test_alias_and_appendix3_ids() -> None:
    h = load_history(SHIPPED, before_year=2013)
    assert value(h, "ki_units_innovation_projects", 2006) == 119  # published as ki_units_total
    assert ("ki_units_total", 2006) not in h
    assert value(h, "ki_units_innovation_projects", 2011) == 156
    landscape = h[("landscape_clusters", 2012)]
    assert (landscape.value, landscape.networks) == (54, None)


def test_published_change_texts() -> None:
    h = load_history(SHIPPED, before_year=2012)
    assert h.published_change("firms_new_products") == "19%"
    assert h.published_change("firms_preprojects") == "-3.70%"
    assert h.published_change("employees_avg") == "2.40%"
    assert h.published_change("firms_participating_dedicated") == "NA"
    assert h.published_change("networks_reporting") is None
    assert h.published_change("no_such_row") is None


def test_only_years_before_the_survey_year() -> None:
    h = load_history(SHIPPED, before_year=2012)
    assert max(h.years) == 2011
    assert ("firms_new_products", 2012) not in h
    assert h.years[0] == 2006


# --- Errors name file, line and column --------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("turnover,3.1,x,mio. kr.,151.7,abc,\n", r"line 2, column 2011: 'abc' is not a number"),
        ("turnover,3.1,x,mio. kr.,151.7,,\n", r"line 2, column 2011: an empty cell is not"),
        (
            'turnover,3.1,x,mio. kr.,"151,7",237,\n',
            r"line 2, column 2010: '151,7' is not a number or NA \(use '.' as decimal",
        ),
        ("turnover,3.1,x,mio. kr.,1e3,237,\n", r"'1e3' is not a number"),
        ("turnover,3.1,x,mio. kr.,nan,237,\n", r"'nan' is not a number"),
        ("turnover,3.1,x,1.000 kr.,151.7,237,\n", r"line 2, column unit: turnover is in '1.000"),
        (",3.1,x,mio. kr.,151.7,237,\n", r"line 2, column id: the id is empty"),
        ("networks_reporting,h,x,antal,15,22.5,\n", r"column 2011: '22.5' is not a whole"),
        # Found by the red-team pass: 400 digits became infinity ("unexpected failure"), and a
        # bad cell of 5,000 digits was quoted whole; Arabic-Indic digits were read as numbers.
        (
            "turnover,3.1,x,mio. kr.,151.7," + "9" * 400 + ",\n",
            r"'9{39}…' is not a number .*400 ch",
        ),
        ("turnover,3.1,x,mio. kr.,151.7,\u0662\u0663\u0667,\n", r"'٢٣٧' is not a number"),
    ],
)
def test_bad_values_are_errors(tmp_path: Path, row: str, message: str) -> None:
    folder = folder_with(tmp_path, wide=row)
    with pytest.raises(HistoryError, match=message) as exc:
        load_history(folder, before_year=2013)
    assert PUBLISHED_WIDE in str(exc.value)


def test_na_spellings(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, wide="turnover,3.1,x,mio. kr.,N/A,NA,NA\n")
    h = load_history(folder, before_year=2013)
    assert value(h, "turnover", 2010) is None
    assert value(h, "turnover", 2011) is None
    assert h.published_change("turnover") == "NA"


def test_duplicates_are_errors(tmp_path: Path) -> None:
    row = "turnover,3.1,x,mio. kr.,1,2,\n"
    folder = folder_with(tmp_path, wide=row + "\n" + row)
    with pytest.raises(
        HistoryError, match=r"line 4, column id: turnover is already listed on line 2"
    ):
        load_history(folder, before_year=2013)
    folder = folder_with(tmp_path, wide=row, long="turnover,Tabel,2011,3,mio. kr.,\n")
    with pytest.raises(HistoryError, match=r"line 2: turnover 2011 is already given at"):
        load_history(folder, before_year=2013)
    # The alias is the same figure: giving both is a duplicate too.
    folder = folder_with(
        tmp_path,
        wide="ki_units_innovation_projects,2.3,x,antal,1,2,\n",
        long="ki_units_total,Tabel,2011,3,antal,\n",
    )
    with pytest.raises(HistoryError, match="ki_units_innovation_projects 2011"):
        load_history(folder, before_year=2013)


def test_mistyped_year_heading_is_refused_not_dropped(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, wide="")
    (folder / PUBLISHED_WIDE).write_text(
        "id,section,label_da,unit,2O10,2011,\nturnover,2,Omsætning,mio. kr.,3,4,\n",
        encoding="utf-8",
    )
    with pytest.raises(HistoryError, match=r"line 1: column\(s\) '2O10' are neither a year"):
        load_history(folder, before_year=2013)


def test_published_file_under_another_name_is_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, long="turnover,T,2011,3,mio. kr.,\n")
    (folder / "bilag1_2007_2012 (1).csv").write_text(WIDE_HEADER, encoding="utf-8")
    with pytest.raises(HistoryError, match=r"bilag1_2007_2012 \(1\)\.csv: not a history file"):
        load_history(folder, before_year=2013)


def test_history_file_saved_as_workbook_is_a_clear_error(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, wide="")
    (folder / PUBLISHED_WIDE).write_bytes(b"PK\x03\x04\x81\x8d")
    with pytest.raises(HistoryError, match="it is an Excel workbook, not CSV"):
        load_history(folder, before_year=2013)


def test_structural_errors(tmp_path: Path) -> None:
    with pytest.raises(HistoryError, match="not found"):
        load_history(tmp_path / "nowhere", before_year=2013)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(HistoryError, match="holds none of"):
        load_history(empty, before_year=2013)
    folder = folder_with(tmp_path, long="")
    (folder / PUBLISHED_LONG).write_text("id,year\nx,2011\n", encoding="utf-8")
    with pytest.raises(HistoryError, match=r"line 1: missing column\(s\) value"):
        load_history(folder, before_year=2013)
    (folder / PUBLISHED_LONG).write_text(
        LONG_HEADER + "turnover,T,20x1,3,mio. kr.,\n", encoding="utf-8"
    )
    with pytest.raises(HistoryError, match=r"line 2, column year: '20x1' is not a year"):
        load_history(folder, before_year=2013)
    (folder / PUBLISHED_LONG).write_text(LONG_HEADER + 'x,"T,2011,3\n', encoding="utf-8")
    with pytest.raises(HistoryError, match="not valid CSV"):
        load_history(folder, before_year=2013)
    (folder / PUBLISHED_LONG).write_bytes(b"\x00\x01")
    with pytest.raises(HistoryError):
        load_history(folder, before_year=2013)


def test_excel_saved_files_are_read(tmp_path: Path) -> None:
    # Danish Excel: semicolons, a BOM, or the ANSI code page.
    folder = folder_with(tmp_path)
    text = LONG_HEADER.replace(",", ";") + "employees_avg;T;2011;4.2;årsværk;\n"
    (folder / PUBLISHED_LONG).write_bytes(text.encode("utf-8-sig"))
    assert value(load_history(folder, before_year=2013), "employees_avg", 2011) == 4.2
    (folder / PUBLISHED_LONG).write_bytes(text.encode("cp1252"))
    assert value(load_history(folder, before_year=2013), "employees_avg", 2011) == 4.2


# --- Recorded years ------------------------------------------------------------------------------


def response(
    network: str, values: dict[str, int | float | bool | None], year: int = 2013
) -> Response:
    return Response(
        network=network,
        network_name=network,
        programme=Programme.NETWORK,
        file=f"{network}.xlsx",
        sha256="0" * 64,
        survey_year=year,
        template_version="1.0",
        values=dict(values),
    )


def test_record_and_read_back(tmp_path: Path) -> None:
    folder = tmp_path / "history"
    shutil.copytree(SHIPPED, folder)
    rs = [
        response("a", {"firms_new_products": 500, "turnover": 20_050, "employees_fte": 4.1}),
        response("b", {"firms_new_products": 400, "turnover": None, "employees_fte": 3.3}),
    ]
    summary = aggregate(rs, load_history(folder, before_year=2013), 2013)
    path = record_year(folder, summary)
    assert path == recorded_path(folder, 2013) == folder / "recorded_2013.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "id,year,value,networks,unit"
    assert len(lines) == 1 + len(INDICATORS)
    assert "firms_new_products,2013,900,2,antal" in lines
    assert "turnover,2013,20.05,1,mio. kr." in lines
    assert "employees_avg,2013,3.7,2,årsværk" in lines
    assert "firms_new_ideas,2013,NA,0,antal" in lines
    assert not list(folder.glob("*.tmp"))
    first = path.read_bytes()
    record_year(folder, summary)
    assert path.read_bytes() == first  # same inputs, same bytes

    # Next year's run reads the recording; this year's run ignores it.
    nxt = load_history(folder, before_year=2014)
    assert nxt[("firms_new_products", 2013)] == YearValue(
        year=2013, value=900.0, networks=2, source="recorded"
    )
    assert value(nxt, "turnover", 2013) == 20.05
    assert value(nxt, "firms_new_ideas", 2013) is None
    assert nxt.files[-1] == path
    assert ("firms_new_products", 2013) not in load_history(folder, before_year=2013)

    later = aggregate([response("a", {"firms_new_products": 990}, 2014)], nxt, 2014)
    row = later.get("firms_new_products")
    assert row.value(2013) == 900.0
    assert row.change_pct == 10.0


def test_recorded_wins_over_published(tmp_path: Path) -> None:
    folder = tmp_path / "history"
    shutil.copytree(SHIPPED, folder)
    recorded_path(folder, 2012).write_text(
        "id,year,value,networks,unit\n"
        "firms_new_products,2012,870,21,antal\n"
        "turnover,2012,NA,NA,mio. kr.\n",
        encoding="utf-8",
    )
    h = load_history(folder, before_year=2013)
    assert h[("firms_new_products", 2012)] == YearValue(
        year=2012, value=870.0, networks=21, source="recorded"
    )
    assert h[("turnover", 2012)].value is None  # recorded NA wins too
    # Figures the recording lacks still come from the publication.
    assert h[("firms_new_ideas", 2012)].source == "published"
    assert h[("firms_new_products", 2011)].source == "published"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("turnover,2011,5,22,mio. kr.\n", r"line 2, column year: 2011 in the file of year 2012"),
        ("turnover,2012,5,2.5,mio. kr.\n", r"column networks: '2.5' is not a whole number"),
        ("turnover,2012,five,22,mio. kr.\n", r"line 2, column value: 'five' is not a number"),
        ("turnover,2012,5,22,1.000 kr.\n", r"column unit"),
        (
            "turnover,2012,5,22,mio. kr.\nturnover,2012,5,22,mio. kr.\n",
            r"line 3, column id: turnover is already listed on line 2",
        ),
    ],
)
def test_bad_recordings_are_errors(tmp_path: Path, text: str, message: str) -> None:
    folder = folder_with(tmp_path)
    recorded_path(folder, 2012).write_text("id,year,value,networks,unit\n" + text)
    with pytest.raises(HistoryError, match=message) as exc:
        load_history(folder, before_year=2013)
    assert "recorded_2012.csv" in str(exc.value)


def test_stray_recorded_file_is_an_error(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    (folder / "recorded_2012 (copy).csv").write_text("id,year,value,networks,unit\n")
    with pytest.raises(HistoryError, match=r"recorded_2012 \(copy\).csv: not a recorded year"):
        load_history(folder, before_year=2013)


def test_record_year_reports_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    summary = aggregate([], History(), 2013, n_years=1)
    with pytest.raises(OutputError, match="cannot write"):
        record_year(blocker / "history", summary)
