"""The re-fetch client keeps add's limits: size, redirects, http(s) only, an overall deadline."""

from __future__ import annotations

import pytest

from tests.feed_server import Page, Site, serve
from workspace import ParallaxError
from workspace.feeds import http


def test_a_server_that_drips_bytes_is_stopped_at_the_deadline() -> None:
    site = Site(pages={"/drip": "drip"})
    with serve(site), pytest.raises(ParallaxError, match="took longer than 1 s"):
        http.get(f"{site.base}/drip", deadline=1.0)


def test_redirects_are_bounded_and_stay_on_http() -> None:
    site = Site()
    with serve(site):
        site.pages["/loop"] = Page(b"", status=302, location=f"{site.base}/loop")
        site.pages["/file"] = Page(b"", status=302, location="file:///etc/passwd")
        site.pages["/moved"] = Page(b"", status=301, location=f"{site.base}/here")
        site.pages["/here"] = Page(b"<p>here</p>")
        with pytest.raises(ParallaxError, match="too many redirects"):
            http.get(f"{site.base}/loop")
        with pytest.raises(ParallaxError, match="non-http"):
            http.get(f"{site.base}/file")
        moved = http.get(f"{site.base}/moved")
    assert moved.status == 200 and moved.redirected and moved.url.endswith("/here")


def test_size_limit_and_error_statuses() -> None:
    site = Site(pages={"/big": Page(b"x" * 2048), "/gone": Page(b"", status=410)})
    with serve(site):
        with pytest.raises(ParallaxError, match="larger than"):
            http.get(f"{site.base}/big", max_bytes=1024)
        assert http.get(f"{site.base}/gone").status == 410
        assert http.get(f"{site.base}/missing").status == 404
    with pytest.raises(ParallaxError, match="only http"):
        http.get("file:///etc/passwd")
