"""A follower history as an inline SVG polyline: no script, no style attribute, readable without CSS."""

from __future__ import annotations

WIDTH, HEIGHT, PAD = 320, 120, 6


def follower_chart(snapshots, *, threshold: int) -> dict | None:
    if not snapshots:
        return None
    values = [s.followers for s in snapshots]
    times = [s.measured_at.timestamp() for s in snapshots]
    low = min(min(values), threshold) * 0.9
    high = max(max(values), threshold) * 1.05 or 1
    start, span = times[0], (times[-1] - times[0]) or 1

    def x(t: float) -> float:
        return round(PAD + (t - start) / span * (WIDTH - 2 * PAD), 1)

    def y(v: float) -> float:
        return round(HEIGHT - PAD - (v - low) / ((high - low) or 1) * (HEIGHT - 2 * PAD), 1)

    points = " ".join(f"{x(t)},{y(v)}" for t, v in zip(times, values, strict=True))
    if len(values) == 1:
        points = f"{PAD},{y(values[0])} {WIDTH - PAD},{y(values[0])}"
    return {"width": WIDTH, "height": HEIGHT, "points": points, "threshold_y": y(threshold),
            "first": snapshots[0], "last": snapshots[-1], "min": min(values), "max": max(values)}
