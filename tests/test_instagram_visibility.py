"""The account's public/private intervals: current state + ordered toggles, titles only cross-checked."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import metaexposure as me
from metaexposure.instagram_visibility import (
    read_current_state,
    switch_time,
    title_state,
    toggle_intervals,
)
from metaexposure.samples._write import write_json
from tests.test_instagram import every_category

T1, T2, T3 = 1_420_070_400, 1_500_000_000, 1_600_000_000  # 2015-01-01, 2017-07-14, 2020-09-13
CURRENT_2025 = "personal_information/personal_information/personal_information.json"
HISTORY_2025 = "security_and_login_information/login_and_profile_creation/profile_privacy_changes.json"
HISTORY_2022 = "security_and_login_information/login_and_account_creation/account_privacy_changes.json"


def at(seconds: int | None) -> pd.Timestamp:
    return pd.NaT if seconds is None else pd.Timestamp(seconds, unit="s", tz="UTC")


def personal(label: str = "Private Account", value: str = "True") -> dict:
    return {"profile_user": [{"title": "User Information", "media_map_data": {}, "string_map_data": {
        "Username": {"href": "", "value": "ava", "timestamp": 0},
        label: {"href": "", "value": value, "timestamp": 0}}}]}


def switch(seconds: int | str | None, title: str = "", label: str = "Time", as_list: bool = False) -> dict:
    field = {"href": "", "value": "", "timestamp": seconds}
    entry: dict = {"title": title, "media_map_data": {}}
    if as_list:
        entry["string_list_data"] = [field]
    else:
        entry["string_map_data"] = {label: field}
    return entry


def export(tmp_path: Path, current: dict | None, history: list | None, *, current_rel: str = CURRENT_2025,
           history_rel: str = HISTORY_2025) -> me.Export:
    root = every_category(tmp_path / "export")
    write_json(root / "your_instagram_activity/media/posts_1.json", [])
    if current is not None:
        write_json(root / current_rel, current)
    if history is not None:
        write_json(root / history_rel, {"account_history_account_privacy_history": history})
    return me.load(root)


def intervals(ex: me.Export) -> list[tuple]:
    facts = ex.account[ex.account.fact == "visibility"]
    return [(r.state, r.start, r.end) for r in facts.itertuples()]


def reasons(ex: me.Export) -> list[str]:
    return ex.problems["reason"].tolist()


# Pure pieces

def test_toggles_walk_back_from_the_current_state():
    assert toggle_intervals("private", [10, 20, 30]) == [
        ("public", None, 10), ("private", 10, 20), ("public", 20, 30), ("private", 30, None)]
    assert toggle_intervals("public", []) == [("public", None, None)]
    # Two switches in the same second cancel out.
    assert toggle_intervals("public", [10, 10]) == [("public", None, None)]
    # Without the older history, the first interval starts at the first known switch.
    assert toggle_intervals("public", [30], complete=False) == [("public", 30, None)]


@pytest.mark.parametrize("title, state", [
    ("Account privacy changed to private", "private"), ("Changed to Public", "public"),
    ("Konto ist jetzt öffentlich", "public"), ("Account is nu privé", "private"), ("Cuenta privada", "private"),
    ("Privacy setting changed", None), ("", None), ("public and private", None)])
def test_title_keywords(title, state):
    assert title_state(title) == state


@pytest.mark.parametrize("label, value, state", [
    ("Private Account", "True", "private"), ("Private Account", "false", "public"),
    ("Private Account", "TRUE", "private"), ("Privates Konto", "False", "public"),
    ("Compte priv\u00c3\u00a9", "True", "private"),  # Meta's mojibake of "Compte privé"
    ("Cuenta privada", "True", "private"), ("Privéaccount", "False", "public"),
    ("Account privato", "True", "private"), ("Conta privada", "False", "public")])
def test_current_state_in_translated_labels(label, value, state):
    assert read_current_state(personal(label, value)) == (state, None)


def test_current_state_oddities():
    assert read_current_state(personal("Private Account", "Maybe"))[0] is None
    state, reason = read_current_state(personal("Privatkonto-Einstellung", "True"))
    assert state == "private" and "not a known" in reason
    assert read_current_state(personal("Username2", "True")) == (
        None, "no 'Private Account' field found; the current state is unknown")
    assert read_current_state({"private_account": False, "username": "ava"}) == ("public", None)
    assert read_current_state([1, 2])[0] is None


@pytest.mark.parametrize("entry, expected", [
    (switch(T1, label="Time"), (T1, None)), (switch(T1, label="Zeit"), (T1, None)),
    (switch(T1, label="Tijd"), (T1, None)), (switch(T1, as_list=True), (T1, None)),
    ({"string_map_data": {"Zeit": {"timestamp": T1}, "Gerät": {"timestamp": 0}}}, (T1, None)),
    ({"string_map_data": {"Zeit": {"timestamp": T1}, "Other": {"timestamp": T2}}}, (T1, None)),
    ({"string_map_data": {"A": {"timestamp": T1}, "B": {"timestamp": T2}}},
     (None, "switch has 2 different timestamps and none is labelled as its time")),
    (switch(1708072), (None, "switch time: timestamp 1708072 is before 2004 (not plausible)")),
    (switch(None), (None, "switch has no timestamp")), ({"title": "x"}, (None, "switch has no timestamp"))])
def test_switch_time_whatever_its_label(entry, expected):
    assert switch_time(entry) == expected


# Whole exports

def test_three_switches_hand_computed(tmp_path):
    # Newest first in the file; current state public, so: private < T1 < public < T2 < private < T3 < public.
    ex = export(tmp_path, personal(value="False"), [switch(T3, "to public"), switch(T2, "to private"),
                                                     switch(T1, "to public")])
    assert intervals(ex) == [("private", pd.NaT, at(T1)), ("public", at(T1), at(T2)),
                             ("private", at(T2), at(T3)), ("public", at(T3), pd.NaT)]
    facts = ex.account[ex.account.fact == "visibility"]
    assert set(facts["basis"]) == {"current state (personal_information.json) + 3 switches "
                                   "(profile_privacy_changes.json)"}
    assert set(facts["source_file"]) == {HISTORY_2025}
    assert ex.problems.empty


def test_titles_contradicting_the_toggles_are_reported_and_ignored(tmp_path):
    # Current private; walking back, T2 made it private and T1 made it public. T1's title says "private":
    # a contradiction, reported, and the intervals still follow the toggles.
    ex = export(tmp_path, personal(value="True"), [switch(T2, "Account privacy changed to private"),
                                                    switch(T1, "Account privacy changed to private")])
    assert intervals(ex) == [("private", pd.NaT, at(T1)), ("public", at(T1), at(T2)), ("private", at(T2), pd.NaT)]
    contradictions = ex.problems[ex.problems.reason.str.contains("names private")]
    assert contradictions["item"].tolist() == ["[1]"]
    assert contradictions["file"].tolist() == [HISTORY_2025]
    assert len(ex.problems) == 1


def test_no_history_at_all(tmp_path):
    ex = export(tmp_path, personal(value="True"), None)
    assert intervals(ex) == [("private", pd.NaT, pd.NaT)]
    fact = ex.account[ex.account.fact == "visibility"].iloc[0]
    assert fact["basis"] == "current state (personal_information.json); no change history found"
    assert fact["source_file"] == CURRENT_2025
    assert ex.problems.empty


def test_empty_and_unreadable_history(tmp_path):
    ex = export(tmp_path, personal(value="False"), [])
    assert intervals(ex) == [("public", pd.NaT, pd.NaT)]
    assert "lists no switches" in ex.account["basis"].iloc[0]
    root = tmp_path / "broken"
    write_json(root / "your_instagram_activity/media/posts_1.json", [])
    write_json(root / CURRENT_2025, personal(value="False"))
    (root / HISTORY_2025).parent.mkdir(parents=True)
    (root / HISTORY_2025).write_text("{not json")
    ex = me.load(root)
    assert intervals(ex) == [("public", pd.NaT, pd.NaT)]
    assert "could not be read" in ex.account["basis"].iloc[0]
    assert any("not valid JSON" in r for r in reasons(ex))


def test_german_export_with_2022_paths(tmp_path):
    ex = export(tmp_path, personal("Privates Konto", "True"),
                [switch(T2, "Das Konto ist jetzt privat", label="Zeit")],
                current_rel="personal_information/personal_information.json", history_rel=HISTORY_2022)
    assert intervals(ex) == [("public", pd.NaT, at(T2)), ("private", at(T2), pd.NaT)]
    assert ex.problems.empty


def test_dutch_labels_and_the_string_list_form_before_2022(tmp_path):
    ex = export(tmp_path, personal("Privéaccount", "False"),
                [switch(T1, label="Tijd"), switch(T2, as_list=True)],  # oldest first this time
                current_rel="account_information/personal_information.json",
                history_rel="login_and_account_creation/account_privacy_changes.json")
    assert intervals(ex) == [("public", pd.NaT, at(T1)), ("private", at(T1), at(T2)), ("public", at(T2), pd.NaT)]
    assert ex.problems.empty


def test_no_current_state_is_taken_from_the_newest_title(tmp_path):
    ex = export(tmp_path, None, [switch(T2, "Account privacy changed to public"), switch(T1, "changed to private")])
    assert intervals(ex) == [("public", pd.NaT, at(T1)), ("private", at(T1), at(T2)), ("public", at(T2), pd.NaT)]
    assert ex.account["basis"].iloc[0].startswith("newest switch's title + 2 switches")
    assert any("taken as public from the newest switch's title" in r for r in reasons(ex))


def test_no_current_state_and_silent_titles_give_no_facts(tmp_path):
    ex = export(tmp_path, None, [switch(T2, "Changed"), switch(T1, "Changed")])
    assert intervals(ex) == []
    assert any("does not name one" in r for r in reasons(ex))
    ex = export(tmp_path / "none", None, None)
    assert intervals(ex) == []
    assert any(r.startswith("neither the account's current public/private state") for r in reasons(ex))


def test_a_switch_without_a_usable_time(tmp_path):
    # Newest first: T3, a truncated time, T1. States after T3 are certain; before it they are not.
    ex = export(tmp_path, personal(value="False"), [switch(T3), switch(1708072), switch(T1)])
    assert intervals(ex) == [("public", at(T3), pd.NaT)]
    assert "states before 2020-09-13 are unknown" in ex.account["basis"].iloc[0]
    assert any("1708072 is before 2004" in r for r in reasons(ex))
    # When the newest switch has no time, not even the current interval's start is known.
    ex = export(tmp_path / "newest", personal(value="False"), [switch("x"), switch(T2), switch(T1)])
    assert intervals(ex) == []
    assert any("the newest switch has no usable time" in r for r in reasons(ex))
    # Timed switches out of order: an untimed one cannot be placed at all.
    ex = export(tmp_path / "unordered", personal(value="False"), [switch(T2), switch(T3), switch(None), switch(T1)])
    assert intervals(ex) == []


def test_current_state_value_that_is_not_boolean(tmp_path):
    ex = export(tmp_path, personal(value="Ja"), [switch(T1, "Konto ist jetzt privat", label="Zeit")])
    # The newest title stands in for the unreadable current state.
    assert intervals(ex) == [("public", pd.NaT, at(T1)), ("private", at(T1), pd.NaT)]
    assert any("neither True nor False" in r for r in reasons(ex))
