"""Where in Meta's screens each plan step is done: the path, the feature's name, and what the path was checked
against (issue 18).

Meta moves these screens every year or so, so each entry names the feature (which survives a redesign better
than a menu path) and says honestly what the path rests on. The kit opens no network connection: the paths
were compared on CHECKED with stored copies of the public pages named in ``source`` (Meta's Help Center where
a stored copy of it was found, otherwise recent public guides quoting Meta's screens), not with Meta's live
apps. No link is given: a URL the kit cannot check would be a guess shown as a fact.
"""

from __future__ import annotations

from typing import NamedTuple

CHECKED = "2026-12-04"


class Where(NamedTuple):
    path: str
    feature: str
    source: str


WHERE = {
    "instagram-private": Where(
        "Instagram: Profile → ☰ → Settings and activity → Account privacy → Private account",
        "Private account",
        "public guides of 2024–2025 quoting the app (the kit's worklist uses the same path)"),
    "threads-private": Where(
        "Threads: Profile → ☰ (menu) → Privacy → Private profile",
        "Private profile",
        "How-To Geek, 6 Dec 2024; Privacy International's Threads guide, June 2025"),
    "limit-past-posts": Where(
        "Facebook: Settings & privacy → Settings → Audience and visibility → Posts → Limit who can see past posts",
        "Limit Past Posts",
        "Facebook Help Center as summarised in public guides of 2025–2026 (web: Settings → Posts)"),
    "future-posts": Where(
        "Facebook: Settings & privacy → Settings → Audience and visibility → Posts → Who can see your future "
        "posts?",
        "Default audience for future posts",
        "the setting's own label in your export (privacy_settings.json); menu path from public guides"),
    "off-meta": Where(
        "Accounts Center → Your information and permissions → Your activity off Meta technologies → Clear "
        "previous activity; then Manage future activity → Disconnect future activity",
        "Your activity off Meta technologies (formerly Off-Facebook activity)",
        "PCMag's guide (2024, screenshots of Accounts Center); Facebook Help Center 'How do I disconnect my "
        "off-Facebook activity?' (older path)"),
    "ai-objection": Where(
        "Facebook: Settings & privacy → Privacy Center → Privacy topics → AI at Meta → Submit an objection "
        "request; Instagram: Settings → Privacy Center → AI at Meta → Right to object",
        "Right to object (AI at Meta)",
        "public guides of April–May 2025 quoting Meta's Privacy Center"),
    "album": Where(
        "Facebook: open the album → ⋯ → Edit album → audience selector (Friends or Only me)",
        "An album's audience selector",
        "the kit's worklist (Meta's 2024–2025 web UI); no public page found to check it against"),
    "group": Where(
        "Facebook: open the group → You (or Your content) → your posts → ⋯ → Delete; comments: Activity log → "
        "Comments; the group's privacy only its admins can change",
        "Your content in a group; Activity log",
        "public guides of 2024–2025; the group menu's wording varies by app version (unverified)"),
    "flagged-delete": Where(
        "Facebook: Activity log → Your posts → Manage posts (select by date → Trash); Instagram: open the "
        "post → ⋯ → Delete; the worklist below lists each item with its link",
        "Manage Activity; a post's ⋯ menu",
        "the kit's worklist (Meta's 2024–2025 UI)"),
    "flagged-make_private": Where(
        "Facebook: the post's audience selector (beside its date) → Only me or Friends; Instagram: open the "
        "post → ⋯ → Archive; the worklist below lists each item with its link",
        "A post's audience selector; Archive",
        "the kit's worklist (Meta's 2024–2025 UI)"),
    "items": Where(
        "Look at each in the Explorer (notebook 08, under the plan), flag it delete or make private, then act "
        "from the worklist",
        "Explorer and worklist",
        "this kit's notebooks"),
    "linked-apps": Where(
        "Facebook: Settings & privacy → Settings → Apps and websites → Active → tick the apps → Remove",
        "Apps and websites",
        "public guides of 2024–2025 quoting the Facebook app and website"),
    "ai-chats": Where(
        "In the chat with Meta AI: ⋯ (or ⓘ) → Delete chat; in Messenger, Instagram or WhatsApp, sending "
        "/reset-ai in the chat deletes the AI's copy",
        "Meta AI chat history",
        "public guides of 2025 (not Meta's own page: unverified)"),
    "tagged-photos": Where(
        "Facebook: Activity log → Photos and videos you're tagged in; open each → ⋯ → Remove tag, or ask the "
        "person who posted it to delete it",
        "Remove tag; Activity log",
        "public guides of 2024–2025"),
}


def where_in_meta(kind: str) -> str:
    """The path, the feature's name and the date the path was last checked, as one line (``source`` says what
    it was checked against)."""
    entry = WHERE[kind]
    if kind == "items":  # the kit's own screens: nothing of Meta's to check
        return entry.path
    return f"{entry.path} ({entry.feature}; path last checked {CHECKED})"


def source(kind: str) -> str:
    """What the path of ``kind`` was last checked against."""
    return WHERE[kind].source
