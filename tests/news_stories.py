"""Four unrelated news stories written for the dedupe tests, and variants of them."""

from __future__ import annotations

from thresher import Document, Source

# Four unrelated stories of six paragraphs, written for these tests.
STORIES = [
    [
        "The harbour authority of Velmora confirmed on Tuesday that container traffic "
        "fell for the third month in a row, as two shipping lines moved their weekly "
        "calls to a rival port further along the coast.",
        "Officials blamed a dispute over berth fees that began in the spring, when the "
        "authority raised charges for vessels longer than three hundred metres by almost "
        "a fifth without consulting the carriers.",
        "Dock workers said overtime had all but disappeared and that several crane "
        "operators had been asked to take unpaid leave until the end of the quarter.",
        "A spokesperson for the larger of the two lines said talks had stalled because "
        "the authority wanted a ten year commitment in exchange for any discount.",
        "Local business groups warned that the slowdown would hit trucking firms and "
        "warehouses first, and asked the regional government to mediate before winter.",
        "The authority will publish its annual accounts next month, when analysts expect "
        "it to report its first operating loss since the new terminal opened.",
    ],
    [
        "Researchers at the Ostrava institute of materials have built a battery cell that "
        "keeps most of its capacity after four thousand charging cycles, according to a "
        "paper released this week.",
        "The team replaced the usual graphite anode with a layered silicon compound that "
        "swells far less when it absorbs lithium, which is what usually cracks the cell.",
        "Independent chemists cautioned that the cells were tested at room temperature "
        "and that performance in freezing conditions remains an open question.",
        "The institute has applied for a patent and is in early talks with two bus "
        "manufacturers about a pilot fleet, its director told reporters.",
        "Production costs are still roughly twice those of conventional cells, the paper "
        "says, mostly because the compound must be made in small batches under argon.",
        "The authors plan a larger trial next year with cells the size of a paperback book "
        "rather than the coin sized samples used so far.",
    ],
    [
        "Farmers in the northern valleys are planting sorghum instead of maize for the "
        "first time in decades after three dry summers cut their harvests in half.",
        "The regional agriculture office said seed orders for drought tolerant crops had "
        "tripled since January and that its advisers were booked until the autumn.",
        "Sorghum needs roughly a third less water than maize but fetches a lower price, "
        "and few mills in the area are equipped to process it.",
        "A cooperative near the river town of Adlen has bought a second hand mill from a "
        "brewery and hopes to sell flour to bakeries in the capital by next spring.",
        "Climate scientists at the state university expect summers in the valleys to keep "
        "getting drier and hotter over the coming twenty years.",
        "The national farmers union has asked for grants to help members buy new "
        "harvesting equipment suited to the shorter and tougher stalks.",
    ],
    [
        "The city council of Brannock voted late on Thursday to close the old central "
        "library for two years while its roof and heating system are replaced.",
        "Temporary branches will open in a former bank building and in the sports centre, "
        "and the children's collection will move to the primary school on Mill Street.",
        "Opposition councillors argued that the works could be done in stages so that at "
        "least part of the building stays open, but the proposal was defeated.",
        "The renovation is expected to cost about eleven million, two thirds of it paid "
        "by a national fund for historic public buildings.",
        "Library staff will keep their jobs and rotate between the temporary sites, the "
        "council's director of culture said after the vote.",
        "The building, which opened in the year the railway reached the town, is one of "
        "the few surviving examples of its architect's work.",
    ],
]


def article(story: int, drop: int | None = None, reword: int | None = None) -> str:
    paragraphs = list(STORIES[story])
    if reword is not None:
        words = paragraphs[reword].split()
        words[len(words) // 2] = "notably"
        paragraphs[reword] = " ".join(words)
    if drop is not None:
        del paragraphs[drop]
    return "\n\n".join(paragraphs)


def doc(identifier: str, text: str, **meta: object) -> Document:
    return Document(id=identifier, text=text, source=Source(f"{identifier}.txt"), meta=dict(meta))
