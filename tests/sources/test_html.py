from datetime import date

from strife.model import Article, SourceError
from strife.sources import read_html

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Iraqi forces enter Kirkuk | Tigris News</title>
<meta property="og:title" content="Iraqi forces enter Kirkuk">
<meta property="og:site_name" content="Tigris News">
<meta property="article:published_time" content="2017-10-16T18:00:00+03:00">
<link rel="canonical" href="https://tigris.example/2017/10/16/kirkuk"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Iraqi forces enter Kirkuk</h1>
<p>KIRKUK, Iraq (Tigris News) - Iraqi government forces took control of the provincial
government building in Kirkuk on Monday as Kurdish fighters withdrew from the city.</p>
<p>The advance followed last month's Kurdish independence referendum, which Baghdad rejected.</p>
</article><footer>Copyright</footer></body></html>"""


def test_main_text_and_metadata():
    [article] = list(read_html(PAGE, origin="k.html"))
    assert isinstance(article, Article)
    assert article.title == "Iraqi forces enter Kirkuk"
    assert article.source == "Tigris News"
    assert article.url == "https://tigris.example/2017/10/16/kirkuk"
    assert article.published == date(2017, 10, 16) and article.published_from == "html-meta"
    assert "provincial" in article.text and "Copyright" not in article.text and "Home" not in article.text
    assert article.dateline == "Kirkuk, Iraq"


def test_sidecar_style_meta_wins():
    [article] = list(read_html(PAGE, meta={"published": "2017-10-17", "source": "Mirror"}))
    assert (article.published, article.published_from, article.source) == (date(2017, 10, 17), "sidecar", "Mirror")


def test_no_body_is_an_error():
    [err] = list(read_html("<html><head><title>Moved</title></head><body></body></html>", origin="x.html"))
    assert isinstance(err, SourceError) and err.origin == "x.html" and "no body text" in err.reason


def test_declared_legacy_charset():
    page = ('<html><head><meta charset="windows-1256"></head><body><article><p>'
            + "اشتباكات عنيفة في ريف حلب الشمالي بين القوات الحكومية والمسلحين. " * 5
            + "</p></article></body></html>").encode("cp1256")
    [article] = list(read_html(page))
    assert "اشتباكات" in article.text and article.lang == "ar"
