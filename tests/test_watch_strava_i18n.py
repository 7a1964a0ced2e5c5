"""Strava's activities.csv in the account's language (German, French): localised headers,
activity types, dates and decimal commas; an export in a language this reader does not
know is one line naming the file. Samples and their sources: tests/data/watch/SOURCES.md."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runstrength.cli import app
from runstrength.errors import InvalidInput
from runstrength.watch.runs import read_any, read_strava_csv, walk
from runstrength.watch.strava_i18n import HEADERS, canonical, decimal, local_date

DATA = Path(__file__).parent / "data" / "watch"
UTC = dt.UTC


@pytest.mark.parametrize("name", ["strava_de.csv", "strava_fr.csv"])
def test_a_localised_export_reads_like_the_english_one(name: str) -> None:
    found = read_strava_csv(DATA / name)
    assert [(r.date.isoformat(), r.sport) for r in found] == [
        ("2026-11-03", "running"),  # the ride of 2026-11-04 (Radfahrt / Vélo) is left out
        ("2026-11-07", "running"),
    ]
    assert found[0].start == dt.datetime(2026, 11, 3, 6, 15, 3, tzinfo=UTC)
    assert found[1].start == dt.datetime(2026, 11, 7, 8, 2, 41, tzinfo=UTC)
    assert found[1].distance_m == pytest.approx(16351.7)  # the metre column, not "16,35"
    assert found[1].duration_s == 5330  # Bewegungszeit / Durée de déplacement
    assert [r.source_format for r in found] == ["strava-csv", "strava-csv"]


def test_german_heart_rate_and_the_english_sample_agree() -> None:
    de = read_strava_csv(DATA / "strava_de.csv")
    en = {r.start.time(): r for r in read_strava_csv(DATA / "activities.csv")}
    assert de[0].avg_hr == 139  # Durchschnittliche Herzfrequenz
    assert (de[0].distance_m, de[0].duration_s) == (
        en[dt.time(6, 15, 3)].distance_m,
        en[dt.time(6, 15, 3)].duration_s,
    )
    assert read_strava_csv(DATA / "strava_fr.csv")[0].avg_hr is None  # no such French column


def test_a_single_distance_column_with_a_decimal_comma_is_km(tmp_path: Path) -> None:
    path = tmp_path / "activities.csv"
    path.write_text(
        "Aktivitäts-ID,Aktivitätsdatum,Name der Aktivität,Aktivitätsart,Verstrichene Zeit,"
        'Distanz\n1,"09.12.2026, 15:24:49",Lauf am Abend,Lauf,3189,"9,44"\n',
        encoding="utf-8",
    )
    [run] = read_strava_csv(path)
    assert run.distance_m == pytest.approx(9440)
    assert run.duration_s == 3189
    assert run.start == dt.datetime(2026, 12, 9, 15, 24, 49, tzinfo=UTC)


def test_the_header_table_and_the_number_and_date_readers() -> None:
    assert canonical("Date de l’activité") == "Activity Date"  # typographic apostrophe
    assert canonical(" Aktivitätsart ") == "Activity Type"
    assert canonical("Distance") == "Distance"
    assert set(HEADERS) >= {"Activity Date", "Activity Type", "Distance"}
    texts = ("9,44", "8021.4", "1.234,5", "")
    assert [decimal(t) for t in texts] == ["9.44", "8021.4", "1234.5", ""]
    assert local_date("24 mai 2012 à 16:27:40") == dt.datetime(2012, 5, 24, 16, 27, 40, tzinfo=UTC)
    assert local_date("1 déc. 2026 à 07:00:00") == dt.datetime(2026, 12, 1, 7, tzinfo=UTC)
    assert local_date("31.02.2026, 10:00:00") is None  # no such day
    assert local_date("30 brumaire 2026 à 07:00:00") is None


@pytest.mark.parametrize(
    "header",
    [
        # Spanish and Italian exports are not confirmed (SOURCES.md): refused, not guessed
        "ID de actividad,Fecha de la actividad,Nombre de la actividad,Tipo de actividad,Distancia",
        "Activity ID,Activity Name,Activity Type,Distance",  # no date column
    ],
)
def test_an_export_without_the_needed_columns_is_one_line_naming_the_file(
    tmp_path: Path, header: str
) -> None:
    path = tmp_path / "activities.csv"
    path.write_text(f"{header}\n1,x,y,Run,5\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        read_any(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: not a Strava activities.csv: no activity date column")
    assert "'Aktivitätsdatum'" in message and "English, German and French" in message


def test_a_localised_date_that_is_not_a_date_refuses_the_file(tmp_path: Path) -> None:
    text = (DATA / "strava_de.csv").read_text(encoding="utf-8").replace("07.11.2026", "07.13.2026")
    path = tmp_path / "activities.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"Activity Date '07\.13\.2026, 08:02:41' is not a date"):
        read_strava_csv(path)


def test_the_samples_stay_out_of_a_folder_import() -> None:
    names = {r.source.name for r in walk([DATA]).runs}
    assert not names & {"strava_de.csv", "strava_fr.csv"}


def test_runs_import_takes_a_german_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-11-09")
    monkeypatch.setenv("TZ", "UTC")
    export = tmp_path / "activities.csv"
    export.write_bytes((DATA / "strava_de.csv").read_bytes())
    result = CliRunner().invoke(app, ["runs", "import", str(export)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Imported 2 runs (24.4 km, 2026-11-03 to 2026-11-07")
    listed = json.loads(CliRunner().invoke(app, ["runs", "list", "--format", "json"]).stdout)
    assert [r["date"] for r in listed] == ["2026-11-03", "2026-11-07"]
    bad = tmp_path / "es" / "activities.csv"
    bad.parent.mkdir()
    bad.write_text("ID de actividad,Fecha de la actividad,Tipo de actividad\n1,x,Carrera\n")
    refused = CliRunner().invoke(app, ["runs", "import", str(bad)])
    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"Error: {bad}: not a Strava activities.csv: no activity")
    assert "Traceback" not in refused.stderr
