"""The report page's CSS: screen, print, and narrow screens.

Print (A4 landscape, the shape of the seed's 评分表): the table's header row repeats on every page, rows may
break across pages (a long 评分标准 continues on the next page instead of leaving the rest of this one
blank), a section title stays with the row after it, charts go two to a row and are never cut.
Below 600 px the scorecard table gives way to one card per item (schemes/reports/html_scorecard.py), the
evidence table's rows become labelled blocks, and a chart keeps a readable size and scrolls sideways
inside its frame rather than shrinking its labels to nothing.
"""

from __future__ import annotations

from schemes.reports.svg import FONTS

SCREEN = f"""
* {{ box-sizing: border-box; }}
body {{ font-family: {FONTS}; margin: 0; padding: 24px 32px; color: #1f2328; background: #fff; font-size: 14px; line-height: 1.5; }}
h1 {{ font-size: 22px; margin: 0 0 4px; }}
h2 {{ font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #d0d7de; }}
h3 {{ font-size: 15px; margin: 0; }}
.sub {{ color: #57606a; }}
.summary {{ display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }}
.card {{ border: 1px solid #d0d7de; border-radius: 6px; padding: 10px 16px; min-width: 140px; }}
.card .big {{ font-size: 26px; font-weight: 700; }}
.card.bad {{ border-color: #cf222e; background: #fff5f5; }}
table {{ border-collapse: collapse; width: 100%; font-size: 12.5px; }}
th, td {{ border: 1px solid #afb8c1; padding: 4px 6px; vertical-align: middle; overflow-wrap: anywhere; }}
th {{ background: #eaeef2; }}
tr.section td {{ background: #ddebf7; font-weight: 700; }}
tr.total td {{ background: #f6f8fa; }}
tr.total td.label {{ font-weight: 700; }}
td.num {{ text-align: center; white-space: nowrap; }}
td.full, .item-card.full .points {{ background: #dafbe1; }}
td.part, .item-card.part .points {{ background: #fff8c5; }}
td.zero, .item-card.zero .points {{ background: #ffebe9; }}
td.crit, td.expl {{ font-size: 11.5px; color: #333; }}
td.seq {{ font-size: 11px; color: #57606a; }}
.pre {{ white-space: pre-line; }}
.item-cards {{ display: none; }}
.charts {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(min(560px, 100%), 1fr)); gap: 16px; }}
figure {{ margin: 0; border: 1px solid #d0d7de; border-radius: 6px; padding: 10px; min-width: 0; }}
figcaption {{ font-size: 12px; color: #57606a; margin: 2px 0 6px; }}
svg.chart {{ width: 100%; height: auto; font-family: {FONTS}; }}
svg .grid {{ stroke: #eaeef2; }} svg .axis {{ stroke: #57606a; }}
svg .tick {{ font-size: 11px; fill: #57606a; }} svg .value {{ font-size: 10px; fill: #1f2328; }}
svg .goal {{ font-size: 11px; fill: #bc4c00; font-weight: 700; }}
svg .bar.ok {{ fill: #2da44e; }} svg .bar.short {{ fill: #e16f24; }} svg .bar.running {{ fill: #54aeff; }}
svg .bar.skipped {{ fill: #afb8c1; }} svg .bar.future {{ fill: none; stroke: #d0d7de; stroke-dasharray: 3 3; }}
svg .target {{ fill: none; stroke: #bc4c00; stroke-width: 2; stroke-dasharray: 6 4; }}
.legend {{ font-size: 12px; color: #57606a; margin: 4px 0 12px; }}
.legend span {{ display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 12px; vertical-align: -1px; }}
ul.gaps {{ padding-left: 0; list-style: none; }}
ul.gaps > li {{ border-left: 4px solid #e16f24; padding: 6px 10px; margin: 8px 0; background: #fafbfc; }}
ul.gaps li .gain {{ font-weight: 700; color: #bc4c00; margin-right: 8px; }}
ul.gaps li .en {{ color: #57606a; font-size: 12px; }}
.projection {{ border: 1px dashed #8250df; background: #fbf7ff; padding: 8px 12px; border-radius: 6px; }}
.yes {{ color: #1a7f37; font-weight: 700; }} .no {{ color: #cf222e; font-weight: 700; }}
a.interp-ref {{ display: block; font-size: 11px; color: #0969da; margin-top: 2px; }}
ol.interpretations {{ padding-left: 24px; margin: 8px 0; }}
ol.interpretations > li {{ margin: 6px 0; font-size: 13px; }}
ol.interpretations > li:target {{ background: #fff8c5; }}
footer {{ margin-top: 32px; font-size: 11px; color: #57606a; overflow-wrap: anywhere; }}
"""

PRINT = """
@page { size: A4 landscape; margin: 10mm 10mm 12mm; }
@media print {
  body { padding: 0; font-size: 11px; }
  h1 { font-size: 18px; }
  h2 { font-size: 14px; margin: 14px 0 6px; break-after: avoid; }
  .summary { margin: 8px 0; }
  .card .big { font-size: 20px; }
  table { font-size: 10px; }
  td.crit, td.expl { font-size: 9.5px; }
  td.seq { font-size: 9px; }
  thead { display: table-header-group; }
  tr { break-inside: auto; }
  tr.section { break-inside: avoid; break-after: avoid; }
  tr.total { break-inside: avoid; }
  .charts { grid-template-columns: 1fr 1fr; gap: 8px; }
  figure { break-inside: avoid; padding: 6px; }
  figure h3 { font-size: 12px; }
  figcaption { font-size: 10px; margin: 0 0 2px; }
  svg.chart { width: auto; max-width: 100%; height: 165px; display: block; margin: 0 auto; }
  ul.gaps > li { break-inside: avoid; margin: 4px 0; }
  .item-cards { display: none !important; }
  a.interp-ref { color: #57606a; text-decoration: none; }
  ol.interpretations > li { font-size: 10px; margin: 2px 0; }
}
"""

NARROW = """
@media screen and (max-width: 600px) {
  body { padding: 12px; font-size: 15px; }
  h1 { font-size: 19px; }
  .summary { gap: 8px; }
  .card { min-width: 0; flex: 1 1 40%; padding: 8px 10px; }
  .scorecard-pair table.scorecard { display: none; }  /* only where the cards stand in for it */
  .item-cards { display: block; }
  .item-cards h3.block { margin: 18px 0 6px; padding: 6px 8px; background: #ddebf7; border-radius: 4px; }
  .item-card { border: 1px solid #d0d7de; border-radius: 8px; padding: 10px 12px; margin: 8px 0; }
  .item-card header { display: flex; justify-content: space-between; align-items: baseline; gap: 8px; }
  .item-card h4 { margin: 0; font-size: 16px; }
  .item-card .points { font-size: 18px; font-weight: 700; white-space: nowrap; padding: 0 6px; border-radius: 4px; }
  .item-card .where { color: #57606a; font-size: 13px; margin: 2px 0 4px; }
  .item-card .field { margin-top: 6px; font-size: 14px; overflow-wrap: anywhere; }
  .item-card .field .name, .totals .name { display: block; font-size: 12px; color: #57606a; }
  .totals { margin-top: 12px; border-top: 2px solid #d0d7de; }
  .total-line { display: flex; flex-wrap: wrap; justify-content: space-between; padding: 6px 0; border-bottom: 1px solid #eaeef2; }
  .total-line .name { display: inline; font-size: 14px; color: #1f2328; font-weight: 700; }
  .total-line .note { flex-basis: 100%; font-size: 13px; color: #57606a; }
  figure { overflow-x: auto; }
  svg.chart { min-width: 520px; }
  table.evidence, table.evidence tbody, table.evidence tr, table.evidence td { display: block; width: 100%; }
  table.evidence thead { display: none; }
  table.evidence tr { border: 1px solid #d0d7de; border-radius: 8px; margin: 8px 0; padding: 6px 10px; }
  table.evidence td { border: 0; padding: 3px 0; text-align: left; }
  #interpretations { display: none; }  /* each card carries its item's interpretation in full */
  table.evidence td::before { content: attr(data-label); display: block; font-size: 12px; color: #57606a; }
}
"""

CSS = SCREEN + PRINT + NARROW
