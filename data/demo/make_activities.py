#!/usr/bin/env python3
"""Writes data/demo/activities.json: SYNTHETIC Project 8 activities for the demo.

Everything this script writes is invented (dữ liệu minh hoạ tổng hợp, không phải số liệu
thật): the activities, their villages, dates, costs, participants, topics and what people
said. Only the frame is real: the communes (data/demo/models_units.csv), the plans
CB-288-2024 and PT-117-2024 and the 2024 targets that the counts are drawn around (Phụ lục I
of CB-288-2024 in seed-001-cao-bang-288.json: policy dialogues, M&E classes, programme 2
and 3 classes, women cadres). Model sessions name models of data/demo/models.json (itself
synthetic, written by make_models.py) that are active on the session's day.

  python3 data/demo/make_activities.py        # writes data/demo/activities.json and checks it,
                                              # then runs make_cadres.py (cadres.json, attendance)

Deterministic (random.Random with a fixed seed, no clock): running it again on the same
models.json gives the same bytes. Standard library only. The file is in the format of
src/program/activities_json.h (`gemis-activities/1`); every activity is checked here against
the rules of records::CheckActivity (src/records/activity.h) and the reader's (members,
plan, model, unit) before the file is written, and a summary by district against the 2024
targets, by kind, and of the domestic-violence events with under 30 % men is printed.
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
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(HERE, "activities.json")
SEED = 20240401  # the date of 117/KH-UBND; any fixed number would do

D = dt.date
CB_PLAN, CB_PLAN_DATE = "CB-288-2024", D(2024, 3, 20)
PT_PLAN, PT_PLAN_DATE = "PT-117-2024", D(2024, 4, 1)
PT_DISTRICT = "109"
LAST_DAY = D(2024, 11, 29)  # the last working day of November: nothing starts or ends later

NOTE = "Dữ liệu minh hoạ"
SUFFIX = " (minh hoạ)"
FILE_NOTE = "Dữ liệu minh hoạ tổng hợp (không phải số liệu thật) / synthetic illustrative data, not real"

# ------------------------------------------------------------------ inputs


def read_units():
    by_district, names = {}, {}
    with open(os.path.join(HERE, "models_units.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_district.setdefault(row["district_code"], []).append(row["commune_code"])
            names[row["commune_code"]] = row["commune_name"]
    return by_district, names


def read_district_names(codes):
    out = {}
    path = os.path.join(ROOT, "data", "vn-admin", "districts_pre-2025-07-01.csv")
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["district_code"] in codes:
                out[row["district_code"]] = row["name"]
    return out


def read_targets():
    """{district code: (label, {(measure, level): int})} from Phụ lục I of CB-288-2024
    (the district rows only: the agency row of Sở LĐTBXH is the province's own)."""
    refs = {}
    with open(os.path.join(HERE, "units.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["seed"] == "001":
                refs[row["ref"]] = row["code"]
    with open(os.path.join(HERE, "seed-001-cao-bang-288.json"), encoding="utf-8") as f:
        seed = json.load(f)
    plan = next(p for p in seed["plans"] if p["code"] == CB_PLAN)
    t = plan["tables"][0]
    out = {}
    for row in t["rows"]:
        if "unit" not in row:
            continue
        cells = {}
        for col, cell in zip(t["columns"], row["cells"]):
            if "measure" in col and cell is not None:
                cells[(col["measure"], col["level"])] = int(cell)
        out[refs[row["unit"]]] = (row["unit"], cells)
    return out


def read_models():
    with open(os.path.join(HERE, "models.json"), encoding="utf-8") as f:
        return {m["code"]: m for m in json.load(f)["models"]}


def read_known():
    """Plan codes of the seeds and programme node codes of common.json."""
    plans = set()
    for name in sorted(os.listdir(HERE)):
        if name.startswith("seed-") and name.endswith(".json"):
            with open(os.path.join(HERE, name), encoding="utf-8") as f:
                plans |= {p["code"] for p in json.load(f)["plans"]}
    with open(os.path.join(HERE, "common.json"), encoding="utf-8") as f:
        nodes = {n["code"] for n in json.load(f)["programme"]}
    return plans, nodes


# ------------------------------------------------------------------ helpers


def nfc(s):
    return unicodedata.normalize("NFC", s)


def money(x, step=10_000):
    return int(round(x / step)) * step


def scaled(rng, target):
    """A whole number in [70 %, 110 %] of a target (the target itself when that range holds
    no other whole number); 0 for a target of 0. As make_models.py."""
    if target <= 0:
        return 0
    lo = math.ceil(target * 0.7)
    return rng.randint(lo, max(lo, math.floor(target * 1.1)))


# Main ethnic groups by district (codes of data/metadata/ethnic_groups.csv: 01 Kinh, 02 Tày,
# 03 Thái, 07 Nùng, 08 HMông, 09 Dao, 25 Giáy, 35 Hà Nhì, 42 Lự, 43 Lô Lô), as rough weights
# for drawing participants; approximate, not census figures.
ETHNIC = {
    "049": {"02": 55, "07": 38, "01": 5, "09": 2},             # Quảng Hòa
    "047": {"07": 55, "02": 40, "09": 3, "01": 2},             # Trùng Khánh
    "048": {"02": 50, "07": 46, "01": 4},                      # Hạ Lang
    "053": {"02": 45, "07": 35, "09": 12, "01": 8},            # Thạch An
    "051": {"02": 60, "07": 25, "01": 10, "09": 5},            # Hoà An
    "045": {"07": 55, "02": 25, "08": 17, "01": 3},            # Hà Quảng
    "052": {"09": 40, "02": 30, "08": 20, "07": 7, "01": 3},   # Nguyên Bình
    "043": {"08": 45, "02": 25, "09": 18, "07": 10, "01": 2},  # Bảo Lạc
    "042": {"08": 55, "09": 22, "02": 14, "43": 7, "01": 2},   # Bảo Lâm
    "109": {"09": 37, "08": 30, "03": 15, "25": 8, "35": 5, "42": 3, "01": 2},  # Phong Thổ
}

# Invented village names, as make_models.py: Tày/Nùng-sounding for Cao Bằng ("xóm"),
# Mông/Dao/Hà Nhì-sounding for Phong Thổ ("bản"). Any match with a real village is chance.
CB_FIRST = ["Nà", "Khuổi", "Lũng", "Bản", "Pác", "Cốc", "Phia", "Kéo", "Nặm", "Đông", "Cả", "Slam"]
CB_SECOND = ["Mò", "Rì", "Tao", "Khoang", "Pán", "Sla", "Lạn", "Giáo", "Thin", "Mạ", "Poòng",
             "Chang", "Đỏng", "Cáy", "Luông", "Hoi", "Sâu", "Lẹng", "Vài", "Mạn", "Nưa", "Lầu"]
PT_FIRST = ["Sin", "Phìn", "Tả", "Lao", "Hồ", "Pờ", "Sì", "Cán", "Nậm", "Huổi", "Ma", "Cò"]
PT_SECOND = ["Chải", "Hồ", "Phìn", "Ván", "Sán", "Ngài", "Pho", "Cuổi", "Láng", "Chồ", "Lùng",
             "Tỷ", "Thàng", "Sang", "Pa", "Xuân"]

# Policy dialogue topics: (weight, topic, what people raised, what the authorities will do).
TOPICS = [
    (4, "Phòng, chống tảo hôn và hôn nhân cận huyết thống",
     "Một số gia đình vẫn tổ chức cưới cho con khi chưa đủ tuổi kết hôn, có trường hợp kết hôn "
     "giữa những người có họ trong phạm vi ba đời; phụ nữ đề nghị được hướng dẫn thủ tục đăng ký "
     "kết hôn và tư vấn tiền hôn nhân cho thanh niên.",
     "Công chức tư pháp - hộ tịch xã phối hợp Hội LHPN rà soát các trường hợp tảo hôn, tuyên "
     "truyền tại các buổi họp xóm; đưa nội dung phòng, chống tảo hôn vào hương ước, quy ước; "
     "nhà trường lồng ghép nội dung vào sinh hoạt dưới cờ."),
    (4, "Phòng, chống bạo lực gia đình",
     "Phụ nữ phản ánh còn tình trạng chồng say rượu gây bạo lực, nạn nhân ngại tố giác vì sợ mất "
     "hòa khí gia đình; đề nghị có nơi tạm lánh gần xóm và số điện thoại để báo tin.",
     "UBND xã củng cố địa chỉ tin cậy cộng đồng, công khai số điện thoại của công an xã và chủ "
     "nhà; trưởng xóm, tổ hòa giải phối hợp công an xã xử lý kịp thời các vụ việc; Hội LHPN theo "
     "dõi, hỗ trợ nạn nhân."),
    (3, "Sinh đẻ an toàn và chăm sóc sức khỏe bà mẹ, trẻ em",
     "Nhiều phụ nữ vẫn sinh con tại nhà do đường xa, chưa được khám thai đủ lần; đề nghị hỗ trợ "
     "chi phí đi lại khi sinh tại cơ sở y tế và tăng số buổi khám lưu động.",
     "Trạm y tế xã tăng cường khám thai lưu động tại các xóm xa; nhân viên y tế thôn bản theo dõi "
     "phụ nữ mang thai; xã đề nghị huyện hướng dẫn chính sách hỗ trợ phụ nữ dân tộc thiểu số sinh "
     "con đúng chính sách dân số."),
    (2, "Tiếp cận vốn vay ưu đãi và phát triển sinh kế cho phụ nữ",
     "Phụ nữ đề nghị được vay vốn ưu đãi để chăn nuôi, được hướng dẫn thủ tục vay tại Ngân hàng "
     "Chính sách xã hội; thiếu thông tin về nơi tiêu thụ sản phẩm.",
     "Hội LHPN xã phối hợp tổ tiết kiệm và vay vốn thôn bản giới thiệu hội viên tiếp cận Ngân hàng "
     "Chính sách xã hội; xã tổ chức tập huấn kỹ thuật chăn nuôi, trồng trọt và kết nối tiêu thụ "
     "sản phẩm."),
    (2, "Quyền của phụ nữ đối với đất đai và tài sản chung",
     "Giấy chứng nhận quyền sử dụng đất của nhiều hộ chỉ đứng tên chồng; phụ nữ chưa biết quyền "
     "được ghi tên cả vợ và chồng, quyền thừa kế của con gái.",
     "Công chức địa chính và tư pháp xã hướng dẫn thủ tục cấp đổi giấy chứng nhận ghi tên cả vợ "
     "và chồng; tuyên truyền Luật Đất đai, Luật Hôn nhân và gia đình tại các buổi họp xóm."),
    (2, "Phòng, chống mua bán người và di cư lao động an toàn",
     "Một số phụ nữ, trẻ em gái đi làm thuê xa không rõ nơi làm việc; người dân chưa biết cách "
     "kiểm tra thông tin tuyển dụng và số điện thoại tố giác.",
     "Công an xã phối hợp đồn biên phòng tuyên truyền về thủ đoạn của tội phạm mua bán người; "
     "xã lập danh sách người đi làm ăn xa để theo dõi, hỗ trợ; công khai đường dây nóng 111."),
    (1, "Sự tham gia của phụ nữ trong xây dựng nông thôn mới và giám sát cộng đồng",
     "Phụ nữ ít được mời họp bàn về các công trình của xóm; đề nghị công khai danh sách hộ được "
     "hỗ trợ và có phụ nữ trong ban giám sát đầu tư của cộng đồng.",
     "UBND xã yêu cầu trưởng xóm mời đại diện phụ nữ dự các cuộc họp bàn; kiện toàn ban giám sát "
     "đầu tư của cộng đồng có thành viên nữ; niêm yết danh sách hỗ trợ tại nhà văn hóa."),
    (1, "Chia sẻ việc nhà và chăm sóc con giữa vợ và chồng",
     "Phụ nữ làm phần lớn việc nhà và việc nương rẫy, ít thời gian tham gia sinh hoạt cộng đồng "
     "và học tập.",
     "Hội LHPN xã phối hợp tổ truyền thông cộng đồng tổ chức sinh hoạt chủ đề có nam giới tham "
     "gia; biểu dương các gia đình chia sẻ việc nhà trong dịp tổng kết cuối năm."),
    (1, "Trẻ em gái bỏ học và lao động sớm",
     "Một số em gái bỏ học sau tiểu học để ở nhà trông em, làm nương; phụ huynh lo chi phí cho "
     "con học bán trú xa nhà.",
     "Nhà trường phối hợp Đoàn Thanh niên vận động học sinh trở lại lớp; xã đề nghị huyện xem xét "
     "hỗ trợ bán trú cho học sinh ở xa theo chính sách hiện hành."),
]

DV_TITLES = [
    "Truyền thông phòng, chống bạo lực gia đình",
    "Truyền thông xóa bỏ định kiến giới và phòng, chống bạo lực gia đình",
    "Sân khấu hóa phòng, chống bạo lực gia đình",
    "Truyền thông \"Nam giới chung tay phòng, chống bạo lực gia đình\"",
    "Truyền thông phòng, chống bạo lực gia đình và xâm hại trẻ em",
]
OTHER_COMM_TITLES = [
    "Truyền thông chăm sóc sức khỏe sinh sản cho phụ nữ dân tộc thiểu số",
    "Truyền thông phòng, chống tảo hôn và hôn nhân cận huyết thống",
    "Truyền thông sinh đẻ an toàn, chăm sóc sức khỏe bà mẹ và trẻ em",
    "Truyền thông phòng, chống mua bán người",
]
SESSION_TOPICS = {
    "communication_team": ["phòng, chống tảo hôn", "chia sẻ việc nhà giữa vợ và chồng",
                           "phòng, chống bạo lực gia đình", "sinh đẻ an toàn tại cơ sở y tế",
                           "phòng, chống mua bán người"],
    "leaders_club": ["kỹ năng tự bảo vệ bản thân", "quyền trẻ em và bình đẳng giới",
                     "phòng, chống xâm hại trẻ em", "kỹ năng thuyết trình, lãnh đạo nhóm",
                     "nói không với tảo hôn"],
}

NODES = {  # programme node of each kind of activity (common.json)
    "policy_dialogue": "CT1719.DA8.ND3.1",
    "monitoring": "CT1719.DA8.ND3.3",
    "programme_2": "CT1719.DA8.ND4.3.CT2",
    "programme_3": "CT1719.DA8.ND4.3.CT3",
    "women_cadres": "CT1719.DA8.ND3.4",
    "dv": "CT1719.DA8.ND1.2",
    "health": "CT1719.DA8.ND1.4",
    "contest": "CT1719.DA8.ND1.3",
    "communication_team": "CT1719.DA8.ND1.1",
    "leaders_club": "CT1719.DA8.ND3.2",
    "trusted": "CT1719.DA8.ND2.3",
    "supervision": "CT1719.DA8.ND3.3",
}

PREFIX = {"policy_dialogue": "DTCS", "training": "TH", "communication": "TT",
          "model_session": "SH", "workshop": "HT", "supervision": "GS", "contest": "HTHI"}


class Builder:
    def __init__(self, rng, names, dnames, models):
        self.rng = rng
        self.names = names      # commune code → name
        self.dnames = dnames    # district code → name
        self.models = models
        self.district_of = {}
        self.acts = []

    # -------------------------------------------------------------- frame

    def date(self, a, b, weekdays=(0, 1, 2, 3, 4)):
        """A day in [a, b] on one of `weekdays`."""
        days = [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]
        days = [d for d in days if d.weekday() in weekdays]
        return self.rng.choice(days)

    def span(self, start, days):
        """The last day of an activity of `days` working days starting on `start`."""
        d, left = start, days - 1
        while left > 0:
            d += dt.timedelta(days=1)
            if d.weekday() < 5:
                left -= 1
        return d

    def village(self, district):
        if district == PT_DISTRICT:
            return "bản " + self.rng.choice(PT_FIRST) + " " + self.rng.choice(PT_SECOND)
        return "xóm " + self.rng.choice(CB_FIRST) + " " + self.rng.choice(CB_SECOND)

    def where(self, commune, district):
        return f"xã {self.names[commune]}, huyện {self.dnames[district]}"

    def plan_of(self, district):
        return (PT_PLAN, PT_PLAN_DATE) if district == PT_DISTRICT else (CB_PLAN, CB_PLAN_DATE)

    # -------------------------------------------------------------- participants

    def groups(self, district, k_lo=2, k_hi=3, minority_only=False):
        """2–3 ethnic groups of the district, weighted, each with a perturbed weight."""
        w = {c: v for c, v in ETHNIC[district].items() if not (minority_only and c == "01")}
        codes = list(w)
        chosen = []
        for _ in range(min(len(codes), self.rng.randint(k_lo, k_hi))):
            c = self.rng.choices(codes, [w[x] for x in codes])[0]
            codes.remove(c)
            chosen.append(c)
        return {c: w[c] * self.rng.uniform(0.6, 1.4) for c in chosen}

    @staticmethod
    def split(n, weights):
        """n split by weights (largest remainder), {key: count}; zero counts dropped."""
        total = sum(weights.values())
        raw = {k: n * v / total for k, v in weights.items()}
        out = {k: int(math.floor(x)) for k, x in raw.items()}
        rest = n - sum(out.values())
        for k in sorted(raw, key=lambda k: (-(raw[k] - out[k]), str(k)))[:rest]:
            out[k] += 1
        return {k: v for k, v in out.items() if v > 0}

    def people(self, district, total, women_share, ages=None, kinh=None, minority_only=False,
               men_ages=None, label=False):
        """Cells for `total` people: sex × ethnic group (× age band when `ages` is given:
        {band: weight}; men may have their own `men_ages`). `kinh` forces a Kinh share."""
        female = int(round(total * women_share))
        male = total - female
        eth = self.groups(district, minority_only=minority_only)
        if kinh:
            rest = sum(eth.values())
            eth["01"] = rest * kinh / (1 - kinh)
        cells = []
        for sex, n, age_w in (("FEMALE", female, ages), ("MALE", male, men_ages or ages)):
            if n <= 0:
                continue
            for code, c in sorted(self.split(n, eth).items()):
                ethnicity = "MINORITY" if label and code != "01" else f"ETHNIC_{code}"
                if age_w:
                    for band, m in sorted(self.split(c, age_w).items()):
                        cells.append({"sex": sex, "ethnicity": ethnicity, "ageBand": band, "count": m})
                else:
                    cells.append({"sex": sex, "ethnicity": ethnicity, "ageBand": "", "count": c})
        # with label=True several groups become MINORITY: merge the cells that now coincide
        merged = {}
        for c in cells:
            key = (c["sex"], c["ethnicity"], c["ageBand"])
            if key in merged:
                merged[key]["count"] += c["count"]
            else:
                merged[key] = c
        return list(merged.values())

    # -------------------------------------------------------------- activities

    def add(self, district, **a):
        a["title"] = nfc(a["title"] + SUFFIX)
        a["place"] = nfc(a["place"])
        a.setdefault("end", a["start"])
        a["note"] = NOTE
        a["_district"] = district
        self.acts.append(a)
        return a

    def dialogue(self, district, commune, level):
        rng = self.rng
        plan, p0 = self.plan_of(district)
        _, topic, issues, follow = rng.choices(TOPICS, [t[0] for t in TOPICS])[0]
        start = self.date(p0 + dt.timedelta(days=7), LAST_DAY)
        cluster = rng.random() < 0.75
        if cluster:
            v1 = self.village(district)
            v2 = self.village(district)
            while v2 == v1:
                v2 = self.village(district)
            where = f"cụm {v1}, {v2.split(' ', 1)[1]}"  # "cụm xóm Nà Mò, Khuổi Rì"
            title = f"Đối thoại chính sách {where}, {self.where(commune, district)}: {topic.lower()}"
            place = f"Nhà văn hóa {v1}"
            n = rng.randint(28, 50)
        else:
            title = f"Đối thoại chính sách cấp xã, {self.where(commune, district)}: {topic.lower()}"
            place = f"Hội trường UBND xã {self.names[commune]}"
            n = rng.randint(40, 65)
        return self.add(
            district, kind="policy_dialogue", title=title, start=start.isoformat(),
            orgUnit=commune, place=place, level=level, programNode=NODES["policy_dialogue"],
            plan=plan, dialogueLevel="village_cluster" if cluster else "commune",
            cost=money(rng.uniform(3_000_000, 6_000_000), 50_000),
            participants=self.people(district, n, rng.uniform(0.65, 0.85)),
            topic=topic, issuesRaised=issues, followUp=follow)

    def training(self, district, commune, level, programme, title, n, women, days, ages,
                 men_ages=None, kinh=None, minority_only=False, node=None, cost=(15, 40)):
        rng = self.rng
        plan, p0 = self.plan_of(district)
        start = self.date(p0 + dt.timedelta(days=7), LAST_DAY - dt.timedelta(days=4),
                          weekdays=(0, 1, 2))
        return self.add(
            district, kind="training", title=title, start=start.isoformat(),
            end=self.span(start, days).isoformat(), orgUnit=commune,
            place=f"Hội trường UBND xã {self.names[commune]}", level=level,
            programNode=node or NODES[programme], plan=plan, programme=programme,
            cost=money(rng.uniform(cost[0], cost[1]) * 1_000_000, 100_000),
            participants=self.people(district, n, women, ages=ages, men_ages=men_ages,
                                     kinh=kinh, minority_only=minority_only))

    def communication(self, district, commune, level, dv, men_share=None, label=False):
        rng = self.rng
        plan, p0 = self.plan_of(district)
        start = self.date(p0 + dt.timedelta(days=7), LAST_DAY)
        v = self.village(district)
        if dv:
            head = rng.choice(DV_TITLES)
            n = rng.randint(40, 120)
            share = men_share if men_share is not None else rng.uniform(0.31, 0.45)
            cells = self.people(district, n, 1 - share, label=label)
        else:
            head = rng.choice(OTHER_COMM_TITLES)
            n = rng.randint(40, 90)
            cells = self.people(district, n, rng.uniform(0.7, 0.9), label=label)
        return self.add(
            district, kind="communication", title=f"{head} tại {v}, {self.where(commune, district)}",
            start=start.isoformat(), orgUnit=commune, place=f"Nhà văn hóa {v}", level=level,
            programNode=NODES["dv" if dv else "health"], plan=plan, dvPrevention=dv,
            cost=money(rng.uniform(5_000_000, 20_000_000), 100_000), participants=cells)

    def session(self, code):
        """A regular session of model `code` on a day it is active, at its unit and level."""
        rng = self.rng
        m = self.models[code]
        district = self.district_of[m["orgUnit"]]
        plan, p0 = self.plan_of(district)
        est = D.fromisoformat(m["established"])
        last = LAST_DAY
        if m["dissolved"]:
            last = min(last, D.fromisoformat(m["dissolved"]) - dt.timedelta(days=1))
        start = self.date(max(est + dt.timedelta(days=7), p0 + dt.timedelta(days=7)), last,
                          weekdays=(2, 3, 4, 5, 6))
        kind = m["kind"]
        topic = rng.choice(SESSION_TOPICS[kind])
        name = m["name"][: -len(SUFFIX)]
        if kind == "leaders_club":
            n = rng.randint(15, 30)
            cells = self.people(district, n, rng.uniform(0.5, 0.65), minority_only=True)
        else:
            n = rng.randint(20, 40)
            cells = self.people(district, n, rng.uniform(0.6, 0.8))
        return self.add(
            district, kind="model_session", title=f"Sinh hoạt định kỳ {name}: {topic}",
            start=start.isoformat(), orgUnit=m["orgUnit"], place=m["place"], level=m["level"],
            programNode=NODES[kind], plan=plan, model=code,
            cost=money(rng.uniform(500_000, 2_000_000), 50_000), participants=cells)

    def simple(self, district, commune, kind, level, title, place, node, n, women, cost, days=1,
               kinh=None):
        """Contests, workshops, supervision visits: held at `place` of the commune ("Hội
        trường UBND xã" → "Hội trường UBND xã Canh Tân"); "{where}" in the title names the
        commune and district."""
        rng = self.rng
        title = title.replace("{where}", self.where(commune, district))
        place = f"{place} {self.names[commune]}"
        plan, p0 = self.plan_of(district)
        start = self.date(p0 + dt.timedelta(days=7), LAST_DAY - dt.timedelta(days=4),
                          weekdays=(0, 1, 2))
        return self.add(
            district, kind=kind, title=title, start=start.isoformat(),
            end=self.span(start, days).isoformat(), orgUnit=commune, place=place, level=level,
            programNode=node, plan=plan,
            cost=money(rng.uniform(cost[0], cost[1]) * 1_000_000, 100_000),
            participants=self.people(district, n, women, kinh=kinh))

    # -------------------------------------------------------------- codes

    def number(self):
        counters = {}
        self.acts.sort(key=lambda a: (a["_district"] == PT_DISTRICT, PREFIX[a["kind"]],
                                      a["start"], a["orgUnit"], a["title"]))
        for a in self.acts:
            p = ("PT-" if a["_district"] == PT_DISTRICT else "CB-") + PREFIX[a["kind"]]
            counters[p] = counters.get(p, 0) + 1
            a["code"] = f"{p}-{counters[p]:04d}"


class Communes:
    """Cycles through a district's communes in a shuffled order, so that activities spread."""

    def __init__(self, rng, codes):
        self.rng, self.codes, self.queue = rng, list(codes), []

    def next(self):
        if not self.queue:
            self.queue = self.codes[:]
            self.rng.shuffle(self.queue)
        return self.queue.pop()


# ------------------------------------------------------------------ Cao Bằng


def can_meet(m):
    """A model can hold a session: established by 31/10/2024 and not dissolved before
    the plans (sessions are dated a week or more after both)."""
    est = D.fromisoformat(m["established"])
    dis = D.fromisoformat(m["dissolved"]) if m["dissolved"] else None
    return est <= D(2024, 10, 31) and (dis is None or dis > D(2024, 6, 1))

TRAINING_AGES = {"AGE_16_30": 3, "AGE_31_59": 7}
ELDER_AGES = {"AGE_31_59": 6, "AGE_60_PLUS": 4}


def cao_bang(b, units, t2024):
    rng = b.rng
    for district, (label, cells) in t2024.items():  # in the table's order
        pick = Communes(rng, units[district])
        dn = b.dnames[district]
        # policy dialogues, by the level columns (who organised them)
        for level in ("province", "district"):
            for _ in range(scaled(rng, cells[("P8_DTCS", level)])):
                b.dialogue(district, pick.next(), level)
        # M&E classes: one target for all levels; mostly the province's, as in phase I
        for _ in range(scaled(rng, cells[("P8_TH_GSDG", "all")])):
            level = rng.choices(["province", "district"], [3, 2])[0]
            b.training(district, pick.next(), level, "monitoring",
                       f"Tập huấn giám sát, đánh giá thực hiện bình đẳng giới trong Chương trình "
                       f"MTQG vùng đồng bào DTTS và miền núi, huyện {dn}",
                       rng.randint(25, 40), rng.uniform(0.55, 0.75), 2, TRAINING_AGES,
                       kinh=rng.uniform(0.05, 0.15))
        # programme 2: district and commune officials
        for level in ("province", "district"):
            for _ in range(scaled(rng, cells[("P8_TH_LGG_CT2", level)])):
                b.training(district, pick.next(), level, "programme_2",
                           f"Tập huấn Chương trình 2: phát triển năng lực lồng ghép giới cho cán "
                           f"bộ cấp huyện, cấp xã, huyện {dn}",
                           rng.randint(30, 50), rng.uniform(0.45, 0.65), 2, TRAINING_AGES,
                           kinh=rng.uniform(0.08, 0.2))
        # programme 3: village officials and prestigious people (older men among them)
        for level in ("province", "district"):
            for _ in range(scaled(rng, cells[("P8_TH_LGG_CT3", level)])):
                commune = pick.next()
                b.training(district, commune, level, "programme_3",
                           f"Tập huấn Chương trình 3: thúc đẩy bình đẳng giới trong cộng đồng cho "
                           f"cán bộ thôn, xóm và người có uy tín, {b.where(commune, district)}",
                           rng.randint(30, 50), rng.uniform(0.5, 0.65), 2, TRAINING_AGES,
                           men_ages=ELDER_AGES)
        # women cadres (one column, persons): one class of the province in each district
        # with a target, of 70–110 % of it
        n = scaled(rng, cells[("P8_CBN_DTTS", "all")])
        if n:
            b.training(district, pick.next(), "province", "women_cadres",
                       f"Bồi dưỡng nâng cao năng lực cho cán bộ nữ người dân tộc thiểu số, huyện {dn}",
                       n, 1.0, 3, {"AGE_16_30": 4, "AGE_31_59": 6}, minority_only=True)
    # domestic-violence communication events: 25 across the districts, 3 of them (numbers
    # 3, 12 and 20 of the spread) under 30 % men so that the finding has something to flag
    districts = list(t2024)
    spread = [districts[i % len(districts)] for i in range(25)]
    low = {3, 12, 20}
    picks = {d: Communes(rng, units[d]) for d in districts}
    for i, district in enumerate(spread):
        level = rng.choices(["district", "commune"], [3, 1])[0]
        b.communication(district, picks[district].next(), level, True,
                        men_share=rng.uniform(0.18, 0.27) if i in low else None,
                        label=(i % 9 == 5))
    for i in range(5):  # other communication events (health, early marriage, trafficking)
        district = rng.choice(districts)
        b.communication(district, picks[district].next(), rng.choice(["district", "commune"]),
                        False, label=(i == 2))
    # model sessions: 6 of communication teams, 4 of clubs, each on a day its model is active
    teams = [c for c in sorted(b.models) if c.startswith("CB-TTCD-") and can_meet(b.models[c])]
    clubs = [c for c in sorted(b.models) if c.startswith("CB-CLB-") and can_meet(b.models[c])]
    for code in rng.sample(teams, 6) + rng.sample(clubs, 4):
        b.session(code)
    # contests: one of the province, one of a district
    d = "042"
    b.simple(d, picks[d].next(), "contest", "province",
             "Hội thi tuyên truyền viên giỏi về phòng, chống bạo lực gia đình và mua bán người "
             "tỉnh Cao Bằng", "Nhà văn hóa xã", NODES["contest"],
             rng.randint(150, 220), rng.uniform(0.6, 0.7), (35, 45), days=2)
    d = "047"
    b.simple(d, picks[d].next(), "contest", "district",
             "Liên hoan các mô hình truyền thông sáng tạo xóa bỏ định kiến giới huyện Trùng Khánh",
             "Nhà văn hóa xã", NODES["contest"],
             rng.randint(100, 160), rng.uniform(0.6, 0.7), (15, 20))
    # workshops of the province; the first is 288 III.2.3's "01 Hội thảo" (P8_HT_DCTC)
    d = "051"
    b.simple(d, picks[d].next(), "workshop", "province",
             "Hội thảo giao lưu chia sẻ kinh nghiệm, giải pháp nâng cao chất lượng hoạt động mô "
             "hình địa chỉ tin cậy cộng đồng",
             "Hội trường UBND xã", NODES["trusted"],
             rng.randint(50, 70), rng.uniform(0.7, 0.85), (10, 20), kinh=0.15)
    d = "049"
    b.simple(d, picks[d].next(), "workshop", "province",
             "Tọa đàm nâng cao vai trò của phụ nữ dân tộc thiểu số trong lãnh đạo, quản lý",
             "Hội trường UBND xã", NODES["women_cadres"],
             rng.randint(50, 80), rng.uniform(0.75, 0.9), (10, 20), kinh=0.1)
    d = "052"
    b.simple(d, picks[d].next(), "workshop", "province",
             "Hội thảo đánh giá giữa kỳ thực hiện Dự án 8 giai đoạn 2021 - 2025",
             "Hội trường UBND xã", NODES["supervision"],
             rng.randint(60, 90), rng.uniform(0.65, 0.8), (10, 20), kinh=0.15)
    # supervision visits of the province
    for d in rng.sample(districts, 4):
        b.simple(d, picks[d].next(), "supervision", "province",
                 "Kiểm tra, giám sát thực hiện Dự án 8 tại {where}",
                 "Trụ sở UBND xã", NODES["supervision"],
                 rng.randint(5, 9), rng.uniform(0.6, 0.8), (3, 6), days=2, kinh=0.3)
    # trainings for those who run models: 288 III.2.3's "03 lớp tập huấn hướng dẫn cho chủ
    # ĐCTCCĐ, Ban quản lý ĐCTCCĐ, cán bộ hội cơ sở về vận hành mô hình" (P8_TH_DCTC), by the
    # province, in three of the four districts with trusted addresses
    for d in ("049", "045", "043"):
        b.training(d, picks[d].next(), "province", "model_operators",
                   f"Tập huấn hướng dẫn vận hành mô hình địa chỉ tin cậy cộng đồng cho chủ nhà, "
                   f"ban quản lý và cán bộ hội cơ sở, huyện {b.dnames[d]}",
                   rng.randint(25, 40), rng.uniform(0.7, 0.85), 2, TRAINING_AGES,
                   node=NODES["trusted"])


# ------------------------------------------------------------------ Phong Thổ


def phong_tho(b, units):
    rng, d = b.rng, PT_DISTRICT
    pick = Communes(rng, units[d])
    for level in ("district", "district", "commune"):
        b.dialogue(d, pick.next(), level)
    b.communication(d, pick.next(), "district", True)
    b.communication(d, pick.next(), "commune", True)
    b.communication(d, pick.next(), "commune", False)
    commune = pick.next()
    b.training(d, commune, "district", "programme_3",
               f"Tập huấn Chương trình 3: thúc đẩy bình đẳng giới trong cộng đồng cho cán bộ "
               f"bản và người có uy tín, {b.where(commune, d)}",
               rng.randint(30, 45), rng.uniform(0.5, 0.6), 2, TRAINING_AGES, men_ages=ELDER_AGES)
    b.training(d, pick.next(), "district", "monitoring",
               "Tập huấn giám sát, đánh giá thực hiện bình đẳng giới cho cán bộ xã, huyện Phong Thổ",
               rng.randint(25, 35), rng.uniform(0.55, 0.7), 2, TRAINING_AGES, kinh=0.12)
    teams = [c for c in sorted(b.models) if c.startswith("PT-TTCD-") and can_meet(b.models[c])]
    clubs = [c for c in sorted(b.models) if c.startswith("PT-CLB-") and can_meet(b.models[c])]
    b.session(rng.choice(teams))
    b.session(rng.choice(clubs))
    b.simple(d, pick.next(), "workshop", "district",
             "Hội thảo chia sẻ kinh nghiệm duy trì tổ truyền thông cộng đồng và câu lạc bộ "
             "\"Thủ lĩnh của sự thay đổi\", huyện Phong Thổ", "Hội trường UBND xã",
             NODES["communication_team"], rng.randint(40, 60), rng.uniform(0.65, 0.8), (10, 15),
             kinh=0.1)
    b.simple(d, pick.next(), "supervision", "district",
             "Kiểm tra, giám sát thực hiện Dự án 8 tại {where}",
             "Trụ sở UBND xã", NODES["supervision"], rng.randint(5, 8),
             rng.uniform(0.5, 0.7), (3, 5), days=2, kinh=0.3)


# ------------------------------------------------------------------ checks

CODE = re.compile(r"^[A-Za-z0-9._-]{1,50}$")
KINDS = set(PREFIX)
PROGRAMMES = {"programme_2", "programme_3", "monitoring", "women_cadres", "model_operators"}
MEMBERS = {"code", "kind", "title", "start", "end", "orgUnit", "place", "level", "programNode",
           "plan", "model", "programme", "dialogueLevel", "dvPrevention", "cost", "participants",
           "topic", "issuesRaised", "followUp", "note"}
ETHNICITY = re.compile(r"^(ETHNIC_(0[1-9]|[1-4][0-9]|5[0-4])|MINORITY|)$")
AGES = {"", "AGE_0_15", "AGE_16_30", "AGE_31_59", "AGE_60_PLUS"}
COSTS = {  # đồng, by kind (trainings: programme)
    "policy_dialogue": (3_000_000, 6_000_000), "training": (15_000_000, 40_000_000),
    "communication": (5_000_000, 20_000_000), "model_session": (500_000, 2_000_000),
    "contest": (15_000_000, 45_000_000), "workshop": (10_000_000, 20_000_000),
    "supervision": (3_000_000, 6_000_000),
}


def totals(a):
    t = {"total": 0, "female": 0, "male": 0, "minority": 0}
    for p in a["participants"]:
        t["total"] += p["count"]
        t["female" if p["sex"] == "FEMALE" else "male"] += p["count"]
        if p["ethnicity"] not in ("", "ETHNIC_01"):
            t["minority"] += p["count"]
    return t


def men_under_30(a):
    t = totals(a)
    return a.get("dvPrevention", False) and t["total"] > 0 and t["male"] * 10 < t["total"] * 3


def check(acts, units, models, plans, nodes):
    errors = []
    communes = {c: d for d, cs in units.items() for c in cs}
    seen = set()
    for i, a in enumerate(acts):
        at = f"activities[{i}] {a.get('code')}"

        def err(msg):
            errors.append(f"{at}: {msg}")

        unknown = {k for k in a if not k.startswith("_")} - MEMBERS
        if unknown:
            err(f"unknown members {sorted(unknown)}")
        if not CODE.match(a["code"]):
            err("bad code")
        if a["code"] in seen:
            err("duplicate code")
        seen.add(a["code"])
        kind = a["kind"]
        if kind not in KINDS:
            err("kind")
        elif not a["code"].startswith(("PT-" if a["_district"] == PT_DISTRICT else "CB-")
                                      + PREFIX[kind] + "-"):
            err("code prefix")
        for key, mx in (("title", 500), ("place", 500), ("topic", 500), ("note", 500),
                        ("issuesRaised", 4000), ("followUp", 4000), ("programNode", 100)):
            v = a.get(key, "")
            if not isinstance(v, str) or v != nfc(v) or len(v.encode()) > mx or v != v.strip():
                err(f"{key} not NFC, trimmed and at most {mx} bytes")
        if not a["title"].strip():
            err("empty title")
        if not a["title"].endswith(SUFFIX):
            err("title without (minh hoạ)")
        if a["note"] != NOTE:
            err("note")
        if communes.get(a["orgUnit"]) != a["_district"]:
            err("unit not a commune of its district in models_units.csv")
        start, end = D.fromisoformat(a["start"]), D.fromisoformat(a["end"])
        plan, p0 = (PT_PLAN, PT_PLAN_DATE) if a["_district"] == PT_DISTRICT else (CB_PLAN, CB_PLAN_DATE)
        if end < start:
            err("end before start")
        if start <= p0 or end > LAST_DAY:
            err(f"dates {start}..{end} not after {p0} and by {LAST_DAY}")
        if a["plan"] != plan or plan not in plans:
            err("plan")
        if a["programNode"] not in nodes:
            err("programme node")
        if a["level"] not in ("province", "district", "commune"):
            err("level")
        cost = a["cost"]
        if not (isinstance(cost, int) and not isinstance(cost, bool) and cost >= 0) or cost % 10_000:
            err("cost not a whole number of đồng, a multiple of 10.000")
        lo, hi = COSTS[kind]
        if not lo <= cost <= hi:
            err(f"cost {cost} outside {lo}..{hi}")
        # a model exactly for model sessions, active on the day, at its unit and level
        if (kind == "model_session") != ("model" in a):
            err("model")
        if "model" in a:
            m = models.get(a["model"])
            if m is None:
                err("no such model")
            else:
                est = D.fromisoformat(m["established"])
                dis = D.fromisoformat(m["dissolved"]) if m["dissolved"] else None
                if est > start or (dis and dis <= start):
                    err(f"model {a['model']} not active on {start}")
                if m["orgUnit"] != a["orgUnit"] or m["level"] != a["level"]:
                    err("session not at its model's unit and level")
                if m["kind"] not in ("communication_team", "leaders_club"):
                    err("model kind")
        if (kind == "training") != ("programme" in a) or a.get("programme", "none") not in PROGRAMMES | {"none"}:
            err("programme")
        if (kind == "policy_dialogue") != ("dialogueLevel" in a) or \
                a.get("dialogueLevel", "commune") not in ("commune", "village_cluster"):
            err("dialogueLevel")
        if kind == "policy_dialogue" and not (a["topic"] and a["issuesRaised"] and a["followUp"]):
            err("a dialogue without topic, issues or follow-up")
        if "dvPrevention" in a and not isinstance(a["dvPrevention"], bool):
            err("dvPrevention")
        if a.get("dvPrevention") and kind != "communication":
            err("dvPrevention on another kind")
        cells = set()
        for j, p in enumerate(a["participants"]):
            if set(p) != {"sex", "ethnicity", "ageBand", "count"}:
                err(f"participants[{j}] members")
            if p["sex"] not in ("FEMALE", "MALE"):
                err(f"participants[{j}].sex")
            if not ETHNICITY.match(p["ethnicity"]):
                err(f"participants[{j}].ethnicity")
            if p["ageBand"] not in AGES:
                err(f"participants[{j}].ageBand")
            if (p["ageBand"] != "") != (kind == "training"):
                err(f"participants[{j}]: age bands for trainings (attendance lists) only")
            if not (isinstance(p["count"], int) and 1 <= p["count"] <= 10_000_000):
                err(f"participants[{j}].count")
            key = (p["sex"], p["ethnicity"], p["ageBand"])
            if key in cells:
                err(f"participants[{j}]: the same sex, ethnicity and age band twice")
            cells.add(key)
        t = totals(a)
        if t["total"] == 0:
            err("no participants")
        if a.get("programme") == "women_cadres" and (t["male"] or t["minority"] != t["total"]):
            err("women cadres: not all ethnic-minority women")
        if a.get("dvPrevention"):
            if not 40 <= t["total"] <= 120:
                err(f"{t['total']} participants in a DV event")
            if not men_under_30(a) and t["male"] * 100 > t["total"] * 45:
                err("more than 45 % men")
    flagged = [a for a in acts if men_under_30(a)]
    if len(flagged) != 3 or any(a["_district"] == PT_DISTRICT for a in flagged):
        errors.append(f"{len(flagged)} DV events under 30 % men (want 3, in Cao Bằng)")
    dv = [a for a in acts if a.get("dvPrevention") and a["_district"] != PT_DISTRICT]
    if len(dv) != 25:
        errors.append(f"{len(dv)} DV events in Cao Bằng (want 25)")
    return errors


# ------------------------------------------------------------------ summary


def summary(acts, t2024, out=sys.stdout):
    def count(district, kind, level, programme=None):
        return sum(1 for a in acts if a["_district"] == district and a["kind"] == kind
                   and (level == "all" or a["level"] == level)
                   and (programme is None or a.get("programme") == programme))

    cols = [("DTCS", "P8_DTCS", "policy_dialogue", None, ("province", "district")),
            ("M&E", "P8_TH_GSDG", "training", "monitoring", ("all",)),
            ("CT2", "P8_TH_LGG_CT2", "training", "programme_2", ("province", "district")),
            ("CT3", "P8_TH_LGG_CT3", "training", "programme_3", ("province", "district"))]
    print("Activities / 2024 target, by district (province | district; M&E: all levels; "
          "cadres: ethnic-minority women trained)", file=out)
    print(f"{'district':<12}" + "".join(f"{c[0]:>12}" for c in cols) + f"{'cadres':>10}", file=out)
    tot = {}
    for district, (label, cells) in t2024.items():
        row = f"{label:<12}"
        for lab, measure, kind, prog, levels in cols:
            parts = []
            for lv in levels:
                a, t = count(district, kind, lv, prog), cells[(measure, lv)]
                tot.setdefault((lab, lv), [0, 0])
                tot[(lab, lv)][0] += a
                tot[(lab, lv)][1] += t
                parts.append(f"{a}/{t}")
            row += f"{'|'.join(parts):>12}"
        women = sum(totals(a)["female"] for a in acts if a["_district"] == district
                    and a.get("programme") == "women_cadres")
        t = cells[("P8_CBN_DTTS", "all")]
        tot.setdefault(("cadres", "all"), [0, 0])
        tot[("cadres", "all")][0] += women
        tot[("cadres", "all")][1] += t
        row += f"{f'{women}/{t}':>10}"
        print(row, file=out)
    row = f"{'Cao Bằng':<12}"
    for lab, measure, kind, prog, levels in cols:
        row += f"{'|'.join(f'{tot[(lab, lv)][0]}/{tot[(lab, lv)][1]}' for lv in levels):>12}"
    row += f"{'{}/{}'.format(*tot[('cadres', 'all')]):>10}"
    print(row, file=out)
    print("\nActivities by kind (Cao Bằng / Phong Thổ):", file=out)
    for kind in PREFIX:
        cb = [a for a in acts if a["kind"] == kind and a["_district"] != PT_DISTRICT]
        pt = [a for a in acts if a["kind"] == kind and a["_district"] == PT_DISTRICT]
        extra = ""
        if kind == "training":
            by = {}
            for a in cb:
                by[a["programme"]] = by.get(a["programme"], 0) + 1
            extra = " (" + ", ".join(f"{k} {v}" for k, v in sorted(by.items())) + ")"
        if kind == "policy_dialogue":
            vc = sum(1 for a in cb if a["dialogueLevel"] == "village_cluster")
            extra = f" (village_cluster {vc}, commune {len(cb) - vc})"
        if kind == "communication":
            extra = f" (dvPrevention {sum(1 for a in cb if a['dvPrevention'])})"
        print(f"  {kind:<16} {len(cb):>4} / {len(pt):>2}{extra}", file=out)
    people = sum(totals(a)["total"] for a in acts)
    women = sum(totals(a)["female"] for a in acts)
    minority = sum(totals(a)["minority"] for a in acts)
    cost = f"{sum(a['cost'] for a in acts):,}".replace(",", ".")
    print(f"  total {len(acts)} activities, {people} participants "
          f"({women} women, {minority} ethnic minority), {cost} đ", file=out)
    print("\nDomestic-violence events with under 30 % men:", file=out)
    for a in acts:
        if men_under_30(a):
            t = totals(a)
            print(f"  {a['code']} {a['start']} {a['orgUnit']}: {t['male']} men of {t['total']} "
                  f"({100 * t['male'] / t['total']:.1f} %)", file=out)
    dv = [a for a in acts if a.get("dvPrevention")]
    shares = sorted(100 * totals(a)["male"] / totals(a)["total"] for a in dv if not men_under_30(a))
    print(f"  the other {len(shares)} DV events (Cao Bằng and Phong Thổ): "
          f"{shares[0]:.1f}–{shares[-1]:.1f} % men", file=out)


# ------------------------------------------------------------------ output

KEYS = ["code", "kind", "title", "start", "end", "orgUnit", "place", "level", "programNode",
        "plan", "model", "programme", "dialogueLevel", "dvPrevention", "cost"]
TAIL = ["topic", "issuesRaised", "followUp", "note"]


def dump(acts):
    def kv(a, keys):
        return ", ".join(f"{json.dumps(k)}: {json.dumps(a[k], ensure_ascii=False)}"
                         for k in keys if k in a)

    lines = ["{",
             ' "format": "gemis-activities/1",',
             ' "synthetic": true,',
             f' "note": {json.dumps(FILE_NOTE, ensure_ascii=False)},',
             ' "activities": [']
    for i, a in enumerate(acts):
        lines.append("  {" + kv(a, KEYS) + ",")
        lines.append('   "participants": [')
        for j, p in enumerate(a["participants"]):
            comma = "," if j + 1 < len(a["participants"]) else ""
            lines.append("    " + json.dumps(p, ensure_ascii=False) + comma)
        lines.append("   ],")
        if "attendees" in a:
            lines.append(f'   "attendees": {json.dumps(a["attendees"])},')
        for k in TAIL[:-1]:
            if k in a:
                lines.append(f"   {json.dumps(k)}: {json.dumps(a[k], ensure_ascii=False)},")
        lines.append(f'   "note": {json.dumps(a["note"], ensure_ascii=False)}}}'
                     + ("," if i + 1 < len(acts) else ""))
    lines += [" ]", "}", ""]
    return "\n".join(lines)


def main():
    rng = random.Random(SEED)
    units, names = read_units()
    dnames = read_district_names(set(units))
    t2024 = read_targets()
    models = read_models()
    plans, nodes = read_known()
    b = Builder(rng, names, dnames, models)
    b.district_of = {c: d for d, cs in units.items() for c in cs}
    cao_bang(b, units, t2024)
    phong_tho(b, units)
    b.number()
    acts = b.acts
    errors = check(acts, units, models, plans, nodes)
    if errors:
        for e in errors[:50]:
            print("ERROR", e, file=sys.stderr)
        print(f"{len(errors)} errors; activities.json not written", file=sys.stderr)
        return 1
    text = dump([{k: v for k, v in a.items() if not k.startswith("_")} for a in acts])
    doc = json.loads(text)  # the written text is JSON and says what it should
    assert doc["format"] == "gemis-activities/1" and doc["synthetic"] is True
    assert [x["code"] for x in doc["activities"]] == [a["code"] for a in acts]
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUT)}: {len(acts)} activities")
    summary(acts, t2024)
    # The women cadres register and the classes' attendance lists (make_cadres.py).
    import make_cadres
    return make_cadres.main()


if __name__ == "__main__":
    sys.exit(main())
