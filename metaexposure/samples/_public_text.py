"""Invented words for what Ava wrote in other people's places, to Meta AI and on Threads.

Like _facebook_text.py: nobody here is real. Friends are the placeholders of FRIENDS there, Pages,
groups, apps and businesses are made up, links use the example.* domains (RFC 2606) or a
``.synthetic.example`` Facebook profile name. Accents, emoji and CJK are mixed in on purpose, so
mojibake repair has work to do in every new file.
"""

from __future__ import annotations

# Pages Ava likes: (name, profile slug). The first two get her comments, the third a post of hers.
PAGES = (("Daily Planet News", "dailyplanetnews"), ("The Example Bakery", "theexamplebakery"),
         ("Placeholder City Library", "placeholdercitylibrary"), ("Kyoto Travel Notes 京都", "kyototravelnotes"))
# Followed but not liked: a Page and a friend's profile.
FOLLOWED = (("Example Hiking Magazine", "examplehikingmagazine"), ("Noa Invented", "noa.invented"))
# Groups she joined: (name, year she joined).
GROUPS = (("Hiking Club", 2018), ("Sourdough Bakers 🍞", 2020), ("Placeholder Street Neighbours", 2022))
SLUGS = {"Sam Example": "sam.example", "Zoë Fictícia": "zoe.ficticia", "Kim Fictional": "kim.fictional",
         "Alex Sample": "alex.sample", "Renée Exemple": "renee.exemple"}

# Facebook comments (comments_v2): (whose, text, extra). "whose" is a Page, a friend, "reply:<friend>"
# or "own"; extra is "photo", "link", a group name or "".
COMMENTS = (
    ("Daily Planet News", "Finally some good news about the harbour footbridge!", ""),
    ("Daily Planet News", "Could you link the council report? Curious about the numbers.", ""),
    ("The Example Bakery", "Your pain au levain is the reason I started baking 🍞", ""),
    ("Sam Example", "Lovely photo! 😍", ""),
    ("Zoë Fictícia", "Look who is sitting in the laundry basket again 🐈", "photo"),
    ("山田 仮名", "京都の写真、懐かしい！ Miss those temples.", ""),
    ("reply:Sam Example", "Haha, only if you bring the crème brûlée.", ""),
    ("reply:Alex Sample", "Saturday works, see you at the lido ☀️", ""),
    ("own", "Still the best view in town.", ""),
    ("own", "Thanks everyone 💛", ""),
    ("Renée Exemple", "This explains a lot about my cat:", "link"),
    ("Jordan Placeholder", "Count me in for the ridge walk!", "Hiking Club"),
)
COMMENT_LINK = ("https://example.com/blog/why-cats-sit-in-boxes", "Why do cats sit in boxes?")

# Posts in groups (group_posts_v2): (group, text, photos).
GROUP_POSTS = (
    ("Hiking Club", "Route for Sunday: 14 km along the ridge, café stop halfway ☕", 0),
    ("Hiking Club", "What a day on the tops! 🏔️", 2),
    ("Sourdough Bakers 🍞", "Day 5 of my starter. Is this much hooch normal?", 0),
    ("Hiking Club", "Found someone's glove at the summit cairn, anyone?", 1),
    ("Placeholder Street Neighbours", "Street party planning meeting at mine, Thursday 7 pm 🎈", 0),
)
GROUP_COMMENTS = (
    ("Hiking Club", "Jordan Placeholder", "I can bring the spare map."),
    ("Sourdough Bakers 🍞", "Kim Fictional", "Feed it twice a day and keep it warm, it will perk up."),
    ("Placeholder Street Neighbours", "Noa Invented", "Happy to lend the gazebo ⛺"),
    ("Hiking Club", "Sam Example", "Café au lait at the bottom was the best part."),
)
PENDING_POSTS = (("Placeholder Street Neighbours", "Does anyone have a ladder I could borrow on Saturday? 🪜"),)

# Posts on other people's profiles and on Pages: (where, text, with a photo).
WALL_POSTS = (
    ("Sam Example", "Happy birthday Sam! 🎂 Remember this one?", True),
    ("Placeholder City Library", "Thank you for the late opening hours! 📚", False),
    ("Zoë Fictícia", "Parabéns, Zoë! 🎉", False),
)
NOTE = ("Lisbon, six days in tiles", "Trams, tiles and too many pastéis de nata. A few notes for whoever goes "
        "next: walk up to the Miradouro at sunset, take the 28 early, and say obrigada a lot.")

# Meta AI on Facebook: (title, [(author is Ava, text)...]).
AI_CONVERSATIONS_FACEBOOK = (
    ("Dense sourdough", (
        (True, "Why is my sourdough always so dense? 🍞"),
        (False, "A dense loaf usually means the dough was under-proofed or the starter was not active enough. "
                "Try feeding your starter 4–8 hours before mixing and let the dough rise until it has grown "
                "by about half."),
        (True, "And the hydration? I use 65%."),
        (False, "65% is a good place to start. Going up to 70–75% gives a more open crumb, but the dough is "
                "stickier to shape."),
    )),
    ("Kyoto in November", (
        (True, "Plan three days in Kyoto 京都 in November, no more than 10 km of walking a day."),
        (False, "Day 1: Fushimi Inari early, then Tōfuku-ji for the autumn leaves. Day 2: Arashiyama bamboo "
                "grove and a river walk. Day 3: Higashiyama, Kiyomizu-dera and Gion in the evening."),
    )),
)
# Meta AI on Instagram: one conversation, newest last here (Meta writes messages newest first).
AI_CONVERSATION_INSTAGRAM = (
    (True, "Write a caption for a photo of my sourdough loaf"),
    (False, "Crust: crackling. Crumb: open. Patience: finally rewarded 🍞✨"),
    (True, "Shorter, and with a pun"),
    (False, "I knead this in my life 🍞"),
)
INTERESTS = (
    "You enjoy baking bread at home, especially sourdough.",
    "You like hill walking and outdoor trips with a club.",
    "You are interested in travel to Japan and Portugal: Kyoto, Lisboa, pastéis de nata.",
)

# Linked apps: (name, category, year added, year removed or 0).
APPS = (("Example Fitness Tracker", "active", 2013, 0), ("Placeholder Puzzles", "removed", 2016, 2021),
        ("Sample Recipe Box", "active", 2019, 0))
# Businesses that told Meta about her activity elsewhere: (name, event types).
OFF_META = (("Example Bookshop", ("PAGE_VIEW", "ADD_TO_CART", "PURCHASE")),
            ("Placeholder Airlines", ("SEARCH", "PAGE_VIEW")),
            ("Sample Supermarket", ("ACTIVATE_APP", "CUSTOM", "PURCHASE", "PAGE_VIEW")))
TAGGED_BY = ("Sam Example", "Alex Sample", "Kim Fictional")
HIGHLIGHTS = ("Summer ☀️", "Autumn 🍁")
BIO = "Sourdough, hill walks and spreadsheets 🍞⛰️"

# Instagram comments: (when, media owner, text). "avasynthetic" is Ava herself.
IG_COMMENTS = (
    ("2014-05-04 09:10", "avasynthetic", "Obrigada! 🇵🇹"),
    ("2015-06-12 07:30", "sam.example", "Where is this?? 😍"),
    ("2022-03-20 10:00", "avasynthetic", "Recipe in my stories tomorrow 🥘"),
    ("2023-04-02 19:45", "zoe.ficticia", "Parabéns! 🎂"),
    ("2024-10-08 12:20", "dailyplanetnews", "Great piece, thanks for covering the library."),
    ("2025-02-09 11:05", "avasynthetic", "Thank you! It was freezing but worth it ❄️"),
)
IG_REEL_COMMENTS = (("2023-11-12 08:00", "kim.fictional", "How do you fold it so neatly?"),
                    ("2025-08-09 09:15", "avasynthetic", "Ha, thank you 🌊"))
IG_COMMENTS_2021 = IG_COMMENTS[:2]
IG_OTHER_MEDIA = (("2024-12-05 16:30", "Bread timetable 🍞"), ("2025-07-19 13:10", ""))
# Meta says how many accounts saw three of her posts (indexes into instagram.POSTS, and the counts).
IG_INSIGHTS = ((16, "412", "530"), (17, "1,208", "1,617"), (19, "356", "402"))

# Threads posts: (when, text, photos, reply).
THREADS = (
    ("2023-07-06 08:30", "Hello Threads 👋 mostly bread and hills here.", 0, False),
    ("2023-11-19 17:45", "京都の紅葉を思い出す。Kyoto four years ago today 🍁", 0, False),
    ("2024-03-02 10:10", "Loaf #112. I think I finally understand shaping.", 1, False),
    ("2024-03-02 12:05", "@sam.example yes, 75% hydration and a long cold proof!", 0, True),
    ("2025-01-15 21:00", "Résolution: fewer spreadsheets, more walks. Day 15 going well.", 0, False),
    ("2025-09-30 07:55", "Sunrise on the ridge with the club ⛰️☀️", 0, False),
)
THREADS_BIO = "Bread, hills, the odd spreadsheet 🍞"
