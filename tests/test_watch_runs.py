"""Reading runs: FIT, GPX, TCX and Strava CSV, dedup across sources, and hostile files."""

from __future__ import annotations

import datetime as dt
import gzip
import re
import time
from pathlib import Path

import pytest

from runstrength.errors import InvalidInput
from runstrength.watch import limits
from runstrength.watch.runs import (
    Run,
    against,
    dedup,
    is_same_run,
    judge_hard,
    read_any,
    read_fit_activity,
    read_gpx,
    read_strava_csv,
    read_tcx,
    walk,
)

from fit_samples import run_fit
from helpers import a_run

DATA = Path(__file__).parent / "data" / "watch"
UTC = dt.UTC
START = dt.datetime(2026, 11, 2, 5, 30, tzinfo=UTC)
INTERVALS = (
    ("warmup", 900.0, 2500.0, 130),
    *(("active", 225.0, 1000.0, 170), ("recovery", 120.0, 300.0, 145)) * 4,
    ("cooldown", 600.0, 1600.0, 135),
)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def one_line_error(call: object, path: Path) -> str:
    with pytest.raises(InvalidInput) as info:
        call()  # type: ignore[operator]
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    return message


# --------------------------------------------------------------------------- FIT


def test_a_fit_run_gives_date_distance_duration_and_heart_rate(tmp_path: Path) -> None:
    path = write(tmp_path / "run.fit", run_fit(START, offset_h=-6.0))
    [run] = read_fit_activity(path)
    assert run.start == START
    assert run.date == dt.date(2026, 11, 2) - dt.timedelta(days=1)  # 05:30 UTC is 23:30 at -6 h
    assert run.distance_m == pytest.approx(10000)
    assert run.duration_s == pytest.approx(3000)
    assert (run.sport, run.avg_hr, run.source_format, run.source) == ("running", 140, "fit", path)
    assert run.hard is None  # no max HR and no usual pace: nothing can tell
    assert run.key == "2026-11-02T05:30:00Z/10000"


def test_fit_heart_rate_against_max_decides_hard(tmp_path: Path) -> None:
    path = write(tmp_path / "run.fit", run_fit(START))
    assert read_fit_activity(path, max_hr=190)[0].hard is False  # 140 is 74 % of 190
    assert read_fit_activity(path, max_hr=165)[0].hard is True  # 140 is 85 % of 165


def test_fit_pace_against_usual_pace_decides_hard(tmp_path: Path) -> None:
    path = write(tmp_path / "run.fit", run_fit(START))  # 300 s/km
    assert read_fit_activity(path, usual_pace_s_per_km=340)[0].hard is True
    assert read_fit_activity(path, usual_pace_s_per_km=310)[0].hard is False


def test_fit_interval_laps_make_a_run_hard(tmp_path: Path) -> None:
    path = write(tmp_path / "intervals.fit", run_fit(START, laps=INTERVALS))
    [run] = read_fit_activity(path, max_hr=200)
    assert run.intervals and run.hard is True


@pytest.mark.parametrize(
    ("sub_sport", "sport"),
    [("trail", "trail"), ("treadmill", "treadmill"), ("track", "track"), ("street", "running")],
)
def test_fit_sub_sports_of_running_are_runs(tmp_path: Path, sub_sport: str, sport: str) -> None:
    path = write(tmp_path / "run.fit", run_fit(START, sub_sport=sub_sport))
    assert read_fit_activity(path)[0].sport == sport


def test_a_fit_ride_is_not_a_run(tmp_path: Path) -> None:
    path = write(tmp_path / "ride.fit", run_fit(START, sport="cycling", sub_sport="road"))
    assert read_fit_activity(path) == []


def test_a_fit_activity_without_a_session_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "crashed.fit", run_fit(START, with_session=False))
    assert "session" in one_line_error(lambda: read_fit_activity(path), path)


def test_a_truncated_fit_file_is_one_line_naming_it(tmp_path: Path) -> None:
    data = run_fit(START)
    path = write(tmp_path / "cut.fit", data[: len(data) // 2])
    assert "truncated" in one_line_error(lambda: read_fit_activity(path), path)


def test_a_fit_file_with_a_wrong_crc_is_refused(tmp_path: Path) -> None:
    data = bytearray(run_fit(START))
    data[-1] ^= 0xFF
    path = write(tmp_path / "crc.fit", bytes(data))
    assert "CRC" in one_line_error(lambda: read_fit_activity(path), path)


def test_a_fit_file_with_a_flipped_data_byte_fails_the_crc(tmp_path: Path) -> None:
    data = bytearray(run_fit(START))
    data[len(data) // 2] ^= 0x01
    path = write(tmp_path / "flip.fit", bytes(data))
    one_line_error(lambda: read_fit_activity(path), path)


def test_a_gzipped_fit_file_reads_like_the_plain_one(tmp_path: Path) -> None:
    path = write(tmp_path / "run.fit.gz", gzip.compress(run_fit(START)))
    assert read_any(path)[0].distance_m == pytest.approx(10000)


def test_a_gzip_bomb_stops_at_the_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1_000_000)
    path = write(tmp_path / "bomb.fit.gz", gzip.compress(b"\0" * 5_000_000))
    assert "limit" in one_line_error(lambda: read_any(path), path)


# --------------------------------------------------------------------------- GPX, TCX


def test_a_gpx_track_gives_distance_from_the_track_and_duration_from_its_times() -> None:
    [run] = read_gpx(DATA / "easy_run.gpx", max_hr=190)
    assert run.start == dt.datetime(2026, 11, 1, 7, 0, tzinfo=UTC)
    assert run.distance_m == pytest.approx(10000, rel=0.01)
    assert run.duration_s == pytest.approx(3300, abs=30)
    assert (run.avg_hr, run.hard, run.sport, run.source_format) == (140, False, "running", "gpx")


def test_a_gpx_of_a_ride_is_not_a_run(tmp_path: Path) -> None:
    text = (
        (DATA / "easy_run.gpx").read_text().replace("<type>running</type>", "<type>cycling</type>")
    )
    assert read_gpx(write(tmp_path / "ride.gpx", text.encode())) == []


def test_a_gpx_without_times_is_refused(tmp_path: Path) -> None:
    text = (DATA / "easy_run.gpx").read_text()
    lines = [line for line in text.splitlines() if "<time>" not in line]
    path = write(tmp_path / "notime.gpx", "\n".join(lines).encode())
    one_line_error(lambda: read_gpx(path), path)


@pytest.mark.parametrize(
    ("stamp", "tz", "day"),
    [
        ("2026-11-21T00:30:00+02:00", None, "2026-11-21"),  # the file's own offset: local day
        ("2026-11-21T00:30:00+02:00", "America/New_York", "2026-11-21"),  # the file wins
        ("2026-11-20T22:30:00Z", None, "2026-11-20"),  # UTC says nothing of the local day
        ("2026-11-20T22:30:00Z", "Europe/Helsinki", "2026-11-21"),  # so --tz decides
    ],
)
@pytest.mark.parametrize("kind", ["gpx", "tcx"])
def test_a_time_with_its_own_utc_offset_dates_the_run_by_it(
    tmp_path: Path, stamp: str, tz: str | None, day: str, kind: str
) -> None:
    """The runs QA pass: a GPX written with local times (+02:00) took its calendar day from
    UTC (or --tz), as if the offset were not there; a FIT file's own offset was used."""
    from zoneinfo import ZoneInfo

    end = stamp.replace("00:30:00", "01:00:00").replace("22:30:00", "23:00:00")
    if kind == "gpx":
        text = GPX_RUN.format(lat="52", year="2026", inner="")
        text = text.replace("2026-11-20T07:00:00Z", stamp).replace("2026-11-20T07:30:00Z", end)
        path = write(tmp_path / "local.gpx", text.encode())
        [run] = read_gpx(path, tz=ZoneInfo(tz) if tz else None)
    else:
        text = (DATA / "intervals.tcx").read_text(encoding="utf-8")
        first = text.split("<Id>", 1)[1].split("</Id>", 1)[0]
        text = text.replace(first, stamp).replace(f'StartTime="{first}"', f'StartTime="{stamp}"')
        path = write(tmp_path / "local.tcx", text.encode())
        [run] = read_tcx(path, tz=ZoneInfo(tz) if tz else None)
    assert run.date.isoformat() == day
    assert run.start.utcoffset() == dt.timedelta(0)  # stored in UTC all the same


def test_a_tcx_with_interval_laps_is_a_hard_run() -> None:
    [run] = read_tcx(DATA / "intervals.tcx")
    assert run.start == dt.datetime(2026, 11, 3, 17, 30, tzinfo=UTC)
    assert run.distance_m == pytest.approx(9300)
    assert run.duration_s == pytest.approx(2880)
    assert run.intervals and run.hard is True
    assert run.avg_hr == 146


def test_a_tcx_lap_without_an_average_takes_its_trackpoints_heart_rate(tmp_path: Path) -> None:
    """The QA run (repro 7): laps with heart rate on each trackpoint but no
    AverageHeartRateBpm read as no heart rate, so a run at 175 bpm was "easy"; the same run
    as GPX was "hard". A lap's trackpoints give its mean when it has no average."""
    text = (
        '<?xml version="1.0"?><TrainingCenterDatabase '
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>'
        '<Activity Sport="Running"><Id>2026-12-01T07:00:00Z</Id>'
        '<Lap StartTime="2026-12-01T07:00:00Z"><TotalTimeSeconds>600</TotalTimeSeconds>'
        "<DistanceMeters>2000</DistanceMeters><Track>"
        + "".join(
            f"<Trackpoint><Time>2026-12-01T07:0{n}:00Z</Time>"
            f"<HeartRateBpm><Value>{hr}</Value></HeartRateBpm></Trackpoint>"
            for n, hr in enumerate((170, 176, 178, 176))
        )
        + "</Track></Lap></Activity></Activities></TrainingCenterDatabase>"
    )
    [run] = read_tcx(write(tmp_path / "hr.tcx", text.encode()), max_hr=190)
    assert run.avg_hr == 175
    assert run.hard is True  # 175 of 190 is 92 %: a hard run, as the GPX reader says
    no_hr = re.sub(r"<HeartRateBpm>.*?</HeartRateBpm>", "", text)
    [run] = read_tcx(write(tmp_path / "no-hr.tcx", no_hr.encode()), max_hr=190)
    assert run.avg_hr is None


def test_a_tcx_bike_ride_is_not_a_run(tmp_path: Path) -> None:
    text = (DATA / "intervals.tcx").read_text().replace('Sport="Running"', 'Sport="Biking"')
    assert read_tcx(write(tmp_path / "ride.tcx", text.encode())) == []


@pytest.mark.parametrize("name", ["easy_run.gpx", "intervals.tcx"])
def test_xml_with_a_doctype_or_entities_is_refused(tmp_path: Path, name: str) -> None:
    text = (DATA / name).read_text()
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
    )
    path = write(tmp_path / name, (bomb + text.split("\n", 1)[1]).encode())
    assert "DOCTYPE" in one_line_error(lambda: read_any(path), path)


def test_a_gpx_with_a_million_points_is_refused_quickly(tmp_path: Path) -> None:
    point = b'<trkpt lat="51.5" lon="-0.1"/>\n'
    head = b'<?xml version="1.0"?>\n<gpx version="1.1" creator="t"><trk><trkseg>\n'
    path = write(tmp_path / "huge.gpx", head + point * 1_000_000 + b"</trkseg></trk></gpx>\n")
    began = time.perf_counter()
    message = one_line_error(lambda: read_any(path), path)
    assert "1000000 track points" in message
    assert time.perf_counter() - began < 5


GPX_RUN = (
    '<?xml version="1.0"?>\n<gpx version="1.1" creator="t" '
    'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>'
    '<trkpt lat="{lat}" lon="13"><time>{year}-11-20T07:00:00Z</time>{inner}</trkpt>'
    '<trkpt lat="52.01" lon="13"><time>{year}-11-20T07:30:00Z</time></trkpt>'
    "</trkseg></trk></gpx>\n"
)


@pytest.mark.parametrize(
    ("name", "lat", "year", "inner", "said"),
    [
        # 150,000 nested elements overflowed the C stack: a segfault (reliability re-check)
        ("deep.gpx", "52", "2026", "<extensions>" + "<a>" * 20_000 + "</a>" * 20_000
         + "</extensions>", "nested more than"),
        ("nan.gpx", "nan", "2026", "", "not on the globe"),  # was a math domain error
        ("y9999.gpx", "52", "9999", "", "a run dated 9999-11-20"),  # was an OverflowError
        ("y0001.gpx", "52", "0001", "", "a run dated 0001-11-20"),
    ],
)  # fmt: skip
def test_a_hostile_gpx_is_one_error_line(
    tmp_path: Path, name: str, lat: str, year: str, inner: str, said: str
) -> None:
    path = write(tmp_path / name, GPX_RUN.format(lat=lat, year=year, inner=inner).encode())
    assert said in one_line_error(lambda: read_any(path), path)
    good = write(tmp_path / "good.gpx", GPX_RUN.format(lat="52", year="2026", inner="").encode())
    result = walk([tmp_path])
    assert len(result.runs) == 1 and result.runs[0].source == good  # the others still count
    assert len(result.errors) == 1 and said in result.errors[0]


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.fit"
    with path.open("wb") as handle:  # sparse: no disk is really used
        handle.truncate(limits.MAX_FILE_BYTES + 1)
    assert "limit" in one_line_error(lambda: read_any(path), path)


# --------------------------------------------------------------------------- Strava CSV


def test_strava_csv_keeps_only_runs_and_reads_metres() -> None:
    found = read_strava_csv(DATA / "activities.csv")
    assert [(r.date.isoformat(), r.sport) for r in found] == [
        ("2026-10-27", "running"),
        ("2026-10-31", "trail"),
        ("2026-11-01", "running"),
        ("2026-11-02", "virtual"),
    ]
    assert found[1].distance_m == pytest.approx(12351.7)  # the metre column, not 12.35 km
    assert found[1].duration_s == 4015  # moving time
    assert found[1].avg_hr == 147
    assert found[0].start == dt.datetime(2026, 10, 27, 6, 15, 3, tzinfo=UTC)


def test_strava_csv_dates_move_to_the_runners_time_zone() -> None:
    from zoneinfo import ZoneInfo

    found = read_strava_csv(DATA / "activities.csv", tz=ZoneInfo("Pacific/Auckland"))
    assert found[-1].date == dt.date(2026, 11, 3)  # 21:10 UTC is the next morning in NZ


def test_strava_csv_with_one_distance_column_reads_km(tmp_path: Path) -> None:
    text = (
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance\n"
        '1,"Nov 1, 2026, 7:00:00 AM",Run,Run,3000,10.5\n'
    )
    [run] = read_strava_csv(write(tmp_path / "activities.csv", text.encode()))
    assert run.distance_m == pytest.approx(10500)


@pytest.mark.parametrize(
    "name",
    ['"=HYPERLINK(""http://x"",""run"")"', "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3", "\tweird"],
)
def test_strava_csv_with_a_formula_cell_is_refused_whole(tmp_path: Path, name: str) -> None:
    text = (DATA / "activities.csv").read_text().replace("Hill loop", name)
    path = write(tmp_path / "activities.csv", text.encode())
    assert "formula" in one_line_error(lambda: read_strava_csv(path), path)


def test_negative_numbers_in_numeric_columns_are_not_formulas() -> None:
    assert len(read_strava_csv(DATA / "activities.csv")) == 4  # the sample has -1.8 grades


def test_a_csv_that_is_not_a_strava_export_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "activities.csv", b"Date,Km\n2026-11-01,10\n")
    one_line_error(lambda: read_any(path), path)


def test_a_bad_date_in_a_run_row_refuses_the_file(tmp_path: Path) -> None:
    text = (DATA / "activities.csv").read_text().replace("Oct 31, 2026, 8:02:41 AM", "someday")
    path = write(tmp_path / "activities.csv", text.encode())
    one_line_error(lambda: read_strava_csv(path), path)


# --------------------------------------------------------------------------- dispatch, dedup


def test_read_any_trusts_content_and_refuses_a_wrong_extension(tmp_path: Path) -> None:
    gpx = (DATA / "easy_run.gpx").read_bytes()
    assert len(read_any(write(tmp_path / "track.xml", gpx))) == 1
    path = write(tmp_path / "track.fit", gpx)
    assert "GPX" in one_line_error(lambda: read_any(path), path)
    junk = write(tmp_path / "notes.txt", b"hello")
    one_line_error(lambda: read_any(junk), junk)


def _run(start: dt.datetime, km: float, fmt: str = "fit") -> Run:
    return a_run(start, km, f"x.{fmt}")


def test_the_same_run_is_within_two_minutes_and_three_percent() -> None:
    a = _run(START, 10.0)
    assert is_same_run(a, _run(START + dt.timedelta(seconds=120), 10.29))
    assert not is_same_run(a, _run(START + dt.timedelta(seconds=121), 10.0))
    assert not is_same_run(a, _run(START, 10.32))


def test_dedup_keeps_the_richer_source_and_its_heart_rate() -> None:
    csv_row = _run(START + dt.timedelta(seconds=40), 10.1, "strava-csv")
    fit = _run(START, 10.0, "fit")
    other = _run(START + dt.timedelta(hours=3), 10.0, "gpx")
    assert dedup([csv_row, other, fit]) == [fit, other]
    assert against([csv_row], [fit]) == ([], [])  # stored already, and no poorer for it
    new, upgrades = against([fit, other], [csv_row])  # the FIT knows the stored run better
    assert new == [other] and [(old, up.source_format) for old, up in upgrades] == [
        (csv_row, "fit")
    ]


def test_walk_reads_a_folder_counts_each_run_once_and_reports_bad_files(tmp_path: Path) -> None:
    export = tmp_path / "export"
    (export / "activities").mkdir(parents=True)
    (export / "activities.csv").write_bytes((DATA / "activities.csv").read_bytes())
    (export / "activities" / "easy.gpx").write_bytes((DATA / "easy_run.gpx").read_bytes())
    same_as_csv = run_fit(
        dt.datetime(2026, 10, 27, 6, 15, 50, tzinfo=UTC), laps=[("active", 2850.0, 8000.0, 139)]
    )
    (export / "activities" / "17000000001.fit.gz").write_bytes(gzip.compress(same_as_csv))
    (export / "activities" / "broken.fit").write_bytes(run_fit(START)[:100])
    (export / "shoes.csv").write_bytes(b"Shoe,Km\nPegasus,400\n")  # not an activity list: skipped
    (export / "photo.jpg").write_bytes(b"\xff\xd8")
    result = walk([export, DATA / "intervals.tcx"], max_hr=190)
    assert result.files == 5
    broken = export / "activities" / "broken.fit"
    assert result.errors == [f"{broken}: truncated FIT file (100 of {len(run_fit(START))} bytes)"]
    sources = [(r.date.isoformat(), r.source_format) for r in result.runs]
    assert sources == [
        ("2026-10-27", "fit"),  # FIT beats the CSV row of the same run
        ("2026-10-31", "strava-csv"),
        ("2026-11-01", "gpx"),
        ("2026-11-02", "strava-csv"),
        ("2026-11-03", "tcx"),
    ]
    assert result.duplicates == 2
    assert result.without_runs == []
    ride = tmp_path / "ride.fit"
    ride.write_bytes(run_fit(START, sport="cycling", sub_sport="road"))
    again = walk([ride, export / "activities.csv"], existing=result.runs)
    assert (again.runs, again.duplicates, again.without_runs) == ([], 4, [ride])


def test_judge_hard_needs_evidence() -> None:
    assert judge_hard(intervals=False, avg_hr=150, distance_m=1, duration_s=1) is None
    assert judge_hard(intervals=True, avg_hr=None, distance_m=0, duration_s=0) is True


def test_utf16_xml_cannot_hide_a_doctype(tmp_path: Path) -> None:
    text = '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n'
    text += (DATA / "intervals.tcx").read_text().split("\n", 1)[1]
    path = write(tmp_path / "sneaky.tcx", text.encode("utf-16"))
    one_line_error(lambda: read_tcx(path), path)


def test_a_fit_file_over_the_fit_cap_is_refused_before_decoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runstrength.watch import _fit

    monkeypatch.setattr(_fit, "MAX_FIT_BYTES", 1000)
    path = write(tmp_path / "long.fit", run_fit(START))
    assert "FIT limit" in one_line_error(lambda: read_fit_activity(path), path)


def test_a_file_name_with_control_characters_is_refused_and_never_echoed(tmp_path: Path) -> None:
    """Reliability re-check: `y<ESC>]0;PWN2<BEL>.tcx` was imported, stored as the run's
    source and printed by `runs list`, setting the terminal's title. It is refused with
    its name shown escaped; the other files still import."""
    hostile = write(
        tmp_path / "y\x1b]0;PWN\x07.gpx", GPX_RUN.format(lat="52", year="2026", inner="").encode()
    )
    good = write(tmp_path / "good.gpx", GPX_RUN.format(lat="52", year="2026", inner="").encode())
    result = walk([tmp_path])
    assert [r.source for r in result.runs] == [good]
    assert (
        len(result.errors) == 1 and "\x1b" not in result.errors[0] and "\\x1b" in result.errors[0]
    )
    assert hostile.exists()
