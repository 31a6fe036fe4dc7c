from datetime import date

from strife.model import Article, SourceError
from strife.sources import read_feed
from strife.sources.feed import strip_html

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Levant Wire</title><link>https://lw.example/</link><description>d</description>
<item><title>Ceasefire agreed</title><link>https://lw.example/1</link>
<pubDate>Sat, 30 Dec 2017 01:30:00 +0300</pubDate>
<description>&lt;p&gt;A nationwide &lt;b&gt;ceasefire&lt;/b&gt; took effect.&lt;/p&gt;&lt;p&gt;Second para.&lt;/p&gt;</description></item>
<item><title>Full content</title><link>https://lw.example/2</link><pubDate>not a date</pubDate>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>DAMASCUS (Levant Wire) - Full story here.</p><script>x()</script>]]></content:encoded></item>
<item><title>Empty</title></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Tigris Atom</title><id>urn:t</id><updated>2018-04-14T00:00:00Z</updated>
<entry><title>Strikes on Syria</title><id>urn:1</id><link href="https://t.example/a"/>
<published>2018-04-14T06:00:00+03:00</published><updated>2018-04-14T06:00:00+03:00</updated>
<content type="html">&lt;p&gt;Western strikes hit research sites near Damascus.&lt;/p&gt;</content></entry></feed>"""


def test_rss_items():
    items = list(read_feed(RSS, origin="f.rss", published=date(2017, 1, 1)))
    first, second, third = items
    assert first.text == "A nationwide ceasefire took effect.\nSecond para."
    assert (first.title, first.url, first.source) == ("Ceasefire agreed", "https://lw.example/1", "Levant Wire")
    assert first.published == date(2017, 12, 30) and first.published_from == "feed"  # local day, not UTC
    assert second.text.startswith("DAMASCUS") and "x()" not in second.text  # content preferred
    assert second.dateline == "Damascus" and second.published_from == "flag"
    assert isinstance(third, SourceError) and third.origin == "f.rss#3" and "no text" in third.reason


def test_atom():
    [article] = list(read_feed(ATOM))
    assert article.text == "Western strikes hit research sites near Damascus."
    assert (article.source, article.url, article.published) == ("Tigris Atom", "https://t.example/a", date(2018, 4, 14))


def test_zero_items_and_not_a_feed():
    [err] = list(read_feed("<rss version='2.0'><channel><title>t</title></channel></rss>", origin="e.rss"))
    assert isinstance(err, SourceError) and err.reason == "feed has no items"
    [err] = list(read_feed("just some words", origin="n.rss"))
    assert isinstance(err, SourceError)


def test_strip_html():
    assert strip_html("<p>a &amp; b</p><p>c<br>d</p>") == "a & b\nc\nd"
    assert strip_html("plain") == "plain"
    assert isinstance(Article(text=strip_html("<p>x</p>")), Article)
