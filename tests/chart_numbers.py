"""Every number a chart's long description states must come from the numbers the chart drew (its CSV).

A number counts as drawn when it is a cell of the CSV (or written in a text cell), a column's sum, a row's
sum over the exposure classes, the number of rows, or (for a percentage) the share one such number is of
another. Dates are checked apart: each year a description names must be in the CSV's text or be the year
of an AI milestone.
"""

from __future__ import annotations

import io
import itertools
import re

import pandas as pd

from metaexposure.exposure import policy_milestones
from metaexposure.plots.style import percent

CLASSES = ["public", "unknown", "not_public"]
_DATE = re.compile(r"\b(?:\d{1,2} )?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (\d{4})\b")
_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")
_PERCENT = re.compile(r"([<>]?\d+%)")
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w%])")
_DEGREES = re.compile(r"\d+(?:\.\d+)?°")


def drawn_numbers(table: pd.DataFrame) -> set[float]:
    """The numbers a reader can find in (or add up from) the plotted table."""
    numbers: set[float] = {float(len(table))}
    # Numbers written in text cells count too ("other (14 albums)").
    for column in table.select_dtypes(exclude="number").columns:
        for cell in table[column].dropna().astype(str):
            numbers.update(float(n.replace(",", "")) for n in _NUMBER.findall(cell))
    numeric = table.select_dtypes("number")
    for column in numeric.columns:
        values = pd.to_numeric(numeric[column], errors="coerce").dropna()
        numbers.update(float(v) for v in values)
        numbers.add(float(values.sum()))
    exposure = [c for c in CLASSES if c in numeric.columns]
    if exposure:
        numbers.update(float(v) for v in numeric[exposure].sum(axis=1))
        numbers.add(float(numeric[exposure].to_numpy().sum()))
    return numbers


def _strip(text: str, table_text: str) -> tuple[str, list[str]]:
    """The text without its dates and degrees, and the years it named that the table does not hold."""
    milestone_years = {str(d.year) for d in policy_milestones()["date"]}
    bad = []
    for match in itertools.chain(_DATE.finditer(text), _YEAR.finditer(text)):
        year = match.group(1)
        if year not in table_text and year not in milestone_years:
            bad.append(match.group(0))
    text = _DATE.sub(" ", text)
    text = _DEGREES.sub(" ", text)
    text = re.sub(r"\b(19[89]\d|20\d\d)\b", " ", text)
    return text, bad


def unexplained_numbers(description: str, csv_text: str) -> list[str]:
    """The numbers (and years, and percentages) in ``description`` the CSV does not account for."""
    table = pd.read_csv(io.StringIO(csv_text))
    numbers = drawn_numbers(table)
    text, bad = _strip(description, csv_text)
    for match in _PERCENT.finditer(text):
        shown = match.group(1)
        if not any(b and percent(a / b) == shown for a in numbers for b in numbers if a <= b):
            bad.append(shown)
    text = _PERCENT.sub(" ", text)
    for match in _NUMBER.finditer(text):
        value = float(match.group(1).replace(",", ""))
        if value not in numbers:
            bad.append(match.group(1))
    return bad
