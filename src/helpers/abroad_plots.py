"""Notebook 05's figures, drawn from what its cells computed; each title is passed in."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import figures
from helpers.figures import PALETTE

COLOURS = [PALETTE["male"], PALETTE["female"], PALETTE["accent"], PALETTE["secondary"], PALETTE["muted"]]


def stock_by_country(title: str, groups: dict[str, pd.DataFrame], unhcr_sources: dict[int, str]) -> None:
    """Refugees and pending claims by country of asylum (``groups``: year x country for
    ``refugees`` and ``asylum_seekers``), stacked, one panel each; ``unhcr_sources``: each
    year's source keys."""
    fig, (ax1, ax2) = figures.new_figure(
        title,
        "North Koreans outside South Korea at each year end, by country of asylum: refugees "
        "(top) and pending asylum claims (bottom)", size="tall", nrows=2, sharex=True)
    for ax, measure, label in ((ax1, "refugees", "refugees"), (ax2, "asylum_seekers", "pending claims")):
        table = groups[measure]
        bottom = np.zeros(len(table))
        for colour, name in zip(COLOURS, table.columns):
            ax.bar(table.index, table[name], bottom=bottom, color=colour, width=0.8, label=name)
            bottom += table[name].to_numpy()
        ax.set_ylabel(f"{label}, year end")
        figures.thousands(ax.yaxis)
    ax2.legend(loc="upper right")
    data = pd.concat([groups[m].rename_axis("year").reset_index().melt(
        id_vars="year", var_name="country_of_asylum", value_name="people").assign(measure=label)
        for m, label in (("refugees", "refugees"), ("asylum_seekers", "pending claims"))])
    data = data[data["year"].isin(unhcr_sources)]  # a year with no published figure has no row
    figures.save(fig, "05_stock_by_country",
                 data=data[["year", "measure", "country_of_asylum", "people"]].assign(
                     source=data["year"].map(unhcr_sources)))


def abroad_and_south(title: str, world: pd.DataFrame, south_all: pd.Series, sc: dict,
                     sources: dict[int, str], unhcr_sources: dict[int, str]) -> None:
    """Arrivals in the South per year beside the stock abroad at each year end (``sc``: the
    headline comparison, whose years are shaded); ``sources`` and ``unhcr_sources``: each
    year's source keys in the South and abroad."""
    years = world.index
    fig, ax = figures.new_figure(
        title,
        "Arrivals in South Korea per year (a flow) and North Koreans registered abroad at each "
        "year end (a stock: refugees plus pending claims); log scale")
    south = south_all.loc[years.min():]
    ax.plot(south.index, south.values, "o-", color=PALETTE["total"], ms=3.5, lw=1.2,
            label="arrivals in South Korea in the year")
    every = range(int(years.min()), int(years.max()) + 1)  # a year with no figure breaks the line, not bridged
    ax.plot(every, world["total"].reindex(every), "s-", color=PALETTE["accent"], ms=3.5, lw=1.2,
            label="refugees + pending claims abroad, year end")
    ax.axvspan(sc["base"] + 0.5, sc["last"] + 0.5, color=PALETTE["light"], alpha=0.15, lw=0,
               label=f"{sc['first']}-{sc['last']}: the years compared")
    ax.set_yscale("log")
    ax.set_yticks([10, 20, 50, 100, 200, 500, 1000, 2000])
    figures.thousands(ax.yaxis)
    ax.set_ylim(4, 5000)
    ax.set_ylabel("people (log scale)")
    ax.legend(loc="lower right")
    data = pd.DataFrame({"year": range(int(years.min()), int(south_all.index.max()) + 1)})
    data["arrivals_in_south_korea"] = data["year"].map(south).astype("Int64")
    data["refugees_and_pending_claims_abroad"] = data["year"].map(world["total"]).astype("Int64")
    data = data.dropna(subset=["arrivals_in_south_korea", "refugees_and_pending_claims_abroad"], how="all")
    data["source"] = ["; ".join(k for k in (unhcr_sources.get(y, ""), sources.get(y, "")) if k)
                      for y in data["year"]]
    figures.save(fig, "05_abroad_and_south", data=data)
