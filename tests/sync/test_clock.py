"""Hybrid logical clock: monotonic, tie-breaking, and stamps that sort as text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from classroom_desktop.sync.clock import (
    FAR_FUTURE_MS,
    HybridClock,
    Stamp,
    is_far_future,
    skew_ms,
    skew_warning,
)

DEV_A = "0b7c5a6e-0000-4000-8000-00000000000a"
DEV_B = "0b7c5a6e-0000-4000-8000-00000000000b"


class FakeWall:
    def __init__(self, values: list[int]) -> None:
        self.values = list(values)
        self.i = 0

    def __call__(self) -> int:
        value = self.values[min(self.i, len(self.values) - 1)]
        self.i += 1
        return value


def test_encode_is_fixed_width_and_round_trips() -> None:
    stamp = Stamp(1763894400000, 7, DEV_A)
    assert stamp.encode() == f"0001763894400000-000007-{DEV_A}"
    assert Stamp.decode(stamp.encode()) == stamp


def test_counter_increments_when_wall_clock_stands_still() -> None:
    clock = HybridClock(DEV_A, FakeWall([1000, 1000, 1000, 1001]))
    stamps = [clock.now() for _ in range(4)]
    assert [(s.wall_ms, s.counter) for s in stamps] == [(1000, 0), (1000, 1), (1000, 2), (1001, 0)]
    assert clock.last == stamps[-1]


def test_wall_clock_jumping_back_keeps_stamps_increasing() -> None:
    clock = HybridClock(DEV_A, FakeWall([5000, 2000, 2001, 6000]))
    stamps = [clock.now() for _ in range(4)]
    assert [(s.wall_ms, s.counter) for s in stamps] == [(5000, 0), (5000, 1), (5000, 2), (6000, 0)]


def test_restored_clock_continues_after_persisted_stamp() -> None:
    clock = HybridClock(DEV_A, FakeWall([10]), last=Stamp(500, 3, DEV_A))
    assert clock.now() == Stamp(500, 4, DEV_A)


def test_observe_moves_past_a_remote_stamp_ahead_of_us() -> None:
    clock = HybridClock(DEV_A, FakeWall([1000]))
    remote = Stamp(9000, 4, DEV_B)
    merged = clock.observe(remote)
    assert merged == Stamp(9000, 5, DEV_A)
    assert clock.now() == Stamp(9000, 6, DEV_A)


def test_observe_behind_us_only_bumps_counter() -> None:
    clock = HybridClock(DEV_A, FakeWall([3000, 3000]))
    first = clock.now()
    merged = clock.observe(Stamp(1000, 99, DEV_B))
    assert merged == Stamp(first.wall_ms, first.counter + 1, DEV_A)


def test_device_breaks_ties_between_equal_times() -> None:
    assert Stamp(1, 0, DEV_A) < Stamp(1, 0, DEV_B)
    assert Stamp(1, 0, DEV_A).encode() < Stamp(1, 0, DEV_B).encode()


walls = st.lists(st.integers(min_value=0, max_value=10**13), min_size=1, max_size=40)


@given(walls)
def test_now_is_strictly_monotonic_whatever_the_wall_clock_does(values: list[int]) -> None:
    clock = HybridClock(DEV_A, FakeWall(values))
    stamps = [clock.now() for _ in values]
    assert all(a < b for a, b in zip(stamps, stamps[1:], strict=False))
    assert all(s.wall_ms >= v for s, v in zip(stamps, values, strict=True))


@given(walls, st.lists(st.tuples(st.integers(0, 10**13), st.integers(0, 1000)), max_size=20))
def test_observe_result_is_after_remote_and_previous(
    values: list[int], remotes: list[tuple[int, int]]
) -> None:
    clock = HybridClock(DEV_A, FakeWall(values))
    previous = clock.now()
    for wall, counter in remotes:
        remote = Stamp(wall, counter, DEV_B)
        merged = clock.observe(remote)
        assert merged > previous
        assert (merged.wall_ms, merged.counter) > (remote.wall_ms, remote.counter)
        previous = merged


stamps = st.builds(
    Stamp, st.integers(0, 10**16 - 1), st.integers(0, 999_999), st.sampled_from([DEV_A, DEV_B])
)


@given(stamps, stamps)
def test_text_order_matches_stamp_order(a: Stamp, b: Stamp) -> None:
    assert (a < b) == (a.encode() < b.encode())
    assert Stamp.decode(a.encode()) == a


def test_skew_is_reported_but_far_future_is_only_beyond_five_minutes() -> None:
    now = 1_000_000_000
    assert skew_ms(now + 1234, now) == 1234
    assert not is_far_future(now + FAR_FUTURE_MS, now)
    assert skew_warning(now + FAR_FUTURE_MS, now) is None
    assert is_far_future(now + FAR_FUTURE_MS + 1, now)
    warning = skew_warning(now + 3 * 3600 * 1000, now)
    assert warning is not None and "about 3 hours ahead" in warning
    assert "date and time" in warning


def test_a_far_future_stamp_is_still_accepted() -> None:
    clock = HybridClock(DEV_A, FakeWall([1000]))
    far = Stamp(1000 + 10 * FAR_FUTURE_MS, 0, DEV_B)
    assert clock.observe(far).wall_ms == far.wall_ms
