"""A hostile export and a logging HTTP server, for the tests of issue 14 ("Export text is untrusted").

Every text field an export carries (captions, album names, places, post titles, links, uris, EXIF fields
nobody reads, Instagram names and titles) and every text field of the review file (notes, snapshots,
label keys) holds markup that would make a browser fetch a URL or run a script if it ever reached a page
as live HTML or Markdown. Each payload points at a ``RequestLog`` server on 127.0.0.1 under its own path,
``<base>/<kind>-<field>`` (e.g. ``/nb04/onerror-album``), so a logged request names the field that leaked
and how. A JS marker payload sets ``window.__mx_pwned`` to the list of fields whose script ran.

Built at test time: ``write_hostile_export(folder, base)`` writes a Facebook export (a zip, as Meta delivers
it) and an Instagram export (a folder), with small real JPEGs so thumbnails render, and returns their paths;
``write_hostile_review(path, paths, base)`` writes a review file whose notes and snapshots carry payloads.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from metaexposure.samples.jpeg import make_jpeg

from .fbtrees import meta, put, zip_folder

MARKER = "__mx_pwned"  # window.__mx_pwned: the fields whose script ran in the page

# One payload per way a string can turn live: HTML tags that fetch or run on insertion, Markdown that
# becomes an image or link, math that MathJax turns into a link. ``{u}`` is the logging server's base
# URL, ``{w}`` the field; each request path is "<kind>-<field>". Backticks instead of quotes inside
# the event handlers, so a repr() of the string (as an f"{album!r}" status line makes) keeps them intact.
TEMPLATES = {
    "img": '<img src="{u}/img-{w}">',
    "script": '<script>fetch("{u}/script-{w}")</script>',
    "onerror": '<img src=x onerror="fetch(`{u}/onerror-{w}`)">',
    "svg": '<svg onload="fetch(`{u}/svg-{w}`)"></svg>',
    "iframe": '<iframe src="{u}/iframe-{w}"></iframe>',
    "style": "<style>@import url({u}/css-{w});</style>",
    "linktag": '<link rel="stylesheet" href="{u}/linktag-{w}">',
    "video": '<video poster="{u}/poster-{w}"></video>',
    "md-image": "![i]({u}/md-image-{w})",
    "js-link": "[click](javascript:fetch('{u}/md-js-link-{w}'))",
    "autolink": "<{u}/autolink-{w}>",
    "anchor": '<a href="{u}/anchor-{w}">x</a>',
    # the marker: no "|" (a Markdown table would split the payload there) and no URL (Markdown would make one
    # a link inside the script); the <script> one shows whether a script in trusted output gets run
    "marker": '<img src=x onerror="(window.' + MARKER + "=window." + MARKER + '??[]).push(`{w}`)">',
    "script-marker": "<script>(window." + MARKER + "=window." + MARKER + '??[]).push("script-{w}")</script>',
}
# Only where text is not also a chart label: a "$" pair is mathtext to matplotlib (a known crash).
MATHJAX = "$\\href{{{u}/mathjax-{w}}}{{x}}$"
CSV_FORMULA = '=HYPERLINK("{u}/csv-{w}")'
MATHTEXT = "Vegas $$ and $\\foo$"
PIPES = "a | b \\| c || d"
RTL = "\u202eevil\u202c zero\u200bwidth\u200d\u2067isolate\u2069 \ufeffbom"


def payload(base: str, where: str, kind: str) -> str:
    """One payload of ``kind`` (a TEMPLATES key, "mathjax" or "csv") for the field ``where``."""
    template = {"mathjax": MATHJAX, "csv": CSV_FORMULA}.get(kind) or TEMPLATES[kind]
    return template.format(u=base, w=where)


def js_url(base: str, where: str) -> str:
    """A javascript: URL that fetches ``<base>/js-link-<where>`` when followed."""
    return f"javascript:fetch('{base}/js-link-{where}')"


def combined(base: str, where: str) -> str:
    """Every HTML, Markdown and math payload for one field, plus pipes, RTL and zero-width characters."""
    return " ".join([*(payload(base, where, kind) for kind in [*TEMPLATES, "mathjax"]), PIPES, RTL])


def caption_payloads(base: str, where: str) -> dict[str, str]:
    """One caption per payload kind (short enough to survive 80-character excerpts), plus the odd texts."""
    out = {kind: payload(base, where, kind) for kind in [*TEMPLATES, "mathjax", "csv"]}
    out.update(mathtext=MATHTEXT, pipes=PIPES, rtl=RTL,
               long="Very long caption " + "lorem ipsum dolor sit amet " * 800 + payload(base, where, "img"))
    return out


# --- Facebook ----------------------------------------------------------------------------------------------

FB_ROOT = "facebook-hostile-2025-11-02-HoStIlE1/"
IG_ROOT = "instagram-hostile-2025-11-02-HoStIlE2/"
ACTIVITY = "your_facebook_activity/"
MEDIA = ACTIVITY + "posts/media/"
T_NEWEST = 1761800000  # 2025-10-30: the payload albums' photos are the newest items, shown first


def fb_albums(base: str) -> dict[str, str]:
    """The album names: HTML payloads, the JS marker with mathtext, and Markdown with pipes and a formula."""
    return {
        "html": (payload(base, "album", "onerror") + payload(base, "album", "img")
                 + payload(base, "album", "script") + payload(base, "album", "svg")
                 + payload(base, "album", "iframe") + payload(base, "album", "style")
                 + payload(base, "album", "script-marker")),
        "marker": "Vegas $$ " + payload(base, "album", "marker"),
        # short enough that a DataFrame shows it whole (pandas cuts cells at 50 characters)
        "math": payload(base, "mj-album", "mathjax").replace("/mathjax-", "/"),
        "markdown": (payload(base, "album", "md-image") + " " + payload(base, "album", "js-link") + " | pipe \\| "
                     + payload(base, "album", "csv") + " $\\foo$ " + payload(base, "album", "mathjax")),
    }


def _exif(base: str, ts: int, lat: float | None = None, lon: float | None = None) -> dict:
    # camera_make and friends are read by nobody: they must stay nobody's problem
    entry: dict[str, Any] = {"taken_timestamp": ts - 3600, "upload_ip": "192.0.2.7",
                             "camera_make": meta(combined(base, "exif")), "camera_model": meta(RTL)}
    if lat is not None:
        entry.update(latitude=lat, longitude=lon)
    return {"photo_metadata": {"exif_data": [entry]}}


def _photo(uri: str, ts: int, title: str, base: str, **extra: Any) -> dict:
    gps = extra.pop("gps", None)
    return {"uri": uri, "creation_timestamp": ts, "title": meta(title),
            "media_metadata": _exif(base, ts, *(gps or (None, None))),
            "backup_uri": f"{base}/backup-uri-never-fetched.jpg", **extra}


def _text_post(ts: int, text: str, **extra: Any) -> dict:
    return {"timestamp": ts, "title": "Hostile Person updated her status.",
            "data": [{"post": meta(text)}, {"update_timestamp": ts + 60}], **extra}


def write_facebook(folder: Path, base: str) -> dict[str, bytes]:
    """A 2024-layout Facebook export tree under ``folder``; returns the JPEGs written (uri -> bytes)."""
    albums = fb_albums(base)
    pictures: dict[str, bytes] = {}

    def jpeg(uri: str, seed: int, ts: int, gps: tuple[float, float] | None = None) -> str:
        pictures[uri] = make_jpeg(seed, size=(96, 72), taken=ts - 3600, gps=gps)
        put(folder, uri, pictures[uri])
        return uri

    t = T_NEWEST
    html_photos = [
        _photo(jpeg(MEDIA + "Hostile_2001/2001001.jpg", 1, t, (36.17, -115.14)), t, albums["html"], base,
               description=meta(combined(base, "photo-description")), gps=(36.17, -115.14)),
        _photo(jpeg(MEDIA + "Hostile_2001/2001002.jpg", 2, t - 86400 * 40), t - 86400 * 40, albums["html"], base,
               description=meta(payload(base, "photo-description", "csv"))),
    ]
    marker_photo = _photo(jpeg(MEDIA + "Vegas_2002/2002001.jpg", 3, t - 3600, (36.11, -115.17)), t - 3600,
                          albums["marker"], base, gps=(36.11, -115.17))
    markdown_photo = _photo(jpeg(MEDIA + "Markdown_2003/2003001.jpg", 4, t - 7200), t - 7200, albums["markdown"],
                            base)
    math_photo = _photo(jpeg(MEDIA + "Math_2010/2010001.jpg", 9, t - 10800), t - 10800, albums["math"], base)
    profile = [
        _photo(jpeg(MEDIA + "ProfilePictures_2004/2004001.jpg", 5, 1500000000), 1500000000, "Profile pictures",
               base),
        # the current profile picture is public by rule and geotagged: it reaches the location charts
        _photo(jpeg(MEDIA + "ProfilePictures_2004/2004002.jpg", 6, t - 86400 * 3, (48.85, 2.35)), t - 86400 * 3,
               "Profile pictures", base, description=meta(combined(base, "profile-description")),
               gps=(48.85, 2.35)),
    ]
    cover = _photo(jpeg(MEDIA + "CoverPhotos_2005/2005001.jpg", 7, t - 86400 * 5), t - 86400 * 5, "Cover photos",
                   base, description=meta(payload(base, "cover-description", "marker")))
    put(folder, ACTIVITY + "posts/album/0.json", {"name": meta(albums["html"]), "photos": html_photos,
                                                  "description": meta(combined(base, "album-description")),
                                                  "last_modified_timestamp": t})
    put(folder, ACTIVITY + "posts/album/1.json", {"name": meta(albums["marker"]), "photos": [marker_photo]})
    put(folder, ACTIVITY + "posts/album/2.json", {"name": meta(albums["markdown"]), "photos": [markdown_photo]})
    put(folder, ACTIVITY + "posts/album/3.json", {"name": "Profile pictures", "photos": profile})
    put(folder, ACTIVITY + "posts/album/5.json", {"name": meta(albums["math"]), "photos": [math_photo]})
    put(folder, ACTIVITY + "posts/album/4.json", {"name": "Cover photos", "photos": [cover]})

    # text posts: one per payload kind, a year apart, so each caption starts with its payload
    posts = [_text_post(1400000000 + i * 86400 * 97, text)
             for i, text in enumerate(caption_payloads(base, "caption").values())]
    posts += [
        # the post's media title names the album; its own title is Meta's prose, and text of ours here
        {"timestamp": t - 7100, "title": meta(combined(base, "post-title")),
         "data": [{"post": meta(combined(base, "photo-post"))}],
         "attachments": [{"data": [{"media": markdown_photo}]}], "tags": [{"name": meta(combined(base, "tag"))}]},
        {"timestamp": 1600000000, "title": "Hostile Person was at a place.",
         "attachments": [{"data": [{"place": {"name": meta(combined(base, "place")), "address": meta(
             combined(base, "address")), "url": f"{base}/place-url", "coordinate": {"latitude": 36.1,
                                                                                   "longitude": -115.1}}}]}]},
        {"timestamp": 1610000000, "title": "Hostile Person shared a link.",
         "attachments": [{"data": [{"external_context": {"url": js_url(base, "ext-link"),
                                                         "name": meta(combined(base, "ext-name"))}}]}]},
    ]
    put(folder, ACTIVITY + "posts/your_posts__check_ins__photos_and_videos_1.json", posts)
    put(folder, ACTIVITY + "posts/your_videos.json", {"videos_v2": [{
        "uri": MEDIA + "videos/2006001.mp4", "creation_timestamp": 1620000000,
        "title": meta(combined(base, "video-title")), "description": meta(combined(base, "video-description")),
        "thumbnail": {"uri": f"{base}/thumbnail-uri-never-fetched.jpg"}}]})
    put(folder, ACTIVITY + "posts/your_uncategorized_photos.json", {"other_photos_v2": [
        # a uri that is itself markup, and a remote uri (some 2020 exports): neither is ever fetched
        {"uri": MEDIA + "Odd_2007/" + payload(base, "uri", "img") + payload(base, "uri", "marker") + ".jpg",
         "creation_timestamp": 1630000000, "title": meta(combined(base, "uncategorized-title"))},
        {"uri": f"{base}/remote-uri-never-fetched.jpg", "creation_timestamp": 1630000100,
         "title": meta(payload(base, "remote-title", "onerror"))},
    ]})
    put(folder, ACTIVITY + "stories/archived_stories.json", {"archived_stories_v2": [{
        "timestamp": 1640000000, "title": meta(combined(base, "story-title")),
        "attachments": [{"data": [{"media": _photo(jpeg(MEDIA + "stories/2008001.jpg", 8, 1640000000), 1640000000,
                                                   "", base, description=meta(combined(base, "story")))}]}]}]})
    # archived posts carry a real link: a javascript: one, a non-Meta one, and a Meta one that breaks out
    archive = []
    for i, (where, href) in enumerate([
            ("link", js_url(base, "link")),
            ("http-link", f"{base}/http-link"),
            ("fb-link", f'https://www.facebook.com/x"><img src="{base}/img-fb-link"><a href="')]):
        archive.append({"timestamp": 1650000000 + i, "fbid": str(2009000 + i), "media": [], "label_values": [
            {"label": "Message", "value": meta(combined(base, f"archive-{where}"))},
            {"label": "URL", "value": href, "href": href}]})
    put(folder, ACTIVITY + "posts/archive.json", archive)
    put(folder, "preferences/preferences/privacy_settings.json", {"privacy_v2": [{"label_values": [
        {"title": "Your activity", "dict": [
            {"label": "Who can see your future posts?", "value": "Friends"},
            {"label": meta(combined(base, "setting-label")), "value": meta(combined(base, "setting-value"))}]}]}]})
    # a file name that is itself markup (no "/" possible): the marker only
    put(folder, ACTIVITY + payload(base, "file-name", "marker") + ".json", {"x": 1})
    return pictures


# --- Instagram ---------------------------------------------------------------------------------------------

def _ig_media(uri: str, ts: int, title: str, base: str, gps: tuple[float, float] | None = None) -> dict:
    exif: dict[str, Any] = {"device_id": meta(combined(base, "ig-device")), "source_type": "library"}
    if gps:
        exif.update(latitude=gps[0], longitude=gps[1])
    return {"uri": uri, "creation_timestamp": ts, "title": meta(title),
            "media_metadata": {"photo_metadata": {"exif_data": [exif]}},
            "cross_post_source": {"source_app": meta(payload(base, "ig-source-app", "img"))},
            "backup_uri": f"{base}/ig-backup-uri-never-fetched.jpg"}


def write_instagram(folder: Path, base: str) -> dict[str, bytes]:
    """A 2025-layout Instagram export tree under ``folder`` (a public account); returns the JPEGs."""
    pictures: dict[str, bytes] = {}

    def jpeg(name: str, seed: int, ts: int, gps: tuple[float, float] | None = None) -> str:
        uri = f"media/{name}"
        pictures[uri] = make_jpeg(seed, size=(80, 80), taken=ts - 600, gps=gps)
        put(folder, uri, pictures[uri])
        return uri

    t = 1750000000  # 2025-06-15
    posts = [
        {"media": [_ig_media(jpeg("posts/202506/1_2_3_n_17900000000000001.jpg", 11, t, (40.4, -3.7)), t,
                             combined(base, "ig-caption"), base, (40.4, -3.7))]},
        {"media": [_ig_media(jpeg("posts/202505/1_2_3_n_17900000000000002.jpg", 12, t - 86400 * 30),
                             t - 86400 * 30, MATHTEXT, base)]},
        {"media": [_ig_media(jpeg("posts/202504/1_2_3_n_17900000000000003.jpg", 13, t - 86400 * 60),
                             t - 86400 * 60, payload(base, "ig-caption", "csv"), base)]},
        # a carousel: the caption is the post's top-level title
        {"media": [_ig_media(jpeg(f"posts/202503/1_2_3_n_1790000000000000{i}.jpg", 10 + i, t - 86400 * 90 + i),
                             t - 86400 * 90 + i, "", base) for i in (4, 5)],
         "title": meta(combined(base, "ig-title") + " " + RTL), "creation_timestamp": t - 86400 * 90 + 9},
    ]
    content = "your_instagram_activity/media/"
    put(folder, content + "posts_1.json", posts)
    put(folder, content + "stories.json", {"ig_stories": [
        _ig_media(jpeg("stories/202502/1_2_3_n_17900000000000006.jpg", 16, t - 86400 * 120), t - 86400 * 120,
                  combined(base, "ig-story"), base)]})
    put(folder, content + "profile_photos.json", {"ig_profile_picture": [
        {**_ig_media(jpeg("profile/202501/1_2_3_n_17900000000000007.jpg", 17, t - 86400 * 150), t - 86400 * 150,
                     combined(base, "ig-profile"), base), "is_profile_picture": True}]})
    put(folder, content + "reels.json", {"ig_reels_media": [{"media": [
        _ig_media("media/reels/202412/1_2_3_n_17900000000000008.mp4", t - 86400 * 200, combined(base, "ig-reel"),
                  base)]}]})

    def string_map(**fields: str | int) -> dict:
        return {k.replace("_", " "): {"href": "", "value": meta(v) if isinstance(v, str) else "",
                                      "timestamp": v if isinstance(v, int) else 0} for k, v in fields.items()}

    put(folder, "personal_information/personal_information/personal_information.json", {"profile_user": [{
        "title": meta(combined(base, "ig-user-title")),
        "media_map_data": {"Profile Photo": _ig_media("media/profile/202501/1_2_3_n_17900000000000007.jpg",
                                                      t - 86400 * 150, "", base)},
        "string_map_data": string_map(Username=combined(base, "ig-username"), Name=combined(base, "ig-name"),
                                      Private_Account="False")}]})
    put(folder, "security_and_login_information/login_and_profile_creation/profile_privacy_changes.json",
        {"account_history_account_privacy_history": [
            {"title": meta(combined(base, "ig-privacy-title")), "media_map_data": {},
             "string_map_data": string_map(Time=1500000000)}]})
    return pictures


# --- the export and the review file -----------------------------------------------------------------------

@dataclass
class HostileExport:
    """The inputs one notebook opens: a Facebook zip and an Instagram folder, and the payloads' base URL."""

    base: str
    paths: list[Path]
    pictures: dict[str, bytes] = field(default_factory=dict)


def write_hostile_export(folder: Path, base: str) -> HostileExport:
    """Write the hostile Facebook zip and Instagram folder into ``folder``; payloads point at ``base``."""
    folder.mkdir(parents=True, exist_ok=True)
    tree = folder / "facebook-tree"
    pictures = write_facebook(tree / FB_ROOT, base)
    facebook = zip_folder(tree, folder / "facebook-hostile-2025-11-02-HoStIlE1.zip")
    instagram = folder / "instagram-hostile"
    pictures |= write_instagram(instagram / IG_ROOT, base)
    _remove_tree(tree)  # only the zip is the export; the loose copy would be a second, unused one
    return HostileExport(base, [facebook, instagram], pictures)


def _remove_tree(path: Path) -> None:
    for child in sorted(path.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        child.rmdir() if child.is_dir() else child.unlink()
    path.rmdir()


SNAPSHOT_IDS = ("facebook:photo:990000001", "facebook:photo:990000002", "facebook:photo:990000003")


def snapshot_album(base: str) -> str:
    # starts with "!", which sorts before every other album, so its rows are the first the worklist shows
    return payload(base, "snap-album", "md-image") + payload(base, "snap-album", "img")


def write_hostile_review(path: Path, items: Any, base: str) -> Path:
    """A review file as a person (or an attacker) could have edited it: payloads in notes, snapshots, labels.

    ``items`` is the loaded hostile export's items frame: the newest items get flags with payload notes, so
    the Explorer's detail pane shows a note from the start. Three flags are of items no longer in the export:
    their snapshot's album, caption and link are all the worklist knows of them.
    """
    newest = items.sort_values("created", ascending=False)["item_id"].tolist()
    albums = fb_albums(base)
    when = "2025-11-01T10:00:00Z"
    flags: dict[str, dict] = {
        newest[0]: {"action": "delete", "note": combined(base, "note"), "when": when},
        newest[1]: {"action": "make_private", "note": payload(base, "note", "csv"), "when": when},
    }
    snaps = [(payload(base, "snap-caption", "img"), js_url(base, "snap-link")),
             (payload(base, "snap-caption", "script"), f"{base}/http-snap-link"),
             (payload(base, "snap-caption", "onerror"), f"<{base}/autolink-snap-link>")]
    for item_id, (caption, link) in zip(SNAPSHOT_IDS, snaps, strict=True):
        flags[item_id] = {"action": "delete", "note": combined(base, "snap-note"), "when": when, "snapshot": {
            "created": "", "album": snapshot_album(base), "caption": caption, "link": link,
            "platform": "facebook", "kind": "photo"}}
    review = {"schema": "metaexposure-review", "version": 1, "flags": flags,
              "item_labels": {newest[2]: "friends", combined(base, "label-item-key"): "public"},
              "album_labels": {f"facebook/{albums['html']}": "friends",
                               f"facebook/{combined(base, 'label-album-key')}": "public"}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(review, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


# --- the logging server ------------------------------------------------------------------------------------

GIF = bytes.fromhex("47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b")


@dataclass
class Request:
    """One request the logging server received: who asked (browser or Python) for what."""

    path: str
    method: str
    user_agent: str
    when: float


class RequestLog:
    """A ThreadingHTTPServer on a free 127.0.0.1 port that records every request and answers with a 1x1 GIF.

    Requests from Chromium count as much as requests from a kernel: the Python network guard stops
    neither from reaching loopback, so this server is what sees a leak. Use as a context manager.
    """

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        log = self

        class Handler(BaseHTTPRequestHandler):
            def _record(self) -> None:
                with log._lock:
                    log.requests.append(Request(self.path, self.command, self.headers.get("User-Agent", ""),
                                                time.time()))
                # a real image: a payload that loads is then no "broken image" on the page, only a logged request
                self.send_response(200)
                self.send_header("Content-Type", "image/gif")
                self.send_header("Content-Length", str(len(GIF)))
                self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(GIF)

            do_GET = do_POST = do_HEAD = do_OPTIONS = do_PUT = _record  # noqa: N815 - http.server's names

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
                pass  # recorded above; nothing on stderr

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, name="request-log", daemon=True)

    def __enter__(self) -> RequestLog:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)

    def paths(self, prefix: str = "") -> list[str]:
        """The paths requested so far that start with ``prefix`` (e.g. "/nb04/"), in order."""
        with self._lock:
            return [r.path for r in self.requests if r.path.startswith(prefix)]

    def described(self, prefix: str = "") -> list[str]:
        """Each request as "path (browser|python)", for a failure message."""
        with self._lock:
            return [f"{r.path} ({'python' if 'Python' in r.user_agent else 'browser'})" for r in self.requests
                    if r.path.startswith(prefix)]
