"""The history folder: a file not found or not read is said (and stops a --strict run); file
names are matched in any letter case, as the README says and as Windows does (issue 16 item 5).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import HISTORY_DIR, INPUTS_DIR, REGISTER_CSV, copy_published_history

from perfreg_xlsx.cli.main import cli
from perfreg_xlsx.errors import HistoryError
from perfreg_xlsx.report.history import (
    PUBLISHED_LONG,
    PUBLISHED_WIDE,
    history_warnings,
    load_history,
)

EARLIER = range(2007, 2012)  # the earlier years of the 2012 report
RECORDED = "id,year,value,networks,unit\nfirms_new_products,{year},{value},22,antal\n"


def recording(folder: Path, name: str, year: int, value: int) -> Path:
    path = folder / name
    path.write_text(RECORDED.format(year=year, value=value), encoding="utf-8")
    return path


def warnings_of(folder: Path, survey_year: int = 2012) -> tuple[str, ...]:
    history = load_history(folder, before_year=survey_year)
    return history_warnings(history, range(survey_year - 5, survey_year))


def test_the_shipped_folder_gives_no_warning() -> None:
    # The repository's own folder, README.md and all.
    assert (HISTORY_DIR / "README.md").is_file()
    assert warnings_of(HISTORY_DIR) == ()


def test_a_missing_published_file_is_named_with_its_years(tmp_path: Path) -> None:
    folder = copy_published_history(tmp_path / "history")
    (folder / PUBLISHED_WIDE).unlink()
    assert warnings_of(folder) == (
        f"{folder / PUBLISHED_WIDE} not found: the report shows NA for 2007, 2008, 2009, "
        "2010, 2011 (the published figures of appendix 1)",
    )
    (folder / PUBLISHED_LONG).unlink()
    recording(folder, "recorded_2011.csv", 2011, 5)
    assert warnings_of(folder) == (
        f"{folder / PUBLISHED_WIDE} not found: the report shows NA for 2007, 2008, 2009, "
        "2010 (the published figures of appendix 1)",
        f"{folder / PUBLISHED_LONG} not found: the published figures outside appendix 1 of "
        "2007, 2008, 2009, 2010 are missing from the report",
    )


def test_a_missing_recording_is_named(tmp_path: Path) -> None:
    folder = copy_published_history(tmp_path / "history")
    recording(folder, "recorded_2012.csv", 2012, 869)
    # The 2014 report shows 2009-2013: 2013 was never recorded.
    assert warnings_of(folder, 2014) == (
        f"no figures for 2013 in {folder}: no recorded_2013.csv, so the report shows NA for 2013",
    )
    recording(folder, "recorded_2013.csv", 2013, 900)
    assert warnings_of(folder, 2014) == ()


def test_a_published_year_column_missing_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "history"
    folder.mkdir()
    header = "id,section,label_da,unit,2007,2008,2010,2011\n"
    (folder / PUBLISHED_WIDE).write_text(
        header + "firms_new_products,4,x,antal,1,2,3,4\n", encoding="utf-8"
    )
    shutil.copyfile(HISTORY_DIR / PUBLISHED_LONG, folder / PUBLISHED_LONG)
    assert warnings_of(folder) == (
        f"no figures for 2009 in {folder}: no recorded_2009.csv nor a 2009 column in "
        f"{PUBLISHED_WIDE}, so the report shows NA for 2009",
    )


def test_file_names_are_matched_in_any_letter_case(tmp_path: Path) -> None:
    folder = copy_published_history(tmp_path / "history")
    (folder / PUBLISHED_WIDE).rename(folder / "Bilag1_2007_2012.CSV")
    upper = recording(folder, "Recorded_2011.CSV", 2011, 777)
    history = load_history(folder, before_year=2012)
    assert history[("firms_new_products", 2011)].value == 777  # the recording wins
    assert history[("firms_new_products", 2011)].source == "recorded"
    assert history[("firms_new_products", 2010)].value == 322  # from Bilag1_2007_2012.CSV
    assert upper in history.files
    assert history_warnings(history, EARLIER) == ()


def test_another_csv_file_in_any_case_stops_the_run(tmp_path: Path) -> None:
    folder = copy_published_history(tmp_path / "history")
    (folder / "Notes.CSV").write_text("id\n", encoding="utf-8")
    with pytest.raises(HistoryError, match=r"Notes\.CSV: not a history file"):
        load_history(folder, before_year=2012)
    (folder / "Notes.CSV").unlink()
    (folder / "RECORDED_2011 (copy).CSV").write_text("id\n", encoding="utf-8")
    with pytest.raises(HistoryError, match=r"RECORDED_2011 \(copy\)\.CSV: not a recorded year"):
        load_history(folder, before_year=2012)


def test_two_names_for_one_file_are_refused(tmp_path: Path) -> None:
    folder = copy_published_history(tmp_path / "history")
    recording(folder, "recorded_2011.csv", 2011, 1)
    recording(folder, "RECORDED_2011.csv", 2011, 2)
    with pytest.raises(HistoryError, match="differ only in letter case"):
        load_history(folder, before_year=2012)


def test_a_file_that_is_not_read_is_named(tmp_path: Path) -> None:
    folder = copy_published_history(tmp_path / "history")
    saved_as_workbook = folder / "bilag1_2007_2012.xlsx"
    saved_as_workbook.write_bytes(b"PK\x03\x04")
    # The folder's description, hidden files and Excel's lock files are not worth a word.
    for name in ("README.md", ".DS_Store", "~$bilag1_2007_2012.xlsx", "desktop.ini"):
        (folder / name).write_bytes(b"x")
    (folder / "backup").mkdir()
    assert warnings_of(folder) == (
        f"{saved_as_workbook}: not a history file, not read (history files are "
        f"{PUBLISHED_WIDE}, {PUBLISHED_LONG} and recorded_<year>.csv)",
    )


# --- The command -----------------------------------------------------------------------------


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    shutil.copytree(INPUTS_DIR, tmp_path / "inputs", ignore=shutil.ignore_patterns("~$*", "._*"))
    copy_published_history(tmp_path / "history")
    return tmp_path


def aggregate(project: Path, *args: str) -> Result:
    return CliRunner().invoke(
        cli,
        [
            "aggregate",
            str(project / "inputs"),
            "--register",
            str(REGISTER_CSV),
            "--out",
            str(project / "out"),
            "--history",
            str(project / "history"),
            "--made-on",
            "2013-05-01",
            "--no-record",
            "--jobs",
            "1",
            *args,
        ],
    )


def test_aggregate_says_a_history_file_is_missing_and_strict_stops(project: Path) -> None:
    wide = project / "history" / PUBLISHED_WIDE
    wide.unlink()
    result = aggregate(project)
    assert result.exit_code == 0, result.output
    said = f"Warning: {wide} not found: the report shows NA for 2007, 2008, 2009, 2010, 2011"
    assert said in result.output
    report = project / "out" / "performanceregnskab_2012.xlsx"
    report.unlink()
    result = aggregate(project, "--strict")
    assert result.exit_code == 1
    assert f"Error: {wide} not found" in result.stderr
    assert "(strict: a warning stops the report)" in result.stderr
    assert not report.exists()


def test_aggregate_reads_a_recording_in_capitals(project: Path) -> None:
    recording(project / "history", "Recorded_2011.CSV", 2011, 777)
    result = aggregate(project, "--strict")
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.output
