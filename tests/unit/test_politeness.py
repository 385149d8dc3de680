"""Per-host delay and robots.txt, with a fake clock (no real waiting, no timing asserted)."""

from __future__ import annotations

from tests.feed_server import Page, Site, serve
from workspace.feeds.polite import Politeness


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


def test_requests_to_one_host_are_spaced_and_other_hosts_are_not_held_up() -> None:
    clock = FakeClock()
    polite = Politeness(delay=2.0, respect_robots=False, clock=clock, sleep=clock.sleep)
    polite.wait("http://a.example/1")
    polite.wait("http://b.example/1")
    clock.now += 0.5
    polite.wait("http://a.example/2")
    assert clock.slept == [1.5]
    clock.now += 5
    polite.wait("http://a.example/3")
    assert clock.slept == [1.5]


def test_robots_rules_and_crawl_delay_are_followed(ws) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    site = Site(pages={
        "/robots.txt": Page(b"User-agent: *\nCrawl-delay: 7\nDisallow: /private/\n", "text/plain"),
        "/news/1": Page(b"<html><body><p>one</p></body></html>"),
    })  # fmt: skip
    with serve(site):
        polite = Politeness(ws.db, delay=1.0, clock=clock, sleep=clock.sleep)
        assert polite.allowed(f"{site.base}/news/1") == (True, "")
        ok, why = polite.allowed(f"{site.base}/private/x")
        assert not ok and "disallows" in why
        polite.fetch(f"{site.base}/news/1")
        polite.fetch(f"{site.base}/news/1")
        # A new process reads the stored robots.txt instead of asking the server again.
        again = Politeness(ws.db, delay=1.0, clock=clock, sleep=clock.sleep)
        assert not again.allowed(f"{site.base}/private/y")[0]
    assert 7.0 in clock.slept  # the host's Crawl-delay, longer than ours
    assert len(site.requests("/robots.txt")) == 1


def test_no_robots_txt_allows_and_a_broken_one_holds_off() -> None:
    site = Site()
    with serve(site):
        assert Politeness(delay=0).allowed(f"{site.base}/x") == (True, "")  # 404: no rules
        site.pages["/robots.txt"] = Page(b"oops", "text/plain", status=503)
        ok, why = Politeness(delay=0).allowed(f"{site.base}/x")
    assert not ok and "HTTP 503" in why
