"""After a load run: every accepted tracking code is stored and attached to a claim; clusters per template."""

import collections
import statistics

from tangkal.hoaxes.models import Claim, Report

codes = dict(line.split() for line in open("/tmp/hoax_bench_codes.txt") if line.strip())
stored = dict(Report.objects.filter(tracking_code__in=list(codes)).values_list("tracking_code", "claim_id"))
missing = set(codes) - set(stored)
unattached = [c for c, claim in stored.items() if claim is None]
print(f"accepted={len(codes)} stored={len(stored)} missing={len(missing)} unattached={len(unattached)}")
by_template = collections.defaultdict(collections.Counter)
for code, template in codes.items():
    if code in stored:
        by_template[template][stored[code]] += 1
for template, claims in sorted(by_template.items()):
    top, top_n = claims.most_common(1)[0]
    print(f"template {template}: {sum(claims.values())} reports in {len(claims)} claim(s); largest holds {top_n}")
lags = [(r.attached_at - r.created_at).total_seconds() for r in Report.objects.filter(tracking_code__in=list(codes))]
if lags:
    lags.sort()
    print(f"attach lag median={statistics.median(lags) * 1000:.1f}ms max={lags[-1] * 1000:.1f}ms")
print(f"claims total={Claim.objects.count()}")
