"""Scorecards and reports as people read them: terminal text, CSV, xlsx, PDF, an HTML page (and its parts).

    text.py        `score` / `scheme show` in a terminal      textwidth.py   CJK display width and wrapping
    (numbers as people read them: schemes/display.py)         table.py       the seed's 评分表 every file renders
    files.py       --format dispatch, writing files           csvfile.py     CSV (UTF-8 with BOM)
    xlsx.py        the 评分表 as a workbook                   xlsx_layout.py its widths, row heights, page breaks
    xlsx_style.py  cell styles, page setup                    xlsx_formulas.py  小计/总分 formulas, cached values
    xlsx_events.py the full 依据事件 sheet                    stamp.py       the verification and signature lines
    print_html.py  the scorecard as a printed page            pdf.py         that page as an A4 PDF (WeasyPrint)
    page.py        what `report` gathers                      html_page.py   the report page as HTML
    charts.py      which charts, and their numbers            svg.py         drawing them
    targets.py     the figure a rule asks of an indicator

Imports point one way: these read scorecards, schemes and projections; nothing below imports them.
"""
