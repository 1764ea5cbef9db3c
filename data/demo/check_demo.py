#!/usr/bin/env python3
"""Checks the demo data of gemis (data/demo) without building gemis.

Standard library only. Run from anywhere:

    python3 data/demo/check_demo.py [--seeds DIR]

What it checks (docs/demo.md explains the data):
  1. structure: every object of the plan files has only the keys the importer
     knows (src/exchange/plan_import_*.cc, docs/formats/plans-json.md) and its
     required fields; enums, dates, date sets, decimal values, whole amounts;
  2. references: agencies, programme nodes, measures (measures.json), unit
     refs (units.csv, whose codes must exist in data/vn-admin at the stated
     level and parent), plans cited, budget parents; the units of every
     target, place count and area are the issuer's or inside it;
  3. arithmetic, as `gemis validate` computes it (src/core/plan_validation.cc):
     every allocation sum (tables expanded cell by cell, parents found by the
     rule of src/core/plan_book.h), conflicting targets, budget parts and
     available = allocated + carried over, place counts, windows outside the
     plan period, agencies outside their dates, values above a maximum;
  4. the sources: every quoted text occurs on the seed line its section names,
     and every table row equals its seed line cell for cell, except the
     relocations and omissions documented in docs/demo.md;
  5. implementing levels: a data element is disaggregated by the built-in
     IMPLEMENTING_LEVEL category combo exactly when some target of it has a
     level province, district or commune (otherwise `gemis progress` could not
     measure that target, docs/analytics.md "Implementing levels and agencies").

It prints the findings `gemis validate` is expected to report and fails
(exit 1) on any structural error, on any finding not in EXPECTED, or when an
expected finding is missing.
"""
import argparse
import csv
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PLAN_FILES = ['seed-000-ha-noi-257.json', 'seed-001-cao-bang-288.json', 'seed-002-kon-tum.json',
              'seed-003-go-vap.json', 'seed-004-phong-tho-117.json']

# The findings gemis validate must report, as (rule, plan code, what).
EXPECTED = {
    ('budget_parts', 'CB-288-2024', 'tinh-cap'),                       # 19.542.000.000 + 3.449.000.260 ≠ 22.991.000.000
    ('conflicting_target', 'HN-257-2022', 'P8_TKV_TCCT_PCT 01'),       # 15% (III.1) vs 20% (III.2.2.1)
    ('conflicting_target', 'HN-257-2022', 'P8_TKV_SINHKE_PCT 01'),     # 15% (III.1) vs 20% (III.2.2.1)
    ('window_outside_plan', 'GV-BDG-2024', 'assignment GV-PLDTBXH 2023-11-15..2023-12-15'),
}

# ------------------------------------------------------------------ the format
ENUMS = {
    'agency.kind': {'womens_union', 'peoples_committee', 'peoples_council', 'department', 'steering_committee',
                    'party_body', 'mass_organisation', 'bank', 'media', 'government', 'other'},
    'successor.kind': {'renamed', 'became', 'functions_moved', 'merged'},
    'node.kind': {'programme', 'project', 'content_area', 'activity'},
    'plan.status': {'draft', 'issued', 'superseded'},
    'role': {'lead', 'cooperating'},
    'level': {'all', 'centre', 'province', 'district', 'commune', 'village'},
    'unit': {'count', 'person', 'class', 'session', 'percent', 'dong'},
    'direction': {'at_least', 'at_most', 'exactly'},
    'rule': {'=', '<=', 'free'},
    'status': {'active', 'suspended', 'withdrawn'},
    'funding': {'unspecified', 'central', 'local', 'counterpart', 'other'},
    'budget.kind': {'available', 'allocated', 'carried_over', 'estimated', 'spent', 'settled'},
    'placeCount': {'region_iii_communes', 'dbkk_villages', 'villages', 'communes', 'wards', 'schools'},
    # PlanAreaKinds in src/exchange/plan_import_reader.cc.
    'area.kind': {'scope', 'dbkk_villages'},
    'frequency': {'quarterly', 'six_monthly', 'yearly', 'on_request', 'once'},
    'note.kind': {'layout', 'typo', 'missing', 'date'},
}
KEYS = {
    'root': {'format', 'source', 'agencies', 'programme', 'norms', 'plans'},
    'agency': {'code', 'kind', 'orgUnit', 'unit', 'asOf', 'from', 'to', 'names', 'successors', 'source'},
    'name': {'from', 'to', 'name', 'shortName'},
    'successor': {'date', 'code', 'kind', 'note'},
    'node': {'code', 'parent', 'kind', 'number', 'name', 'nameEn', 'period', 'legalBasis', 'source'},
    'norm': {'code', 'name', 'maxPerUnit', 'per', 'legalBasis', 'source'},
    'source': {'document', 'section', 'text'},
    'plan': {'code', 'number', 'title', 'issuer', 'signer', 'signerTitle', 'place', 'date', 'period', 'periodText',
             'status', 'supersededBy', 'programme', 'source', 'citations', 'assignments', 'targets', 'tables', 'budget',
             'placeCounts', 'areas', 'deadlines', 'notes'},
    'issuer': {'orgUnit', 'unit', 'agency'},
    'citation': {'relation', 'plan', 'kind', 'number', 'issuer', 'date', 'title', 'source'},
    'assignment': {'node', 'agency', 'role', 'schedule', 'window', 'task', 'source'},
    # In targets `unit` is the unit of measure: a unit-table reference is `unitRef`.
    'target': {'measure', 'orgUnit', 'unitRef', 'agency', 'level', 'period', 'window', 'value', 'unit', 'unitLabel',
               'direction', 'rule', 'status', 'statusNote', 'activity', 'source'},
    'table': {'name', 'section', 'columns', 'rows'},
    'column': {'placeCount', 'measure', 'level', 'window', 'period', 'unit', 'unitLabel', 'rule', 'direction', 'status',
               'statusNote', 'activity'},
    'row': {'label', 'stt', 'orgUnit', 'unit', 'agency', 'level', 'line', 'cells'},
    'budget': {'key', 'parent', 'orgUnit', 'unit', 'agency', 'level', 'funding', 'period', 'kind', 'carriedFrom',
               'activity', 'amount', 'label', 'norm', 'normQuantity', 'source'},
    'placeCountObj': {'orgUnit', 'unit', 'kind', 'count', 'outOf', 'source'},
    'area': {'orgUnit', 'unit', 'kind', 'source'},
    'deadline': {'report', 'frequency', 'dueDay', 'dueMonth', 'dueYearOffset', 'submittedBy', 'submittedTo', 'text',
                 'source'},
    'note': {'kind', 'message', 'source'},
    'element': {'code', 'name', 'nameEn', 'shortName', 'description', 'id', 'valueType', 'aggregationType',
                'categoryCombo', 'unit', 'zeroIsSignificant'},
    'indicator': {'code', 'name', 'nameEn', 'shortName', 'numerator', 'denominator', 'factor', 'unit', 'maxValue'},
}
CODE_RE = re.compile(r'^[A-Za-z0-9_.\-]{1,50}$')
DECIMAL_RE = re.compile(r'^\d+(\.\d{1,6})?$')

errors = []


def err(where, msg):
    errors.append(f'{where}: {msg}')


def nfc(s):
    return unicodedata.normalize('NFC', s)


# ------------------------------------------------------------------ dates
def parse_date(text, where):
    try:
        y, m, d = (int(x) for x in text.split('-'))
        if len(text) != 10:
            raise ValueError
        return date(y, m, d)
    except ValueError:
        err(where, f"'{text}' is not a date YYYY-MM-DD")
        return None


def month_end(y, m):
    return (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1))


def parse_dateset(text, where):
    """The text forms of core/date_set.h this data uses; a list of (first, last)."""
    out = []
    if not text:
        return out
    for part in re.split(r'[,;]', text):
        p = part.strip()
        if re.fullmatch(r'\d{4}', p):
            out.append((date(int(p), 1, 1), date(int(p), 12, 31)))
        elif re.fullmatch(r'\d{4}-\d{4}', p):
            a, b = p.split('-')
            out.append((date(int(a), 1, 1), date(int(b), 12, 31)))
        elif re.fullmatch(r'\d{4}-\d{2}\.\.\d{4}-\d{2}', p):
            a, b = p.split('..')
            out.append((date(int(a[:4]), int(a[5:]), 1), month_end(int(b[:4]), int(b[5:]))))
        elif re.fullmatch(r'\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}', p):
            a, b = p.split('..')
            da, db = parse_date(a, where), parse_date(b, where)
            if da and db:
                out.append((da, db))
        else:
            err(where, f"'{text}': date set form not supported by this check")
            return []
        if out and out[-1][1] < out[-1][0]:
            err(where, f"'{text}' ends before it starts")
    return out


def contains(outer, inner):
    return all(any(a <= f and l <= b for a, b in outer) for f, l in inner)


# ------------------------------------------------------------------ helpers
def obj(o, kind, where, required=()):
    if not isinstance(o, dict):
        err(where, f'expected an object ({kind})')
        return False
    for k in o:
        if k not in KEYS[kind]:
            err(where, f"unknown key '{k}' in {kind}")
    for k in required:
        if o.get(k) in (None, ''):
            err(where, f"required '{k}'")
    return True


def enum(o, key, name, where, required=False):
    v = o.get(key)
    if v in (None, ''):
        if required:
            err(where, f"required '{key}'")
        return
    if v not in ENUMS[name]:
        err(where, f"'{key}': unknown value '{v}'")


def source(o, where):
    s = o.get('source')
    if s is None:
        err(where, 'no source (every stated fact cites its source)')
        return
    obj(s, 'source', where + '/source', ('section',))


def string_fields(o, where, keys):
    for k in keys:
        if k in o and o[k] is not None and not isinstance(o[k], str):
            err(where, f"'{k}' must be a string")


# ------------------------------------------------------------------ reference data
def load_admin():
    base = os.path.join(REPO, 'data', 'vn-admin')
    parent, level, name = {'VN': None}, {'VN': 'centre'}, {'VN': 'Việt Nam'}
    with open(os.path.join(base, 'provinces_pre-2025-07-01.csv'), encoding='utf-8') as f:
        for r in csv.DictReader(f):
            parent[r['province_code']], level[r['province_code']] = 'VN', 'province'
            name[r['province_code']] = r['full_name']
    with open(os.path.join(base, 'districts_pre-2025-07-01.csv'), encoding='utf-8') as f:
        for r in csv.DictReader(f):
            parent[r['district_code']], level[r['district_code']] = r['province_code'], 'district'
            name[r['district_code']] = r['full_name']
    with open(os.path.join(base, 'communes_pre-2025-07-01.csv'), encoding='utf-8') as f:
        for r in csv.DictReader(f):
            parent[r['commune_code']], level[r['commune_code']] = r['district_code'], 'commune'
            name[r['commune_code']] = r['full_name']
    return parent, level, name


def ancestors(parent, code):
    out = []
    while parent.get(code):
        code = parent[code]
        out.append(code)
    return out


def load_units(parent, level, name):
    units = {}
    path = os.path.join(HERE, 'units.csv')
    with open(path, encoding='utf-8', newline='') as f:
        rows = list(csv.DictReader(f))
    for i, r in enumerate(rows, start=2):
        where = f'units.csv:{i}'
        if set(r) != {'ref', 'seed', 'spelling', 'level', 'code', 'as_of', 'note'}:
            err(where, 'columns must be ref,seed,spelling,level,code,as_of,note')
        ref = nfc(r['ref'].strip())
        if ref in units:
            err(where, f"duplicate ref '{ref}'")
        if r['code'] not in level:
            err(where, f"code {r['code']} is not in data/vn-admin (pre-2025 lists)")
        elif level[r['code']] != r['level']:
            err(where, f"code {r['code']} is a {level[r['code']]}, not a {r['level']}")
        parse_date(r['as_of'], where)
        units[ref] = r
    return units


# ------------------------------------------------------------------ plan files
class Context:
    def __init__(self, parent, level, name, units, elements, indicators, seeds):
        self.parent, self.level, self.name, self.units = parent, level, name, units
        self.elements, self.indicators, self.seeds = elements, indicators, seeds
        self.agencies, self.nodes, self.norms, self.plans = {}, {}, set(), {}
        self.seed_lines = {}

    def measure(self, code, where):
        if code in self.elements:
            return self.elements[code]
        if code in self.indicators:
            return self.indicators[code]
        err(where, f"unknown measure '{code}'")
        return None

    def resolve(self, o, ref_key, where):
        code, ref = o.get('orgUnit'), o.get(ref_key)
        if bool(code) == bool(ref):
            err(where, f'exactly one of orgUnit and {ref_key}')
            return None
        if ref:
            if nfc(ref) not in self.units:
                err(where, f"unit reference '{ref}' is not in units.csv")
                return None
            return self.units[nfc(ref)]['code']
        if code not in self.level:
            err(where, f"no org unit carries code '{code}'")
            return None
        return code

    def lines(self, document):
        if document not in self.seed_lines:
            path = os.path.join(self.seeds, os.path.basename(document)) if self.seeds else ''
            self.seed_lines[document] = (open(path, encoding='utf-8').read().split('\n')
                                         if path and os.path.exists(path) else None)
        return self.seed_lines[document]

    def check_quote(self, s, default_doc, where):
        """The quoted text occurs on the seed line named by ', dòng tệp N'."""
        if not isinstance(s, dict) or not s.get('text'):
            return
        doc = s.get('document') or default_doc
        if not doc.startswith('seeds/'):
            return
        lines = self.lines(doc)
        if lines is None:
            return
        m = re.search(r'dòng tệp (\d+)$', s.get('section', ''))
        if not m:
            err(where, 'a seed source names its line (", dòng tệp N")')
            return
        n = int(m.group(1))
        if not (1 <= n <= len(lines)) or nfc(s['text']) not in nfc(lines[n - 1]):
            err(where, f"text not on line {n} of {doc}: {s['text'][:60]!r}")


def read_common(ctx, doc, fname):
    w0 = fname
    obj(doc, 'root', w0)
    for i, a in enumerate(doc.get('agencies', [])):
        w = f'{w0}/agencies/{i}'
        if not obj(a, 'agency', w, ('code', 'kind', 'names')):
            continue
        if not CODE_RE.match(a['code']):
            err(w, f"bad code '{a['code']}'")
        if a['code'] in ctx.agencies:
            err(w, f"agency '{a['code']}' defined twice")
        enum(a, 'kind', 'agency.kind', w, True)
        if a.get('asOf') and not a.get('orgUnit'):
            err(w, 'asOf needs orgUnit')
        ctx.resolve(a, 'unit', w)
        for k in ('asOf', 'from', 'to'):
            if a.get(k):
                parse_date(a[k], w)
        for j, n in enumerate(a['names']):
            obj(n, 'name', f'{w}/names/{j}', ('name',))
        for j, s in enumerate(a.get('successors', [])):
            obj(s, 'successor', f'{w}/successors/{j}', ('date', 'code', 'kind'))
            enum(s, 'kind', 'successor.kind', f'{w}/successors/{j}', True)
        source(a, w)
        ctx.check_quote(a.get('source'), doc.get('source', ''), w)
        ctx.agencies[a['code']] = a
    for i, a in enumerate(doc.get('agencies', [])):
        for j, s in enumerate(a.get('successors', [])):
            if s.get('code') not in ctx.agencies:
                err(f'{w0}/agencies/{i}/successors/{j}', f"unknown successor '{s.get('code')}'")
    for i, n in enumerate(doc.get('programme', [])):
        w = f'{w0}/programme/{i}'
        if not obj(n, 'node', w, ('code', 'kind', 'name')):
            continue
        if n.get('parent') and n['parent'] not in ctx.nodes:
            err(w, f"parent '{n['parent']}' unknown or listed after its child")
        if n['code'] in ctx.nodes:
            err(w, f"node '{n['code']}' defined twice")
        enum(n, 'kind', 'node.kind', w, True)
        parse_dateset(n.get('period', ''), w)
        source(n, w)
        ctx.check_quote(n.get('source'), doc.get('source', ''), w)
        ctx.nodes[n['code']] = n
    for i, n in enumerate(doc.get('norms', [])):
        w = f'{w0}/norms/{i}'
        obj(n, 'norm', w, ('code', 'name', 'maxPerUnit'))
        if not isinstance(n.get('maxPerUnit'), int) or n['maxPerUnit'] < 0:
            err(w, 'maxPerUnit must be a whole number of đồng')
        source(n, w)
        ctx.norms.add(n['code'])


LEVEL_COMBO = 'IMPLEMENTING_LEVEL'
LEVEL_OPTIONS = {'province', 'district', 'commune'}  # the options of IMPLEMENTING_LEVEL


def check_level_combos(ctx, plans):
    """Rule 5: the elements of level targets, and only they, use IMPLEMENTING_LEVEL.

    Returns the codes of the elements that carry level targets."""
    leveled, where = set(), {}
    for p in plans:
        for t in p['targets']:
            if t.get('level', 'all') not in LEVEL_OPTIONS:
                continue
            m = ctx.elements.get(t['measure']) or ctx.indicators.get(t['measure'])
            if m is None:
                continue
            refs = ([m['code']] if m['kind'] == 'element' else
                    re.findall(r'#\{([^}.]+)', m['numerator'] + m['denominator']))
            for ref in refs:
                leveled.add(ref)
                where.setdefault(ref, t['where'])
    for code, e in ctx.elements.items():
        combo = e.get('categoryCombo', 'default')
        if code in leveled and combo != LEVEL_COMBO:
            err(where[code], f"{code} has targets by implementing level but category combo '{combo}' "
                             f"(expected {LEVEL_COMBO})")
        if code not in leveled and combo == LEVEL_COMBO:
            err(f'measures.json {code}', f'category combo {LEVEL_COMBO} but no target by implementing level')
    return leveled


def expand_table(ctx, plan, t, w, doc_default):
    """The targets and place counts of a table, as the importer builds them."""
    targets, counts = [], []
    if not obj(t, 'table', w, ('name', 'columns', 'rows')):
        return targets, counts
    cols = t['columns']
    for k, c in enumerate(cols):
        cw = f'{w}/columns/{k}'
        obj(c, 'column', cw)
        if 'placeCount' in c:
            enum(c, 'placeCount', 'placeCount', cw, True)
            if len(c) > 1:
                err(cw, 'a place-count column has no other members')
        else:
            ctx.measure(c.get('measure'), cw)
            for key, name in (('level', 'level'), ('unit', 'unit'), ('rule', 'rule'), ('direction', 'direction'),
                              ('status', 'status')):
                enum(c, key, name, cw)
            if c.get('activity') and c['activity'] not in ctx.nodes:
                err(cw, f"unknown activity '{c['activity']}'")
            parse_dateset(c.get('window', ''), cw)
    section = t.get('section') or t['name']
    for r, row in enumerate(t['rows']):
        rw = f'{w}/rows/{r}'
        if not obj(row, 'row', rw, ('cells',)):
            continue
        unit = ctx.resolve(row, 'unit', rw)
        if row.get('agency') and row['agency'] not in ctx.agencies:
            err(rw, f"unknown agency '{row['agency']}'")
        enum(row, 'level', 'level', rw)
        if len(row['cells']) != len(cols):
            err(rw, f"{len(row['cells'])} cells for {len(cols)} columns")
            continue
        label = row.get('label') or row.get('stt') or str(r + 1)
        for k, cell in enumerate(row['cells']):
            if cell in (None, ''):
                continue
            cw = f'{rw}/cells/{k}'
            if not isinstance(cell, str) or not DECIMAL_RE.match(cell):
                err(cw, f'a cell is a string holding a decimal, not {cell!r}')
                continue
            src = {'document': plan['source'].get('document', doc_default),
                   'section': f'{section}, dòng {label}, cột {k + 1}' +
                              (f", dòng tệp {row['line']}" if row.get('line') else ''), 'text': cell}
            c = cols[k]
            if 'placeCount' in c:
                counts.append({'unit': unit, 'kind': c['placeCount'], 'count': int(cell), 'source': src,
                               'ordinal': (r + 1) * 1000 + k})
                continue
            tg = dict(c)
            tg.update({'unit_code': unit, 'agency': row.get('agency', ''), 'value': cell, 'source': src,
                       'table': t['name'], 'ordinal': (r + 1) * 1000 + k, 'where': cw})
            if row.get('level'):
                tg['level'] = row['level']
            targets.append(tg)
    return targets, counts


def read_plan(ctx, plan, w, doc_default):
    if not obj(plan, 'plan', w, ('code', 'issuer', 'period')):
        return None
    p = {'code': plan['code'], 'plan': plan, 'targets': [], 'counts': [], 'where': w}
    if not CODE_RE.match(plan['code']):
        err(w, 'bad plan code')
    enum(plan, 'status', 'plan.status', w)
    string_fields(plan, w, ('number', 'title', 'signer', 'signerTitle', 'place', 'periodText'))
    p['period'] = parse_dateset(plan['period'], w + '/period')
    p['date'] = parse_date(plan['date'], w + '/date') if plan.get('date') else None
    p['effective'] = p['date'] or (p['period'][0][0] if p['period'] else None)
    iss = plan['issuer']
    obj(iss, 'issuer', w + '/issuer')
    p['issuer'] = ctx.resolve(iss, 'unit', w + '/issuer')
    if iss.get('agency') and iss['agency'] not in ctx.agencies:
        err(w + '/issuer', f"unknown agency '{iss['agency']}'")
    if plan.get('programme') and plan['programme'] not in ctx.nodes:
        err(w, f"unknown programme node '{plan['programme']}'")
    source(plan, w)
    doc = plan['source'].get('document', doc_default)
    plan['source'].setdefault('document', doc_default)
    ctx.check_quote(plan['source'], doc_default, w)
    for i, c in enumerate(plan.get('citations', [])):
        cw = f'{w}/citations/{i}'
        obj(c, 'citation', cw)
        if c.get('plan') and c['plan'] not in ctx.plans:
            err(cw, f"unknown plan '{c['plan']}'")
        if c.get('date'):
            parse_date(c['date'], cw)
        source(c, cw)
        ctx.check_quote(c.get('source'), doc_default, cw)
    p['assignments'] = []
    for i, a in enumerate(plan.get('assignments', [])):
        aw = f'{w}/assignments/{i}'
        obj(a, 'assignment', aw, ('agency', 'role'))
        enum(a, 'role', 'role', aw, True)
        if a.get('node') and a['node'] not in ctx.nodes:
            err(aw, f"unknown node '{a['node']}'")
        if a.get('agency') not in ctx.agencies:
            err(aw, f"unknown agency '{a.get('agency')}'")
        p['assignments'].append((a, parse_dateset(a.get('window', ''), aw)))
        source(a, aw)
        ctx.check_quote(a.get('source'), doc_default, aw)
    for i, t in enumerate(plan.get('targets', [])):
        tw = f'{w}/targets/{i}'
        if not obj(t, 'target', tw, ('measure', 'value')):
            continue
        m = ctx.measure(t['measure'], tw)
        for key, name in (('level', 'level'), ('unit', 'unit'), ('rule', 'rule'), ('direction', 'direction'),
                          ('status', 'status')):
            enum(t, key, name, tw)
        if t.get('activity') and t['activity'] not in ctx.nodes:
            err(tw, f"unknown activity '{t['activity']}'")
        if t.get('agency') and t['agency'] not in ctx.agencies:
            err(tw, f"unknown agency '{t['agency']}'")
        if not isinstance(t['value'], str) or not DECIMAL_RE.match(t['value']):
            err(tw, f"value {t['value']!r} must be a string holding a decimal")
        if m is not None and m.get('kind') == 'indicator' and t.get('unit', 'percent') != 'percent':
            err(tw, 'an indicator target is a percent')
        source(t, tw)
        ctx.check_quote(t.get('source'), doc_default, tw)
        tg = dict(t)
        tg.update({'unit_code': ctx.resolve(t, 'unitRef', tw), 'agency': t.get('agency', ''), 'table': '',
                   'ordinal': 0, 'where': tw})
        p['targets'].append(tg)
    for i, t in enumerate(plan.get('tables', [])):
        tt, cc = expand_table(ctx, plan, t, f'{w}/tables/{i}', doc_default)
        p['targets'] += tt
        p['counts'] += cc
    keys = {}
    p['budget'] = []
    for i, b in enumerate(plan.get('budget', [])):
        bw = f'{w}/budget/{i}'
        if not obj(b, 'budget', bw, ('key', 'amount')):
            continue
        if b['key'] in keys:
            err(bw, f"duplicate budget key '{b['key']}'")
        keys[b['key']] = b
        enum(b, 'level', 'level', bw)
        enum(b, 'funding', 'funding', bw)
        enum(b, 'kind', 'budget.kind', bw)
        if not isinstance(b['amount'], int) or isinstance(b['amount'], bool) or b['amount'] < 0:
            err(bw, 'amount must be a non-negative JSON integer of đồng')
        if b.get('carriedFrom') and b.get('kind') != 'carried_over':
            err(bw, 'carriedFrom is for carried_over lines')
        if b.get('agency') and b['agency'] not in ctx.agencies:
            err(bw, f"unknown agency '{b['agency']}'")
        if b.get('norm') and b['norm'] not in ctx.norms:
            err(bw, f"unknown norm '{b['norm']}'")
        parse_dateset(b.get('period', ''), bw)
        parse_dateset(b.get('carriedFrom', ''), bw)
        source(b, bw)
        ctx.check_quote(b.get('source'), doc_default, bw)
        b = dict(b)
        b['unit_code'] = ctx.resolve(b, 'unit', bw)
        p['budget'].append(b)
    for b in p['budget']:
        if b.get('parent') and b['parent'] not in keys:
            err(w, f"budget line '{b['key']}': unknown parent '{b['parent']}'")
    for i, c in enumerate(plan.get('placeCounts', [])):
        cw = f'{w}/placeCounts/{i}'
        if not obj(c, 'placeCountObj', cw, ('kind', 'count')):
            continue
        enum(c, 'kind', 'placeCount', cw, True)
        if not isinstance(c['count'], int) or c['count'] < 0:
            err(cw, 'count must be a whole number')
        if c.get('outOf') is not None and c['count'] > c['outOf']:
            err(cw, 'count above outOf')
        source(c, cw)
        ctx.check_quote(c.get('source'), doc_default, cw)
        p['counts'].append({'unit': ctx.resolve(c, 'unit', cw), 'kind': c['kind'], 'count': c['count'],
                            'source': c['source'], 'ordinal': 0})
    # areas: units named as part of the plan's area without a figure, in the plan's order.
    p['areas'] = []
    seen_areas = {}
    for i, a in enumerate(plan.get('areas', [])):
        aw = f'{w}/areas/{i}'
        if not obj(a, 'area', aw, ('kind',)):
            continue
        enum(a, 'kind', 'area.kind', aw, True)
        source(a, aw)
        ctx.check_quote(a.get('source'), doc_default, aw)
        u = ctx.resolve(a, 'unit', aw)
        if u and (u, a['kind']) in seen_areas:
            err(aw, f"unit {u} is already listed with kind {a['kind']} at {seen_areas[(u, a['kind'])]}")
        seen_areas[(u, a['kind'])] = aw
        p['areas'].append({'unit': u, 'kind': a['kind'], 'ordinal': i, 'where': aw})
    for i, d in enumerate(plan.get('deadlines', [])):
        dw = f'{w}/deadlines/{i}'
        obj(d, 'deadline', dw, ('report', 'frequency'))
        enum(d, 'frequency', 'frequency', dw, True)
        if d.get('dueMonth', 0) and not (1 <= d['dueDay'] <= month_end(2024, d['dueMonth']).day):
            err(dw, 'no such day')
        source(d, dw)
        ctx.check_quote(d.get('source'), doc_default, dw)
    p['notes'] = []
    for i, n in enumerate(plan.get('notes', [])):
        nw = f'{w}/notes/{i}'
        obj(n, 'note', nw, ('kind', 'message'))
        enum(n, 'kind', 'note.kind', nw, True)
        source(n, nw)
        ctx.check_quote(n.get('source'), doc_default, nw)
        p['notes'].append(n)
    # Every target, place-count and area unit is the issuer's or inside it (import rejects others).
    def outside(u):
        return u and p['issuer'] and u != p['issuer'] and p['issuer'] not in ancestors(ctx.parent, u)
    for t in p['targets']:
        if outside(t.get('unit_code')):
            err(t['where'], f'unit {t["unit_code"]} is outside the issuing unit {p["issuer"]}')
    for i, c in enumerate(p['counts']):
        if outside(c['unit']):
            err(f'{w} place count {i}', f'unit {c["unit"]} is outside the issuing unit {p["issuer"]}')
    for a in p['areas']:
        if outside(a['unit']):
            err(a['where'], f'unit {a["unit"]} is outside the issuing unit {p["issuer"]}')
    return p


# ------------------------------------------------------------------ validation (plan_validation.cc)
def tkey(t):
    return (t['measure'], t.get('unit_code'), t.get('agency', ''), t.get('level', 'all'), t.get('period', ''),
            t.get('window', ''))


def allocation_parent(key, groups, parent):
    measure, u, a, lvl, period, window = key

    def k(unit, level):
        return (measure, unit, '', level, period, window)
    cands = []
    if a:
        cands.append(k(u, lvl))
    if lvl != 'all' or a:
        cands.append(k(u, 'all'))
    for v in ancestors(parent, u):
        cands.append(k(v, lvl))
        if lvl != 'all':
            cands.append(k(v, 'all'))
    for c in cands:
        if c in groups:
            return c
    return None


def validate(ctx, p, findings, stats):
    plan = p['plan']
    code = p['code']
    groups = defaultdict(list)
    for t in p['targets']:
        if t.get('status', 'active') != 'withdrawn':
            groups[tkey(t)].append(t)
    conflict = {k for k, g in groups.items() if len({Decimal(t['value']) for t in g}) > 1}
    parts = defaultdict(list)
    for k in groups:
        pk = allocation_parent(k, groups, ctx.parent)
        if pk:
            parts[pk].append(k)
    for pk, ks in parts.items():
        total = groups[pk][0]
        unit = total.get('unit', 'percent' if total['measure'] in ctx.indicators else 'count')
        rule = total.get('rule', 'free' if unit == 'percent' else '=')
        if rule == 'free' or pk in conflict or any(k in conflict for k in ks):
            continue
        s = sum(Decimal(groups[k][0]['value']) for k in ks)
        stats['allocation checks'] += 1
        ok = s == Decimal(total['value']) if rule == '=' else s <= Decimal(total['value'])
        if not ok:
            findings.append(('allocation_sum', code, f'{pk[0]} {pk[1]} {pk[3]} {pk[5]}'.strip(),
                             f'{len(ks)} parts sum to {s}, stated {total["value"]} ({total["source"]["section"]})'))
    for k in sorted(conflict, key=str):
        vals = [f"{t['value']} ({t['source']['section']})" for t in groups[k]]
        findings.append(('conflicting_target', code, f'{k[0]} {k[1]}', ' vs '.join(vals)))
    # windows and periods inside the plan period
    for t in p['targets']:
        for key in ('window', 'period'):
            ds = parse_dateset(t.get(key, ''), t['where'])
            if ds and not contains(p['period'], ds):
                findings.append(('window_outside_plan', code, f"target {t['measure']} {t.get(key)}", t['where']))
    for a, ds in p['assignments']:
        if ds and not contains(p['period'], ds):
            findings.append(('window_outside_plan', code, f"assignment {a['agency']} {a['window']}", a['source']['section']))
    # budget parts and available
    lines = p['budget']
    for b in lines:
        ps = [o['amount'] for o in lines if o.get('parent') == b['key']]
        if ps:
            stats['budget checks'] += 1
            if sum(ps) != b['amount']:
                findings.append(('budget_parts', code, b['key'], f"{len(ps)} parts sum to {sum(ps)}, stated {b['amount']}"))

    def scope(b):
        return (b.get('unit_code'), b.get('agency', ''), b.get('level', 'all'), b.get('funding', 'unspecified'),
                b.get('period', ''), b.get('activity', ''))
    for b in lines:
        if b.get('kind') != 'available':
            continue
        sc = [o for o in lines if o.get('kind', 'allocated') in ('allocated', 'carried_over') and scope(o) == scope(b)]
        keys = {o['key'] for o in sc}
        amounts = [o['amount'] for o in sc if o.get('parent') not in keys]
        if amounts:
            stats['budget checks'] += 1
            if sum(amounts) != b['amount']:
                findings.append(('budget_available', code, b['key'], f'{sum(amounts)} ≠ {b["amount"]}'))
    # place counts: a unit's count = the counts of the units whose nearest counted ancestor it is
    by_kind = defaultdict(dict)
    for c in p['counts']:
        by_kind[c['kind']].setdefault(c['unit'], c)
    for kind, counted in by_kind.items():
        below = defaultdict(list)
        for u, c in counted.items():
            for v in ancestors(ctx.parent, u):
                if v in counted:
                    below[v].append(c['count'])
                    break
        for v, cs in below.items():
            stats['place-count checks'] += 1
            if sum(cs) != counted[v]['count']:
                findings.append(('place_count_sum', code, f'{kind} {v}', f'{sum(cs)} ≠ {counted[v]["count"]}'))
    # agencies at the plan's date
    used = [plan['issuer'].get('agency', '')] + [a['agency'] for a, _ in p['assignments']] + \
           [t.get('agency', '') for t in p['targets']] + [b.get('agency', '') for b in lines]
    for a in sorted({x for x in used if x}):
        ag = ctx.agencies.get(a)
        d = p['effective']
        if ag and ((ag.get('from') and d < date.fromisoformat(ag['from'])) or
                   (ag.get('to') and d > date.fromisoformat(ag['to']))):
            findings.append(('agency_not_at_plan_date', code, a, str(d)))
    # values above the measure's maximum
    for t in p['targets']:
        m = ctx.indicators.get(t['measure'])
        if m and m.get('maxValue') and Decimal(t['value']) > Decimal(m['maxValue']):
            findings.append(('value_out_of_range', code, t['measure'], t['value']))
    for n in p['notes']:
        findings.append(('source_defect', code, n['kind'], n['message']))


# ------------------------------------------------------------------ seed tables, cell for cell
# Cells the reading moves or leaves out (docs/demo.md, "The Cao Bằng tables"): (table, seed line)
# → {seed data column (0-based, after STT and name): reading column or None}.
RELOCATED = {
    ('Phụ lục I', 294): {18: 19},               # 47 typed under programme 2/district → programme 3/province
    ('Phụ lục I', 296): {14: None, 15: None, 16: None},  # 24, 240, 34 repeat the totals of single columns
    ('Phụ lục I', 306): {16: 17},               # 7 typed under M&E → programme 2/province
}


def check_tables_against_seed(ctx, p):
    lines = ctx.lines(p['plan']['source']['document'])
    if lines is None:
        return 0
    n = 0
    for t in p['plan'].get('tables', []):
        width = len(t['columns'])
        for row in t['rows']:
            fields = lines[row['line'] - 1].split('\t')
            typed = [x.strip() or None for x in fields[2:2 + width]]
            typed += [None] * (width - len(typed))
            expected = [None] * width
            moves = RELOCATED.get((t['name'], row['line']), {})
            for k, v in enumerate(typed):
                to = moves.get(k, k)
                if v is not None and to is not None:
                    expected[to] = v
            got = [c if c not in ('', None) else None for c in row['cells']]
            if got != expected:
                err(f"{p['code']} {t['name']} line {row['line']}", f'cells {got} differ from the seed {expected}')
            if row.get('stt') and fields[0].strip() != row['stt']:
                err(f"{p['code']} {t['name']} line {row['line']}", 'stt differs from the seed')
            if row.get('label'):
                # The label is typed on the row's line or, for a value row under its label, the line above.
                near = re.sub(r'</?i>', '', nfc(lines[row['line'] - 1] + '\t' + lines[row['line'] - 2]))
                if nfc(row['label']) not in near:
                    err(f"{p['code']} {t['name']} line {row['line']}", f"label {row['label']!r} is not the seed's")
            n += 1
    return n


# ------------------------------------------------------------------ main
def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--seeds', default=None, help='directory holding the seed .txt files (default: look for them)')
    args = ap.parse_args()
    seeds = args.seeds
    if seeds is None:
        for cand in (os.path.join(REPO, 'seeds'), '/work/shared/seeds'):
            if os.path.isdir(cand):
                seeds = cand
                break
    parent, level, name = load_admin()
    units = load_units(parent, level, name)

    with open(os.path.join(HERE, 'measures.json'), encoding='utf-8') as f:
        md = json.load(f)
    elements, indicators = {}, {}
    for i, e in enumerate(md.get('dataElements', [])):
        w = f'measures.json/dataElements/{i}'
        obj(e, 'element', w, ('code', 'name'))
        if not CODE_RE.match(e['code']) or len(e.get('shortName', '')) > 50:
            err(w, 'bad code or shortName over 50 characters')
        elements[e['code']] = dict(e, kind='element')
    for i, e in enumerate(md.get('indicators', [])):
        w = f'measures.json/indicators/{i}'
        obj(e, 'indicator', w, ('code', 'name', 'numerator', 'denominator'))
        for part in ('numerator', 'denominator'):
            for ref in re.findall(r'#\{([^}]+)\}', e[part]):
                if ref not in elements:
                    err(w, f"{part} names unknown data element '{ref}'")
        if e['code'] in elements:
            err(w, 'an indicator code equals a data element code')
        indicators[e['code']] = dict(e, kind='indicator')

    ctx = Context(parent, level, name, units, elements, indicators, seeds)
    with open(os.path.join(HERE, 'common.json'), encoding='utf-8') as f:
        read_common(ctx, json.load(f), 'common.json')
    docs = {}
    for fname in PLAN_FILES:
        with open(os.path.join(HERE, fname), encoding='utf-8') as f:
            docs[fname] = json.load(f)
        obj(docs[fname], 'root', fname)
        if docs[fname].get('format') != 'gemis-plans/1':
            err(fname, "format must be 'gemis-plans/1'")
        for pl in docs[fname].get('plans', []):
            if pl.get('code') in ctx.plans:
                err(fname, f"plan {pl['code']} defined twice")
            ctx.plans[pl.get('code')] = None
    plans = []
    for fname, doc in docs.items():
        for i, pl in enumerate(doc.get('plans', [])):
            p = read_plan(ctx, pl, f'{fname}/plans/{i}', doc.get('source', ''))
            if p:
                p['file'] = fname
                plans.append(p)

    findings = []
    stats = defaultdict(int)
    rows_checked = 0
    for p in plans:
        validate(ctx, p, findings, stats)
        rows_checked += check_tables_against_seed(ctx, p)
    leveled = check_level_combos(ctx, plans)
    used_refs = set()
    for doc in docs.values():
        used_refs |= set(re.findall(r'"(?:unit|unitRef)": "([^"]+)"', json.dumps(doc, ensure_ascii=False)))

    print('gemis demo data check')
    print(f"  units.csv: {len(units)} refs ({len(used_refs & set(units))} used by the plan files)")
    print(f'  measures.json: {len(elements)} data elements, {len(indicators)} indicators; '
          f'{len(leveled)} disaggregated by implementing level ({", ".join(sorted(leveled))})')
    print(f'  common.json: {len(ctx.agencies)} agencies, {len(ctx.nodes)} programme nodes, {len(ctx.norms)} norms')
    for p in plans:
        text = sum(1 for t in p['targets'] if not t['table'])
        cells = len(p['targets']) - text
        print(f"  {p['file']}: {p['code']}: {text} targets in the text, {cells} table cells as targets, "
              f"{len(p['counts'])} place counts, {len(p['areas'])} area units, {len(p['budget'])} budget lines, "
              f"{len(p['notes'])} notes")
    print(f"  checked: {stats['allocation checks']} allocation sums, {stats['budget checks']} budget sums, "
          f"{stats['place-count checks']} place-count sums, {rows_checked} table rows against the seed"
          + ('' if seeds else ' (seeds not found: quotes and table rows not checked)'))

    defects = [f for f in findings if f[0] == 'source_defect']
    others = [f for f in findings if f[0] != 'source_defect']
    found = {(f[0], f[1], f[2]) for f in others}
    print('\nExpected to FAIL in gemis validate:')
    for f in sorted(others):
        mark = 'expected' if f[:3] in EXPECTED else 'UNEXPECTED'
        print(f'  [{mark}] {f[0]} {f[1]} {f[2]}: {f[3]}')
    print(f'\nSource-defect warnings ({len(defects)}, rule source_defect):')
    for f in defects:
        print(f'  {f[1]} [{f[2]}] {f[3][:150]}')
    missing = EXPECTED - found
    for m in sorted(missing):
        err('expected finding missing', ' '.join(m))
    for f in others:
        if f[:3] not in EXPECTED:
            err('unexpected finding', ' '.join(f))
    if errors:
        print(f'\n{len(errors)} ERRORS:')
        for e in errors:
            print('  ' + e)
        return 1
    print('\nOK: the structure holds, every other sum adds up, and the expected findings are all there.')
    return 0


if __name__ == '__main__':
    sys.exit(main())
