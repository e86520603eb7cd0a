"""Actuals from a database: the rows of an SQL query, read through SQLAlchemy.

``load_actuals_sql(url_or_connection, query, catalogue)`` runs ``query`` (by default
:data:`DEFAULT_QUERY`) on a database URL (``sqlite:///actuals.db``,
``postgresql+psycopg://user:password@host/db``) or an open SQLAlchemy ``Connection`` or
``Engine``, and reads its rows as records (:mod:`cspmeasures.records`): the query's
columns are the CSV columns (``measure`` and ``period`` required), each value is read as
the CSV cell that would hold it, and a ``DATE`` column's dates are read as dates (a period
of the measure's frequency that contains the day).

Every problem raises :class:`~cspmeasures.errors.ActualsError`, located by the URL (its
password hidden) and ``rows[i].column``: a URL that cannot be read, a connection that
cannot be opened, a query that fails, a column that is not an actuals column, and each
bad row. Nothing is loaded when there is a problem; the query runs in a transaction that
is rolled back.

SQLAlchemy is an optional dependency: ``pip install 'cspmeasures[sql]'`` (it brings a
PostgreSQL driver, psycopg, too; SQLite needs none).
"""

from __future__ import annotations

import os
import re
from typing import Any

from cspmeasures.actuals import Actuals
from cspmeasures.errors import ActualsError, Problem
from cspmeasures.model import Catalogue
from cspmeasures.records import key_problem, read_records

__all__ = ["DEFAULT_QUERY", "load_actuals_sql", "shown_url"]

DEFAULT_QUERY = "SELECT * FROM actuals"
_PASSWORD = re.compile(r"(?P<head>://[^:/@]*:)(?P<password>[^@]*)(?P<tail>@)")


def _sqlalchemy() -> Any:
    """The sqlalchemy module, or an ActualsError that says how to install it."""
    try:
        import sqlalchemy
    except ImportError:
        raise ActualsError(
            [
                Problem(
                    "reading actuals from a database needs SQLAlchemy, an optional "
                    "dependency: pip install 'cspmeasures[sql]'",
                    "<database>",
                )
            ]
        ) from None
    return sqlalchemy


def shown_url(url: str) -> str:
    """A database URL fit to print: its password replaced by ``***``."""
    return _PASSWORD.sub(lambda m: f"{m['head']}***{m['tail']}", url)


def _refuse(message: str, where: str, path: str = "") -> ActualsError:
    return ActualsError([Problem(message, where, None, None, path)])


def _hide(text: str, password: str | None) -> str:
    """A driver's error message on one line, with the password, should it be quoted, taken out."""
    text = " ".join(text.split())
    return text.replace(password, "***") if password else text


def load_actuals_sql(url_or_connection: object, query: str, catalogue: Catalogue) -> Actuals:
    """The rows of ``query`` as actuals, checked as the CSV is (see the module's notes)."""
    sqlalchemy = _sqlalchemy()
    from sqlalchemy import exc

    password: str | None = None
    if isinstance(url_or_connection, str):
        where = shown_url(url_or_connection)
        try:
            url = sqlalchemy.engine.make_url(url_or_connection)
        except (exc.ArgumentError, ValueError) as error:
            raise _refuse(f"cannot read the database URL: {error}", where) from None
        password = url.password
        where = url.render_as_string(hide_password=True)
        database = url.database or ""
        if (
            url.get_backend_name() == "sqlite"
            and database not in ("", ":memory:")
            and not database.startswith("file:")
            and not os.path.exists(database)
        ):  # SQLite would make an empty database there: a misspelt path is not an input
            raise _refuse(f"cannot open the database: there is no file {database!r}", where)
        try:
            engine = sqlalchemy.create_engine(url)
        except (exc.SQLAlchemyError, ImportError) as error:
            raise _refuse(
                f"cannot open the database: {_hide(str(error), password)}", where
            ) from None
        try:
            return _read(engine, query, catalogue, where, password)
        finally:
            engine.dispose()
    if isinstance(url_or_connection, (sqlalchemy.engine.Engine, sqlalchemy.engine.Connection)):
        engine_url = url_or_connection.engine.url
        password = engine_url.password
        where = engine_url.render_as_string(hide_password=True)
        return _read(url_or_connection, query, catalogue, where, password)
    raise TypeError(
        "load_actuals_sql needs a database URL or an SQLAlchemy Engine or Connection, "
        f"not {type(url_or_connection).__name__}"
    )


def _read(
    source: Any, query: str, catalogue: Catalogue, where: str, password: str | None
) -> Actuals:
    """The query's rows from an Engine (a connection is opened, rolled back and closed
    here) or an open Connection (used as it is: its transaction is the caller's)."""
    sqlalchemy = _sqlalchemy()
    from sqlalchemy import exc

    path = f"query {query!r}"
    opened = isinstance(source, sqlalchemy.engine.Engine)
    try:
        connection = source.connect() if opened else source
    except (exc.SQLAlchemyError, ImportError) as error:
        message = _hide(str(getattr(error, "orig", None) or error), password)
        raise _refuse(f"cannot open the database: {message}", where) from None
    try:
        try:
            result = connection.execute(sqlalchemy.text(query))
            columns = list(result.keys())
            rows = [dict(zip(columns, row, strict=True)) for row in result]
        except exc.SQLAlchemyError as error:
            message = _hide(str(getattr(error, "orig", None) or error), password)
            raise _refuse(f"the query failed: {message}", where, path) from None
        finally:
            if opened:
                connection.rollback()
    finally:
        if opened:
            connection.close()
    problems = [
        Problem(problem, where, None, None, f"{path}, column {number}")
        for number, name in enumerate(columns, 1)
        if (problem := key_problem(name)) is not None
    ]
    names = [str(c).strip().lower() for c in columns]
    problems += [
        Problem(f"the column {name!r} appears twice", where, None, None, f"{path}, column {number}")
        for number, name in enumerate(names, 1)
        if name in names[: number - 1] and key_problem(name) is None
    ]
    for required in ("measure", "period"):
        if required not in names:
            problems.append(
                Problem(
                    f"the query returned no {required!r} column (its columns: "
                    f"{', '.join(map(str, columns)) or 'none'})",
                    where,
                    None,
                    None,
                    path,
                )
            )
    if problems:
        raise ActualsError(problems)
    return read_records(rows, catalogue, where, "rows")
