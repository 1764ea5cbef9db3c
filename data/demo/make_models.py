#!/usr/bin/env python3
"""Writes data/demo/models.json: SYNTHETIC Project 8 models (mô hình) for the demo.

Everything this script writes is invented (dữ liệu minh hoạ tổng hợp, không phải số
liệu thật): the models, their villages, dates, members, savings and equipment. Only the
frame is real: the communes (data/demo/models_units.csv, from the built-in administrative
units) and the 2024 targets that the counts are drawn around (Phụ lục I of plan
CB-288-2024 in seed-001-cao-bang-288.json; the level split of the clubs from Phụ lục I
(bổ sung) of CB-75-2022). Phong Thổ (PT-117-2024) states no numeric target, so it gets a
handful of each kind across the 15 communes of the plan.

  python3 data/demo/make_models.py            # writes data/demo/models.json and checks it

Deterministic (random.Random with a fixed seed, no clock): running it again gives the same
bytes. Standard library only. The file is in the format of src/program/records_json.h
(`gemis-models/1`); every model is checked here against the rules of records::CheckModel
(src/records/model.h) before the file is written, and a summary of the models active on
31/12/2024, by district, kind and implementing level against the 2024 targets, is printed.

models_units.csv (district_code,commune_code,commune_name) holds the rural communes (xã)
of the nine Cao Bằng districts of the tables and the 15 communes of the Phong Thổ plan,
as they were on 2024-06-01 (the same codes exist from 2021-01-01 to 2024-12-31). It was
made with
  build/gemis demo --db /tmp/demo-models.db
  build/gemis export orgunits --db /tmp/demo-models.db --as-of 2024-06-01 \
      --level commune --parent <district>
keeping the rows of unit_type "Xã" (towns left out) and, for Phong Thổ (109), the 15
communes named in II.2 of the plan (Khổng Lào left out).
"""

import csv
import datetime as dt
import json
import math
import os
import random
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "models.json")
SEED = 20240320  # the date of 288/KH-BCĐ; any fixed number would do

D = dt.date
CB_PLAN, CB_PLAN_DATE = "CB-288-2024", D(2024, 3, 20)
PT_PLAN, PT_PLAN_DATE = "PT-117-2024", D(2024, 4, 1)
PT_DISTRICT = "109"
LAST_DAY = D(2024, 11, 30)   # no model established or consolidated after it
YEAR_END = D(2024, 12, 31)   # the day the summary counts models on

NOTE = "Dữ liệu minh hoạ"
SUFFIX = " (minh hoạ)"

# ------------------------------------------------------------------ inputs


def read_units():
    by_district = {}
    names = {}
    with open(os.path.join(HERE, "models_units.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_district.setdefault(row["district_code"], []).append(row["commune_code"])
            names[row["commune_code"]] = row["commune_name"]
    return by_district, names


def read_targets():
    """{district code: {(measure, level): int}} from the 2024 table, and the club
    level split {district code: (province, district)} from the phase-I table."""
    refs = {}
    with open(os.path.join(HERE, "units.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["seed"] == "001":
                refs[row["ref"]] = (row["code"], row["spelling"])
    with open(os.path.join(HERE, "seed-001-cao-bang-288.json"), encoding="utf-8") as f:
        seed = json.load(f)
    plans = {p["code"]: p for p in seed["plans"]}

    def table(plan_code):
        t = plans[plan_code]["tables"][0]
        out = {}
        for row in t["rows"]:
            if "unit" not in row:
                continue  # totals, the level row, the agency row
            code = refs[row["unit"]][0]
            cells = {}
            for col, cell in zip(t["columns"], row["cells"]):
                if "measure" in col and cell is not None:
                    cells[(col["measure"], col["level"])] = int(cell)
            out[code] = (row["unit"], cells)
        return out

    return table("CB-288-2024"), table("CB-75-2022")


# ------------------------------------------------------------------ helpers


class Gen:
    def __init__(self, rng):
        self.rng = rng

    def date(self, a, b):
        """A working day (Mon–Fri) in [a, b]; `a` when b is before a."""
        if b <= a:
            return a
        for _ in range(100):
            d = a + dt.timedelta(days=self.rng.randint(0, (b - a).days))
            if d.weekday() < 5:
                return d
        return a

    def share(self, n, lo, hi):
        """round(n × a fraction in [lo, hi])."""
        return int(round(n * self.rng.uniform(lo, hi)))


def money(x, step=10_000):
    return int(round(x / step)) * step


def nfc(s):
    return unicodedata.normalize("NFC", s)


# Invented village names: Tày/Nùng-sounding for Cao Bằng ("xóm"), Mông/Dao/Hà Nhì-sounding
# for Phong Thổ ("bản"). Any match with a real village is chance.
CB_FIRST = ["Nà", "Khuổi", "Lũng", "Bản", "Pác", "Cốc", "Phia", "Kéo", "Nặm", "Đông", "Cả", "Slam"]
CB_SECOND = ["Mò", "Rì", "Tao", "Khoang", "Pán", "Sla", "Lạn", "Giáo", "Thin", "Mạ", "Poòng",
             "Chang", "Đỏng", "Cáy", "Luông", "Hoi", "Sâu", "Lẹng", "Vài", "Mạn", "Nưa", "Lầu"]
PT_FIRST = ["Sin", "Phìn", "Tả", "Lao", "Hồ", "Pờ", "Sì", "Cán", "Nậm", "Huổi", "Ma", "Cò"]
PT_SECOND = ["Chải", "Hồ", "Phìn", "Ván", "Sán", "Ngài", "Pho", "Cuổi", "Láng", "Chồ", "Lùng",
             "Tỷ", "Thàng", "Sang", "Pa", "Xuân"]

CB_LANGUAGES = {  # languages the teams use, by district (plausible, invented per team)
    "042": ["Mông; Dao", "Mông", "Tày; Mông", "Lô Lô; Mông", "Nùng; Mông"],
    "043": ["Mông; Dao", "Tày; Dao", "Mông", "Nùng; Mông"],
    "052": ["Dao; Tày", "Mông; Dao", "Tày; Nùng"],
}
CB_LANGUAGES_DEFAULT = ["Tày; Nùng", "Nùng", "Tày", "Tày; Nùng; Mông", "Nùng; Dao"]
PT_LANGUAGES = ["Mông; Dao", "Dao", "Hà Nhì; Mông", "Thái; Giáy", "Mông", "Lự; Dao"]

CB_PRODUCTS = ["miến dong", "chè", "mận", "thạch đen", "lợn đen", "gà đồi", "dệt thổ cẩm",
               "bánh khảo", "hạt dẻ", "mật ong", "rau an toàn", "chăn nuôi dê"]
PT_PRODUCTS = ["thảo quả", "chè Shan tuyết", "dệt may thổ cẩm", "gà đen", "mật ong",
               "chuối", "dong riềng"]

CONTENTS = ["brand", "standards", "traceability", "ecommerce", "logistics_payment",
            "technical_advice"]
TEAM_EQUIPMENT = ["loa cầm tay, âm ly, micro", "loa kéo, micro không dây",
                  "loa cầm tay, tài liệu truyền thông", "âm ly, loa, bảng lật"]
DCTC_EQUIPMENT = ["giường gấp, chăn màn, tủ đựng tài liệu", "tủ thuốc, chăn màn, bàn ghế",
                  "giường, chăn, điện thoại liên lạc", "bàn ghế, tủ tài liệu, đèn sạc"]


class Builder:
    def __init__(self, rng, names, prefix, plan, plan_date, village_words, village_word):
        self.g = Gen(rng)
        self.rng = rng
        self.names = names
        self.prefix = prefix
        self.plan = plan
        self.plan_date = plan_date
        self.first, self.second = village_words
        self.village_word = village_word  # "xóm" or "bản"
        self.used = set()  # (commune, kind, village)
        self.models = []

    # -------------------------------------------------------------- frame

    def village(self, commune, kind):
        for _ in range(200):
            v = self.rng.choice(self.first) + " " + self.rng.choice(self.second)
            if (commune, kind, v) not in self.used:
                self.used.add((commune, kind, v))
                return v
        raise RuntimeError("out of village names in " + commune)

    def life(self, pattern):
        """(established, consolidated, dissolved) for a pattern:
          new24     established in 2024, after the plan's date
          y23_c24   established in 2023, consolidated in 2024
          old       2022–2023, sometimes consolidated in 2023
          old_c24   2022–2023 (sometimes consolidated in 2023), consolidated in 2024
          early_c24 late 2021 (after QĐ 1719/QĐ-TTg of 14/10/2021), consolidated in
                    2022–2023 and in 2024
          gone      late 2021 – 2022, dissolved in 2023–2024"""
        g = self.g
        p0 = self.plan_date + dt.timedelta(days=5)
        if pattern == "new24":
            return g.date(p0, LAST_DAY), [], None
        if pattern == "y23_c24":
            return g.date(D(2023, 1, 15), D(2023, 11, 30)), [g.date(p0, LAST_DAY)], None
        if pattern in ("old", "old_c24"):
            est = g.date(D(2022, 3, 1), D(2023, 9, 30))
            cons = []
            if self.rng.random() < 0.3 and est < D(2023, 3, 1):
                cons.append(g.date(max(est + dt.timedelta(days=120), D(2023, 3, 1)), D(2023, 11, 30)))
            if pattern == "old_c24":
                cons.append(g.date(p0, LAST_DAY))
            return est, cons, None
        if pattern == "early_c24":
            est = g.date(D(2021, 10, 15), D(2021, 12, 20))
            return est, [g.date(D(2022, 6, 1), D(2023, 6, 30)), g.date(p0, LAST_DAY)], None
        if pattern == "gone":
            est = g.date(D(2021, 10, 15), D(2022, 9, 30))
            return est, [], g.date(D(2023, 3, 1), D(2024, 9, 30))
        raise ValueError(pattern)

    def add(self, kind, short, name, commune, place, level, pattern, facts_fn):
        est, cons, dis = self.life(pattern)
        m = {
            "code": None,  # numbered at the end, in a stable order
            "kind": kind,
            "name": nfc(name + SUFFIX),
            "orgUnit": commune,
            "place": nfc(place),
            "level": level,
            "established": est.isoformat(),
            "consolidated": [c.isoformat() for c in cons],
            "dissolved": dis.isoformat() if dis else None,
        }
        in_2024 = est.year == 2024 or any(c.year == 2024 for c in cons)
        if in_2024:
            m["plan"] = self.plan
        end = dis - dt.timedelta(days=1) if dis else YEAR_END
        facts = facts_fn(est, cons, end)
        facts.sort(key=lambda f: f[0])  # stable: same-day facts keep their order
        m["facts"] = [{"date": d.isoformat(), "field": k, "value": v} for d, k, v in facts]
        m["note"] = NOTE
        m["_short"] = short
        self.models.append(m)
        return m

    # -------------------------------------------------------------- kinds

    def updates(self, est, cons, end, extra=()):
        """The days facts are restated on: each consolidation, and the given days, when
        the model is active then."""
        days = sorted(set(list(cons) + [d for d in extra if est < d <= end]))
        return [d for d in days if est < d <= end]

    def members(self, facts, day, female, male, ethnic_share):
        facts.append((day, "members_female", female))
        facts.append((day, "members_male", male))
        ethnic = min(female + male, int(round((female + male) * ethnic_share)))
        facts.append((day, "members_ethnic_minority", ethnic))
        return female + male

    def team(self, commune, level, pattern, languages):
        v = self.village(commune, "team")
        g, rng = self.g, self.rng

        def facts(est, cons, end):
            out = []
            total = rng.randint(8, 13)
            female = max(5, g.share(total, 0.55, 0.75))
            male = total - female
            ethnic = rng.uniform(0.85, 1.0)
            self.members(out, est, female, male, ethnic)
            out.append((est, "languages", rng.choice(languages)))
            eq_day = est + dt.timedelta(days=rng.randint(20, 90))
            if eq_day <= end:
                out.append((eq_day, "equipment", rng.choice(TEAM_EQUIPMENT)))
                out.append((eq_day, "equipment_value", money(rng.randint(40, 120) * 100_000, 100_000)))
            for day in self.updates(est, cons, end, [D(2024, 6, 30)] if rng.random() < 0.45 else []):
                if female + male >= 15:
                    break
                female = min(15 - male, female + rng.randint(1, 2))
                male = min(15 - female, male + rng.randint(0, 1))
                self.members(out, day, female, male, ethnic)
            return out

        return self.add("communication_team", "TTCD",
                        f"Tổ truyền thông cộng đồng {self.village_word} {v}", commune,
                        f"{self.village_word} {v}", level, pattern, facts)

    def savings(self, commune, level, pattern, gals):
        v = self.village(commune, "savings")
        g, rng = self.g, self.rng

        def facts(est, cons, end):
            out = []
            total = rng.randint(15, 30)
            male = rng.choice([0, 0, 0, 1, 1, 2, 3])
            female = total - male
            ethnic = rng.uniform(0.8, 1.0)
            monthly = rng.choice([20_000, 30_000, 50_000])
            self.members(out, est, female, male, ethnic)
            out.append((est, "gals", False))
            out.append((est, "savings", money(total * monthly)))
            out.append((est, "loans", 0))
            marks = [D(2023, 6, 30), D(2023, 12, 31), D(2024, 6, 30), D(2024, 12, 31)]
            savings = total * monthly
            last = est
            ff_share, ls_share = rng.uniform(0.10, 0.25), rng.uniform(0.15, 0.30)
            gals_day = None
            if gals:
                gals_day = g.date(max(est + dt.timedelta(days=60), D(2023, 3, 1)),
                                  min(end, D(2024, 10, 31)))
                out.append((gals_day, "gals", True))
            for day in self.updates(est, cons, end, marks):
                if (day - last).days < 60:
                    continue
                if day == D(2024, 6, 30) and rng.random() < 0.5 and female + male < 35:
                    female = min(35 - male, female + rng.randint(1, 4))
                    self.members(out, day, female, male, ethnic)
                months = (day - last).days / 30.4
                savings += (female + male) * monthly * months * rng.uniform(0.9, 1.05)
                out.append((day, "savings", money(savings)))
                out.append((day, "loans", money(savings * rng.uniform(0.5, 0.85))))
                if day >= D(2023, 12, 31):
                    n = female + male
                    out.append((day, "members_formal_finance", max(1, int(round(n * ff_share)))))
                    out.append((day, "members_livelihood_support", max(1, int(round(n * ls_share)))))
                last = day
            return out

        return self.add("savings_group", "TKV",
                        f"Tổ tiết kiệm và vay vốn thôn bản {self.village_word} {v}", commune,
                        f"{self.village_word} {v}", level, pattern, facts)

    def livelihood(self, commune, level, pattern, products):
        v = self.village(commune, "livelihood")
        g, rng = self.g, self.rng
        form = rng.choices(["group", "cooperative_group", "cooperative"], [5, 3, 2])[0]
        product = rng.choice(products)
        label = {"group": "Tổ nhóm sinh kế", "cooperative_group": "Tổ hợp tác",
                 "cooperative": "Hợp tác xã"}[form]

        def facts(est, cons, end):
            out = [(est, "form", form)]
            lo, hi = {"group": (10, 20), "cooperative_group": (7, 15), "cooperative": (7, 18)}[form]
            total = rng.randint(lo, hi)
            male = rng.randint(0, 3)
            female = total - male
            self.members(out, est, female, male, rng.uniform(0.8, 1.0))
            owners_f = rng.randint(1, 2) if form != "cooperative" else rng.randint(2, 4)
            out.append((est, "owners_female", owners_f))
            out.append((est, "owners_male", rng.choice([0, 0, 0, 1]) if male else 0))
            k = rng.randint(1, 3)
            chosen = sorted(rng.sample(CONTENTS, k), key=CONTENTS.index)
            start = max(est + dt.timedelta(days=30), self.plan_date + dt.timedelta(days=20))
            if est < D(2023, 10, 1) and k > 1 and rng.random() < 0.5:
                # one content in 2023, the rest in 2024: the history is exercised
                first_day = g.date(max(est + dt.timedelta(days=30), D(2023, 3, 1)), D(2023, 12, 15))
                if first_day <= end:
                    out.append((first_day, "support_contents", chosen[0]))
            day = g.date(start, D(2024, 12, 15)) if start <= D(2024, 12, 15) else start
            if day <= end:
                out.append((day, "support_contents", ",".join(chosen)))
            return out

        return self.add("livelihood_group", "SK", f"{label} {product} {self.village_word} {v}",
                        commune, f"{self.village_word} {v}", level, pattern, facts)

    def trusted(self, commune, level, pattern):
        v = self.village(commune, "trusted")
        g, rng = self.g, self.rng

        def facts(est, cons, end):
            trained_late = rng.random() < 0.3
            out = [(est, "board_members", rng.randint(3, 7)),
                   (est, "owner_trained", not trained_late)]
            support_from = max([est] + list(cons)) + dt.timedelta(days=14)
            day = g.date(max(support_from, D(2024, 8, 1)), D(2024, 11, 29))
            if day <= end:
                amount = money(rng.randint(16, 29) * 500_000, 500_000)  # 8–14,5 million
                out.append((day, "equipment", rng.choice(DCTC_EQUIPMENT)))
                out.append((day, "equipment_support", amount))
            if trained_late:
                t = g.date(min(end, est + dt.timedelta(days=45)), min(end, est + dt.timedelta(days=200)))
                if est < t <= end:
                    out.append((t, "owner_trained", True))
            return out

        return self.add("trusted_address", "DCTC", f"Địa chỉ tin cậy cộng đồng {self.village_word} {v}",
                        commune, f"{self.village_word} {v}", level, pattern, facts)

    def club(self, commune, level, pattern):
        rng = self.rng
        school = rng.random() < 0.5
        cname = self.names[commune]
        if school:
            place = f"Trường PTDTBT THCS {cname}"
            name = f"CLB Thủ lĩnh của sự thay đổi {place}"
        else:
            v = self.village(commune, "club")
            place = f"{self.village_word} {v}"
            name = f"CLB Thủ lĩnh của sự thay đổi {place}"

        def facts(est, cons, end):
            out = [(est, "setting", "school" if school else "community"),
                   (est, "facilitators", rng.randint(1, 3)),
                   (est, "board_members", rng.randint(3, 5))]
            total = rng.randint(20, 32) if school else rng.randint(15, 25)
            female = self.g.share(total, 0.5, 0.65)
            self.members(out, est, female, total - female, rng.uniform(0.9, 1.0))
            return out

        return self.add("leaders_club", "CLB", name, commune, place, level, pattern, facts)

    def victim(self, commune, level, pattern):
        v = self.village(commune, "victim")
        rng = self.rng

        def facts(est, cons, end):
            # Its participants are trafficking cases (confidential, never a
            # typed fact); n still sets the support.
            n = rng.randint(3, 5)
            return [(est, "support_given", "giống lợn, thức ăn chăn nuôi, tập huấn kỹ thuật"),
                    (est, "support_amount", n * 10_000_000)]

        return self.add("victim_livelihood", "SKNN",
                        f"Mô hình sinh kế hỗ trợ nạn nhân bị mua bán trở về {self.village_word} {v}",
                        commune, f"{self.village_word} {v}", level, pattern, facts)

    # -------------------------------------------------------------- codes

    def number(self):
        counters = {}
        order = {"TTCD": 0, "TKV": 1, "SK": 2, "DCTC": 3, "CLB": 4, "SKNN": 5}
        self.models.sort(key=lambda m: (order[m["_short"]], m["_district"], m["established"],
                                        m["orgUnit"], m["name"]))
        for m in self.models:
            counters[m["_short"]] = counters.get(m["_short"], 0) + 1
            m["code"] = f"{self.prefix}-{m['_short']}-{counters[m['_short']]:04d}"


class Communes:
    """Cycles through a district's communes in a shuffled order, so that models spread."""

    def __init__(self, rng, codes, weights=None):
        self.rng = rng
        self.codes = list(codes)
        self.weights = weights
        self.queue = []

    def next(self):
        if self.weights:
            return self.rng.choices(self.codes, [self.weights[c] for c in self.codes])[0]
        if not self.queue:
            self.queue = self.codes[:]
            self.rng.shuffle(self.queue)
        return self.queue.pop()


# ------------------------------------------------------------------ Cao Bằng


def scaled(g, target):
    """A whole number in [70 %, 110 %] of a target (the target itself when that range
    holds no other whole number); 0 for a target of 0."""
    if target <= 0:
        return 0
    lo = math.ceil(target * 0.7)
    return g.rng.randint(lo, max(lo, math.floor(target * 1.1)))


def cao_bang(rng, units, names, t2024, t2022):
    b = Builder(rng, names, "CB", CB_PLAN, CB_PLAN_DATE, (CB_FIRST, CB_SECOND), "xóm")
    g = b.g
    for district in t2024:  # in the table's order
        label, cells = t2024[district]
        communes = {k: Communes(rng, units[district]) for k in
                    ("team", "savings", "livelihood", "trusted", "club")}
        langs = CB_LANGUAGES.get(district, CB_LANGUAGES_DEFAULT)
        start = len(b.models)
        for level in ("province", "district"):
            # communication teams: "thành lập và duy trì" — old ones kept (often consolidated
            # in 2024) and new ones in 2024
            for _ in range(scaled(g, cells[("P8_TTCD_TO", level)])):
                pattern = rng.choices(["new24", "old", "old_c24", "early_c24"], [4, 2, 3, 1])[0]
                b.team(communes["team"].next(), level, pattern, langs)
            # savings groups: the 2024 columns are suspended ("Tạm dừng chờ hướng dẫn của
            # TW"), so none is new in 2024; the groups of 2021–2023 are maintained, some
            # consolidated in 2024; the GALS ones are a subset
            n = scaled(g, cells[("P8_TKV_TO", level)])
            n_gals = min(n, scaled(g, cells[("P8_TKV_GALS", level)]))
            for i in range(n):
                pattern = rng.choices(["old", "old_c24", "early_c24"], [7, 1, 1])[0]
                b.savings(communes["savings"].next(), level, pattern, i < n_gals)
            for _ in range(scaled(g, cells[("P8_SINHKE_40", level)])):
                pattern = rng.choices(["new24", "old", "old_c24"], [3, 2, 2])[0]
                b.livelihood(communes["livelihood"].next(), level, pattern, CB_PRODUCTS)
            # trusted addresses: "củng cố, nâng chất lượng/hoặc thành lập mới"
            for _ in range(scaled(g, cells[("P8_DCTC", level)])):
                pattern = rng.choices(["new24", "old_c24"], [1, 1])[0]
                b.trusted(communes["trusted"].next(), level, pattern)
        # clubs: one column (level "all"); the level of each club follows the province /
        # district split of the phase-I table (75/KH-BTV) for the district
        prov, dist = t2022[district][1][("P8_CLB_TLSTD", "province")], t2022[district][1][("P8_CLB_TLSTD", "district")]
        for _ in range(scaled(g, cells[("P8_CLB_TLSTD", "all")])):
            level = "province" if rng.random() < prov / max(1, prov + dist) else "district"
            pattern = rng.choices(["new24", "y23_c24"], [3, 1])[0]
            b.club(communes["club"].next(), level, pattern)
        # a few models that stopped working in 2023–2024 (extra: they do not count)
        if rng.random() < 0.4:
            b.team(communes["team"].next(), "district", "gone", langs)
        if rng.random() < 0.3:
            b.savings(communes["savings"].next(), "district", "gone", False)
        for m in b.models[start:]:
            m["_district"] = district
    # one or two trusted addresses at exactly the norm (15.000.000 đ, TT 55/2023/TT-BTC)
    trusted = [m for m in b.models if m["kind"] == "trusted_address"]
    for m in rng.sample(trusted, 2):
        for f in m["facts"]:
            if f["field"] == "equipment_support":
                f["value"] = 15_000_000
    b.number()
    return b.models


# ------------------------------------------------------------------ Phong Thổ

# ĐBKK villages per commune (II.2 of 117/KH-UBND), used as weights.
PT_VILLAGES = {"03550": 8, "03562": 7, "03553": 4, "03559": 6, "03565": 5, "03571": 9,
               "03568": 10, "03577": 13, "03580": 8, "03586": 16, "03592": 10, "03391": 8,
               "03490": 9, "03574": 1, "03589": 4}


def phong_tho(rng, units, names):
    b = Builder(rng, names, "PT", PT_PLAN, PT_PLAN_DATE, (PT_FIRST, PT_SECOND), "bản")
    codes = units[PT_DISTRICT]
    assert sorted(codes) == sorted(PT_VILLAGES), "models_units.csv: Phong Thổ communes"
    pick = Communes(rng, codes, PT_VILLAGES)
    for i in range(8):
        level = "commune" if i % 3 == 2 else "district"
        b.team(pick.next(), level, rng.choice(["new24", "new24", "old", "old_c24"]), PT_LANGUAGES)
    for i in range(10):
        b.savings(pick.next(), "district", rng.choice(["old", "old", "old_c24", "new24"]), i < 3)
    b.savings(pick.next(), "district", "gone", False)
    for _ in range(3):
        b.livelihood(pick.next(), "district", rng.choice(["new24", "old_c24"]), PT_PRODUCTS)
    for _ in range(2):
        b.trusted(pick.next(), "district", rng.choice(["new24", "old_c24"]))
    for _ in range(3):
        b.club(pick.next(), "district", "new24")
    b.victim(pick.next(), "district", "new24")
    for m in b.models:
        m["_district"] = PT_DISTRICT
    b.number()
    return b.models


# ------------------------------------------------------------------ checks

CODE = re.compile(r"^[A-Za-z0-9._-]{1,50}$")
KINDS = {"communication_team", "savings_group", "livelihood_group", "trusted_address",
         "leaders_club", "victim_livelihood"}
WITH_MEMBERS = {"communication_team", "savings_group", "livelihood_group", "leaders_club"}
FIELDS = {  # FactFields() of src/records/model.cc: field → (type, kinds)
    "members_female": ("count", WITH_MEMBERS), "members_male": ("count", WITH_MEMBERS),
    "members_ethnic_minority": ("count", WITH_MEMBERS),
    "languages": ("text", {"communication_team"}),
    "equipment": ("text", {"communication_team", "trusted_address"}),
    "equipment_value": ("amount", {"communication_team"}),
    "savings": ("amount", {"savings_group"}), "loans": ("amount", {"savings_group"}),
    "members_formal_finance": ("count", {"savings_group"}),
    "members_livelihood_support": ("count", {"savings_group"}),
    "gals": ("flag", {"savings_group"}),
    "form": ("choice:group,cooperative_group,cooperative", {"livelihood_group"}),
    "owners_female": ("count", {"livelihood_group"}), "owners_male": ("count", {"livelihood_group"}),
    "support_contents": ("set:" + ",".join(CONTENTS), {"livelihood_group"}),
    "owner_name": ("text", {"trusted_address"}), "owner_trained": ("flag", {"trusted_address"}),
    "board_members": ("count", {"trusted_address", "leaders_club"}),
    "hotline": ("text", {"trusted_address"}), "address": ("text", {"trusted_address"}),
    "equipment_support": ("amount", {"trusted_address"}),
    "setting": ("choice:school,community", {"leaders_club"}),
    "facilitators": ("count", {"leaders_club"}),
    "support_given": ("text", {"victim_livelihood"}),
    "support_amount": ("amount", {"victim_livelihood"}),
}
CONFIDENTIAL = {"owner_name", "hotline", "address"}


def number_at(m, field, day):
    best = None
    for f in m["facts"]:
        d = D.fromisoformat(f["date"])
        if f["field"] == field and d <= day and (best is None or best[0] <= d):
            best = (d, f["value"])
    if best is None:
        return None
    v = best[1]
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int):
        return v
    return len(v.split(",")) if v else 0


def check(models, units):
    errors = []
    communes = {c for cs in units.values() for c in cs}
    seen = set()
    for i, m in enumerate(models):
        at = f"models[{i}] {m.get('code')}"

        def err(msg):
            errors.append(f"{at}: {msg}")

        if not CODE.match(m["code"]):
            err("bad code")
        if m["code"] in seen:
            err("duplicate code")
        seen.add(m["code"])
        if m["kind"] not in KINDS:
            err("kind")
        for key in ("name", "place", "note"):
            if m[key] != nfc(m[key]) or len(m[key].encode()) > 500:
                err(key + " not NFC or too long")
        if not m["name"].endswith(SUFFIX):
            err("name without (minh hoạ)")
        if m["orgUnit"] not in communes:
            err("unit")
        if m["level"] not in ("province", "district", "commune"):
            err("level")
        est = D.fromisoformat(m["established"])
        cons = [D.fromisoformat(c) for c in m["consolidated"]]
        dis = D.fromisoformat(m["dissolved"]) if m["dissolved"] else None
        prev = est
        for c in cons:
            if c <= prev:
                err(f"consolidated {c} not after {prev}")
            prev = c
        if dis and dis <= prev:
            err("dissolved not after the last date")
        if max([est] + cons) > LAST_DAY:
            err("established or consolidated after 30/11/2024")
        events24 = est.year == 2024 or any(c.year == 2024 for c in cons)
        want = (CB_PLAN if m["code"].startswith("CB-") else PT_PLAN) if events24 else None
        if m.get("plan") != want:
            err(f"plan {m.get('plan')} (want {want})")
        for j, f in enumerate(m["facts"]):
            d = D.fromisoformat(f["date"])
            typ, kinds = FIELDS.get(f["field"], (None, set()))
            v = f["value"]
            if m["kind"] not in kinds:
                err(f"facts[{j}] {f['field']} not a field of {m['kind']}")
            if f["field"] in CONFIDENTIAL:
                err(f"facts[{j}] confidential field")
            if d < est or (dis and d >= dis):
                err(f"facts[{j}] dated {d} outside the model's life")
            if d > YEAR_END:
                err(f"facts[{j}] after 2024")
            if typ in ("count", "amount"):
                if not (isinstance(v, int) and not isinstance(v, bool) and v >= 0):
                    err(f"facts[{j}] not a whole number")
                if typ == "amount" and v % 10_000:
                    err(f"facts[{j}] amount not a multiple of 10.000 đ")
            elif typ == "flag":
                if not isinstance(v, bool):
                    err(f"facts[{j}] not a flag")
            elif typ.startswith("choice:") or typ.startswith("set:"):
                allowed = typ.split(":")[1].split(",")
                items = v.split(",") if v else []
                if any(x not in allowed for x in items) or items != sorted(items, key=allowed.index):
                    err(f"facts[{j}] {v!r} not canonical")
                if typ.startswith("choice:") and len(items) != 1:
                    err(f"facts[{j}] not one choice")
            elif typ == "text":
                if v != nfc(v).strip() or not v:
                    err(f"facts[{j}] text not NFC/trimmed")
        for f in m["facts"]:
            d = D.fromisoformat(f["date"])
            fem, mal = number_at(m, "members_female", d), number_at(m, "members_male", d)
            if fem is None and mal is None:
                continue
            n = (fem or 0) + (mal or 0)
            for part in ("members_ethnic_minority", "members_formal_finance", "members_livelihood_support"):
                p = number_at(m, part, d)
                if p is not None and p > n:
                    err(f"{part} {p} > {n} members on {d}")
        k = m["kind"]
        if k == "savings_group":
            n = number_at(m, "members_female", YEAR_END) + number_at(m, "members_male", YEAR_END)
            if not 15 <= n <= 35:
                err(f"{n} members")
        if k == "communication_team":
            n = number_at(m, "members_female", YEAR_END) + number_at(m, "members_male", YEAR_END)
            if not 8 <= n <= 15:
                err(f"{n} members")
        if k == "livelihood_group":
            if (number_at(m, "owners_female", YEAR_END) or 0) < 1:
                err("no woman owner")
            if dis is None and not 1 <= (number_at(m, "support_contents", YEAR_END) or 0) <= 3:
                err("support_contents")
        if k == "trusted_address":
            if (number_at(m, "equipment_support", YEAR_END) or 0) > 15_000_000:
                err("equipment_support above the norm")
            if not 3 <= number_at(m, "board_members", YEAR_END) <= 7:
                err("board_members")
        if k == "leaders_club" and not 1 <= number_at(m, "facilitators", YEAR_END) <= 3:
            err("facilitators")
    return errors


# ------------------------------------------------------------------ summary


def status_2024(m):
    est = D.fromisoformat(m["established"])
    dis = D.fromisoformat(m["dissolved"]) if m["dissolved"] else None
    lo, hi = D(2024, 1, 1), YEAR_END
    if est > hi or (dis and dis <= lo):
        return None
    if dis and dis <= hi:
        return "inactive"
    if est >= lo:
        return "new"
    if any(lo <= D.fromisoformat(c) <= hi for c in m["consolidated"]):
        return "consolidated"
    return "maintained"


COUNTED = [  # (label, measure, kind, where) as in figures.json
    ("TTCD", "P8_TTCD_TO", "communication_team", None),
    ("TKV", "P8_TKV_TO", "savings_group", None),
    ("GALS", "P8_TKV_GALS", "savings_group", "gals"),
    ("SK40", "P8_SINHKE_40", "livelihood_group", "support_contents"),
    ("DCTC", "P8_DCTC", "trusted_address", None),
    ("CLB", "P8_CLB_TLSTD", "leaders_club", None),
]


def summary(models, t2024, out=sys.stdout):
    active = [m for m in models if status_2024(m) in ("new", "consolidated", "maintained")]

    def count(district, kind, where, level):
        n = 0
        for m in active:
            if m["_district"] != district or m["kind"] != kind:
                continue
            if level != "all" and m["level"] != level:
                continue
            if where and not number_at(m, where, YEAR_END):
                continue
            n += 1
        return n

    print("Active on 31/12/2024 / 2024 target (province | district; CLB: all levels)", file=out)
    header = f"{'district':<12}" + "".join(f"{lab:>14}" for lab, *_ in COUNTED)
    print(header, file=out)
    totals = {}
    for district in t2024:
        label, cells = t2024[district]
        row = f"{label:<12}"
        for lab, measure, kind, where in COUNTED:
            if (measure, "all") in cells:
                a, t = count(district, kind, where, "all"), cells[(measure, "all")]
                cell = f"{a}/{t}"
                totals.setdefault(lab, [0, 0, 0, 0])
                totals[lab][0] += a
                totals[lab][1] += t
            else:
                ap, tp = count(district, kind, where, "province"), cells[(measure, "province")]
                ad, td = count(district, kind, where, "district"), cells[(measure, "district")]
                cell = f"{ap}/{tp}|{ad}/{td}"
                tot = totals.setdefault(lab, [0, 0, 0, 0])
                tot[0] += ap
                tot[1] += tp
                tot[2] += ad
                tot[3] += td
            row += f"{cell:>14}"
        print(row, file=out)
    row = f"{'Cao Bằng':<12}"
    for lab, measure, *_ in COUNTED:
        a, t, ad, td = totals[lab]
        row += f"{(f'{a}/{t}' if measure == 'P8_CLB_TLSTD' else f'{a}/{t}|{ad}/{td}'):>14}"
    print(row, file=out)
    by_kind = {}
    for m in models:
        key = (m["code"][:2], m["kind"])
        s = status_2024(m) or "none"
        by_kind.setdefault(key, {}).setdefault(s, 0)
        by_kind[key][s] += 1
    print("\nModels by kind and status in 2024 (new / consolidated / maintained / inactive):", file=out)
    for (prefix, kind), st in sorted(by_kind.items()):
        total = sum(st.values())
        print(f"  {prefix} {kind:<20} {total:>4}: " + ", ".join(
            f"{k} {st.get(k, 0)}" for k in ("new", "consolidated", "maintained", "inactive"))
            + (f", dissolved before 2024 {st['none']}" if "none" in st else ""), file=out)
    print(f"  total {len(models)} models, "
          f"{sum(len(m['facts']) for m in models)} facts", file=out)


# ------------------------------------------------------------------ output


def dump(models):
    lines = ["{",
             ' "format": "gemis-models/1",',
             ' "synthetic": true,',
             ' "note": "Dữ liệu minh hoạ tổng hợp (không phải số liệu thật) / synthetic '
             'illustrative data, not real",',
             ' "models": [']
    keys = ["code", "kind", "name", "orgUnit", "place", "level", "established",
            "consolidated", "dissolved", "plan"]
    for i, m in enumerate(models):
        head = ", ".join(f"{json.dumps(k)}: {json.dumps(m[k], ensure_ascii=False)}"
                         for k in keys if k in m)
        lines.append("  {" + head + ",")
        lines.append('   "facts": [')
        for j, f in enumerate(m["facts"]):
            comma = "," if j + 1 < len(m["facts"]) else ""
            lines.append("    " + json.dumps(f, ensure_ascii=False) + comma)
        lines.append("   ],")
        lines.append(f'   "note": {json.dumps(m["note"], ensure_ascii=False)}}}'
                     + ("," if i + 1 < len(models) else ""))
    lines += [" ]", "}", ""]
    return "\n".join(lines)


def main():
    rng = random.Random(SEED)
    units, names = read_units()
    t2024, t2022 = read_targets()
    models = cao_bang(rng, units, names, t2024, t2022) + phong_tho(rng, units, names)
    errors = check(models, units)
    if errors:
        for e in errors[:50]:
            print("ERROR", e, file=sys.stderr)
        print(f"{len(errors)} errors; models.json not written", file=sys.stderr)
        return 1
    text = dump([{k: v for k, v in m.items() if not k.startswith("_")} for m in models])
    doc = json.loads(text)  # the written text is JSON and says what it should
    assert doc["format"] == "gemis-models/1" and doc["synthetic"] is True
    assert len(doc["models"]) == len(models)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUT)}: {len(models)} models")
    summary(models, t2024)
    return 0


if __name__ == "__main__":
    sys.exit(main())
