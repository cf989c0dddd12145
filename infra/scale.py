#!/usr/bin/env python3
"""The cost and load model of V-SYS at national scale (docs/scale.md).

Prints the model as Markdown: the load it assumes, the requests and the
units each service bills per month, the peaks against each service's
default quotas, and the monthly cost in yen at public on-demand prices of
the Tokyo region (ap-northeast-1). `--check FILE` fails unless FILE holds
exactly this output between its `<!-- scale:begin -->` and
`<!-- scale:end -->` lines, so the document cannot drift from the
arithmetic.

Standard library only: the test command runs it on a clean machine.
"""

import math
import sys

# ---- What the country does (the seeds' workflows, SPEC) ----
PREFECTURES = 47
MUNICIPALITIES = 1741
SITES = 60_000                    # 医療機関・接種会場 with accounts
WEEKS_PER_MONTH = 52 / 12
DAYS_PER_MONTH = 30

# Staff traffic: every site reports demand weekly (Tuesday 15:00 cut-off)
# and works its other screens; offices follow up.
STAFF_REQUESTS_PER_SITE_PER_DAY = 40       # screens, lists, reports, results
OFFICE_REQUESTS_PER_OFFICE_PER_DAY = 400   # municipalities and prefectures
REGISTRATION_REQUESTS = 6                  # a weekly registration: reads + 1 write
PEAK_HOUR_SHARE = 0.40                     # of the week's registrations, Tue 14:00–15:00
PEAK_BURST = 3                             # busiest second vs the hour's mean
SIGN_INS_PER_DAY = SITES + MUNICIPALITIES + PREFECTURES

# Reservations: municipal call centres book for residents.
BOOKINGS_PER_MONTH = 3_000_000
RUSH_BOOKINGS = 20_000                     # a large venue opening its slots
RUSH_MINUTES = 10

# Public finder and availability (cached at CloudFront for 60 s).
PUBLIC_VIEWS_PER_DAY = 1_000_000
PUBLIC_CACHE_HIT = 0.90

# Mail: activation, codes, notices, allocation and delivery notices.
MAILS_PER_SITE_PER_WEEK = 3

# ---- What one request costs (measured shapes: infra/bench.sh) ----
LAMBDA_GB = 0.25                # 256 MB (PDF functions 512 MB: a small share)
LAMBDA_MS = 60                  # warm handler incl. 2–5 DynamoDB round trips
AUTHORIZER_MS = 15              # session check: one GetItem
READ_UNITS_PER_REQUEST = 6      # GetItem/Query of items ≤ 4 KB, eventually consistent reads billed whole
WRITE_UNITS_PER_WRITE = 8       # a transaction: 2 units per item, ~4 items (record, audit, counters)
WRITE_SHARE = 0.15              # of staff requests that change something
LOG_BYTES_PER_REQUEST = 700     # two JSON lines (route, status), no personal data
TABLE_GB = 60                   # items incl. audit trail after a year
DOCUMENT_GB = 200               # PDFs, exports, manuals, open data
PUBLIC_RESPONSE_KB = 12

# ---- Public on-demand prices, ap-northeast-1 (USD) ----
USD_JPY = 150
PRICE = {
    "api_per_million": 1.29,                # HTTP API, first 300 M
    "lambda_request_per_million": 0.20,
    "lambda_gb_second_arm": 0.0000133334,
    "ddb_write_per_million": 0.715,         # on-demand write request units
    "ddb_read_per_million": 0.1425,         # on-demand read request units
    "ddb_storage_gb": 0.285,
    "ddb_pitr_gb": 0.228,
    "backup_warm_gb": 0.114,
    "backup_cold_gb": 0.0342,
    "ses_per_thousand": 0.10,
    "s3_gb": 0.025,
    "logs_ingest_gb": 0.76,
    "cloudfront_gb": 0.114,
    "cloudfront_per_10k_https": 0.012,
    "xray_per_million_traces": 5.0,         # sampled: 1 request a second + 5 %
}

# ---- Default quotas (per account and region) ----
QUOTA = {
    "lambda_concurrency": 1_000,
    "http_api_rps": 10_000,
    "ddb_partition_wcu": 1_000,
    "ddb_partition_rcu": 3_000,
    "ddb_table_on_demand_units": 40_000,
    "ses_sending_rate": 14,                 # a production SES account's starting rate (raise before go-live)
}

V_SYS_REPORTED_YEN_3Y = 13_100_000_000


def model():
    offices = MUNICIPALITIES + PREFECTURES + 1
    staff_per_day = SITES * STAFF_REQUESTS_PER_SITE_PER_DAY + offices * OFFICE_REQUESTS_PER_OFFICE_PER_DAY
    registrations_per_week = SITES
    registration_requests_month = registrations_per_week * REGISTRATION_REQUESTS * WEEKS_PER_MONTH
    staff_month = staff_per_day * DAYS_PER_MONTH + registration_requests_month
    booking_requests_month = BOOKINGS_PER_MONTH * 3          # search, book, the day's list
    public_month = PUBLIC_VIEWS_PER_DAY * DAYS_PER_MONTH
    public_to_api = public_month * (1 - PUBLIC_CACHE_HIT)
    api_month = staff_month + booking_requests_month + public_to_api
    authorized_month = staff_month + booking_requests_month

    gb_seconds = api_month * LAMBDA_GB * LAMBDA_MS / 1000 + authorized_month * LAMBDA_GB * AUTHORIZER_MS / 1000
    lambda_invocations = api_month + authorized_month
    writes = (staff_month * WRITE_SHARE + BOOKINGS_PER_MONTH) * WRITE_UNITS_PER_WRITE
    reads = api_month * READ_UNITS_PER_REQUEST + authorized_month * 1
    mails = SITES * MAILS_PER_SITE_PER_WEEK * WEEKS_PER_MONTH + SIGN_INS_PER_DAY * 0.1 * DAYS_PER_MONTH
    log_gb = api_month * LOG_BYTES_PER_REQUEST / 1e9
    public_gb = public_month * PUBLIC_RESPONSE_KB / 1e6
    traces = DAYS_PER_MONTH * 86_400 + api_month * 0.05

    # Peaks.
    peak_registrations_per_s = registrations_per_week * PEAK_HOUR_SHARE / 3600 * PEAK_BURST
    staff_peak_rps = staff_per_day / (8 * 3600) * PEAK_BURST + peak_registrations_per_s * REGISTRATION_REQUESTS
    rush_per_s = RUSH_BOOKINGS / (RUSH_MINUTES * 60) * PEAK_BURST
    peak_rps = staff_peak_rps + rush_per_s * 3
    peak_concurrency = peak_rps * (LAMBDA_MS + AUTHORIZER_MS) / 1000
    # One venue-day is one partition: a booking writes its slot (2 units)
    # and itself (2 units) there; the coupon marker and audit go elsewhere.
    venue_day_wcu = rush_per_s * 4
    # A cool's totals are sharded (16 TOTAL# items), so one registration's
    # counter write lands on a sixteenth of the Tuesday peak.
    cool_shard_wcu = peak_registrations_per_s * 2 / 16
    peak_table_units = peak_rps * READ_UNITS_PER_REQUEST + peak_registrations_per_s * WRITE_UNITS_PER_WRITE + rush_per_s * WRITE_UNITS_PER_WRITE
    peak_mails_per_s = registrations_per_week * 0.05 / 3600 * PEAK_BURST  # receipts that go out at once

    usd = {
        "API Gateway (HTTP API)": api_month / 1e6 * PRICE["api_per_million"],
        "Lambda (requests + GB-s, arm64)": lambda_invocations / 1e6 * PRICE["lambda_request_per_million"] + gb_seconds * PRICE["lambda_gb_second_arm"],
        "DynamoDB (on-demand reads/writes)": writes / 1e6 * PRICE["ddb_write_per_million"] + reads / 1e6 * PRICE["ddb_read_per_million"],
        "DynamoDB storage + PITR": TABLE_GB * (PRICE["ddb_storage_gb"] + PRICE["ddb_pitr_gb"]),
        # 35 daily copies and 3 monthly ones warm, 57 monthly ones cold
        # (DynamoDB backups are full copies of the table).
        "AWS Backup (daily 35 days, monthly 5 years)": TABLE_GB * (35 + 3) * PRICE["backup_warm_gb"] + TABLE_GB * (60 - 3) * PRICE["backup_cold_gb"],
        "SES": mails / 1000 * PRICE["ses_per_thousand"],
        "S3 (documents)": DOCUMENT_GB * PRICE["s3_gb"],
        "CloudWatch Logs": log_gb * PRICE["logs_ingest_gb"],
        "CloudFront (public pages, app)": public_gb * PRICE["cloudfront_gb"] + public_month / 1e4 * PRICE["cloudfront_per_10k_https"],
        "X-Ray": traces / 1e6 * PRICE["xray_per_million_traces"],
    }
    return {
        "staff_month": staff_month,
        "booking_requests_month": booking_requests_month,
        "public_month": public_month,
        "public_to_api": public_to_api,
        "api_month": api_month,
        "lambda_invocations": lambda_invocations,
        "gb_seconds": gb_seconds,
        "reads": reads,
        "writes": writes,
        "mails": mails,
        "log_gb": log_gb,
        "public_gb": public_gb,
        "peak_registrations_per_s": peak_registrations_per_s,
        "peak_rps": peak_rps,
        "peak_concurrency": peak_concurrency,
        "rush_per_s": rush_per_s,
        "venue_day_wcu": venue_day_wcu,
        "cool_shard_wcu": cool_shard_wcu,
        "peak_table_units": peak_table_units,
        "peak_mails_per_s": peak_mails_per_s,
        "usd": usd,
    }


def n(x):
    return f"{x:,.0f}"


def yen(usd):
    return f"¥{usd * USD_JPY:,.0f}"


def render(m):
    out = []
    out.append("| per month | amount |")
    out.append("|---|---:|")
    for label, key in [
        ("staff API requests (sites, offices, registrations)", "staff_month"),
        ("reservation requests (search, book, venue-day lists)", "booking_requests_month"),
        ("public page views (finder, notices, availability)", "public_month"),
        ("public requests reaching the API (cache misses)", "public_to_api"),
        ("API requests in all", "api_month"),
        ("Lambda invocations (handlers + authorizer)", "lambda_invocations"),
        ("Lambda GB-seconds", "gb_seconds"),
        ("DynamoDB read request units", "reads"),
        ("DynamoDB write request units", "writes"),
        ("SES mails", "mails"),
    ]:
        out.append(f"| {label} | {n(m[key])} |")
    out.append(f"| CloudWatch Logs ingested | {m['log_gb']:,.1f} GB |")
    out.append(f"| CloudFront bytes out | {m['public_gb']:,.1f} GB |")
    out.append("")
    out.append("| peak | rate | default quota | what the design does |")
    out.append("|---|---:|---:|---|")
    out.append(f"| demand registrations, Tuesday 14:00–15:00 (busiest second) | {m['peak_registrations_per_s']:,.1f}/s | — | one transaction each; the cool's totals are 16 shards |")
    out.append(f"| API requests (busiest second, staff + rush) | {n(m['peak_rps'])}/s | {n(QUOTA['http_api_rps'])}/s | public routes have their own, lower route throttles |")
    out.append(f"| Lambda concurrency at that rate | {n(math.ceil(m['peak_concurrency']))} | {n(QUOTA['lambda_concurrency'])} | short handlers; raise the quota before go-live for headroom |")
    out.append(f"| bookings in a venue's opening rush | {m['rush_per_s']:,.0f}/s | — | one item per slot, conditional count: never overbooked |")
    out.append(f"| write units on one venue-day partition | {n(m['venue_day_wcu'])}/s | {n(QUOTA['ddb_partition_wcu'])}/s | slots and bookings of a day share a partition, coupons and audit do not |")
    out.append(f"| write units on one cool totals shard | {m['cool_shard_wcu']:,.1f}/s | {n(QUOTA['ddb_partition_wcu'])}/s | 16 `TOTAL#` shards by site |")
    out.append(f"| table request units (busiest second) | {n(m['peak_table_units'])}/s | {n(QUOTA['ddb_table_on_demand_units'])}/s | on-demand; alarms on any throttle |")
    out.append(f"| mails at once (receipts) | {m['peak_mails_per_s']:,.1f}/s | {QUOTA['ses_sending_rate']}/s | the outbox retries what SES refuses; ask SES for a higher rate |")
    out.append("")
    out.append(f"| service | USD / month | yen / month (¥{USD_JPY}/USD) |")
    out.append("|---|---:|---:|")
    total = 0.0
    for k, v in m["usd"].items():
        total += v
        out.append(f"| {k} | ${v:,.0f} | {yen(v)} |")
    out.append(f"| **total** | **${total:,.0f}** | **{yen(total)}** |")
    three_years = total * USD_JPY * 36
    out.append("")
    out.append(
        f"Three years of this: {yen(total * 36)}, {three_years / V_SYS_REPORTED_YEN_3Y * 100:.2f} % of the "
        f"¥{V_SYS_REPORTED_YEN_3Y / 1e9:.1f} bn reported for V-SYS over three years "
        "(which also paid for development, the service desk and operations staff; this is the AWS bill only)."
    )
    return "\n".join(out) + "\n"


def check(path):
    text = open(path, encoding="utf-8").read()
    begin, end = "<!-- scale:begin -->\n", "<!-- scale:end -->"
    if begin not in text or end not in text:
        sys.exit(f"{path}: no {begin.strip()} … {end} block")
    block = text.split(begin, 1)[1].split(end, 1)[0]
    if block != render(model()):
        sys.exit(f"{path}: the figures differ from infra/scale.py (run it and paste its output between the markers)")
    print(f"{path}: the figures match the model")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
    else:
        sys.stdout.write(render(model()))
