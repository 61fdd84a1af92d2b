"""Friendly words for the codes of the items frame: what a person reads instead of ``rule:page-is-public``.

One table per column, used wherever a person reads a basis, status, place or flag (the Explorer today;
tables and charts can take the same words). A code missing here (a new one) still reads as itself,
underscores as spaces, through ``word``.
"""

from __future__ import annotations

from collections.abc import Mapping

# Why the audience is what it is: the frame's ``audience_basis`` (frame.BASES).
BASIS_WORDS = {
    "rule:current-profile-photo": "your current profile picture or cover photo (always public)",
    "rule:past-profile-photo": "a past profile picture or cover photo (public unless you changed it)",
    "rule:page-is-public": "on a Facebook Page (Pages are public)",
    "rule:story-highlight": "a story kept in a highlight (it stays up after its day)",
    "ig:account-public": "your Instagram account is public",
    "ig:account-private": "your Instagram account is private (followers only)",
    "ig:profile-photo": "your Instagram profile picture (always public)",
    "threads:profile-public": "your Threads profile is public",
    "threads:profile-private": "your Threads profile is private (followers only)",
    "label:item": "your label on this item",
    "label:album": "your label on its album",
    "label:group": "your label on its group",
    "status:archived-or-deleted": "archived or deleted (only you see it)",
    "status:pending": "waiting for a group admin's approval (nobody sees it yet)",
    "whatif:default-audience": "as if your default audience for new posts applied (a what-if)",
    "none": "nothing in the export says",
}
STATUS_WORDS = {
    "live": "live",
    "archived": "archived (only you see it)",
    "trash": "in the trash",
    "recently_deleted": "recently deleted",
    "pending": "awaiting a group admin's approval",
}
WHERE_WORDS = {
    "own": "your profile or feed",
    "group": "a group",
    "page": "someone's Page",
    "person": "another person's profile",
    "unknown": "not known",
}
AUDIENCE_WORDS = {
    "public": "public", "friends_of_friends": "friends of friends", "friends": "friends", "followers": "followers",
    "custom": "custom", "only_me": "only me", "unknown": "unknown",
}
KIND_WORDS = {
    "photo": "photo", "video": "video", "post": "text or link post", "story": "story", "reel": "reel",
    "profile_photo": "profile picture", "cover_photo": "cover photo", "comment": "comment",
}
FLAG_WORDS = {"delete": "delete", "make_private": "make private", "keep": "keep", "unflagged": "no decision yet"}


def word(table: Mapping[str, str], code: object) -> str:
    """The words for ``code`` in ``table``; a code the table lacks reads as itself, underscores as spaces."""
    text = str(code)
    return table.get(text) or text.replace("_", " ")


def plural(n: int, singular: str, many: str | None = None) -> str:
    """``plural(1, "problem")`` is "1 problem", ``plural(1200, "item")`` "1,200 items"; ``many`` for odd plurals."""
    return f"{n:,} {singular if n == 1 else many or singular + 's'}"
