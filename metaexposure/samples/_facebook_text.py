"""Invented words for the synthetic Facebook exports: friends, statuses, links, venues, captions.

Nothing here is about a real person. Links use the example.* domains reserved for documentation
(RFC 2606); venues are made up and placed at the coordinates of well-known public landmarks.
Accents, emoji and CJK are mixed in on purpose: Meta writes them mojibake-encoded, and the
loader must hand them back repaired.
"""

from __future__ import annotations

FRIENDS = ("Sam Example", "Alex Sample", "Jordan Placeholder", "Zoë Fictícia", "Renée Exemple",
           "山田 仮名", "Kim Fictional", "Noa Invented")

# Exactly forty: the 2024 sample posts every one of them once.
STATUSES = (
    "First day on Facebook. Hello, world!",
    "Does anyone know how to make a good cup of tea? Asking for a friend.",
    "Exams done. Sleeping for a week.",
    "Finally saw the northern lights (well, a faint green smudge). Counts!",
    "New job, new desk plant. Its name is Gerald.",
    "Crème brûlée attempt #3: succès ! 🍮",
    "Rainy Sunday, blanket, three library books. Perfect.",
    "Who else is watching the match tonight? ⚽",
    "Moving flat this weekend. Pizza for anyone who carries a box 🍕",
    "I have officially run 10 km without stopping. Legs: 0, me: 1.",
    "今日は雨。本を読む日 📚",
    "Learning to knit. The scarf is currently 4 cm long.",
    "Happy new year everyone! 🎆",
    "Day 12 of learning Portuguese: já sei pedir um café ☕",
    "Whoever invented the snooze button: we need to talk.",
    "Garden update: one (1) tomato. Very proud.",
    "Thank you all for the birthday wishes! 🎂💛",
    "Back from the dentist. No cavities!",
    "Spreadsheet of my spreadsheets is complete. Send help.",
    "Ein schöner Tag am See mit Freunden 🌊",
    "Volunteering at the community garden again this Saturday, come along!",
    "Power cut. Board games by candlelight it is 🕯️",
    "Just discovered that the cat has been sleeping in the laundry basket for months.",
    "Trying a new recipe: 麻婆豆腐. Spicy!! 🌶️",
    "Twenty years since I first learned to ride a bike. Still wobbly.",
    "Lockdown hobby #4: puzzles. 1000 pieces of blue sky. Why.",
    "Vaccinated and very grateful 💉",
    "Café com leite e pão de queijo, a manhã perfeita.",
    "Anyone recommend a good podcast for long train rides?",
    "The bus was on time today. Something is wrong.",
    "Painted the kitchen yellow. No regrets. Some regrets.",
    "Sunday swim in the lido, brr 🥶",
    "Ten years in this city today ❤️",
    "Finished my first marathon!!! 42,195 km of pure stubbornness 🏅",
    "Überraschung! The surprise party worked.",
    "Repotted every plant in the flat. They look suspicious of me.",
    "Night sky tonight was unreal ✨🌌",
    "Spring cleaning done: found three umbrellas and zero socks.",
    "Reading list for the holidays: suggestions welcome 📖",
    "Last post of the year: thank you, friends, for everything 🙏",
)

# (url, link title, the text written above it)
LINKS = (
    ("https://example.com/articles/ten-tips-tidy-spreadsheets", "Ten tips for tidy spreadsheets",
     "This changed my life, honestly."),
    ("https://example.org/recipes/easy-sourdough-starter", "An easy sourdough starter",
     "Starting this weekend 🍞"),
    ("https://www.example.net/news/local-library-extends-hours", "Local library extends its opening hours",
     "Great news for night owls!"),
    ("https://example.com/blog/why-cats-sit-in-boxes", "Why do cats sit in boxes?", "Science, finally."),
    ("https://example.org/events/community-garden-open-day", "Community garden open day",
     "Come and say hi, we have cake."),
    ("https://www.example.net/travel/lisbon-on-foot", "Lisbon on foot: seven walks", "Saudades…"),
    ("https://example.com/music/summer-playlist", "A summer playlist", "On repeat all week 🎶"),
    ("https://example.org/science/how-aurora-forms", "How the aurora forms", "Nature is amazing."),
    ("https://www.example.net/video/knitting-for-beginners", "Knitting for beginners", "Wish me luck."),
    ("https://example.com/guides/first-marathon", "Training for your first marathon", "Here we go 🏃‍♀️"),
    ("https://example.org/kyoto/autumn-leaves-forecast", "紅葉の見頃予想 (autumn leaves forecast)",
     "Perfect timing for our trip!"),
    ("https://www.example.net/privacy/check-your-settings", "How to check your privacy settings",
     "Worth ten minutes of your time."),
    ("https://example.com/food/pasteis-de-nata-at-home", "Pastéis de nata at home", "Attempting these."),
    ("https://example.org/outdoors/hill-walking-kit-list", "A hill-walking kit list", "For the club 🥾"),
    ("https://www.example.net/pets/indoor-plants-safe-for-cats", "Indoor plants that are safe for cats",
     "Gerald is safe, phew."),
)

# (invented venue, public landmark's coordinates, address, text)
VENUES = (
    ("Harbourside Example Café", (51.4491, -2.5975), "Bristol, United Kingdom", "Best flat white in town ☕"),
    ("Placeholder Park", (51.4556, -2.6213), "Bristol, United Kingdom", "Picnic weather!"),
    ("The Sample Arms", (51.4537, -2.5918), "Bristol, United Kingdom", "Quiz night. We came fourth of four."),
    ("Fictional Climbing Wall", (51.4622, -2.5860), "Bristol, United Kingdom", "Made it to the top 🧗"),
    ("Testcase Theatre", (51.5081, -0.1281), "London, United Kingdom", "What a show! 🎭"),
    ("Mock Museum of Maps", (51.5194, -0.1270), "London, United Kingdom", "Three hours among maps."),
    ("Demo Lido", (51.4480, -2.6120), "Bristol, United Kingdom", "Cold water, warm heart."),
    ("Café Exemplo", (38.7075, -9.1364), "Lisboa, Portugal", "Um galão, por favor!"),
    ("Beispiel Biergarten", (48.1374, 11.5755), "München, Germany", "Prost! 🍻"),
    ("Dummy Dunes Campsite", (50.7128, -1.9920), "Dorset, United Kingdom", "Tent up, kettle on ⛺"),
)

HOME = (51.4545, -2.5879)  # Bristol city centre: "home" for the mobile uploads' GPS
LISBON = ((38.7075, -9.1364), (38.6916, -9.2160), (38.7118, -9.1298), (38.7876, -9.3906))
KYOTO = ((34.9671, 135.7727), (35.0394, 135.7292), (35.0170, 135.6713), (34.9949, 135.7850))
HILLS = ((51.8840, -3.4364), (53.0685, -4.0763), (54.5270, -3.0160), (51.2826, -2.7647))
PORTO = ((41.1408, -8.6131), (41.1456, -8.6109), (41.1413, -8.6110))

PLACES = {
    "Lisbon 2012": ("Praça do Comércio", (38.7075, -9.1364), "Lisboa, Portugal"),
    "Kyoto 京都 2019": ("伏見稲荷大社 Fushimi Inari Taisha", (34.9671, 135.7727), "京都市, Japan"),
    "Porto 2018": ("Ribeira", (41.1408, -8.6131), "Porto, Portugal"),
}

ALBUM_TEXTS = {
    "Profile pictures": ("", "New profile picture!", "", "Haircut day 💇‍♀️", ""),
    "Cover photos": ("", "", "View from the hill 🌄"),
    "Timeline Photos": ("Party at Sam's!", "", "Snow day ❄️", "Graduation!! 🎓", "", "Road trip with Alex",
                        "Throwback to summer", ""),
    "Mobile uploads": ("Morning coffee ☕", "", "Sunset from the bridge 🌅", "Look who visited 🐈", "",
                       "Lunch with Zoë", "Market haul 🍅🥕", "", "Rainbow over the harbour 🌈",
                       "Tiny dog, huge stick", "", "Bookshop find 📚", "Fête de la musique 🎶",
                       "Weekend project", "", "First snow!", "Bike ride to the coast 🚲", "Homemade pizza"),
    "Lisbon 2012": ("Pastéis de nata em Belém — já estou com saudades! 🇵🇹",),
    "Grandma's 90th": ("Ninety years young! Happy birthday, Grandma 🎉💐",),
    "Hiking club": ("Summit reached 🏔️🥾 with the Hiking club", "Muddy boots, happy hearts"),
    "Kyoto 京都 2019": ("京都の紅葉、最高でした 🍁", "Fushimi Inari at dawn ⛩️"),
    "Sourdough 🍞 diary": ("Loaf #1: a brick.", "Loaf #7: getting there 🍞", "Crumb shot!", "Best one yet"),
    "Porto 2018": ("Porto à noite ✨",),
}
ALBUM_DESCRIPTIONS = {
    "Lisbon 2012": "Six days of trams, tiles and pastéis.",
    "Grandma's 90th": "The whole family, one very long table.",
    "Hiking club": "Walks with the Sunday hiking club.",
    "Kyoto 京都 2019": "秋の京都 — autumn in Kyoto.",
    "Sourdough 🍞 diary": "A year of bread, good and bad.",
}

VIDEO_TEXTS = ("Fireworks from the roof 🎆", "", "Cat vs. cardboard box", "Waves at the beach 🌊", "",
               "Grandma blowing out the candles", "Time-lapse of the sunset", "", "Concert snippet 🎸",
               "First steps on the ice ⛸️", "", "Waterfall after the rain")
STORY_TEXTS = ("", "Good morning ☀️", "", "Guess where I am 🗺️", "", "Coffee #2", "", "Weekend mode 😎")
REEL_TEXTS = ("60 seconds of Bristol 🎈", "Sourdough scoring, slow-mo", "How to fold a fitted sheet (I can't)",
              "Kyoto memories 🍁", "Hiking club, summit dance", "My desk setup tour",
              "Three-ingredient pancakes 🥞", "Autumn leaves crunch compilation")
ARCHIVED = ("Feeling a bit sad today.", "Mood: 🙃", "Can't believe it's Monday again",
            "Ugh, missed the bus. Twice.", "Old rant about printers, archived for posterity.",
            "Hot take: pineapple belongs on pizza.")
TRASHED = ("test", "Ooops, wrong account 🙈", "Typo in the last post, ignore", "Draft: holiday plans?")
UNCATEGORIZED = ("", "From the Hiking club group", "", "Shared in the Sourdough bakers group 🍞", "",
                 "Comment photo: the cat again", "", "Group photo from the quiz night", "", "")
