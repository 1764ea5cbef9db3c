#!/usr/bin/env python3
"""Writes data/demo/cadres.json and the attendance lists of data/demo/activities.json:
a SYNTHETIC register of ethnic-minority women cadres (cán bộ nữ DTTS) for the demo.

Everything this script writes is invented (dữ liệu minh hoạ tổng hợp, không phải số liệu
thật): the women, their names, positions, decisions and trainings. Only the frame is real:
the districts and communes of Cao Bằng (data/demo/models_units.csv) and the province's
classes for women cadres in data/demo/activities.json (programme "women_cadres", one per
district with a 2024 target in Phụ lục I of CB-288-2024).

For each such class the register of its district holds the women who attended it (all but
0–2 of the participants counted: a few came from outside the register) and some who did
not (about 12 %); a third of those were trained elsewhere (the provincial school of
politics), so the share trained is high but not 100 %. Each attendee's ethnic group is
drawn from the class's participant cells, so the register agrees with the counts.

  python3 data/demo/make_cadres.py     # after make_activities.py (which runs it itself)

Deterministic (fixed seed, no clock). Standard library only. The file is in the format of
src/program/cadres_json.h (`gemis-cadres/1`); each cadre is checked against the rules of
records::CheckCadre (src/records/cadre.h) before anything is written.
"""

import csv
import datetime as dt
import json
import os
import random
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cadres.json")
ACTIVITIES = os.path.join(HERE, "activities.json")
SEED = 20240320  # the date of 288/KH-BCĐ; any fixed number would do
NOTE = "Dữ liệu minh hoạ"
FILE_NOTE = ("Dữ liệu minh hoạ tổng hợp (không phải số liệu thật) / "
             "synthetic illustrative data, not real")

SURNAMES = ["Nông", "Hoàng", "Lục", "Đàm", "Lý", "Triệu", "Bế", "Lương", "Ma", "Hà", "Dương",
            "Sầm", "Mã", "Vi", "Lầu", "Giàng", "Bàn", "Đặng"]
GIVEN = ["Hoa", "Lan", "Mai", "Huệ", "Thu", "Hương", "Nhung", "Thảo", "Duyên", "Hạnh", "Liên",
         "Xuân", "Vân", "Hằng", "Thắm", "Nguyệt", "Quyên", "Dung", "Thơm", "Phượng", "Lụa",
         "Mỷ", "Dính", "Say"]
COMMUNE_POSITIONS = ["Chủ tịch Hội LHPN xã", "Phó Chủ tịch Hội LHPN xã", "Phó Chủ tịch UBND xã",
                     "Công chức Văn hóa - Xã hội xã", "Phó Bí thư Đảng ủy xã",
                     "Phó Chủ tịch Ủy ban MTTQ xã", "Phó Chủ tịch HĐND xã"]
DISTRICT_POSITIONS = ["Phó Chủ tịch Hội LHPN huyện", "Phó Trưởng phòng Dân tộc huyện",
                      "Phó Trưởng phòng Nội vụ huyện", "Phó Trưởng ban Dân vận Huyện ủy"]
GROUPS = ["pipeline", "newly_appointed", "newly_elected"]
DECISION = {"pipeline": "Quyết định phê duyệt quy hoạch số {n}-QĐ/HU ngày {d}",
            "newly_appointed": "Quyết định bổ nhiệm số {n}/QĐ-UBND ngày {d}",
            "newly_elected": "Nghị quyết xác nhận kết quả bầu cử số {n}/NQ-HĐND ngày {d}"}
OTHER = "Bồi dưỡng kỹ năng lãnh đạo, quản lý cho cán bộ nữ, Trường Chính trị tỉnh Cao Bằng"
CODE = re.compile(r"^[A-Za-z0-9._-]{1,50}$")


def nfc(s):
    return unicodedata.normalize("NFC", s)


def read_units():
    by_district = {}
    with open(os.path.join(HERE, "models_units.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_district.setdefault(row["district_code"], []).append(row["commune_code"])
    return by_district


def district_of(activity, units):
    for d, communes in units.items():
        if activity["orgUnit"] in communes:
            return d
    raise SystemExit(f"{activity['code']}: commune {activity['orgUnit']} not in models_units.csv")


def vn(day):
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def build(acts, units, rng):
    cadres, attendance = [], {}
    classes = [a for a in acts if a.get("programme") == "women_cadres"]
    for a in sorted(classes, key=lambda x: x["code"]):
        district = district_of(a, units)
        start = dt.date.fromisoformat(a["start"])
        pool = []  # the ethnic groups of the class's women, one per woman
        for p in a["participants"]:
            if p["sex"] == "FEMALE":
                pool += [p["ethnicity"]] * p["count"]
        rng.shuffle(pool)
        came = len(pool) - rng.randint(0, min(2, len(pool)))
        extra = max(1, round(came * 0.12))
        codes = []
        for i in range(came + extra):
            code = f"CB-CBN-{len(cadres) + 1:04d}"
            commune = rng.random() < 0.8
            unit = rng.choice(units[district]) if commune else district
            group = rng.choices(GROUPS, [5, 3, 2])[0]
            since = start - dt.timedelta(days=rng.randint(60, 900))
            ethnicity = pool[i] if i < came else pool[rng.randrange(len(pool))]
            c = {"code": code,
                 "name": nfc(f"{rng.choice(SURNAMES)} Thị {rng.choice(GIVEN)}"),
                 "orgUnit": unit, "level": "commune" if commune else "district",
                 "position": rng.choice(COMMUNE_POSITIONS if commune else DISTRICT_POSITIONS),
                 "ethnicity": ethnicity, "group": group, "since": since.isoformat()}
            c["decision"] = DECISION[group].format(n=rng.randint(12, 480), d=vn(since))
            if i >= came and rng.random() < 0.35:  # trained by another organiser
                day = start - dt.timedelta(days=rng.randint(30, 300))
                c["otherTrainings"] = [{"day": max(day, since).isoformat(), "title": OTHER}]
            if rng.random() < 0.04:  # moved on before the end of 2024
                c["until"] = (start + dt.timedelta(days=rng.randint(20, 120))).isoformat()
            c["note"] = NOTE
            cadres.append(c)
            if i < came:
                codes.append(code)
        attendance[a["code"]] = codes
    return cadres, attendance


def check(cadres):
    errors = []
    seen = set()
    for i, c in enumerate(cadres):
        where = f"cadres[{i}] {c['code']}"
        if not CODE.match(c["code"]) or c["code"] in seen:
            errors.append(f"{where}: bad or repeated code")
        seen.add(c["code"])
        if c["ethnicity"] in ("", "ETHNIC_01"):
            errors.append(f"{where}: not an ethnic-minority group")
        if c["level"] not in ("district", "commune"):
            errors.append(f"{where}: level")
        if "until" in c and c["until"] <= c["since"]:
            errors.append(f"{where}: until before since")
        for k in ("name", "position", "decision", "note"):
            if len(c[k].encode()) > 500 or c[k] != nfc(c[k]):
                errors.append(f"{where}: {k}")
    return errors


def dump(cadres):
    lines = ["{", ' "format": "gemis-cadres/1",', ' "synthetic": true,',
             f' "note": {json.dumps(FILE_NOTE, ensure_ascii=False)},', ' "cadres": [']
    for i, c in enumerate(cadres):
        comma = "," if i + 1 < len(cadres) else ""
        lines.append("  " + json.dumps(c, ensure_ascii=False) + comma)
    lines += [" ]", "}", ""]
    return "\n".join(lines)


def main():
    sys.path.insert(0, HERE)
    import make_activities  # the activities file's writer, to add the attendance lists

    rng = random.Random(SEED)
    with open(ACTIVITIES, encoding="utf-8") as f:
        doc = json.load(f)
    acts = doc["activities"]
    cadres, attendance = build(acts, read_units(), rng)
    errors = check(cadres)
    if errors:
        for e in errors[:50]:
            print("ERROR", e, file=sys.stderr)
        print(f"{len(errors)} errors; cadres.json not written", file=sys.stderr)
        return 1
    for a in acts:
        a.pop("attendees", None)
        if a["code"] in attendance:
            a["attendees"] = attendance[a["code"]]
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(dump(cadres))
    with open(ACTIVITIES, "w", encoding="utf-8", newline="\n") as f:
        f.write(make_activities.dump(acts))
    trained = sum(1 for c in cadres
                  if any(c["code"] in v for v in attendance.values()) or "otherTrainings" in c)
    print(f"wrote {os.path.relpath(OUT)}: {len(cadres)} cadres, {trained} trained; "
          f"attendance of {len(attendance)} classes in {os.path.relpath(ACTIVITIES)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
