"""Instagram account visibility: public/private intervals over the account's history.

No export says who could see an Instagram post; the account's state says it (DESIGN.md section 2):
public posts are public while the account is. The current state is in ``personal_information.json``
and the switches are in ``*_privacy_changes.json`` (FORMATS.md section 4). Every switch is a toggle,
so the current state and the ordered switch times give every interval's state without reading the
entries' titles, which are translated and whose English wording is unverified. Titles are only
cross-checked, and a contradiction becomes a problem row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from .errors import Problems
from .records import Fact
from .text import repair, timestamp

PLATFORM = "instagram"

# Newest layout first: 2025+, 2022-2024, <=2021; <=2020 profile.json (a flat object with a
# boolean "private_account", unverified beyond public parsers of that era).
CURRENT_PATHS = ("personal_information/personal_information/personal_information.json",
                 "personal_information/personal_information.json",
                 "account_information/personal_information.json", "profile.json")
HISTORY_PATHS = ("security_and_login_information/login_and_profile_creation/profile_privacy_changes.json",
                 "security_and_login_information/login_and_account_creation/account_privacy_changes.json",
                 "login_and_account_creation/account_privacy_changes.json")

# The "Private Account" label follows the UI language (German exports: "Privates Konto").
# Only the English and German ones are seen in public samples; the rest are Instagram's UI terms.
PRIVATE_ACCOUNT_LABELS = frozenset({
    "private account", "privates konto", "compte privé", "cuenta privada", "account privato",
    "privéaccount", "privé-account", "conta privada", "konto prywatne", "privat konto",
    "privat profil", "yksityinen tili", "gizli hesap", "закрытый аккаунт", "soukromý účet", "privát fiók",
    "cont privat", "akun pribadi", "ιδιωτικός λογαριασμός",
})
# Labels of a switch's time ("Time", "Zeit" in German, "Tijd" in Dutch exports); only used when an
# entry carries more than one timestamp.
TIME_LABELS = frozenset({"time", "zeit", "tijd", "heure", "hora", "ora", "czas", "tid", "aika", "zaman",
                         "время", "čas", "idő", "timp", "date", "datum", "fecha", "data", "waktu"})
PUBLIC_WORDS = frozenset({"public", "öffentlich", "öffentliches", "offentlich", "publique", "público",
                          "publico", "pública", "publica", "pubblico", "pubblica", "openbaar", "openbare",
                          "publiczne", "publiczny", "publiczna", "offentlig", "offentligt", "julkinen",
                          "herkese", "открытый", "открытым", "veřejný", "nyilvános", "publik"})
PRIVATE_WORDS = frozenset({"private", "privat", "privates", "privé", "prive", "privada", "privado",
                           "privato", "privata", "privaat", "prywatne", "prywatny", "prywatna",
                           "yksityinen", "gizli", "закрытый", "закрытым", "soukromý", "privát", "pribadi"})
_WORD = re.compile(r"\w+")


@dataclass
class VisibilitySources:
    """Privacy files met while parsing: (rel, label, data); data None when the file was unreadable."""

    current: list[tuple[str, str, Any]] = field(default_factory=list)
    history: list[tuple[str, str, Any]] = field(default_factory=list)

    def add(self, slot: str, rel: str, label: str, data: Any) -> None:
        getattr(self, slot).append((rel, label, data))


@dataclass(frozen=True)
class Switch:
    """One entry of the change history: a toggle at ``time`` (None when it has no usable time)."""

    time: int | None
    title: str = ""
    where: str = ""


def flip(state: str) -> str:
    return "public" if state == "private" else "private"


def title_state(title: str) -> str | None:
    """'public' or 'private' when a switch's title names exactly one of them, in any known language."""
    words = set(_WORD.findall(title.casefold()))
    public, private = bool(words & PUBLIC_WORDS), bool(words & PRIVATE_WORDS)
    if public == private:
        return None
    return "public" if public else "private"


def _bool_state(value: Any, label: str) -> tuple[str | None, str | None]:
    raw = value.get("value") if isinstance(value, dict) else value
    if isinstance(raw, bool):
        return ("private" if raw else "public"), None
    word = raw.strip().casefold() if isinstance(raw, str) else ""
    if word in ("true", "false"):
        return ("private" if word == "true" else "public"), None
    return None, f"'{label}' is {raw!r:.40}, neither True nor False; the current state is unknown"


def _string_map_fields(data: Any) -> list[tuple[str, Any]]:
    users = data.get("profile_user") if isinstance(data, dict) else None
    fields = []
    for user in users if isinstance(users, list) else ():
        string_map = user.get("string_map_data") if isinstance(user, dict) else None
        if isinstance(string_map, dict):
            fields.extend(string_map.items())
    return fields


def read_current_state(data: Any) -> tuple[str | None, str | None]:
    """('public' | 'private' | None, problem or None) from a personal_information.json or profile.json."""
    if isinstance(data, dict) and "private_account" in data and "profile_user" not in data:
        return _bool_state(data["private_account"], "private_account")
    guess = None
    for label, value in _string_map_fields(data):
        key = repair(label).strip().casefold()
        if key in PRIVATE_ACCOUNT_LABELS:
            return _bool_state(value, repair(label))
        if "priv" in key and guess is None:
            guess = (repair(label), value)
    if guess is not None:
        state, reason = _bool_state(guess[1], guess[0])
        if state is not None:
            return state, f"'{guess[0]}' is not a known 'Private Account' label; read as that setting"
        return None, reason
    return None, "no 'Private Account' field found; the current state is unknown"


def switch_time(entry: dict) -> tuple[int | None, str | None]:
    """The single timestamp of a history entry, whatever its label, from either data form."""
    candidates: list[tuple[str, Any]] = []
    string_map = entry.get("string_map_data")
    if isinstance(string_map, dict):
        for label, value in string_map.items():
            if isinstance(value, dict) and value.get("timestamp") not in (None, 0, "", "0"):
                candidates.append((repair(label).strip().casefold(), value["timestamp"]))
    string_list = entry.get("string_list_data")  # the form a 2026 parser reads
    for value in string_list if isinstance(string_list, list) else ():
        if isinstance(value, dict) and value.get("timestamp") not in (None, 0, "", "0"):
            candidates.append(("", value["timestamp"]))
    if not candidates:
        return None, "switch has no timestamp"
    values = {repr(v) for _, v in candidates}
    raw = candidates[0][1]
    if len(values) > 1:
        labelled = {repr(v): v for k, v in candidates if k in TIME_LABELS}
        if len(labelled) != 1:
            return None, f"switch has {len(values)} different timestamps and none is labelled as its time"
        raw = next(iter(labelled.values()))
    seconds, reason = timestamp(raw)
    return seconds, (f"switch time: {reason}" if reason else None)


def read_switches(data: Any, label: str, problems: Problems) -> list[Switch] | None:
    """The history's switches in file order; None (and a problem) when the file has no such list."""
    entries = None
    if isinstance(data, list):
        entries = data
    elif isinstance(data, dict):
        entries = data.get("account_history_account_privacy_history")
        if entries is None:
            lists = [v for v in data.values() if isinstance(v, list)]
            entries = lists[0] if len(lists) == 1 else None
    if not isinstance(entries, list):
        problems.add(label, "", "has no list of privacy switches; the change history is unknown")
        return None
    switches = []
    for index, entry in enumerate(entries):
        where = f"[{index}]"
        if not isinstance(entry, dict):
            problems.add(label, where, f"switch is a {type(entry).__name__}, not an object; its time is unknown")
            switches.append(Switch(None, "", where))
            continue
        seconds, reason = switch_time(entry)
        if reason:
            problems.add(label, where, reason)
        switches.append(Switch(seconds, repair(entry["title"]) if isinstance(entry.get("title"), str) else "",
                               where))
    return switches


def toggle_intervals(current: str, times: list[int], *, complete: bool = True
                     ) -> list[tuple[str, int | None, int | None]]:
    """(state, start, end) from the state at export and the switch times, oldest first.

    With ``complete`` the first interval starts at None (since the account began); otherwise it
    starts at the first time given. Same-second switches cancel out: empty intervals are dropped
    and equal neighbours merged.

    >>> toggle_intervals("public", [100, 200])
    [('public', None, 100), ('private', 100, 200), ('public', 200, None)]
    """
    bounds: list[int | None] = ([None] if complete else []) + list(times)
    raw = []
    for index, start in enumerate(bounds):
        end = bounds[index + 1] if index + 1 < len(bounds) else None
        switches_after = len(bounds) - 1 - index
        raw.append((current if switches_after % 2 == 0 else flip(current), start, end))
    intervals: list[tuple[str, int | None, int | None]] = []
    for state, start, end in raw:
        if start is not None and start == end:
            continue
        if intervals and intervals[-1][0] == state:
            intervals[-1] = (state, intervals[-1][1], end)
        else:
            intervals.append((state, start, end))
    return intervals


def oldest_first(switches: list[Switch]) -> tuple[list[Switch], int] | None:
    """Switches oldest first, and the index from which every switch has a time.

    Switches without a time can only be placed by their position in the file, which works when
    the timed ones are in order (either direction); None when they cannot be placed.
    """
    if all(s.time is not None for s in switches):
        return sorted(switches, key=lambda s: s.time or 0), 0
    times = [s.time for s in switches if s.time is not None]
    if len(times) < 2:
        return None
    if times == sorted(times):
        ordered = list(switches)
    elif times == sorted(times, reverse=True):
        ordered = list(reversed(switches))
    else:
        return None
    return ordered, max(i for i, s in enumerate(ordered) if s.time is None) + 1


def _pick(found: list[tuple[str, str, Any]], order: tuple[str, ...]) -> tuple[str, str, Any] | None:
    ranked = sorted(found, key=lambda f: order.index(f[0]) if f[0] in order else len(order))
    return ranked[0] if ranked else None


def _day(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%d")


def _name(rel: str) -> str:
    return rel.rsplit("/", 1)[-1]


def visibility_facts(sources: VisibilitySources, problems: Problems) -> list[Fact]:
    """The account's ``visibility`` facts (public/private intervals), or none when unknowable."""
    current, current_basis, current_rel = None, "", ""
    picked = _pick(sources.current, CURRENT_PATHS)
    if picked is not None and picked[2] is not None:
        current_rel, label, data = picked
        current, reason = read_current_state(data)
        if reason:
            problems.add(label, "Private Account", reason)
        current_basis = f"current state ({_name(current_rel)})"
    history = _pick(sources.history, HISTORY_PATHS)
    switches: list[Switch] = []
    note = "no change history found"
    if history is not None:
        if history[2] is None:
            note = "the change history could not be read"
        else:
            switches = read_switches(history[2], history[1], problems) or []
            note = "the change history lists no switches"
    if not switches:
        if current is None:
            problems.add(picked[1] if picked else "(instagram)", "", "neither the account's current "
                         "public/private state nor its change history was found: Instagram items stay unknown")
            return []
        return [Fact(PLATFORM, "visibility", current, None, None, f"{current_basis}; {note}", current_rel)]
    return _from_switches(switches, history, current, current_basis, problems)


def _from_switches(switches: list[Switch], history: tuple[str, str, Any], current: str | None,
                   current_basis: str, problems: Problems) -> list[Fact]:
    rel, label, _ = history
    placed = oldest_first(switches)
    if placed is None:
        problems.add(label, "", "switches without a usable time cannot be placed in order: the account's "
                     "public/private history is unknown")
        return []
    ordered, first = placed
    if current is None:
        current = title_state(ordered[-1].title)
        if current is None:
            problems.add(label, "", "no current public/private state was found and the newest switch's title "
                         "does not name one: the account's history is unknown")
            return []
        problems.add(label, ordered[-1].where, f"no current public/private state was found; taken as {current} "
                     "from the newest switch's title")
        current_basis = "newest switch's title"
    used = ordered[first:]
    if not used:
        problems.add(label, ordered[-1].where, "the newest switch has no usable time: the account's "
                     "public/private history is unknown")
        return []
    for index, switch in enumerate(used):
        after = current if (len(used) - 1 - index) % 2 == 0 else flip(current)
        named = title_state(switch.title)
        if named is not None and named != after:
            problems.add(label, switch.where, f"title {switch.title!r:.60} names {named}, but counting switches "
                         f"back from the current state ({current}) it made the account {after}; the "
                         "intervals follow the switches")
    times = [s.time for s in used if s.time is not None]
    plural = "switch" if len(times) == 1 else "switches"
    basis = f"{current_basis} + {len(times)} {plural} ({_name(rel)})"
    if first:
        basis += f"; an older switch has no usable time, so states before {_day(times[0])} are unknown"
    return [Fact(PLATFORM, "visibility", state, start, end, basis, rel)
            for state, start, end in toggle_intervals(current, times, complete=not first)]


__all__ = ["VisibilitySources", "visibility_facts", "toggle_intervals", "read_current_state", "switch_time",
           "title_state", "oldest_first", "Switch"]
