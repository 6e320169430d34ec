"""Scorecards and reports as people read them: terminal text, CSV, xlsx, an HTML page (and its parts).

    text.py       `score` / `scheme show` in a terminal       textwidth.py  CJK display width
    table.py      the seed's 评分表 layout every file renders  csvfile.py    CSV (UTF-8 with BOM)
    xlsx.py       the 评分表 as a workbook                    files.py      --format dispatch, writing files
    page.py       what `report` gathers                       html_page.py  the page as HTML
    charts.py     which charts, and their numbers             svg.py        drawing them
    targets.py    the figure a rule asks of an indicator

Imports point one way: these read scorecards, schemes and projections; nothing below imports them.
"""
