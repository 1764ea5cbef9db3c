#!/usr/bin/env python3
"""Writes data/demo/villages.csv, designations.csv and safe_births.json: a SYNTHETIC
register of the safe-birth policy packages (04 gói chính sách hỗ trợ phụ nữ DTTS sinh đẻ
an toàn) for Kon Tum city (district 608, plan KT-DA8-2021-2025), so that the plan's target
"khoảng 80% phụ nữ DTTS sinh đẻ được hỗ trợ 04 gói" (P8_SDAT_GOI_PCT) is computed from
records.

Everything this script writes is invented (dữ liệu minh hoạ tổng hợp, không phải số liệu
thật): the villages and their names, which of them are on the ĐBKK list, the mothers, their
names and ages, the births and the payments. Only the frame is real: the six communes and
wards of Kon Tum city that footnote 4 of the plan names as holding its 13 ĐBKK villages
(codes from data/vn-admin/communes_pre-2025-07-01.csv), the ethnic groups of Kon Tum
(data/metadata/ethnic_groups.csv), the eligibility rules and the norms of Thông tư
15/2022/TT-BTC (src/records/safe_birth.h).

  villages.csv      13 ĐBKK villages (1–3 per commune, 13 in all as the plan says) and 2
                    ordinary villages per commune, valid from 2021-01-01, every name ending
                    in "(minh hoạ)"; the format of docs/formats/orgunits-csv-json.md, with
                    uids derived from the codes so that births can name villages by uid.
  designations.csv  the 13 villages as kind dbkk_village from 2021-09-16 (Quyết định
                    612/QĐ-UBDT), legal basis "Minh hoạ …; không phải danh sách thật"; the
                    columns are the fields of `gemis import designations` (kind, orgUnit,
                    from, to, legalBasis, note).
  safe_births.json  150 births of 2024 and 6 of early 2025 (format gemis-safe-births/1):
                    most in the ĐBKK villages and eligible; 22 fail one rule each for a
                    visible reason (a Kinh mother, a mother under 18, a home birth, a birth
                    outside the population policy, a mother living outside the ĐBKK
                    villages, no date of birth or age: unknown); payments for about 80 % of
                    the eligible births, within the norms but for four, plus three paid
                    births that are not eligible and one nutrition package paid late, so
                    that every finding has something to show.

  python3 data/demo/make_safe_births.py

Deterministic (fixed seed, no clock). Standard library only. Every birth is checked against
the rules of records::CheckSafeBirth and evaluated as records::EvaluateEligibility does
before anything is written; the script prints the counts docs/demo.md quotes.
"""

import calendar
import csv
import datetime as dt
import hashlib
import json
import os
import random
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
ADMIN = os.path.join(REPO, "data", "vn-admin", "communes_pre-2025-07-01.csv")
ETHNIC = os.path.join(REPO, "data", "metadata", "ethnic_groups.csv")
VILLAGES = os.path.join(HERE, "villages.csv")
DESIGNATIONS = os.path.join(HERE, "designations.csv")
BIRTHS = os.path.join(HERE, "safe_births.json")
SEED = 20210916  # the date of Quyết định 612/QĐ-UBDT; any fixed number would do
DISTRICT = "608"
VALID_FROM = "2021-01-01"
DBKK_FROM = dt.date(2021, 9, 16)
LEGAL_BASIS = ("Minh hoạ theo Quyết định 612/QĐ-UBDT ngày 16/9/2021; "
               "không phải danh sách thật")
NOTE = "Dữ liệu minh hoạ"
MARK = " (minh hoạ)"
FILE_NOTE = ("Dữ liệu minh hoạ tổng hợp (không phải số liệu thật) / "
             "synthetic illustrative data, not real")

# Footnote 4 of the plan ("Thuộc 6 xã (Ngô Mây, Hòa Bình, ChưHreng, Đak Blá, Đăk RơWa,
# Kroong)") in the official spelling, each with its invented ĐBKK villages (13 in all)
# and two invented ordinary villages.
COMMUNES = [
    ("Ngô Mây", ["Plei Kơ Drêh"], ["Kon Rơ Hai", "Tân Hiệp Đông"]),
    ("Hòa Bình", ["Kon Hơ Drông", "Plei Jơ Răng"], ["Plei Tơ Đrăh", "Hòa Phước Tây"]),
    ("Chư Hreng", ["Kon Tơ Nguơl", "Plei Hơ Lăng", "Đăk Kơ Ring"], ["Kon Jơ Hdrăng", "Trung Lập"]),
    ("Đắk Blà", ["Kon Pơ Nhông", "Plei Tơ Brê"], ["Đăk Rơ Mơn", "Thanh Tân"]),
    ("Đắk Rơ Wa", ["Kon Jơ Dri", "Plei Mơ Nâm"], ["Kon Đơ Kuăl", "Phú Lâm"]),
    ("Kroong", ["Kon Kơ Tuh", "Plei Đăk Hniêng", "Kon Brơ Vai"], ["Plei Hơ Rơk", "Tân Sơn"]),
]
# Wards of the city outside the footnote, for mothers living outside the ĐBKK villages.
OTHER_WARDS = ["Quyết Thắng", "Thống Nhất"]

# Kon Tum's ethnic groups (names as in ethnic_groups.csv) with rough weights (not census
# figures), and invented names in each language's style.
GROUPS = [("Ba Na", 62), ("Xơ Đăng", 18), ("Gia Rai", 12), ("Gié Triêng", 8)]
GIVEN = {
    "Ba Na": ["Blin", "Hnơ", "Jơ Rum", "Kriêng", "Nguơl", "Phiăk", "Treo", "Bơh Nia", "Đrim",
              "Jăn", "Lơm", "Mơ Nia", "Hơ Nhơt", "Thuyên", "Nhên", "Hơ Lưn", "Kơ Rin", "Brêh",
              "Đơ Nin", "Glai"],
    "Xơ Đăng": ["Ngăn", "Tró", "Pêr", "Rơk", "Xiêm", "Mươn", "Kuyên", "Thơm", "Krông", "Đêch",
                "Hlơn", "Pơ Lai"],
    "Gié Triêng": ["Grưn", "Pơ Lang", "Tơ Ma", "Bhiêng", "Ziếp", "Lơ Vai", "Chăn"],
    "Gia Rai": ["Blan", "Nhuih", "Djăp", "Mlin", "Yơn", "Hyơn", "Lư", "Phơn", "Bhiêt"],
    "Kinh": ["Hằng", "Thảo", "Mai", "Trinh", "Nhung", "Hiền"],
}
JRAI_SURNAMES = ["Rơ Châm", "Siu", "Ksor", "Rơ Mah", "Kpă", "Nay"]
KINH_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Võ", "Huỳnh"]
HOSPITAL = "Bệnh viện Đa khoa tỉnh Kon Tum"
CITY_CENTRE = "Trung tâm Y tế thành phố Kon Tum"
UNPAID_REASONS = ["đang bổ sung hồ sơ", "gia đình chuyển đi nơi khác", "chưa nhận được kinh phí"]

# Thông tư 15/2022/TT-BTC, Article 38 (đồng), as src/records/safe_birth.cc.
TRAVEL, SUPPLIES, MEALS, NUTRITION = 100_000, 500_000, 50_000, 1_200_000
PACKAGES = ["travel", "supplies", "meals", "nutrition"]
# The births of 2024 that fail a rule, and how many of each.
FAILING = {"kinh": 3, "under_18": 3, "home": 3, "policy": 2, "ordinary_village": 7,
           "other_ward": 2, "no_age": 2}
BIRTHS_2024, BIRTHS_2025, UNPAID_2024, UNPAID_2025 = 150, 6, 26, 2
CODE = re.compile(r"^[A-Za-z0-9._-]{1,50}$")
UID = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def nfc(s):
    return unicodedata.normalize("NFC", s)


def fold(s):
    """The name without tone marks (Hòa = Hoà), to look the footnote's communes up."""
    return nfc(unicodedata.normalize("NFD", s).replace("\u0300", "").replace("\u0301", "")
               .replace("\u0303", "").replace("\u0309", "").replace("\u0323", ""))


def uid_of(key):
    """An 11-character DHIS2-style uid (a letter, then letters or digits) derived from key."""
    n = int.from_bytes(hashlib.sha256(("gemis-demo:" + key).encode()).digest(), "big")
    out = [ALPHABET[10 + n % 52]]
    n //= 52
    for _ in range(10):
        out.append(ALPHABET[n % 62])
        n //= 62
    return "".join(out)


def add_months(d, n):
    total = d.year * 12 + d.month - 1 + n
    y, m = divmod(total, 12)
    m += 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def age_on(born, on):
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def read_admin():
    """Commune name (folded) → (code, full name) for the communes of Kon Tum city."""
    out = {}
    with open(ADMIN, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["district_code"] == DISTRICT:
                out[fold(row["name"])] = (row["commune_code"], nfc(row["full_name"]))
    return out


def ethnic_key(name):
    return nfc(name).lower().replace("-", " ")


def read_ethnic():
    """Ethnic group name ("Ba na", "Xơ-Đăng": any case, - or space) → ETHNIC_nn."""
    with open(ETHNIC, encoding="utf-8") as f:
        return {ethnic_key(r["name"]): "ETHNIC_" + r["code"] for r in csv.DictReader(f)}


def make_villages(admin):
    """The villages as rows of villages.csv, each with its commune and whether it is ĐBKK."""
    villages = []
    for name, dbkk, ordinary in COMMUNES:
        code, full = admin[fold(name)]
        for i, v in enumerate(dbkk + ordinary, start=1):
            vcode = f"{code}-{i:02d}"
            villages.append({"code": vcode, "name": nfc(v + MARK), "level": "village",
                             "parent_code": code, "valid_from": VALID_FROM,
                             "unit_type": "Làng" if v.startswith(("Kon ", "Plei ", "Đăk "))
                             else "Thôn",
                             "uid": uid_of("village:" + vcode), "dbkk": v in dbkk,
                             "commune": code, "commune_name": full})
    return villages


def facility_of(commune_full, rng, caesarean):
    if caesarean:
        return HOSPITAL
    if rng.random() < 0.25:
        return CITY_CENTRE
    kind, _, name = commune_full.partition(" ")
    return f"Trạm Y tế {kind.lower()} {name}"


def mother_name(group, rng):
    given = rng.choice(GIVEN[group])
    if group == "Kinh":
        return nfc(f"{rng.choice(KINH_SURNAMES)} Thị {given}")
    if group == "Gia Rai":
        return nfc(f"{rng.choice(JRAI_SURNAMES)} H'{given}")
    return nfc(f"Y {given}")


def draw_age(rng):
    return rng.choices([18, 19, 20, 22, 24, 26, 28, 30, 33, 36, 40],
                       [3, 5, 9, 12, 13, 12, 10, 8, 6, 4, 2])[0] + rng.randint(0, 1)


def date_of_birth(birth, age, rng):
    """A date of birth that makes the mother `age` on the birth's day."""
    born = dt.date(birth.year - age - 1, birth.month, min(birth.day, 28))
    born += dt.timedelta(days=rng.randint(1, 364))
    while age_on(born, birth) > age:
        born += dt.timedelta(days=1)
    while age_on(born, birth) < age:
        born -= dt.timedelta(days=1)
    return born


def birth_days(year, count, last, rng):
    first = dt.date(year, 1, 1)
    span = (last - first).days
    return sorted(first + dt.timedelta(days=rng.randint(0, span)) for _ in range(count))


def payments_for(b, rng):
    """Payments within the norms (the caller may push one over); supplies always."""
    born, out = b["day"], []
    if rng.random() < 0.9:
        people = 2 if rng.random() < 0.6 else 1
        day = born - dt.timedelta(days=1) if rng.random() < 0.2 else born
        out.append({"package": "travel", "day": day, "amount": TRAVEL * people,
                    "people": people, "days": 0})
    out.append({"package": "supplies", "day": born + dt.timedelta(days=rng.randint(0, 2)),
                "amount": SUPPLIES, "people": 0, "days": 0})
    if rng.random() < 0.95:
        people = 2 if rng.random() < 0.7 else 1
        days = rng.randint(3, 5) if b["caesarean"] else rng.choice([2, 3, 3])
        out.append({"package": "meals", "day": born + dt.timedelta(days=days),
                    "amount": MEALS * people * days, "people": people, "days": days})
    if rng.random() < 0.85:
        out.append({"package": "nutrition", "day": born + dt.timedelta(days=rng.randint(15, 120)),
                    "amount": NUTRITION, "people": 0, "days": 0})
    return out


def new_birth(day, category, villages, admin, ethnic, rng):
    dbkk = [v for v in villages if v["dbkk"]]
    ordinary = [v for v in villages if not v["dbkk"]]
    b = {"day": day, "category": category, "caesarean": rng.random() < 0.12,
         "at_facility": category != "home", "policy": category != "policy", "payments": []}
    if category == "other_ward":
        code, full = admin[fold(rng.choice(OTHER_WARDS))]
        b.update(commune=code, commune_name=full, village=None)
    else:
        v = rng.choice(ordinary if category == "ordinary_village" else dbkk)
        b.update(commune=v["commune"], commune_name=v["commune_name"], village=v)
    group = "Kinh" if category == "kinh" else rng.choices(*zip(*GROUPS))[0]
    b["ethnicity"] = ethnic[ethnic_key(group)]
    b["name"] = mother_name(group, rng)
    age = rng.choice([16, 17, 17]) if category == "under_18" else draw_age(rng)
    b["age"], b["born"] = (None, None) if category == "no_age" else (age, None)
    if category != "no_age" and rng.random() < 0.94:
        b["born"], b["age"] = date_of_birth(day, age, rng), None
    if b["at_facility"]:
        b["facility"] = facility_of(b["commune_name"], rng, b["caesarean"])
    else:
        b["facility"], b["caesarean"] = "", False
    return b


def build(villages, admin, ethnic, rng):
    cats = [c for c, n in FAILING.items() for _ in range(n)]
    cats += ["eligible"] * (BIRTHS_2024 - len(cats))
    rng.shuffle(cats)
    births = [new_birth(d, c, villages, admin, ethnic, rng)
              for d, c in zip(birth_days(2024, BIRTHS_2024, dt.date(2024, 12, 31), rng), cats)]
    births += [new_birth(d, "eligible", villages, admin, ethnic, rng)
               for d in birth_days(2025, BIRTHS_2025, dt.date(2025, 3, 31), rng)]
    # Exactly 18 on the day: her birthday a few days before (the rule passes).
    edge = next(b for b in births if b["category"] == "eligible" and b["born"]
                and (b["day"].month, b["day"].day) != (2, 29))
    edge["born"] = edge["day"].replace(year=edge["day"].year - 18) - dt.timedelta(days=3)
    pay(births, rng)
    return births


def pay(births, rng):
    """Who is paid what: most eligible births, later births less often (their files are
    still open), three births that are not eligible; then four payments over the norm and
    one nutrition package paid late."""
    for year, unpaid in ((2024, UNPAID_2024), (2025, UNPAID_2025)):
        eligible = [b for b in births if b["category"] == "eligible" and b["day"].year == year]
        weights = [1 + 3 * (b["day"].timetuple().tm_yday / 366) ** 2 for b in eligible]
        chosen = set()
        while len(chosen) < unpaid:
            chosen.add(id(rng.choices(eligible, weights)[0]))
        for b in eligible:
            if id(b) in chosen:
                b["unpaid"] = rng.choice(UNPAID_REASONS)
            else:
                b["payments"] = payments_for(b, rng)
    for category, packages in (("kinh", {"travel", "supplies"}),
                               ("ordinary_village", set(PACKAGES)), ("home", {"nutrition"})):
        b = next(x for x in births if x["category"] == category)
        b["payments"] = [p for p in payments_for(b, rng) if p["package"] in packages]
        if not b["payments"]:
            b["payments"] = [{"package": "nutrition", "day": b["day"] + dt.timedelta(days=40),
                              "amount": NUTRITION, "people": 0, "days": 0}]
    paid = [b for b in births if b["category"] == "eligible" and b["payments"]
            and b["day"].year == 2024]
    over = {"travel": lambda p: p.update(people=2, amount=250_000),
            "meals": lambda p: p.update(people=2, days=4, amount=MEALS * 2 * 4),
            "supplies": lambda p: p.update(amount=600_000),
            "nutrition": lambda p: p.update(amount=1_500_000)}
    for k, (package, change) in enumerate(over.items()):
        for b in paid[10 + 25 * k:]:
            found = [p for p in b["payments"] if p["package"] == package]
            if found and not (package == "meals" and b["caesarean"]):
                change(found[0])
                break
    late = next(b for b in paid[60:] if any(p["package"] == "nutrition" for p in b["payments"]))
    for p in late["payments"]:
        if p["package"] == "nutrition":
            p["day"] = add_months(late["day"], 7) + dt.timedelta(days=5)
    for b in births:
        b["payments"].sort(key=lambda p: (p["day"], PACKAGES.index(p["package"])))


def number_vouchers(births):
    """PC-<year>/<n>, numbered by day across the register, per year."""
    payments = [(p["day"], b["code"], PACKAGES.index(p["package"]), p)
                for b in births for p in b["payments"]]
    counters = {}
    for day, _, _, p in sorted(payments, key=lambda x: x[:3]):
        counters[day.year] = counters.get(day.year, 0) + 1
        p["voucher"] = f"PC-{day.year}/{counters[day.year]:04d}"


def note_of(b):
    if b.get("unpaid"):
        return f"{NOTE}; chưa chi trả: {b['unpaid']}"
    if b["category"] == "home":
        return f"{NOTE}; sinh tại nhà"
    if b["category"] == "policy":
        return f"{NOTE}; sinh con thứ ba, không đúng chính sách dân số"
    return NOTE


def to_json(b):
    out = {"code": b["code"], "motherName": b["name"],
           "motherBirthDate": b["born"].isoformat() if b["born"] else None,
           "motherAge": b["age"], "ethnicity": b["ethnicity"], "commune": b["commune"]}
    if b["village"]:
        out["village"] = b["village"]["uid"]
    out.update({"birthDate": b["day"].isoformat(), "atHealthFacility": b["at_facility"],
                "facility": b["facility"], "caesarean": b["caesarean"],
                "withinPopulationPolicy": b["policy"],
                "payments": [{"package": p["package"], "day": p["day"].isoformat(),
                              "amount": p["amount"], "people": p["people"], "days": p["days"],
                              "voucher": p["voucher"]} for p in b["payments"]],
                "note": note_of(b)})
    return out


# ---- checks: records::CheckSafeBirth, EvaluateEligibility and SafeBirthFindings ----------

def check_birth(o, village_of, commune_codes):
    """The errors of one birth as JSON (records::CheckSafeBirth plus the demo's frame)."""
    errors = []
    day = dt.date.fromisoformat(o["birthDate"])
    if not CODE.match(o["code"]):
        errors.append("code")
    for key, limit, required in (("motherName", 200, True), ("facility", 200, False),
                                 ("note", 500, False)):
        text = o.get(key, "")
        if (required and not text.strip()) or text != nfc(text) or len(text.encode()) > limit:
            errors.append(key)
    if not o["note"].startswith(NOTE):
        errors.append("note does not say it is illustrative")
    if o["commune"] not in commune_codes:
        errors.append("commune")
    if "village" in o and village_of.get(o["village"]) != o["commune"]:
        errors.append("village not in the commune")
    born = o["motherBirthDate"] and dt.date.fromisoformat(o["motherBirthDate"])
    if born and born >= day:
        errors.append("motherBirthDate")
    if o["motherAge"] is not None and not 10 <= o["motherAge"] <= 60:
        errors.append("motherAge")
    if born and o["motherAge"] is not None and o["motherAge"] != age_on(born, day):
        errors.append("motherAge disagrees")
    if not re.fullmatch(r"ETHNIC_(0[1-9]|[1-4][0-9]|5[0-4])|MINORITY", o["ethnicity"]):
        errors.append("ethnicity")
    seen = set()
    for i, p in enumerate(o["payments"]):
        at = f"payments[{i}]"
        people = p["package"] in ("travel", "meals")
        if not 1 <= p["amount"] <= 1_000_000_000:
            errors.append(at + ".amount")
        if (people and not 1 <= p["people"] <= 2) or (not people and p["people"] != 0):
            errors.append(at + ".people")
        meals = p["package"] == "meals"
        if (meals and not 1 <= p["days"] <= 5) or (not meals and p["days"] != 0):
            errors.append(at + ".days")
        if dt.date.fromisoformat(p["day"]) < add_months(day, -9) or len(p["voucher"]) > 100:
            errors.append(at + ".day")
        if p["package"] in seen or p["package"] not in PACKAGES:
            errors.append(at + ".package")
        seen.add(p["package"])
    return errors


def rules_of(o, dbkk_uids):
    """Each rule's outcome ("passed", "failed", "unknown"), as EvaluateEligibility."""
    day = dt.date.fromisoformat(o["birthDate"])
    age = (age_on(dt.date.fromisoformat(o["motherBirthDate"]), day) if o["motherBirthDate"]
           else o["motherAge"])
    flag = {True: "passed", False: "failed", None: "unknown"}
    return {
        "ethnic_minority": ("unknown" if not o["ethnicity"] else
                            "failed" if o["ethnicity"] == "ETHNIC_01" else "passed"),
        "age_18": "unknown" if age is None else "failed" if age < 18 else "passed",
        "dbkk_residence": ("passed" if o.get("village") in dbkk_uids and day >= DBKK_FROM
                           else "failed"),
        "population_policy": flag[o["withinPopulationPolicy"]],
        "health_facility": flag[o["atHealthFacility"]],
    }


def findings_of(o, eligible):
    day, out = dt.date.fromisoformat(o["birthDate"]), []
    for p in o["payments"]:
        norm = {"travel": TRAVEL * p["people"], "supplies": SUPPLIES,
                "meals": MEALS * p["people"] * min(p["days"], 5 if o["caesarean"] else 3),
                "nutrition": NUTRITION}[p["package"]]
        if p["amount"] > norm:
            out.append("PAYMENT_OVER_NORM")
        if p["package"] == "nutrition" and dt.date.fromisoformat(p["day"]) > add_months(day, 6):
            out.append("NUTRITION_LATE")
    if o["payments"] and not eligible:
        out.append("PAID_NOT_ELIGIBLE")
    return out


def check(births, villages, expected):
    """Every birth valid, each failing birth failing exactly its one rule."""
    errors = []
    village_of = {v["uid"]: v["commune"] for v in villages}
    commune_codes = set(village_of.values()) | expected["other_wards"]
    dbkk_uids = {v["uid"] for v in villages if v["dbkk"]}
    if len(dbkk_uids) != 13 or len({v["uid"] for v in villages}) != len(villages):
        errors.append("villages: not 13 ĐBKK villages, or a repeated uid")
    for v in villages:
        if not UID.match(v["uid"]) or not CODE.match(v["code"]) or v["name"] != nfc(v["name"]):
            errors.append(f"village {v['code']}: uid, code or name")
    codes = set()
    for i, (o, b) in enumerate(zip(births, expected["births"])):
        where = f"births[{i}] {o['code']}"
        errors += [f"{where}: {e}" for e in check_birth(o, village_of, commune_codes)]
        if o["code"] in codes:
            errors.append(f"{where}: code repeated")
        codes.add(o["code"])
        rules = rules_of(o, dbkk_uids)
        bad = [r for r, outcome in rules.items() if outcome != "passed"]
        want = {"eligible": [], "kinh": ["ethnic_minority"], "under_18": ["age_18"],
                "home": ["health_facility"], "policy": ["population_policy"],
                "ordinary_village": ["dbkk_residence"], "other_ward": ["dbkk_residence"],
                "no_age": ["age_18"]}[b["category"]]
        if bad != want:
            errors.append(f"{where}: fails {bad}, meant to fail {want}")
    return errors


# ---- output ----------------------------------------------------------------------------

def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def dump(births):
    lines = ["{", ' "format": "gemis-safe-births/1",', ' "synthetic": true,',
             f' "note": {json.dumps(FILE_NOTE, ensure_ascii=False)},', ' "births": [']
    for i, o in enumerate(births):
        comma = "," if i + 1 < len(births) else ""
        lines.append("  " + json.dumps(o, ensure_ascii=False) + comma)
    lines += [" ]", "}", ""]
    return "\n".join(lines)


def summary(births, villages):
    dbkk_uids = {v["uid"] for v in villages if v["dbkk"]}
    lines, findings = [], {}
    for year in (2024, 2025):
        these = [o for o in births if o["birthDate"].startswith(str(year))]
        eligible = [o for o in these
                    if all(r == "passed" for r in rules_of(o, dbkk_uids).values())]
        supported = [o for o in eligible if o["payments"]]
        lines.append(f"  {year}: {len(these)} births, {len(eligible)} eligible, "
                     f"{len(supported)} supported "
                     f"({100 * len(supported) / len(eligible):.2f} %)")
    for year in (2024, 2025):
        amount = sum(p["amount"] for o in births for p in o["payments"]
                     if p["day"].startswith(str(year)))
        lines.append(f"  paid in {year}: {amount:,} đ".replace(",", "."))
    for o in births:
        eligible = all(r == "passed" for r in rules_of(o, dbkk_uids).values())
        for f in findings_of(o, eligible):
            findings[f] = findings.get(f, 0) + 1
    lines.append("  findings: " + ", ".join(f"{k} {v}" for k, v in sorted(findings.items())))
    return "\n".join(lines)


def main():
    rng = random.Random(SEED)
    admin, ethnic = read_admin(), read_ethnic()
    villages = make_villages(admin)
    births = build(villages, admin, ethnic, rng)
    for i, b in enumerate(sorted(births, key=lambda x: x["day"]), start=1):
        b["code"] = f"KT-SDAT-{i:04d}"
    births.sort(key=lambda x: x["code"])
    number_vouchers(births)
    out = [to_json(b) for b in births]
    other = {admin[fold(w)][0] for w in OTHER_WARDS}
    errors = check(out, villages, {"births": births, "other_wards": other})
    if errors:
        for e in errors[:50]:
            print("ERROR", e, file=sys.stderr)
        print(f"{len(errors)} errors; nothing written", file=sys.stderr)
        return 1
    cols = ["code", "name", "level", "parent_code", "valid_from", "unit_type", "uid"]
    write_csv(VILLAGES, cols, [[v[c] for c in cols] for v in villages])
    write_csv(DESIGNATIONS, ["kind", "orgUnit", "from", "to", "legalBasis", "note"],
              [["dbkk_village", v["code"], DBKK_FROM.isoformat(), "", LEGAL_BASIS, NOTE]
               for v in villages if v["dbkk"]])
    with open(BIRTHS, "w", encoding="utf-8", newline="\n") as f:
        f.write(dump(out))
    print(f"wrote {os.path.relpath(VILLAGES)} ({len(villages)} villages, "
          f"{sum(v['dbkk'] for v in villages)} ĐBKK), {os.path.relpath(DESIGNATIONS)}, "
          f"{os.path.relpath(BIRTHS)} ({len(out)} births)")
    print(summary(out, villages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
