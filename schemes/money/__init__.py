"""Money: what a scorecard and a contract year mean in yuan, from the typed pieces of a scheme's [payout] table.

  * `amounts`   yuan rounding (0.01, half up) and formatting;
  * `pieces`    the pieces a [payout] table is made of (installments, interim, deduction, settlement,
                budget_share), validated at load;
  * `math`      pure arithmetic on pieces: shares and bands, a year's deductions, an installment schedule;
  * `card`      one scorecard's money lines (`money_for`);
  * `year`      a contract year's assessments, payments and deductions (`summarise`, `summary_text`) and the
                one function that reads the ledger for it (`year_summary`).

Nothing here is named after a seed: a sixth scheme's money is another combination of the same pieces.
"""
