"""Per-person token buckets: a burst, one notice, silence until refilled, buttons apart."""

from __future__ import annotations

from bot.ratelimit import TRACKED_USERS, Kind, Limit, RateLimiter, Verdict


class Ticks:
    """A monotonic clock moved by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def limiter(clock: Ticks) -> RateLimiter:
    return RateLimiter(text=Limit(10, 20.0), button=Limit(30, 20.0), clock=clock)


def test_a_burst_is_allowed_then_one_notice_then_silence() -> None:
    clock = Ticks()
    rl = limiter(clock)
    verdicts = [rl.check(1, Kind.TEXT) for _ in range(15)]
    assert verdicts == [Verdict.ALLOW] * 10 + [Verdict.NOTIFY] + [Verdict.DROP] * 4


def test_silence_lasts_until_the_bucket_is_full_again() -> None:
    clock = Ticks()
    rl = limiter(clock)
    for _ in range(11):
        rl.check(1, Kind.TEXT)
    assert rl.wait(1, Kind.TEXT) == 20
    clock.now += 10  # half refilled: still dropped, and dropped messages cost nothing
    assert rl.check(1, Kind.TEXT) is Verdict.DROP
    clock.now += 10
    assert rl.check(1, Kind.TEXT) is Verdict.ALLOW


def test_a_steady_human_pace_is_never_limited() -> None:
    clock = Ticks()
    rl = limiter(clock)
    for _ in range(200):
        assert rl.check(1, Kind.TEXT) is Verdict.ALLOW
        clock.now += 2.0


def test_people_and_kinds_have_their_own_buckets() -> None:
    clock = Ticks()
    rl = limiter(clock)
    for _ in range(11):
        rl.check(1, Kind.TEXT)
    assert rl.check(2, Kind.TEXT) is Verdict.ALLOW
    presses = [rl.check(1, Kind.BUTTON) for _ in range(31)]
    assert presses == [Verdict.ALLOW] * 30 + [Verdict.NOTIFY]


def test_memory_stays_bounded_under_many_people() -> None:
    clock = Ticks()
    rl = limiter(clock)
    for user in range(TRACKED_USERS * 3):
        rl.check(user, Kind.TEXT)
        clock.now += 1.0
    assert len(rl._buckets) <= TRACKED_USERS
