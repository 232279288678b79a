"""Notebook 05's figures, drawn from :func:`helpers.abroad.analyse`; titles chosen by checks."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from helpers import abroad, figures
from helpers.figures import PALETTE

COLOURS = [PALETTE["male"], PALETTE["female"], PALETTE["accent"], PALETTE["secondary"], PALETTE["muted"]]


def stock_by_country(r: SimpleNamespace) -> None:
    """Refugees and pending claims by country of asylum, stacked, one panel each."""
    w = r.world
    pk = abroad.pending_peak(r)
    fig, (ax1, ax2) = figures.new_figure(
        f"Refugees abroad peaked at {int(w['refugees'].max()):,} in {int(w['refugees'].idxmax())}; "
        f"pending claims at {pk['peak']:,} in {pk['peak_year']}, most of them in {pk['leader']}",
        "North Koreans outside South Korea at each year end, by country of asylum: refugees "
        "(left) and pending asylum claims (right)", ncols=2, sharey=True)
    for ax, measure, label in ((ax1, "refugees", "refugees"), (ax2, "asylum_seekers", "pending claims")):
        table = abroad.by_group(r, measure)
        bottom = np.zeros(len(table))
        for colour, name in zip(COLOURS, table.columns):
            ax.bar(table.index, table[name], bottom=bottom, color=colour, width=0.8, label=name)
            bottom += table[name].to_numpy()
        ax.set_xlabel(f"year end: {label}")
    figures.thousands(ax1.yaxis)
    ax1.set_ylabel("people")
    ax2.legend(loc="upper right", fontsize=7)
    data = pd.concat([abroad.by_group(r, m).rename_axis("year").reset_index().melt(
        id_vars="year", var_name="country_of_asylum", value_name="people").assign(measure=label)
        for m, label in (("refugees", "refugees"), ("asylum_seekers", "pending claims"))])
    figures.save(fig, "05_stock_by_country",
                 data=data[["year", "measure", "country_of_asylum", "people"]].assign(source="UNHCR-RDF"))


def abroad_and_south(r: SimpleNamespace) -> None:
    """Arrivals in the South per year beside the stock abroad at each year end."""
    sc = r.scale
    years = r.world.index
    fig, ax = figures.new_figure(
        f"From {sc['base']} to {sc['last']} the stock abroad grew by {sc['stock_change']:,}; "
        f"the South received {sc['shortfall']:,} fewer arrivals than at the {sc['base']} level",
        "Arrivals in South Korea per year (a flow) and North Koreans registered abroad at each "
        "year end (a stock: refugees plus pending claims); log scale")
    south = r.south.loc[years.min():]
    ax.plot(south.index, south.values, "o-", color=PALETTE["total"], ms=3.5, lw=1.2,
            label="arrivals in South Korea in the year")
    ax.plot(years, r.world["total"], "s-", color=PALETTE["accent"], ms=3.5, lw=1.2,
            label="refugees + pending claims abroad, year end")
    ax.axvspan(sc["base"] + 0.5, sc["last"] + 0.5, color=PALETTE["light"], alpha=0.15, lw=0,
               label=f"{sc['first']}-{sc['last']}: the years compared")
    ax.set_yscale("log")
    ax.set_yticks([10, 20, 50, 100, 200, 500, 1000, 2000])
    figures.thousands(ax.yaxis)
    ax.set_ylim(4, 5000)
    ax.set_ylabel("people (log scale)")
    ax.legend(loc="lower right", fontsize=7)
    data = pd.DataFrame({"year": range(int(years.min()), int(r.south.index.max()) + 1)})
    data["arrivals_in_south_korea"] = data["year"].map(south).astype("Int64")
    data["refugees_and_pending_claims_abroad"] = data["year"].map(r.world["total"]).astype("Int64")
    data["source"] = ["; ".join(k for k in (("UNHCR-RDF" if y in r.world.index else ""),
                                             r.years_sources.get(y, "")) if k)
                      for y in data["year"]]
    figures.save(fig, "05_abroad_and_south", data=data)
