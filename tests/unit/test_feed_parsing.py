"""Feeds are read safely: RSS, RDF and Atom; hostile XML refused with one line."""

from __future__ import annotations

import pytest

from workspace import ParallaxError
from workspace.feeds.parse import normalise_link, parse_feed

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example \xd0\xbb\xd0\xb5\xd0\xbd\xd1\x82\xd0\xb0</title>
<item><title>First</title><link>https://example.org/a?utm_source=rss</link>
  <pubDate>Mon, 01 Apr 2026 10:00:00 +0300</pubDate></item>
<item><title>No date</title><link>/relative/b</link></item>
<item><title>No link at all</title><description>only text</description></item>
<item><title>Guid as link</title><guid isPermaLink="true">https://example.org/c</guid></item>
<item><title>Not a web link</title><link>javascript:alert(1)</link></item>
<item><title>First again</title><link>https://example.org/a#comments</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom example</title>
<entry><title>Entry one</title><link rel="alternate" href="https://example.org/one"/>
  <link rel="enclosure" href="https://example.org/one.mp3"/>
  <id>tag:example.org,2026:1</id><updated>2026-04-01T08:00:00Z</updated></entry>
<entry><title>Entry two</title><id>https://example.org/two</id>
  <published>2026-04-02T09:30:00+05:00</published></entry>
</feed>"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>RDF example</title></channel>
<item><title>RDF item</title><link>https://example.org/rdf</link><dc:date>2026-04-03</dc:date></item>
</rdf:RDF>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><title>&lol3;</title></channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&xxe;</title><link>https://example.org/x</link></item></channel></rss>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>
<rss><channel></channel></rss>"""

OLD_RSS_DOCTYPE = b"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title>
<item><title>Old item</title><link>https://example.org/old</link></item></channel></rss>"""


def test_rss_items_have_absolute_links_dates_and_no_repeats() -> None:
    feed = parse_feed(RSS, "https://example.org/feed.xml")
    assert feed.kind == "rss"
    assert feed.title == "Example лента"
    links = [item.link for item in feed.items]
    assert links == [
        "https://example.org/a?utm_source=rss",
        "https://example.org/relative/b",
        "https://example.org/c",
    ]
    assert feed.items[0].published == "2026-04-01T07:00:00+00:00"
    assert feed.items[1].published == ""  # an item without a date is kept
    assert feed.skipped == {"no http(s) link": 2, "listed twice": 1}


def test_atom_takes_the_alternate_link_or_an_http_id() -> None:
    feed = parse_feed(ATOM, "https://example.org/atom")
    assert feed.kind == "atom"
    assert [i.link for i in feed.items] == ["https://example.org/one", "https://example.org/two"]
    assert feed.items[0].published == "2026-04-01T08:00:00+00:00"
    assert feed.items[1].published == "2026-04-02T04:30:00+00:00"


def test_rss_1_0_rdf_is_read() -> None:
    feed = parse_feed(RDF)
    assert [i.link for i in feed.items] == ["https://example.org/rdf"]
    assert feed.items[0].published.startswith("2026-04-03")


@pytest.mark.parametrize(
    "document", [BILLION_LAUGHS, XXE, PARAMETER_ENTITY], ids=["laughs", "xxe", "parameter-entity"]
)
def test_hostile_xml_is_refused_with_one_line(document: bytes) -> None:
    with pytest.raises(ParallaxError) as caught:
        parse_feed(document, "https://evil.example/feed")
    message = str(caught.value)
    assert "\n" not in message and message.startswith("https://evil.example/feed")
    assert "root:" not in message  # nothing of /etc/passwd


def test_an_external_dtd_is_never_retrieved() -> None:
    from tests.feed_server import Page, Site, serve

    site = Site(pages={"/evil.dtd": Page(b'<!ENTITY boom "boom">', "application/xml-dtd")})
    with serve(site):
        document = (
            f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{site.base}/evil.dtd">'
            "<rss><channel><item><link>https://example.org/x</link></item></channel></rss>"
        ).encode()
        feed = parse_feed(document)
    assert [i.link for i in feed.items] == ["https://example.org/x"]
    assert site.log == []


def test_a_plain_doctype_without_entities_is_fine() -> None:
    feed = parse_feed(OLD_RSS_DOCTYPE)
    assert [i.link for i in feed.items] == ["https://example.org/old"]


@pytest.mark.parametrize(
    ("document", "said"),
    [
        (b"<html><body>not a feed</body></html>", "not an RSS or Atom feed"),
        (b"<rss><channel><item>", "not a readable XML feed"),
        (b"\x00\x01binary", "not a readable XML feed"),
        (b"", "not a readable XML feed"),
        (b"<rss version='2.0'></rss>", "without a <channel>"),
    ],
)
def test_what_is_not_a_feed_says_so(document: bytes, said: str) -> None:
    with pytest.raises(ParallaxError, match=said):
        parse_feed(document, "https://example.org/x")


def test_a_huge_feed_is_cut_at_the_item_limit() -> None:
    from workspace.feeds.parse import MAX_ITEMS

    items = b"".join(
        b"<item><link>https://example.org/%d</link></item>" % i for i in range(MAX_ITEMS + 50)
    )
    feed = parse_feed(b"<rss><channel>" + items + b"</channel></rss>")
    assert len(feed.items) == MAX_ITEMS
    assert feed.skipped == {"over the item limit": 50}


def test_links_meet_without_fragments_and_tracking() -> None:
    assert normalise_link("HTTPS://Example.org/a?utm_medium=x&id=3#top") == (
        "https://example.org/a?id=3"
    )
