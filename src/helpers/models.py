"""Statistical models shared by the analysis notebooks (statsmodels, stated explicitly).

Every function returns plain numbers in a dict (and the fitted result where a notebook
needs residuals), so that notebooks can render them without printing statsmodels'
``summary()``, whose header carries the date and time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm


def share_trend(years: pd.DataFrame, start: int, end: int) -> dict:
    """Quasi-binomial trend of the female share on calendar year.

    Model: ``logit E[female / total] = a + b * (year - start)``, a binomial GLM of the
    share with ``var_weights = total`` (so each year weighs by its arrivals), and the
    dispersion estimated as Pearson chi-square / residual df (``scale="X2"``), which
    widens the intervals by its square root. (Fitting ``female + male ~ t`` as two
    columns with ``scale="X2"`` gets the dispersion wrong in statsmodels 0.15.)

    Parameters
    ----------
    years : single-year rows indexed by year with ``female`` and ``total``.
    start, end : first and last year of the fit (inclusive).

    Returns
    -------
    dict with ``odds_ratio``, ``ci_low``, ``ci_high`` (per year, 95%), ``dispersion``,
    ``df_resid``, ``n_years``, ``start``, ``end``, ``fit`` (the statsmodels result) and
    ``frame`` (year, share, fitted, Pearson residual).
    """
    d = years.loc[start:end]
    t = np.asarray(d.index, dtype=float) - start
    X = sm.add_constant(t)
    share = (d["female"] / d["total"]).to_numpy(dtype=float)
    fit = sm.GLM(share, X, family=sm.families.Binomial(),
                 var_weights=d["total"].to_numpy(dtype=float)).fit(scale="X2")
    low, high = np.exp(fit.conf_int()[1])
    frame = pd.DataFrame({
        "year": d.index.astype(int), "share": share, "fitted": fit.fittedvalues,
        # Pearson residuals divided by sqrt(dispersion): about unit variance if the model holds
        "pearson_residual": fit.resid_pearson / np.sqrt(fit.scale),
    })
    return {
        "odds_ratio": float(np.exp(fit.params[1])),
        "ci_low": float(low), "ci_high": float(high),
        "dispersion": float(fit.pearson_chi2 / fit.df_resid),
        "df_resid": int(fit.df_resid), "n_years": len(d), "start": start, "end": end,
        "fit": fit, "frame": frame,
    }
