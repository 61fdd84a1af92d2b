"""The rules of DESIGN.md section 6 that give an item an audience, and the AI-training start that applies.

Each rule writes into the ``audience`` / ``basis`` arrays that ``audience.infer_audience`` passes in,
in the section's order (later rules override earlier ones). Rules look at whole columns, never at one
row at a time: inference runs on every load and Explorer refresh of 100k+ items.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

import numpy as np
import pandas as pd

from .archive import normalize
from .frame import AUDIENCES, BASES

# When Meta began training generative AI on adults' public content, by the privacy law it applies to
# them (DESIGN.md section 5). "" is everywhere else: the policy's effective date.
TRAINING_STARTS = {"EU": "2025-05-27", "UK": "2024-09-13", "": "2024-06-26"}
GLOBAL_START = pd.Timestamp(TRAINING_STARTS[""], tz="UTC")
# Spellings of the two regions with a later start. The parser passes "EU" / "UK" and the raw text of any
# other jurisdiction; the long names are accepted too so a raw "United Kingdom" is not taken for elsewhere.
_REGIONS = {"eu": "EU", "eea": "EU", "european union": "EU", "uk": "UK", "united kingdom": "UK"}

STORY_HIGHLIGHT = "rule:story-highlight"
_NAT = np.iinfo(np.int64).min
# Rules write category codes, not strings: comparing and assigning int8 is what keeps inference
# quick at 100k+ items (an object array of strings cost a third of its time).
A = {name: code for code, name in enumerate(AUDIENCES)}
B = {name: code for code, name in enumerate(BASES)}


class Labels(Protocol):
    """What inference reads from a review: review.Review has these.

    ``group_labels`` may be missing on an object made before groups could be labelled: none then.
    """

    item_labels: Mapping[str, str]
    album_labels: Mapping[str, str]
    group_labels: Mapping[str, str]


def column(items: pd.DataFrame, name: str) -> np.ndarray:
    """A column as objects; ``where`` / ``where_name`` of a frame made before they existed: own / ''."""
    if name not in items:
        return np.full(len(items), "own" if name == "where" else "", dtype=object)
    return items[name].to_numpy(object)


def _where_is(items: pd.DataFrame, *places: str) -> np.ndarray:
    """Rows shared in one of ``places`` (a frame without ``where`` is all ``own``)."""
    if "where" not in items:
        return np.full(len(items), "own" in places)
    return items["where"].isin(places).to_numpy()


def _per_value(values: pd.Series, lookup: Callable[[str], int]) -> np.ndarray:
    """lookup(value) for each row, computed once per distinct value (names and albums repeat a lot); -1 for
    a missing value."""
    found, uniques = pd.factorize(values.to_numpy(object))
    return np.array([lookup(str(u)) for u in uniques] + [-1], dtype=np.int64)[found]


def _facts(account: pd.DataFrame | None, fact: str, platform: str | None = None) -> pd.DataFrame | None:
    """The account frame's rows of one fact (of one platform), None when there are none."""
    if account is None or account.empty:
        return None
    keep = account["fact"] == fact
    if platform is not None:
        keep &= account["platform"] == platform
    rows = account[keep]
    return rows if len(rows) else None


def codes(values: pd.Series, categories: tuple[str, ...]) -> np.ndarray:
    """int8 codes of a column over ``categories`` (-1 outside them), without hashing when already coded so."""
    if isinstance(values.dtype, pd.CategoricalDtype) and tuple(values.cat.categories) == categories:
        return values.cat.codes.to_numpy().astype(np.int8)
    return pd.Categorical(values.astype(object), categories=list(categories)).codes.astype(np.int8)


def region(jurisdiction: str) -> str:
    """"EU", "UK" or "" (elsewhere) for a privacy jurisdiction as the export gives it."""
    return _REGIONS.get(" ".join(str(jurisdiction).casefold().split()), "")


def ai_training_start(account: pd.DataFrame | None) -> tuple[pd.Timestamp, str]:
    """The AI-training start that applies to this person, and why (their privacy jurisdiction, or the default).

    Without a jurisdiction the global start (2024-06-26) is assumed and the basis says so. When the
    exports disagree (a Facebook and an Instagram export made years apart, say) the earliest start
    is taken, as for an unknown one: an item counts as exposed unless it surely was not.
    """
    rows = _facts(account, "privacy_jurisdiction")
    values = [] if rows is None else list(dict.fromkeys(v for v in (str(s).strip() for s in rows["state"]) if v))
    if not values:
        return GLOBAL_START, f"{TRAINING_STARTS['']}: no privacy jurisdiction in the export, the global start assumed"
    starts = {value: TRAINING_STARTS[region(value)] for value in values}
    first = min(starts.values())  # ISO dates sort as strings
    if len(set(starts.values())) > 1:
        named = ", ".join(f"{value} ({start})" for value, start in starts.items())
        return (pd.Timestamp(first, tz="UTC"),
                f"{first}: the export's privacy jurisdictions disagree ({named}), the earliest start assumed")
    found = region(values[0])
    if found:
        return pd.Timestamp(first, tz="UTC"), f"{found}: {first} (privacy jurisdiction in the export)"
    return GLOBAL_START, f"{first}: privacy jurisdiction {', '.join(values)}, outside the EU and UK (the global start)"


def profile_rules(items: pd.DataFrame, audience: np.ndarray, basis: np.ndarray) -> None:
    """Facebook: the newest live profile picture and cover photo are public, older ones too."""
    live_fb = (items["platform"] == "facebook").to_numpy() & (items["status"] == "live").to_numpy()
    for kind in ("profile_photo", "cover_photo"):
        rows = np.flatnonzero(live_fb & (items["kind"] == kind).to_numpy())
        if not len(rows):
            continue
        audience[rows] = A["public"]
        basis[rows] = B["rule:past-profile-photo"]
        created = pd.DatetimeIndex(items["created"].iloc[rows]).as_unit("ns").asi8  # NaT: the smallest int64
        if (created != _NAT).any():  # undated pictures: no telling which one is current
            basis[rows[np.argmax(created)]] = B["rule:current-profile-photo"]


def on_account(items: pd.DataFrame) -> np.ndarray:
    """Instagram items that sit on the account, so its public/private state decides who sees them.

    Profile pictures are visible to everyone whatever the state; a comment (and a photo attached to it)
    sits on the account only when the commented media is the account's own (on someone else's post,
    their account decides, and its privacy is not in the export).
    """
    instagram = (items["platform"] == "instagram").to_numpy()
    profile = (items["kind"] == "profile_photo").to_numpy()
    return instagram & ~profile & _where_is(items, "own")


def instagram_rules(items: pd.DataFrame, state: str | None, audience: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """Instagram items take the account's state at export (``state``: public / not_public / unknown,
    None without visibility facts); returns the rows that follow the account's intervals."""
    profile = (items["platform"] == "instagram").to_numpy() & (items["kind"] == "profile_photo").to_numpy()
    # Profile pictures are visible to everyone even on a private account (FORMATS.md section 5).
    audience[profile], basis[profile] = A["public"], B["ig:profile-photo"]
    follows = on_account(items)
    if state is None or not follows.any():
        return np.zeros(len(items), dtype=bool)
    if state == "public":
        audience[follows], basis[follows] = A["public"], B["ig:account-public"]
    elif state == "not_public":
        audience[follows], basis[follows] = A["followers"], B["ig:account-private"]
    return follows


def page_names(account: pd.DataFrame | None) -> set[str]:
    """The Facebook Pages the export lists (liked or followed), casefolded for matching."""
    rows = _facts(account, "page", "facebook")
    return set() if rows is None else {" ".join(str(s).casefold().split()) for s in rows["state"]}


def page_rules(items: pd.DataFrame, account: pd.DataFrame | None, audience: np.ndarray, basis: np.ndarray) -> None:
    """What you wrote on a Facebook Page is public from the start: Pages are public by nature.

    A row counts when the record says it was a Page, or when the record could not tell (``person`` or
    ``unknown``: a comment's target is only in English prose) and the name is one of the account's
    Pages. Never a ``group`` row: a group may share a Page's name and the record said group.
    """
    facebook = (items["platform"] == "facebook").to_numpy()
    page = facebook & _where_is(items, "page")
    names = page_names(account)
    maybe = np.flatnonzero(facebook & _where_is(items, "person", "unknown"))
    if names and len(maybe):
        # casefolded and with runs of spaces made one, as page_names does
        listed = _per_value(items["where_name"].iloc[maybe], lambda name: " ".join(name.casefold().split()) in names)
        page[maybe[listed == 1]] = True
    audience[page], basis[page] = A["public"], B["rule:page-is-public"]


def threads_rules(items: pd.DataFrame, account: pd.DataFrame | None, audience: np.ndarray,
                  basis: np.ndarray) -> None:
    """Threads items follow the Threads profile's state at export (no switch history is exported).

    The last ``visibility`` fact of Threads is its current state; without one, Threads stays unknown.
    """
    rows = _facts(account, "visibility", "threads")
    threads = (items["platform"] == "threads").to_numpy()
    if rows is None or not threads.any():
        return
    state = str(rows["state"].iloc[-1])
    if state == "public":
        audience[threads], basis[threads] = A["public"], B["threads:profile-public"]
    elif state == "private":
        audience[threads], basis[threads] = A["followers"], B["threads:profile-private"]


def highlight_rules(items: pd.DataFrame, account: pd.DataFrame | None, basis: np.ndarray) -> None:
    """Stories kept in a highlight stay visible after their first day: basis ``rule:story-highlight``.

    Only the basis changes. A highlight shows the story to the audience it had on its first day,
    and what that was is whatever the rules before this one found: public on an Instagram account
    that is public (following the account's intervals afterwards too), and unknown for a Facebook
    story, whose audience was chosen per story and is not exported. A highlight is no reason to call
    one public; what it changes is that the story is no longer "fleeting" (audience.fleeting): it keeps
    that audience up to the export instead of losing it after a day. The highlight's own creation
    time is not used, so a story highlighted long after it expired counts as visible in between.
    """
    rows = _facts(account, "story_highlight")
    if rows is None:
        return
    story = (items["kind"] == "story").to_numpy()
    for platform in pd.unique(rows["platform"].astype(object)):
        uris = {normalize(str(u)) for u in rows.loc[rows["platform"] == platform, "state"]}
        candidates = np.flatnonzero(story & (items["platform"] == platform).to_numpy())
        if not len(candidates):
            continue
        kept = items["uri"].iloc[candidates].map(normalize).isin(uris).to_numpy()
        basis[candidates[kept]] = B[STORY_HIGHLIGHT]


def label_rules(items: pd.DataFrame, review: Labels | None, audience: np.ndarray, basis: np.ndarray,
                follows: np.ndarray) -> None:
    """Group labels, then album labels, then item labels from the review: the user's word wins.

    A label whose value is not an audience (a store edited by hand) is ignored.
    """
    if review is None:
        return
    group_labels = getattr(review, "group_labels", None)
    if group_labels:
        _name_labels(items, _where_is(items, "group"), "where_name", group_labels, "label:group", audience, basis,
                     follows)
    if review.album_labels:
        _name_labels(items, np.ones(len(items), dtype=bool), "album", review.album_labels, "label:album", audience,
                     basis, follows)
    if review.item_labels:
        keys = pd.Index(list(review.item_labels))
        values = np.array([A.get(v, -1) for v in review.item_labels.values()] + [-1], dtype=np.int64)
        found = values[keys.get_indexer(items["item_id"])]  # -1 (not labelled) takes the last: -1
        _apply(np.arange(len(items)), found, "label:item", audience, basis, follows)


def _name_labels(items: pd.DataFrame, rows: np.ndarray, column_name: str, labels: Mapping[str, str], name: str,
                 audience: np.ndarray, basis: np.ndarray, follows: np.ndarray) -> None:
    """Labels keyed "platform/<column value>" (an album, a group) applied to ``rows``."""
    platform = items["platform"].astype(object).to_numpy()
    for place in pd.unique(platform[rows]):  # one pass per platform: the key's prefix is fixed in it
        at = np.flatnonzero(rows & (platform == place))
        prefix = f"{place}/"
        found = _per_value(items[column_name].iloc[at],
                           lambda value, prefix=prefix: A.get(labels.get(prefix + value, ""), -1))
        _apply(at, found, name, audience, basis, follows)


def _apply(rows: np.ndarray, found: np.ndarray, name: str, audience: np.ndarray, basis: np.ndarray,
           follows: np.ndarray) -> None:
    hit = found >= 0
    at = rows[hit]
    audience[at] = found[hit]
    basis[at] = B[name]
    follows[at] = False
