"""Write the example registers (台账) that data/mappings/*.toml read: run `python data/examples/make_examples.py`.

job-fair-register.xlsx  a 招聘会台账 with three sheets (日常招聘会, 专场招聘会, 直播带岗), a merged title row, a
                        merged 月份 column (one cell per month), a 类型 column merged down the whole sheet, a
                        平台 column merged in two runs and a 合计 row with formulas; read with data/mappings/job-fair-register.toml.
gig-market-register.csv a 零工市场台账 (registrations, job posts, deals in one table), UTF-8 with BOM;
                        read with data/mappings/gig-market-register.toml.
招聘会台账.xlsx          the README's register: 萍乡 px-market's third quarter of 2026 kept as operators keep it
                        (a title row, a merged 月份 column, a date typed as Excel's day number, another as
                        2026年7月16日, full-width digits, 1,200, 210人, a 合计 line and a merged 填表人/审核人
                        footer, the livestreams left on a sheet called Sheet1); read with
                        data/mappings/job-fair-register.toml --site px-market.
register.jsonl          the README's event file: px-market's gig-market work in the quarter, one event per line
                        without ids (re-importing it adds nothing: the keys are derived from the content).

The figures are invented but shaped like a year's first months at a city employment market. Deterministic.
"""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).parent
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def daily_fairs() -> list[tuple[date, str, int, int, int, str]]:
    """Every Tuesday from 6 January to 2 June 2026: (date, 名称, 参会企业数, 提供岗位数, 入场人数, 形式)."""
    rows = []
    day = date(2026, 1, 6)
    n = 0
    while day <= date(2026, 6, 2):
        n += 1
        companies = 32 + (n * 7) % 15  # 32..46: some fairs fall short of 35
        jobs = 860 + (n * 53) % 260
        visitors = 190 + (n * 37) % 150
        form = "线上" if n in (6, 7) else "线下"  # two fairs moved online around the Spring Festival
        rows.append((day, f"第{n}期日常招聘会", companies, jobs, visitors, form))
        day += timedelta(days=7)
    return rows


SPECIAL = [  # (date, 名称, 类型, 形式, 参会企业数, 提供岗位数, 入场人数)
    (date(2026, 2, 24), "春风行动暨就业援助月专场招聘会", "主题", "线下", 86, 2350, 1210),
    (date(2026, 3, 17), "民营企业服务月专场招聘会", "主题", "线下", 64, 1580, 620),
    (date(2026, 4, 21), "高校毕业生春季校园招聘会", "校园", "线下", 58, 1320, 980),
    (date(2026, 5, 12), "赴长沙高校引才专场", "赴外", "线下", 22, 460, 310),
    (date(2026, 5, 19), "制造业行业专场招聘会", "行业", "线下", 41, 1050, 380),
    (date(2026, 5, 26), "女性就业专场（线上）", "主题", "线上", 52, 1100, 2400),
]


def livestreams() -> list[tuple[date, str, str, int, int, int]]:
    """Monday, Wednesday and Friday of March 2026: (date, 直播主题, 主播, 观看人次, 发布岗位数, 触达企业数)."""
    rows = []
    day = date(2026, 3, 2)
    n = 0
    while day <= date(2026, 3, 31):
        if day.weekday() in (0, 2, 4):
            n += 1
            host = {5: "局长", 9: "科长", 12: "企业HR"}.get(n, "工作人员")
            rows.append(
                (day, f"直播带岗第{n}场", host, 800 + (n * 131) % 900, 120 + (n * 17) % 90, 8 + n % 7)
            )
        day += timedelta(days=1)
    return rows


def title(ws, text: str, width: int) -> None:
    ws.append([text])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = CENTRE


def job_fair_workbook(path: Path) -> None:
    wb = Workbook()
    # -- 日常招聘会: 月份 merged per month, 类型 merged down the whole sheet, a 合计 row merged across A:C.
    ws = wb.active
    ws.title = "日常招聘会"
    head = ["月份", "日期", "名称", "参会企业数", "提供岗位数", "入场人数", "形式", "类型", "备注"]
    title(ws, "2026年日常招聘会台账", len(head))
    ws.append(head)
    fairs = daily_fairs()
    first = 3
    for day, name, companies, jobs, visitors, form in fairs:
        ws.append([f"{day.month}月", day, name, companies, jobs, visitors, form, "日常", ""])
    last = first + len(fairs) - 1
    for r in range(first, last + 1):
        ws.cell(row=r, column=2).number_format = "yyyy-mm-dd"
    r = first
    while r <= last:  # one merged 月份 cell per month
        end = r
        while end + 1 <= last and ws.cell(row=end + 1, column=1).value == ws.cell(row=r, column=1).value:
            end += 1
        for rr in range(r + 1, end + 1):
            ws.cell(row=rr, column=1).value = None
        if end > r:
            ws.merge_cells(start_row=r, start_column=1, end_row=end, end_column=1)
        ws.cell(row=r, column=1).alignment = CENTRE
        r = end + 1
    for rr in range(first + 1, last + 1):
        ws.cell(row=rr, column=8).value = None
    ws.merge_cells(start_row=first, start_column=8, end_row=last, end_column=8)
    ws.cell(row=first, column=8).alignment = CENTRE
    total = last + 1
    ws.cell(row=total, column=1, value="合计")
    ws.merge_cells(start_row=total, start_column=1, end_row=total, end_column=3)
    for col, letter in ((4, "D"), (5, "E"), (6, "F")):
        ws.cell(row=total, column=col, value=f"=SUM({letter}{first}:{letter}{last})")
    for col, width in zip("ABCDEFGHI", (8, 12, 20, 11, 11, 10, 8, 8, 16), strict=True):
        ws.column_dimensions[col].width = width

    # -- 专场招聘会: one row per fair, 类型 per row.
    ws = wb.create_sheet("专场招聘会")
    head = ["日期", "名称", "类型", "形式", "参会企业数", "提供岗位数", "入场人数", "备注"]
    title(ws, "2026年专场招聘会台账", len(head))
    ws.append(head)
    for day, name, kind, form, companies, jobs, visitors in SPECIAL:
        ws.append([day, name, kind, form, companies, jobs, visitors, ""])
        ws.cell(row=ws.max_row, column=1).number_format = "yyyy-mm-dd"

    # -- 直播带岗: 平台 merged in two runs (抖音 for the first half of March, 视频号 for the second).
    ws = wb.create_sheet("直播带岗")
    head = ["日期", "直播主题", "平台", "主播", "观看人次", "发布岗位数", "触达企业数"]
    title(ws, "2026年3月直播带岗台账", len(head))
    ws.append(head)
    streams = livestreams()
    half = 6  # streams up to 13 March on 抖音, the rest on 视频号
    for n, (day, name, host, viewers, jobs, companies) in enumerate(streams):
        platform = "抖音" if n == 0 else "视频号" if n == half else None
        ws.append([day, name, platform, host, viewers, jobs, companies])
        ws.cell(row=ws.max_row, column=1).number_format = "yyyy-mm-dd"
    ws.merge_cells(start_row=3, start_column=3, end_row=2 + half, end_column=3)
    ws.merge_cells(start_row=3 + half, start_column=3, end_row=2 + len(streams), end_column=3)
    wb.save(path)


GIG = [  # (日期, 业务类型, 零工姓名, 用工单位, 岗位数, 省级平台发布, 成交金额（元）, 备注)
    ("2026-03-02", "求职登记", "刘建国", "", "", "", "", "水电工"),
    ("2026-03-02", "求职登记", "陈秀英", "", "", "", "", "保洁"),
    ("2026-03-02", "岗位发布", "", "萍乡市安源区物业公司", "3", "是", "", "保洁员 日结"),
    ("2026-03-03", "求职登记", "王德明", "", "", "", "", "搬运"),
    ("2026-03-03", "岗位发布", "", "湘东区建材市场", "5", "是", "", "装卸工"),
    ("2026-03-04", "成交", "陈秀英", "萍乡市安源区物业公司", "", "", "180", "保洁两天"),
    ("2026-03-05", "求职登记", "李桂兰", "", "", "", "", "家政"),
    ("2026-03-05", "求职登记", "张志强", "", "", "", "", "电焊"),
    ("2026-03-06", "成交", "王德明", "湘东区建材市场", "", "", "240", "装卸三天"),
    ("2026-03-09", "岗位发布", "", "萍乡经开区电子厂", "20", "是", "", "普工 短期"),
    ("2026-03-09", "求职登记", "赵海燕", "", "", "", "", "普工"),
    ("2026-03-10", "求职登记", "孙立新", "", "", "", "", "普工"),
    ("2026-03-10", "成交", "赵海燕", "萍乡经开区电子厂", "", "", "1500", "普工 十天"),
    ("2026-03-11", "岗位发布", "", "芦溪县家政服务中心", "4", "否", "", "育儿嫂"),
    ("2026-03-12", "求职登记", "周玉梅", "", "", "", "", "育儿嫂"),
    ("2026-03-13", "成交", "周玉梅", "芦溪县家政服务中心", "", "", "3200", "育儿嫂 月结"),
    ("2026-03-16", "求职登记", "吴国华", "", "", "", "", "木工"),
    ("2026-03-16", "岗位发布", "", "上栗县装修队", "2", "是", "", "木工"),
    ("2026-03-17", "成交", "吴国华", "上栗县装修队", "", "", "600", "木工三天"),
    ("2026-03-18", "求职登记", "郑春花", "", "", "", "", "餐饮帮厨"),
    ("2026-03-19", "岗位发布", "", "安源区美食街餐饮店", "6", "是", "", "帮厨 洗碗"),
    ("2026-03-20", "成交", "郑春花", "安源区美食街餐饮店", "", "", "150", "帮厨一天"),
    ("2026-03-23", "求职登记", "冯建军", "", "", "", "", "司机"),
    ("2026-03-24", "岗位发布", "", "萍乡市物流园", "3", "是", "", "货车司机 临时"),
    ("2026-03-25", "成交", "冯建军", "萍乡市物流园", "", "", "900", "运输三趟"),
    ("2026-03-26", "求职登记", "何丽萍", "", "", "", "", "保洁"),
    ("2026-03-30", "成交", "孙立新", "萍乡经开区电子厂", "", "", "1200", "普工 八天"),
    ("2026-03-31", "求职登记", "许文斌", "", "", "", "", "水电工"),
]


def gig_csv(path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(
            ["日期", "业务类型", "零工姓名", "用工单位", "岗位数", "省级平台发布", "成交金额（元）", "备注"]
        )
        writer.writerows(GIG)


# -- the README's files: px-market, July to September 2026 ---------------------------------------------------

README_SITE = "px-market"


def q3_daily_fairs() -> list[list[object]]:
    """Thursdays 2 July to 27 August 2026 as typed: 月份, 日期, 名称, 参会企业数, 提供岗位数, 入场人数, 形式, 类型, 备注."""
    rows: list[list[object]] = []
    day = date(2026, 7, 2)
    n = 0
    while day <= date(2026, 8, 27):
        n += 1
        companies: object = 34 + (n * 5) % 12  # 34..45
        jobs: object = 880 + (n * 61) % 300
        visitors: object = 195 + (n * 29) % 120
        when: object = day
        if n == 2:
            when = (day - date(1899, 12, 30)).days  # Excel's day number, the cell's date format lost: 46217
        elif n == 3:
            when = f"{day.year}年{day.month}月{day.day}日"
        if n == 4:
            companies = "４０"  # typed with a Chinese input method's full-width digits
        if n == 5:
            jobs = "1,200"
        if n == 6:
            visitors = "210人"
        rows.append(
            [f"{day.month}月", when, f"第{26 + n}期日常招聘会", companies, jobs, visitors, "线下", "日常", ""]
        )
        day += timedelta(days=7)
    return rows


Q3_SPECIAL = [  # 日期, 名称, 类型, 形式, 参会企业数, 提供岗位数, 入场人数, 备注
    (date(2026, 7, 22), "高校毕业生就业服务月专场招聘会", "主题", "线下", 72, 1650, 1320, ""),
    (date(2026, 8, 19), "民营企业招聘月（夏季）专场", "主题", "线下", 55, 1180, 610, ""),
    (date(2026, 9, 10), "制造业重点企业用工专场", "行业", "线下", 48, 1020, 460, ""),
]


def q3_livestreams() -> list[list[object]]:
    """Monday, Wednesday and Friday of August 2026: 日期, 直播主题, 平台, 主播, 观看人次, 发布岗位数, 触达企业数."""
    rows: list[list[object]] = []
    day = date(2026, 8, 3)
    n = 0
    while day <= date(2026, 8, 31):
        if day.weekday() in (0, 2, 4):
            n += 1
            viewers: object = 900 + (n * 173) % 1100
            if n == 4:
                viewers = "1.2万"
            host = {3: "局长", 7: "科长", 10: "企业HR"}.get(n, "工作人员")
            rows.append([day, f"八月直播带岗第{n}场", "抖音", host, viewers, 110 + (n * 13) % 80, 8 + n % 6])
        day += timedelta(days=1)
    return rows


def readme_workbook(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "日常招聘会"
    head = ["月份", "日期", "名称", "参会企业数", "提供岗位数", "入场人数", "形式", "类型", "备注"]
    title(ws, "萍乡市湘赣边人力资源市场 2026年第三季度日常招聘会台账", len(head))
    ws.append(head)
    fairs = q3_daily_fairs()
    first = 3
    for row in fairs:
        ws.append(row)
        if isinstance(row[1], date):
            ws.cell(row=ws.max_row, column=2).number_format = "yyyy-mm-dd"
    last = first + len(fairs) - 1
    r = first
    while r <= last:  # one merged 月份 cell per month
        end = r
        while end + 1 <= last and ws.cell(row=end + 1, column=1).value == ws.cell(row=r, column=1).value:
            end += 1
        for rr in range(r + 1, end + 1):
            ws.cell(row=rr, column=1).value = None
        if end > r:
            ws.merge_cells(start_row=r, start_column=1, end_row=end, end_column=1)
        r = end + 1
    total = last + 1
    ws.cell(row=total, column=1, value="合计")
    ws.merge_cells(start_row=total, start_column=1, end_row=total, end_column=3)
    for col, letter in ((4, "D"), (5, "E"), (6, "F")):
        ws.cell(row=total, column=col, value=f"=SUM({letter}{first}:{letter}{last})")
    footer = total + 1
    ws.cell(row=footer, column=1, value="填表人：张敏　　　　审核人：刘强　　　　填表日期：2026年9月1日")
    ws.merge_cells(start_row=footer, start_column=1, end_row=footer, end_column=len(head))
    for col, width in zip("ABCDEFGHI", (8, 12, 20, 11, 11, 10, 8, 8, 16), strict=True):
        ws.column_dimensions[col].width = width

    ws = wb.create_sheet("专场招聘会")
    head = ["日期", "名称", "类型", "形式", "参会企业数", "提供岗位数", "入场人数", "备注"]
    title(ws, "2026年第三季度专场招聘会台账", len(head))
    ws.append(head)
    for row in Q3_SPECIAL:
        ws.append(list(row))
        ws.cell(row=ws.max_row, column=1).number_format = "yyyy-mm-dd"

    ws = wb.create_sheet("Sheet1")  # the livestream register, never renamed: found by its headers
    ws.append(["日期", "直播主题", "平台", "主播", "观看人次", "发布岗位数", "触达企业数"])
    for row in q3_livestreams():
        ws.append(row)
        ws.cell(row=ws.max_row, column=1).number_format = "yyyy-mm-dd"
    ws.append(["审核人：刘强"])
    wb.save(path)


def readme_jsonl(path: Path) -> None:
    """Gig-market work at px-market, July to September 2026, one event a line, no ids (content-derived keys)."""
    lines = []

    def add(event_type: str, on: str, **payload: object) -> None:
        record = {"type": event_type, "site": README_SITE, "occurred_at": on, "payload": payload}
        lines.append(json.dumps(record, ensure_ascii=False))

    workers = ["刘建国", "陈秀英", "王德明", "李桂兰", "张志强", "赵海燕", "孙立新", "周玉梅"]
    employers = ["萍乡经开区电子厂", "湘东区建材市场", "安源区物业公司", "上栗县装修队"]
    for month in (7, 8, 9):
        for i, worker in enumerate(workers[month - 7 :: 2]):
            add("gig_worker_registered", f"2026-{month:02d}-{3 + i:02d}", worker=worker)
        for i, employer in enumerate(employers):
            add("gig_job_posted", f"2026-{month:02d}-{6 + i:02d}", employer=employer, positions=60 + 25 * i + month,
                on_provincial_platform=True)  # fmt: skip
        for i, worker in enumerate(workers[month - 7 :: 3]):
            add("gig_deal_completed", f"2026-{month:02d}-{15 + i:02d}", worker=worker,
                employer=employers[(month + i) % 4], amount_yuan=str(180 + 60 * i))  # fmt: skip
        add("activity_held", f"2026-{month:02d}-20", kind="gig_skills_training", title=f"{month}月灵活就业技能培训",
            participants=52 + month)  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    job_fair_workbook(HERE / "job-fair-register.xlsx")
    gig_csv(HERE / "gig-market-register.csv")
    readme_workbook(HERE / "招聘会台账.xlsx")
    readme_jsonl(HERE / "register.jsonl")
    print(f"wrote the example registers in {HERE}")
