"""load_actuals_sql and --actuals-db: the same actuals from CSV, records, SQLite and a real
PostgreSQL server give identical reports; every bad source is a located error, exit 1."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from hypothesis import HealthCheck, assume, given, settings

import cspmeasures
from cspmeasures import ActualsError, load_actuals_records, load_actuals_sql
from cspmeasures.actuals import COLUMNS
from cspmeasures.cli import main
from pgserver import postgres_server
from strategies_evaluation import Plan, plans

ROOT = Path(__file__).resolve().parents[1]
MEDWAY = ROOT / "catalogue" / "medway-csp-2017-18.yaml"
MEDWAY_ACTUALS = ROOT / "catalogue" / "medway-csp-2017-18-actuals.yaml"
RIVERSIDE = ROOT / "docs" / "examples" / "riverside-csp-2024-25.yaml"
DAY = dt.date(2017, 9, 30)
MOMENT = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)

#: the actuals table: text where a cell may hold words or a % sign, numbers for the counts
ACTUALS = sa.Table(
    "actuals",
    sa.MetaData(),
    sa.Column("measure", sa.String(100), nullable=False),
    sa.Column("period", sa.String(20), nullable=False),
    sa.Column("value", sa.String(40)),
    sa.Column("numerator", sa.Numeric(12, 2)),
    sa.Column("denominator", sa.Numeric(12, 2)),
    sa.Column("reported", sa.String(40)),
    sa.Column("flag", sa.String(40)),
    sa.Column("state", sa.String(20)),
    sa.Column("judgement", sa.String(20)),
    sa.Column("evidence", sa.Text),
    sa.Column("note", sa.Text),
)
#: Riverside's figures with the period as a DATE (a day in the quarter) and numbers typed
DATED = sa.Table(
    "dated",
    sa.MetaData(),
    sa.Column("measure", sa.String(100)),
    sa.Column("period", sa.Date),
    sa.Column("numerator", sa.Integer),
    sa.Column("denominator", sa.Integer),
    sa.Column("value", sa.Float),
    sa.Column("flag", sa.String(40)),
)
DATED_ROWS = [
    {"measure": "da-victims-contacted", "period": dt.date(2024, 4, 1), "numerator": 68,
     "denominator": 84, "value": None, "flag": None},
    {"measure": "home-safety-visits", "period": dt.date(2024, 6, 30), "numerator": None,
     "denominator": None, "value": 32.0, "flag": None},
    {"measure": "da-victims-contacted", "period": dt.date(2024, 8, 15), "numerator": 79,
     "denominator": 88, "value": None, "flag": None},
    {"measure": "home-safety-visits", "period": dt.date(2024, 9, 30), "numerator": None,
     "denominator": None, "value": 19.0, "flag": "provisional"},
]  # fmt: skip
#: the same figures as an actuals CSV with period labels
DATED_CSV = """\
measure,period,numerator,denominator,value,flag
da-victims-contacted,2024-25 Q1,68,84,,
home-safety-visits,2024-25 Q1,,,32,
da-victims-contacted,2024-25 Q2,79,88,,
home-safety-visits,2024-25 Q2,,,19,provisional
"""


def medway_records() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = yaml.safe_load(MEDWAY_ACTUALS.read_text(encoding="utf-8"))[
        "actuals"
    ]
    return rows


def fill(engine: sa.Engine) -> None:
    """Both tables, made afresh and filled: Medway's rows and Riverside's dated rows."""
    for table in (ACTUALS, DATED):
        table.drop(engine, checkfirst=True)
        table.create(engine)
    rows = [{c: (None if r.get(c) is None else r[c]) for c in COLUMNS} for r in medway_records()]
    for row in rows:
        for name in ("value", "reported"):
            if row[name] is not None:
                row[name] = str(row[name])
    with engine.begin() as connection:
        connection.execute(ACTUALS.insert(), rows)
        connection.execute(DATED.insert(), DATED_ROWS)


def medway_csv() -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(medway_records())
    return out.getvalue()


@pytest.fixture(scope="module")
def medway() -> cspmeasures.Catalogue:
    return cspmeasures.load_catalogue(MEDWAY)


@pytest.fixture(scope="module")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'actuals.db'}"
    engine = sa.create_engine(url)
    fill(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    with postgres_server() as url:
        engine = sa.create_engine(url)
        fill(engine)
        engine.dispose()
        yield url


def report_json(
    catalogue: cspmeasures.Catalogue, actuals: cspmeasures.Actuals, day: dt.date
) -> str:
    return cspmeasures.evaluate(catalogue, actuals, day).to_json(generated_at=MOMENT)


def test_csv_records_sqlite_and_postgresql_give_identical_reports(
    medway: cspmeasures.Catalogue, sqlite_url: str, postgres_url: str
) -> None:
    """Medway's actuals from a CSV, as records, from SQLite and from PostgreSQL: the same
    observations, and the same report JSON, byte for byte."""
    from_csv = cspmeasures.loads_actuals(medway_csv(), medway, "medway.csv")
    sources = {
        "records": load_actuals_records(medway_records(), medway),
        "sqlite": load_actuals_sql(sqlite_url, "SELECT * FROM actuals", medway),
        "postgresql": load_actuals_sql(postgres_url, "SELECT * FROM actuals", medway),
    }
    assert len(from_csv) == 40
    want = report_json(medway, from_csv, DAY)
    for name, actuals in sources.items():
        assert actuals == from_csv, name
        assert report_json(medway, actuals, DAY) == want, name


@pytest.mark.parametrize("which", ["sqlite", "postgres"])
def test_date_columns_are_read_as_dates(which: str, request: pytest.FixtureRequest) -> None:
    """A DATE period is the measure's period containing the day; typed numbers are read as
    their cells: the report equals the one from the CSV with period labels."""
    url = request.getfixturevalue(f"{which}_url")
    catalogue = cspmeasures.load_catalogue(RIVERSIDE)
    if which == "postgres":  # the driver gives datetime.date objects
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            period = connection.execute(sa.text("SELECT period FROM dated LIMIT 1")).scalar()
        engine.dispose()
        assert type(period) is dt.date
    got = load_actuals_sql(url, "SELECT * FROM dated ORDER BY period", catalogue)
    want = cspmeasures.loads_actuals(DATED_CSV, catalogue)
    assert sorted(got, key=str) == sorted(want, key=str)
    day = dt.date(2024, 9, 30)
    assert report_json(catalogue, got, day) == report_json(catalogue, want, day)


def test_an_open_connection_or_engine_is_used_as_given(
    medway: cspmeasures.Catalogue, sqlite_url: str
) -> None:
    """An Engine, or a Connection (left open for its owner), instead of a URL."""
    engine = sa.create_engine(sqlite_url)
    query = "SELECT * FROM actuals WHERE measure = 'yot-triage-reoffending'"
    with engine.connect() as connection:
        actuals = load_actuals_sql(connection, query, medway)
        assert not connection.closed
    assert [(o.numerator, o.denominator) for o in actuals] == [(6.0, 20.0)]
    assert len(load_actuals_sql(engine, query, medway)) == 1
    engine.dispose()
    with pytest.raises(TypeError, match="needs a database URL or an SQLAlchemy Engine"):
        load_actuals_sql(42, query, medway)


def test_cli_reads_actuals_from_a_database(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, postgres_url: str, tmp_path: Path
) -> None:
    """evaluate --actuals-db (default query SELECT * FROM actuals) gives the report of the
    same rows in a CSV file; validate counts the rows."""
    csv_path = tmp_path / "medway.csv"
    csv_path.write_text(medway_csv(), encoding="utf-8")
    args = ["evaluate", str(MEDWAY), "--as-of", "2017-09-30", "--format", "json"]
    assert main([*args, "--actuals", str(csv_path)]) == 0
    want = json.loads(capsys.readouterr().out)
    for url in (sqlite_url, postgres_url):
        assert main([*args, "--actuals-db", url]) == 0
        got = json.loads(capsys.readouterr().out)
        got["generated_at"] = want["generated_at"]
        assert got == want
    query = "SELECT * FROM actuals WHERE measure LIKE 'yot%'"
    assert (
        main(["validate", str(MEDWAY), "--actuals-db", sqlite_url, "--actuals-query", query]) == 0
    )
    assert capsys.readouterr().err.endswith(f"{sqlite_url}: valid: 4 rows\n")


def bad(medway: cspmeasures.Catalogue, url: str, query: str) -> list[str]:
    with pytest.raises(ActualsError) as caught:
        load_actuals_sql(url, query, medway)
    return [p.headline() for p in caught.value.problems]


def test_bad_queries_are_named(
    medway: cspmeasures.Catalogue, sqlite_url: str, postgres_url: str
) -> None:
    """A failing query, one without a measure column, an unknown or repeated column: each
    an error naming the query, on SQLite and PostgreSQL alike."""
    for url in (sqlite_url, postgres_url):
        shown = sa.make_url(url).render_as_string(hide_password=True)
        failed = bad(medway, url, "SELECT * FROM nowhere")
        assert len(failed) == 1
        assert failed[0].startswith(f"{shown}: query 'SELECT * FROM nowhere': the query failed: ")
        assert "nowhere" in failed[0]
        assert bad(medway, url, "SELECT period, value FROM actuals") == [
            f"{shown}: query 'SELECT period, value FROM actuals': the query returned no "
            "'measure' column (its columns: period, value)"
        ]
        assert bad(medway, url, "SELECT measure, period, value AS valu FROM actuals") == [
            f"{shown}: query 'SELECT measure, period, value AS valu FROM actuals', column 3: "
            "unknown column 'valu' (did you mean 'value'?); expected some of: measure, period, "
            "value, numerator, denominator, reported, flag, state, judgement, evidence, note"
        ]
        twice = "SELECT measure, period, value, value FROM actuals"
        assert bad(medway, url, twice) == [
            f"{shown}: query {twice!r}, column 4: the column 'value' appears twice"
        ]


def test_bad_rows_are_located_and_nothing_is_loaded(
    medway: cspmeasures.Catalogue, sqlite_url: str
) -> None:
    """A row of the query that the CSV checks refuse is named by its index under the URL;
    the good rows around it are not loaded."""
    query = (
        "SELECT measure, period, value FROM actuals WHERE measure = 'early-help-assessments' "
        "UNION ALL SELECT 'early-help-assesments', '2017-18 Q3', '5' "
        "UNION ALL SELECT 'early-help-assessments', NULL, '5'"
    )
    assert bad(medway, sqlite_url, query) == [
        f"{sqlite_url}: rows[2].measure: no measure in medway-csp-2017-18 has the id "
        "'early-help-assesments' (did you mean 'early-help-assessments'?)",
        f"{sqlite_url}: rows[3].period: the row has no period",
    ]


def test_a_connection_that_cannot_be_opened_hides_the_password(
    medway: cspmeasures.Catalogue, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing listens on the port: exit 1 with the URL shown without its password."""
    with socket_closed() as port:
        url = f"postgresql+psycopg://analyst:s3cret-pw@127.0.0.1:{port}/csp"
        code = main(["evaluate", str(MEDWAY), "--actuals-db", url])
    err = capsys.readouterr().err
    assert code == 1
    assert "s3cret-pw" not in err
    assert err.startswith(
        f"postgresql+psycopg://analyst:***@127.0.0.1:{port}/csp: cannot open the database: "
    )
    assert err.endswith("1 problem found\n")


def test_unreadable_urls_are_errors(medway: cspmeasures.Catalogue) -> None:
    """A URL SQLAlchemy cannot read, or a database it has no dialect for."""
    assert bad(medway, "not a database url", "SELECT 1") == [
        "not a database url: cannot read the database URL: Could not parse SQLAlchemy URL "
        "from given URL string"
    ]
    got = bad(medway, "nosuchdb://user:pw@host/db", "SELECT 1")
    assert got[0].startswith("nosuchdb://user:***@host/db: cannot open the database: ")
    assert "pw@" not in got[0]


def test_database_options_are_checked(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    """--actuals with --actuals-db, or --actuals-query alone, is bad usage (exit 2)."""
    assert main(["evaluate", str(MEDWAY), "--actuals", "x.csv", "--actuals-db", sqlite_url]) == 2
    assert "not both" in capsys.readouterr().err
    assert main(["evaluate", str(MEDWAY), "--actuals-query", "SELECT 1"]) == 2
    assert "--actuals-query needs --actuals-db URL" in capsys.readouterr().err


class socket_closed:
    """A loopback port that nothing listens on (bound, then released)."""

    def __enter__(self) -> int:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port: int = probe.getsockname()[1]
        return port

    def __exit__(self, *exc: object) -> None:
        return None


def test_sqlalchemy_is_optional(
    monkeypatch: pytest.MonkeyPatch, medway: cspmeasures.Catalogue
) -> None:
    """Without SQLAlchemy, load_actuals_sql says how to install it (an ActualsError, exit 1
    from the command line); the package and its command line import without it."""
    monkeypatch.setitem(sys.modules, "sqlalchemy", None)
    with pytest.raises(ActualsError, match=r"pip install 'cspmeasures\[sql\]'"):
        load_actuals_sql("sqlite://", "SELECT 1", medway)
    probe = "import sys, cspmeasures, cspmeasures.cli; print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans())
def test_generated_csv_actuals_read_the_same_as_records_and_from_sqlite(plan: Plan) -> None:
    """Any generated plan's CSV actuals: as records (csv.DictReader's rows) and as the rows of
    a SQLite table of text columns, the same observations and the same report."""
    assume(plan.actuals_format == "csv")
    catalogue = cspmeasures.loads_catalogue(plan.catalogue_text, "generated.yaml")
    want = cspmeasures.loads_actuals(plan.actuals_text, catalogue, "generated.csv")
    rows = list(csv.DictReader(io.StringIO(plan.actuals_text, newline="")))
    assert load_actuals_records(rows, catalogue) == want
    engine = sa.create_engine("sqlite://")
    names = list(rows[0]) if rows else ["measure", "period"]
    with engine.begin() as connection:
        columns = ", ".join(f'"{name}" TEXT' for name in names)
        connection.execute(sa.text(f"CREATE TABLE actuals ({columns})"))
        if rows:
            marks = ", ".join(f":p{i}" for i in range(len(names)))
            connection.execute(
                sa.text(f"INSERT INTO actuals VALUES ({marks})"),
                [{f"p{i}": row[name] for i, name in enumerate(names)} for row in rows],
            )
    with engine.connect() as connection:
        got = load_actuals_sql(connection, "SELECT * FROM actuals", catalogue)
    engine.dispose()
    assert got == want
    day = dt.date(plan.year + 1, 3, 31)
    assert report_json(catalogue, got, day) == report_json(catalogue, want, day)


def test_a_missing_sqlite_file_is_not_made(
    medway: cspmeasures.Catalogue, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A misspelt SQLite path is an error, exit 1, and no empty database is left there."""
    missing = tmp_path / "actuals-typo.db"
    code = main(["evaluate", str(MEDWAY), "--actuals-db", f"sqlite:///{missing}"])
    assert code == 1
    assert f"cannot open the database: there is no file '{missing}'" in capsys.readouterr().err
    assert not missing.exists()


def test_cli_bad_query_exits_1_naming_it(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    """A query that fails, or has no measure column: exit 1, the query named, no report;
    validate --format json lists the problem in its document."""
    base = ["evaluate", str(MEDWAY), "--as-of", "2017-09-30", "--actuals-db", sqlite_url]
    assert main([*base, "--actuals-query", "SELECT * FROM actualz"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        f"{sqlite_url}: query 'SELECT * FROM actualz': the query failed: no such table: actualz"
        in captured.err
    )
    query = "SELECT period FROM actuals"
    code = main(
        [
            "validate",
            str(MEDWAY),
            "--actuals-db",
            sqlite_url,
            "--actuals-query",
            query,
            "--format",
            "json",
        ]
    )
    assert code == 1
    document = json.loads(capsys.readouterr().out)
    assert document["valid"] is False
    assert document["problems"][0]["file"] == sqlite_url
    assert document["problems"][0]["path"] == f"query {query!r}"
    assert document["problems"][0]["message"].startswith("the query returned no 'measure' column")
