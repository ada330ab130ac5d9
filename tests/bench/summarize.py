#!/usr/bin/env python3
"""summarize.py OUTDIR - the benchmark table from run.sh's raw numbers.

Reads OUTDIR/raw.tsv (one line per run), OUTDIR/growth.tsv and OUTDIR/soak.tsv
(when present) and OUTDIR/machine.txt; prints medians per mix and concurrency,
the ratios of careerrelay-milter ("crm") to the no-op baseline ("noop"), one
machine-readable SUMMARY line per mix/concurrency, and the issue-5 targets
with "met" / "NOT met". Exit status: 0, or 1 when raw.tsv is missing or empty.
"""
import csv
import os
import statistics
import sys

MIX_TITLES = {
    "small-pass-en": "2 KB non-rejection (English)",
    "small-reject-ja": "2 KB rejection, ISO-2022-JP",
    "mid-reject-alt": "8 KB rejection, multipart/alt UTF-8",
    "big-reject-pdf": "1 MB rejection + base64 PDF",
    "big-pass-pdf": "1 MB non-rejection + PDF",
    "small-inbound-en": "2 KB inbound reply (extra)",
}


def load_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def num(v, default=None):
    try:
        return float(v)
    except (TypeError, ValueError):
        return default


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratio(a, b):
    return a / b if a is not None and b else None


def fmt(v, spec):
    return format(v, spec) if v is not None else "-"


def per_run(row):
    """rate, CPU seconds per 1,000 messages, peak RSS in MB of one run."""
    msgs = num(row["msgs"], 0)
    ticks, tck = num(row["cpu_ticks"]), num(row["clk_tck"], 100)
    cpu = ticks / tck / msgs * 1000.0 if msgs and ticks is not None else None
    hwm = num(row["hwm_kb"])
    return num(row["rate"]), cpu, hwm / 1024.0 if hwm is not None else None


def group(rows):
    out = {}
    for r in rows:
        out.setdefault((r["mix"], int(r["conc"])), {}).setdefault(r["filter"], []).append(r)
    return out


def medians(runs):
    rates, cpus, rss = zip(*(per_run(r) for r in runs)) if runs else ((), (), ())
    return med(rates), med(cpus), med(rss)


def crm_result(runs):
    """What careerrelay-milter did to the measured messages, and the ledger count."""
    if not runs:
        return "-"
    r = runs[-1]
    msgs, mod, acc = int(num(r["msgs"], 0)), int(num(r["modified"], 0)), int(num(r["accept"], 0))
    text = "edited %d/%d" % (mod, msgs) if mod else "passed %d/%d" % (msgs, msgs)
    if acc:
        text += " (early accept %d)" % acc
    inv = num(r.get("invitations"))
    if inv is not None and mod:
        text += ", ledger %d/%d" % (inv, int(num(r["sent_total"], 0)))
    return text


def print_table(groups, reps):
    print("%-36s %4s | %8s %8s %6s | %8s %8s %6s | %6s %6s %6s | %s" % (
        "mix", "conc", "msg/s", "noop", "ratio", "CPU s/1k", "noop", "ratio", "RSS MB",
        "noop", "ratio", "careerrelay-milter did"))
    print("-" * 150)
    summary = {}
    for (mix, conc) in sorted(groups, key=lambda k: (list(MIX_TITLES).index(k[0])
                                                     if k[0] in MIX_TITLES else 99, k[1])):
        g = groups[(mix, conc)]
        c_rate, c_cpu, c_rss = medians(g.get("crm", []))
        n_rate, n_cpu, n_rss = medians(g.get("noop", []))
        s = dict(rate_crm=c_rate, rate_noop=n_rate, rate_ratio=ratio(c_rate, n_rate),
                 cpu_crm=c_cpu, cpu_noop=n_cpu, cpu_ratio=ratio(c_cpu, n_cpu),
                 rss_crm=c_rss, rss_noop=n_rss, rss_ratio=ratio(c_rss, n_rss),
                 rss_crm_max=max((per_run(r)[2] or 0 for r in g.get("crm", [])), default=None))
        summary[(mix, conc)] = s
        print("%-36s %4d | %8s %8s %6s | %8s %8s %6s | %6s %6s %6s | %s" % (
            MIX_TITLES.get(mix, mix), conc, fmt(c_rate, ".0f"), fmt(n_rate, ".0f"),
            fmt(s["rate_ratio"], ".2f"), fmt(c_cpu, ".3f"), fmt(n_cpu, ".3f"),
            fmt(s["cpu_ratio"], ".2f"), fmt(c_rss, ".1f"), fmt(n_rss, ".1f"),
            fmt(s["rss_ratio"], ".2f"), crm_result(g.get("crm", []))))
    print()
    for (mix, conc), s in sorted(summary.items()):
        print("SUMMARY mix=%s conc=%d reps=%d %s" % (mix, conc, reps, " ".join(
            "%s=%s" % (k, fmt(v, ".4g")) for k, v in s.items())))
    return summary


def print_refs(groups):
    names = [f for f in ("append", "appenddb") if any(f in g for g in groups.values())]
    if not names:
        return
    print("\nReference filters, msg/s as a ratio to the no-op filter (medians):")
    for (mix, conc), g in sorted(groups.items()):
        n_rate = medians(g.get("noop", []))[0]
        cells = ["%s %s" % (f, fmt(ratio(medians(g.get(f, []))[0], n_rate), ".2f")) for f in names]
        print("  %-20s conc %d: %s" % (mix, conc, ", ".join(cells)))


MD_FILTERS = (
    ("mdjob", "md_ratio", "MIMEDefang doing the same job (same rules file, SQLite ledger "
     "committed before the edit, invitation appended)"),
    ("md", "md_boiler_ratio", "MIMEDefang's cheapest boilerplate filter (no detection, no "
     "ledger: less work than careerrelay-milter does)"),
)


def print_mimedefang(groups, summary):
    """MIMEDefang rows; adds md_ratio / md_boiler_ratio (crm msg/s over MIMEDefang msg/s)."""
    for name, key_name, title in MD_FILTERS:
        keys = [k for k in sorted(groups) if groups[k].get(name)]
        if not keys:
            continue
        print("\n%s; multiplexor + 8 Perl workers + milter; medians:" % title)
        print("  %-22s %4s | %8s %8s | %9s %8s %8s" % ("mix", "conc", "msg/s", "crm/md",
                                                       "CPU s/1k", "RSS MB", "ledger"))
        for key in keys:
            m_rate, m_cpu, m_rss = medians(groups[key][name])
            r = ratio(summary.get(key, {}).get("rate_crm"), m_rate)
            summary.setdefault(key, {})[key_name] = r
            ledger = groups[key][name][-1].get("invitations", "-")
            print("  %-22s %4d | %8s %8s | %9s %8s %8s" % (key[0], key[1], fmt(m_rate, ".1f"),
                                                           fmt(r, ".1f"), fmt(m_cpu, ".2f"),
                                                           fmt(m_rss, ".1f"), ledger))


def growth_figures(rows):
    by = {r["file"]: r for r in rows}
    e0, e1, e10 = (num(by.get(k, {}).get("engine_ir")) for k in ("growth-0mb", "growth-1mb",
                                                                   "growth-10mb"))
    t1, t10 = (num(by.get(k, {}).get("total_ir")) for k in ("growth-1mb", "growth-10mb"))
    return dict(engine=ratio(e10, e1), engine_net=ratio(e10 - e0, e1 - e0) if None not in
                (e0, e1, e10) else None, total=ratio(t10, t1), e1=e1, e10=e10)


def soak_figures(rows):
    if len(rows) < 3:
        return None
    rss = [num(r["vmrss_kb"], 0) / 1024.0 for r in rows]
    return dict(first=rss[1], last=rss[-1], growth=rss[-1] - rss[1], series=rss,
                msgs=int(num(rows[-1]["messages"], 0)),
                errors=sum(int(num(r["errors"], 0)) for r in rows))


def verdict(ok):
    return "n/a" if ok is None else ("met" if ok else "NOT met")


def le(v, limit):
    return None if v is None else v <= limit


def ge(v, limit):
    return None if v is None else v >= limit


def print_targets(summary, growth, soak):
    s8 = {mix: summary.get((mix, 8), {}) for mix in MIX_TITLES}
    print("\nIssue 5 targets (concurrency 8, medians):")
    p, r, b = s8["small-pass-en"], s8["small-reject-ja"], s8["big-reject-pdf"]
    q = s8["big-pass-pdf"]
    rows = [
        ("2 KB non-rejection CPU/msg <= 1.1x no-op", p.get("cpu_ratio"),
         le(p.get("cpu_ratio"), 1.1)),
        ("2 KB non-rejection throughput >= 0.9x no-op", p.get("rate_ratio"),
         ge(p.get("rate_ratio"), 0.9)),
        ("1 MB non-rejection CPU/msg <= 1.1x no-op", q.get("cpu_ratio"),
         le(q.get("cpu_ratio"), 1.1)),
        ("1 MB non-rejection throughput >= 0.9x no-op", q.get("rate_ratio"),
         ge(q.get("rate_ratio"), 0.9)),
        ("small rejection throughput >= 0.5x no-op", r.get("rate_ratio"),
         ge(r.get("rate_ratio"), 0.5)),
        ("small rejection CPU/msg <= 2.5x no-op", r.get("cpu_ratio"), le(r.get("cpu_ratio"), 2.5)),
        ("1 MB rejection throughput >= 0.4x no-op", b.get("rate_ratio"),
         ge(b.get("rate_ratio"), 0.4)),
    ]
    big_rss = [s8[m].get("rss_crm_max") for m in ("big-reject-pdf", "big-pass-pdf")
               if s8[m].get("rss_crm_max") is not None]
    rows.append(("peak RSS, 1 MB mixes, < 64 MB", max(big_rss) if big_rss else None,
                 (max(big_rss) < 64) if big_rss else None))
    if soak:
        flat = soak["growth"] <= max(2.0, 0.05 * soak["first"]) and soak["errors"] == 0
        rows.append(("RSS flat over %d messages (growth after the first 10%%)" % soak["msgs"],
                     soak["growth"], flat))
    else:
        rows.append(("RSS flat over 100,000 messages", None, None))
    if growth:
        rows.append(("10 MB costs <= 12x a 1 MB message (engine instructions)", growth["engine"],
                     le(growth["engine"], 12.0)))
    else:
        rows.append(("10 MB costs <= 12x a 1 MB message", None, None))
    for key_name, label in (("md_ratio", "MIMEDefang, same job"),
                            ("md_boiler_ratio", "MIMEDefang, boilerplate only")):
        md = [s8[m].get(key_name) for m in ("small-reject-ja", "mid-reject-alt",
                                            "big-reject-pdf") if s8[m].get(key_name) is not None]
        rows.append(("rejection mixes: >= 20x %s (lowest)" % label,
                     min(md) if md else None, (min(md) >= 20) if md else None))
    for name, value, ok in rows:
        print("  %-58s %10s  %s" % (name, fmt(value, ".2f"), verdict(ok)))
    if soak:
        print("  soak RSS MB after each 10%%: %s" % " ".join("%.1f" % v for v in soak["series"]))
    if growth and growth["e1"]:
        print("  growth: engine instructions 1 MB %.3g, 10 MB %.3g; ratio %s (%s without the "
              "fixed cost of a 3 KB message); whole dry-run process %s" % (
                  growth["e1"], growth["e10"] or 0, fmt(growth["engine"], ".2f"),
                  fmt(growth["engine_net"], ".2f"), fmt(growth["total"], ".2f")))


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: summarize.py OUTDIR\n")
        return 2
    out = sys.argv[1]
    rows = load_tsv(os.path.join(out, "raw.tsv"))
    if not rows:
        print("run.sh: error: no results in %s/raw.tsv" % out)
        return 1
    machine = os.path.join(out, "machine.txt")
    if os.path.exists(machine):
        with open(machine) as f:
            print("".join("  " + line for line in f))
    reps = max(int(r["rep"]) for r in rows)
    print("careerrelay-milter vs crm-bench-noop (no-op libmilter filter); medians of %d "
          "repetition(s); msg/s from crm-bench-load, CPU = filter process user+system seconds "
          "per 1,000 messages, RSS = filter peak resident set (VmHWM)\n" % reps)
    groups = group(rows)
    summary = print_table(groups, reps)
    print_refs(groups)
    print_mimedefang(groups, summary)
    bad = [r for r in rows if r["errors"] not in ("0",)]
    if bad:
        print("run.sh: error: %d run(s) had load errors" % len(bad))
    growth_rows = load_tsv(os.path.join(out, "growth.tsv"))
    print_targets(summary, growth_figures(growth_rows) if growth_rows else None,
                  soak_figures(load_tsv(os.path.join(out, "soak.tsv"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
